"""ComfyUI-FewStep: samplers and schedules that few-step distilled models were trained for."""

import logging

from .nodes import NODE_CLASS_MAPPINGS, NODE_DISPLAY_NAME_MAPPINGS
from .nodes.dropdowns import DROPDOWN_SAMPLERS, DROPDOWN_SCHEDULERS

try:
    from .registry import register

    register(DROPDOWN_SAMPLERS, DROPDOWN_SCHEDULERS)
except Exception:  # the nodes above must load even if the dropdowns cannot be extended
    logging.getLogger("FewStep").exception("FewStep: dropdown registration failed")

# served at /extensions/<this folder>/ (ComfyUI's nodes.load_custom_node); the frontend's node-docs panel reads
# docs/<node>.md there (scripts/make_docs.py writes them)
WEB_DIRECTORY = "./web"

__all__ = ["NODE_CLASS_MAPPINGS", "NODE_DISPLAY_NAME_MAPPINGS", "WEB_DIRECTORY"]
