"""One node per published recipe: pick the model family and steps, get SAMPLER and SIGMAS."""

from ..samplers.recipes import BY_NAME, RECIPES
from ..samplers.schedules import sigmas_at_timesteps
from .common import CATEGORY_PRESETS, model_sampling, sampler_object


def cfg_tooltip() -> str:
    lines = [f"{r.name}: CFG {r.cfg_label}" for r in RECIPES]
    return "Recommended CFG (1.0 = off, diffusers' guidance_scale 0):\n" + "\n".join(lines)


class FewStepRecipe:
    DESCRIPTION = (
        "The published sampling recipe of a distilled model (sampler, timesteps and CFG as its authors "
        "used them in diffusers). Connect SAMPLER and SIGMAS to SamplerCustom and set its CFG to the "
        "'cfg' output's value."
    )
    CATEGORY = CATEGORY_PRESETS
    RETURN_TYPES = ("SAMPLER", "SIGMAS", "FLOAT")
    RETURN_NAMES = ("sampler", "sigmas", "cfg")
    OUTPUT_TOOLTIPS = ("The recipe's sampler.", "The recipe's sigmas for this model.", cfg_tooltip())
    FUNCTION = "get_recipe"

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": ("MODEL", {"tooltip": "The distilled model (or base model with the distilled LoRA)."}),
            "recipe": ([r.name for r in RECIPES], {"tooltip": cfg_tooltip()}),
            "steps": ("INT", {"default": 4, "min": 1, "max": 50, "tooltip": (
                "Steps; must be one the recipe was published for (e.g. 2, 4 or 8 for SDXL-Lightning).")}),
        }}

    def get_recipe(self, model, recipe, steps):
        chosen = BY_NAME[recipe]
        sigmas = sigmas_at_timesteps(model_sampling(model), chosen.timesteps_for(steps))
        return (sampler_object(chosen.sampler, dict(chosen.sampler_options)), sigmas, chosen.cfg)
