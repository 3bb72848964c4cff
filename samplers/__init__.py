"""Few-step sampling math in plain torch: importable and testable without ComfyUI.

Samplers follow k-diffusion's contract, `fn(model, x, sigmas, extra_args=None,
callback=None, disable=None, noise_sampler=None, **options)`, where `model(x, sigma)`
returns the denoised prediction and `model.inner_model.inner_model.model_sampling`
is ComfyUI's model sampling object. Schedules return a 1-D sigma tensor ending in 0.
"""

from .lcm import sample_lcm_exact
from .levels import NoiseLevels, UnsupportedModelError
from .schedules import consistency_timesteps, sigmas_at_timesteps, tcd_sigmas
from .tcd import sample_tcd

__all__ = [
    "NoiseLevels",
    "UnsupportedModelError",
    "consistency_timesteps",
    "sample_lcm_exact",
    "sample_tcd",
    "sigmas_at_timesteps",
    "tcd_sigmas",
]
