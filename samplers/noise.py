"""Per-step noise, seeded the way ComfyUI core seeds its own samplers."""

from __future__ import annotations

import torch


def default_noise_sampler(x: torch.Tensor, seed: int | None = None):
    """Fresh N(0, I) noise shaped like x for each call `noise_sampler(sigma, sigma_next)`.

    With a seed (every ComfyUI this pack is tested on puts the sampling seed in extra_args["seed"])
    the noise comes from a private generator, as in core's k-diffusion `default_noise_sampler`, so
    the same seed gives the same image bit for bit. On the CPU the generator takes seed + 1, as
    core's does since 2026: ComfyUI draws the starting noise from a CPU generator seeded with
    `seed`, and the same seed would make the first re-noise a copy of it. Without a seed (a caller
    outside ComfyUI's samplers) the noise comes from torch's global generator.
    """
    generator = None
    if seed is not None:
        generator = torch.Generator(device=x.device)
        generator.manual_seed(seed + 1 if x.device.type == "cpu" else seed)

    def sample(sigma, sigma_next):
        return torch.randn(x.size(), dtype=x.dtype, layout=x.layout, device=x.device, generator=generator)

    return sample
