"""SIGMAS nodes: the distilled models' timestep schedules for the model at hand."""

from ..samplers.flow import MU_RULES, FlowMatchConfig
from ..samplers.schedule_kinds import FlowMatch, PCMGrid, StepList
from ..samplers.schedules import (AYS_MODELS, AYS_ON_FLOW, ays_sigmas, discrete_levels, parse_timesteps, partial_denoise,
                                  sigmas_at_timesteps, tcd_sigmas, trailing_sigmas)
from .common import CATEGORY_SCHEDULERS, LATENT, checked_schedule, model_sampling, pixel_size

MODEL = ("MODEL", {"tooltip": "The model whose own sigma at each timestep is used."})
SIGMAS_OUT = ("Sigmas from the first timestep down to 0, for SamplerCustom.",)


def steps_input(default, maximum=1000):
    return ("INT", {"default": default, "min": 1, "max": maximum, "tooltip": "Number of sampling steps."})


DENOISE = ("FLOAT", {"default": 1.0, "min": 0.0, "max": 1.0, "step": 0.01, "tooltip": (
    "As in KSampler / BasicScheduler: below 1, the schedule is made for steps / denoise steps and "
    "only its last 'steps' are run (img2img). 1.0 for txt2img.")})


class ScheduleNode:
    """A SIGMAS node: `sigmas(model_sampling, **inputs)` of a subclass, checked as a whole schedule."""

    CATEGORY = CATEGORY_SCHEDULERS
    RETURN_TYPES = ("SIGMAS",)
    OUTPUT_TOOLTIPS = SIGMAS_OUT
    FUNCTION = "get_sigmas"

    def get_sigmas(self, model, **inputs):
        ms = model_sampling(model)
        return (checked_schedule(ms, self.sigmas(ms, model=model, **inputs), type(self).__name__),)


class TCDScheduler(ScheduleNode):
    SEARCH_ALIASES = ["tcd", "lcm", "lcm lora", "grid", "50 step grid", "strength"]
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

    def sigmas(self, ms, model, steps, strength):
        return tcd_sigmas(ms, steps, strength)


class TrailingScheduler(ScheduleNode):
    SEARCH_ALIASES = ["trailing", "lightning", "sdxl lightning", "hyper sd", "sdxl turbo", "pcm"]
    DESCRIPTION = (
        "diffusers' 'trailing' timestep spacing (4 steps: 999, 749, 499, 249), which SDXL-Lightning, "
        "SDXL-Turbo, the Hyper-SD N-step LoRAs and PCM were distilled for. Core's SDTurboScheduler "
        "is not trailing (4 steps: 999, 899, 799, 699)."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": MODEL, "steps": steps_input(4), "denoise": DENOISE}}

    def sigmas(self, ms, model, steps, denoise):
        return partial_denoise(lambda n: trailing_sigmas(ms, n), steps, denoise)


class TimestepsScheduler(ScheduleNode):
    SEARCH_ALIASES = ["timesteps", "dmd2", "999 749 499 249", "explicit timesteps"]
    DESCRIPTION = (
        "Sigmas at an explicit list of timesteps, e.g. '999, 749, 499, 249' (DMD2 4-step), '399' "
        "(DMD2 1-step) or '800' (Hyper-SDXL 1-step UNet). With a SAMPLER from this pack's nodes (its LCM "
        "and TCD Samplers, the recipe node) an empty latent starts from unit-variance noise as in diffusers, "
        "whatever the first timestep; core's KSamplerSelect and the KSampler start lower (img2img scaling)."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": MODEL, "timesteps": ("STRING", {"default": "999, 749, 499, 249", "tooltip": (
            "Integer timesteps 0..999, strictly descending, separated by commas or spaces.")})}}

    def sigmas(self, ms, model, timesteps):
        return sigmas_at_timesteps(ms, parse_timesteps(timesteps))


def ays_model_of(model) -> str:
    """Which AYS table fits a MODEL, from ComfyUI's model class: SDXL (SSD-1B, Vega and KOALA load as it
    too), SVD_img2vid, BaseModel (SD1.5, SD2). A flow model gets the error that it has no table."""
    name = type(model.model).__name__
    if name.startswith("SDXL"):
        return "SDXL"
    if name.startswith("SVD"):
        return "SVD"
    if name == "BaseModel":
        return "SD1"
    discrete_levels(model_sampling(model), "Align Your Steps", AYS_ON_FLOW)
    raise ValueError(f"model_type: cannot tell which Align Your Steps table fits {name}; choose SD1, SDXL or SVD")


class AYSScheduler(ScheduleNode):
    SEARCH_ALIASES = ["align your steps", "ays", "nvidia"]
    DESCRIPTION = (
        "Align Your Steps (NVIDIA): the published 10-step schedules for SD1.5, SDXL and SVD, "
        "log-linearly interpolated to any step count. SD1.5 / SDXL use the model's own sigma at the "
        "AYS timesteps (core's node has a fixed table of the standard ones: the same on a standard model); "
        "there is no published table for SD3 or FLUX."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": MODEL,
            "model_type": (["auto", *AYS_MODELS], {"tooltip": "Which table: auto picks it from the model."}),
            "steps": steps_input(10),
            "denoise": DENOISE,
        }}

    def sigmas(self, ms, model, model_type, steps, denoise):
        table = ays_model_of(model) if model_type == "auto" else model_type
        return partial_denoise(lambda n: ays_sigmas(ms, n, table), steps, denoise)


FLOW_MODEL = ("MODEL", {"tooltip": "The flow model (SD3, FLUX, Qwen-Image, Wan, Z-Image), as loaded: its own shift "
                                   "does not matter, its timestep is sigma x multiplier."})


def shift_input(default, tooltip):
    return ("FLOAT", {"default": default, "min": 0.01, "max": 100.0, "step": 0.01, "tooltip": tooltip})


class FlowMatchScheduler(ScheduleNode):
    SEARCH_ALIASES = ["flow match", "flowmatch", "shift", "mu", "flux", "sd3", "qwen", "z image"]
    DESCRIPTION = (
        "diffusers' FlowMatchEulerDiscreteScheduler.set_timesteps for any config, as a pipeline calls it: "
        "'flux' passes sigmas = linspace(1, 1/N, N) (FLUX.1, FLUX.2, Qwen-Image, Z-Image), 'sd3' passes none "
        "(StableDiffusion3Pipeline). With use_dynamic_shifting, mu comes from the latent's size as the pipeline "
        "computes it. Inputs are the scheduler config's own names."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {
            "required": {
                "model": FLOW_MODEL,
                "steps": steps_input(4),
                "pipeline": (["flux", "sd3"], {"tooltip": (
                    "flux: sigmas = linspace(1, 1/N, N) (FluxPipeline, Flux2Pipeline, QwenImagePipeline, "
                    "ZImagePipeline); sd3: sigmas=None, down to the training table's last (shifted) sigma "
                    "(StableDiffusion3Pipeline).")}),
                "shift": shift_input(1.0, "Static shift (when use_dynamic_shifting is off): 3 for SD3 and Z-Image."),
                "use_dynamic_shifting": ("BOOLEAN", {"default": False, "tooltip": (
                    "Shift by mu (time_shift) instead of the static shift: FLUX.1-dev, FLUX.2, Qwen-Image.")}),
                "base_shift": ("FLOAT", {"default": 0.5, "min": 0.0, "max": 10.0, "step": 0.001,
                                         "tooltip": "mu at base_image_seq_len (calculate_shift)."}),
                "max_shift": ("FLOAT", {"default": 1.15, "min": 0.0, "max": 10.0, "step": 0.001,
                                        "tooltip": "mu at max_image_seq_len (calculate_shift)."}),
                "base_image_seq_len": ("INT", {"default": 256, "min": 1, "max": 1 << 20,
                                               "tooltip": "Image tokens at which mu = base_shift."}),
                "max_image_seq_len": ("INT", {"default": 4096, "min": 2, "max": 1 << 20,
                                              "tooltip": "Image tokens at which mu = max_shift."}),
                "time_shift_type": (["exponential", "linear"], {"tooltip": (
                    "exponential: e^mu / (e^mu + 1/t - 1); linear: mu / (mu + 1/t - 1).")}),
                "shift_terminal": ("FLOAT", {"default": 0.0, "min": 0.0, "max": 0.999, "step": 0.001, "tooltip": (
                    "Stretch the schedule so its last sigma is this (Qwen-Image's base config: 0.02); 0 = none.")}),
                "mu": (list(MU_RULES), {"tooltip": (
                    "How mu follows the image size: calculate_shift (FLUX.1, Qwen-Image, Z-Image: linear in the "
                    "token count) or compute_empirical_mu (FLUX.2: token and step count).")}),
            },
            "optional": {"latent": LATENT},
        }

    def sigmas(self, ms, model, steps, pipeline, shift, use_dynamic_shifting, base_shift, max_shift,
               base_image_seq_len, max_image_seq_len, time_shift_type, shift_terminal, mu, latent=None):
        config = FlowMatchConfig(shift, use_dynamic_shifting, base_shift, max_shift, base_image_seq_len,
                                 max_image_seq_len, time_shift_type, shift_terminal or None)
        return FlowMatch(config, pipeline, mu).sigmas(ms, steps, *pixel_size(model, latent))


class StepListScheduler(ScheduleNode):
    SEARCH_ALIASES = ["lightx2v", "step list", "wan", "causvid", "denoising step list"]
    DESCRIPTION = (
        "LightX2V's step-distilled schedule: the listed timesteps (1000 = pure noise) on a 1000-point table "
        "shifted by 'shift'. Wan2.1 lightx2v / Wan2.2 Lightning: 1000, 750, 500, 250 at shift 5 (sigmas 1, "
        "0.9375, 0.8333, 0.625); CausVid: 999, 934, 862, 756, 603, 410, 250, 140, 74 at shift 8."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": FLOW_MODEL,
            "timesteps": ("STRING", {"default": "1000, 750, 500, 250", "tooltip": (
                "Whole timesteps 1..1000, strictly descending, separated by commas or spaces.")}),
            "shift": shift_input(5.0, "The table's shift (LightX2V's sample_shift)."),
        }}

    def sigmas(self, ms, model, timesteps, shift):
        values = tuple(parse_timesteps(timesteps))
        return StepList(shift, values).sigmas(ms, len(values))


class PCMScheduler(ScheduleNode):
    SEARCH_ALIASES = ["pcm", "phased consistency", "sd3"]
    DESCRIPTION = (
        "PCM's 50-point flow grid (Phased Consistency Models, SD3 LoRAs): the shifted training table at every "
        "20th timestep, N steps taken at evenly spaced grid points. The flow counterpart of the LCM / TCD grid."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "model": FLOW_MODEL,
            "steps": ("INT", {"default": 4, "min": 1, "max": 50, "tooltip": "Number of sampling steps (1 to 50)."}),
            "shift": shift_input(1.0, "The grid's shift: 1 for PCM's shift-1 LoRAs, 3 for the shift-3 ones."),
        }}

    def sigmas(self, ms, model, steps, shift):
        return PCMGrid(shift).sigmas(ms, steps)
