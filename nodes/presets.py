"""Presets: a distilled model's published recipe in one choice, for the model at hand."""

from ..samplers.recipes import RECIPES, steps_text
from .aliases import recipe_aliases
from .common import (CATEGORY_PRESETS, LATENT, checked_schedule, model_kind, model_sampling, pixel_size, run_core_node,
                     sampler_object)

ONE_PART = tuple(r for r in RECIPES if r.stages is None)
TWO_PARTS = tuple(r for r in RECIPES if r.stages is not None)


def recipes_tooltip(recipes) -> str:
    lines = [f"{r.name}: {r.sampler_label}, {steps_text(r.steps)} steps, CFG {r.cfg_label}"
             + (f", guidance {r.guidance:g}" if r.guidance is not None else "")
             + (f", sets the model's {r.model_patch.label()}" if r.model_patch else "")
             + (f"; {r.stages.label()}" if r.stages else "") for r in recipes]
    return "The published recipe (CFG 1.0 = guidance off, diffusers' guidance_scale <= 1):\n" + "\n".join(lines)


def inputs(recipes, model_tooltip):
    return {
        "required": {
            "model": ("MODEL", {"tooltip": model_tooltip}),
            "recipe": ([r.name for r in recipes], {"tooltip": recipes_tooltip(recipes)}),
            "steps": ("INT", {"default": 4, "min": 1, "max": 50, "tooltip": (
                "Steps; one the recipe was published for (e.g. 2, 4 or 8 for SDXL-Lightning, 4 for Wan Lightning).")}),
        },
        # the image size, where a recipe's schedule depends on it
        "optional": {"latent": LATENT} if any(r.schedule.needs_size for r in recipes) else {},
    }


def patched(model, recipe):
    """The MODEL to sample: `model`, or where the recipe sets the model's own sampling, a clone that its core
    node made. A model whose sampling another node already changed is refused: the two would disagree."""
    patch = recipe.model_patch
    if patch is None:
        return model
    if "model_sampling" in getattr(model, "object_patches", {}):
        raise ValueError(f"model: {recipe.name} sets the model's sampling itself ({patch.label()}), and another "
                         "node (a ModelSampling or shift node) already changed this model's: connect the model from "
                         "before that node")
    return run_core_node(patch.node, model=model, **patch.inputs)[0]


def recipe_for(model, recipe, steps: int, size):
    """`recipe` on `model` at `steps` (and `size`, (width, height) in pixels or (None, None), where its schedule
    depends on the image size): its SAMPLER, its sigmas through the schedule check, and the MODEL to sample; a
    model of another family is refused. What the recipe nodes and the loaders give alike."""
    recipe.check_model(model_kind(model))
    ms = model_sampling(model)
    sigmas = checked_schedule(ms, recipe.sigmas(ms, steps, *size), recipe.name)
    return sampler_object(recipe.sampler, dict(recipe.sampler_options)), sigmas, patched(model, recipe)


MODEL_TOOLTIP = "The model to sample with: the input model, or a copy with the sampling the recipe sets (MiniMax-H3's shifts)."


class RecipeNode:
    CATEGORY = CATEGORY_PRESETS
    FUNCTION = "get_recipe"
    RECIPES: tuple = ()  # the recipes this node lists

    def get_recipe(self, model, recipe, steps, latent=None):
        """The chosen recipe, checked against the model's family: its outputs for this model and size."""
        chosen = next((r for r in self.RECIPES if r.name == recipe), None)
        if chosen is None:  # the API sends any string
            raise ValueError(f"recipe: {recipe!r} is not one of this node's recipes: "
                             + ", ".join(r.name for r in self.RECIPES))
        return self.outputs(chosen, *recipe_for(model, chosen, steps, pixel_size(model, latent)), steps)


class FewStepRecipe(RecipeNode):
    SEARCH_ALIASES = recipe_aliases(ONE_PART) + ["recipe", "preset", "settings"]
    DESCRIPTION = (
        "The published sampling recipe of a distilled model (SD1.5 / SDXL: TCD, Hyper-SD, Lightning, Turbo, LCM, "
        "DMD2, PCM; flow: FLUX.1, FLUX.2 klein and dev Turbo, SD3.5 Turbo, Hyper-SD3, PCM-SD3, Qwen-Image Lightning, "
        "Wan lightx2v, rCM Wan2.1, Z-Image-Turbo, MiniMax-H3 Turbo, HunyuanImage-2.1, HunyuanVideo-1.5, HiDream-I1, "
        "Kandinsky 5): its sampler and sigmas exactly as the authors' reference computes them, for the model as "
        "loaded (no ModelSampling node needed). Connect SAMPLER, SIGMAS and MODEL to SamplerCustom, set its CFG to "
        "'cfg', and FluxGuidance to 'guidance' where the family has one. A recipe for another model family is refused."
    )
    RECIPES = ONE_PART
    RETURN_TYPES = ("SAMPLER", "SIGMAS", "FLOAT", "FLOAT", "MODEL")
    RETURN_NAMES = ("sampler", "sigmas", "cfg", "guidance", "model")
    OUTPUT_TOOLTIPS = ("The recipe's sampler.", "The recipe's sigmas for this model (and image size).",
                       "The recipe's CFG for SamplerCustom (1.0 = off).",
                       "The recipe's FLUX guidance for FluxGuidance (0 where the family has none).", MODEL_TOOLTIP)

    @classmethod
    def INPUT_TYPES(cls):
        return inputs(cls.RECIPES, "The distilled model (or the base model with the distilled LoRA).")

    @staticmethod
    def outputs(recipe, sampler, sigmas, model, steps):
        return sampler, sigmas, recipe.cfg_for(steps), recipe.guidance or 0.0, model


class FewStepTwoExpertRecipe(RecipeNode):
    SEARCH_ALIASES = recipe_aliases(TWO_PARTS) + ["recipe", "two experts", "two stages", "high noise", "low noise",
                                                  "upscale pass"]
    DESCRIPTION = (
        "The published recipe of a model sampled in two parts, for two SamplerCustom nodes: two experts that share "
        "one schedule, split at the published boundary (Wan2.2 A14B Lightning, rCM Wan2.2 I2V: the high-noise expert "
        "samples the first part from the empty latent, the low-noise expert the second on its output with add_noise "
        "off), or two passes (LTX-2, LTX-Video distilled: the second pass samples the 2x upscaled result of the first "
        "with add_noise on, which re-noises it to its first sigma)."
    )
    RECIPES = TWO_PARTS
    RETURN_TYPES = ("SAMPLER", "SIGMAS", "SIGMAS", "FLOAT", "SAMPLER", "MODEL")
    RETURN_NAMES = ("sampler", "first_sigmas", "second_sigmas", "cfg", "second_sampler", "model")
    OUTPUT_TOOLTIPS = ("The recipe's sampler for the first part (and the second, unless second_sampler differs).",
                       "The first part: the high-noise expert's steps (at sigma >= the boundary), or the first pass.",
                       "The second part: the low-noise expert's steps down to 0, or the second pass's schedule.",
                       "The recipe's CFG for both SamplerCustom nodes (1.0 = off).",
                       "The sampler of the second part (LTX-2.5: Euler after an Euler-ancestral first pass).",
                       MODEL_TOOLTIP)

    @classmethod
    def INPUT_TYPES(cls):
        return inputs(cls.RECIPES, "The model (either expert: both have the same sampling); used to check its family.")

    @staticmethod
    def outputs(recipe, sampler, sigmas, model, steps):
        second_sampler = recipe.stages.second_sampler
        return (sampler, *recipe.stages.split(sigmas), recipe.cfg_for(steps),
                sampler if second_sampler is None else sampler_object(second_sampler), model)
