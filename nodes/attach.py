"""The recipe a loader recognised, attached to the MODEL it returns, and the plain KSampler's `recipe` sampler
and scheduler that read it.

A scheduler function sees only the model's sampling object and the step count (comfy/samplers.py
calculate_sigmas), so the recipe rides on a copy of that object, put on the MODEL as an object patch as core's
ModelSampling nodes do; the sampler function reaches the same object through the model it is given. A
ModelSampling node after the loader replaces the copy: the entries then say no recipe is attached.

Explicit-timestep recipes that start below the model's highest noise level (Hyper-SDXL's 1-step UNet at
t=800) start from unit-variance noise in diffusers; core's KSAMPLER scales the noise by the first sigma there,
as for img2img. Where ComfyUI has sampler wrappers (late 2024 on), one on the MODEL tells core's sampler object
so from an empty latent, as the recipe node's sampler does (common.FewStepKSAMPLER); elsewhere such recipes are
refused in the plain KSampler.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, replace

import torch

from ..samplers.recipes import Recipe
from ..samplers.schedule_kinds import Timesteps
from .common import PACK_SAMPLERS, checked_schedule, latent_pixel_size, model_sampling

log = logging.getLogger("FewStep")
ATTRIBUTE = "fewstep_recipe"
LOADERS = "the Distilled LoRA Loader (FewStep)"


@dataclass(frozen=True)
class Attached:
    recipe: Recipe
    steps: int  # the step count the recipe runs at: the file's, or the one the loader was given
    size: tuple[int, int] | None  # (width, height) in pixels, where the schedule depends on the image size
    file: str  # what was recognised and how: the loader's text
    start_from_unit_noise: bool = False  # the MODEL has the wrapper below (set by `attach`)


def attach(model, attached: Attached):
    """A clone of `model` carrying `attached` on a copy of its sampling object (and the start-noise wrapper)."""
    patched = model.clone()
    wrappers = hasattr(patched, "add_wrapper_with_key")
    if wrappers:
        import comfy.patcher_extension

        patched.add_wrapper_with_key(comfy.patcher_extension.WrappersMP.SAMPLER_SAMPLE, ATTRIBUTE, unit_noise_start)
    sampling = copy.copy(model_sampling(patched))
    setattr(sampling, ATTRIBUTE, replace(attached, start_from_unit_noise=wrappers))
    patched.add_object_patch("model_sampling", sampling)
    return patched


def unit_noise_start(executor, guider, sigmas, extra_args, callback, noise, latent_image, *args):
    """Around core's KSAMPLER.sample: with the `recipe` sampler and an empty latent, start from the reference's
    unit-variance noise whatever the first sigma (its max_denoise, as FewStepKSAMPLER's)."""
    sampler = executor.class_obj  # a KSAMPLER made for this sampling run
    if sampler.sampler_function is sample_recipe and (latent_image is None or not torch.any(latent_image)):
        sampler.max_denoise = lambda model_wrap, sigmas: True
    return executor(guider, sigmas, extra_args, callback, noise, latent_image, *args)


def attached_to(model_sampling, entry: str) -> Attached:
    attached = getattr(model_sampling, ATTRIBUTE, None)
    if attached is None:
        raise ValueError(f"{entry}: this model carries no recipe: load its distilled LoRA with {LOADERS}, which "
                         "recognises the file and attaches its recipe (a ModelSampling node after it removes it)")
    return attached


def refuse_what_ksampler_cannot_run(attached: Attached, entry: str) -> None:
    recipe = attached.recipe
    if recipe.stages is not None and recipe.stages.boundary is None:
        raise ValueError(f"{entry}: {recipe.name} is sampled in two passes ({recipe.stages.label()}): use the Two-Part "
                         "Recipe node and two SamplerCustom")
    below_top = isinstance(recipe.schedule, Timesteps) and recipe.schedule.values[0] < 999  # sigma_max: t = 999
    if below_top and not attached.start_from_unit_noise:
        raise ValueError(f"{entry}: {recipe.name} starts below the model's highest noise level from unit-variance "
                         "noise, which this ComfyUI's KSampler cannot be told (it has no sampler wrappers): use the "
                         "recipe node and SamplerCustom")


def recipe_sigmas(model_sampling, steps):
    """The `recipe` scheduler: the attached recipe's sigmas at KSampler's step count (steps / denoise)."""
    attached = attached_to(model_sampling, "scheduler recipe")
    refuse_what_ksampler_cannot_run(attached, "scheduler recipe")
    if steps != attached.steps:
        raise ValueError(f"steps: {attached.file}, at {attached.steps} steps; KSampler asks scheduler recipe for "
                         f"{steps} (its steps, divided by denoise below 1)")
    sigmas = attached.recipe.sigmas(model_sampling, steps, *(attached.size or (None, None)))
    return checked_schedule(model_sampling, sigmas, f"scheduler recipe ({attached.recipe.name})")


def sample_recipe(model, x, sigmas, extra_args=None, callback=None, disable=None, noise_sampler=None):
    """The `recipe` sampler: the attached recipe's step rule with its options (TCD's gamma, ...)."""
    import comfy.k_diffusion.sampling

    attached = attached_to(model.inner_model.inner_model.model_sampling, "sampler recipe")
    refuse_what_ksampler_cannot_run(attached, "sampler recipe")
    recipe = attached.recipe
    cfg = getattr(model.inner_model, "cfg", None)
    if cfg is not None and cfg != recipe.cfg_for(attached.steps):
        log.warning("FewStep: %s is published for CFG %s; this KSampler runs CFG %s", recipe.name,
                    recipe.cfg_for(attached.steps), cfg)
    if recipe.schedule.needs_size:
        sigmas = resized(attached, model.inner_model.inner_model, x, sigmas)
    step = PACK_SAMPLERS.get(recipe.sampler) or getattr(comfy.k_diffusion.sampling, "sample_" + recipe.sampler)
    options = dict(recipe.sampler_options)
    if noise_sampler is not None:
        options["noise_sampler"] = noise_sampler
    return step(model, x, sigmas, extra_args=extra_args, callback=callback, disable=disable, **options)


def resized(attached: Attached, base_model, x, sigmas):
    """Where the recipe's schedule depends on the image size and KSampler took its sigmas from scheduler recipe (for
    the size the loader saw), the sigmas for the latent this sampler is given."""
    size = latent_pixel_size(base_model, x)
    if size == attached.size:
        return sigmas
    sampling = base_model.model_sampling
    if not torch.equal(sigmas.cpu(), attached.recipe.sigmas(sampling, attached.steps, *attached.size)):
        return sigmas  # another scheduler's: the user's choice
    return attached.recipe.sigmas(sampling, attached.steps, *size).to(sigmas)
