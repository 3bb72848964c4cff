"""Schedule kinds: how a recipe's sigmas are made, each a small frozen dataclass whose parameters are the
published ones (`samplers/recipes.py` holds the data). A kind returns sigmas ending in 0 for a model
sampling object and a step count, and the image size in pixels where it depends on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .checks import check_steps
from .flow import FlowMatchConfig, image_seq_len, pcm_sigmas, step_list_sigmas, with_zero
from .levels import NoiseLevels, UnsupportedModelError
from .schedules import sigmas_at_timesteps, tcd_sigmas, trailing_sigmas

class Schedule:
    """A schedule kind: sigmas (ending in 0) for a model sampling object and a step count, and the
    image size in pixels where the kind depends on it."""

    flow = False  # for flow models (sigmas in (0, 1]) or for discrete-timestep models
    needs_size = False

    def sigmas(self, model_sampling, steps: int, width: int | None = None, height: int | None = None) -> torch.Tensor:
        raise NotImplementedError

    def label(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Grid(Schedule):
    """diffusers' LCM / TCD timesteps on the 50-step distillation grid (dropdown: `tcd`, `lcm`)."""

    def sigmas(self, model_sampling, steps, width=None, height=None):
        return tcd_sigmas(model_sampling, steps)

    def label(self):
        return "`tcd` / `lcm` (50-step grid)"


@dataclass(frozen=True)
class Trailing(Schedule):
    """diffusers' `timestep_spacing="trailing"` (dropdown: `trailing`)."""

    def sigmas(self, model_sampling, steps, width=None, height=None):
        return trailing_sigmas(model_sampling, steps)

    def label(self):
        return "`trailing`"


@dataclass(frozen=True)
class Timesteps(Schedule):
    """An explicit list of the model's discrete timesteps."""

    values: tuple[int, ...]

    def sigmas(self, model_sampling, steps, width=None, height=None):
        return sigmas_at_timesteps(model_sampling, self.values)

    def label(self):
        return "timesteps " + ", ".join(map(str, self.values))


class FlowSchedule(Schedule):
    """A flow model's schedule: sigmas that do not depend on the model's own shift."""

    flow = True

    def sigmas(self, model_sampling, steps, width=None, height=None):
        if not NoiseLevels(model_sampling).is_flow:
            raise UnsupportedModelError(
                f"model: {self.label()} is a flow-model schedule (sigmas in (0, 1]); this model is a "
                "discrete-timestep one (SD1.5, SDXL): use the TCD / LCM, trailing or timesteps schedules")
        return self.flow_sigmas(steps, width, height)

    def flow_sigmas(self, steps, width, height) -> torch.Tensor:
        raise NotImplementedError


@dataclass(frozen=True)
class FlowMatch(FlowSchedule):
    """diffusers' FlowMatchEulerDiscreteScheduler as a pipeline drives it: `pipeline` "flux" passes
    sigmas = linspace(1, 1/N, N), "sd3" passes sigmas=None; `mu` names how the pipeline derives
    mu from the image size (`calculate_shift`, `compute_empirical_mu`) when the shift is dynamic."""

    config: FlowMatchConfig
    pipeline: str
    mu: str | None = None
    given: tuple[float, ...] | None = None  # sigmas the pipeline is called with instead of linspace(1, 1/N, N)

    @property
    def needs_size(self):
        return self.config.size_matters(self.mu)

    def flow_sigmas(self, steps, width, height):
        mu, cause = None, None
        if self.config.use_dynamic_shifting and self.mu is not None:
            if not self.needs_size:  # calculate_shift with base_shift = max_shift: that, whatever the size
                mu, cause = self.config.base_shift, f"base_shift: mu = {self.config.base_shift:.4g} (= max_shift)"
            elif width is None or height is None:
                raise ValueError(f"latent: {self.label()} depends on the image size; connect the latent you sample")
            else:
                mu = self.config.mu(self.mu, width, height, steps)
                cause = (f"latent: at {width}x{height} pixels ({image_seq_len(width, height)} image tokens) "
                         f"mu = {mu:.4g} ({self.mu})")
        return self.config.sigmas(steps, self.pipeline, mu, cause, self.given)

    def label(self):
        c = self.config
        if not c.use_dynamic_shifting:
            shift = f"static shift {c.shift:g}"
        elif c.base_shift == c.max_shift:  # mu is constant: e^mu is a static shift
            shift = f"mu = ln {math.exp(c.base_shift):.3g} (static shift {math.exp(c.base_shift):.3g})"
        else:
            shift = f"mu from the image size ({self.mu})"
        path = {"flux": "linspace(1, 1/N, N)", "sd3": "SD3 pipeline, sigmas=None"}[self.pipeline]
        if self.given is not None:
            path = "sigmas " + ", ".join(f"{v:g}" for v in self.given) + " passed in"
        return f"flow match, {path}, {shift}"


@dataclass(frozen=True)
class StepList(FlowSchedule):
    """LightX2V's step-distilled Wan schedule: listed timesteps on a shifted 1000-point table."""

    shift: float
    timesteps: tuple[int, ...]

    def flow_sigmas(self, steps, width, height):
        return step_list_sigmas(self.shift, self.timesteps)

    def label(self):
        return f"step list {', '.join(map(str, self.timesteps))} at shift {self.shift:g}"


@dataclass(frozen=True)
class PCMGrid(FlowSchedule):
    """PCM's 50-point flow grid at a static shift."""

    shift: float

    def flow_sigmas(self, steps, width, height):
        return pcm_sigmas(steps, self.shift)

    def label(self):
        return f"PCM 50-point grid, shift {self.shift:g}"


@dataclass(frozen=True)
class SigmaList(FlowSchedule):
    """Flow sigmas as their authors list them (the final 0 added), for the model as loaded."""

    values: tuple[float, ...]

    def flow_sigmas(self, steps, width, height):
        if steps != len(self.values):
            raise ValueError(f"steps: this list of sigmas is {len(self.values)} steps, not {steps}")
        return with_zero(np.array(self.values))

    def label(self):
        return "sigmas " + ", ".join(f"{v:g}" for v in self.values)


@dataclass(frozen=True)
class TrigFlow(FlowSchedule):
    """rCM's TrigFlow steps (NVlabs/rcm rcm/inference/wan2pt1_t2v_rcm_infer.py, 5b41aa9): t = atan(sigma_max),
    then the first N - 1 of `mid_t`, then 0, as flow sigmas sin t / (sin t + cos t) (sigma_max 80: 0.9877,
    0.9338, 0.8529, 0.6090)."""

    sigma_max: float
    mid_t: tuple[float, ...] = (1.5, 1.4, 1.0)  # "for better visual quality"; [1.3, 1.0, 0.6] commented out

    def flow_sigmas(self, steps, width, height):
        check_steps(steps)
        if steps > len(self.mid_t) + 1:
            raise ValueError(f"steps: rCM's schedule has 1 to {len(self.mid_t) + 1} steps, not {steps}")
        t = np.array([math.atan(self.sigma_max), *self.mid_t[: steps - 1]])
        return with_zero(np.sin(t) / (np.cos(t) + np.sin(t)))

    def label(self):
        return f"rCM TrigFlow, sigma_max {self.sigma_max:g}, t = atan(sigma_max), {', '.join(map(str, self.mid_t))}"
