"""ComfyUI-FewStep: samplers and schedules that few-step distilled models were trained for."""

import logging

from .nodes import NODE_CLASS_MAPPINGS, NODE_DISPLAY_NAME_MAPPINGS
from .samplers.schedules import tcd_sigmas
from .samplers.tcd import sample_tcd

# Entries of the plain KSampler's dropdowns: name -> sampler function / scheduler(model_sampling, steps).
DROPDOWN_SAMPLERS = {"tcd": sample_tcd}
DROPDOWN_SCHEDULERS = {"tcd": tcd_sigmas}

try:
    from .registry import register

    register(DROPDOWN_SAMPLERS, DROPDOWN_SCHEDULERS)
except Exception:  # the nodes above must load even if the dropdowns cannot be extended
    logging.getLogger("FewStep").exception("FewStep: dropdown registration failed")

__all__ = ["NODE_CLASS_MAPPINGS", "NODE_DISPLAY_NAME_MAPPINGS"]
