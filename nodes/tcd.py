"""TCD nodes: a SAMPLER with gamma (diffusers' eta) and the TCD timestep schedule as SIGMAS."""

import comfy.samplers

from ..samplers.tcd import DEFAULT_GAMMA, sample_tcd
from ..samplers.schedules import tcd_sigmas
from .common import CATEGORY_SAMPLERS, CATEGORY_SCHEDULERS, model_sampling

GAMMA = {"min": 0.0, "max": 1.0, "step": 0.01, "default": DEFAULT_GAMMA}


class SamplerTCD:
    DESCRIPTION = (
        "TCD sampler (Trajectory Consistency Distillation, strategic stochastic sampling), exact to "
        "diffusers' TCDScheduler. For TCD LoRAs, the Hyper-SD unified 1-step LoRA (gamma 1.0) and PCM "
        "(gamma 0). Works on any SIGMAS and on eps, v-prediction and flow models."
    )
    CATEGORY = CATEGORY_SAMPLERS
    RETURN_TYPES = ("SAMPLER",)
    OUTPUT_TOOLTIPS = ("The TCD sampler, for SamplerCustom.",)
    FUNCTION = "get_sampler"

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "gamma": ("FLOAT", dict(GAMMA, tooltip=(
                "Stochasticity of the first step (diffusers calls it eta). 0: deterministic, sharpest "
                "detail (DDIM-like, PCM). 0.3: TCD authors' default. 1: full re-noise each step "
                "(LCM-like, Hyper-SD unified LoRA). Higher is softer; raise it with more steps."))),
            "gamma_end": ("FLOAT", dict(GAMMA, tooltip=(
                "Gamma of the last step: gamma ramps linearly from 'gamma' to this over the steps. "
                "Set equal to 'gamma' for a constant gamma."))),
        }}

    def get_sampler(self, gamma, gamma_end):
        return (comfy.samplers.KSAMPLER(sample_tcd, {"gamma": gamma, "gamma_end": gamma_end}),)


class TCDScheduler:
    DESCRIPTION = (
        "The TCD / LCM timestep schedule of diffusers (50-step distillation grid: 4 steps give "
        "timesteps 999, 759, 499, 259), as this model's sigmas."
    )
    CATEGORY = CATEGORY_SCHEDULERS
    RETURN_TYPES = ("SIGMAS",)
    OUTPUT_TOOLTIPS = ("Sigmas from the first timestep down to 0.",)
    FUNCTION = "get_sigmas"

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": ("MODEL", {"tooltip": "The model whose own sigma at each timestep is used."}),
            "steps": ("INT", {"default": 4, "min": 1, "max": 50,
                              "tooltip": "Number of sampling steps (1 to 50, the grid's size)."}),
            "strength": ("FLOAT", {"default": 1.0, "min": 0.0, "max": 1.0, "step": 0.01, "tooltip": (
                "img2img strength, as diffusers' `strength`: only the lowest strength x 50 grid "
                "timesteps are used. 1.0 for txt2img.")}),
        }}

    def get_sigmas(self, model, steps, strength):
        return (tcd_sigmas(model_sampling(model), steps, strength),)
