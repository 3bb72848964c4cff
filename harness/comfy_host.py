"""Boot a real ComfyUI in this process and run API-format prompts through its executor.

What `main.py` does, in the order it must happen (see `harness/host.py` for the setup):
`--cpu` before `comfy` is imported, the top-level `utils` package before `nodes` (which
puts `comfy/` first on sys.path), a PromptServer before custom nodes load, then the
custom nodes through ComfyUI's own loader, which finds this pack in `custom_nodes/`.
Works with every host's API (0.3.75 and 0.33.0: async loader and validator; 2024-03: sync).
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import uuid
from pathlib import Path

from .host import HOSTS, PACK_NAME

TINY_PACK = Path(__file__).resolve().parent / "tiny_models"


class PromptError(RuntimeError):
    """A prompt that ComfyUI refused or that failed while executing; carries ComfyUI's message and, for a
    failed node, the exception's type and the node's type as the executor reports them."""

    def __init__(self, message, exception_type: str | None = None, node_type: str | None = None):
        super().__init__(message)
        self.exception_type, self.node_type = exception_type, node_type


class NoCache(dict):
    """Cache arguments for any executor: every budget it reads ("lru", "ram", and since 2026
    "ram_inactive") is 0, so no executor version finds a key missing."""

    def __missing__(self, key):
        return 0


class Host:
    def __init__(self, name: str, output_dir: Path | None = None, first_packs: tuple[Path, ...] = ()):
        """Boot host `name`; `first_packs` load before the tree's custom_nodes/ (to test load order)."""
        if name not in HOSTS:
            raise ValueError(f"unknown host {name!r}; one of {sorted(HOSTS)}")
        self.name, self.tree = name, HOSTS[name].tree
        sys.argv = [sys.argv[0], "--cpu"]
        sys.path.insert(0, str(self.tree))
        import comfy.options

        comfy.options.enable_args_parsing()
        try:
            import utils.extra_config  # noqa: F401  (0.3.75: must win over comfy/utils.py)
        except ImportError:
            pass
        import execution
        import folder_paths
        import nodes
        import server

        self.execution, self.nodes, self.folder_paths = execution, nodes, folder_paths
        if output_dir is not None:
            folder_paths.set_output_directory(str(output_dir))
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.server = server.PromptServer(self.loop)
        for pack in first_packs:
            self.load_pack(pack)
        if hasattr(nodes, "init_extra_nodes"):
            self._await(nodes.init_extra_nodes(init_custom_nodes=True, init_api_nodes=False))
        else:
            nodes.init_custom_nodes()
        self.load_pack(TINY_PACK)
        params = inspect.signature(execution.PromptExecutor).parameters
        kwargs = {"cache_args": NoCache(lru=0, ram=0)} if "cache_args" in params else {}
        self.executor = execution.PromptExecutor(self.server, **kwargs)

    def _await(self, value):
        return self.loop.run_until_complete(value) if inspect.isawaitable(value) else value

    @staticmethod
    def loaded(folder_name: str):
        """A custom node pack's module, as ComfyUI's loader imported it (names differ by version)."""
        for name, module in list(sys.modules.items()):
            if name.endswith(folder_name) and hasattr(module, "NODE_CLASS_MAPPINGS"):
                return module
        raise LookupError(f"{folder_name} was not loaded by ComfyUI")

    @property
    def pack(self):
        return self.loaded(PACK_NAME)

    def pack_module(self, name: str):
        """A submodule of this pack as ComfyUI imported it, e.g. "samplers.schedules"."""
        return sys.modules[f"{self.pack.__name__}.{name}"]

    @property
    def tiny(self):
        """The tiny-models support pack (harness/tiny_models)."""
        return self.loaded(TINY_PACK.name)

    def load_pack(self, path: Path) -> bool:
        """Load one more custom node pack through ComfyUI's loader."""
        return bool(self._await(self.nodes.load_custom_node(str(path))))

    def add_model_dir(self, path: Path, kind: str = "unet") -> None:
        """Let ComfyUI's loaders of `kind` ("unet", "checkpoints", "loras") find model files in `path`."""
        if kind == "unet" and "diffusion_models" in self.folder_paths.folder_names_and_paths:
            kind = "diffusion_models"  # 0.3.75's name; "unet" is its alias
        self.folder_paths.add_model_folder_path(kind, str(path))

    def load_checkpoint(self, file_name: str, folder: Path):
        """The MODEL of a checkpoint file in `folder`, through ComfyUI's own checkpoint loader."""
        import comfy.sd
        import torch

        with torch.no_grad():  # as the executor runs loaders (2024-03's CLIP init needs it)
            return comfy.sd.load_checkpoint_guess_config(str(folder / file_name))[0]

    def load_unet(self, file_name: str):
        """A MODEL from ComfyUI's own UNETLoader (2024-03's has no weight_dtype input)."""
        loader = self.nodes.UNETLoader()
        if "weight_dtype" in inspect.signature(loader.load_unet).parameters:
            return loader.load_unet(file_name, "default")[0]
        return loader.load_unet(file_name)[0]

    def call_node(self, node_type: str, **inputs) -> tuple:
        """One node's outputs, called directly (V1 nodes by their FUNCTION, V3 nodes by `execute`)."""
        cls = self.nodes.NODE_CLASS_MAPPINGS[node_type]
        if hasattr(cls, "define_schema"):
            return tuple(cls.execute(**inputs).result)
        return getattr(cls(), cls.FUNCTION)(**inputs)

    def validate(self, prompt: dict):
        if len(inspect.signature(self.execution.validate_prompt).parameters) == 1:
            return self.execution.validate_prompt(prompt)
        return self._await(self.execution.validate_prompt(str(uuid.uuid4()), prompt, None))

    def run(self, prompt: dict) -> dict:
        """Validate and execute an API-format prompt; return the UI outputs by node id."""
        valid = self.validate(prompt)
        if not valid[0]:
            raise PromptError(f"prompt refused: {valid[1]} {valid[3]}")
        self.executor.execute(prompt, str(uuid.uuid4()), {}, valid[2])
        if not self.executor.success:
            errors = [data for event, data in self.executor.status_messages if event == "execution_error"]
            if not errors:
                raise PromptError("execution failed")
            raise PromptError(errors[0].get("exception_message", errors), errors[0].get("exception_type"),
                              errors[0].get("node_type"))
        if hasattr(self.executor, "history_result"):
            return self.executor.history_result["outputs"]
        return self.executor.outputs_ui
