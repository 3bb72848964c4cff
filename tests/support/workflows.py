"""Example workflows (UI format) checked and run the way ComfyUI's frontend would submit them."""

from __future__ import annotations

import json
from pathlib import Path

from harness.departures import TINY_FLOW

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / "workflows").glob("*.json"))
FRONTEND_ONLY = {"Note", "MarkdownNote", "Reroute", "PrimitiveNode"}  # never sent to the server
WIDGET_TYPES = {"INT", "FLOAT", "STRING", "BOOLEAN", "COMBO"}
DYNAMIC_COMBO = "COMFY_DYNAMICCOMBO_V3"  # a combo whose choice brings widgets of its own (SaveVideo's format)


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def extra(spec) -> dict:
    return spec[1] if len(spec) > 1 and isinstance(spec[1], dict) else {}


def widget_type(spec) -> str | None:
    """INT, FLOAT, ...: the widget of an input that takes several types ("FLOAT,INT") is its widgetType."""
    return extra(spec).get("widgetType", spec[0]) if isinstance(spec[0], str) else None


def options(spec) -> list | None:
    """The choices of a combo input (V1 `[...]`, V3 `"COMBO", {"options": [...]}`, or a dynamic combo's keys),
    else None."""
    if isinstance(spec[0], list):
        return spec[0]
    if spec[0] == DYNAMIC_COMBO:
        return [option["key"] for option in spec[1]["options"]]
    return spec[1].get("options") if spec[0] == "COMBO" and len(spec) > 1 else None


def widget_inputs(inputs: dict, order: dict | None = None):
    """(name, spec) of a node's widget inputs (`inputs`: its object_info "input", or a dynamic combo option's),
    in the order the frontend lays out widgets (a hidden one too: SaveVideo's codec)."""
    order = order or {k: list(v) for k, v in inputs.items()}
    for group in ("required", "optional"):
        for name in order.get(group, []):
            spec = inputs[group][name]
            if isinstance(spec[0], list) or widget_type(spec) in (*WIDGET_TYPES, DYNAMIC_COMBO):
                yield name, spec


def has_control_widget(name, spec) -> bool:
    """The frontend adds a 'control_after_generate' value after seed widgets."""
    return widget_type(spec) == "INT" and (name in ("seed", "noise_seed")
                                           or bool(extra(spec).get("control_after_generate")))


def widgets(node: dict, info: dict) -> list:
    """(input name, spec, value) of a node's widgets; a dynamic combo's own widgets follow its value, named
    "combo.widget" as the frontend queues them. A ValueError where the node has more or fewer values."""
    values = list(node.get("widgets_values", []))
    linked = {i["name"] for i in node.get("inputs", []) if i.get("link") is not None}

    def take():
        if not values:
            raise ValueError(f"node {node['id']} {node['type']}: fewer widget values than widgets")
        return values.pop(0)

    def read(inputs, prefix=""):
        for name, spec in inputs:
            if name in linked:
                continue
            value = take()
            yield prefix + name, spec, value
            if has_control_widget(name, spec):
                take()
            if spec[0] == DYNAMIC_COMBO:
                for option in (option for option in spec[1]["options"] if option["key"] == value):
                    yield from read(widget_inputs(option["inputs"]), f"{prefix}{name}.")

    found = list(read(widget_inputs(info["input"], info.get("input_order"))))
    if values:
        raise ValueError(f"node {node['id']} {node['type']}: widget values {values} left over")
    return found


def widget_values(node: dict, info: dict) -> dict:
    return {name: value for name, _, value in widgets(node, info)}


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
        try:
            values = widgets(node, info)
        except ValueError as error:
            found.append(str(error))
            continue
        for name, spec, value in values:
            choices, limits = options(spec), extra(spec)
            if choices is not None and value not in choices:
                found.append(f"node {node['id']} {node['type']}.{name}: {value!r} not in its list")
            elif widget_type(spec) in ("INT", "FLOAT") and not limits.get("min", value) <= value \
                    <= limits.get("max", value):
                found.append(f"node {node['id']} {node['type']}.{name}: {value!r} out of range")
    return found


def skip_unless_runnable(workflow: dict, object_info: dict, host) -> None:
    """Skip a workflow whose model family's class this ComfyUI lacks (LTX-2's and MiniMax-H3's in 0.3.75; every
    flow family's in 2024-03), naming it, or whose core nodes it lacks, which only a host without flow models may
    (2024-03); the pack's own nodes must be there."""
    import pytest

    from harness.host import HOSTS

    lacking = {n["type"] for n in workflow["nodes"]} - set(object_info) - FRONTEND_ONLY
    assert not {t for t in lacking if t.startswith("FewStep")}, lacking
    family_name = family(workflow, host.pack_module("samplers.recipes"))
    if family_name in TINY_FLOW and TINY_FLOW[family_name] not in host.tiny.flow.FAMILIES:
        pytest.skip(f"this ComfyUI has no {family_name} model class")
    assert not (lacking and HOSTS[host.name].flow_models), \
        f"this ComfyUI, which has the flow models, lacks {sorted(lacking)}"
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


# What stands in for the nodes that need a flow family's full-size text encoders, VAEs or latent upscaler (the
# loaders they leave unused are dropped), by the node they replace: (test node, the inputs it keeps); see
# harness/tiny_models. CLIPTextEncode becomes the tiny family's conditioning.
STAND_INS = {
    "VAEDecode": ("FewStepTestLatentImage", ("samples",)),
    "VAEDecodeTiled": ("FewStepTestLatentImage", ("samples",)),
    "VAEDecodeAudio": ("FewStepTestLatentAudio", ("samples",)),
    "LTXVAudioVAEDecode": ("FewStepTestLatentAudio", ("samples",)),
    "LTXVLatentUpsampler": ("FewStepTestLatentUpscale", ("samples",)),
    "LTXVEmptyLatentAudio": ("FewStepTestLTXVAudioLatent", ("frames_number", "frame_rate", "batch_size")),
}


def tiny(prompt: dict, family_name: str | None, families: dict) -> dict:
    """A flow workflow's prompt for the tiny models (`families`: harness/tiny_models/flow.py FAMILIES as the host
    has them): its text encoders, VAEs and latent upscaler are ComfyUI's full-size architectures, so the nodes
    that use them become STAND_INS and the loaders they leave unused are dropped; a family that detection
    cannot load from a file (HiDream) is built by FewStepTestFlowModel instead of UNETLoader. The sampling
    part runs unchanged."""
    if family_name not in TINY_FLOW:
        return prompt
    flow = TINY_FLOW[family_name]
    for node in prompt.values():
        if node["class_type"] == "CLIPTextEncode":
            node.update(class_type="FewStepTestFlowConditioning", inputs={"family": flow, "seed": 0})
        elif node["class_type"] in STAND_INS:
            class_type, kept = STAND_INS[node["class_type"]]
            node.update(class_type=class_type, inputs={name: node["inputs"][name] for name in kept})
        elif node["class_type"] == "UNETLoader" and families[flow].get("direct"):
            node.update(class_type="FewStepTestFlowModel", inputs={"family": flow, "seed": 0})
    used = {value[0] for node in prompt.values() for value in node["inputs"].values() if isinstance(value, list)}
    return {key: node for key, node in prompt.items() if key in used or not node["class_type"].endswith("Loader")}


def tiny_inputs(host, recipe) -> dict:
    """API nodes "model", "cond" and "latent" (its last node) of a tiny model of the recipe's family: SD1.5 / SDXL,
    the tiny checkpoint kept under the first checkpoint the recipe data names, with its tiny CLIP; a flow family,
    its tiny model of the real class (harness/tiny_models/flow.py) and its empty latent. Skips, naming the family,
    where this host has no such model class."""
    import pytest

    from harness import graphs

    flow = TINY_FLOW.get(recipe.families[0].name)
    if flow is None:
        model_file = next(f for f in recipe.all_files if f.directory == "checkpoints")
        return {"model": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": model_file.name}},
                "cond": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["model", 1], "text": "a cat"}},
                "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64, "batch_size": 1}}}
    if flow not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no {recipe.families[0].name} model")
    return {"model": {"class_type": "FewStepTestFlowModel", "inputs": {"family": flow, "seed": 0}},
            "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": flow, "seed": 0}},
            **graphs.flow_latent(flow, host.tiny.flow.FAMILIES[flow], 64)}
