"""The example workflows in the real frontend, in headless Chromium (Debian's, no browser download).

Each workflow is loaded through the page as a user's drag-and-drop does (`app.loadGraphData`):
no node type may be missing, no dialog may report missing nodes or models, no widget value may
change on the way in, and the console may show no error beyond the frontend's own known noise.
A screenshot of each is kept under out/browser/<host>/. With a model file missing, the frontend's
missing-model panel must offer the download each loader node declares. One workflow is queued from
the page and its image must arrive in /history.
"""

import re
import time

import pytest

from conftest import HOST_NAME, get_json, real_errors, reports_missing, screenshot
from support import workflows

NAMES = [path.stem for path in workflows.WORKFLOWS]


@pytest.mark.parametrize("path", workflows.WORKFLOWS, ids=NAMES)
def test_workflow_loads_in_the_frontend(page, host, object_info, path):
    workflow = workflows.load(path)
    workflows.skip_unless_runnable(workflow, object_info, host)
    page.errors.clear()
    page.evaluate("async (wf) => { await app.loadGraphData(wf); }", workflow)
    page.wait_for_timeout(500)
    missing = page.evaluate(
        "(wf) => wf.nodes.map(n => n.type).filter(t => !LiteGraph.registered_node_types[t])", workflow)
    assert missing == []
    assert page.evaluate("() => app.graph._nodes.length") == len(workflow["nodes"])
    assert not reports_missing(page.evaluate("() => document.body.innerText"))
    loaded = page.evaluate("() => app.graph.serialize().nodes.map(n => [n.id, n.widgets_values || []])")
    assert dict(loaded) == {node["id"]: node.get("widgets_values", []) for node in workflow["nodes"]}
    screenshot(page, f"{path.stem}.png")
    assert real_errors(page) == []


@pytest.mark.parametrize("declared", [True, False])
def test_a_missing_declared_model_is_offered_for_download(page, declared):
    """The frontend's missing-model panel (1.32: a dialog; 1.58: the Issues panel) offers a Download for a
    loader node's file exactly when the node declares it in properties.models."""
    if HOST_NAME == "comfyui-2024-03":
        pytest.skip("ComfyUI 2024-03's built-in LiteGraph frontend has no missing-model panel")
    workflow = workflows.load(workflows.WORKFLOWS[NAMES.index("tcd_sd15")])
    loader = next(node for node in workflow["nodes"] if node["type"] == "CheckpointLoaderSimple")
    loader["widgets_values"][0] = loader["properties"]["models"][0]["name"] = "fewstep-not-here.safetensors"
    if not declared:
        del loader["properties"]["models"]
    page.errors.clear()
    page.evaluate("async (wf) => { await app.loadGraphData(wf); }", workflow)
    page.wait_for_timeout(1500)
    details = page.get_by_text("View details")
    if details.count():  # 1.58: a toast that opens the Issues panel
        details.first.click()
        page.wait_for_timeout(1000)
    text = page.evaluate("() => document.body.innerText")
    if declared:  # 1.32 reports only declared files; 1.58 reports every missing one, declared or not
        assert "fewstep-not-here.safetensors" in text and reports_missing(text)
    downloads = page.get_by_role("button", name=re.compile("^Download")).count()
    assert (downloads > 0) == declared, downloads
    page.keyboard.press("Escape")


def test_queue_a_workflow_from_the_page(page, server_url):
    workflow = workflows.load(workflows.WORKFLOWS[NAMES.index("sdxl_turbo")])
    page.evaluate("async (wf) => { await app.loadGraphData(wf); }", workflow)
    page.evaluate("""() => {
        const latent = app.graph._nodes.find(n => n.type === 'EmptyLatentImage');
        for (const w of latent.widgets) if (w.name === 'width' || w.name === 'height') w.value = 64;
    }""")
    before = set(get_json(server_url + "/history"))
    page.evaluate("async () => { await app.queuePrompt(0, 1); }")
    deadline = time.time() + 120
    while time.time() < deadline:
        new = {k: v for k, v in get_json(server_url + "/history").items() if k not in before}
        images = [i for entry in new.values() for out in entry.get("outputs", {}).values() for i in out.get("images", [])]
        if images:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no image arrived in /history within 120 s: {new} {get_json(server_url + '/queue')} "
                    f"{page.errors}")
    assert images[0]["filename"].startswith("fewstep/sdxl_turbo") or images[0]["subfolder"] == "fewstep"
    assert real_errors(page) == []


def test_the_checks_see_a_missing_node_and_a_console_error(page):
    """The load test's checks are live: a workflow with an unknown node type and a console error trip them."""
    workflow = workflows.load(workflows.WORKFLOWS[0])
    workflow["nodes"][0]["type"] = "FewStepNoSuchNode"
    page.errors.clear()
    page.evaluate("async (wf) => { await app.loadGraphData(wf); }", workflow)
    page.wait_for_timeout(500)
    missing = page.evaluate(
        "(wf) => wf.nodes.map(n => n.type).filter(t => !LiteGraph.registered_node_types[t])", workflow)
    assert missing == ["FewStepNoSuchNode"]
    text = page.evaluate("() => document.body.innerText")
    assert "FewStepNoSuchNode" in text and reports_missing(text)  # the frontend's own dialog
    page.keyboard.press("Escape")
    page.evaluate("() => console.error('fewstep probe')")
    page.wait_for_timeout(100)
    assert any("fewstep probe" in e for e in real_errors(page))
    page.errors.clear()
