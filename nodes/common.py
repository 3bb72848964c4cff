"""What the pack's nodes share: categories, the model's sampling object, and SAMPLER objects."""

import comfy.samplers
import nodes
import torch

from ..samplers import sample_lcm_exact, sample_tcd
from ..samplers.checks import check_schedule


def core_category(node_type: str, default: str) -> str:
    """The category the running ComfyUI files one of its own nodes under. Core's nodes load
    before custom packs; core moved its sampling nodes from `sampling/custom_sampling/...`
    to `model/sampling/...` in 2026-05, so this is read, not assumed."""
    return getattr(nodes.NODE_CLASS_MAPPINGS.get(node_type), "CATEGORY", None) or default


# SAMPLER nodes beside core's KSamplerSelect, SIGMAS nodes beside its BasicScheduler, the rest
# under their common root.
CATEGORY_SAMPLERS = core_category("KSamplerSelect", "sampling/custom_sampling/samplers")
CATEGORY_SCHEDULERS = core_category("BasicScheduler", "sampling/custom_sampling/schedulers")
CATEGORY_ROOT = CATEGORY_SAMPLERS.rpartition("/")[0]
CATEGORY_PRESETS = CATEGORY_ROOT + "/presets"
CATEGORY_DIGITS = CATEGORY_ROOT + "/digits"

PACK_SAMPLERS = {"tcd": sample_tcd, "lcm_exact": sample_lcm_exact}


def model_sampling(model):
    """The model sampling object of a MODEL, with its object patches (2024-03 has no get_model_object: its
    object patch, else the model's own)."""
    get = getattr(model, "get_model_object", None)
    if get is not None:
        return get("model_sampling")
    return getattr(model, "object_patches", {}).get("model_sampling") or model.model.model_sampling


def checked_schedule(model_sampling, sigmas, what: str):
    """`sigmas` if they are a schedule this model can sample (see `check_schedule`), else a ValueError naming
    `what` made them: the one check every SIGMAS output and dropdown scheduler of the pack goes through."""
    return check_schedule(sigmas, float(model_sampling.sigma_max), what)


def run_core_node(node_type: str, **inputs) -> tuple:
    """A core node's outputs, called as the executor calls it (a V1 node by its FUNCTION, a V3 node by `execute`)."""
    cls = nodes.NODE_CLASS_MAPPINGS.get(node_type)
    if cls is None:
        raise RuntimeError(f"{node_type}: this ComfyUI has no such node, which the recipe runs; update ComfyUI")
    if hasattr(cls, "define_schema"):
        return tuple(cls.execute(**inputs).result)
    return getattr(cls(), cls.FUNCTION)(**inputs)


def model_kind(model) -> str:
    """What ComfyUI detected a MODEL as: its config class in comfy/supported_models.py (SD15, SDXL, Flux,
    FluxSchnell, Flux2, SD3, QwenImage, WAN21_T2V, ZImage, ...); a pack's own subclass of a config
    stands for that config."""
    for cls in type(model.model.model_config).__mro__:
        if cls.__module__.startswith("comfy."):
            return cls.__name__
    return type(model.model.model_config).__name__


def pixel_size(model, latent) -> tuple[int, int] | tuple[None, None]:
    """(width, height) in pixels of the image a LATENT holds for this model: the latent's size times the
    VAE's downscale, which the model's latent format gives (8 where it does not say; FLUX.2's 128-channel
    latents are 16 pixels a cell, which ComfyUI before 2026 does not say), or (None, None)."""
    if latent is None:
        return None, None
    return latent_pixel_size(model.model, latent["samples"])


def latent_pixel_size(base_model, samples) -> tuple[int, int]:
    """(width, height) in pixels of latent `samples` of a model (comfy.model_base.BaseModel), as `pixel_size`."""
    scale = getattr(base_model.latent_format, "spacial_downscale_ratio", 16 if samples.shape[1] == 128 else 8)
    height, width = samples.shape[-2:]
    return width * scale, height * scale


LATENT = ("LATENT", {"tooltip": (
    "The latent you sample (e.g. the EmptyLatentImage): its size sets mu where the schedule depends on "
    "the image size (FLUX.1 dev LoRAs, FLUX.2). Not needed otherwise.")})


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
