"""Which sampler and schedule serve a distilled model best? `python3 bench/distilled.py` (minutes on a CPU).

The shipped digit models (digits/) are loaded by the pack's loader node into a real ComfyUI and sampled
through ComfyUI's own `comfy.sample.sample_custom` (what SamplerCustom runs) from pure noise, CFG 1, and
every cell is scored by bench/metric.py on 898 digits per seed, over SEEDS. Two tables:

  digits  the eps teacher and its LCD and TCD students at 1, 2, 4 and 8 steps: the teacher with core euler
          and dpmpp_2m on the trailing schedule, each student with core `lcm` and the pack's `lcm_exact`
          and `tcd` (several gammas) on the LCM/TCD grid;
  flow    the rectified-flow teacher and its students distilled for 4 steps at LightX2V's sigmas
          (shift 5: 1, 0.9375, 0.8333, 0.625): on their exact recipe (the pack's preset, on the model as
          loaded), on ComfyUI's default for a Wan-type model (shift 8, `simple`), at shift 5 with other core
          schedulers, and with another step rule (re-noising `lcm`, TCD) on the exact sigmas.

Writes out/bench/distilled.json, the picture grids docs/digits_grid.png and docs/flow_grid.png, and the
README's digits and flow sections between their markers, so the README's numbers are this command's output.
"""

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.readme import README, mean_std, replace_section, section  # noqa: E402
from harness import host  # noqa: E402

HOST = "comfyui-0.33.0"
SEEDS = tuple(range(10))
CELL = 4  # digits per side of a grid cell
OUT = host.ROOT / "out" / "bench"


def core(scheduler, shift=None):
    """Sigmas of a core scheduler on the model as loaded, or as a ModelSamplingSD3(shift) node would set it."""
    return ("core", scheduler, shift)


def recipe(name):
    """The sigmas of one of the pack's presets (the recipe node), for the model as loaded."""
    return ("recipe", name, None)


# ---- digits: label, model, sampler, options, schedule; each at STEPS
STEPS = (1, 2, 4, 8)
STUDENT_SAMPLERS = [  # label, sampler, options
    ("core lcm", "lcm", {}),
    ("lcm_exact", "lcm_exact", {}),
    ("tcd γ 0", "tcd", {"gamma": 0.0}),
    ("tcd γ 0.3", "tcd", {"gamma": 0.3}),
    ("tcd γ 0.5", "tcd", {"gamma": 0.5}),
    ("tcd γ 0.5→0.1", "tcd", {"gamma": 0.5, "gamma_end": 0.1}),
]
ROWS = [("teacher + euler", "teacher", "euler", {}, core("trailing")),
        ("teacher + dpmpp_2m", "teacher", "dpmpp_2m", {}, core("trailing"))]
ROWS += [(f"{student} student + {label}", student, sampler, options, core("lcm"))
         for student in ("lcd", "tcd") for label, sampler, options in STUDENT_SAMPLERS]
REFERENCE = ("teacher + dpmpp_2m", 32)  # the teacher given enough steps, for scale

# ---- flow: label, model, sampler, options, schedule, steps
EXACT = recipe("Wan2.1 lightx2v StepDistill")
FLOW_ROWS = [(f"teacher + euler, shift 5, {n} steps", "flow_teacher", "euler", {}, core("simple", 5.0), n)
             for n in (4, 8, 32)]
FLOW_ROWS += [
    ("student + its exact recipe (preset, euler)", "flow_student", "euler", {}, EXACT, 4),
    ("student + ComfyUI's default (shift 8, simple)", "flow_student", "euler", {}, core("simple"), 4),
    ("student + shift 5, sgm_uniform", "flow_student", "euler", {}, core("sgm_uniform", 5.0), 4),
    ("student + shift 5, normal", "flow_student", "euler", {}, core("normal", 5.0), 4),
    ("student + shift 5, beta", "flow_student", "euler", {}, core("beta", 5.0), 4),
    ("student + lcm (re-noise) on the exact sigmas", "flow_student", "lcm", {}, EXACT, 4),
    ("student + tcd γ 0.3 on the exact sigmas", "flow_student", "tcd", {"gamma": 0.3}, EXACT, 4),
    ("student + euler, shift 5, 8 steps", "flow_student", "euler", {}, core("simple", 5.0), 8),
    ("re-noising student + lcm on the exact sigmas", "flow_lcm_student", "lcm", {}, EXACT, 4),
    ("re-noising student + euler on the exact sigmas", "flow_lcm_student", "euler", {}, EXACT, 4),
]


class Sampler:
    """Samples the shipped models inside a booted host, as SamplerCustom does."""

    def __init__(self, comfy_host):
        import comfy.model_sampling
        import comfy.sample
        import comfy.samplers
        import torch

        self.torch, self.sample, self.samplers, self.model_sampling = torch, comfy.sample, comfy.samplers, comfy.model_sampling
        self.digits = comfy_host.pack_module("nodes.digits")
        self.recipe_node = comfy_host.pack_module("nodes.presets").FewStepRecipe()
        self.sampler_object = comfy_host.pack_module("nodes.common").sampler_object
        self.models = {}

    def sigmas(self, model, schedule, steps):
        kind, name, shift = schedule
        if kind == "recipe":
            return self.recipe_node.get_recipe(model, name, steps)[1]
        ms = model.get_model_object("model_sampling")
        if shift is not None:  # what ModelSamplingSD3(shift) puts on a flow model with this multiplier
            ms, multiplier = self.model_sampling.ModelSamplingDiscreteFlow(), ms.multiplier
            ms.set_parameters(shift=shift, multiplier=multiplier)
        return self.samplers.calculate_sigmas(ms, name, steps)

    def __call__(self, model_name, sampler, options, schedule, steps, n, seed):
        torch = self.torch
        if model_name not in self.models:
            self.models[model_name] = self.digits.DigitsLoader().load(model_name)
        model, cond = self.models[model_name]
        noise = torch.randn((n, 1, 8, 8), generator=torch.Generator().manual_seed(1000 + seed))
        return self.sample.sample_custom(model, noise, 1.0, self.sampler_object(sampler, options),
                                         self.sigmas(model, schedule, steps), cond, cond, torch.zeros_like(noise),
                                         seed=seed, disable_pbar=True)


def measure(sample, metric, rows):
    """rows: (label, model, sampler, options, schedule, steps); cells keyed "label @ steps"."""
    cells, pictures = {}, {}
    for label, model, sampler, options, schedule, steps in rows:
        scores = []
        for seed in SEEDS:
            images = sample(model, sampler, options, schedule, steps, metric.n, seed)
            scores.append(metric.score(images))
            if seed == SEEDS[0]:
                pictures[label, steps] = images[: CELL * CELL, 0]
        cells[f"{label} @ {steps}"] = {k: mean_std([s[k] for s in scores]) for k in scores[0]}
        print(f"{label:>48} {steps:>2} steps: fd {cells[f'{label} @ {steps}']['fd'][0]:7.2f}", flush=True)
    return cells, pictures


FIGURES = {  # table -> how a cell reads
    "fd": lambda x: f"{x['fd'][0]:.1f} ± {x['fd'][1]:.1f}",
    "precision / recall": lambda x: f"{x['precision'][0]:.2f} ± {x['precision'][1]:.2f} / "
                                    f"{x['recall'][0]:.2f} ± {x['recall'][1]:.2f}",
    "is / recognised": lambda x: f"{x['is'][0]:.2f} / {100 * x['recognised'][0]:.0f}%",
}


def tables(cells, floor, metric, rows, steps, reference=None):
    """The README's tables of `rows` (labels) x `steps`: Fréchet distance, precision / recall, IS / recognised."""
    head = "| model + sampler | " + " | ".join(f"{s} step{'s' * (s > 1)}" for s in steps) + " |"
    rule = "|---" * (len(steps) + 1) + "|"
    out = {name: [head, rule] for name in FIGURES}
    for label in rows:
        c = [cells[f"{label} @ {s}"] for s in steps]
        for name, cell in FIGURES.items():
            out[name].append(f"| {label} | " + " | ".join(map(cell, c)) + " |")
    scale = ""
    if reference:
        ref = cells[f"{reference[0]} @ {reference[1]}"]
        scale = f" For scale, {reference[0]} at {reference[1]} steps: {ref['fd'][0]:.1f} ± {ref['fd'][1]:.1f}."
    return "\n".join([
        f"Fréchet distance on the classifier's features (lower is better), mean ± std over {len(SEEDS)} seeds "
        f"of {metric.n} digits. Real-vs-real floor: **{floor['fd'][0]:.1f} ± {floor['fd'][1]:.1f}**.{scale}",
        "", *out["fd"], "",
        f"k-NN precision / recall (Kynkäänniemi et al. 2019, k = 3, same features; higher is better; fidelity / "
        f"variety, read together), mean ± std over the seeds. Real digits: {floor['precision'][0]:.2f} / "
        f"{floor['recall'][0]:.2f}.",
        "", *out["precision / recall"], "",
        f"Inception-score analogue (10 at most) / share of digits the classifier recognises (p ≥ 0.9). "
        f"Real digits: {floor['is'][0]:.2f} / {100 * floor['recognised'][0]:.0f}%. "
        f"Classifier held-out accuracy {100 * metric.accuracy:.1f}%.",
        "", *out["is / recognised"]])


def flow_table(cells, floor, metric):
    """The README's flow table: one row per sampling setup, the three figures as columns."""
    lines = [f"Mean ± std over {len(SEEDS)} seeds of {metric.n} digits. Real-vs-real: Fréchet distance "
             f"**{floor['fd'][0]:.1f} ± {floor['fd'][1]:.1f}**, precision / recall {floor['precision'][0]:.2f} / "
             f"{floor['recall'][0]:.2f}, IS analogue / recognised {floor['is'][0]:.2f} / "
             f"{100 * floor['recognised'][0]:.0f}%.", "",
             "| model + schedule + sampler | steps | Fréchet distance | precision / recall | IS / recognised |",
             "|---|---|---|---|---|"]
    for label, *_, steps in FLOW_ROWS:
        lines.append(f"| {label} | {steps} | " + " | ".join(cell(cells[f"{label} @ {steps}"]) for cell in FIGURES.values())
                     + " |")
    return "\n".join(lines)


def readme_figures(block: str, label: str, steps: int) -> dict:
    """The README's published figures of one cell of generated block "digits" or "flow": fd, precision
    and recall (mean, std), is and recognised (means)."""
    rows = re.findall(rf"^\| {re.escape(label)} \|(.*)\|$", section(README.read_text(), block), flags=re.M)
    if block == "flow":  # one row: steps, then a column per figure
        row = next(r.split("|") for r in rows if int(r.split("|")[0]) == steps)
        fd, pr, other = row[1:4]
    else:  # a table per figure, a column per step count
        fd, pr, other = (r.split("|")[STEPS.index(steps)] for r in rows)
    mean_std = lambda text: tuple(float(v) for v in text.split("±"))
    precision, recall = pr.split("/")
    is_, recognised = other.split("/")
    return {"fd": mean_std(fd), "precision": mean_std(precision), "recall": mean_std(recall),
            "is": float(is_), "recognised": float(recognised.strip(" %")) / 100}


def digit_grid(labels, steps, pictures, path, scale=3):
    """A picture grid: one row per label, one column per step count; `pictures[label, steps]`
    holds CELL*CELL digits (N, 8, 8) in [-1, 1], drawn dark on white."""
    from PIL import Image, ImageDraw
    import torch

    pad, label_width = 8, 320
    side = 8 * CELL * scale
    image = Image.new("L", (label_width + len(steps) * (side + pad), 24 + len(labels) * (side + pad)), 255)
    draw = ImageDraw.Draw(image)
    for j, n in enumerate(steps):
        header = f"{n} step{'s' * (n > 1)}" if n else ""
        draw.text((label_width + j * (side + pad) + side // 3, 6), header, fill=0)
    for i, label in enumerate(labels):
        y = 24 + i * (side + pad)
        draw.text((4, y + side // 2 - 6), label.replace("γ", "gamma").replace("→", " -> "), fill=0)  # PIL's font
        for j, n in enumerate(steps):
            cell = pictures[label, n].reshape(CELL, CELL, 8, 8).permute(0, 2, 1, 3).reshape(8 * CELL, 8 * CELL)
            pixels = ((cell.clamp(-1, 1) + 1) * 127.5).to(torch.uint8).numpy()
            image.paste(Image.fromarray(255 - pixels).resize((side, side), Image.NEAREST),
                        (label_width + j * (side + pad), y))
    image.save(path)


def main():
    host.reexec_in_venv(HOST)
    from bench.metric import Metric
    from harness.comfy_host import Host

    sample = Sampler(Host(HOST))
    start = time.perf_counter()
    metric = Metric()
    floor = metric.floor()
    digit_rows = [(*row, steps) for row in ROWS for steps in STEPS]
    digit_rows.append((*next(r for r in ROWS if r[0] == REFERENCE[0]), REFERENCE[1]))
    cells, pictures = measure(sample, metric, digit_rows + FLOW_ROWS)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "distilled.json").write_text(json.dumps({"floor": floor, "cells": cells}, indent=1))
    digit_grid([row[0] for row in ROWS], STEPS, pictures, host.ROOT / "docs" / "digits_grid.png")
    flow_labels = [row[0] for row in FLOW_ROWS]
    digit_grid(flow_labels, [None], {(row[0], None): pictures[row[0], row[-1]] for row in FLOW_ROWS},
               host.ROOT / "docs" / "flow_grid.png")
    origin = f"bench/distilled.py, {time.perf_counter() - start:.0f} s"
    text = replace_section(README.read_text(), "digits",
                           tables(cells, floor, metric, [row[0] for row in ROWS], STEPS, REFERENCE), origin)
    README.write_text(replace_section(text, "flow", flow_table(cells, floor, metric), origin))
    print(section(README.read_text(), "digits"), section(README.read_text(), "flow"), sep="\n\n")
    print(f"\nwrote {OUT / 'distilled.json'}, docs/digits_grid.png, docs/flow_grid.png and the README's digits "
          "and flow sections")


if __name__ == "__main__":
    main()
