"""The Simplified Chinese translations (locales/zh/, scripts/make_locales.py) and the search aliases, in the host
and its real frontend.

The locale files must be what the script writes from the node classes as this host loads them, with a Chinese
entry for every text, and the server must serve them at /i18n. In the browser, a Chinese-language browser
(playwright's locale zh-CN: the frontend's Comfy.Locale defaults to the browser's language) shows the nodes'
Chinese names, in its own browser context, so the per-user Comfy.Locale setting on the server (shared by every
page of this host) is left alone. Each search word entered into the node search box (opened by double-clicking
the empty canvas) lists every node with an alias that holds it.
"""

import json
import time
import urllib.error

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import HOST_NAME, get_json, real_errors
from scripts.locales_zh import CATEGORIES
from scripts.make_locales import OUT, rendered

NODE_DEFS = json.loads((OUT / "nodeDefs.json").read_text(encoding="utf-8"))
# the words the issue (#23) lists, then each node's first alias; the nodes carry hundreds in all
ISSUE_WORDS = ["lightning", "turbo", "lightx2v", "hyper", "dmd2", "lcm lora", "ltx distilled", "wan 4 step"]
NO_RESULTS = "qqxqqxqqx"  # a query nothing matches
# 0.3.75's frontend 1.32.9 merges /i18n once at start (GraphView loadCustomNodesI18n), then loads the chosen
# locale's own messages with setLocaleMessage (i18n loadLocale), which replaces them; 1.58's loadLocale merges them
# again after (i18n mergeCustomNodesI18n keeps them)
DROPS_TRANSLATIONS = {"comfyui-0.3.75": "frontend 1.32.9 replaces custom-node translations when it loads a locale "
                                        "(i18n loadLocale's setLocaleMessage): a pack's zh names never show"}
RESULT = "[data-testid=result-item]"  # the 1.58 search box's result rows (GraphView's results-list)


def i18n(server_url):
    """The server's /i18n, or a skip where this ComfyUI has none (2024-03)."""
    try:
        return get_json(server_url + "/i18n")
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
        pytest.skip(f"{HOST_NAME} serves no custom-node translations (no /i18n)")


def test_locale_files_are_generated_and_complete(host):
    texts, missing, unused = rendered(host.pack)
    assert missing == [], "English texts with no Chinese in scripts/locales_zh.py"
    assert unused == [], "entries of scripts/locales_zh.py that no node text uses"
    assert {name: (OUT / name).read_text(encoding="utf-8") for name in texts} == texts, \
        "locales/zh/ is stale: run scripts/make_locales.py"


def test_the_server_serves_the_translations(server_url):
    served = i18n(server_url)["zh"]
    assert {name: served["nodeDefs"][name] for name in NODE_DEFS} == NODE_DEFS
    assert served["nodeCategories"] == {**served["nodeCategories"], **CATEGORIES}


def test_a_chinese_browser_shows_the_chinese_names(request, server_url):
    i18n(server_url)
    if HOST_NAME in DROPS_TRANSLATIONS:
        pytest.skip(DROPS_TRANSLATIONS[HOST_NAME])
    page = request.getfixturevalue("page")  # launched only where the test runs
    assert get_json(server_url + "/settings/Comfy.Locale") is None, "a saved Comfy.Locale overrides the browser's"
    context = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1600, "height": 1000})
    try:
        tab = context.new_page()
        tab.errors, tab.server = [], server_url
        tab.on("console", lambda m: m.type == "error" and tab.errors.append((m.text, m.location.get("url") or "")))
        tab.goto(server_url, wait_until="domcontentloaded")
        tab.wait_for_function("window.app && window.app.graph && window.LiteGraph", timeout=60000)
        shown = {language: shown_names(p) for language, p in (("zh", tab), ("en", page))}
        assert real_errors(tab) == []
    finally:
        context.close()
    recipe = NODE_DEFS["FewStepRecipe"]
    assert shown["zh"] == (recipe["display_name"], recipe["inputs"]["model"]["name"], recipe["outputs"]["0"]["name"],
                           CATEGORIES["presets"])
    assert shown["en"] == ("Distilled Model Recipe (FewStep)", "model", "sampler", "presets")  # the module's page


def listed(page, search, text):
    """The display names the search box lists for `text`, or [] if it lists none within 5 s. Entered after
    NO_RESULTS has emptied the list, as one input event (as a paste does), so a list is `text`'s own."""
    search.fill(NO_RESULTS)
    page.wait_for_selector(RESULT, state="detached", timeout=5000)
    search.fill(text)
    try:
        page.wait_for_selector(RESULT, timeout=5000)
    except PlaywrightTimeout:
        return []
    return page.eval_on_selector_all(RESULT + " span.truncate", "els => els.map(e => e.innerText)")


def shown_names(tab):
    """The title, model input label, first output label and category folder of a recipe node added to the canvas."""
    return tuple(tab.evaluate("""() => {
        const node = LiteGraph.createNode('FewStepRecipe');
        app.graph.add(node);
        const label = slot => slot.label || slot.localized_name || slot.name;
        const names = [node.title, label(node.inputs.find(i => i.name === 'model')), label(node.outputs[0]),
                       node.constructor.category.split('/').pop()];
        app.graph.remove(node);
        return names;
    }"""))


def test_each_search_alias_finds_its_nodes(request, host, object_info):
    if "search_aliases" not in object_info["KSampler"]:
        pytest.skip(f"{HOST_NAME} serves no search aliases (server.py has no SEARCH_ALIASES)")
    page = request.getfixturevalue("page")
    ours = [object_info[name] for name in host.pack.NODE_CLASS_MAPPINGS]
    queries = list(dict.fromkeys(ISSUE_WORDS + [info["search_aliases"][0] for info in ours]))
    page.evaluate("() => app.graph.clear()")
    page.mouse.dblclick(800, 500)  # the empty canvas: the node search box opens with its input focused
    search = page.get_by_role("combobox", name="Add a node...")
    search.wait_for()
    start, missed = time.perf_counter(), {}
    for query in queries:
        carriers = sorted(info["display_name"] for info in ours if any(query in a for a in info["search_aliases"]))
        assert carriers, f"no node carries {query!r}"
        missing = set(carriers) - set(listed(page, search, query))
        missed.update({query: sorted(missing)} if missing else {})
    seconds = time.perf_counter() - start
    page.keyboard.press("Escape")
    print(f"{len(queries)} search words entered and listed in {seconds:.1f} s")
    assert missed == {}
    assert real_errors(page) == []
