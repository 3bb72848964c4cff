"""The reference sigma computations of flow-model recipes: diffusers' own scheduler and pipeline
helpers, called (never re-typed), and where diffusers has none the authors' code, transcribed line
for line with its repository, file and commit.

diffusers' pipelines compute sigmas inside `__call__`; the two lines of that glue each pipeline
uses are restated here with their file, everything else is diffusers' code.
"""

from __future__ import annotations

import numpy as np
import torch
from diffusers import FlowMatchEulerDiscreteScheduler
from diffusers.pipelines.flux.pipeline_flux import calculate_shift, retrieve_timesteps
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
