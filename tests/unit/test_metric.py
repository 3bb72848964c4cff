"""The digit metric on known cases: k-NN precision and recall (Kynkaanniemi et al. 2019), the pixel kernel
distance (Gretton et al. 2012), sliced Wasserstein (Bonneel et al. 2015), the haze statistic, the
class-balanced share recognised, and the comparisons the README's sentences and CI's checks rest on."""

import math

import numpy as np
import pytest
import torch

from bench.distilled import (CHECKED, EXACT, FLOW_ROWS, ROWS, STEPS, STUDENTS, TABLES, margin, off, readme_figures,
                             remeasured, verdict)
from bench.metric import (HALF, Metric, balanced_recognised, directions, mmd2, precision_recall, sliced_wasserstein,
                          split)
from digits import model as digits

PIXEL_FIGURES = ("mmd x0.5", "mmd", "mmd x2", "swd", "haze")


@pytest.fixture(scope="module")
def metric():
    return Metric()


@pytest.fixture(scope="module")
def floor(metric):
    """The floor over 10 halvings other than halving 0, whose left-out half the tests score against the reference."""
    return metric.floor(range(1, 11))


def test_precision_and_recall_on_known_point_sets():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(400, 8))
    assert precision_recall(real, real) == (1.0, 1.0)
    far = real + 100.0
    assert precision_recall(far, real) == (0.0, 0.0)
    collapsed = np.repeat(real[:1], 400, axis=0) + 1e-6 * rng.normal(size=(400, 8))  # one mode, many copies
    precision, recall = precision_recall(collapsed, real)
    assert precision == 1.0 and recall < 0.05


def test_real_digits_are_precise_and_varied_blurred_ones_are_not_varied(metric):
    real = metric.score(digits.digit_images()[split(0)[1]])
    mean_digit = digits.digit_images().mean(0, keepdim=True).expand(HALF, -1, -1, -1)
    blurred = metric.score(torch.nn.functional.avg_pool2d(digits.digit_images()[split(0)[1]], 3, 1, 1))
    noise = metric.score(torch.rand(HALF, 1, 8, 8) * 2 - 1)
    assert real["precision"] > 0.9 and real["recall"] > 0.9
    assert metric.score(mean_digit)["recall"] < 0.05
    assert blurred["recall"] < real["recall"] and noise["precision"] < 0.1


def test_mmd_matches_its_closed_form_for_gaussians():
    """For N(0, I) and N(delta, I) in d dimensions and k = exp(-|a - b|^2 / (2 s^2)), MMD^2 is
    2 (s^2 / (s^2 + 2))^(d/2) (1 - exp(-|delta|^2 / (2 (s^2 + 2)))); unbiased, it is near 0 for one distribution."""
    rng = np.random.default_rng(0)
    d, s, n = 4, 2.0, 3000
    delta = np.full(d, 0.5)
    x, z = rng.standard_normal((n, d)), rng.standard_normal((n, d)) + delta
    exact = 2 * (s * s / (s * s + 2)) ** (d / 2) * (1 - math.exp(-(delta @ delta) / (2 * (s * s + 2))))
    assert mmd2(x, z, [s])[0] == pytest.approx(exact, rel=0.1)
    null = [mmd2(*rng.standard_normal((2, 1000, d)), [s])[0] for _ in range(10)]  # the biased form sits ~8 se up
    assert abs(np.mean(null)) < 3 * np.std(null, ddof=1) / np.sqrt(len(null))


def test_sliced_wasserstein_of_a_translate_is_the_projected_shift():
    """Y = X + v: every projected quantile moves by theta . v, so SW2 = sqrt(mean (theta . v)^2), about
    |v| / sqrt(d)."""
    rng = np.random.default_rng(1)
    x, v, theta = rng.standard_normal((500, 64)), rng.standard_normal(64), directions(64)
    assert sliced_wasserstein(x, x, theta) == 0.0
    assert sliced_wasserstein(x, x + v, theta) == pytest.approx(np.sqrt(((v @ theta) ** 2).mean()), rel=1e-9)
    assert sliced_wasserstein(x, x + v, theta) == pytest.approx(np.linalg.norm(v) / 8, rel=0.1)
    assert sliced_wasserstein(x[:499], x + v, theta) == pytest.approx(np.linalg.norm(v) / 8, rel=0.1)  # sizes differ


def test_a_shifted_mean_is_detected_beyond_resampling():
    """Sets of one Gaussian against each other give the null spread; a mean shifted by 0.05 per pixel stands
    well outside it on both pixel distances."""
    rng = np.random.default_rng(2)
    x, theta = rng.standard_normal((HALF, 64)), directions(64)
    s = [np.sqrt(64.0)]
    null = [(mmd2(x, y, s)[0], sliced_wasserstein(x, y, theta)) for y in rng.standard_normal((10, HALF, 64))]
    shifted = rng.standard_normal((HALF, 64)) + 0.05 * np.sqrt(64)  # |shift| = 0.4 in 64-d
    for i, value in enumerate((mmd2(x, shifted, s)[0], sliced_wasserstein(x, shifted, theta))):
        values = [v[i] for v in null]
        assert value > np.mean(values) + 5 * np.std(values, ddof=1)


def test_identical_and_real_sets_are_at_the_floor(metric, floor):
    """The reference against itself: no distance on pixels, the unbiased MMD² below 0 (its diagonal is left
    out), FD 0; the real half left out of halving 0 lies within the other halvings' spread on every figure."""
    reference = metric.reference
    same = metric.score(reference)
    assert same["swd"] == 0.0 and same["haze"] == 0.0 and same["haze std"] == 0.0
    assert all(same[k] <= floor[k][0] + floor[k][1] for k in ("mmd x0.5", "mmd", "mmd x2", "fd"))
    real = metric.score(digits.digit_images()[split(0)[1]])
    for key, (mean, std) in floor.items():
        assert abs(real[key] - mean) <= 4 * std, (key, real[key], mean, std)


def test_a_grey_haze_of_0_1_is_seen_on_pixels_and_barely_on_features(metric, floor):
    real = digits.digit_images()[split(0)[1]]
    hazy = metric.score((real + 0.1).clamp(-1, 1))
    excess = {k: (hazy[k] - floor[k][0]) / floor[k][1] for k in (*PIXEL_FIGURES, "fd")}
    assert hazy["haze"] == pytest.approx(0.1, abs=0.01)
    assert all(excess[k] > 10 for k in PIXEL_FIGURES), excess
    assert all(excess[k] > 3 * excess["fd"] for k in PIXEL_FIGURES), excess  # why the pixel figures exist


def test_recognised_share_is_class_balanced():
    confident = torch.nn.functional.one_hot(torch.arange(10), 10).double()
    unsure = 0.5 * confident[1] + 0.05  # class 1 at p = 0.55
    assert balanced_recognised(confident) == 1.0
    assert balanced_recognised(torch.cat([confident[:1].expand(90, -1), unsure.expand(10, -1)])) == 0.1  # 90% sure
    half = torch.cat([confident, 0.5 * confident + 0.05])  # each class once sure, once at p = 0.55
    assert balanced_recognised(half) == pytest.approx(0.5)


def test_margins_count_seed_stds_in_each_figures_better_direction():
    a = {"fd": (10.0, 1.0), "recall": (0.9, 0.01), "haze": (-0.01, 0.002)}
    b = {"fd": (14.0, 2.0), "recall": (0.85, 0.005), "haze": (0.03, 0.004)}
    assert margin(a, b, "fd") == 2.0 and margin(b, a, "fd") == -2.0
    assert margin(a, b, "recall") == pytest.approx(5.0)
    assert margin(a, b, "haze") == pytest.approx(5.0)  # nearer 0 is better, either side


def test_a_rerun_cell_is_off_where_a_figure_leaves_three_published_stds():
    published = {"fd": (15.0, 2.0), "mmd": (0.001, 0.0002)}
    scores = [{"fd": 14.0, "mmd": 0.0011}, {"fd": 18.0, "mmd": 0.0013}, {"fd": 16.0, "mmd": 0.0012}]
    measured = remeasured(scores, published)
    assert measured["fd"] == pytest.approx((16.0, 2.0)) and off(measured, published) == {}
    shifted = remeasured([{**s, "mmd": s["mmd"] + 0.001} for s in scores], published)
    assert set(off(shifted, published)) == {"mmd"}


def test_a_verdict_needs_fd_and_both_pixel_distances_and_names_a_trade():
    a = {"fd": (10.0, 1.0), "mmd": (0.001, 0.0001), "swd": (0.05, 0.002)}
    worse = {"fd": (14.0, 1.0), "mmd": (0.0015, 0.0001), "swd": (0.06, 0.002)}
    assert verdict(a, worse) == "better" and verdict(worse, a) == "worse" and verdict(a, a) == "within"
    assert verdict(a, {**worse, "swd": (0.045, 0.002)}) == "trade: better on FD, MMD²; worse on SWD"
    assert verdict(a, {**a, "fd": (14.0, 1.0)}) == "better on FD; within on MMD², SWD"  # FD alone: no "better"


def test_every_published_cell_reads_back_with_every_figure():
    """What CI compares against: each cell of the README's digit and flow tables parses into all the figures
    of the tables, each a (mean, std), and the figures CI re-measures are printed with a non-zero std (a writer
    and reader out of step, or too few decimals, fail here rather than in CI)."""
    keys = {key for _, figures in TABLES.values() for key in figures}
    cells = [("digits", row[0], steps) for row in ROWS for steps in STEPS]
    cells += [("flow", row[0], row[-1]) for row in FLOW_ROWS]
    for cell in cells:
        figures = readme_figures(*cell)
        assert set(figures) == keys and all(len(v) == 2 and v[1] >= 0 for v in figures.values()), (cell, figures)
        assert all(figures[key][1] > 0 for key in CHECKED), (cell, figures)


def test_the_flow_table_has_each_step_rule_a_template_samples_instead_of_the_recipes():
    """Every sampler a ComfyUI template of the departures table (harness/departures.py) runs where its recipe's step
    rule is one a flow student was distilled for (Euler, re-noising `lcm`) has its row on that student at 4 steps, on
    the exact sigmas: what that choice costs a distilled model (bench/distilled.py TEMPLATE_RULES)."""
    from harness.departures import TEMPLATES
    from samplers.recipes import RECIPES

    student_of = {rule: student for student, (_, rule, _) in STUDENTS.items()}
    wanted = set()
    for recipe in RECIPES:
        template = TEMPLATES.get(recipe.name)
        if template is None or recipe.sampler not in student_of:
            continue
        used = {node["inputs"]["sampler_name"] for node in template.nodes.values() if "sampler_name" in node["inputs"]}
        wanted |= {(student_of[recipe.sampler], sampler) for sampler in used - {recipe.sampler}}
    rows = {(model, sampler) for _, model, sampler, _, schedule, steps in FLOW_ROWS if (schedule, steps) == (EXACT, 4)}
    assert ("flow_student", "res_multistep") in wanted and wanted <= rows, wanted - rows
