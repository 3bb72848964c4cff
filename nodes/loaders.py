"""Loaders that recognise a distilled model's file and give its published recipe (samplers/recognition)."""

from __future__ import annotations

import os
import re

import comfy.utils
import folder_paths
import nodes

from ..samplers.recipes import RECIPES
from ..samplers.recognition import recognise
from ..samplers.recognition.safetensors import HashCache, read_header
from .aliases import recipe_aliases
from .attach import Attached, attach
from .common import CATEGORY_PRESETS, LATENT, model_kind, pixel_size, run_core_node
from .presets import recipe_for


# what every loader gives after the outputs of the core loader it runs (recipe_outputs)
RECIPE_RETURNS = ("SAMPLER", "SIGMAS", "INT", "FLOAT", "FLOAT", "STRING")
RECIPE_NAMES = ("sampler", "sigmas", "steps", "cfg", "guidance", "recipe")
LORA_RECIPES = [r for r in RECIPES if r.lora_strength is not None]
MODEL_RECIPES = [r for r in RECIPES if r.lora_strength is None]


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
    SEARCH_ALIASES = recipe_aliases(LORA_RECIPES) + ["lora loader", "distilled lora", "recipe from file",
                                                     "recognise lora"]
    DESCRIPTION = (
        "Loads a distilled LoRA (Hyper-SD, Lightning, LCM, TCD, DMD2, PCM, Qwen / Wan Lightning, ...) as LoraLoader "
        "does, recognises its published recipe from the file (its SHA-256, else the SHA-256 of its tensors, else its "
        "name and folder, said to be unverified; its keys must fit the recipe's model family) and gives the recipe: "
        "SAMPLER and SIGMAS for SamplerCustom, steps, cfg and guidance. The MODEL carries the recipe, so the plain "
        "KSampler with sampler 'recipe' and scheduler 'recipe' samples it exactly. A file with no verified recipe is "
        "refused with what is known of it.")
    RETURN_TYPES = ("MODEL", "CLIP") + RECIPE_RETURNS
    RETURN_NAMES = ("model", "clip") + RECIPE_NAMES
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
        recipe = lora_recipe(found, "lora_name")
        recipe.check_model(model_kind(model))  # before applying the LoRA to a model it has no keys for
        steps = checked_steps(found, steps)
        strength = recipe.lora_strength if recipe_strength else strength_model
        if clip is None:
            model = run_core_node("LoraLoaderModelOnly", model=model, lora_name=lora_name, strength_model=strength)[0]
        else:
            model, clip = run_core_node("LoraLoader", model=model, clip=clip, lora_name=lora_name,
                                        strength_model=strength, strength_clip=strength)
        model, *rest = recipe_outputs(model, found, steps, latent, f"{found.text()}; LoRA strength {strength:g}")
        return (model, clip, *rest)


def lora_recipe(found, what: str):
    """The recipe of a recognised LoRA file, or a ValueError naming `what` that says what is known of it."""
    recipe = found.recipe
    if recipe is None:
        raise ValueError(f"{what}: {found.text()}")
    if recipe.lora_strength is None:
        raise ValueError(f"{what}: {found.text()}, which is a whole model, not a LoRA: load it as a checkpoint or "
                         "diffusion model and use the recipe node")
    return recipe


def checked_steps(found, steps: int) -> int:
    """The steps input (0: the file's, else the recipe's first), one the recipe and the file were published for."""
    recipe = found.recipe
    steps = recipe.check_steps(steps or found.steps or recipe.steps[0])
    if found.steps is not None and steps != found.steps:
        raise ValueError(f"steps: {found.file} is {recipe.name} for {found.steps} steps, not {steps}")
    return steps


def recipe_outputs(model, found, steps, latent, text):
    """(the MODEL carrying the recipe, SAMPLER, SIGMAS for the model and the latent's size, steps, cfg, guidance,
    text) of a recognised file's recipe: the recipe node's outputs (presets.recipe_for), the recipe attached."""
    recipe = found.recipe
    size = pixel_size(model, latent)
    sampler, sigmas, model = recipe_for(model, recipe, steps, size)
    attached = Attached(recipe, steps, size if recipe.schedule.needs_size else None, text)
    return attach(model, attached), sampler, sigmas, steps, recipe.cfg_for(steps), recipe.guidance or 0.0, text


def _fingerprint(tensor) -> tuple:
    """A LoRA matrix as comparable between the file and a MODEL's patch: its shape and first values, in float32."""
    return tuple(tensor.shape), tensor.detach().flatten()[:16].float().cpu().numpy().tobytes()


def applied_loras(model) -> dict[tuple, float]:
    """{fingerprint of a down (A) matrix: the strength it was applied at} of every LoRA patch core's LoRA loaders
    put on a MODEL (comfy/model_patcher.py add_patches: (strength, adapter, ...) per weight; the adapter a
    LoRAAdapter whose weights are (up, down, alpha, ...) since late 2024, ("lora", (up, down, ...)) before)."""
    found = {}
    for patches in getattr(model, "patches", {}).values():
        for patch in patches:
            adapter = patch[1]
            weights = getattr(adapter, "weights", None)
            if weights is None and isinstance(adapter, tuple) and adapter[0] == "lora":
                weights = adapter[1]
            if weights is not None and getattr(weights[1], "ndim", 0) >= 2:
                found[_fingerprint(weights[1])] = patch[0]
    return found


DOWN = re.compile(r"lora_down|lora_a|lora\.down", re.I)  # a LoRA's down (A) matrices, in kohya / PEFT / diffusers names
TEXT_ENCODER = re.compile(r"lora_te\d?_|text_encoder|text_model", re.I)  # on the CLIP, not the MODEL


def lora_file_on(model) -> list[tuple[str, float]]:
    """The files (as the loras folders list them) of the LoRAs applied to `model`, with their strengths: the files
    whose first down (A) matrix on the diffusion model (not the text encoder) is one of the model's patches."""
    from safetensors import safe_open

    applied = applied_loras(model)
    matches = []
    for name in folder_paths.get_filename_list("loras") if applied else ():
        path = folder_paths.get_full_path("loras", name)
        try:
            header = read_header(path)
        except (OSError, ValueError):  # a .pt file, or not a LoRA
            continue
        down = next((k for k in sorted(header.shapes) if DOWN.search(k) and not TEXT_ENCODER.search(k)), None)
        if down is None:
            continue
        with safe_open(path, "pt") as f:
            strength = applied.get(_fingerprint(f.get_tensor(down)))
        if strength is not None:
            matches.append((name, strength))
    return matches


class FewStepRecipeFromModel:
    CATEGORY = CATEGORY_PRESETS
    FUNCTION = "recognise"
    SEARCH_ALIASES = recipe_aliases(LORA_RECIPES) + ["recipe from model", "which recipe", "recognise lora"]
    DESCRIPTION = (
        "Recognises the distilled LoRA that core's LoraLoader (or LoraLoaderModelOnly) already applied to a MODEL: "
        "the applied weights are matched to a file in the loras folders, which is recognised as the Distilled LoRA "
        "Loader recognises it. Gives the recipe (SAMPLER, SIGMAS, steps, cfg, guidance) and the MODEL carrying it "
        "for KSampler's 'recipe' sampler and scheduler, so an existing graph gains the recipe without rewiring its "
        "loaders. A LoRA strength other than the recipe's is said in the text.")
    RETURN_TYPES = ("MODEL",) + RECIPE_RETURNS
    RETURN_NAMES = ("model",) + RECIPE_NAMES
    OUTPUT_TOOLTIPS = FewStepDistilledLoraLoader.OUTPUT_TOOLTIPS[:1] + FewStepDistilledLoraLoader.OUTPUT_TOOLTIPS[2:]

    @classmethod
    def INPUT_TYPES(cls):
        return {
            "required": {
                "model": ("MODEL", {"tooltip": "A model with a distilled LoRA applied by core's LoraLoader."}),
                "steps": FewStepDistilledLoraLoader.INPUT_TYPES()["required"]["steps"],
            },
            "optional": {"latent": LATENT},
        }

    def recognise(self, model, steps, latent=None):
        matches = lora_file_on(model)
        if not matches:
            raise ValueError("model: no LoRA from the loras folders is applied to this model (a LoRA applied by core's "
                             "LoraLoader is found by its weights)")
        cache = hash_cache()
        found = [(recognise(folder_paths.get_full_path("loras", name), name, cache), strength)
                 for name, strength in matches]
        usable = [(r, s) for r, s in found if r.recipe is not None and r.recipe.lora_strength is not None]
        if not usable:
            raise ValueError("model: " + "; ".join(r.text() for r, _ in found))
        recognition, strength = usable[0]
        recipe = lora_recipe(recognition, "model")
        differs = "" if strength == recipe.lora_strength else f" (the recipe's is {recipe.lora_strength:g})"
        text = f"{recognition.text()}; LoRA strength {strength:g}{differs}"
        return recipe_outputs(model, recognition, checked_steps(recognition, steps), latent, text)


class WholeModelLoader:
    """A loader of distilled whole models (checkpoints or diffusion models) that gives their recipe: core's loader
    `CORE` loads the file; the recognised recipe rides on the MODEL as the LoRA loader's does."""

    CATEGORY = CATEGORY_PRESETS
    FUNCTION = "load"
    FOLDER = CORE = ""
    CORE_OUTPUTS: tuple = ()  # the core loader's output types; the node gives them, then the recipe's

    def __init_subclass__(cls):
        cls.RETURN_TYPES = cls.CORE_OUTPUTS + RECIPE_RETURNS
        cls.RETURN_NAMES = tuple(t.lower() for t in cls.CORE_OUTPUTS) + RECIPE_NAMES

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"name": (folder_paths.get_filename_list(cls.FOLDER), {"tooltip": (
                    "The distilled model file (SDXL-Lightning, SDXL-Turbo, FLUX.1-schnell, FLUX.2 klein, SD3.5 Large "
                    "Turbo, Z-Image-Turbo, HiDream-I1, LTX-2 distilled, ...).")}),
                             "steps": FewStepDistilledLoraLoader.INPUT_TYPES()["required"]["steps"]},
                "optional": {"latent": LATENT}}

    def load(self, name, steps, latent=None):
        path = folder_paths.get_full_path(self.FOLDER, name)
        if path is None:
            raise ValueError(f"name: {name!r} is not in ComfyUI's {self.FOLDER} folders")
        found = recognise(path, name, hash_cache(), progress_bar())
        if found.recipe is None:
            raise ValueError(f"name: {found.text()}")
        if found.recipe.lora_strength is not None:
            raise ValueError(f"name: {found.text()}, a LoRA: load it with the Distilled LoRA Loader")
        core = nodes.NODE_CLASS_MAPPINGS[self.CORE]
        accepted = {**core.INPUT_TYPES()["required"], **core.INPUT_TYPES().get("optional", {})}
        inputs = {key: value for key, value in self.core_inputs(name).items() if key in accepted}
        loaded = run_core_node(self.CORE, **inputs)
        model, *rest = recipe_outputs(loaded[0], found, checked_steps(found, steps), latent, found.text())
        return (model, *loaded[1:len(self.CORE_OUTPUTS)], *rest)


class FewStepDistilledCheckpointLoader(WholeModelLoader):
    SEARCH_ALIASES = recipe_aliases(MODEL_RECIPES) + ["checkpoint loader", "distilled checkpoint",
                                                      "recipe from file"]
    DESCRIPTION = ("Loads a distilled checkpoint as CheckpointLoaderSimple does and recognises its published recipe "
                   "from the file, as the Distilled LoRA Loader does for LoRAs: MODEL (carrying the recipe for "
                   "KSampler's 'recipe' entries), CLIP and VAE, and the recipe's SAMPLER, SIGMAS, steps, cfg and guidance.")
    FOLDER, CORE, CORE_OUTPUTS = "checkpoints", "CheckpointLoaderSimple", ("MODEL", "CLIP", "VAE")

    @staticmethod
    def core_inputs(name):
        return {"ckpt_name": name}


class FewStepDistilledDiffusionModelLoader(WholeModelLoader):
    SEARCH_ALIASES = recipe_aliases(MODEL_RECIPES) + ["unet loader", "diffusion model loader",
                                                      "recipe from file"]
    DESCRIPTION = ("Loads a distilled diffusion model as UNETLoader does (default weight dtype) and recognises its "
                   "published recipe from the file: MODEL (carrying the recipe for KSampler's 'recipe' entries) and "
                   "the recipe's SAMPLER, SIGMAS, steps, cfg and guidance.")
    FOLDER = "diffusion_models" if "diffusion_models" in folder_paths.folder_names_and_paths else "unet"
    CORE, CORE_OUTPUTS = "UNETLoader", ("MODEL",)

    @staticmethod
    def core_inputs(name):
        return {"unet_name": name, "weight_dtype": "default"}
