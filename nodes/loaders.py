"""Loaders that recognise a distilled model's file and give its published recipe (samplers/recognition)."""

from __future__ import annotations

import os

import comfy.utils
import folder_paths

from ..samplers.recognition import recognise
from ..samplers.recognition.safetensors import HashCache
from .attach import Attached, attach
from .common import CATEGORY_PRESETS, LATENT, checked_schedule, model_kind, model_sampling, pixel_size, run_core_node, \
    sampler_object


def hash_cache() -> HashCache:
    """Hashes of model files, kept in ComfyUI's user folder (where it has one) across restarts."""
    user = getattr(folder_paths, "get_user_directory", None)
    return HashCache(os.path.join(user(), "fewstep_hashes.json") if user else None)


def progress_bar():
    """Hashing progress on ComfyUI's progress bar (a 1 GB file takes a few seconds the first time)."""
    bar = comfy.utils.ProgressBar(100)
    return lambda done, total: bar.update_absolute(int(100 * done / max(total, 1)), 100)


class FewStepDistilledLoraLoader:
    CATEGORY = CATEGORY_PRESETS
    FUNCTION = "load"
    DESCRIPTION = (
        "Loads a distilled LoRA (Hyper-SD, Lightning, LCM, TCD, DMD2, PCM, Qwen / Wan Lightning, ...) as LoraLoader "
        "does, recognises its published recipe from the file (its SHA-256, else the SHA-256 of its tensors, else its "
        "name and folder, said to be unverified; its keys must fit the recipe's model family) and gives the recipe: "
        "SAMPLER and SIGMAS for SamplerCustom, steps, cfg and guidance. The MODEL carries the recipe, so the plain "
        "KSampler with sampler 'recipe' and scheduler 'recipe' samples it exactly. A file with no verified recipe is "
        "refused with what is known of it.")
    RETURN_TYPES = ("MODEL", "CLIP", "SAMPLER", "SIGMAS", "INT", "FLOAT", "FLOAT", "STRING")
    RETURN_NAMES = ("model", "clip", "sampler", "sigmas", "steps", "cfg", "guidance", "recipe")
    OUTPUT_TOOLTIPS = ("The model with the LoRA, carrying its recipe for KSampler's 'recipe' entries.",
                       "The CLIP with the LoRA (as given where there is none).", "The recipe's sampler.",
                       "The recipe's sigmas for this model (and the latent's size).",
                       "The recipe's steps: the file's, or the steps input.", "The recipe's CFG (1.0 = off).",
                       "The recipe's FLUX guidance for FluxGuidance (0 where the family has none).",
                       "Which recipe, and how the file was recognised.")

    @classmethod
    def INPUT_TYPES(cls):
        return {
            "required": {
                "model": ("MODEL", {"tooltip": "The base model the LoRA was distilled for."}),
                "lora_name": (folder_paths.get_filename_list("loras"), {"tooltip": "The distilled LoRA file."}),
                "recipe_strength": ("BOOLEAN", {"default": True, "tooltip": (
                    "Apply the LoRA at the recipe's strength (e.g. 0.125 for Hyper-FLUX); off: at strength_model.")}),
                "strength_model": ("FLOAT", {"default": 1.0, "min": -100.0, "max": 100.0, "step": 0.01, "tooltip": (
                    "The LoRA's strength on the model when recipe_strength is off.")}),
                "steps": ("INT", {"default": 0, "min": 0, "max": 50, "tooltip": (
                    "0: the file's step count (Hyper-SDXL-8steps: 8), else the recipe's first; or one the recipe "
                    "was published for.")}),
            },
            "optional": {
                "clip": ("CLIP", {"tooltip": "The text encoder, where the LoRA has text-encoder weights (SD1.5 / SDXL)."}),
                "latent": LATENT,
            },
        }

    def load(self, model, lora_name, recipe_strength, strength_model, steps, clip=None, latent=None):
        path = folder_paths.get_full_path("loras", lora_name)
        if path is None:
            raise ValueError(f"lora_name: {lora_name!r} is not in ComfyUI's loras folders")
        found = recognise(path, lora_name, hash_cache(), progress_bar())
        recipe = found.recipe
        if recipe is None:
            raise ValueError(f"lora_name: {found.text()}")
        if recipe.lora_strength is None:
            raise ValueError(f"lora_name: {found.text()}, which is a whole model, not a LoRA: load it as a checkpoint "
                             "or diffusion model and use the recipe node")
        recipe.check_model(model_kind(model))
        steps = recipe.check_steps(steps or found.steps or recipe.steps[0])
        if found.steps is not None and steps != found.steps:
            raise ValueError(f"steps: {lora_name} is {recipe.name} for {found.steps} steps, not {steps}")
        strength = recipe.lora_strength if recipe_strength else strength_model
        if clip is None:
            model = run_core_node("LoraLoaderModelOnly", model=model, lora_name=lora_name, strength_model=strength)[0]
        else:
            model, clip = run_core_node("LoraLoader", model=model, clip=clip, lora_name=lora_name,
                                        strength_model=strength, strength_clip=strength)
        size = pixel_size(model, latent)
        ms = model_sampling(model)
        sigmas = checked_schedule(ms, recipe.sigmas(ms, steps, *size), recipe.name)
        text = found.text() + f"; LoRA strength {strength:g}"
        attached = Attached(recipe, steps, size if recipe.schedule.needs_size else None, text)
        sampler = sampler_object(recipe.sampler, dict(recipe.sampler_options))
        return (attach(model, attached), clip, sampler, sigmas, steps, recipe.cfg_for(steps), recipe.guidance or 0.0,
                text)
