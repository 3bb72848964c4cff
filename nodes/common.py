"""What the pack's nodes share: categories, the model's sampling object, and SAMPLER objects."""

import comfy.samplers
import torch

from ..samplers import sample_lcm_exact, sample_tcd

CATEGORY_SAMPLERS = "sampling/custom_sampling/samplers"
CATEGORY_SCHEDULERS = "sampling/custom_sampling/schedulers"
CATEGORY_PRESETS = "sampling/custom_sampling/presets"

PACK_SAMPLERS = {"tcd": sample_tcd, "lcm_exact": sample_lcm_exact}


def model_sampling(model):
    """The model sampling object of a MODEL, with its object patches where this ComfyUI has them."""
    get = getattr(model, "get_model_object", None)
    return get("model_sampling") if get is not None else model.model.model_sampling


class FewStepKSAMPLER(comfy.samplers.KSAMPLER):
    """ComfyUI's KSAMPLER, except that txt2img starts from the reference's noise at any first sigma.

    Core scales the starting noise by sqrt(1 + sigma_0^2) only when sigma_0 is the model's
    sigma_max, and by sigma_0 otherwise (treating it as img2img). A recipe that starts lower
    from pure noise (DMD2 1-step at t=399, Hyper-SDXL 1-step at t=800) then begins at std
    0.758 or 0.981 of diffusers' unit-variance latent. From an all-zero (empty) latent this
    sampler always uses sqrt(1 + sigma_0^2); a real latent (img2img) is left as core has it.
    """

    def sample(self, model_wrap, sigmas, extra_args, callback, noise, latent_image=None, *args, **kwargs):
        self.from_empty_latent = latent_image is None or not torch.any(latent_image)
        return super().sample(model_wrap, sigmas, extra_args, callback, noise, latent_image, *args, **kwargs)

    def max_denoise(self, model_wrap, sigmas):
        return getattr(self, "from_empty_latent", False) or super().max_denoise(model_wrap, sigmas)


def sampler_object(name: str, options: dict | None = None) -> FewStepKSAMPLER:
    """A SAMPLER for one of this pack's samplers or a core k-diffusion sampler, by name."""
    if name in PACK_SAMPLERS:
        return FewStepKSAMPLER(PACK_SAMPLERS[name], options or {})
    core = comfy.samplers.ksampler(name, options or {})
    return FewStepKSAMPLER(core.sampler_function, core.extra_options, core.inpaint_options)
