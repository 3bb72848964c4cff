"""Timestep schedules of the distilled models, as ComfyUI sigmas ending in 0.

Timestep schedules are lists of integer timesteps on the model's 0..T-1 scale (T = 1000
for SD1.5 / SDXL), turned into sigmas by the model's own sigma(t), so zero-terminal-SNR
and v-prediction tables get their own values. Each `*_sigmas(model_sampling, steps, ...)`
function can serve as a ComfyUI scheduler handler.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import torch

from .checks import check_fraction, check_steps
from .levels import NoiseLevels, UnsupportedModelError

# Align Your Steps (Sabour et al. 2024, arXiv 2404.14507), 10-step tables.
# SD1.5 / SDXL as timesteps (diffusers `AysSchedules`, NVIDIA's how-to page), then t = 0:
# the model's own sigma there is ComfyUI's `NOISE_LEVELS` exactly. SVD as the paper's sigmas.
AYS_TIMESTEPS = {
    "SD1": [999, 850, 736, 645, 545, 455, 343, 233, 124, 24, 0],
    "SDXL": [999, 845, 730, 587, 443, 310, 193, 116, 53, 13, 0],
}
AYS_SVD_SIGMAS = [700.00, 54.5, 15.886, 7.977, 4.248, 1.789, 0.981, 0.403, 0.173, 0.034, 0.002]
AYS_MODELS = (*AYS_TIMESTEPS, "SVD")


GRID_STEPS = 50  # the LCM / TCD distillation grid's size, diffusers' original_inference_steps default


def consistency_timesteps(steps: int, strength: float = 1.0, original_steps: int = GRID_STEPS,
                          train_timesteps: int = 1000) -> list[int]:
    """The LCM / TCD inference timesteps, as diffusers' `LCMScheduler` and `TCDScheduler`
    `set_timesteps(steps, strength=...)` make them.

    The distillation grid is k-1, 2k-1, ..., with k = train_timesteps // original_steps
    (19, 39, ..., 999 for the default 50); strength keeps its lowest `original_steps * strength`
    entries (img2img); `steps` entries are taken at evenly spaced indices from the top.
    4 steps give [999, 759, 499, 259].
    """
    check_steps(steps)
    check_fraction(strength, "strength")
    check_steps(original_steps, "original_steps")
    if original_steps > train_timesteps:
        raise ValueError(f"original_steps: {original_steps} exceeds the model's {train_timesteps} timesteps")
    k = train_timesteps // original_steps
    grid = [j * k - 1 for j in range(int(original_steps * strength), 0, -1)]
    if steps > len(grid):
        raise ValueError(
            f"steps: {steps} is more than the {len(grid)} grid timesteps left at strength {strength} "
            f"(original_steps {original_steps}); use at most {len(grid)} steps or a higher strength"
        )
    # numpy's linspace, as diffusers uses it: its rounding decides the floor at some step counts
    index = np.floor(np.linspace(0, len(grid), num=steps, endpoint=False)).astype(np.int64)
    return [grid[i] for i in index]


def trailing_timesteps(steps: int, train_timesteps: int = 1000) -> list[int]:
    """diffusers' `timestep_spacing="trailing"` (DDIM and Euler set_timesteps):
    round(arange(T, 0, -T/steps)) - 1; 4 steps give [999, 749, 499, 249]. At 62 step counts
    up to 1000 (61, 103, ...) the float arange overshoots to one more entry, timestep -1; the
    first `steps` entries are diffusers' list without it."""
    check_steps(steps)
    if steps > train_timesteps:
        raise ValueError(f"steps: {steps} exceeds the model's {train_timesteps} timesteps")
    arange = np.arange(train_timesteps, 0, -train_timesteps / steps)[:steps]
    return (np.round(arange).astype(np.int64) - 1).tolist()


def parse_timesteps(text: str) -> list[int]:
    """'999, 749, 499, 249' -> [999, 749, 499, 249]; a clear error for anything else."""
    items = [item for item in re.split(r"[\s,]+", text.strip()) if item]
    if not items:
        raise ValueError("timesteps: empty; give integers such as '999, 749, 499, 249'")
    try:
        return [int(item) for item in items]
    except ValueError:
        bad = next(item for item in items if not re.fullmatch(r"[+-]?\d+", item))
        raise ValueError(f"timesteps: {bad!r} is not a whole number (in {text!r})") from None


def discrete_levels(model_sampling, schedule: str, instead: str) -> NoiseLevels:
    """The noise levels of a discrete-timestep model; a flow model gets an error naming the
    schedule and what to use `instead`."""
    levels = NoiseLevels(model_sampling)
    if levels.is_flow:
        raise UnsupportedModelError(
            f"model: {schedule} is a schedule of discrete-timestep models (SD1.5, SDXL: timesteps 0..999), "
            f"and this is a flow model (SD3, FLUX, Wan, ...), whose timestep is sigma x multiplier; {instead}")
    return levels


AYS_ON_FLOW = "no Align Your Steps table is published for flow models (SD3, FLUX, Wan)"
FLOW_GRID = "its flow counterpart is PCM's 50-point grid (PCM Scheduler)"
FLOW_TRAILING = "on a flow model core's `simple` scheduler is the trailing spacing"
FLOW_TIMESTEPS = "for a flow model give the timesteps to the Step List Scheduler (LightX2V's shifted table)"


def sigmas_at_timesteps(model_sampling, timesteps: Sequence[int]) -> torch.Tensor:
    """The model's own sigma at each timestep (strictly descending, within the model's range), then 0."""
    return _sigmas_at(discrete_levels(model_sampling, "explicit timesteps", FLOW_TIMESTEPS), timesteps)


def _sigmas_at(levels: NoiseLevels, timesteps: Sequence[int]) -> torch.Tensor:
    timesteps = list(timesteps)
    if not timesteps:
        raise ValueError("timesteps: empty")
    for i, t in enumerate(timesteps):
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < levels.num_timesteps:
            raise ValueError(f"timesteps[{i}] = {t!r}: expected a whole number in 0..{levels.num_timesteps - 1}")
        if i and t >= timesteps[i - 1]:
            raise ValueError(f"timesteps must be strictly descending: {t} follows {timesteps[i - 1]}")
    sigma = levels.sigma_at(torch.tensor(timesteps))
    return torch.cat([sigma, torch.zeros(1)])


def tcd_sigmas(model_sampling, steps: int, strength: float = 1.0) -> torch.Tensor:
    """Sigmas of diffusers' default TCD and LCM schedule (the 50-step grid) for this model."""
    levels = discrete_levels(model_sampling, "the TCD / LCM 50-step grid", FLOW_GRID)
    return _sigmas_at(levels, consistency_timesteps(steps, strength, train_timesteps=levels.num_timesteps))


def trailing_sigmas(model_sampling, steps: int) -> torch.Tensor:
    """Sigmas of diffusers' trailing timestep spacing for this model."""
    levels = discrete_levels(model_sampling, "trailing timestep spacing", FLOW_TRAILING)
    return _sigmas_at(levels, trailing_timesteps(steps, levels.num_timesteps))


def loglinear_interp(sigmas: torch.Tensor, count: int) -> torch.Tensor:
    """`count` sigmas, log-linearly interpolated over the table's positions (AYS how-to page;
    ComfyUI's `loglinear_interp`)."""
    xs = np.linspace(0, 1, len(sigmas))
    ys = np.log(sigmas.double().numpy()[::-1])
    new_ys = np.interp(np.linspace(0, 1, count), xs, ys)
    return torch.from_numpy(np.exp(new_ys)[::-1].copy()).float()


def ays_sigmas(model_sampling, steps: int, model: str) -> torch.Tensor:
    """Align Your Steps sigmas for `model` ("SD1", "SDXL", "SVD") at any step count:
    10 steps give the published table, other counts interpolate it log-linearly."""
    check_steps(steps)
    if model not in AYS_MODELS:
        raise ValueError(f"model: no Align Your Steps table for {model!r}; one of {', '.join(AYS_MODELS)}")
    if model == "SVD":
        table = torch.tensor(AYS_SVD_SIGMAS)
    else:
        levels = discrete_levels(model_sampling, "Align Your Steps", AYS_ON_FLOW)
        table = levels.sigma_at(torch.tensor(AYS_TIMESTEPS[model]))
    sigmas = table.clone() if steps == 10 else loglinear_interp(table, steps + 1)
    sigmas[-1] = 0.0
    return sigmas


def partial_denoise(make_sigmas, steps: int, denoise: float) -> torch.Tensor:
    """`denoise` as ComfyUI's KSampler and BasicScheduler mean it: make the schedule for
    int(steps / denoise) steps and keep its last `steps` steps."""
    check_steps(steps)
    check_fraction(denoise, "denoise")
    if denoise == 0:
        raise ValueError("denoise: 0 leaves nothing to sample; use a value in (0, 1]")
    return make_sigmas(int(steps / denoise))[-(steps + 1):]


def ays_sd1_sigmas(model_sampling, steps: int) -> torch.Tensor:
    return ays_sigmas(model_sampling, steps, "SD1")


def ays_sdxl_sigmas(model_sampling, steps: int) -> torch.Tensor:
    return ays_sigmas(model_sampling, steps, "SDXL")
