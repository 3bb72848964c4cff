"""Write the Simplified Chinese translations into locales/zh/: `.venv-2026/bin/python scripts/make_locales.py`.

nodeDefs.json gives every node's display name, description, input names and tooltips, output names and
tooltips, made from the node classes as ComfyUI 0.33.0 loads them (NODE_DISPLAY_NAME_MAPPINGS, DESCRIPTION,
INPUT_TYPES, RETURN_NAMES, OUTPUT_TOOLTIPS) and the table in scripts/locales_zh.py, keyed by the English text
(each line of a text: the recipe tooltips list one recipe a line). main.json names the node library's category
words of this pack. An English text without an entry, or an entry no text uses, stops the script; a test fails
when locales/ differs from what it writes.

Where they are read: ComfyUI's app/custom_node_manager.py (build_translations) serves each pack's
locales/<lang>/main.json with nodeDefs.json under its "nodeDefs" key at /i18n (0.3.75 and 0.33.0); the
frontend merges that into its own messages (1.58.1: i18n.ts mergeCustomNodesI18n; 1.32.9: GraphView's
loadCustomNodesI18n) and looks up nodeDefs.<node>.display_name / description, inputs.<input>.name / tooltip and
outputs.<index>.name / tooltip, node and input names with "." written "_" (normalizeI18nKey), and category words
at nodeCategories.<word>.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.locales_zh import CATEGORIES, ZH  # noqa: E402

OUT = ROOT / "locales" / "zh"
HOST = "comfyui-0.33.0"
# vue-i18n reads these as message syntax in display names, descriptions and slot names (the frontend's i18n.ts
# `st` compiles them; tooltips are read raw): none of this pack's texts may hold them.
MESSAGE_SYNTAX = set("{}@|")


def key(name: str) -> str:
    """A node or input name as the frontend looks it up (formatUtil.ts normalizeI18nKey)."""
    return name.replace(".", "_")


class Translator:
    """English text -> Chinese, line by line through ZH; records what it used and what it lacked."""

    def __init__(self, table: dict):
        self.table, self.used, self.missing = table, set(), []

    def __call__(self, text: str, raw: bool = False) -> str:
        lines = []
        for line in text.split("\n"):
            if line not in self.table:
                self.missing.append(line)
                continue
            self.used.add(line)
            lines.append(self.table[line])
        zh = "\n".join(lines)
        if not raw and MESSAGE_SYNTAX & set(text + zh):
            raise ValueError(f"vue-i18n message syntax in {text!r} / {zh!r}")
        return zh


def node_defs(pack, translate) -> dict:
    """The nodeDefs entries of every node of `pack` (the module ComfyUI loaded)."""
    defs = {}
    for name, cls in pack.NODE_CLASS_MAPPINGS.items():
        entry = {"display_name": translate(pack.NODE_DISPLAY_NAME_MAPPINGS[name])}
        if getattr(cls, "DESCRIPTION", None):
            entry["description"] = translate(cls.DESCRIPTION)
        inputs = {}
        for section in ("required", "optional"):  # INPUT_TYPES first: the loaders set RETURN_NAMES there
            for input_name, spec in cls.INPUT_TYPES().get(section, {}).items():
                inputs[key(input_name)] = {"name": translate(input_name)}
                tooltip = spec[1].get("tooltip") if len(spec) > 1 else None
                if tooltip:
                    inputs[key(input_name)]["tooltip"] = translate(tooltip, raw=True)
        if inputs:
            entry["inputs"] = inputs
        names, tooltips = getattr(cls, "RETURN_NAMES", None), getattr(cls, "OUTPUT_TOOLTIPS", None)
        outputs = {}
        for index in range(len(cls.RETURN_TYPES)):
            output = {}
            if names:  # without them the slot shows its type, which the frontend translates (dataTypes.<TYPE>)
                output["name"] = translate(names[index])
            if tooltips:
                output["tooltip"] = translate(tooltips[index], raw=True)
            if output:
                outputs[str(index)] = output
        if outputs:
            entry["outputs"] = outputs
        defs[key(name)] = entry
    return defs


def rendered(pack) -> tuple[dict, list, list]:
    """{file name: text} of locales/zh/, the English lines with no entry, and the entries no text used."""
    translate = Translator(ZH)
    defs = node_defs(pack, translate)
    files = {"nodeDefs.json": defs, "main.json": {"nodeCategories": CATEGORIES}}
    texts = {name: json.dumps(data, ensure_ascii=False, indent=2) + "\n" for name, data in files.items()}
    words = {word for cls in pack.NODE_CLASS_MAPPINGS.values() for word in cls.CATEGORY.split("/")}
    return texts, sorted(set(translate.missing)), sorted((set(ZH) - translate.used) | (set(CATEGORIES) - words))


def main() -> int:
    from harness.comfy_host import Host

    texts, missing, unused = rendered(Host(HOST).pack)
    if missing or unused:
        print("no Chinese for:", *missing, "unused entries:", *unused, sep="\n  ")
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(texts)} to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
