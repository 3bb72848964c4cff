"""Search aliases: the words users type in the node library's search (read from SEARCH_ALIASES by ComfyUI's
server, V1 nodes too), made from the recipe data: recipe and family names, the words of the published file
names, "<model> lora", "<model> distilled" and "<model> <N> step" for each published step count, and the general
words a few-step setup is looked for with."""

from __future__ import annotations

import re

FEW_STEP = ("few step", "fewstep", "distilled", "turbo", "lightning", "fast", "4 step", "8 step")


def _words(name: str) -> str:
    """A file or recipe name as words: 'Hyper-SDXL-8steps-lora.safetensors' -> 'hyper sdxl 8steps lora'."""
    return " ".join(re.split(r"[-_. /()]+", name.lower().removesuffix(".safetensors"))).strip()


def _model(name: str) -> str:
    """The model word of a name as users type it: 'Wan2.1 / Wan2.2 A14B' -> 'wan', 'DMD2 4-step' -> 'dmd2'."""
    word = re.match(r"[a-z]+\d?", name.lower()).group(0)
    return word if word.rstrip("0123456789") in ("dmd", "sd") else word.rstrip("0123456789")


def recipe_aliases(recipes) -> list[str]:
    """Aliases of a node that gives these recipes: their names, families and files, with the general words."""
    found = dict.fromkeys(FEW_STEP)
    for recipe in recipes:
        models = {_model(recipe.name), *(_model(f.name) for f in recipe.families)}
        found.update(dict.fromkeys([
            recipe.name.lower(), _words(recipe.name), *(f.name.lower() for f in recipe.families),
            *(_words(f.name) for f in recipe.files if f.directory in ("loras", "checkpoints", "diffusion_models")),
            *(f"{m} distilled" for m in models), *(f"{m} lora" for m in models if recipe.lora_strength is not None),
            *(f"{m} {n} step" for m in models for n in recipe.steps[:3])]))
    return list(found)
