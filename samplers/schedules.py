"""Timestep schedules of the distilled models, as ComfyUI sigmas ending in 0."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from .checks import check_fraction, check_steps


def consistency_timesteps(steps: int, strength: float = 1.0, original_steps: int = 50,
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


def sigmas_at_timesteps(model_sampling, timesteps: Sequence[int]) -> torch.Tensor:
    """The model's own sigma at each timestep, then a final 0."""
    sigma = model_sampling.sigma(torch.tensor(list(timesteps), dtype=torch.float32))
    return torch.cat([sigma.float().cpu(), torch.zeros(1)])


def tcd_sigmas(model_sampling, steps: int, strength: float = 1.0) -> torch.Tensor:
    """Sigmas of diffusers' default TCD (and LCM) schedule for this model."""
    return sigmas_at_timesteps(model_sampling, consistency_timesteps(steps, strength, train_timesteps=len(model_sampling.sigmas)))
