"""The published files the recogniser knows, as data: each recipe's own files (samplers/recipes.py), the names
their authors and the common repackagings give them, and the files that are known but have no verified recipe.

A file's SHA-256 is kept for every version published under its name (publishers replaced files: DMD2's LoRAs,
Hyper-SD3's, LCM-LoRA's), each with the page it was read from. Names are matched case- and
separator-insensitively on the file name, or on its last folders too where the name itself is generic
(`SDXL/lcm/pytorch_lora_weights.safetensors`, ComfyUI-Manager's save_path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..recipes import BY_NAME, RECIPES


@dataclass(frozen=True)
class Published:
    names: tuple[str, ...]  # file names (or folder/name paths) as published or repackaged
    recipe: str | None  # the recipe's name; None: known, but no verified recipe (`note` says why)
    steps: int | None = None  # the step count the file is for, where its recipe publishes several
    sha256: tuple[tuple[str, str], ...] = ()  # (SHA-256 of the whole file, the page it was read from), per version
    tensor_sha256: tuple[tuple[str, str], ...] = ()  # (SHA-256 of its tensor bytes, where the file was got), per version
    note: str = ""


_STEPS = re.compile(r"(\d+)[-_ ]?steps?(?![a-z])", re.I)


def steps_in_name(name: str, recipe) -> int | None:
    """The N of a file named for N steps (Hyper-SDXL-8steps-lora, sdxl_lightning_4step, ...), if its recipe
    publishes several step counts and N is one of them."""
    found = _STEPS.search(name)
    if found is None or len(recipe.steps) == 1:
        return None
    steps = int(found.group(1))
    return steps if steps in recipe.steps else None


GENERIC = {"pytorch_lora_weights.safetensors", "diffusion_pytorch_model.safetensors", "model.safetensors",
           "high_noise_model.safetensors", "low_noise_model.safetensors"}  # names that say nothing on their own


def identifies(recipe, f) -> bool:
    """Whether a recipe's file is its distilled weights: the LoRA of a LoRA recipe, else the model itself (not the
    base model, text encoders and VAEs a workflow loads beside it)."""
    if recipe.lora_strength is not None:
        return f.directory == "loras"
    return f.directory in ("checkpoints", "diffusion_models")


def _from_recipes() -> list[Published]:
    """Each recipe's distilled files, under the name the workflows save them as and their published name; a file
    two recipes name (Wan2.1 lightx2v: Euler, or re-noised as trained) gets the first."""
    seen, rows = set(), []
    for recipe in RECIPES:
        for f in (f for f in recipe.files if identifies(recipe, f) and f.name not in seen):
            seen.add(f.name)
            names = (f.name, *{f.url.rsplit("/", 1)[-1]} - {f.name} - GENERIC)
            rows.append(Published(names, recipe.name, steps_in_name(f.name, recipe)))
    return rows


def _named(recipe: str, *names: str, note: str = "") -> list[Published]:
    return [Published((name,), recipe, steps_in_name(name, BY_NAME[recipe]) if recipe else None, note=note)
            for name in names]


HYPER_CFG = ("a CFG-preserving LoRA: it is run with CFG above 1 (3 to 7 by its authors' card); no recipe here is "
             "published for it")
PUBLISHED = tuple(_from_recipes()) + tuple(
    # ByteDance/Hyper-SD's N-step LoRAs beyond the one the recipe data names, and its unified 1-step ones
    _named("Hyper-SD N-step LoRA", "Hyper-SD15-2steps-lora.safetensors", "Hyper-SD15-4steps-lora.safetensors",
           "Hyper-SD15-8steps-lora.safetensors", "Hyper-SDXL-2steps-lora.safetensors",
           "Hyper-SDXL-4steps-lora.safetensors")
    + _named("Hyper-SD unified 1-step LoRA", "Hyper-SD15-1step-lora.safetensors")
    # the generic diffusers names, recognisable only by the folder ComfyUI-Manager saves them in
    + _named("LCM / LCM-LoRA", "SD1.5/lcm/pytorch_lora_weights.safetensors", "SDXL/lcm/pytorch_lora_weights.safetensors",
             "SSD-1B/lcm/pytorch_lora_weights.safetensors", "lcm-lora-sdxl.safetensors", "sdxl_lcm_lora.safetensors")
    + _named("SDXL-Lightning", *(f"sdxl_lightning_{n}step_unet.safetensors" for n in (2, 4, 8)))
    # known files with no verified recipe: recognised, and never given another file's recipe
    + _named(None, *(f"Hyper-SD{base}-{n}steps-CFG-lora.safetensors" for base in ("15", "XL") for n in (8, 12)),
             note=HYPER_CFG)
    + _named(None, "sdxl_hyper_sd_8step_cfg_lora.safetensors", note=HYPER_CFG)
    + _named(None, "z_image_turbo_distill_patch_lora_bf16.safetensors",
             note="Comfy-Org's Z-Image-Turbo patch LoRA for the base Z-Image: its sampling is not published")
    + _named(None, *(f"Qwen-Image-Lightning-{n}steps-V{v}{dtype}.safetensors" for n in (4, 8) for v in ("1.1", "2.0")
                     for dtype in ("", "-bf16")),
             note="a later Qwen-Image-Lightning version; the recipe data holds V1.0's only")
)
