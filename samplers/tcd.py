"""TCD: strategic stochastic sampling (Zheng et al. 2024, "Trajectory Consistency Distillation", Alg. 4).

Each step, with x at sigma_i and the step ending at sigma' = sigma_{i+1}:
  1. denoise: x0 = model(x, sigma_i), eps = (x - a_i * x0) / sigma_i;
  2. jump deterministically to the intermediate level sigma_s, whose timestep is
     (1 - gamma) * t(sigma') (see `NoiseLevels.intermediate_sigma`):
         x_s = a_s * x0 + sigma_s * eps;
  3. re-noise forward from sigma_s to sigma' with fresh noise z:
         x' = (a'/a_s) * x_s + sqrt(sigma'^2 - (a'/a_s)^2 * sigma_s^2) * z,
where a(sigma) is the signal scale (1 for eps/v models, 1 - sigma for flow models).
This is diffusers' `TCDScheduler.step` rewritten in ComfyUI's sigma space (divide its
variance-preserving update by sqrt(alpha_bar)); its `eta` is the paper's gamma.
gamma = 0 is the deterministic DDIM / Euler step; gamma = 1 predicts x0 and re-noises
fully, like LCM. A final sigma' of 0 returns x0 (ComfyUI's convention; diffusers ends
at its timestep 0 instead, 0.029 noise above x0).
"""

from __future__ import annotations

import math
from typing import Sequence

import torch

from .checks import check_fraction, check_sigmas, per_step
from .levels import NoiseLevels, model_sampling_of
from .steps import Plan, run_plan

DEFAULT_GAMMA = 0.3  # TCD authors' default (TCD README; diffusers TCDScheduler.step eta=0.3)


def gamma_schedule(gamma: float | Sequence[float], gamma_end: float | None, steps: int) -> list[float]:
    """Per-step gamma: a constant, a linear ramp from `gamma` to `gamma_end`, or an explicit list."""
    if gamma_end is None:
        return per_step(gamma, steps, "gamma")
    start = check_fraction(gamma, "gamma")
    end = check_fraction(gamma_end, "gamma_end")
    if steps == 1:
        return [start]
    return [start + (end - start) * i / (steps - 1) for i in range(steps)]


def tcd_plan(levels: NoiseLevels, sigmas: list[float], gammas: list[float]) -> Plan:
    """Per-step scalars of x' = k * x + c * x0 + c_z * z (module docstring), in Python floats, which
    for a few steps cost a fraction of what tensor operations do."""
    sigma_s = levels.intermediate_sigma(torch.tensor(sigmas[1:]), gammas).tolist()
    plan = []
    for sigma, s, sigma_next in zip(sigmas, sigma_s, sigmas[1:]):
        ratio = levels.signal_scale(sigma_next) / levels.signal_scale(s)
        k = ratio * s / sigma
        c_z = math.sqrt(max(sigma_next**2 - (ratio * s) ** 2, 0.0))
        plan.append((k, levels.signal_scale(sigma_next) - k * levels.signal_scale(sigma), c_z))
    return plan


@torch.no_grad()
def sample_tcd(model, x, sigmas, extra_args=None, callback=None, disable=None, noise_sampler=None,
               gamma: float | Sequence[float] = DEFAULT_GAMMA, gamma_end: float | None = None):
    """TCD sampler (see module docstring). `gamma` is diffusers' `eta`.

    gamma: a number in [0, 1], or one value per step.
    gamma_end: if given, gamma ramps linearly from `gamma` (first step) to `gamma_end` (last step).
    """
    levels = NoiseLevels(model_sampling_of(model))
    values = check_sigmas(sigmas, levels.is_flow)
    gammas = gamma_schedule(gamma, gamma_end, len(values) - 1)
    plan = levels.plan(("tcd", tuple(values), tuple(gammas)), lambda: tcd_plan(levels, values, gammas))
    return run_plan(model, x, sigmas, plan, extra_args, callback, disable, noise_sampler)
