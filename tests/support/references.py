"""The reference sigma computations of flow-model recipes: diffusers' own scheduler and pipeline
helpers, called (never re-typed), and where diffusers has none the authors' code, transcribed line
for line with its repository, file and commit.

diffusers' pipelines compute sigmas inside `__call__`; the two lines of that glue each pipeline
uses are restated here with their file, everything else is diffusers' code.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from diffusers import FlowMatchEulerDiscreteScheduler
from diffusers.pipelines.flux.pipeline_flux import calculate_shift, retrieve_timesteps
from diffusers.pipelines.flux2 import pipeline_flux2
from diffusers.pipelines.flux2.pipeline_flux2_klein import compute_empirical_mu
from diffusers.pipelines.z_image.pipeline_z_image import get_default_z_image_sigmas

# scheduler/scheduler_config.json of each model repository, as published (diffusers keys).
FLUX1_DEV = {"base_image_seq_len": 256, "base_shift": 0.5, "max_image_seq_len": 4096, "max_shift": 1.15,
             "num_train_timesteps": 1000, "shift": 3.0, "use_dynamic_shifting": True}
FLUX1_SCHNELL = {**FLUX1_DEV, "shift": 1.0, "use_dynamic_shifting": False}
SD35 = {"num_train_timesteps": 1000, "shift": 3.0}  # stabilityai/stable-diffusion-3.5-large (Turbo: sd3_infer.py shift 3)
# ModelTC/Qwen-Image-Lightning generate_with_diffusers.py @ 25d1e993, lines 56-71 ("we use shift=3 in distillation")
QWEN_LIGHTNING = {"base_image_seq_len": 256, "base_shift": float(np.log(3)), "invert_sigmas": False,
                  "max_image_seq_len": 8192, "max_shift": float(np.log(3)), "num_train_timesteps": 1000,
                  "shift": 1.0, "shift_terminal": None, "stochastic_sampling": False,
                  "time_shift_type": "exponential", "use_dynamic_shifting": True}
Z_IMAGE_TURBO = {"num_train_timesteps": 1000, "use_dynamic_shifting": False, "shift": 3.0}
# FLUX.2-dev's; klein's is taken to be the same (its only copy found is a third-party re-upload)
FLUX2 = {"base_image_seq_len": 256, "base_shift": 0.5, "invert_sigmas": False, "max_image_seq_len": 4096,
         "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 3.0, "shift_terminal": None,
         "stochastic_sampling": False, "time_shift_type": "exponential", "use_dynamic_shifting": True}


def _scheduler(config: dict) -> FlowMatchEulerDiscreteScheduler:
    return FlowMatchEulerDiscreteScheduler.from_config(config)


def packed_seq_len(width: int, height: int) -> int:
    """latents.shape[1] after `prepare_latents` (2 * (size // 16)) and `_pack_latents` (2 x 2): FluxPipeline,
    Flux2KleinPipeline, QwenImagePipeline; ZImagePipeline's (shape[2] // 2) * (shape[3] // 2) is the same."""
    return (2 * (height // 16) // 2) * (2 * (width // 16) // 2)


def flux_pipeline(config: dict, steps: int, width: int, height: int) -> torch.Tensor:
    """FluxPipeline / QwenImagePipeline (pipeline_flux.py, __call__ step 5): linspace sigmas, calculate_shift mu."""
    scheduler = _scheduler(config)
    sigmas = np.linspace(1.0, 1 / steps, steps)
    c = scheduler.config
    mu = calculate_shift(packed_seq_len(width, height), c.get("base_image_seq_len", 256),
                         c.get("max_image_seq_len", 4096), c.get("base_shift", 0.5), c.get("max_shift", 1.15))
    retrieve_timesteps(scheduler, steps, "cpu", sigmas=sigmas, mu=mu)
    return scheduler.sigmas


def flux2_pipeline(config: dict, steps: int, width: int, height: int) -> torch.Tensor:
    """Flux2Pipeline / Flux2KleinPipeline (pipeline_flux2_klein.py, __call__): linspace sigmas, compute_empirical_mu."""
    scheduler = _scheduler(config)
    sigmas = np.linspace(1.0, 1 / steps, steps)
    mu = compute_empirical_mu(image_seq_len=packed_seq_len(width, height), num_steps=steps)
    retrieve_timesteps(scheduler, steps, "cpu", sigmas=sigmas, mu=mu)
    return scheduler.sigmas


def z_image_pipeline(config: dict, steps: int, width: int, height: int) -> torch.Tensor:
    """ZImagePipeline (pipeline_z_image.py, __call__ step 5): its own default sigmas, calculate_shift mu."""
    scheduler = _scheduler(config)
    c = scheduler.config
    mu = calculate_shift(packed_seq_len(width, height), c.get("base_image_seq_len", 256),
                         c.get("max_image_seq_len", 4096), c.get("base_shift", 0.5), c.get("max_shift", 1.15))
    retrieve_timesteps(scheduler, steps, "cpu", sigmas=get_default_z_image_sigmas(steps), mu=mu)
    return scheduler.sigmas


def sd3_pipeline(config: dict, steps: int, width: int = 1024, height: int = 1024) -> torch.Tensor:
    """StableDiffusion3Pipeline (pipeline_stable_diffusion_3.py, __call__ step 5): sigmas=None."""
    scheduler = _scheduler(config)
    retrieve_timesteps(scheduler, steps, "cpu")
    return scheduler.sigmas


def lightx2v_step_distill(sample_shift: float, denoising_step_list, width=None, height=None) -> torch.Tensor:
    """ModelTC/LightX2V @ f8aee98b lightx2v/models/schedulers/wan/step_distill/scheduler.py,
    WanStepDistillScheduler.set_denoising_timesteps (the file last changed in d1972435), plus the 0
    its last step implies (step_post returns x0 there)."""
    num_train_timesteps, sigma_max, sigma_min = 1000, 1.0, 0.0
    sigma_start = sigma_min + (sigma_max - sigma_min)
    sigmas = torch.linspace(sigma_start, sigma_min, num_train_timesteps + 1)[:-1]
    sigmas = sample_shift * sigmas / (1 + (sample_shift - 1) * sigmas)
    denoising_step_index = [num_train_timesteps - x for x in denoising_step_list]
    return torch.cat([sigmas[denoising_step_index], torch.zeros(1)])


def wan22_lightning_euler(shift: float, steps: int, width=None, height=None) -> torch.Tensor:
    """ModelTC/Wan2.2-Lightning @ 92efeb44 wan/utils/fm_solvers_euler.py, EulerScheduler.set_timesteps:
    get_timesteps(N) = linspace(1000, 0, N + 1) (float32), then timestep_shift(t / 1000, shift)."""
    timesteps = np.linspace(1000, 0, steps + 1, dtype=np.float32)
    sigmas = timesteps / 1000
    return torch.from_numpy(shift * sigmas / (1 + (shift - 1) * sigmas))


def wan22_expert_of_each_step(sigmas: torch.Tensor, boundary: float) -> list[str]:
    """ModelTC/Wan2.2-Lightning @ 92efeb44 wan/text2video.py: boundary = config.boundary * 1000; the
    high-noise model while t >= boundary, t = sigma * 1000 for each step's timestep."""
    return ["high" if float(t) >= boundary * 1000 else "low" for t in (sigmas[:-1] * 1000)]


def pcm_deterministic(shift: float, steps: int, width=None, height=None) -> torch.Tensor:
    """G-U-N/Phased-Consistency-Model @ b127277f code/text_to_image_sd3/pcm_fm_deterministic_scheduler.py,
    PCMFMDeterministicScheduler.__init__(1000, shift, 50) and set_timesteps(steps) (`sigmas_`)."""
    num_train_timesteps, pcm_timesteps = 1000, 50
    timesteps = np.linspace(1, num_train_timesteps, num_train_timesteps, dtype=np.float32)[::-1].copy()
    timesteps = torch.from_numpy(timesteps).to(dtype=torch.float32)
    sigmas = timesteps / num_train_timesteps
    sigmas = shift * sigmas / (1 + (shift - 1) * sigmas)
    euler_timesteps = (np.arange(1, pcm_timesteps + 1) * (num_train_timesteps // pcm_timesteps)).round().astype(np.int64) - 1
    grid = torch.from_numpy(sigmas.numpy()[::-1][euler_timesteps][::-1].copy())
    inference_indices = np.floor(np.linspace(0, pcm_timesteps, num=steps, endpoint=False)).astype(np.int64)
    return torch.cat([grid[torch.from_numpy(inference_indices).long()], torch.zeros(1)])


# ---------------------------------------------------------------------------------------------------
# The 2026 distilled families. Each function below names the repository @ commit it was read at, the
# file and the function; "(last changed in X)" is the last commit that touched that file.
# ---------------------------------------------------------------------------------------------------

# fal/FLUX.2-dev-Turbo README: Flux2Pipeline(..., sigmas=TURBO_SIGMAS, num_inference_steps=8, guidance_scale=2.5)
FLUX2_DEV_TURBO_SIGMAS = [1.0, 0.6509, 0.4374, 0.2932, 0.1893, 0.1108, 0.0495, 0.00031]


# Video Rebirth's HyperFlow 8-step list for MiniMax-H3, as robertbschuette/MiniMax-H3-Turbo-Lora-ComfyUI's model
# card gives it (no code of the authors' found): the recipe's only source, so this checks the transcription only
HYPERFLOW_8STEP = [1.0, 0.9939098, 0.9842875, 0.9660637, 0.9230769, 0.8349424, 0.6968520, 0.4687533]


def flux2_dev_turbo(steps: int = 8, width: int = 1024, height: int = 1024) -> torch.Tensor:
    """FLUX.2-dev Turbo as its README calls Flux2Pipeline: diffusers' pipelines/flux2/pipeline_flux2.py,
    __call__ step 6, with `sigmas=TURBO_SIGMAS`: the pipeline still computes
    mu = compute_empirical_mu(image_seq_len, num_inference_steps) and hands sigmas and mu to
    retrieve_timesteps, so the README's list is time-shifted (exponential, mu) by FLUX2's scheduler.
    Both helpers are pipeline_flux2's own. `steps` (num_inference_steps) only enters mu: with sigmas
    given, the schedule has len(TURBO_SIGMAS) = 8 steps whatever `steps` is."""
    scheduler = _scheduler(FLUX2)
    mu = pipeline_flux2.compute_empirical_mu(image_seq_len=packed_seq_len(width, height), num_steps=steps)
    pipeline_flux2.retrieve_timesteps(scheduler, steps, "cpu", sigmas=FLUX2_DEV_TURBO_SIGMAS, mu=mu)
    return scheduler.sigmas


def ltx2_distilled_sigmas() -> tuple[torch.Tensor, torch.Tensor]:
    """Lightricks/LTX-2 @ 400fd310 packages/ltx-pipelines/src/ltx_pipelines/utils/constants.py (last
    changed in 23621616): DISTILLED_SIGMAS = torch.tensor(DISTILLED_SIGMA_VALUES) and
    STAGE_2_DISTILLED_SIGMAS = torch.tensor(STAGE_2_DISTILLED_SIGMA_VALUES) (float32, the default
    dtype). Stage 1: 8 steps ending at 0; stage 2 (after the 2x upsampler): 3 steps from 0.909375."""
    DISTILLED_SIGMA_VALUES = [1.0, 0.99375, 0.9875, 0.98125, 0.975, 0.909375, 0.725, 0.421875, 0.0]
    STAGE_2_DISTILLED_SIGMA_VALUES = [0.909375, 0.725, 0.421875, 0.0]
    return torch.tensor(DISTILLED_SIGMA_VALUES), torch.tensor(STAGE_2_DISTILLED_SIGMA_VALUES)


# Lightricks/LTX-Video @ 5260738e configs/<name>.yaml, first_pass / second_pass `timesteps` (the two
# 0.9.8 distilled configs, last changed in 02844cec, and their -fp8 twins carry the same lists).
LTX_VIDEO_DISTILLED_TIMESTEPS = {
    "ltxv-13b-0.9.8-distilled": ([1.0000, 0.9937, 0.9875, 0.9812, 0.9750, 0.9094, 0.7250], [0.9094, 0.7250, 0.4219]),
    "ltxv-2b-0.9.8-distilled": ([1.0000, 0.9937, 0.9875, 0.9812, 0.9750, 0.9094, 0.7250], [0.9094, 0.7250, 0.4219]),
}


def ltx_video_distilled_sigmas(config: str = "ltxv-13b-0.9.8-distilled") -> tuple[torch.Tensor, torch.Tensor]:
    """Lightricks/LTX-Video @ 5260738e: the multi-scale pipeline (ltx_video/pipelines/pipeline_ltx_video.py,
    LTXMultiScalePipeline.__call__) runs LTXVideoPipeline once with `first_pass` and once with
    `second_pass` (on the upsampled latents, noised to timesteps[0]); retrieve_timesteps passes the list
    to ltx_video/schedulers/rf.py (last changed in 98a0ce6a) RectifiedFlowScheduler.set_timesteps, whose
    explicit-timesteps branch is `torch.Tensor(timesteps)` (float32, no shift applied, sigmas = timesteps).
    The 0 is not in the list: RectifiedFlowScheduler.step builds
    `timesteps_padded = torch.cat([self.timesteps, torch.zeros(1)])` and steps to the closest lower entry,
    so each pass's last step goes to 0 (the first pass ends 0.725 -> 0, then the upsampler runs).
    The yaml values are 4-decimal roundings of LTX-2's (0.9937 for 0.99375, 0.9812 for 0.98125, ...)."""
    def set_timesteps_then_pad(timesteps):
        timesteps = torch.Tensor(timesteps)  # set_timesteps(timesteps=...): self.sigmas = self.timesteps
        return torch.cat([timesteps, torch.zeros(1)])  # step(): timesteps_padded

    first, second = LTX_VIDEO_DISTILLED_TIMESTEPS[config]
    return set_timesteps_then_pad(first), set_timesteps_then_pad(second)


def ltx2_euler_ancestral_step(sample: torch.Tensor, denoised: torch.Tensor, sigmas: torch.Tensor,
                              step_index: int, noise: torch.Tensor | None, eta: float = 1.0,
                              s_noise: float = 1.0) -> torch.Tensor:
    """Lightricks/LTX-2 @ 400fd310 packages/ltx-core/src/ltx_core/components/diffusion_steps.py (last
    changed in 23621616), EulerAncestralDiffusionStep(eta, s_noise).step: rectified-flow ancestral
    Euler (alpha = 1 - sigma). Steps to sigma_down = sigma_next * (1 + (sigma_next / sigma - 1) * eta)
    by interpolating x and x0, then re-noises back to sigma_next with the signal rescaled by
    alpha_next / alpha_down. Returns `denoised` itself when sigma_next == 0. float32 inside, the
    result in sample's dtype. (EulerDiffusionStep.step is the eta = 0 case: sample + velocity * dt.)"""
    sigma = sigmas[step_index].to(torch.float32)
    sigma_next = sigmas[step_index + 1].to(torch.float32)
    if sigma_next == 0:
        return denoised.to(sample.dtype)
    if eta > 0 and noise is None:
        raise ValueError("EulerAncestralDiffusionStep requires a noise tensor when eta > 0")

    x = sample.to(torch.float32)
    denoised_ = denoised.to(torch.float32)

    downstep_ratio = 1.0 + (sigma_next / sigma - 1.0) * eta
    sigma_down = sigma_next * downstep_ratio

    sigma_down_ratio = sigma_down / sigma
    x_next = sigma_down_ratio * x + (1.0 - sigma_down_ratio) * denoised_

    if eta > 0:
        alpha_next = 1.0 - sigma_next
        alpha_down = 1.0 - sigma_down
        renoise_coeff = (sigma_next**2 - sigma_down**2 * alpha_next**2 / alpha_down**2).clamp(min=0) ** 0.5
        x_next = (alpha_next / alpha_down) * x_next + noise.to(torch.float32) * s_noise * renoise_coeff
    return x_next.to(sample.dtype)


def minimax_h3_sigmas(infer_steps: int, shift: float, width=None, height=None) -> torch.Tensor:
    """ModelTC/LightX2V @ f8aee98b lightx2v/models/schedulers/minimax_h3/scheduler.py (last changed in
    f8aee98b), `_make_schedule(num_grid_points, shift)`'s sigmas (float32 linspace, shift, then
    torch.unique_consecutive). Here `infer_steps` counts model evaluations; LightX2V's config
    "infer_steps" counts sigma grid points including the terminal 0, so this calls
    _make_schedule(infer_steps + 1, shift): the 4-step DMD configs (configs/minimax_h3/dmd/*.json,
    minimax_h3_t2av_dmd_lora_4step.json) say "infer_steps": 5, "video_flow_shift": 6.0,
    "audio_flow_shift": 3.0, "h3_step_update": "training_euler" (x + (sigma - sigma_next) * v, v data-ward);
    the 30-point base configs use video shift 12, audio 3."""
    num_grid_points = infer_steps + 1
    if num_grid_points < 2:
        raise ValueError(f"MiniMax-H3 infer_steps must be at least 2, got {num_grid_points}")
    base = torch.linspace(1.0, 0.0, num_grid_points, dtype=torch.float32, device="cpu")
    sigmas = shift * base / (1.0 + (shift - 1.0) * base)
    sigmas = torch.unique_consecutive(sigmas)
    return sigmas


def rcm_sigmas(num_steps: int, sigma_max: float, width=None, height=None) -> torch.Tensor:
    """NVlabs/rcm @ 5b41aa92 rcm/inference/wan2pt1_t2v_rcm_infer.py and wan2pt2_i2v_rcm_infer.py (both
    last changed in 26af8005), the lines after `init_noise`: TrigFlow times
    [atan(sigma_max), *[1.5, 1.4, 1.0][:num_steps - 1], 0] in float64, converted to rectified flow by
    sin / (cos + sin) (= tan / (1 + tan)), returned as float32. --num_steps has choices 1..4;
    --sigma_max defaults to 80 (Wan2.1 T2V) and 200 (Wan2.2 I2V). A commented-out line keeps the
    earlier mid_t = [1.3, 1.0, 0.6]. The scripts start from x = init_noise * t_steps[0] (noise scaled
    by sigma_0, float64) and feed the model t_cur.float() * 1000."""
    if num_steps not in (1, 2, 3, 4):
        raise ValueError(f"rCM's scripts take --num_steps 1..4, got {num_steps}")
    mid_t = [1.5, 1.4, 1.0][: num_steps - 1]
    t_steps = torch.tensor([math.atan(sigma_max), *mid_t, 0], dtype=torch.float64)
    t_steps = torch.sin(t_steps) / (torch.cos(t_steps) + torch.sin(t_steps))
    return t_steps.to(torch.float32)


def rcm_expert_of_each_step(sigmas: torch.Tensor, boundary: float = 0.9) -> list[str]:
    """NVlabs/rcm @ 5b41aa92 rcm/inference/wan2pt2_i2v_rcm_infer.py (--boundary default 0.9): the loop
    starts on the high-noise model and switches once `t_cur.item() < args.boundary and not switched`
    (t_cur the rectified-flow time, float64 there); it never switches back."""
    experts, switched = [], False
    for t_cur in sigmas[:-1]:
        if float(t_cur) < boundary and not switched:
            switched = True
        experts.append("low" if switched else "high")
    return experts


def rcm_step(x: torch.Tensor, v_pred: torch.Tensor, t_cur, t_next, noise: torch.Tensor) -> torch.Tensor:
    """NVlabs/rcm @ 5b41aa92 rcm/inference/wan2pt1_t2v_rcm_infer.py (and the default, non --ode branch of
    wan2pt2_i2v_rcm_infer.py): `x = (1 - t_next) * (x - t_cur * v_pred) + t_next * torch.randn(...)`:
    x0 = x - t_cur * v is re-noised to t_next with fresh noise (float32 randn; x and v_pred float64),
    so the last step (t_next = 0) returns x0 (a noise draw is still made there). Returns float64, as
    the scripts keep x; they decode x.float(). The I2V script's --ode branch is x - (t_cur - t_next) * v."""
    t_cur = torch.as_tensor(t_cur, dtype=torch.float64)
    t_next = torch.as_tensor(t_next, dtype=torch.float64)
    x = x.to(torch.float64)
    v_pred = v_pred.to(torch.float64)
    return (1 - t_next) * (x - t_cur * v_pred) + t_next * noise


def hunyuan_image21_sigmas(steps: int, shift: float = 4.0, width=None, height=None) -> torch.Tensor:
    """Tencent-Hunyuan/HunyuanImage-2.1 @ 307df880 hyimage/diffusion/pipelines/hunyuanimage_pipeline.py
    (last changed in 25c18a73), HunyuanImagePipeline.get_timesteps_sigmas(sampling_steps, shift) (the
    Euler step is latents - (sigmas[i] - sigmas[i + 1]) * v). HunyuanImagePipelineConfig.create_default(
    use_distilled=True) sets shift=4, default_guidance_scale=3.25, default_sampling_steps=8 (the README
    table: 8 steps, guidance 3.25, shift 4). But __call__'s own `shift: int = 5` default is what reaches
    get_timesteps_sigmas unless the caller passes shift (`shift if shift is not None else self.shift`):
    the README call passes shift=4 for the distilled model explicitly. The distilled DiT is meanflow
    (timesteps_r = the next timestep, 0 at the last step) and guidance-embedded (no CFG pass)."""
    sigmas = torch.linspace(1, 0, steps + 1)
    sigmas = (shift * sigmas) / (1 + (shift - 1) * sigmas)
    sigmas = sigmas.to(torch.float32)
    return sigmas


def hunyuan_video15_sigmas(steps: int, shift: float, width=None, height=None) -> torch.Tensor:
    """Tencent-Hunyuan/HunyuanVideo-1.5 @ 60783e70 hyvideo/schedulers/scheduling_flow_match_discrete.py
    (last changed in e8b21173), FlowMatchDiscreteScheduler(shift=flow_shift, reverse=True,
    solver="euler").set_timesteps(num_inference_steps, n_tokens=...) as HunyuanVideo_1_5_Pipeline
    (hyvideo/pipelines/hunyuan_video_pipeline.py, _create_scheduler and __call__) and the SR pipeline call
    it: use_flux_shift is False, so n_tokens is unused; float32 linspace, SD3 shift when shift != 1.
    hyvideo/commons/__init__.py: PIPELINE_CONFIGS['480p_i2v_step_distilled'] flow_shift 7.0,
    num_inference_steps 12 (README: 8 or 12); SR_PIPELINE_CONFIGS '720p_sr_distilled' flow_shift 2.0,
    6 steps, '1080p_sr_distilled' flow_shift 2.0, 8 steps (the README's table says the same)."""
    sigmas = torch.linspace(1, 0, steps + 1)
    if shift != 1.0:
        sigmas = (shift * sigmas) / (1 + (shift - 1) * sigmas)
    return sigmas


def kandinsky5_sigmas(steps: int, scheduler_scale: float = 5.0, width=None, height=None) -> torch.Tensor:
    """kandinskylab/kandinsky-5 @ 6e2a8051 kandinsky/generation_utils.py (last changed in a1274ec1),
    generate(): timesteps = linspace(1, 0, num_steps + 1) (float32), scale * t / (1 + (scale - 1) * t);
    the loop is img += diff(timesteps) * v. configs/k5_lite_t2v_5s_distil_sd.yaml says
    metrics.scheduler_scale 5 and model.num_steps 16 (the 10s distil yaml says 10 and 16), but no code
    reads metrics.scheduler_scale: Kandinsky5T2VPipeline.__call__ defaults scheduler_scale=10.0 and
    test.py passes its --scheduler_scale (default 5.0) whatever the config."""
    timesteps = torch.linspace(1, 0, steps + 1)
    timesteps = scheduler_scale * timesteps / (1 + (scheduler_scale - 1) * timesteps)
    return timesteps


def hidream_flash_sigmas(steps: int, shift: float, width=None, height=None) -> torch.Tensor:
    """HiDream-ai/HiDream-I1 @ 9b42dd60 hi_diffusers/schedulers/flash_flow_match.py (last changed in
    a6762490): FlashFlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=shift,
    use_dynamic_shifting=False).__init__ then set_timesteps(steps) with sigmas=None (the pipeline's mu is
    ignored, dynamic shifting being off). __init__ shifts a float32 grid and keeps sigma_max /
    sigma_min as Python floats (.item()); set_timesteps linspaces between them in float64 and shifts
    AGAIN (so the last sigma is shift applied twice to 1/1000), then casts to float32 and appends 0.
    inference.py MODEL_CONFIGS: dev 28 steps shift 6.0, fast 16 steps shift 3.0, both this scheduler,
    guidance 0. The appended 0 is never reached: see hidream_flash_step."""
    num_train_timesteps = 1000
    timesteps = np.linspace(1, num_train_timesteps, num_train_timesteps, dtype=np.float32)[::-1].copy()
    timesteps = torch.from_numpy(timesteps).to(dtype=torch.float32)
    sigmas = timesteps / num_train_timesteps
    sigmas = shift * sigmas / (1 + (shift - 1) * sigmas)
    sigma_min = sigmas[-1].item()
    sigma_max = sigmas[0].item()

    timesteps = np.linspace(sigma_max * num_train_timesteps, sigma_min * num_train_timesteps, steps)
    sigmas = timesteps / num_train_timesteps
    sigmas = shift * sigmas / (1 + (shift - 1) * sigmas)
    sigmas = torch.from_numpy(sigmas).to(dtype=torch.float32)
    return torch.cat([sigmas, torch.zeros(1)])


def hidream_flash_step(model_output: torch.Tensor, sigmas: torch.Tensor, step_index: int,
                       num_inference_steps: int, sample: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
    """HiDream-ai/HiDream-I1 @ 9b42dd60 hi_diffusers/schedulers/flash_flow_match.py,
    FlashFlowMatchEulerDiscreteScheduler.step (s_churn etc. unused): denoised = sample - model_output *
    sigma (the pipeline passes model_output = -transformer output), then, except at the last step,
    sample = sigma_next * noise + (1 - sigma_next) * denoised (noise drawn in denoised's dtype; `noise`
    is cast to it here). At the last step (step_index == num_inference_steps - 1) it does NOT return the
    denoised prediction: it returns the input sample unchanged (float32, then model_output's dtype), so
    the pipeline's output keeps the noise level sigmas[-2] (dev 28/6: ~0.035) and the last model call
    is wasted."""
    sigma = sigmas[step_index]
    sample = sample.to(torch.float32)
    denoised = sample - model_output * sigma
    if step_index < num_inference_steps - 1:
        sigma_next = sigmas[step_index + 1]
        noise = noise.to(denoised.dtype)
        sample = sigma_next * noise + (1.0 - sigma_next) * denoised
    sample = sample.to(model_output.dtype)
    return sample
