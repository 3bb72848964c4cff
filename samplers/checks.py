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


def check_schedule(sigmas: torch.Tensor, sigma_max: float, what: str, advice: str = "") -> torch.Tensor:
    """A whole schedule as a node hands it on, or a ValueError naming `what` made it: finite sigmas within
    (0, sigma_max] (1 for a flow model; the model's highest sigma for a discrete one), strictly decreasing,
    ending in 0, with at least one step; `advice` ends the message. Core samplers run anything: NaN
    sigmas give a NaN latent, and repeated ones steps that do nothing."""
    values = sigmas.tolist() if isinstance(sigmas, torch.Tensor) and sigmas.ndim == 1 else None
    if values is None or len(values) < 2:
        raise ValueError(f"{what}: gave {getattr(sigmas, 'shape', sigmas)}, not a schedule of at least one step")
    if values[-1] != 0:
        raise ValueError(f"{what}: a schedule ends at sigma 0; this one ends at {values[-1]:.6g}")
    top = sigma_max * (1 + 1e-6)
    for i, value in enumerate(values[:-1]):
        if not (math.isfinite(value) and 0 < value <= top):
            raise ValueError(f"{what}: sigmas[{i}] = {value:.6g}; this model's sigmas lie in (0, {sigma_max:.6g}] "
                             f"before the final 0 ({_listed(values)}). {advice}".rstrip())
    for i in range(1, len(values)):
        if values[i] >= values[i - 1]:
            raise ValueError(f"{what}: sigmas[{i}] = {values[i]:.6g} does not fall below sigmas[{i - 1}]: "
                             f"that step would do nothing ({_listed(values)}). {advice}".rstrip())
    return sigmas


def _listed(values: list[float], most: int = 12) -> str:
    shown = ", ".join(f"{v:.6g}" for v in values[:most])
    return "sigmas " + shown + (", ..." if len(values) > most else "")


def check_positive(value: float, name: str, example: str) -> float:
    """A finite number > 0 (a shift); `example` says what is usual."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name}: expected a finite number > 0 ({example}), got {value!r}")
    return float(value)


def check_finite(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value!r}")
    return float(value)


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
