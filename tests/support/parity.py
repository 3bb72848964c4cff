"""Our samplers against diffusers' schedulers on the same network and the same noise.

diffusers keeps variance-preserving latents x_vp = sqrt(abar) x0 + sqrt(1-abar) eps;
ComfyUI keeps x = x_vp / sqrt(abar) = x0 + sigma eps. Every step's sample is compared
in diffusers' space. diffusers' TCD ends at timestep 0 (sigma 0.029) where ComfyUI ends
at sigma 0 and returns x0: its last step is compared against diffusers' x0 prediction.
"""

from __future__ import annotations

import logging

import torch
from diffusers import LCMScheduler, TCDScheduler

logging.getLogger("diffusers").setLevel(logging.ERROR)


def diffusers_run(scheduler_cls, net, schedule, x_vp, seed, prediction="eps", **step_kwargs):
    """diffusers' loop, `schedule` being set_timesteps' keyword arguments; each step's sample."""
    sched = scheduler_cls(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012,
                          prediction_type="v_prediction" if prediction == "v" else "epsilon")
    sched.set_timesteps(**schedule)
    generator = torch.Generator().manual_seed(seed)
    samples = []
    for t in sched.timesteps:
        out = net(x_vp, t.view(1).expand(x_vp.shape[0]))
        abar = sched.alphas_cumprod[t]
        if prediction == "v":
            x0 = abar.sqrt() * x_vp - (1 - abar).sqrt() * out
        else:
            x0 = (x_vp - (1 - abar).sqrt() * out) / abar.sqrt()
        x_vp = sched.step(out, t, x_vp, generator=generator, **step_kwargs).prev_sample
        samples.append(x_vp)
    if scheduler_cls is TCDScheduler:
        samples[-1] = x0
    return samples


def ours_run(sampler, model, sigmas, x_vp, seed, **options):
    """A ComfyUI-form sampler started from the same latent; each step's sample in diffusers' space."""
    generator = torch.Generator().manual_seed(seed)
    noise = lambda s, sn: torch.randn(x_vp.shape, generator=generator)
    seen = []
    x = x_vp * (1 + sigmas[0] ** 2) ** 0.5
    final = sampler(model, x, sigmas, callback=lambda d: seen.append(d["x"]), disable=True,
                    noise_sampler=noise, **options)
    samples = [xi / (1 + s**2) ** 0.5 for xi, s in zip(seen[1:], sigmas[1:])]
    return samples + [final]


def max_step_difference(reference, sampler, model, net, schedule, sigmas, prediction="eps", seed=0,
                        ours=None, theirs=None):
    """Max |difference| over all steps; `ours` / `theirs`: options of our sampler / diffusers' step."""
    x_vp = torch.randn((2, 4, 8, 8), generator=torch.Generator().manual_seed(seed + 1))
    ref = diffusers_run(reference, net, schedule, x_vp, seed, prediction, **(theirs or {}))
    got = ours_run(sampler, model, sigmas, x_vp, seed, **(ours or {}))
    assert len(ref) == len(got)
    return max(float((a - b).abs().max()) for a, b in zip(ref, got))


def tcd_difference(sampler, model, net, schedule, sigmas, gamma, prediction="eps"):
    return max_step_difference(TCDScheduler, sampler, model, net, schedule, sigmas, prediction,
                               ours={"gamma": gamma}, theirs={"eta": gamma})


def lcm_difference(sampler, model, net, schedule, sigmas, prediction="eps"):
    return max_step_difference(LCMScheduler, sampler, model, net, schedule, sigmas, prediction)
