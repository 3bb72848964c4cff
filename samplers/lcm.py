"""LCM: multistep consistency sampling (Luo et al. 2023, "Latent Consistency Models", Alg. 3).

Each step: the consistency function f(x, t) = c_skip(t) * x_vp + c_out(t) * x0, with
diffusers' boundary scalings at the current timestep (`LCMScheduler.
get_scalings_for_boundary_condition_discrete`: sigma_data 0.5, timestep scaling 10)
    c_skip = 0.25 / ((10 t)^2 + 0.25),   c_out = 10 t / sqrt((10 t)^2 + 0.25),
then fresh noise up to the next level: x' = a' * f + sigma' * z, and the last step
returns f. x_vp is the network's input latent (x / sqrt(1 + sigma^2) for eps and v
models, x for flow models); t is the continuous timestep of sigma, so the step works on
any sigmas.

Core ComfyUI's `lcm` sampler is this with c_skip = 0 and c_out = 1; the boundary term
matters only at t < 19 (c_skip(19) = 6.9e-6), which schedules reach with many steps or
a final custom timestep below 19.
"""

from __future__ import annotations

import math

import torch

from .checks import check_sigmas
from .levels import NoiseLevels, model_sampling_of
from .steps import Plan, run_plan

SIGMA_DATA = 0.5
TIMESTEP_SCALING = 10.0


def lcm_plan(levels: NoiseLevels, sigmas: list[float]) -> Plan:
    plan = []
    for sigma, t, sigma_next in zip(sigmas, levels.timestep(torch.tensor(sigmas[:-1])).tolist(), sigmas[1:]):
        scaled_t = t * TIMESTEP_SCALING
        c_skip = SIGMA_DATA**2 / (scaled_t**2 + SIGMA_DATA**2)
        c_out = scaled_t / math.sqrt(scaled_t**2 + SIGMA_DATA**2)
        a_next = levels.signal_scale(sigma_next)
        plan.append((a_next * c_skip * levels.vp_scale(sigma), a_next * c_out, sigma_next))
    return plan


@torch.no_grad()
def sample_lcm_exact(model, x, sigmas, extra_args=None, callback=None, disable=None, noise_sampler=None):
    """LCM sampler with the consistency boundary condition (see module docstring)."""
    levels = NoiseLevels(model_sampling_of(model))
    values = check_sigmas(sigmas, levels.is_flow)
    plan = levels.plan(("lcm_exact", tuple(values)), lambda: lcm_plan(levels, values))
    return run_plan(model, x, sigmas, plan, extra_args, callback, disable, noise_sampler)
