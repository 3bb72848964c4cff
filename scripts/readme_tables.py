"""Regenerate the README's tables that come from the recipe data: `.venv/bin/python scripts/readme_tables.py`.

The recommended-settings, workflows and hosts tables are made from `samplers/recipes.py` (the one
source of the presets node and the workflows too), `scripts/make_workflows.py` and `harness/host.py`;
a unit test fails when the README differs from `render()`. With `departures`
(`python3 scripts/readme_tables.py departures`) it boots ComfyUI 0.33.0 and measures the departures
of ComfyUI's defaults from the flow recipes (harness/departures.py); an integration test recomputes it.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.readme import README, replace_section  # noqa: E402


def recipes_table() -> str:
    from samplers.recipes import RECIPES, steps_text  # the samplers package imports torch

    tables = []
    for flow, title in ((False, "SD1.5 / SDXL"), (True, "Flow models")):
        rows = [f"**{title}**", "", "| recipe | for | sampler | schedule | steps | CFG | guidance | LoRA strength | source | notes |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for r in (r for r in RECIPES if r.schedule.flow == flow):
            families = " / ".join(f.name for f in r.families)
            guidance = "" if r.guidance is None else f"{r.guidance:g}"
            strength = "" if r.lora_strength is None else f"{r.lora_strength:g}"
            schedule = r.schedule.label() + (f"; {r.stages.label()}" if r.stages else "")
            sampler = r.sampler_label + (f", then {r.stages.second_sampler}" if r.stages and r.stages.second_sampler else "")
            notes = "; ".join(filter(None, (f"sets the model's {r.model_patch.label()}" if r.model_patch else "", r.note)))
            rows.append(f"| {r.name} | {families} | {sampler} | {schedule} | {steps_text(r.steps)} | "
                        f"{r.cfg_label} | {guidance} | {strength} | {r.source} | {notes} |")
        tables.append("\n".join(rows))
    return "\n\n".join(tables)


def hashes_table() -> str:
    """The published files the recogniser knows by hash, with the page each hash was read from."""
    from samplers.recognition.published import PUBLISHED

    rows = ["| file | recipe | SHA-256 (first 16 digits) | read from |", "|---|---|---|---|"]
    for published in PUBLISHED:
        for sha, page in published.sha256:
            recipe = published.recipe or "known, no verified recipe"
            rows.append(f"| `{published.names[0]}` | {recipe} | `{sha[:16]}` | {page} |")
    return "\n".join(rows)


def hosts_table() -> str:
    from harness.host import HOSTS

    rows = ["| host | date | source |", "|---|---|---|"]
    rows += [f"| {h.label} | {h.date} | {h.origin} |" for h in HOSTS.values()]
    return "\n".join(rows)


def sampling(nodes: list[dict]) -> str:
    """How a workflow samples, read from its nodes (and of a recipe in two parts, the recipe's stages)."""
    from samplers.recipes import BY_NAME

    by_type = {node["type"]: node["widgets_values"] for node in nodes}
    steps = lambda n: f"{n} step{'s' * (n != 1)}"
    how = []
    if "KSampler" in by_type:
        _, _, n, cfg, sampler, scheduler, _ = by_type["KSampler"]
        how.append(f"KSampler `{sampler}` + `{scheduler}`, {steps(n)}, CFG {cfg:g}")
    presets = [(t, w) for t, w in by_type.items() if t in ("FewStepRecipe", "FewStepTwoExpertRecipe")]
    for preset, (recipe, n) in presets:
        stages = BY_NAME[recipe].stages
        how.append(f"recipe node: {recipe}, {steps(n)}" + (f"; two SamplerCustom: {stages.label()}" if stages else ""))
    if "SamplerCustom" in by_type and not presets:
        # the TCD node's gamma_end -1 is "the same as gamma"
        parts = [f"{t} {', '.join('constant' if (t, v) == ('FewStepSamplerTCD', -1.0) else str(v) for v in w)}".strip()
                 for t, w in by_type.items()
                 if t.startswith("FewStepSampler") or t.endswith("Scheduler") or t == "KSamplerSelect"]
        how.append("SamplerCustom: " + " + ".join(parts))
    return "; ".join(how)


def workflows_table() -> str:
    from scripts.make_workflows import STARTS_FROM, WITHOUT, workflows

    rows = ["| workflow | model files | how it samples |", "|---|---|---|"]
    for name, wf in workflows():
        nodes = wf.json()["nodes"]
        files = list(dict.fromkeys(m["name"] for node in nodes for m in node["properties"].get("models", [])))
        rows.append(f"| `{name}` | {', '.join(f'`{f}`' for f in files) or 'none: the pack digit models'} | "
                    f"{sampling(nodes)} |")
    rows += ["", "Recipes without a workflow of their own:", "", "| recipe | start from (change), or why none |",
             "|---|---|"]
    rows += [f"| {recipe} | `{name}` ({change}) |" for recipe, (name, change) in STARTS_FROM.items()]
    rows += [f"| {recipe} | none: {why} |" for recipe, why in WITHOUT.items()]
    return "\n".join(rows)


def render(text: str) -> str:
    for name, table in (("recipes", recipes_table), ("hosts", hosts_table), ("workflows", workflows_table),
                        ("hashes", hashes_table)):
        text = replace_section(text, name, table(), "scripts/readme_tables.py")
    return text


DEPARTURES_HOST = "comfyui-0.33.0"


def main(argv: list[str]) -> None:
    if "departures" not in argv:
        README.write_text(render(README.read_text()))
        return
    from harness import departures, host

    host.reexec_in_venv(DEPARTURES_HOST)
    from harness.comfy_host import Host

    table = departures.table(Host(DEPARTURES_HOST))
    README.write_text(replace_section(README.read_text(), "departures", table, "scripts/readme_tables.py departures"))
    print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
