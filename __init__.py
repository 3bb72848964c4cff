"""ComfyUI-FewStep: samplers and schedules that few-step distilled models were trained for."""

import logging

from .nodes import NODE_CLASS_MAPPINGS, NODE_DISPLAY_NAME_MAPPINGS
from .nodes.dropdowns import DROPDOWN_SAMPLERS, DROPDOWN_SCHEDULERS

try:
    from .registry import register

    register(DROPDOWN_SAMPLERS, DROPDOWN_SCHEDULERS)
except Exception:  # the nodes above must load even if the dropdowns cannot be extended
    logging.getLogger("FewStep").exception("FewStep: dropdown registration failed")

__all__ = ["NODE_CLASS_MAPPINGS", "NODE_DISPLAY_NAME_MAPPINGS"]
