"""Example workflows (UI format) checked and run the way ComfyUI's frontend would submit them."""

from __future__ import annotations

import json
from pathlib import Path

from harness.departures import TINY_FLOW

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / "workflows").glob("*.json"))
FRONTEND_ONLY = {"Note", "MarkdownNote", "Reroute", "PrimitiveNode"}  # never sent to the server
WIDGET_TYPES = {"INT", "FLOAT", "STRING", "BOOLEAN", "COMBO"}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def options(spec) -> list | None:
    """The choices of a combo input (V1 `[...]` or V3 `"COMBO", {"options": [...]}`), else None."""
    if isinstance(spec[0], list):
        return spec[0]
    return spec[1].get("options") if spec[0] == "COMBO" and len(spec) > 1 else None


def widget_inputs(info: dict):
    """(name, spec) of a node's widget inputs, in the order the frontend lays out widgets."""
    order = info.get("input_order") or {k: list(v) for k, v in info["input"].items()}
    for group in ("required", "optional"):
        for name in order.get(group, []):
            spec = info["input"][group][name]
            if isinstance(spec[0], list) or spec[0] in WIDGET_TYPES:
                yield name, spec


def has_control_widget(name, spec) -> bool:
    """The frontend adds a 'control_after_generate' value after seed widgets."""
    extra = spec[1] if len(spec) > 1 else {}
    return spec[0] == "INT" and (name in ("seed", "noise_seed") or bool(extra.get("control_after_generate")))


def widget_values(node: dict, info: dict) -> dict:
    values = iter(node.get("widgets_values", []))
    linked = {i["name"] for i in node.get("inputs", []) if i.get("link") is not None}
    out = {}
    for name, spec in widget_inputs(info):
        if name in linked:
            continue
        out[name] = next(values)
        if has_control_widget(name, spec):
            next(values)
    return out


def problems(workflow: dict, object_info: dict) -> list[str]:
    """Missing node types and widget values the server would refuse."""
    found = []
    for node in workflow["nodes"]:
        if node["type"] in FRONTEND_ONLY:
            continue
        info = object_info.get(node["type"])
        if info is None:
            found.append(f"node {node['id']}: type {node['type']} is not in /object_info")
            continue
        specs = dict(widget_inputs(info))
        for name, value in widget_values(node, info).items():
            spec, choices = specs[name], options(specs[name])
            limits = spec[1] if len(spec) > 1 and isinstance(spec[1], dict) else {}
            if choices is not None and value not in choices:
                found.append(f"node {node['id']} {node['type']}.{name}: {value!r} not in its list")
            elif spec[0] in ("INT", "FLOAT") and not limits.get("min", value) <= value <= limits.get("max", value):
                found.append(f"node {node['id']} {node['type']}.{name}: {value!r} out of range")
    return found


def skip_unless_runnable(workflow: dict, object_info: dict, flow_models: bool) -> None:
    """Skip a workflow whose core nodes this ComfyUI lacks, which only a host without flow models may
    (2024-03, `flow_models` False); the pack's own nodes must be there."""
    import pytest

    lacking = {n["type"] for n in workflow["nodes"]} - set(object_info) - FRONTEND_ONLY
    assert not {t for t in lacking if t.startswith("FewStep")}, lacking
    assert not (lacking and flow_models), f"this ComfyUI, which has the flow models, lacks {sorted(lacking)}"
    if lacking:
        pytest.skip(f"this ComfyUI has no {', '.join(sorted(lacking))}")


def to_api(workflow: dict, object_info: dict) -> dict:
    """The API-format prompt the frontend would queue for this workflow."""
    links = {link[0]: link for link in workflow["links"]}
    prompt = {}
    for node in workflow["nodes"]:
        if node["type"] in FRONTEND_ONLY or node.get("mode", 0) != 0:
            continue
        inputs = widget_values(node, object_info[node["type"]])
        for entry in node.get("inputs", []):
            if entry.get("link") is not None:
                _, source, slot, *_ = links[entry["link"]]
                inputs[entry["name"]] = [str(source), slot]
        prompt[str(node["id"])] = {"class_type": node["type"], "inputs": inputs}
    return prompt


MODEL_LOADERS = ("CheckpointLoaderSimple", "UNETLoader")


def family(workflow: dict, recipes) -> str | None:
    """The model family a workflow's diffusion model belongs to, by the recipe data (`recipes`: the pack's
    samplers.recipes module as the host imported it; None: no declared model)."""
    owner = {f.name: fam.name for fam in recipes.FAMILIES for f in fam.files}
    owner.update({f.name: r.families[0].name for r in recipes.RECIPES if len(r.families) == 1 for f in r.files})
    for node in workflow["nodes"]:
        if node["type"] in MODEL_LOADERS and node["properties"].get("models"):
            return owner[node["properties"]["models"][0]["name"]]
    return None


def declared_files(recipes) -> dict[tuple[str, str], str | None]:
    """{(directory, file name): family} of every model file the workflows declare."""
    files = {}
    for path in WORKFLOWS:
        workflow = load(path)
        for node in workflow["nodes"]:
            for model in node["properties"].get("models", []):
                files[model["directory"], model["name"]] = family(workflow, recipes)
    return files


def tiny(prompt: dict, family_name: str | None) -> dict:
    """A flow workflow's prompt for the tiny models: its text encoders and VAE are ComfyUI's full-size
    architectures, so CLIPTextEncode becomes the tiny model's conditioning and VAEDecode a latent-to-image
    node, and the loaders they leave unused are dropped; the sampling part runs unchanged."""
    if family_name not in TINY_FLOW:
        return prompt
    for node in prompt.values():
        if node["class_type"] == "CLIPTextEncode":
            node.update(class_type="FewStepTestFlowConditioning", inputs={"family": TINY_FLOW[family_name], "seed": 0})
        elif node["class_type"] == "VAEDecode":
            node.update(class_type="FewStepTestLatentImage", inputs={"samples": node["inputs"]["samples"]})
    used = {value[0] for node in prompt.values() for value in node["inputs"].values() if isinstance(value, list)}
    return {key: node for key, node in prompt.items()
            if key in used or node["class_type"].startswith("Save")}
