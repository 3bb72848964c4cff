"""What a ComfyUI model sampling object says about noise levels.

ComfyUI samples in sigma space. The models this pack serves come in two forms:

* discrete diffusion models (SD1.5, SD2.x, SDXL: eps, v or x0 prediction), where
  x = x0 + sigma * eps and the UNet was trained on integer timesteps 0..T-1, each
  with a sigma from the model's table (`model_sampling.sigmas`);
* rectified-flow models (SD3, FLUX: ComfyUI's CONST), where
  x = (1 - sigma) * x0 + sigma * eps and the model's timestep is proportional to sigma.

`NoiseLevels` reads which form a model sampling object has from its own
`noise_scaling`, `sigmas` and `timestep` (never from class names, so it works across
ComfyUI versions and on patched model samplings) and refuses anything else.
"""

from __future__ import annotations

import math
import weakref

import torch


class UnsupportedModelError(ValueError):
    """The model's sampling type is not one the few-step samplers handle."""


def model_sampling_of(model):
    """The model sampling object behind a k-diffusion model wrapper, as core samplers reach it."""
    try:
        return model.inner_model.inner_model.model_sampling
    except AttributeError as exc:
        raise UnsupportedModelError(
            "model: expected ComfyUI's sampler model wrapper "
            "(model.inner_model.inner_model.model_sampling); got " + type(model).__name__
        ) from exc


def table_timesteps(model_sampling, table: torch.Tensor) -> torch.Tensor:
    """The model's own timestep of every entry of its sigma table, as its `timestep()` says.

    Core's discrete samplings number their table affinely (ModelSamplingDiscrete 0..n-1; the
    LCM-distilled one k-1, 2k-1, ...): when four probed entries (first, second, middle, last) lie
    on that line, the rest is taken from it, which keeps this setup off the sampling call's cost.
    Any other table is probed whole, in chunks (core's timestep() builds a len x n matrix).
    """
    n = len(table)
    index = torch.tensor(sorted({0, 1, n // 2, n - 1}))
    probe = model_sampling.timestep(table[index.to(table.device)]).float().cpu()
    start, step = probe[0], probe[1] - probe[0]
    if torch.equal(probe, start + step * index.float()):
        return start + step * torch.arange(n, dtype=torch.float32)
    return torch.cat([model_sampling.timestep(chunk).float().cpu() for chunk in table.split(50)])


_GEOMETRY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def geometry(model_sampling) -> tuple[tuple, dict]:
    """((is_flow, num_timesteps, log sigma table, its timesteps), a memo of step plans) of a model
    sampling object, read once per object and sigma table: ComfyUI keeps a model's sampling object
    across runs, and probing it and planning the steps again before every call cost about a tenth of
    a 4-step call. A replaced table (what set_parameters and every sampling patch do) is read anew, and
    so is one changed in place where torch counts versions: not for the inference-mode tensors of a
    model ComfyUI loaded, whose own code never changes them in place."""
    table = getattr(model_sampling, "sigmas", None)
    try:
        version = table._version
    except (AttributeError, RuntimeError):  # no table, or an inference-mode tensor, which counts no versions
        version = None
    cached = _GEOMETRY.get(model_sampling)
    if cached is None or cached[0] is not table or cached[1] != version:
        cached = _GEOMETRY[model_sampling] = (table, version, _read_geometry(model_sampling, table), {})
    return cached[2], cached[3]


def _read_geometry(model_sampling, table):
    name = type(model_sampling).__name__
    probe = torch.tensor(0.25)
    try:
        signal = float(model_sampling.noise_scaling(probe, torch.zeros(1), torch.ones(1)))
        noise = float(model_sampling.noise_scaling(probe, torch.ones(1), torch.zeros(1)))
    except (AttributeError, TypeError) as exc:
        raise UnsupportedModelError(f"model sampling {name} has no usable noise_scaling") from exc
    if noise != 0.25 or signal not in (1.0, 0.75):
        raise UnsupportedModelError(
            f"model sampling {name}: noise_scaling is neither x0 + sigma*eps (eps/v/x0 prediction) "
            "nor (1-sigma)*x0 + sigma*eps (flow); this sampler does not support it"
        )
    if signal == 0.75:  # flow: the network's timestep is sigma x multiplier (1000 for SD3 and Wan, 1 for FLUX)
        return True, 1000, None, None
    table_t = None
    if table is not None and table.ndim == 1 and len(table) > 1:
        table_t = table_timesteps(model_sampling, table)
    if table_t is None or not (table_t == table_t.round()).all() or not (table_t.diff() > 0).all():
        raise UnsupportedModelError(
            f"model sampling {name} is not a discrete timestep model "
            "(continuous EDM / v samplings are not supported)"
        )
    return False, int(table_t[-1]) + 1, table.detach().float().cpu().log(), table_t


class NoiseLevels:
    """Signal scale and timestep geometry of one model sampling object."""

    def __init__(self, model_sampling):
        self.model_sampling = model_sampling
        (self.is_flow, self.num_timesteps, self.log_table, self.table_t), self._plans = geometry(model_sampling)

    def plan(self, key: tuple, make):
        """The step plan `key` (a sampler's name and its inputs) for this model, made once per sigma table."""
        if key not in self._plans:
            if len(self._plans) >= 64:  # a bounded memo: settings a user tried once are not kept
                self._plans.clear()
            self._plans[key] = make()
        return self._plans[key]

    def signal_scale(self, sigma: float) -> float:
        """a(sigma) in x = a(sigma) * x0 + sigma * eps."""
        return 1.0 - sigma if self.is_flow else 1.0

    def vp_scale(self, sigma: float) -> float:
        """What turns ComfyUI's x into the network's (diffusers') latent: sqrt(alpha_bar) = 1/sqrt(1+sigma^2)."""
        return 1.0 if self.is_flow else 1.0 / math.sqrt(1.0 + sigma**2)

    def timestep(self, sigma: torch.Tensor) -> torch.Tensor:
        """Continuous timestep of each sigma on the 0..num_timesteps scale.

        Discrete models: the inverse of the model's own `sigma(t)` (log-linear between its
        table entries). Core's `model_sampling.timestep` rounds to the nearest entry; this
        keeps the fraction, so sigmas between table entries (sgm_uniform, Karras, AYS) map
        back exactly. Sigmas outside the table clamp to its ends.
        Flow models: 1000 * sigma, proportional to the network's own timestep.
        """
        if self.is_flow:
            return sigma.float() * 1000.0
        log_sigma = sigma.float().log()
        table, table_t = self.log_table, self.table_t
        low = (torch.searchsorted(table, log_sigma, right=True) - 1).clamp(0, len(table) - 2)
        frac = ((log_sigma - table[low]) / (table[low + 1] - table[low])).clamp(0.0, 1.0)
        t = table_t[low] + frac * (table_t[low + 1] - table_t[low])
        # `model_sampling.sigma(t)` is exp(log_sigmas[t]), which need not round-trip in float32:
        # within 1e-3 of a whole timestep (a 5e-6 relative change of sigma) it is that timestep.
        whole = t.round()
        return torch.where((t - whole).abs() < 1e-3, whole, t)

    def sigma_at(self, timesteps: torch.Tensor) -> torch.Tensor:
        """A discrete model's own sigma at timesteps 0..num_timesteps-1 (float32, on the CPU)."""
        return self.model_sampling.sigma(timesteps.float()).float().cpu()

    def intermediate_sigma(self, sigma_next: torch.Tensor, gammas: list[float]) -> torch.Tensor:
        """TCD's sigma_s for each step that ends at sigma_next (TCD paper, Alg. 4; diffusers' TCDScheduler.step).

        Discrete models: diffusers takes t_s = floor((1 - eta) * t_next) on integer timesteps,
        1 - eta in Python's double and the product in float32 (a Python float times an integer
        tensor); the same here, as it decides the floor at some gammas (0.6 at t 850: 340, not 339).
        For a t_next between integer timesteps its fractional part is kept, so gamma = 0 lands
        exactly on sigma_next on any schedule.
        Flow models: the timestep is proportional to sigma, so sigma_s = (1 - gamma) * sigma_next
        (never round-trip through the shifted `model_sampling.sigma`).
        A final sigma_next of 0 gives sigma_s = 0: the step returns the denoised sample.
        """
        sigma_next = sigma_next.float().cpu()
        keep = torch.tensor([1.0 - gamma for gamma in gammas], dtype=torch.float32)
        if self.is_flow:
            sigma_s = keep * sigma_next
        else:
            t_next = self.timestep(sigma_next)
            whole = t_next.floor()
            t_s = torch.floor(keep * whole) + (t_next - whole)
            sigma_s = torch.where(t_s == t_next, sigma_next, self.model_sampling.sigma(t_s).float().cpu())
        return torch.where(sigma_next > 0, sigma_s, torch.zeros_like(sigma_s))
