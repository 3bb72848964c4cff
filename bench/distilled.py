"""Which sampler serves a distilled model best? `python3 bench/distilled.py` (minutes on a CPU).

The shipped digit models (digits/: a diffusion teacher and its LCD and TCD students) are loaded by
the pack's loader node into a real ComfyUI (0.3.75) and sampled through ComfyUI's own
`comfy.sample.sample_custom` (what SamplerCustom runs) from pure noise, CFG 1, at 1, 2, 4 and 8
steps: the teacher with core euler and dpmpp_2m on the trailing schedule, each student with core
`lcm` and with the pack's `lcm_exact` and `tcd` (several gammas) on the LCM/TCD grid. Every cell is
scored by bench/metric.py on 898 digits per seed, over SEEDS.

Writes out/bench/digits.json, the picture grid docs/digits_grid.png and the README's digits
section between its markers, so the README's numbers are this command's output.
"""

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness import host  # noqa: E402
from bench.readme import README, replace_section, section  # noqa: E402

HOST = "comfyui-0.3.75"

STEPS = (1, 2, 4, 8)
SEEDS = tuple(range(10))
STUDENT_SAMPLERS = [  # label, sampler, options
    ("core lcm", "lcm", {}),
    ("lcm_exact", "lcm_exact", {}),
    ("tcd γ 0", "tcd", {"gamma": 0.0}),
    ("tcd γ 0.3", "tcd", {"gamma": 0.3}),
    ("tcd γ 0.5", "tcd", {"gamma": 0.5}),
    ("tcd γ 0.5→0.1", "tcd", {"gamma": 0.5, "gamma_end": 0.1}),
]
# label, model, sampler, options, scheduler
ROWS = [("teacher + euler", "teacher", "euler", {}, "trailing"),
        ("teacher + dpmpp_2m", "teacher", "dpmpp_2m", {}, "trailing")]
ROWS += [(f"{student} student + {label}", student, sampler, options, "lcm")
         for student in ("lcd", "tcd") for label, sampler, options in STUDENT_SAMPLERS]
REFERENCE = ("teacher + dpmpp_2m", 32)  # the teacher given enough steps, for scale
OUT = host.ROOT / "out" / "bench"
CELL = 4  # digits per side of a grid cell


class Sampler:
    """Samples the shipped models inside a booted host, as SamplerCustom does."""

    def __init__(self, comfy_host):
        import comfy.sample
        import comfy.samplers
        import torch

        self.torch, self.sample, self.samplers = torch, comfy.sample, comfy.samplers
        self.digits = comfy_host.pack_module("nodes.digits")
        self.sampler_object = comfy_host.pack_module("nodes.common").sampler_object
        self.models = {}

    def __call__(self, model_name, sampler, options, scheduler, steps, n, seed):
        torch = self.torch
        if model_name not in self.models:
            self.models[model_name] = self.digits.DigitsLoader().load(model_name)
        model, cond = self.models[model_name]
        noise = torch.randn((n, 1, 8, 8), generator=torch.Generator().manual_seed(1000 + seed))
        sigmas = self.samplers.calculate_sigmas(model.get_model_object("model_sampling"), scheduler, steps)
        return self.sample.sample_custom(model, noise, 1.0, self.sampler_object(sampler, options), sigmas, cond, cond,
                                         torch.zeros_like(noise), seed=seed, disable_pbar=True)


def mean_std(values):
    mean = sum(values) / len(values)
    return mean, (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5


def measure(sample, metric):
    cells, pictures = {}, {}
    rows = [(label, model, sampler, options, scheduler, steps)
            for label, model, sampler, options, scheduler in ROWS for steps in STEPS]
    rows.append((*next(r for r in ROWS if r[0] == REFERENCE[0]), REFERENCE[1]))
    for label, model, sampler, options, scheduler, steps in rows:
        scores = []
        for seed in SEEDS:
            images = sample(model, sampler, options, scheduler, steps, metric.n, seed)
            scores.append(metric.score(images))
            if seed == SEEDS[0]:
                pictures[label, steps] = images[: CELL * CELL, 0]
        cells[f"{label} @ {steps}"] = {k: mean_std([s[k] for s in scores]) for k in scores[0]}
        print(f"{label:>34} {steps:>2} steps: fd {cells[f'{label} @ {steps}']['fd'][0]:7.2f}", flush=True)
    return cells, pictures


def tables(cells, floor, metric):
    head = "| model + sampler | " + " | ".join(f"{s} step{'s' * (s > 1)}" for s in STEPS) + " |"
    rule = "|---" * (len(STEPS) + 1) + "|"
    fd = [head, rule]
    other = [head, rule]
    for label, *_ in ROWS:
        c = [cells[f"{label} @ {s}"] for s in STEPS]
        fd.append(f"| {label} | " + " | ".join(f"{x['fd'][0]:.1f} ± {x['fd'][1]:.1f}" for x in c) + " |")
        other.append(f"| {label} | " + " | ".join(f"{x['is'][0]:.2f} / {100 * x['recognised'][0]:.0f}%" for x in c) + " |")
    ref = cells[f"{REFERENCE[0]} @ {REFERENCE[1]}"]
    return "\n".join([
        f"Fréchet distance on the classifier's features (lower is better), mean ± std over {len(SEEDS)} seeds "
        f"of {metric.n} digits. Real-vs-real floor: **{floor['fd'][0]:.1f} ± {floor['fd'][1]:.1f}**. "
        f"For scale, {REFERENCE[0]} at {REFERENCE[1]} steps: {ref['fd'][0]:.1f} ± {ref['fd'][1]:.1f}.",
        "", *fd, "",
        f"Inception-score analogue (10 at most) / share of digits the classifier recognises (p ≥ 0.9). "
        f"Real digits: {floor['is'][0]:.2f} / {100 * floor['recognised'][0]:.0f}%. "
        f"Classifier held-out accuracy {100 * metric.accuracy:.1f}%.",
        "", *other])


def readme_figures(label: str, steps: int) -> dict:
    """The README's published figures of one cell: fd (mean, std), is and recognised (means)."""
    fd_row, other_row = re.findall(rf"^\| {re.escape(label)} \|(.*)\|$", section(README.read_text(), "digits"),
                                   flags=re.M)
    column = STEPS.index(steps)
    fd = [float(v) for v in fd_row.split("|")[column].split("±")]
    is_, recognised = other_row.split("|")[column].split("/")
    return {"fd": tuple(fd), "is": float(is_), "recognised": float(recognised.strip(" %")) / 100}


def digit_grid(labels, steps, pictures, path, scale=3):
    """A picture grid: one row per label, one column per step count; `pictures[label, steps]`
    holds CELL*CELL digits (N, 8, 8) in [-1, 1], drawn dark on white."""
    from PIL import Image, ImageDraw
    import torch

    pad, label_width = 8, 250
    side = 8 * CELL * scale
    image = Image.new("L", (label_width + len(steps) * (side + pad), 24 + len(labels) * (side + pad)), 255)
    draw = ImageDraw.Draw(image)
    for j, n in enumerate(steps):
        draw.text((label_width + j * (side + pad) + side // 3, 6), f"{n} step{'s' * (n > 1)}", fill=0)
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

    comfy_host = Host(HOST)
    start = time.perf_counter()
    metric = Metric()
    floor = metric.floor()
    cells, pictures = measure(Sampler(comfy_host), metric)
    report = tables(cells, floor, metric)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "digits.json").write_text(json.dumps({"floor": floor, "cells": cells}, indent=1))
    digit_grid([row[0] for row in ROWS], STEPS, pictures, host.ROOT / "docs" / "digits_grid.png")
    origin = f"bench/distilled.py, {time.perf_counter() - start:.0f} s"
    README.write_text(replace_section(README.read_text(), "digits", report, origin))
    print(report)
    print(f"\nwrote {OUT / 'digits.json'}, docs/digits_grid.png and the README's digits section")


if __name__ == "__main__":
    main()
