"""Presets: a distilled model's published recipe in one choice, for the model at hand."""

from ..samplers.flow import split_at_boundary
from ..samplers.recipes import RECIPES, steps_text
from .common import CATEGORY_PRESETS, LATENT, checked_schedule, model_kind, model_sampling, pixel_size, sampler_object

ONE_MODEL = tuple(r for r in RECIPES if r.boundary is None)
TWO_EXPERTS = tuple(r for r in RECIPES if r.boundary is not None)


def recipes_tooltip(recipes) -> str:
    lines = [f"{r.name}: {r.sampler_label}, {steps_text(r.steps)} steps, CFG {r.cfg_label}"
             + (f", guidance {r.guidance:g}" if r.guidance is not None else "") for r in recipes]
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
        chosen.check_model(model_kind(model))
        ms = model_sampling(model)
        sigmas = checked_schedule(ms, chosen.sigmas(ms, steps, *pixel_size(model, latent)), chosen.name)
        return self.outputs(chosen, sampler_object(chosen.sampler, dict(chosen.sampler_options)), sigmas, steps)


class FewStepRecipe(RecipeNode):
    DESCRIPTION = (
        "The published sampling recipe of a distilled model (SD1.5 / SDXL: TCD, Hyper-SD, Lightning, Turbo, LCM, "
        "DMD2, PCM; flow: FLUX.1, FLUX.2 klein, SD3.5 Turbo, Hyper-SD3, PCM-SD3, Qwen-Image-Lightning, Wan lightx2v, "
        "Z-Image-Turbo): its sampler and sigmas exactly as the authors' reference computes them, for the model as "
        "loaded (no ModelSampling node needed). Connect SAMPLER and SIGMAS to SamplerCustom, set its CFG to 'cfg', "
        "and FluxGuidance to 'guidance' where the family has one. A recipe for another model family is refused."
    )
    RECIPES = ONE_MODEL
    RETURN_TYPES = ("SAMPLER", "SIGMAS", "FLOAT", "FLOAT")
    RETURN_NAMES = ("sampler", "sigmas", "cfg", "guidance")
    OUTPUT_TOOLTIPS = ("The recipe's sampler.", "The recipe's sigmas for this model (and image size).",
                       "The recipe's CFG for SamplerCustom (1.0 = off).",
                       "The recipe's FLUX guidance for FluxGuidance (0 where the family has none).")

    @classmethod
    def INPUT_TYPES(cls):
        return inputs(cls.RECIPES, "The distilled model (or the base model with the distilled LoRA).")

    @staticmethod
    def outputs(recipe, sampler, sigmas, steps):
        return sampler, sigmas, recipe.cfg_for(steps), recipe.guidance or 0.0


class FewStepTwoExpertRecipe(RecipeNode):
    DESCRIPTION = (
        "The published recipe of a two-expert model (Wan2.2 A14B Lightning): one sampler and the schedule's two "
        "halves, split at the published boundary, for two SamplerCustom nodes: the high-noise expert (with its "
        "LoRA) runs the first half from the empty latent, the low-noise expert the second half on its output "
        "with add_noise off."
    )
    RECIPES = TWO_EXPERTS
    RETURN_TYPES = ("SAMPLER", "SIGMAS", "SIGMAS", "FLOAT")
    RETURN_NAMES = ("sampler", "high_noise_sigmas", "low_noise_sigmas", "cfg")
    OUTPUT_TOOLTIPS = ("The recipe's sampler, for both SamplerCustom nodes.",
                       "The steps at sigma >= the boundary: for the high-noise expert.",
                       "The remaining steps, down to 0: for the low-noise expert.",
                       "The recipe's CFG for both SamplerCustom nodes (1.0 = off).")

    @classmethod
    def INPUT_TYPES(cls):
        return inputs(cls.RECIPES, "Either expert (both have the same sampling); used to check its family.")

    @staticmethod
    def outputs(recipe, sampler, sigmas, steps):
        return (sampler, *split_at_boundary(sigmas, recipe.boundary), recipe.cfg_for(steps))
