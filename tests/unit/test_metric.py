"""k-NN precision and recall of the digit metric (Kynkaanniemi et al. 2019)."""

import numpy as np
import torch

from bench.metric import HALF, Metric, precision_recall, split
from digits import model as digits


def test_precision_and_recall_on_known_point_sets():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(400, 8))
    assert precision_recall(real, real) == (1.0, 1.0)
    far = real + 100.0
    assert precision_recall(far, real) == (0.0, 0.0)
    collapsed = np.repeat(real[:1], 400, axis=0) + 1e-6 * rng.normal(size=(400, 8))  # one mode, many copies
    precision, recall = precision_recall(collapsed, real)
    assert precision == 1.0 and recall < 0.05


def test_real_digits_are_precise_and_varied_blurred_ones_are_not_varied():
    metric = Metric()
    real = metric.score(digits.digit_images()[split(0)[1]])
    mean_digit = digits.digit_images().mean(0, keepdim=True).expand(HALF, -1, -1, -1)
    blurred = metric.score(torch.nn.functional.avg_pool2d(digits.digit_images()[split(0)[1]], 3, 1, 1))
    noise = metric.score(torch.rand(HALF, 1, 8, 8) * 2 - 1)
    assert real["precision"] > 0.9 and real["recall"] > 0.9
    assert metric.score(mean_digit)["recall"] < 0.05
    assert blurred["recall"] < real["recall"] and noise["precision"] < 0.1
