"""Input checks shared by the samplers and schedules: bad input gets an error that names it."""

from __future__ import annotations

import math
from typing import Sequence

import torch


def check_sigmas(sigmas: torch.Tensor, flow: bool = False) -> list[float]:
    """Sigmas as Python floats (one host sync, before any sampling loop), or a ValueError.
    A flow model's sigmas lie in [0, 1] (x = (1 - sigma) x0 + sigma noise)."""
    if not isinstance(sigmas, torch.Tensor) or sigmas.ndim != 1:
        raise ValueError(f"sigmas: expected a 1-D tensor, got {getattr(sigmas, 'shape', type(sigmas))}")
    values = sigmas.tolist()
    if len(values) < 2:
        raise ValueError(f"sigmas: need at least a start and an end value, got {len(values)}")
    for i, value in enumerate(values):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"sigmas[{i}] = {value}: sigmas must be finite and >= 0")
        if flow and value > 1:
            raise ValueError(f"sigmas[{i}] = {value:.6g}: a flow model's sigmas lie in [0, 1] "
                             "(x = (1 - sigma) x0 + sigma noise); these are not a flow model's sigmas")
    for i in range(1, len(values)):
        if values[i] >= values[i - 1]:
            raise ValueError(
                f"sigmas must be strictly decreasing: sigmas[{i}] = {values[i]:.6g} "
                f"follows sigmas[{i - 1}] = {values[i - 1]:.6g}"
            )
    return values


def check_steps(steps: int, name: str = "steps") -> int:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"{name}: expected a whole number >= 1, got {steps!r}")
    return steps


def check_fraction(value: float, name: str) -> float:
    """A number in [0, 1] (gamma, strength)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name}: expected a number in [0, 1], got {value!r}")
    return float(value)


def per_step(values: float | Sequence[float], steps: int, name: str) -> list[float]:
    """One value per step: a constant repeated, or a sequence of exactly `steps` values."""
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = [values] * steps
    values = list(values)
    if len(values) != steps:
        raise ValueError(f"{name}: expected one value per step ({steps}), got {len(values)}")
    return [check_fraction(v, f"{name}[{i}]") for i, v in enumerate(values)]
