"""How far ComfyUI's own defaults are from each flow recipe's published schedule, measured with
ComfyUI's classes: a tiny model of the family's real class loaded by the real UNETLoader (so its
model sampling, hence its shift, is the family's as loaded) and core's schedulers.

The README's departures table is this module's output (`scripts/readme_tables.py`), and an
integration test recomputes it in the host it names.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

# the recipe data's families -> the tiny model family of tiny_models/flow.py that loads as their class
TINY_FLOW = {"FLUX.1": "flux", "FLUX.2": "flux2", "SD3": "sd3", "Qwen-Image": "qwen_image",
             "Wan2.1 / Wan2.2 A14B": "wan21", "Z-Image": "zimage"}
SCHNELL = {"FLUX.1-schnell": "flux_schnell"}  # FLUX.1-schnell loads with its own config (static shift 1)
CORE = ("simple", "normal", "sgm_uniform", "beta")  # core schedulers that apply to flow models
SIZES = ((1024, 1024), (832, 1216))  # where the recipe's schedule depends on the size


def tiny_family(recipe) -> str:
    return SCHNELL.get(recipe.name) or TINY_FLOW[recipe.families[0].name]


def departures(host) -> list[dict]:
    """Per flow recipe: the max |sigma difference| from its schedule of core's `simple` on the model as
    loaded (ComfyUI's default), and of the closest core scheduler, over its step counts (and sizes)."""
    import comfy.samplers

    recipes = host.pack_module("samplers.recipes")
    folder = Path(tempfile.mkdtemp(prefix="fewstep_departures_"))
    host.add_model_dir(folder)
    samplings, rows = {}, []
    for recipe in (r for r in recipes.RECIPES if r.schedule.flow):
        tiny = tiny_family(recipe)
        if tiny not in samplings:
            host.tiny.flow.write_unet(folder / f"{tiny}.safetensors", tiny)
            samplings[tiny] = host.load_unet(f"{tiny}.safetensors").get_model_object("model_sampling")
        ms = samplings[tiny]
        worst = dict.fromkeys(CORE, 0.0)
        for steps in recipe.steps:
            for width, height in SIZES if recipe.schedule.needs_size else SIZES[:1]:
                reference = recipe.sigmas(ms, steps, width, height)
                for scheduler in CORE:
                    core = comfy.samplers.calculate_sigmas(ms, scheduler, steps).float().cpu()
                    worst[scheduler] = max(worst[scheduler], (core - reference).abs().max().item())
        closest = min(CORE, key=worst.get)
        rows.append({"recipe": recipe.name, "steps": recipe.steps, "default": worst["simple"],
                     "closest": closest, "closest_d": worst[closest], "sizes": recipe.schedule.needs_size})
    return rows


def table(host) -> str:
    steps_text = host.pack_module("samplers.recipes").steps_text
    lines = [f"Measured in {host.name} with its own classes: a tiny model of each family's real class as "
             "loaded, core's schedulers, against the published schedule (max |sigma difference| over the "
             "published step counts; at 1024x1024 and 832x1216 where the schedule depends on the size). "
             "FewStep's presets are within 1e-6 of the reference everywhere (tests/unit/test_flow.py).", "",
             "| recipe | steps | ComfyUI default (family shift, `simple`) off by | closest core scheduler, model as loaded |",
             "|---|---|---|---|"]
    for row in departures(host):
        default = "exact" if row["default"] < 1e-6 else f"{row['default']:.3g}"
        closest = "exact" if row["closest_d"] < 1e-6 else f"{row['closest_d']:.3g}"
        lines.append(f"| {row['recipe']} | {steps_text(row['steps'])} | {default} | `{row['closest']}`: {closest} |")
    return "\n".join(lines)
