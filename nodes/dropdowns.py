"""Entries of the plain KSampler's dropdowns: samplers (the pack's, and `recipe`) and schedulers, name ->
fn(model_sampling, steps).

"tcd" and "lcm" are the same 50-step grid, under the name each model's users look for. The flow
entries are exact on the model as loaded, whatever its shift (a flow model's timestep is sigma x
multiplier); schedules that depend on the image size cannot be dropdown entries. Every entry's
sigmas go through the pack's schedule check, and its errors speak of KSampler's widgets: KSampler
asks a scheduler for int(steps / denoise) steps and keeps the last `steps`.
"""

from ..samplers.recipes import QWEN_LIGHTNING, WAN22_LIGHTNING
from ..samplers.schedules import GRID_STEPS, ays_sd1_sigmas, ays_sdxl_sigmas, tcd_sigmas, trailing_sigmas
from .attach import recipe_sigmas, sample_recipe
from .common import PACK_SAMPLERS, checked_schedule


def grid_sigmas(model_sampling, steps):
    if steps > GRID_STEPS:
        raise ValueError(
            f"steps: the TCD / LCM grid has {GRID_STEPS} timesteps, and KSampler asked scheduler tcd / lcm for "
            f"{steps} (its steps, divided by denoise below 1: 10 steps at denoise 0.1 ask for 100); keep "
            f"steps / denoise at {GRID_STEPS} or less")
    return tcd_sigmas(model_sampling, steps)


def entry(name, make):
    def scheduler(model_sampling, steps):
        return checked_schedule(model_sampling, make(model_sampling, steps), f"scheduler {name}")
    scheduler.__name__ = f"fewstep_{name}"
    return scheduler


DROPDOWN_SCHEDULERS = {name: entry(name, make) for name, make in {
    "tcd": grid_sigmas, "lcm": grid_sigmas, "trailing": trailing_sigmas,
    "ays_sd1": ays_sd1_sigmas, "ays_sdxl": ays_sdxl_sigmas,
    "wan_lightning": WAN22_LIGHTNING.sigmas, "qwen_lightning": QWEN_LIGHTNING.sigmas,
}.items()} | {"recipe": recipe_sigmas}  # the recipe a loader attached to the model (nodes/attach.py)
DROPDOWN_SAMPLERS = {**PACK_SAMPLERS, "recipe": sample_recipe}
