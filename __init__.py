"""ComfyUI-FewStep: samplers and schedules that few-step distilled models were trained for."""

import logging

from .nodes import NODE_CLASS_MAPPINGS, NODE_DISPLAY_NAME_MAPPINGS
from .nodes.common import PACK_SAMPLERS
from .samplers.recipes import QWEN_LIGHTNING, WAN22_LIGHTNING
from .samplers.schedules import ays_sd1_sigmas, ays_sdxl_sigmas, tcd_sigmas, trailing_sigmas

# Entries of the plain KSampler's scheduler dropdown: name -> fn(model_sampling, steps).
# "tcd" and "lcm" are the same 50-step grid, under the name each model's users look for. The flow
# entries are exact on the model as loaded, whatever its shift (a flow model's timestep is sigma x
# multiplier); schedules that depend on the image size cannot be dropdown entries.
DROPDOWN_SCHEDULERS = {"tcd": tcd_sigmas, "lcm": tcd_sigmas, "trailing": trailing_sigmas,
                       "ays_sd1": ays_sd1_sigmas, "ays_sdxl": ays_sdxl_sigmas,
                       "wan_lightning": lambda ms, steps: WAN22_LIGHTNING.sigmas(ms, steps),
                       "qwen_lightning": lambda ms, steps: QWEN_LIGHTNING.sigmas(ms, steps)}

try:
    from .registry import register

    register(PACK_SAMPLERS, DROPDOWN_SCHEDULERS)
except Exception:  # the nodes above must load even if the dropdowns cannot be extended
    logging.getLogger("FewStep").exception("FewStep: dropdown registration failed")

__all__ = ["NODE_CLASS_MAPPINGS", "NODE_DISPLAY_NAME_MAPPINGS"]
