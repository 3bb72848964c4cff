"""Write the node-docs pages the ComfyUI frontend shows for each node: `python3 scripts/make_docs.py`.

`web/docs/<node>.md` for every node of NODE_CLASS_MAPPINGS (the frontend's node-docs panel fetches
`/extensions/<pack folder>/docs/<node>.md` from WEB_DIRECTORY), made from the node classes (DESCRIPTION,
INPUT_TYPES with their tooltips, RETURN_NAMES, OUTPUT_TOOLTIPS), the workflows that use each node and the
prose below; and for the nodes that pick a recipe, `web/docs/sigmas/<family>.svg`: each flow family's published
sigmas beside ComfyUI's default (`simple` on the model as loaded), the closest core scheduler and the core nodes
that fix it, as harness/departures.py measures them. It boots ComfyUI 0.33.0 (the host the README's departures
table is measured in); an integration test fails when the committed files differ from `render`.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness.host import ROOT  # noqa: E402

DOCS = ROOT / "web" / "docs"
DOCS_HOST = "comfyui-0.33.0"

# Per node: when to use it, and a worked example (the workflows that use it are listed after it from workflows/).
PROSE = {
    "FewStepSamplerTCD": (
        "A TCD LoRA or checkpoint (SD1.5, SDXL) sampled with SamplerCustom: TCD's own step rule, which the KSampler "
        "dropdowns also offer as `tcd`. Raise gamma for fewer details, lower it for more.",
        "`tcd_sd15`: FewStepSamplerTCD (gamma 0.3) and the TCD / LCM Scheduler at 4 steps into SamplerCustom, CFG 1."),
    "FewStepSamplerLCM": (
        "LCM / LCM-LoRA, DMD2 and the Hyper-SDXL 1-step UNet sampled with SamplerCustom, whose reference samples with "
        "diffusers' LCMScheduler.",
        "`dmd2_sdxl_4step_lora`: this sampler and the Timesteps Scheduler (999, 749, 499, 249), CFG 1."),
    "FewStepTCDScheduler": (
        "TCD, LCM and Hyper-SD unified LoRAs sampled with SamplerCustom: the timesteps of the grid they were "
        "distilled on; pair it with the TCD Sampler or the exact LCM Sampler.",
        "`tcd_sd15`: 4 steps at strength 1.0 with FewStepSamplerTCD."),
    "FewStepTrailingScheduler": (
        "diffusers' `trailing` timestep spacing, which SDXL-Lightning, SDXL-Turbo, Hyper-SD and PCM's LoRAs were "
        "published with; the KSampler dropdown offers it as `trailing`.",
        "SDXL-Lightning 4-step: KSamplerSelect `euler` with this scheduler at 4 steps, CFG 1 (the workflow "
        "`sdxl_lightning_4step` samples the same with the KSampler dropdowns)."),
    "FewStepTimestepsScheduler": (
        "A model published with a fixed list of timesteps (DMD2, Hyper-SDXL 1-step UNet): type the list as the "
        "authors give it.",
        "`hyper_sdxl_1step_unet`: 800 with the exact LCM Sampler."),
    "FewStepAYSScheduler": (
        "A base SD1.5 or SDXL model (not a distilled one) at few steps, e.g. 10: NVIDIA's Align Your Steps schedule.",
        "`ays_sd15`: KSamplerSelect `dpmpp_2m` with this scheduler (`auto`) at 10 steps."),
    "FewStepFlowMatchScheduler": (
        "Any flow-matching model whose diffusers scheduler config you have: its shift, dynamic shifting and terminal "
        "set as in the config. The recipe node covers the published distilled models without typing.",
        "FLUX.1-dev with `use_dynamic_shifting` on, base_shift 0.5, max_shift 1.15 and the latent connected: "
        "diffusers' FluxPipeline schedule for that size."),
    "FewStepStepListScheduler": (
        "A flow model published with a list of timesteps and a shift (Wan lightx2v: 1000, 750, 500, 250 at shift 5).",
        "Wan2.1 lightx2v: 1000, 750, 500, 250, shift 5, with KSamplerSelect `euler` at CFG 1."),
    "FewStepPCMScheduler": (
        "PCM (Phased Consistency Models) SD3 LoRAs sampled with SamplerCustom, at the shift of the LoRA file.",
        "`pcm_deterministic_4step_shift1.safetensors` on SD3 Medium: 4 steps, shift 1, KSamplerSelect `euler`, CFG 1.2 "
        "(the recipe node's `PCM-SD3 deterministic, shift 1` gives the same; workflow `pcm_sd3_4step_shift1`)."),
    "FewStepRecipe": (
        "Whenever you sample a distilled model or LoRA that the recipe list names: pick its recipe and the step "
        "count it was published for, and connect the outputs to SamplerCustom; nothing else to look up.",
        "FLUX.1-schnell: recipe `FLUX.1-schnell`, 4 steps; `sampler`, `sigmas` and `model` into SamplerCustom, its CFG "
        "from `cfg` (1.0), FluxGuidance unused (`guidance` 0)."),
    "FewStepTwoExpertRecipe": (
        "A model sampled in two parts: Wan2.2 A14B (high-noise then low-noise expert) or LTX-2 / LTX-Video distilled "
        "(a first pass, an upscale, a second pass).",
        "Wan2.2 Lightning T2V at 4 steps: the high-noise expert's SamplerCustom on `first_sigmas` from the empty "
        "latent, the low-noise expert's on `second_sigmas` with add_noise off."),
    "FewStepDistilledLoraLoader": (
        "In place of LoraLoader for a distilled LoRA: it applies the LoRA at the recipe's strength and gives the "
        "recipe, so the plain KSampler with sampler and scheduler `recipe` samples it exactly.",
        "`Hyper-SDXL-8steps-lora.safetensors` on SDXL base, steps 0: recognised as `Hyper-SD N-step LoRA` at the "
        "file's 8 steps; KSampler `recipe` + `recipe`, 8 steps, CFG 1."),
    "FewStepRecipeFromModel": (
        "A graph that already loads the distilled LoRA with core's LoraLoader: put this after it to get the recipe "
        "without rewiring the loaders.",
        "LoraLoader with `Hyper-SDXL-8steps-lora.safetensors`, then this node; its `model` into the KSampler with "
        "sampler and scheduler `recipe`."),
    "FewStepDistilledCheckpointLoader": (
        "In place of Load Checkpoint for a distilled checkpoint (SDXL-Lightning, SDXL-Turbo, DMD2 1-step, ...).",
        "`sdxl_lightning_4step.safetensors`, steps 4: recognised as `SDXL-Lightning`; KSampler `recipe` + `recipe`, "
        "4 steps, CFG 1."),
    "FewStepDistilledDiffusionModelLoader": (
        "In place of Load Diffusion Model for a distilled diffusion model (FLUX.1-schnell, FLUX.2 klein, Z-Image-Turbo, "
        "HiDream-I1, LTX-2 distilled, ...).",
        "`flux1-schnell.safetensors`, steps 4: recognised as `FLUX.1-schnell`; KSampler `recipe` + `recipe`, 4 steps, "
        "CFG 1."),
    "FewStepDigitsLoader": (
        "To see what a sampler or schedule does to a distilled model in seconds on a CPU: the pack's 2 MB digit "
        "models (a teacher and its LCM- and TCD-distilled students, a flow teacher and two Wan-style students).",
        "`digits_tcd_lcd_students`: the TCD student with FewStepSamplerTCD at 4 steps beside the LCD student with "
        "KSampler `lcm_exact` + `lcm`."),
    "FewStepDigitsDecode": (
        "After sampling a digit model: its latents are the 8x8 images themselves; this enlarges them to view.",
        "`digits_tcd_lcd_students`: scale 8 into SaveImage."),
}


# ---- pictures: a flow family's published sigmas beside ComfyUI's ----------------------------------------------

PANEL_W, PANEL_H, PLOT_H, HEAD = 440, 300, 150, 48  # one panel a row: the docs panel is narrow
LEFT, TOP, TITLE_CHARS = 40, 66, 58  # the plot's offset in its panel; a title line's length (3 lines fit)
# (key, colour, dashes, width): the published list wide and pale beneath, so the series on it stay visible
SERIES = (("published", "#999999", "", 6), ("simple", "#d62728", "6 4", 2), ("closest", "#1f77b4", "2 3", 2),
          ("nodes", "#2ca02c", "10 3 2 3", 2))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def panel_lines(row) -> list[tuple[str, str, list[float], float]]:
    """A recipe's series at its most steps (at 1024x1024 where its schedule depends on the size), as
    harness/departures.py measured them: (key, label, sigmas, max |difference| from the published)."""
    from harness import departures

    found = dict(row["schedules"][max(row["recipe"].steps), *departures.SIZES[0]])
    published = found["published"]
    labels = {"published": "published", "simple": "ComfyUI default: simple",
              "closest": f"closest core scheduler: {row['closest']}",
              "nodes": row["nodes"] and "core nodes: " + row["nodes"][0].replace("`", "")}
    found["closest"] = found[row["closest"]] if row["closest"] != "simple" else None
    lines = []
    for key, *_ in SERIES:
        if found.get(key) is not None:
            sigmas = found[key].float().cpu()
            lines.append((key, labels[key], sigmas.tolist(), (sigmas - published).abs().max().item()))
    return lines


def draw_panel(x0: int, y0: int, title: str, lines) -> list[str]:
    steps = len(lines[0][2]) - 1
    plot_w = PANEL_W - LEFT - 16
    x = lambda i: x0 + LEFT + plot_w * i / steps
    y = lambda s: y0 + TOP + PLOT_H * (1 - s)
    out = [f'<text x="{x0 + 8}" y="{y0 + 18 + 15 * n}" font-size="13" font-weight="bold">{escape(line)}</text>'
           for n, line in enumerate(textwrap.wrap(title, TITLE_CHARS))]
    for s in (0.0, 0.5, 1.0):
        out.append(f'<line x1="{x0 + LEFT}" y1="{y(s):.1f}" x2="{x0 + LEFT + plot_w}" y2="{y(s):.1f}" '
                   'stroke="#dddddd"/>')
        out.append(f'<text x="{x0 + LEFT - 4}" y="{y(s) + 4:.1f}" font-size="10" text-anchor="end">{s:g}</text>')
    for i in range(steps + 1):
        out.append(f'<text x="{x(i):.1f}" y="{y0 + TOP + PLOT_H + 13}" font-size="10" text-anchor="middle">{i}</text>')
    style = {key: rest for key, *rest in SERIES}
    for row, (key, label, sigmas, off) in enumerate(lines):
        color, dash, width = style[key]
        stroke = f'stroke="{color}" stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "")
        points = " ".join(f"{x(i):.1f},{y(s):.1f}" for i, s in enumerate(sigmas))
        out.append(f'<polyline points="{points}" fill="none" {stroke}/>')
        out += [f'<circle cx="{x(i):.1f}" cy="{y(s):.1f}" r="{width / 2 + 1:g}" fill="{color}"/>'
                for i, s in enumerate(sigmas)]
        ly = y0 + TOP + PLOT_H + 30 + 15 * row
        what = label if key == "published" else f"{label}: " + ("exact" if off < 1e-6 else f"off by {off:.3g}")
        out.append(f'<line x1="{x0 + 8}" y1="{ly - 4}" x2="{x0 + 30}" y2="{ly - 4}" {stroke}/>')
        out.append(f'<text x="{x0 + 36}" y="{ly}" font-size="12">{escape(what)}</text>')
    return out


def family_svg(family: str, host_label: str, panels: list[tuple[str, list]]) -> str:
    """One SVG for a family: a panel per distinct recipe schedule (recipes whose series are all equal share one)."""
    width, height = PANEL_W, HEAD + PANEL_H * len(panels)
    body = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            f'<text x="8" y="20" font-size="15" font-weight="bold">{escape(family)}</text>',
            f'<text x="8" y="38" font-size="12">sigma by step, published and ComfyUI\'s, measured in '
            f'{escape(host_label)}</text>']
    for n, (title, lines) in enumerate(panels):
        body += draw_panel(0, HEAD + PANEL_H * n, title, lines)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif">\n' + "\n".join(body) + "\n</svg>\n")


def pictures(host) -> dict[str, str]:
    """By flow family name: its SVG, drawn from harness/departures.py's measurements in `host`."""
    from harness import departures
    from harness.host import HOSTS

    panels: dict[str, dict[tuple, list[str]]] = {}  # family -> (what is drawn, its series) -> recipe names
    for row in departures.core_departures(host):
        recipe = row["recipe"]
        drawn = f", {max(recipe.steps)} steps" + (" at {}x{}".format(*departures.SIZES[0])
                                                  if recipe.schedule.needs_size else "")
        key = (drawn, json.dumps(panel_lines(row)))
        panels.setdefault(recipe.families[0].name, {}).setdefault(key, []).append(recipe.name)
    return {family: family_svg(family, HOSTS[host.name].label, [
                (" = ".join(names) + drawn, json.loads(lines)) for (drawn, lines), names in by_series.items()])
            for family, by_series in panels.items()}


# ---- pages ----------------------------------------------------------------------------------------------------

def input_line(name: str, spec: tuple) -> str:
    kind, options = spec[0], (spec[1] if len(spec) > 1 else {})
    kind = "a choice" if isinstance(kind, list) else f"`{kind}`"
    details = [f"default {options['default']}"] if "default" in options else []
    if "min" in options and "max" in options:
        details.append(f"{options['min']} to {options['max']}")
    first, *more = options.get("tooltip", "").split("\n")
    return "\n".join([f"- **{name}** ({', '.join([kind, *details])}): {first}", *(f"  - {m}" for m in more)])


def workflows_using(node: str) -> list[str]:
    return [path.stem for path in sorted((ROOT / "workflows").glob("*.json"))
            if any(n["type"] == node for n in json.loads(path.read_text())["nodes"])]


def recipe_sets(host) -> dict:
    """The recipes each node that picks one can give (the recipe nodes' lists, the loaders' recognised ones)."""
    presets, loaders = host.pack_module("nodes.presets"), host.pack_module("nodes.loaders")
    return {"FewStepRecipe": presets.ONE_PART, "FewStepTwoExpertRecipe": presets.TWO_PARTS,
            "FewStepDistilledLoraLoader": loaders.LORA_RECIPES, "FewStepRecipeFromModel": loaders.LORA_RECIPES,
            "FewStepDistilledCheckpointLoader": loaders.MODEL_RECIPES,
            "FewStepDistilledDiffusionModelLoader": loaders.MODEL_RECIPES}


def page(name: str, cls, display: str, families: list[str]) -> str:
    when, example = PROSE[name]
    inputs = cls.INPUT_TYPES()
    names = getattr(cls, "RETURN_NAMES", None) or cls.RETURN_TYPES
    tooltips = getattr(cls, "OUTPUT_TOOLTIPS", ())
    lines = [f"# {display}", "", cls.DESCRIPTION, "", "## When to use it", "", when, "", "## Inputs", ""]
    lines += [input_line(key, spec) for part in ("required", "optional") for key, spec in inputs.get(part, {}).items()]
    lines += [] if any(inputs.values()) else ["None."]
    lines += ["", "## Outputs", ""]
    lines += [f"- **{out}** (`{kind}`)" + (f": {tooltips[i]}" if i < len(tooltips) else "")
              for i, (out, kind) in enumerate(zip(names, cls.RETURN_TYPES))]
    lines += ["", "## Example", "", example]
    used = workflows_using(name)
    if used:
        lines += ["", "Workflows with this node (the template browser lists them under this pack; `workflows/` in "
                  "its folder): " + ", ".join(f"`{w}`" for w in used) + "."]
    if families:
        lines += ["", "## Published sigmas beside ComfyUI's", "",
                  "Per flow family this node has recipes for: the published sigmas at the recipe's most steps "
                  "beside what ComfyUI gives on the model as loaded (`simple`, its default), the closest core "
                  "scheduler, and the core nodes that give the published list where there are such, measured "
                  "with ComfyUI's own classes (harness/departures.py; the README's departures table gives the "
                  "worst case over all step counts and the templates). SD1.5 / SDXL recipes are not drawn."]
        # an <img> (the frontend's renderMarkdownToHtml resolves its src too) as wide as the panel
        lines += [f'\n### {family}\n\n<img src="sigmas/{slug(family)}.svg" alt="{family}: published sigmas and '
                  'ComfyUI\'s" width="100%">' for family in families]
    return "\n".join(lines) + "\n"


def render(host) -> dict[Path, str]:
    """Every page and picture, by path under DOCS."""
    drawn = pictures(host)
    sets = recipe_sets(host)
    files = {Path(f"sigmas/{slug(family)}.svg"): svg for family, svg in drawn.items()}
    for name, cls in host.pack.NODE_CLASS_MAPPINGS.items():
        families = list(dict.fromkeys(r.families[0].name for r in sets.get(name, ()) if r.families[0].name in drawn))
        files[Path(f"{name}.md")] = page(name, cls, host.pack.NODE_DISPLAY_NAME_MAPPINGS[name], families)
    return files


def written() -> dict[Path, str]:
    return {path.relative_to(DOCS): path.read_text() for path in sorted(DOCS.rglob("*")) if path.is_file()}


def main() -> None:
    from harness import host

    host.reexec_in_venv(DOCS_HOST)
    from harness.comfy_host import Host

    files = render(Host(DOCS_HOST))
    for path in set(written()) - set(files):
        (DOCS / path).unlink()
    for path, text in files.items():
        (DOCS / path).parent.mkdir(parents=True, exist_ok=True)
        (DOCS / path).write_text(text)
    print(f"{len(files)} files under {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
