"""The published sampling recipes of distilled models, as data: the one source of the recipe
node, the README's settings tables (`scripts/readme_tables.py`) and the example workflows
(`scripts/make_workflows.py`).

A recipe names the model families it is for, its schedule (a schedule kind below, with its
parameters), its step rule (a sampler and options), the step counts, CFG and FLUX-style
guidance, the LoRA strength and the files its authors publish, and its source. CFG is
ComfyUI's: 1.0 switches classifier-free guidance off (diffusers' guidance_scale <= 1).
Adding a family or a recipe is a data entry here and its test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import torch

from .checks import check_steps
from .flow import FlowMatchConfig, split_at_boundary
from .levels import UnsupportedModelError
from .schedule_kinds import FlowMatch, Grid, PCMGrid, Schedule, SigmaList, StepList, Timesteps, Trailing, TrigFlow

HF = "https://huggingface.co/"


@dataclass(frozen=True)
class ModelFile:
    name: str  # the file name under ComfyUI's models/<directory>/, as the workflows name it
    url: str  # the published file (its name may differ: save it under `name`)
    directory: str  # checkpoints, loras, diffusion_models, text_encoders, vae

    def declared(self) -> dict:
        """The `properties.models` entry of a loader node, read by the frontend's missing-model panel."""
        return {"name": self.name, "url": self.url, "directory": self.directory}


@dataclass(frozen=True)
class Family:
    name: str
    # what ComfyUI detects a model of the family as: its config classes (comfy/supported_models.py), named
    # one by one because a subclass there may be another model (WAN22_T2V is Wan2.2's 5B, ZImage's parent Lumina 2)
    configs: tuple[str, ...]
    flow: bool
    files: tuple[ModelFile, ...] = ()  # the base model files, as ComfyUI's own templates name them


def family_of(config: str) -> Family | None:
    """The family of a model ComfyUI detected as `config` (its config class name), if any."""
    return next((family for family in FAMILIES if config in family.configs), None)


# ---- recipes -----------------------------------------------------------------------------------

def steps_text(steps: tuple[int, ...]) -> str:
    """4 to 50 / 2, 4 or 8 / 4."""
    if len(steps) > 4 and steps == tuple(range(steps[0], steps[-1] + 1)):
        return f"{steps[0]} to {steps[-1]}"
    words = list(map(str, steps))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class Stages:
    """A recipe sampled in two parts, each by its own SamplerCustom: two experts that share one schedule,
    split at a sigma (`boundary`: the first expert runs the steps that start at sigma >= boundary), or two
    passes with schedules of their own (`second_schedule`: LTX's second pass re-noises the 2x upscaled latent to
    its first sigma and samples it down to 0)."""

    first: str  # what samples each part, as the node's outputs and the README name them
    second: str
    boundary: float | None = None
    second_schedule: SigmaList | None = None
    second_sampler: str | None = None  # where the second part's step rule is not the recipe's

    def __post_init__(self):
        if (self.boundary is None) == (self.second_schedule is None):
            raise ValueError(f"{self.first} / {self.second}: give a boundary (experts) or a second schedule (passes)")

    def split(self, sigmas: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The two parts' sigmas, each ending where its SamplerCustom stops, from the recipe's sigmas."""
        if self.boundary is not None:
            return split_at_boundary(sigmas, self.boundary)
        return sigmas, self.second_schedule.flow_sigmas(len(self.second_schedule.values), None, None)

    def label(self) -> str:
        if self.boundary is not None:
            return f"{self.first} for the steps at sigma >= {self.boundary:g}, {self.second} after"
        return f"{self.first}, then {self.second} on {self.second_schedule.label()}"


@dataclass(frozen=True)
class ModelPatch:
    """A core node the recipe runs on the model (a clone) because the model's own sampling is part of the
    recipe: MiniMax-H3's DiT derives its audio stream's sigma from the video and audio shifts it is given,
    so a list of (video) sigmas alone samples the audio on another schedule."""

    node: str  # a core ComfyUI node that takes `model` and returns the patched MODEL
    inputs: Mapping[str, float]

    def label(self) -> str:
        return f"{self.node}({', '.join(f'{k} {v:g}' for k, v in self.inputs.items())})"


@dataclass(frozen=True)
class Recipe:
    name: str
    families: tuple[Family, ...]
    schedule: Schedule
    steps: tuple[int, ...]  # the step counts the authors publish
    sampler: str  # the step rule: "tcd", "lcm_exact" (this pack) or a core ComfyUI sampler
    source: str
    sampler_options: Mapping = field(default_factory=dict)
    cfg: float | Mapping[int, float] = 1.0  # one value, or one per step count
    guidance: float | None = None  # FLUX-style distilled guidance (the FluxGuidance node)
    lora_strength: float | None = None  # None: the recipe's files are whole models
    files: tuple[ModelFile, ...] = ()
    stages: Stages | None = None  # two experts, or two passes
    model_patch: ModelPatch | None = None
    note: str = ""

    def check_steps(self, steps: int) -> int:
        check_steps(steps)
        if steps not in self.steps:
            raise ValueError(f"steps: {self.name} is published for {steps_text(self.steps)} steps, not {steps}")
        return steps

    def check_model(self, config: str) -> None:
        """Refuse a model of another family, naming both (`config`: what ComfyUI detected the model as)."""
        family = family_of(config)
        if family in self.families:
            return
        what = f"a {family.name} model" if family else f"a {config} model"
        raise UnsupportedModelError(
            f"model: {self.name} is a recipe for {' / '.join(f.name for f in self.families)} models, not for {what}")

    def sigmas(self, model_sampling, steps: int, width: int | None = None, height: int | None = None) -> torch.Tensor:
        """The recipe's schedule (of a recipe in two passes, the first pass's)."""
        return self.schedule.sigmas(model_sampling, self.check_steps(steps), width, height)

    def cfg_for(self, steps: int) -> float:
        return self.cfg[steps] if isinstance(self.cfg, Mapping) else self.cfg

    @property
    def all_files(self) -> tuple[ModelFile, ...]:
        """The recipe's files and its families' base files."""
        return (*self.files, *(f for family in self.families for f in family.files))

    def file(self, name: str) -> ModelFile:
        """One of `all_files`, by name."""
        found = [f for f in self.all_files if f.name == name]
        if not found:
            raise KeyError(f"{self.name}: no file {name!r} in the recipe data")
        return found[0]

    @property
    def sampler_label(self) -> str:
        options = ", ".join(f"{k} {v}" for k, v in self.sampler_options.items())
        return f"{self.sampler} ({options})" if options else self.sampler

    @property
    def cfg_label(self) -> str:
        if isinstance(self.cfg, Mapping):
            return " / ".join(f"{v:g}" for v in self.cfg.values()) + " at " + " / ".join(map(str, self.cfg)) + " steps"
        return f"{self.cfg:.1f}"


def hf(repo_path: str, directory: str, name: str | None = None) -> ModelFile:
    """A file published on Hugging Face, saved under its own name or `name`."""
    return ModelFile(name or repo_path.rsplit("/", 1)[-1], HF + repo_path, directory)


# ---- the families --------------------------------------------------------------------------------

FLUX_ENCODERS = (hf("comfyanonymous/flux_text_encoders/resolve/main/clip_l.safetensors", "text_encoders"),
                 hf("comfyanonymous/flux_text_encoders/resolve/main/t5xxl_fp16.safetensors", "text_encoders"))
SD15 = Family("SD1.5", ("SD15",), False, (
    hf("Comfy-Org/stable-diffusion-v1-5-archive/resolve/main/v1-5-pruned-emaonly-fp16.safetensors", "checkpoints"),))
SDXL = Family("SDXL", ("SDXL", "SSD1B", "Segmind_Vega"), False, (
    hf("stabilityai/stable-diffusion-xl-base-1.0/resolve/main/sd_xl_base_1.0.safetensors", "checkpoints"),))
FLUX1 = Family("FLUX.1", ("Flux", "FluxSchnell", "FluxInpaint"), True, (
    hf("Comfy-Org/flux1-dev/resolve/main/flux1-dev.safetensors", "diffusion_models"),
    *FLUX_ENCODERS,
    hf("Comfy-Org/Lumina_Image_2.0_Repackaged/resolve/main/split_files/vae/ae.safetensors", "vae")))
FLUX2 = Family("FLUX.2", ("Flux2",), True, (
    hf("Comfy-Org/flux2-klein/resolve/main/split_files/text_encoders/qwen_3_4b.safetensors", "text_encoders"),
    hf("Comfy-Org/flux2-dev/resolve/main/split_files/vae/flux2-vae.safetensors", "vae")))
SD3 = Family("SD3", ("SD3",), True, (
    hf("stabilityai/stable-diffusion-3-medium/resolve/main/sd3_medium.safetensors", "checkpoints"),
    hf("Comfy-Org/stable-diffusion-3.5-fp8/resolve/main/text_encoders/clip_l.safetensors", "text_encoders"),
    hf("Comfy-Org/stable-diffusion-3.5-fp8/resolve/main/text_encoders/clip_g.safetensors", "text_encoders"),
    hf("Comfy-Org/stable-diffusion-3.5-fp8/resolve/main/text_encoders/t5xxl_fp16.safetensors", "text_encoders")))
QWEN = "Comfy-Org/Qwen-Image_ComfyUI/resolve/main/split_files/"
QWEN_IMAGE = Family("Qwen-Image", ("QwenImage",), True, (
    hf(QWEN + "diffusion_models/qwen_image_fp8_e4m3fn.safetensors", "diffusion_models"),
    hf("Comfy-Org/Qwen-Image-Edit_ComfyUI/resolve/main/split_files/diffusion_models/"
       "qwen_image_edit_2509_fp8_e4m3fn.safetensors", "diffusion_models"),
    hf(QWEN + "text_encoders/qwen_2.5_vl_7b_fp8_scaled.safetensors", "text_encoders"),
    hf(QWEN + "vae/qwen_image_vae.safetensors", "vae")))
WAN = "Comfy-Org/Wan_2.2_ComfyUI_Repackaged/resolve/main/split_files/"
WAN_FAMILY = Family("Wan2.1 / Wan2.2 A14B", ("WAN21_T2V", "WAN21_I2V", "WAN21_Vace", "WAN21_FunControl2V",
                                                "WAN21_Camera", "WAN22_Camera"), True, (
    hf("Comfy-Org/Wan_2.1_ComfyUI_repackaged/resolve/main/split_files/diffusion_models/"
       "wan2.1_t2v_14B_fp8_scaled.safetensors", "diffusion_models"),
    hf(WAN + "diffusion_models/wan2.2_t2v_high_noise_14B_fp8_scaled.safetensors", "diffusion_models"),
    hf(WAN + "diffusion_models/wan2.2_t2v_low_noise_14B_fp8_scaled.safetensors", "diffusion_models"),
    hf("Comfy-Org/Wan_2.1_ComfyUI_repackaged/resolve/main/split_files/text_encoders/"
       "umt5_xxl_fp8_e4m3fn_scaled.safetensors", "text_encoders"),
    hf(WAN + "vae/wan_2.1_vae.safetensors", "vae")))
ZIMAGE = "Comfy-Org/z_image_turbo/resolve/main/split_files/"
Z_IMAGE = Family("Z-Image", ("ZImage",), True, (
    hf(ZIMAGE + "text_encoders/qwen_3_4b.safetensors", "text_encoders"),
    hf(ZIMAGE + "vae/ae.safetensors", "vae")))
# The 2026 families' files as ComfyUI's own workflow templates (comfyui-workflow-templates-json 0.1.50) name them
LTX_VIDEO = Family("LTX-Video", ("LTXV",), True)
LTX23 = "Lightricks/LTX-2.3/resolve/main/"
LTX2 = Family("LTX-2", ("LTXAV",), True, (  # LTX-2, 2.3 and 2.5 (audio and video)
    hf("Comfy-Org/ltx-2/resolve/main/split_files/text_encoders/gemma_3_12B_it_fp4_mixed.safetensors", "text_encoders"),
    hf(LTX23 + "ltx-2.3-spatial-upscaler-x2-1.1.safetensors", "latent_upscale_models")))
H3 = "Comfy-Org/MiniMax-H3/resolve/main/"
MINIMAX_H3 = Family("MiniMax-H3", ("MiniMaxH3",), True, (
    hf(H3 + "diffusion_models/minimax_h3_fl2va_pruned_int8_convrot.safetensors", "diffusion_models"),
    hf(H3 + "text_encoders/qwen3vl_32b_minimax_h3_nvfp4_awq.safetensors", "text_encoders"),
    hf(H3 + "vae/minimax_h3_video_vae_fp16.safetensors", "vae"),
    hf(H3 + "vae/minimax_h3_audio_vae_fp32.safetensors", "vae")))
HUNYUAN_IMAGE = Family("HunyuanImage-2.1", ("HunyuanImage21",), True)
HUNYUAN15 = "Comfy-Org/HunyuanVideo_1.5_repackaged/resolve/main/split_files/"
HUNYUAN_VIDEO15 = Family("HunyuanVideo-1.5", ("HunyuanVideo15",), True, (
    hf(HUNYUAN15 + "text_encoders/qwen_2.5_vl_7b_fp8_scaled.safetensors", "text_encoders"),
    hf(HUNYUAN15 + "text_encoders/byt5_small_glyphxl_fp16.safetensors", "text_encoders"),
    hf(HUNYUAN15 + "vae/hunyuanvideo15_vae_fp16.safetensors", "vae")))
HUNYUAN_VIDEO15_SR = Family("HunyuanVideo-1.5 super-resolution", ("HunyuanVideo15_SR_Distilled",), True, (
    hf(HUNYUAN15 + "diffusion_models/hunyuanvideo1.5_1080p_sr_distilled_fp16.safetensors", "diffusion_models"),
    hf(HUNYUAN15 + "latent_upscale_models/hunyuanvideo15_latent_upsampler_1080p.safetensors", "latent_upscale_models")))
HIDREAM_FILES = "Comfy-Org/HiDream-I1_ComfyUI/resolve/main/split_files/"
HIDREAM = Family("HiDream-I1", ("HiDream",), True, tuple(
    hf(HIDREAM_FILES + f"text_encoders/{name}.safetensors", "text_encoders")
    for name in ("clip_l_hidream", "clip_g_hidream", "t5xxl_fp8_e4m3fn_scaled", "llama_3.1_8b_instruct_fp8_scaled"))
    + (hf(HIDREAM_FILES + "vae/ae.safetensors", "vae"),))
KANDINSKY5 = Family("Kandinsky 5 video", ("Kandinsky5",), True)
FAMILIES = (SD15, SDXL, FLUX1, FLUX2, SD3, QWEN_IMAGE, WAN_FAMILY, Z_IMAGE, LTX_VIDEO, LTX2, MINIMAX_H3, HUNYUAN_IMAGE,
            HUNYUAN_VIDEO15, HUNYUAN_VIDEO15_SR, HIDREAM, KANDINSKY5)

# ---- the recipes -----------------------------------------------------------------------------------

HYPER = "ByteDance/Hyper-SD/resolve/main/"
FLUX1_DEV = FlowMatch(FlowMatchConfig(shift=3.0, use_dynamic_shifting=True), "flux", "calculate_shift")
SD3_PIPELINE = FlowMatch(FlowMatchConfig(shift=3.0), "sd3")
# ModelTC/Qwen-Image-Lightning generate_with_diffusers.py: base_shift = max_shift = ln 3, "we use shift=3 in distillation"
QWEN_LIGHTNING = FlowMatch(FlowMatchConfig(use_dynamic_shifting=True, base_shift=math.log(3), max_shift=math.log(3),
                                           max_image_seq_len=8192), "flux", "calculate_shift")
LIGHTX2V_4STEP = StepList(5.0, (1000, 750, 500, 250))
# ModelTC/Wan2.2-Lightning wan/utils/fm_solvers_euler.py: shift 5 of linspace(1000, 0, N + 1)[:-1] / 1000
WAN22_LIGHTNING = FlowMatch(FlowMatchConfig(shift=5.0), "flux")
WAN_LIGHTNING = "Comfy-Org/Wan_2.2_ComfyUI_Repackaged/resolve/main/split_files/loras/"
WAN_EXPERTS = ("high-noise expert", "low-noise expert")
FLUX2_DEV = FlowMatchConfig(shift=3.0, use_dynamic_shifting=True)  # FLUX.2-dev's scheduler config (klein's too)


def shifted_linspace(shift: float) -> FlowMatch:
    """shift * s / (1 + (shift - 1) * s) on linspace(1, 0, N + 1): the schedule most flow authors write out."""
    return FlowMatch(FlowMatchConfig(shift=shift), "flux")


# Lightricks/LTX-2 @ 400fd31 packages/ltx-pipelines/src/ltx_pipelines/utils/constants.py
LTX2_DISTILLED = SigmaList((1.0, 0.99375, 0.9875, 0.98125, 0.975, 0.909375, 0.725, 0.421875))
LTX2_PASSES = ("stage 1 (half size)", "stage 2 (the 2x upscaled latent)")
LTX2_STAGE_2 = SigmaList((0.909375, 0.725, 0.421875))  # STAGE_2_DISTILLED_SIGMA_VALUES
LTX2_SOURCE = "Lightricks/LTX-2 @ 400fd31 ltx_pipelines/utils/constants.py (both lists), distilled.py (DistilledPipeline"


def minimax_shifts(video: float, audio: float = 3.0) -> ModelPatch:
    """MiniMax-H3's DiT takes its audio stream's sigma from the video sigma and both shifts: set them."""
    return ModelPatch("MiniMaxH3SigmaShift", {"shift_video": video, "shift_audio": audio})


LIGHTX2V_H3 = "ModelTC/LightX2V @ f8aee98 lightx2v/models/schedulers/minimax_h3/scheduler.py (_make_schedule, training_euler)"
# NVlabs/rcm @ 5b41aa9 rcm/inference/wan2pt1_t2v_rcm_infer.py, wan2pt2_i2v_rcm_infer.py
RCM = "NVlabs/rcm @ 5b41aa9 rcm/inference/"
# fal/FLUX.2-dev-Turbo README: "pre-shifted custom sigmas", passed to Flux2Pipeline, which shifts them again
TURBO_SIGMAS = (1.0, 0.6509, 0.4374, 0.2932, 0.1893, 0.1108, 0.0495, 0.00031)
FLUX2_DEV_FILES = "Comfy-Org/flux2-dev/resolve/main/split_files/"
FLUX2_DEV_TURBO_FILES = (hf(FLUX2_DEV_FILES + "loras/Flux2TurboComfyv2.safetensors", "loras"),
                         hf(FLUX2_DEV_FILES + "diffusion_models/flux2_dev_fp8mixed.safetensors", "diffusion_models"),
                         hf(FLUX2_DEV_FILES + "text_encoders/mistral_3_small_flux2_bf16.safetensors", "text_encoders"))
LTX25 = "Lightricks/LTX-2.5/resolve/main/"

RECIPES = (
    # ---- SD1.5 / SDXL
    Recipe("TCD LoRA", (SD15, SDXL), Grid(), tuple(range(4, 51)), "tcd", "TCD README; diffusers TCD docs",
           {"gamma": 0.3}, lora_strength=1.0,
           files=(hf("h1t/TCD-SD15-LoRA/resolve/main/pytorch_lora_weights.safetensors", "loras", "TCD-SD15-LoRA.safetensors"),
                  hf("h1t/TCD-SDXL-LoRA/resolve/main/pytorch_lora_weights.safetensors", "loras", "TCD-SDXL-LoRA.safetensors")),
           note="gamma 0.3 at 4-8 steps; raise gamma with more steps (softer)"),
    Recipe("Hyper-SD unified 1-step LoRA", (SD15, SDXL), Grid(), tuple(range(1, 9)), "tcd",
           "Hyper-SD model card (TCDScheduler, eta=1.0)", {"gamma": 1.0}, lora_strength=1.0,
           files=(hf(HYPER + "Hyper-SDXL-1step-lora.safetensors", "loras"),),
           note="lower gamma gives more detail at several steps"),
    Recipe("Hyper-SD N-step LoRA", (SD15, SDXL), Trailing(), (2, 4, 8), "euler",
           "Hyper-SD model card (DDIM, timestep_spacing trailing)", lora_strength=1.0,
           files=(hf(HYPER + "Hyper-SDXL-8steps-lora.safetensors", "loras"),),
           note="steps = the N of the LoRA file; DDIM with eta 0 is Euler"),
    Recipe("Hyper-SDXL 1-step UNet", (SDXL,), Timesteps((800,)), (1,), "lcm_exact",
           "Hyper-SD model card (LCMScheduler, timesteps=[800])",
           files=(hf(HYPER + "Hyper-SDXL-1step-Unet-Comfyui.fp16.safetensors", "checkpoints"),)),
    Recipe("SDXL-Lightning", (SDXL,), Trailing(), (2, 4, 8), "euler", "SDXL-Lightning model card (Euler, trailing)",
           files=tuple(hf(f"ByteDance/SDXL-Lightning/resolve/main/sdxl_lightning_{n}step.safetensors", "checkpoints")
                       for n in (2, 4, 8)),
           note="steps = the checkpoint's; the 1-step x0 model needs ModelSamplingDiscrete x0"),
    Recipe("SDXL-Turbo", (SDXL,), Trailing(), (1, 2, 3, 4), "euler_ancestral",
           "sdxl-turbo scheduler config (EulerAncestral, trailing)",
           files=(hf("stabilityai/sdxl-turbo/resolve/main/sd_xl_turbo_1.0_fp16.safetensors", "checkpoints"),),
           note="512x512"),
    Recipe("LCM / LCM-LoRA", (SD15, SDXL), Grid(), tuple(range(1, 9)), "lcm_exact",
           "LCM-LoRA model card; diffusers LCMScheduler", lora_strength=1.0,
           files=(hf("latent-consistency/lcm-lora-sdv1-5/resolve/main/pytorch_lora_weights.safetensors", "loras",
                     "lcm-lora-sdv1-5.safetensors"),),
           note="LoRA: CFG 1.0-2.0"),
    Recipe("DMD2 4-step", (SDXL,), Timesteps((999, 749, 499, 249)), (4,), "lcm_exact",
           "DMD2 README (LCMScheduler, timesteps=[999,749,499,249])", lora_strength=1.0,
           files=(hf("tianweiy/DMD2/resolve/main/dmd2_sdxl_4step_lora_fp16.safetensors", "loras"),)),
    Recipe("DMD2 1-step", (SDXL,), Timesteps((399,)), (1,), "lcm_exact",
           "DMD2 README (LCMScheduler, timesteps=[399])"),
    Recipe("PCM", (SD15, SDXL), Trailing(), (2, 4, 8, 16), "euler", "PCM model card (DDIM or Euler, trailing)",
           lora_strength=1.0,
           files=(hf("wangfuyun/PCM_Weights/resolve/main/sdxl/pcm_sdxl_smallcfg_4step_converted.safetensors", "loras"),),
           note="steps = the file's; normalCFG LoRAs take CFG 2-6; PCM's demo app uses TCD with gamma 0 "
                "on the 50-step grid instead"),
    # ---- flow models
    Recipe("FLUX.1-schnell", (FLUX1,), FlowMatch(FlowMatchConfig(shift=1.0), "flux"), (1, 2, 3, 4), "euler",
           "FLUX.1-schnell scheduler config; diffusers FluxPipeline",
           files=(hf("Comfy-Org/flux1-schnell/resolve/main/flux1-schnell.safetensors", "diffusion_models"),),
           note="core `simple` is exact too at 1, 2 and 4 steps (at 3, one table entry off); guidance is ignored"),
    Recipe("Hyper-FLUX.1-dev N-step LoRA", (FLUX1,), FLUX1_DEV, (8, 16), "euler",
           "Hyper-SD model card (FluxPipeline, lora_scale 0.125, guidance 3.5)", guidance=3.5, lora_strength=0.125,
           files=tuple(hf(HYPER + f"Hyper-FLUX.1-dev-{n}steps-lora.safetensors", "loras") for n in (8, 16)),
           note="steps = the N of the LoRA file"),
    Recipe("FLUX.1-Turbo-Alpha", (FLUX1,), FLUX1_DEV, (8,), "euler",
           "alimama-creative/FLUX.1-Turbo-Alpha model card (8 steps, guidance 3.5, lora_scale 1)", guidance=3.5,
           lora_strength=1.0, files=(hf("alimama-creative/FLUX.1-Turbo-Alpha/resolve/main/diffusion_pytorch_model.safetensors",
                                        "loras", "FLUX.1-Turbo-Alpha.safetensors"),)),
    Recipe("FLUX.2 klein (distilled)", (FLUX2,),
           FlowMatch(FlowMatchConfig(shift=3.0, use_dynamic_shifting=True), "flux", "compute_empirical_mu"), (4,),
           "euler", "diffusers Flux2KleinPipeline (compute_empirical_mu)",
           files=(hf("black-forest-labs/FLUX.2-klein-4b-fp8/resolve/main/flux-2-klein-4b-fp8.safetensors",
                     "diffusion_models"),),
           note="klein's scheduler config is taken to be FLUX.2-dev's (dynamic, exponential): not verifiable offline; "
                "guidance is ignored by the distilled model"),
    Recipe("SD3.5 Large Turbo", (SD3,), SD3_PIPELINE, (4,), "euler",
           "Stability sd3_infer.py (shift 3, CFG 1, euler); diffusers StableDiffusion3Pipeline",
           files=(hf("stabilityai/stable-diffusion-3.5-large-turbo/resolve/main/sd3.5_large_turbo.safetensors",
                     "checkpoints"),),
           note="core `normal` is exact too"),
    Recipe("Hyper-SD3 N-step CFG LoRA", (SD3,), SD3_PIPELINE, (4, 8, 16), "euler",
           "Hyper-SD model card (SD3 pipeline, lora scale 0.125, guidance 3 / 5 / 7)", cfg={4: 3.0, 8: 5.0, 16: 7.0},
           lora_strength=0.125,
           files=tuple(hf(HYPER + f"Hyper-SD3-{n}steps-CFG-lora.safetensors", "loras") for n in (4, 8, 16)),
           note="on SD3 Medium; steps = the N of the LoRA file"),
    Recipe("PCM-SD3 deterministic, shift 1", (SD3,), PCMGrid(1.0), (2, 4), "euler",
           "PCM sd3_test.py (PCMFMDeterministicScheduler(1000, 1, 50), CFG 1.2)", cfg=1.2, lora_strength=1.0,
           files=tuple(hf(f"wangfuyun/PCM_Weights/resolve/main/sd3/pcm_deterministic_{n}step_shift1.safetensors",
                          "loras") for n in (2, 4)),
           note="on SD3 Medium; steps = the N of the LoRA file"),
    Recipe("PCM-SD3 deterministic, shift 3", (SD3,), PCMGrid(3.0), (4,), "euler",
           "PCM sd3_test.py (PCMFMDeterministicScheduler(1000, 3, 50), CFG 1.2)", cfg=1.2, lora_strength=1.0,
           files=(hf("wangfuyun/PCM_Weights/resolve/main/sd3/pcm_deterministic_4step_shift3.safetensors", "loras"),),
           note="on SD3 Medium"),
    Recipe("PCM-SD3 stochastic, shift 3", (SD3,), PCMGrid(3.0), (4,), "lcm",
           "PCM sd3_test.py (PCMFMStochasticScheduler(1000, 3, 50), CFG 1.2)", cfg=1.2, lora_strength=1.0,
           files=(hf("wangfuyun/PCM_Weights/resolve/main/sd3/pcm_stochastic_shift3.safetensors", "loras"),),
           note="on SD3 Medium; re-noises every step (core `lcm` is that step on flow models)"),
    Recipe("Qwen-Image-Lightning", (QWEN_IMAGE,), QWEN_LIGHTNING, (4, 8), "euler",
           "ModelTC/Qwen-Image-Lightning generate_with_diffusers.py (shift 3, true_cfg_scale 1)", lora_strength=1.0,
           files=tuple(hf(f"lightx2v/Qwen-Image-Lightning/resolve/main/Qwen-Image-Lightning-{n}steps-V1.0.safetensors",
                          "loras") for n in (4, 8)),
           note="steps = the N of the LoRA file"),
    Recipe("Qwen-Image-Edit-2509-Lightning", (QWEN_IMAGE,), QWEN_LIGHTNING, (4, 8), "euler",
           "ModelTC/Qwen-Image-Lightning README (same schedule as Qwen-Image-Lightning)", lora_strength=1.0,
           files=tuple(hf("lightx2v/Qwen-Image-Lightning/resolve/main/Qwen-Image-Edit-2509/"
                          f"Qwen-Image-Edit-2509-Lightning-{n}steps-V1.0-bf16.safetensors", "loras") for n in (4, 8)),
           note="for Qwen-Image-Edit-2509"),
    Recipe("Wan2.1 lightx2v StepDistill", (WAN_FAMILY,), LIGHTX2V_4STEP, (4,), "euler",
           "LightX2V wan_t2v_distill_lora_4step_cfg.json (shift 5, steps 1000, 750, 500, 250) and "
           "WanStepDistillScheduler (Euler since 2025-11)", lora_strength=1.0,
           files=(hf("lightx2v/Wan2.1-Distill-Loras/resolve/main/wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors",
                     "loras"),),
           note="CFG off; the re-noised variant below is how these LoRAs were trained"),
    Recipe("Wan2.1 lightx2v StepDistill, re-noised as trained", (WAN_FAMILY,), LIGHTX2V_4STEP, (4,), "lcm",
           "GoatWu/Self-Forcing-Plus pipeline/bidirectional_inference.py (re-noise between steps); "
           "LightX2V WanStepDistillScheduler 2025-07 to 2025-11", lora_strength=1.0,
           files=(hf("lightx2v/Wan2.1-Distill-Loras/resolve/main/wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors",
                     "loras"),)),
    Recipe("Wan2.2 Lightning A14B T2V", (WAN_FAMILY,), WAN22_LIGHTNING, (4,), "euler",
           "ModelTC/Wan2.2-Lightning wan/configs/wan_t2v_A14B.py (shift 5, 4 Euler steps, boundary 0.875)",
           lora_strength=1.0, stages=Stages(*WAN_EXPERTS, boundary=0.875),
           files=tuple(hf(WAN_LIGHTNING + f"wan2.2_t2v_lightx2v_4steps_lora_v1.1_{expert}_noise.safetensors", "loras")
                       for expert in ("high", "low")),
           note="two experts: high noise for the steps at sigma >= 0.875, low noise after"),
    Recipe("Wan2.2 Lightning A14B I2V", (WAN_FAMILY,), WAN22_LIGHTNING, (4,), "euler",
           "ModelTC/Wan2.2-Lightning wan/configs/wan_i2v_A14B.py (shift 5, 4 Euler steps, boundary 0.900)",
           lora_strength=1.0, stages=Stages(*WAN_EXPERTS, boundary=0.9),
           files=tuple(hf(WAN_LIGHTNING + f"wan2.2_i2v_lightx2v_4steps_lora_v1_{expert}_noise.safetensors", "loras")
                       for expert in ("high", "low")),
           note="two experts: high noise for the steps at sigma >= 0.9, low noise after"),
    Recipe("Z-Image-Turbo", (Z_IMAGE,), FlowMatch(FlowMatchConfig(shift=3.0), "flux"), (8,), "euler",
           "Z-Image-Turbo scheduler config; diffusers ZImagePipeline (8 steps, guidance 0)",
           files=(hf(ZIMAGE + "diffusion_models/z_image_turbo_bf16.safetensors", "diffusion_models"),),
           note="core `simple` at 8 steps is exact too (the older 9-step example is another grid)"),
    Recipe("Qwen-Image-Edit-2511-Lightning", (QWEN_IMAGE,), QWEN_LIGHTNING, (4, 8), "euler",
           "ModelTC/Qwen-Image-Lightning @ 25d1e99 generate_with_diffusers.py (one scheduler config for every LoRA) "
           "and README (Edit-2511: 4 steps, CFG 1)", lora_strength=1.0,
           files=tuple(hf("lightx2v/Qwen-Image-Edit-2511-Lightning/resolve/main/"
                          f"Qwen-Image-Edit-2511-Lightning-{n}steps-V1.0-bf16.safetensors", "loras") for n in (4, 8))
           + (hf("Comfy-Org/Qwen-Image-Edit_ComfyUI/resolve/main/split_files/diffusion_models/"
                 "qwen_image_edit_2511_bf16.safetensors", "diffusion_models"),),
           note="for Qwen-Image-Edit-2511; steps = the N of the LoRA file"),
    Recipe("Qwen-Image-2512-Lightning", (QWEN_IMAGE,), QWEN_LIGHTNING, (4,), "euler",
           "ModelTC/Qwen-Image-Lightning @ 25d1e99 generate_with_diffusers.py and README (2512: 4 steps, CFG 1)",
           lora_strength=1.0,
           files=(hf("lightx2v/Qwen-Image-2512-Lightning/resolve/main/Qwen-Image-2512-Lightning-4steps-V1.0-fp32.safetensors",
                     "loras"), hf(QWEN + "diffusion_models/qwen_image_2512_fp8_e4m3fn.safetensors", "diffusion_models")),
           note="for Qwen-Image-2512"),
    # ---- the 2026 families
    Recipe("LTX-2 / LTX-2.3 distilled", (LTX2,), LTX2_DISTILLED, (8,), "euler",
           LTX2_SOURCE + ": stage 1 at half size, x2 latent upsampler, stage 2, both EulerDiffusionStep, no CFG)",
           stages=Stages(*LTX2_PASSES, second_schedule=LTX2_STAGE_2),
           files=(hf("Lightricks/LTX-2.3-fp8/resolve/main/ltx-2.3-22b-distilled-fp8.safetensors", "checkpoints"),
                  hf("Lightricks/LTX-2/resolve/main/ltx-2-19b-distilled.safetensors", "checkpoints")),
           note="stage 2 samples the upscaled latent (LTXVLatentUpsampler) with add_noise on: it re-noises to 0.909375; "
                "core `linear_quadratic` at 8 steps is within 1e-7 of stage 1"),
    Recipe("LTX-2.5 distilled", (LTX2,), LTX2_DISTILLED, (8,), "euler_ancestral",
           LTX2_SOURCE + ": from generation 2.5, stage 1 EulerAncestralDiffusionStep(eta 1, s_noise 1), stage 2 Euler)",
           {"eta": 1.0, "s_noise": 1.0}, stages=Stages(*LTX2_PASSES, second_schedule=LTX2_STAGE_2, second_sampler="euler"),
           files=(hf(LTX25 + "diffusion_models/ltx-2.5-22b-distilled-transformer-comfy-int8-convrot.safetensors",
                     "diffusion_models"),
                  hf(LTX25 + "text_encoders/gemma4-12b-with-proj-ltx-2.5-comfy-int8-convrot.safetensors", "text_encoders"),
                  hf(LTX25 + "vae/ltx-2.5-video-vae-bf16.safetensors", "vae"),
                  hf(LTX25 + "vae/ltx-2.5-audio-vae-bf16.safetensors", "vae"),
                  hf(LTX25 + "latent_upscale_models/ltx-2.5-latent-spatial-upscaler-x2-bf16-1.0.safetensors",
                     "latent_upscale_models")),
           note="core `euler_ancestral` on a flow model is LTX-2's rectified-flow ancestral step"),
    Recipe("LTX-Video 0.9.8 distilled", (LTX_VIDEO,),
           SigmaList((1.0, 0.9937, 0.9875, 0.9812, 0.975, 0.9094, 0.725)), (7,), "euler",
           "Lightricks/LTX-Video @ 5260738 configs/ltxv-13b-0.9.8-distilled.yaml (first_pass, second_pass timesteps, "
           "stochastic_sampling false, guidance 1), ltx_video/schedulers/rf.py",
           stages=Stages("first pass", "second pass (the upscaled latent)",
                         second_schedule=SigmaList((0.9094, 0.725, 0.4219)))),
    Recipe("MiniMax-H3 lightx2v 4-step v1.1", (MINIMAX_H3,), shifted_linspace(6.0), (4,), "euler",
           "ModelTC/LightX2V @ f8aee98 configs/minimax_h3/dmd/minimax_h3_fp8_4step.json (infer_steps 5, "
           "video_flow_shift 6, audio_flow_shift 3, enable_cfg false); " + LIGHTX2V_H3, lora_strength=1.0,
           model_patch=minimax_shifts(6.0),
           note="sample the recipe node's MODEL: it carries the video and audio shifts; LightX2V's config runs the "
                "LoRA at 0.8, its ComfyUI file's card at 1.0"),
    Recipe("MiniMax-H3 lightx2v 8-step", (MINIMAX_H3,), shifted_linspace(12.0), (8,), "euler",
           "lightx2v 8-step LoRA card (trained at shift 12); " + LIGHTX2V_H3, lora_strength=1.0,
           files=(hf("lightx2v/Minimax-h3-Turbo/resolve/main/minimax_h3_fl2v_turbo_8step_v1.0_comfyui_bf16.safetensors",
                     "loras"),),
           model_patch=minimax_shifts(12.0), note="the class's own shifts; the recipe sets them in case they were not"),
    Recipe("MiniMax-H3 HyperFlow 8-step", (MINIMAX_H3,),
           SigmaList((1.0, 0.9939098, 0.9842875, 0.9660637, 0.9230769, 0.8349424, 0.6968520, 0.4687533)), (8,),
           "euler", "Video Rebirth HyperFlow list as robertbschuette/MiniMax-H3-Turbo-Lora-ComfyUI's card gives it "
           "(not the authors' code)", lora_strength=1.0, model_patch=minimax_shifts(12.0),
           note="unverified: no primary code; the audio stream follows the class's shifts 12 / 3"),
    Recipe("FLUX.2-dev Turbo", (FLUX2,), FlowMatch(FLUX2_DEV, "flux", "compute_empirical_mu", TURBO_SIGMAS), (8,),
           "euler", "fal/FLUX.2-dev-Turbo README (Flux2Pipeline(sigmas=TURBO_SIGMAS, 8 steps, guidance_scale 2.5)); "
           "diffusers Flux2Pipeline shifts the list again with mu = compute_empirical_mu", guidance=2.5,
           lora_strength=1.0, files=FLUX2_DEV_TURBO_FILES,
           note="what the README's call samples: mu follows the image size (connect the latent); what fal trained on "
                "is not published"),
    Recipe("FLUX.2-dev Turbo, list as typed", (FLUX2,), SigmaList(TURBO_SIGMAS), (8,), "euler",
           "fal/FLUX.2-dev-Turbo README's TURBO_SIGMAS, unshifted (what users paste into ManualSigmas)", guidance=2.5,
           lora_strength=1.0, files=FLUX2_DEV_TURBO_FILES, note="not what the README's diffusers call samples (0.51 apart at 1024x1024)"),
    Recipe("rCM Wan2.1 T2V", (WAN_FAMILY,), TrigFlow(80.0), (1, 2, 3, 4), "lcm",
           RCM + "wan2pt1_t2v_rcm_infer.py (sigma_max 80, mid_t 1.5, 1.4, 1.0, re-noise every step)",
           note="re-noises every step (core `lcm`); `--ode` in TurboDiffusion is Euler instead"),
    Recipe("rCM Wan2.2 I2V A14B", (WAN_FAMILY,), TrigFlow(200.0), (1, 2, 3, 4), "lcm",
           RCM + "wan2pt2_i2v_rcm_infer.py (sigma_max 200, boundary 0.9, re-noise every step)",
           stages=Stages(*WAN_EXPERTS, boundary=0.9),
           note="at 1 or 2 steps the low-noise expert has no step (its SIGMAS end where they start)"),
    Recipe("HunyuanImage-2.1 distilled", (HUNYUAN_IMAGE,), shifted_linspace(4.0), (8,), "euler",
           "Tencent-Hunyuan/HunyuanImage-2.1 @ 307df88 hyimage/diffusion/pipelines/hunyuanimage_pipeline.py "
           "(create_default(use_distilled=True): shift 4, 8 steps, guidance 3.25 embedded)", guidance=3.25,
           note="FluxGuidance 3.25 (the class's default is 6); MeanFlow's next timestep reaches the model only "
                "with samplers that evaluate at the schedule's sigmas (euler, lcm)"),
    Recipe("HunyuanVideo-1.5 step-distilled", (HUNYUAN_VIDEO15,), shifted_linspace(7.0), (8, 12), "euler",
           "Tencent-Hunyuan/HunyuanVideo-1.5 @ 60783e7 README (480p I2V step distilled: CFG 1, shift 7, 8 or 12 "
           "steps), hyvideo/schedulers/scheduling_flow_match_discrete.py", note="12 steps recommended"),
    Recipe("HunyuanVideo-1.5 SR step-distilled", (HUNYUAN_VIDEO15_SR,), shifted_linspace(2.0), (6, 8), "euler",
           "Tencent-Hunyuan/HunyuanVideo-1.5 @ 60783e7 README (SR step distilled: CFG 1, shift 2; 6 steps to 720p, "
           "8 to 1080p)"),
    Recipe("HiDream-I1 Dev", (HIDREAM,), FlowMatch(FlowMatchConfig(shift=6.0), "sd3"), (28,), "lcm",
           "HiDream-ai/HiDream-I1 @ 9b42dd6 inference.py (dev: 28 steps, shift 6), "
           "hi_diffusers/schedulers/flash_flow_match.py (sigmas=None, re-noise every step)",
           files=(hf(HIDREAM_FILES + "diffusion_models/hidream_i1_dev_fp8.safetensors", "diffusion_models"),),
           note="the reference's last step returns its input (noise level 0.035 left); core `lcm` ends at the "
                "prediction"),
    Recipe("HiDream-I1 Fast", (HIDREAM,), FlowMatch(FlowMatchConfig(shift=3.0), "sd3"), (16,), "lcm",
           "HiDream-ai/HiDream-I1 @ 9b42dd6 inference.py (fast: 16 steps, shift 3), "
           "hi_diffusers/schedulers/flash_flow_match.py",
           files=(hf(HIDREAM_FILES + "diffusion_models/hidream_i1_fast_fp8.safetensors", "diffusion_models"),),
           note="the reference's last step returns its input (noise level 0.009 left); core `lcm` ends at the "
                "prediction"),
    Recipe("Kandinsky 5 T2V Lite distilled16steps", (KANDINSKY5,), shifted_linspace(5.0), (16,), "euler",
           "kandinskylab/kandinsky-5 @ 6e2a805 configs/k5_lite_t2v_5s_distil_sd.yaml (scheduler_scale 5, 16 steps, "
           "guidance_weight 1), kandinsky/generation_utils.py (generate)",
           note="the class's shift is 10 (the authors' own ComfyUI node defaults to 10 too)"),
)

BY_NAME = {recipe.name: recipe for recipe in RECIPES}
