"""The node-docs pages (web/docs/, written by scripts/make_docs.py) as the frontend fetches and shows them.

Frontend 1.58.1 (GraphView-*.js, NodeHelpService.fetchCustomNodeHelp) fetches a custom node's page from
`/extensions/<pack folder>/docs/<node>/<locale>.md`, then `/extensions/<pack folder>/docs/<node>.md`, the
folder read from the node's python_module (extractCustomNodeName), and renders it with relative image paths
resolved against `/extensions/<pack folder>/docs/` (getNodeHelpBaseUrl; markdownRendererUtil-*.js).
"""

import re
import urllib.error
import urllib.request

import pytest

from conftest import HOST_NAME, real_errors, screenshot
from scripts import make_docs

NODE = "FewStepRecipe"
PICTURE = "sigmas/sd3.svg"  # the README's headline departure (SD3.5 Turbo with `simple`: 0.49)


def docs_url(server_url, object_info, node, path):
    """Where the frontend looks for `path` of a node's docs (extractCustomNodeName: custom_nodes.<folder>)."""
    folder = object_info[node]["python_module"].split(".")[1]
    return f"{server_url}/extensions/{urllib.request.quote(folder)}/docs/{path}"


def test_the_docs_are_what_make_docs_writes(host):
    if host.name != make_docs.DOCS_HOST:
        pytest.skip(f"the pages and pictures are drawn in {make_docs.DOCS_HOST}, which has every flow family")
    drawn, committed = make_docs.render(host), make_docs.written()
    assert sorted(committed) == sorted(drawn), "run python3 scripts/make_docs.py"
    assert [path for path in drawn if committed[path] != drawn[path]] == [], "run python3 scripts/make_docs.py"
    assert {f"{name}.md" for name in host.pack.NODE_CLASS_MAPPINGS} <= {str(path) for path in drawn}


def test_the_server_serves_each_page_where_the_frontend_fetches_it(server_url, object_info):
    """Every host serves WEB_DIRECTORY; the page and its picture come back as written (SVG as an image type)."""
    if "python_module" not in object_info[NODE]:
        pytest.skip(f"{HOST_NAME}'s object_info has no python_module, which the docs' address is made from")
    for path in make_docs.written():
        with urllib.request.urlopen(docs_url(server_url, object_info, NODE, path.as_posix()), timeout=30) as response:
            assert response.read().decode() == (make_docs.DOCS / path).read_text()
            assert response.headers["Content-Type"].startswith(
                "image/svg+xml" if path.suffix == ".svg" else ("text/markdown", "application/octet-stream"))
    with pytest.raises(urllib.error.HTTPError):  # the locale variant the frontend asks for first: none shipped
        urllib.request.urlopen(docs_url(server_url, object_info, NODE, f"{NODE}/en.md"), timeout=30)


def test_the_info_tab_shows_a_recipe_nodes_page_and_its_pictures(page):
    """As a user: a recipe node on the canvas, selected, the right side panel's Info tab: the page's text, and
    every picture loaded."""
    if HOST_NAME == "comfyui-2024-03":
        pytest.skip("ComfyUI 2024-03's built-in frontend has no node-docs panel")
    if HOST_NAME == "comfyui-0.3.75":
        pytest.skip("frontend 1.32.9 opens node docs from its old node library; this test drives 1.58.1's Info tab "
                    "(the same fetch code: test_the_server_serves_each_page_where_the_frontend_fetches_it)")
    page.set_viewport_size({"width": 1920, "height": 1080})  # the panel takes a share of the width
    page.errors.clear()
    page.evaluate("""(type) => {
        app.graph.clear();
        const node = LiteGraph.createNode(type);
        node.pos = [300, 200];
        app.graph.add(node);
        app.canvas.selectNode(node);
    }""", NODE)
    page.get_by_role("tab", name="Info").or_(page.get_by_role("button", name="Info", exact=True)).first.click()
    content = page.locator(".comfy-markdown-content").filter(has_text="When to use it")
    content.wait_for(timeout=15000)
    text = content.inner_text()
    assert "Distilled Model Recipe (FewStep)" in text and "Published sigmas beside ComfyUI's" in text
    pictures = content.locator("img")
    page.wait_for_function("(n) => [...document.querySelectorAll('.comfy-markdown-content img')]"
                           ".filter(i => i.complete).length >= n", arg=pictures.count(), timeout=15000)
    loaded = pictures.evaluate_all("(imgs) => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert len(loaded) == (make_docs.DOCS / f"{NODE}.md").read_text().count('src="sigmas/'), loaded
    assert all(width > 0 for _, width in loaded), loaded
    shown = content.locator(f"img[src$='{PICTURE}']")
    shown.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "node-docs.png", readme=True)
    # the frontend's first try, the locale variant, is a 404 the browser logs (none is shipped: the page serves
    # every locale)
    locale_try = re.compile(rf"^Failed to load resource: .* 404 .* @ .*/docs/{NODE}/[\w-]+\.md$")
    assert [e for e in real_errors(page) if not locale_try.match(e)] == []
