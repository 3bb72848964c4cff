"""The example workflows: valid for the real server's /object_info, listed as templates, and run."""


import pytest
import torch

from conftest import get_json
from harness.host import PACK_NAME
from support import workflows

NAMES = [path.stem for path in workflows.WORKFLOWS]


def recipes_shown(workflow: dict) -> set[str]:
    """The recipes a workflow samples: its recipe node's choice, or the recipe its note is about."""
    shown = {node["widgets_values"][0] for node in workflow["nodes"] if node["type"].startswith("FewStep")
             and node["type"].endswith("Recipe")}
    return shown | {node["widgets_values"][0].split(":")[0] for node in workflow["nodes"] if node["type"] == "Note"}


def test_every_recipe_has_a_workflow_or_says_why_not():
    """Each recipe has a workflow, or make_workflows names the workflow it starts from or why it has none
    (the README's list)."""
    from samplers.recipes import BY_NAME
    from scripts.make_workflows import STARTS_FROM, WITHOUT

    shown = set().union(*(recipes_shown(workflows.load(path)) for path in workflows.WORKFLOWS))
    assert set(BY_NAME) - shown == set(STARTS_FROM) | set(WITHOUT), "a recipe has no workflow: add one or say why"
    assert not set(STARTS_FROM) & set(WITHOUT)
    assert {name for name, _ in STARTS_FROM.values()} <= set(NAMES)


@pytest.mark.parametrize("path", workflows.WORKFLOWS, ids=NAMES)
def test_workflow_is_valid_for_the_servers_object_info(host, object_info, path):
    workflow = workflows.load(path)
    workflows.skip_unless_runnable(workflow, object_info, host)
    assert workflows.problems(workflow, object_info) == []
    notes = [node["widgets_values"][0] for node in workflow["nodes"] if node["type"] == "Note"]
    assert len(notes) == 1 and "CFG" in notes[0] and "steps" in notes[0]


def test_workflows_are_listed_as_templates_by_the_server(server_url, host):
    if not hasattr(host.nodes, "init_extra_nodes"):
        pytest.skip("ComfyUI 2024-03 has no workflow template browser")
    listed = get_json(server_url + "/workflow_templates")
    assert sorted(listed[PACK_NAME]) == sorted(NAMES)
    served = get_json(f"{server_url}/api/workflow_templates/{PACK_NAME}/{NAMES[0]}.json")
    assert served == workflows.load(workflows.WORKFLOWS[0])


def shrink(prompt, object_info):
    """Tiny models, tiny images: every empty latent becomes 64 x 64 and as few frames as its node takes (the graph
    is otherwise unchanged)."""
    for node in prompt.values():
        if node["class_type"].startswith("Empty") and "width" in node["inputs"]:
            node["inputs"].update(width=64, height=64)
            if "length" in node["inputs"]:
                spec = object_info[node["class_type"]]["input"]["required"]["length"]
                node["inputs"].update(length=workflows.extra(spec).get("min", 1))
    return prompt


@pytest.mark.parametrize("path", workflows.WORKFLOWS, ids=NAMES)
def test_workflow_runs_through_the_executor(host, object_info, path):
    workflow = workflows.load(path)
    workflows.skip_unless_runnable(workflow, object_info, host)
    prompt = workflows.tiny(shrink(workflows.to_api(workflow, object_info), object_info),
                            workflows.family(workflow, host.pack_module("samplers.recipes")), host.tiny.flow.FAMILIES)
    outputs = host.run(prompt)
    saves = [key for key, node in prompt.items() if node["class_type"].startswith("Save")]
    assert saves and sorted(outputs) == sorted(saves), outputs
    for key in saves:
        images = outputs[key]["images"]  # SaveVideo's video too
        assert images and all(image["filename"].endswith((".png", ".webp", ".mp4")) for image in images), outputs


def test_lora_in_a_workflow_changes_the_model(host, object_info):
    workflow = workflows.load(workflows.WORKFLOWS[NAMES.index("lcm_lora_sd15")])
    prompt = shrink(workflows.to_api(workflow, object_info), object_info)
    lora = next(node for node in prompt.values() if node["class_type"] == "LoraLoader")
    sampler_id = next(key for key, node in prompt.items() if node["class_type"] == "KSampler")
    prompt["cap"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": [sampler_id, 0], "label": "lora"}}
    results = []
    for strength in (1.0, 0.0):
        lora["inputs"].update(strength_model=strength)
        host.run(prompt)
        results.append(host.tiny.CAPTURED.pop("lora"))
    assert torch.isfinite(results[0]).all() and not torch.equal(results[0], results[1])
