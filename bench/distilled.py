"""Which sampler and schedule serve a distilled model best? `python3 bench/distilled.py` (minutes on a CPU).

The shipped digit models (digits/) are loaded by the pack's loader node into a real ComfyUI and sampled
through ComfyUI's own `comfy.sample.sample_custom` (what SamplerCustom runs) from pure noise, CFG 1, and
every cell is scored by bench/metric.py on 898 digits per seed (classifier features and raw pixels), over
SEEDS. Two blocks, each with the comparisons its README text rests on (DIGIT_CLAIMS, FLOW_CLAIMS: margins in
seed-stds and a verdict on FD, MMD² and SWD together):

  digits  the eps teacher and its LCD and TCD students at 1, 2, 4 and 8 steps: the teacher with core euler
          and dpmpp_2m on the trailing schedule, each student with core `lcm` and the pack's `lcm_exact`
          and `tcd` (several gammas) on the LCM/TCD grid;
  flow    the rectified-flow teacher and its students distilled for 4 steps at LightX2V's sigmas
          (shift 5: 1, 0.9375, 0.8333, 0.625): on their exact recipe (the pack's preset, on the model as
          loaded), on ComfyUI's default for a Wan-type model (shift 8, `simple`), at shift 5 with other core
          schedulers, and with another step rule (re-noising `lcm`, TCD, and the core samplers ComfyUI's own
          templates use where a recipe's is another: TEMPLATE_RULES) on the exact sigmas, uni_pc also on those
          the templates' KSampler gives it.

Writes out/bench/distilled.json, the picture grids docs/digits_grid.png and docs/flow_grid.png, and the
README's digits and flow sections between their markers, so the README's numbers are this command's output;
`--tables` re-writes those sections from out/bench/distilled.json without sampling; `--rows PATTERN` samples
only the rows whose cell ("label @ steps") matches the regular expression and keeps every other cell of that file.
"""

import argparse
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
    """Sigmas of a core scheduler on the model as loaded, or as a ModelSamplingSD3(shift) node would set it, as the
    KSampler node gives them to its sampler (uni_pc: one step more, the penultimate sigma dropped)."""
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
]
# The step rules ComfyUI's own templates sample where a recipe's is another (the README's departures table, from
# harness/departures.py TEMPLATES; gradient_estimation from the LTX-2 image-to-video one), each on the student of the
# recipe's rule at 4 steps: on the exact sigmas, so that only the step rule differs, and where the template's KSampler
# gives the sampler other sigmas, on those too (uni_pc: Wan2.1's ModelSamplingSD3(5) + `simple`, which are the exact
# sigmas for other samplers). (student, sampler, schedule, where it is sampled so)
STUDENTS = {  # model -> its name in the labels, the recipe's step rule it was distilled for, that rule's cell
    "flow_student": ("student", "euler", "student + its exact recipe (preset, euler) @ 4"),
    "flow_lcm_student": ("re-noising student", "lcm", "re-noising student + lcm on the exact sigmas @ 4"),
}
WAN21_KSAMPLER = core("simple", 5.0)
TEMPLATE_RULES = [
    ("flow_student", "res_multistep", EXACT, "the Z-Image-Turbo blueprint and `video_minimax_h3_t2v` sample"),
    ("flow_student", "gradient_estimation", EXACT, "`video_ltx2_i2v_distilled` samples LTX-2's stage 2"),
    ("flow_student", "euler_ancestral", EXACT, "`video_kandinsky5_t2v` samples, and `video_ltx2_5_t2v` LTX-2.5's "
                                               "stage 2"),
    ("flow_student", "euler_ancestral_cfg_pp", EXACT, "the LTX-2.3 blueprint samples stage 1 at CFG 1"),
    ("flow_student", "euler_cfg_pp", EXACT, "the LTX-2.3 blueprint samples stage 2 at CFG 1"),
    ("flow_student", "uni_pc", EXACT, "SamplerCustom samples it with the recipe's SIGMAS (no template does)"),
    ("flow_student", "uni_pc", WAN21_KSAMPLER, "`video_wan2.1_alpha_t2v_14B` samples Wan2.1 with its lightx2v LoRA on "
                                               "(its note: 4 steps, CFG 1)"),
    ("flow_lcm_student", "euler", EXACT, "the Wan 2.2 image-to-video blueprint samples rCM Wan2.2 I2V, and "
                                         "`sd3.5_simple_example` PCM-SD3 stochastic"),
    ("flow_lcm_student", "uni_pc", EXACT, "SamplerCustom samples it with the recipe's SIGMAS (no template does)"),
    ("flow_lcm_student", "uni_pc", WAN21_KSAMPLER, "`video_wan2.1_alpha_t2v_14B` samples rCM Wan2.1 T2V and the "
                                                   "re-noised Wan2.1 lightx2v"),
]


def template_row(student, sampler, schedule):
    _, scheduler, shift = schedule
    how = "on the exact sigmas" if schedule == EXACT else f"by KSampler, shift {shift:g}, {scheduler}"
    return f"{STUDENTS[student][0]} + {sampler} {how}", student, sampler, {}, schedule, 4


FLOW_ROWS += [template_row(*rule[:3]) for rule in TEMPLATE_RULES]


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

    def sigmas(self, model, schedule, steps, sampler):
        kind, name, shift = schedule
        if kind == "recipe":
            return self.recipe_node.get_recipe(model, name, steps)[1]
        ms = model.get_model_object("model_sampling")
        if shift is not None:  # what ModelSamplingSD3(shift) puts on a flow model with this multiplier
            ms, multiplier = self.model_sampling.ModelSamplingDiscreteFlow(), ms.multiplier
            ms.set_parameters(shift=shift, multiplier=multiplier)
        if sampler not in self.samplers.KSampler.DISCARD_PENULTIMATE_SIGMA_SAMPLERS:
            return self.samplers.calculate_sigmas(ms, name, steps)
        sigmas = self.samplers.calculate_sigmas(ms, name, steps + 1)  # KSampler.calculate_sigmas for these samplers
        return self.torch.cat([sigmas[:-2], sigmas[-1:]])

    def step_rule(self, name, options):
        """The pack's SAMPLER for `name`; for uni_pc, not a k-diffusion sampler, ComfyUI's own (as KSamplerSelect
        gives it: on a flow model it starts from noise alike)."""
        return self.samplers.sampler_object(name) if name == "uni_pc" else self.sampler_object(name, options)

    def __call__(self, model_name, sampler, options, schedule, steps, n, seed):
        """The sampled digits (n, 1, 8, 8) and the model's calls per digit (a cond and an uncond are two)."""
        torch = self.torch
        if model_name not in self.models:
            self.models[model_name] = self.digits.DigitsLoader().load(model_name)
        model, cond = self.models[model_name]
        counted, calls = model.clone(), []

        def count(apply_model, args):
            calls.append(args["input"].shape[0])
            return apply_model(args["input"], args["timestep"], **args["c"])

        counted.set_model_unet_function_wrapper(count)
        noise = torch.randn((n, 1, 8, 8), generator=torch.Generator().manual_seed(1000 + seed))
        sigmas = self.sigmas(model, schedule, steps, sampler)
        images = self.sample.sample_custom(counted, noise, 1.0, self.step_rule(sampler, options), sigmas, cond, cond,
                                           torch.zeros_like(noise), seed=seed, disable_pbar=True)
        return images, sum(calls) / n


def measure(sample, metric, rows):
    """rows: (label, model, sampler, options, schedule, steps); cells keyed "label @ steps": figure -> (mean, std)
    over SEEDS, and "calls": the model's calls per digit."""
    cells, pictures = {}, {}
    for label, model, sampler, options, schedule, steps in rows:
        scores, calls = [], set()
        for seed in SEEDS:
            images, per_digit = sample(model, sampler, options, schedule, steps, metric.n, seed)
            scores.append(metric.score(images))
            calls.add(per_digit)
            if seed == SEEDS[0]:
                pictures[label, steps] = images[: CELL * CELL, 0]
        (per_digit,) = calls
        c = cells[f"{label} @ {steps}"] = {**{k: mean_std([s[k] for s in scores]) for k in scores[0]},
                                           "calls": per_digit}
        print(f"{label:>48} {steps:>2} steps: fd {c['fd'][0]:7.2f}, mmd {1e3 * c['mmd'][0]:7.2f}, "
              f"swd {1e2 * c['swd'][0]:6.2f}, {per_digit:g} calls", flush=True)
    return cells, pictures


# ---- comparisons: (cell, cell) the README's sentences rest on; a cell is "label @ steps" or FLOOR
FLOOR = "real digits"
DIGIT_CLAIMS = [
    ("tcd student + tcd γ 0.3 @ 4", "tcd student + lcm_exact @ 4"),
    ("tcd student + tcd γ 0.3 @ 8", "tcd student + lcm_exact @ 8"),
    ("tcd student + tcd γ 0 @ 4", FLOOR),
    ("tcd student + tcd γ 0.3 @ 4", FLOOR),
    ("tcd student + tcd γ 0.3 @ 8", FLOOR),
    ("tcd student + tcd γ 0.3 @ 4", "tcd student + tcd γ 0 @ 4"),
    ("lcd student + tcd γ 0.3 @ 2", "lcd student + lcm_exact @ 2"),
    ("lcd student + tcd γ 0.3 @ 4", "lcd student + lcm_exact @ 4"),
    ("lcd student + tcd γ 0.3 @ 8", "lcd student + lcm_exact @ 8"),
    ("lcd student + tcd γ 0.3 @ 8", "lcd student + tcd γ 0 @ 8"),
    ("lcd student + tcd γ 0 @ 2", "lcd student + tcd γ 0 @ 8"),
    ("tcd student + tcd γ 0.3 @ 4", "lcd student + tcd γ 0.3 @ 4"),
    ("tcd student + tcd γ 0.3 @ 8", "lcd student + tcd γ 0.5 @ 8"),
    ("lcd student + lcm_exact @ 1", "tcd student + lcm_exact @ 1"),
    ("lcd student + tcd γ 0.5 @ 2", "tcd student + tcd γ 0 @ 2"),  # each student's best sampler at 2 steps
    ("lcd student + lcm_exact @ 8", "teacher + dpmpp_2m @ 8"),
    ("tcd student + tcd γ 0.3 @ 8", "teacher + dpmpp_2m @ 8"),
    ("tcd student + tcd γ 0.3 @ 4", "teacher + dpmpp_2m @ 4"),
    ("teacher + dpmpp_2m @ 32", FLOOR),
]
EXACT_CELL = STUDENTS["flow_student"][2]
FLOW_CLAIMS = [
    (EXACT_CELL, FLOOR),
    (EXACT_CELL, "teacher + euler, shift 5, 32 steps @ 32"),
    (EXACT_CELL, "student + ComfyUI's default (shift 8, simple) @ 4"),
    (EXACT_CELL, "student + shift 5, sgm_uniform @ 4"),
    (EXACT_CELL, "student + shift 5, normal @ 4"),
    (EXACT_CELL, "student + shift 5, beta @ 4"),
    (EXACT_CELL, "student + lcm (re-noise) on the exact sigmas @ 4"),
    (EXACT_CELL, "student + tcd γ 0.3 on the exact sigmas @ 4"),
    (EXACT_CELL, "student + euler, shift 5, 8 steps @ 8"),
]
FLOW_CLAIMS += [(STUDENTS[rule[0]][2], f"{template_row(*rule[:3])[0]} @ 4") for rule in TEMPLATE_RULES]  # costs

# ---- how the tables read: key -> (scale, decimals)
DECIMALS = {"fd": (1, 1), "precision": (1, 2), "recall": (1, 2), "mmd": (1e3, 2), "swd": (1e2, 2), "haze": (1e3, 1),
            "haze std": (1e3, 1), "is": (1, 2), "recognised": (1e2, 1)}
TABLES = {  # the flow table's column -> (the digit table's title, the keys of its cells)
    "FD": ("Fréchet distance on the classifier's features (FD; lower is better)", ("fd",)),
    "P / R": ("k-NN precision / recall on the same features (P / R; Kynkäänniemi et al. 2019, k = 3; higher is "
              "better; fidelity / variety, read together)", ("precision", "recall")),
    "MMD² x 10³": ("Kernel distance on the raw pixels (MMD², x 10³, unbiased, so 0 is real and it can dip below; "
                   "Gaussian kernel at the median-heuristic bandwidth; lower is better)", ("mmd",)),
    "SWD x 10²": ("Sliced Wasserstein distance on the raw pixels (SWD, x 10², 256 fixed directions; lower is better)",
                  ("swd",)),
    "haze mean / std x 10³": ("Background haze: mean / std of the margin pixels (blank in at least 90% of real "
                              "digits) minus the real reference's, x 10³ in pixel units (the range is [-1, 1]; 0 is "
                              "real, a grey haze lifts the mean)", ("haze", "haze std")),
    "IS / recognised %": ("Inception-score analogue (10 at most) / class-balanced share recognised (%, p ≥ 0.9, the "
                          "mean over the 10 predicted classes; higher is better)", ("is", "recognised")),
}
NAMES = {"fd": "FD", "precision": "P", "recall": "R", "mmd x0.5": "MMD² x0.5", "mmd": "MMD²", "mmd x2": "MMD² x2",
         "swd": "SWD", "haze": "haze", "haze std": "haze std", "is": "IS", "recognised": "recognised %"}
HIGHER_IS_BETTER = ("precision", "recall", "is", "recognised")  # the rest lower (haze, haze std: nearer 0)
MARGINS = ("fd", "precision", "recall", "mmd x0.5", "mmd", "mmd x2", "swd", "haze", "recognised")
VERDICT = ("fd", "mmd", "swd")  # the distances a sentence's verdict rests on: on the classifier's features, on pixels
CLOSE = 2.0  # seed-stds: a margin within this does not tell two cells apart
CHECKED = (*VERDICT, "haze")  # the figures a cell re-measured on other seeds must reproduce (tests/integration)


def figure(value, key):
    """One figure as a cell reads: (mean, std) scaled, 'mean ± std'."""
    scale, decimals = DECIMALS[key]
    return f"{scale * value[0]:.{decimals}f} ± {scale * value[1]:.{decimals}f}"


def cell(scores, keys):
    return " / ".join(figure(scores[key], key) for key in keys)


def margin(a, b, key):
    """How much better cell `a` is than cell `b` on figure `key`, in seed-stds: the difference of their means
    over the larger of their two stds (negative: `a` is worse). haze and haze std are better nearer 0."""
    (ma, sa), (mb, sb) = a[key], b[key]
    if key in ("haze", "haze std"):
        ma, mb = abs(ma), abs(mb)
    better = ma - mb if key in HIGHER_IS_BETTER else mb - ma
    return better / max(sa, sb)


def verdict(a, b):
    """What a sentence may say of cell `a` against `b`: "better" or "worse" where FD, MMD² and SWD all say so by
    more than CLOSE seed-stds, "within" where none does, else which say what ("trade: ..." where some say
    better and others worse)."""
    sides = {}
    for key in VERDICT:
        m = margin(a, b, key)
        sides.setdefault("better" if m > CLOSE else "worse" if m < -CLOSE else "within", []).append(NAMES[key])
    if len(sides) == 1:
        return next(iter(sides))
    text = "; ".join(f"{side} on {', '.join(names)}" for side, names in sides.items())
    return f"trade: {text}" if {"better", "worse"} <= set(sides) else text


def remeasured(scores, published):
    """A published cell re-measured on other seeds (`scores`, one dict per seed), as `margin` reads cells:
    figure -> (mean over the seeds, the published seed-std)."""
    return {key: (sum(s[key] for s in scores) / len(scores), published[key][1]) for key in published}


def off(measured, published, k=3.0):
    """The figures of a re-measured cell whose mean lies more than k published seed-stds from the published
    mean: figure -> (measured mean, published (mean, std)); empty where the cell reproduces."""
    return {key: (measured[key][0], published[key]) for key in published
            if abs(measured[key][0] - published[key][0]) > k * published[key][1]}


def floor_line(floor, metric):
    """The real-vs-real floor of every figure, as the tables read."""
    figures = ", ".join(f"{NAMES[key]} {figure(floor[key], key)}" for _, keys in TABLES.values() for key in keys)
    return (f"Real-vs-real floor (mean ± std over {metric['resamples']} random halvings of the real digits, "
            f"each left-out half against its reference half; in the tables' units): **{figures}**. Classifier "
            f"held-out accuracy {100 * metric['accuracy']:.1f}%; pixel kernel bandwidth {metric['bandwidth']:.2f} "
            f"(the median distance between real digits; MMD² at x 0.5 and x 2 of it in the comparisons).")


def comparisons(cells, floor, claims):
    """The table of `claims`: how far the first cell is better than the second on each figure, in seed-stds."""
    lines = ["| comparison (+: the first is better) | " + " | ".join(NAMES[k] for k in MARGINS) + " | verdict |",
             "|---" * (len(MARGINS) + 2) + "|"]
    for a, b in claims:
        pair = [floor if c == FLOOR else cells[c] for c in (a, b)]
        lines.append(f"| {a} vs {b} | " + " | ".join(f"{margin(*pair, k):+.1f}" for k in MARGINS)
                     + f" | {verdict(*pair)} |")
    return [f"Comparisons the text rests on: the difference of two cells on each figure in seed-stds (of the "
            f"larger of the two stds; the floor's std is its halvings'), positive where the first cell is better "
            f"(haze: nearer 0). The verdict is the first cell's on FD, MMD² and SWD together, "
            f"\"within\" where a margin is at most {CLOSE:g}.", "", *lines]


def tables(cells, floor, metric, rows, steps, reference=None):
    """The README's digit tables: one per figure of TABLES, `rows` (labels) x `steps`, then the comparisons."""
    head = "| model + sampler | " + " | ".join(f"{s} step{'s' * (s > 1)}" for s in steps) + " |"
    rule = "|---" * (len(steps) + 1) + "|"
    scale = ""
    if reference:
        ref = cells[f"{reference[0]} @ {reference[1]}"]
        scale = f" For scale, {reference[0]} at {reference[1]} steps: FD {figure(ref['fd'], 'fd')}."
    lines = [f"Mean ± std over {len(SEEDS)} seeds of {metric['n']} digits per cell. {floor_line(floor, metric)}"
             f"{scale}"]
    for title, keys in TABLES.values():
        lines += ["", f"{title}:", "", head, rule]
        lines += [f"| {label} | " + " | ".join(cell(cells[f"{label} @ {s}"], keys) for s in steps) + " |"
                  for label in rows]
    return "\n".join(lines + ["", *comparisons(cells, floor, DIGIT_CLAIMS)])


def flow_table(cells, floor, metric):
    """The README's flow table: one row per sampling setup, a column per table of TABLES, then the comparisons."""
    lines = [f"Mean ± std over {len(SEEDS)} seeds of {metric['n']} digits per cell; the columns are the digit "
             f"tables' figures. {floor_line(floor, metric)}", "",
             "| model + schedule + sampler | steps | " + " | ".join(TABLES) + " |",
             "|---" * (len(TABLES) + 2) + "|"]
    for label, *_, steps in FLOW_ROWS:
        lines.append(f"| {label} | {steps} | " + " | ".join(cell(cells[f"{label} @ {steps}"], keys)
                                                          for _, keys in TABLES.values()) + " |")
    return "\n".join(lines + ["", *comparisons(cells, floor, FLOW_CLAIMS), "", *template_rules(cells)])


def template_rules(cells):
    """What each step rule of TEMPLATE_RULES costs its student against the recipe's rule, from the cells."""
    scores = lambda c: (f"FD {figure(c['fd'], 'fd')}, MMD² {figure(c['mmd'], 'mmd')}, SWD {figure(c['swd'], 'swd')}, "
                        f"{c['calls']:g} model calls per digit")
    baselines = "; ".join(f"the {name} with `{rule}`: {scores(cells[cell])}" for name, rule, cell in STUDENTS.values())
    lines = [f"What the step rules of ComfyUI's own templates cost a distilled model: each at 4 steps on the "
             f"recipe's exact sigmas, so only the step rule differs, and uni_pc also on the sigmas a template's "
             f"KSampler gives it (those of 5 steps less the penultimate), against the recipe's rule ({baselines}), "
             f"with the recipe rule's verdict and margins on FD / MMD² / SWD from the comparisons above (seed-stds, "
             f"positive where the recipe's rule is better). The digit models take no prompt, so the uncond a "
             f"`*_cfg_pp` sampler runs at CFG 1 is the cond: here it differs by its step and its calls alone.", ""]
    for student, sampler, schedule, where in TEMPLATE_RULES:
        label, (_, rule, cell) = template_row(student, sampler, schedule)[0], STUDENTS[student]
        recipe, other = cells[cell], cells[f"{label} @ 4"]
        margins = " / ".join(f"{margin(recipe, other, key):+.1f}" for key in VERDICT)
        lines.append(f"- {label}, as {where}: {scores(other)}; `{rule}` {verdict(recipe, other)} ({margins}).")
    return lines


def readme_figures(block: str, label: str, steps: int) -> dict:
    """The README's published figures of one cell of generated block "digits" or "flow": figure -> (mean, std)."""
    rows = re.findall(rf"^\| {re.escape(label)} \|(.*)\|$", section(README.read_text(), block), flags=re.M)
    if block == "flow":  # one row: steps, then a column per table
        texts = next(r.split("|") for r in rows if int(r.split("|")[0]) == steps)[1:]
    else:  # a table per figure, a column per step count
        texts = [r.split("|")[STEPS.index(steps)] for r in rows]
    figures = {}
    for (_, keys), text in zip(TABLES.values(), texts, strict=True):
        for key, value in zip(keys, text.split("/"), strict=True):
            figures[key] = tuple(float(v) / DECIMALS[key][0] for v in value.split("±"))
    return figures


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


def write_readme(result):
    """The README's digits and flow blocks from a run's result (distilled.json)."""
    cells, floor, metric, origin = result["cells"], result["floor"], result["metric"], result["origin"]
    text = replace_section(README.read_text(), "digits",
                           tables(cells, floor, metric, [row[0] for row in ROWS], STEPS, REFERENCE), origin)
    README.write_text(replace_section(text, "flow", flow_table(cells, floor, metric), origin))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", action="store_true",
                        help="re-write the README's blocks from out/bench/distilled.json, without sampling")
    parser.add_argument("--rows", metavar="PATTERN",
                        help="sample only the cells ('label @ steps') this regular expression finds, keeping every "
                             "other cell of out/bench/distilled.json (the picture grids' other rows are re-sampled "
                             "on their first seed)")
    return parser.parse_args()


def main():
    args = arguments()
    if args.tables:  # re-write the README's blocks from the last run, without sampling
        write_readme(json.loads((OUT / "distilled.json").read_text()))
        return
    host.reexec_in_venv(HOST)
    from bench.metric import RESAMPLES, Metric
    from harness.comfy_host import Host

    sample = Sampler(Host(HOST))
    start = time.perf_counter()
    metric = Metric()
    grid_rows = [(*row, steps) for row in ROWS for steps in STEPS]
    reference = (*next(r for r in ROWS if r[0] == REFERENCE[0]), REFERENCE[1])
    rows = [*grid_rows, reference, *FLOW_ROWS]
    if args.rows:
        last = json.loads((OUT / "distilled.json").read_text())
        if (last["metric"]["n"], last["metric"]["bandwidth"]) != (metric.n, metric.bandwidth):
            raise SystemExit(f"{OUT / 'distilled.json'} was scored by another metric: run without --rows")
        chosen = [row for row in rows if re.search(args.rows, f"{row[0]} @ {row[-1]}")]
        if not chosen:
            raise SystemExit(f"no cell matches {args.rows!r}")
        cells, pictures = measure(sample, metric, chosen)
        result = {**last, "cells": {**last["cells"], **cells}}
    else:
        floor = metric.floor()
        cells, pictures = measure(sample, metric, rows)
        result = {"origin": f"bench/distilled.py, {time.perf_counter() - start:.0f} s", "floor": floor,
                  "cells": cells, "metric": {"n": metric.n, "accuracy": metric.accuracy,
                                             "bandwidth": metric.bandwidth, "resamples": RESAMPLES}}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "distilled.json").write_text(json.dumps(result, indent=1))
    for name, rows, steps in (("digits", grid_rows, STEPS), ("flow", FLOW_ROWS, [None])):
        if any((row[0], row[-1]) in pictures for row in rows):  # a grid with a row sampled now: drawn again
            for label, model, sampler, options, schedule, n in rows:  # its other rows, on their first seed
                if (label, n) not in pictures:
                    images, _ = sample(model, sampler, options, schedule, n, metric.n, SEEDS[0])
                    pictures[label, n] = images[: CELL * CELL, 0]
            grid = {(row[0], row[-1] if name == "digits" else None): pictures[row[0], row[-1]] for row in rows}
            labels = list(dict.fromkeys(row[0] for row in rows))
            digit_grid(labels, steps, grid, host.ROOT / "docs" / f"{name}_grid.png")
    write_readme(result)
    print(section(README.read_text(), "digits"), section(README.read_text(), "flow"), sep="\n\n")
    print(f"\nwrote {OUT / 'distilled.json'}, the picture grids (docs/) of the rows sampled and the README's digits "
          "and flow sections (`python3 bench/distilled.py --tables` re-writes them from that file)")


if __name__ == "__main__":
    main()
