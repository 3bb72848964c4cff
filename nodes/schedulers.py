"""SIGMAS nodes: the distilled models' timestep schedules for the model at hand."""

from ..samplers.schedules import (
    AYS_MODELS, ays_sigmas, parse_timesteps, partial_denoise, sigmas_at_timesteps, tcd_sigmas, trailing_sigmas)
from .common import CATEGORY_SCHEDULERS, model_sampling

MODEL = ("MODEL", {"tooltip": "The model whose own sigma at each timestep is used."})
SIGMAS_OUT = ("Sigmas from the first timestep down to 0, for SamplerCustom.",)


def steps_input(default, maximum=1000):
    return ("INT", {"default": default, "min": 1, "max": maximum, "tooltip": "Number of sampling steps."})


DENOISE = ("FLOAT", {"default": 1.0, "min": 0.0, "max": 1.0, "step": 0.01, "tooltip": (
    "As in KSampler / BasicScheduler: below 1, the schedule is made for steps / denoise steps and "
    "only its last 'steps' are run (img2img). 1.0 for txt2img.")})


class ScheduleNode:
    CATEGORY = CATEGORY_SCHEDULERS
    RETURN_TYPES = ("SIGMAS",)
    OUTPUT_TOOLTIPS = SIGMAS_OUT
    FUNCTION = "get_sigmas"


class TCDScheduler(ScheduleNode):
    DESCRIPTION = (
        "The TCD / LCM timestep schedule of diffusers (50-step distillation grid: 4 steps give "
        "timesteps 999, 759, 499, 259), as this model's sigmas. For TCD, LCM and Hyper-SD unified LoRAs."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": MODEL,
            "steps": ("INT", {"default": 4, "min": 1, "max": 50,
                              "tooltip": "Number of sampling steps (1 to 50, the grid's size)."}),
            "strength": ("FLOAT", {"default": 1.0, "min": 0.0, "max": 1.0, "step": 0.01, "tooltip": (
                "img2img strength, as diffusers' `strength`: only the lowest strength x 50 grid "
                "timesteps are used. 1.0 for txt2img.")}),
        }}

    def get_sigmas(self, model, steps, strength):
        return (tcd_sigmas(model_sampling(model), steps, strength),)


class TrailingScheduler(ScheduleNode):
    DESCRIPTION = (
        "diffusers' 'trailing' timestep spacing (4 steps: 999, 749, 499, 249), which SDXL-Lightning, "
        "SDXL-Turbo, the Hyper-SD N-step LoRAs and PCM were distilled for. Core's SDTurboScheduler "
        "is not trailing (4 steps: 999, 899, 799, 699)."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": MODEL, "steps": steps_input(4), "denoise": DENOISE}}

    def get_sigmas(self, model, steps, denoise):
        ms = model_sampling(model)
        return (partial_denoise(lambda n: trailing_sigmas(ms, n), steps, denoise),)


class TimestepsScheduler(ScheduleNode):
    DESCRIPTION = (
        "Sigmas at an explicit list of timesteps, e.g. '999, 749, 499, 249' (DMD2 4-step), '399' "
        "(DMD2 1-step) or '800' (Hyper-SDXL 1-step UNet). With this pack's samplers an empty latent "
        "starts from unit-variance noise as in diffusers, whatever the first timestep."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": MODEL, "timesteps": ("STRING", {"default": "999, 749, 499, 249", "tooltip": (
            "Integer timesteps 0..999, strictly descending, separated by commas or spaces.")})}}

    def get_sigmas(self, model, timesteps):
        return (sigmas_at_timesteps(model_sampling(model), parse_timesteps(timesteps)),)


def ays_model_of(model) -> str:
    """Which AYS table fits a MODEL, from ComfyUI's model class (SDXL, SVD_img2vid, BaseModel...)."""
    name = type(model.model).__name__
    if name.startswith("SDXL") or name == "SSD1B":
        return "SDXL"
    if name.startswith("SVD"):
        return "SVD"
    if name == "BaseModel":
        return "SD1"
    raise ValueError(f"model_type: cannot tell which Align Your Steps table fits {name}; choose SD1, SDXL or SVD")


class AYSScheduler(ScheduleNode):
    DESCRIPTION = (
        "Align Your Steps (NVIDIA): the published 10-step schedules for SD1.5, SDXL and SVD, "
        "log-linearly interpolated to any step count. SD1.5 / SDXL use the model's own sigma at the "
        "AYS timesteps (as ComfyUI's node does); there is no published table for SD3 or FLUX."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": MODEL,
            "model_type": (["auto", *AYS_MODELS], {"tooltip": "Which table: auto picks it from the model."}),
            "steps": steps_input(10),
            "denoise": DENOISE,
        }}

    def get_sigmas(self, model, model_type, steps, denoise):
        table = ays_model_of(model) if model_type == "auto" else model_type
        ms = model_sampling(model)
        return (partial_denoise(lambda n: ays_sigmas(ms, n, table), steps, denoise),)
