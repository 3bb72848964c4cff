"""The loop the few-step samplers share.

TCD and LCM steps are both linear in the current sample x, the denoised prediction x0
and fresh noise z:  x' = k * x + c * x0 + c_z * z,  with per-step scalars that depend only
on the sigmas and options. Each sampler computes its scalars up front (one host sync,
before the loop); the loop then makes no tensor-to-Python conversion, so a GPU runs it
without synchronising.
"""

from __future__ import annotations

from tqdm.auto import trange

from .noise import default_noise_sampler

Plan = list[tuple[float, float, float]]  # per step (k, c, c_z)


def run_plan(model, x, sigmas, plan: Plan, extra_args=None, callback=None, disable=None, noise_sampler=None):
    extra_args = {} if extra_args is None else extra_args
    if noise_sampler is None:
        noise_sampler = default_noise_sampler(x, seed=extra_args.get("seed"))
    s_in = x.new_ones([x.shape[0]])
    for i in trange(len(plan), disable=disable):
        k, c, c_z = plan[i]
        denoised = model(x, sigmas[i] * s_in, **extra_args)
        if callback is not None:
            callback({"x": x, "i": i, "sigma": sigmas[i], "sigma_hat": sigmas[i], "denoised": denoised})
        x = k * x + c * denoised
        if c_z > 0:
            x = x + c_z * noise_sampler(sigmas[i], sigmas[i + 1])
    return x

