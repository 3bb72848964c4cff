"""TCD against diffusers' TCDScheduler on the same network and the same noise.

diffusers keeps variance-preserving latents x_vp = sqrt(abar) x0 + sqrt(1-abar) eps;
ComfyUI keeps x = x_vp / sqrt(abar) = x0 + sigma eps. Every step's sample is compared
in diffusers' space. Its final step ends at timestep 0 (sigma 0.029) where ComfyUI ends
at sigma 0 and returns x0; the last step is compared against diffusers' x0 prediction.
"""

from __future__ import annotations

import torch
from diffusers import TCDScheduler


def diffusers_tcd(net, schedule, eta, x_vp, seed, prediction="eps"):
    """Run diffusers' TCD loop, `schedule` being set_timesteps' keyword arguments; returns each step's sample and the last step's x0 prediction."""
    sched = TCDScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012,
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
        x_vp = sched.step(out, t, x_vp, eta=eta, generator=generator).prev_sample
        samples.append(x_vp)
    samples[-1] = x0
    return samples


def ours_tcd(sampler, model, sigmas, gamma, x_vp, seed):
    """Run a ComfyUI-form TCD sampler; returns each step's sample in diffusers' space."""
    generator = torch.Generator().manual_seed(seed)
    noise = lambda s, sn: torch.randn(x_vp.shape, generator=generator)
    seen = []
    x = x_vp * (1 + sigmas[0] ** 2) ** 0.5
    final = sampler(model, x, sigmas, callback=lambda d: seen.append(d["x"]), disable=True,
                    noise_sampler=noise, gamma=gamma)
    samples = [xi / (1 + s**2) ** 0.5 for xi, s in zip(seen[1:], sigmas[1:])]
    return samples + [final]


def max_step_difference(sampler, model, net, schedule, sigmas, gamma, prediction="eps", seed=0):
    x_vp = torch.randn((2, 4, 8, 8), generator=torch.Generator().manual_seed(seed + 1))
    ref = diffusers_tcd(net, schedule, gamma, x_vp, seed, prediction)
    ours = ours_tcd(sampler, model, sigmas, gamma, x_vp, seed)
    assert len(ref) == len(ours)
    return max(float((a - b).abs().max()) for a, b in zip(ref, ours))
