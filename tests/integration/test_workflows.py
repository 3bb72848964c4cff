"""The example workflows: valid for the real server's /object_info, listed as templates, and run."""


import pytest
import torch

from conftest import HOST_NAME, get_json
from harness.host import HOSTS, PACK_NAME
from support import workflows

NAMES = [path.stem for path in workflows.WORKFLOWS]


def test_there_is_a_workflow_per_recipe():
    assert len(NAMES) >= 28 and "ksampler_dropdowns" in NAMES and "wan22_lightning_t2v_4step" in NAMES


@pytest.mark.parametrize("path", workflows.WORKFLOWS, ids=NAMES)
def test_workflow_is_valid_for_the_servers_object_info(object_info, path):
    workflow = workflows.load(path)
    workflows.skip_unless_runnable(workflow, object_info, HOSTS[HOST_NAME].flow_models)
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


def shrink(prompt):
    """Tiny models, tiny images: every empty latent becomes 64 x 64 and one frame (the graph is otherwise unchanged)."""
    for node in prompt.values():
        if node["class_type"].startswith("Empty") and "width" in node["inputs"]:
            node["inputs"].update(width=64, height=64)
            if "length" in node["inputs"]:
                node["inputs"].update(length=1)
    return prompt


@pytest.mark.parametrize("path", workflows.WORKFLOWS, ids=NAMES)
def test_workflow_runs_through_the_executor(host, object_info, path):
    workflow = workflows.load(path)
    workflows.skip_unless_runnable(workflow, object_info, HOSTS[HOST_NAME].flow_models)
    prompt = workflows.tiny(shrink(workflows.to_api(workflow, object_info)),
                            workflows.family(workflow, host.pack_module("samplers.recipes")))
    outputs = host.run(prompt)
    saves = [key for key, node in prompt.items() if node["class_type"].startswith("Save")]
    assert saves and sorted(outputs) == sorted(saves), outputs
    for key in saves:
        images = outputs[key]["images"]
        assert images and all(image["filename"].endswith((".png", ".webp")) for image in images), outputs


def test_lora_in_a_workflow_changes_the_model(host, object_info):
    prompt = shrink(workflows.to_api(workflows.load(workflows.WORKFLOWS[NAMES.index("lcm_lora_sd15")]), object_info))
    lora = next(node for node in prompt.values() if node["class_type"] == "LoraLoader")
    sampler_id = next(key for key, node in prompt.items() if node["class_type"] == "KSampler")
    prompt["cap"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": [sampler_id, 0], "label": "lora"}}
    results = []
    for strength in (1.0, 0.0):
        lora["inputs"].update(strength_model=strength)
        host.run(prompt)
        results.append(host.tiny.CAPTURED.pop("lora"))
    assert torch.isfinite(results[0]).all() and not torch.equal(results[0], results[1])
