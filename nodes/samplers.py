"""SAMPLER nodes: TCD (with gamma, diffusers' eta) and LCM with the consistency boundary."""

from ..samplers.checks import check_fraction
from ..samplers.tcd import DEFAULT_GAMMA
from .common import CATEGORY_SAMPLERS, sampler_object

GAMMA = {"min": 0.0, "max": 1.0, "step": 0.01, "default": DEFAULT_GAMMA}
SAME_AS_GAMMA = -1.0  # gamma_end's default: a constant gamma


class SamplerNode:
    CATEGORY = CATEGORY_SAMPLERS
    RETURN_TYPES = ("SAMPLER",)
    OUTPUT_TOOLTIPS = ("The sampler, for SamplerCustom.",)
    FUNCTION = "get_sampler"


class SamplerTCD(SamplerNode):
    SEARCH_ALIASES = ["tcd", "trajectory consistency", "gamma", "eta", "hyper sd 1 step"]
    DESCRIPTION = (
        "TCD sampler (Trajectory Consistency Distillation, strategic stochastic sampling), exact to "
        "diffusers' TCDScheduler. For TCD LoRAs, the Hyper-SD unified 1-step LoRA (gamma 1.0) and PCM "
        "(gamma 0). Works on any SIGMAS and on eps, v-prediction and flow models."
    )
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "gamma": ("FLOAT", dict(GAMMA, tooltip=(
                "Stochasticity of every step (diffusers calls it eta; the Hyper-SD card's eta is this). "
                "0: deterministic, sharpest detail, equals core euler (PCM). 0.3: TCD authors' default. "
                "1: full re-noise each step (LCM-like, Hyper-SD unified LoRA). Higher is softer; raise it "
                "with more steps. With gamma_end set, the gamma of the first step."))),
            "gamma_end": ("FLOAT", {"min": SAME_AS_GAMMA, "max": 1.0, "step": 0.01, "default": SAME_AS_GAMMA,
                                    "tooltip": (
                "-1 (the default): the same as 'gamma', a constant gamma. A value in [0, 1] makes a ramp "
                "on purpose: gamma goes linearly from 'gamma' (first step) to this (last step), e.g. "
                "0.5 -> 0.1 for stochastic early steps and detailed late ones.")}),
        }}

    def get_sampler(self, gamma, gamma_end):
        """Checked here, when the graph runs this node, not when sampling starts."""
        options = {"gamma": check_fraction(gamma, "gamma")}
        if gamma_end != SAME_AS_GAMMA:
            if not 0 <= gamma_end <= 1:  # NaN too
                raise ValueError(f"gamma_end: -1 (the same as gamma) or a number in [0, 1], got {gamma_end!r}")
            options["gamma_end"] = float(gamma_end)
        return (sampler_object("tcd", options),)


class SamplerLCMExact(SamplerNode):
    SEARCH_ALIASES = ["lcm", "latent consistency", "lcm lora", "dmd2", "consistency boundary"]
    DESCRIPTION = (
        "LCM sampler exact to diffusers' LCMScheduler, including the consistency boundary condition "
        "(c_skip / c_out), without a ModelSamplingDiscrete patch. For LCM / LCM-LoRA, DMD2 and the "
        "Hyper-SDXL 1-step UNet. Pair it with the TCD / LCM, or the Timesteps scheduler."
    )
    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {}}

    def get_sampler(self):
        return (sampler_object("lcm_exact"),)
