"""Sigma schedules of flow-matching distilled models, exact to their references.

A flow model (ComfyUI's CONST: x = (1 - sigma) x0 + sigma eps) is called at timestep
sigma * multiplier whatever its shift, so a schedule is just a list of sigmas in (0, 1]: these
functions return it as a float32 tensor ending in 0, for the model as loaded (no ModelSampling
patch needed). Each computes its reference's formula in float64 and rounds once to float32; the
references compute partly in float32 (diffusers casts the sigmas it is given; LightX2V and PCM
work in float32), so a sigma may differ from theirs by a float32 ulp (1.2e-7; 1.8e-7 with
diffusers' shift_terminal stretch, which it computes in float32).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .checks import check_finite, check_positive, check_schedule, check_steps

NUM_TRAIN_TIMESTEPS = 1000


def static_shift(shift: float, t: np.ndarray) -> np.ndarray:
    """shift t / (1 + (shift - 1) t): SD3's static shift (diffusers FlowMatchEulerDiscreteScheduler,
    ComfyUI `time_snr_shift`)."""
    return shift * t / (1.0 + (shift - 1.0) * t)


def time_shift(mu: float, t: np.ndarray, time_shift_type: str = "exponential") -> np.ndarray:
    """The dynamic shift of diffusers' `FlowMatchEulerDiscreteScheduler.time_shift` (sigma 1):
    exponential e^mu / (e^mu + 1/t - 1), or linear mu / (mu + 1/t - 1)."""
    scale = np.exp(mu) if time_shift_type == "exponential" else mu  # inf past mu 709: the schedule check names it
    return scale / (scale + (1.0 / t - 1.0))


PATCH = 16  # pixels per image token: 8x VAE and 2x2 packing (FLUX.1, Qwen-Image, Z-Image), 16x VAE (FLUX.2)


def image_seq_len(width: int, height: int) -> int:
    """Image tokens of a FLUX.1 / FLUX.2 / Qwen-Image / Z-Image pipeline at this pixel size,
    (height / 16) * (width / 16) (diffusers pipeline_flux.py `prepare_latents`, `_pack_latents`).
    A size that is not a whole number of tokens is refused: the pipelines would round it down."""
    if width % PATCH or height % PATCH:
        raise ValueError(f"latent: {width}x{height} pixels is not a whole number of {PATCH}-pixel patches; "
                         f"use a multiple of {PATCH} (e.g. {width // PATCH * PATCH}x{height // PATCH * PATCH})")
    return (height // PATCH) * (width // PATCH)


def calculate_shift(seq_len: int, base_image_seq_len: int = 256, max_image_seq_len: int = 4096,
                    base_shift: float = 0.5, max_shift: float = 1.15) -> float:
    """FLUX.1's mu, linear in the image's token count (diffusers pipeline_flux.py `calculate_shift`)."""
    m = (max_shift - base_shift) / (max_image_seq_len - base_image_seq_len)
    b = base_shift - m * base_image_seq_len
    return seq_len * m + b


def compute_empirical_mu(seq_len: int, steps: int) -> float:
    """FLUX.2's mu from the token count and the step count (black-forest-labs/flux2
    src/flux2/sampling.py `compute_empirical_mu`, copied into diffusers pipeline_flux2.py)."""
    a1, b1 = 8.73809524e-05, 1.89833333
    a2, b2 = 0.00016927, 0.45666666
    if seq_len > 4300:
        return a2 * seq_len + b2
    m_200, m_10 = a2 * seq_len + b2, a1 * seq_len + b1
    a = (m_200 - m_10) / 190.0
    b = m_200 - 200.0 * a
    return a * steps + b


MU_RULES = ("calculate_shift", "compute_empirical_mu")  # FLUX.1, Qwen-Image, Z-Image; FLUX.2


@dataclass(frozen=True)
class FlowMatchConfig:
    """diffusers' `FlowMatchEulerDiscreteScheduler` config, by its own names."""

    shift: float = 1.0
    use_dynamic_shifting: bool = False
    base_shift: float = 0.5
    max_shift: float = 1.15
    base_image_seq_len: int = 256
    max_image_seq_len: int = 4096
    time_shift_type: str = "exponential"
    shift_terminal: float | None = None
    num_train_timesteps: int = NUM_TRAIN_TIMESTEPS

    def __post_init__(self):
        if self.time_shift_type not in ("exponential", "linear"):
            raise ValueError(f"time_shift_type: 'exponential' or 'linear', got {self.time_shift_type!r}")
        check_positive(self.shift, "shift", "3 for SD3 and Z-Image, 5 for Wan")
        check_finite(self.base_shift, "base_shift")
        check_finite(self.max_shift, "max_shift")
        if self.shift_terminal is not None and not 0 < self.shift_terminal < 1:
            raise ValueError(f"shift_terminal: a sigma in (0, 1), or 0 / None for none; got {self.shift_terminal!r}")
        if self.max_image_seq_len <= self.base_image_seq_len:
            raise ValueError(f"max_image_seq_len: must exceed base_image_seq_len ({self.base_image_seq_len}), "
                             f"got {self.max_image_seq_len}")

    def size_matters(self, rule: str | None) -> bool:
        """Whether mu, by `rule`, depends on the image size (a constant mu is a static shift)."""
        return self.use_dynamic_shifting and rule is not None and not (
            rule == "calculate_shift" and self.base_shift == self.max_shift)

    def mu(self, rule: str, width: int, height: int, steps: int) -> float:
        """mu as the pipeline computes it from the image size (`rule`: a key of MU_RULES)."""
        seq_len = image_seq_len(width, height)
        if rule == "calculate_shift":
            return calculate_shift(seq_len, self.base_image_seq_len, self.max_image_seq_len,
                                   self.base_shift, self.max_shift)
        if rule == "compute_empirical_mu":
            return compute_empirical_mu(seq_len, steps)
        raise ValueError(f"mu: one of {', '.join(MU_RULES)}, got {rule!r}")

    def sigmas(self, steps: int, pipeline: str, mu: float | None = None, cause: str | None = None,
               given=None) -> torch.Tensor:
        """`set_timesteps` as a pipeline calls it, plus the final 0.

        pipeline "flux": sigmas = linspace(1, 1/N, N) passed in (FluxPipeline, Flux2Pipeline,
        Flux2KleinPipeline, QwenImagePipeline, ZImagePipeline);
        pipeline "sd3": sigmas=None (StableDiffusion3Pipeline): linspace from the top to the
        training table's last sigma, which __init__ already shifted when the shift is static.
        `given`: sigmas the pipeline passes instead of its linspace (FLUX.2-dev Turbo's README call), which
        set_timesteps casts to float32 and then shifts as it shifts its own.
        A large mu (or shift) collapses the formula's sigmas to repeated 1s in float32, and an
        overflowing e^mu to NaN; diffusers samples them, this refuses them naming `cause` (what set
        mu or the shift; by default mu or the shift itself).
        """
        check_steps(steps)
        n = self.num_train_timesteps
        if pipeline == "flux" and given is not None:
            if len(given) != steps:
                raise ValueError(f"steps: the sigmas passed in are {len(given)} steps, not {steps}")
            s = np.asarray(given, dtype=np.float32).astype(np.float64)
        elif pipeline == "flux":
            s = np.linspace(1.0, 1.0 / steps, steps)
        elif pipeline == "sd3":
            lowest = 1.0 / n if self.use_dynamic_shifting else static_shift(self.shift, 1.0 / n)
            s = np.linspace(n, lowest * n, steps) / n
        else:
            raise ValueError(f"pipeline: 'flux' (sigmas = linspace(1, 1/N, N)) or 'sd3' (sigmas=None), got {pipeline!r}")
        if self.use_dynamic_shifting:
            if mu is None:
                raise ValueError("mu: use_dynamic_shifting needs mu (from the image size, or given)")
            check_finite(mu, "mu")
            if self.time_shift_type == "linear" and not mu > 0:  # mu / (mu + 1/t - 1) is no shift for mu <= 0
                raise ValueError(f"mu: the linear time shift needs mu > 0, got {mu:.4g} (base_shift / max_shift)")
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # checked below, by name
            s = time_shift(mu, s, self.time_shift_type) if self.use_dynamic_shifting else static_shift(self.shift, s)
            if self.shift_terminal is not None:  # stretch so the last sigma is shift_terminal
                if steps == 1:
                    raise ValueError("shift_terminal: undefined for 1 step (the stretch divides by 1 - sigma = 0); "
                                     "use 2 steps or more, or no shift_terminal")
                s = 1.0 - (1.0 - s) * (1.0 - self.shift_terminal) / (1.0 - s[-1])
        if cause is None:
            cause = f"mu: {mu:.4g}" if self.use_dynamic_shifting else f"shift: {self.shift:g}"
        return check_schedule(with_zero(s), 1.0, cause + ", the published formula's sigmas",
                              ("The formula collapses there: a smaller image (mu grows with the size) "
                               "or a smaller shift keeps its steps apart."))


def step_list_sigmas(shift: float, timesteps, num_train_timesteps: int = NUM_TRAIN_TIMESTEPS) -> torch.Tensor:
    """LightX2V's step-distilled Wan schedule (ModelTC/LightX2V lightx2v/models/schedulers/wan/
    step_distill/scheduler.py, `WanStepDistillScheduler.set_denoising_timesteps`): a table of the
    shifted linspace(1, 0, T + 1)[:-1], read at T - t for each listed t (1000 = the top)."""
    check_positive(shift, "shift", "the table's shift: 5 for Wan lightx2v, 8 for CausVid")
    values = [int(t) for t in timesteps]
    if not values:
        raise ValueError("timesteps: empty; give e.g. 1000, 750, 500, 250")
    for i, t in enumerate(values):
        if not 1 <= t <= num_train_timesteps:
            raise ValueError(f"timesteps[{i}] = {t}: expected a whole number in 1..{num_train_timesteps}")
        if i and t >= values[i - 1]:
            raise ValueError(f"timesteps must be strictly descending: {t} follows {values[i - 1]}")
    table = static_shift(shift, np.linspace(1.0, 0.0, num_train_timesteps + 1)[:-1])
    return with_zero(table[[num_train_timesteps - t for t in values]])


def pcm_sigmas(steps: int, shift: float, pcm_timesteps: int = 50,
               num_train_timesteps: int = NUM_TRAIN_TIMESTEPS) -> torch.Tensor:
    """PCM's flow grid (G-U-N/Phased-Consistency-Model code/text_to_image_sd3/
    pcm_fm_deterministic_scheduler.py, `__init__` and `set_timesteps`): the shifted training
    table at every (T / pcm_timesteps)-th timestep, read at floor(linspace(0, 50, N, endpoint=False))."""
    check_steps(steps)
    check_positive(shift, "shift", "1 or 3 for PCM's SD3 LoRAs")
    if steps > pcm_timesteps:
        raise ValueError(f"steps: at most the grid's {pcm_timesteps} points, got {steps}")
    k = num_train_timesteps // pcm_timesteps
    grid = static_shift(shift, 1.0 - np.arange(pcm_timesteps) * k / num_train_timesteps)
    index = np.floor(np.linspace(0, pcm_timesteps, steps, endpoint=False)).astype(np.int64)
    return with_zero(grid[index])


def split_at_boundary(sigmas: torch.Tensor, boundary: float) -> tuple[torch.Tensor, torch.Tensor]:
    """The halves of a two-expert model's schedule (Wan2.2 A14B): the high-noise expert takes the
    steps that start at sigma >= boundary (ModelTC/Wan2.2-Lightning wan/text2video.py: the high-noise
    model while t >= boundary * 1000), the low-noise expert the rest; the halves share the sigma
    where they meet, as SplitSigmas' do. Where every step is the high-noise expert's (rCM at 1 or 2 steps),
    the low-noise half is empty: ComfyUI's sampling returns the latent as it gets it on empty sigmas."""
    if not 0 < boundary < 1:
        raise ValueError(f"boundary: a sigma in (0, 1), got {boundary!r}")
    high_steps = int((sigmas[:-1] >= boundary).sum())
    low = sigmas[high_steps:] if high_steps < len(sigmas) - 1 else sigmas[:0]
    return sigmas[: high_steps + 1], low


def with_zero(sigmas) -> torch.Tensor:
    """float64 sigmas rounded once to float32, then the final 0."""
    return torch.cat([torch.from_numpy(np.asarray(sigmas, dtype=np.float64)).float(), torch.zeros(1)])
