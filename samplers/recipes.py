"""The published sampling recipes of the distilled models: the one source of truth for the
presets node and the README's recommended-settings table (`tools/readme_tables.py`).

Each recipe names a sampler, a timestep schedule and a guidance setting as the model's
authors published them. CFG is ComfyUI's: 1.0 switches classifier-free guidance off,
which is diffusers' guidance_scale 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import check_steps
from .schedules import consistency_timesteps, trailing_timesteps


@dataclass(frozen=True)
class Recipe:
    name: str
    sampler: str  # "tcd", "lcm_exact" (this pack) or a core ComfyUI sampler name
    schedule: str  # "grid" (LCM/TCD 50-step grid), "trailing", or "timesteps" (fixed list)
    steps: tuple[int, ...]  # step counts the model was distilled for
    cfg: float
    source: str
    sampler_options: dict = field(default_factory=dict)
    timesteps: tuple[int, ...] = ()
    cfg_note: str = ""
    note: str = ""

    def timesteps_for(self, steps: int) -> list[int]:
        check_steps(steps)
        if steps not in self.steps:
            allowed = ", ".join(map(str, self.steps))
            raise ValueError(f"steps: {self.name} is published for {allowed} steps, not {steps}")
        if self.schedule == "grid":
            return consistency_timesteps(steps)
        if self.schedule == "trailing":
            return trailing_timesteps(steps)
        return list(self.timesteps)

    @property
    def steps_label(self) -> str:
        return f"{self.steps[0]}-{self.steps[-1]}" if len(self.steps) > 4 else ", ".join(map(str, self.steps))

    @property
    def cfg_label(self) -> str:
        return f"{self.cfg:.1f}" + (f" ({self.cfg_note})" if self.cfg_note else "")

    @property
    def sampler_label(self) -> str:
        options = ", ".join(f"{k} {v}" for k, v in self.sampler_options.items())
        return f"{self.sampler} ({options})" if options else self.sampler


RECIPES = [
    Recipe("TCD LoRA", "tcd", "grid", tuple(range(4, 51)), 1.0,
           "TCD README; diffusers TCD docs", {"gamma": 0.3},
           note="gamma 0.3 at 4-8 steps; raise gamma with more steps (softer)"),
    Recipe("Hyper-SD unified 1-step LoRA", "tcd", "grid", tuple(range(1, 9)), 1.0,
           "Hyper-SD model card (TCDScheduler, eta=1.0)", {"gamma": 1.0},
           note="lower gamma gives more detail at several steps"),
    Recipe("Hyper-SD N-step LoRA", "euler", "trailing", (2, 4, 8), 1.0,
           "Hyper-SD model card (DDIM, timestep_spacing trailing)",
           note="steps = the N of the LoRA file; DDIM with eta 0 is Euler"),
    Recipe("Hyper-SDXL 1-step UNet", "lcm_exact", "timesteps", (1,), 1.0,
           "Hyper-SD model card (LCMScheduler, timesteps=[800])", timesteps=(800,)),
    Recipe("SDXL-Lightning", "euler", "trailing", (2, 4, 8), 1.0,
           "SDXL-Lightning model card (Euler, trailing)",
           note="steps = the checkpoint's; the 1-step x0 model needs ModelSamplingDiscrete x0"),
    Recipe("SDXL-Turbo", "euler_ancestral", "trailing", (1, 2, 3, 4), 1.0,
           "sdxl-turbo scheduler config (EulerAncestral, trailing)", note="512x512"),
    Recipe("LCM / LCM-LoRA", "lcm_exact", "grid", tuple(range(1, 9)), 1.0,
           "LCM-LoRA model card; diffusers LCMScheduler", cfg_note="LoRA: 1.0-2.0"),
    Recipe("DMD2 4-step", "lcm_exact", "timesteps", (4,), 1.0,
           "DMD2 README (LCMScheduler, timesteps=[999,749,499,249])", timesteps=(999, 749, 499, 249)),
    Recipe("DMD2 1-step", "lcm_exact", "timesteps", (1,), 1.0,
           "DMD2 README (LCMScheduler, timesteps=[399])", timesteps=(399,)),
    Recipe("PCM", "euler", "trailing", (2, 4, 8, 16), 1.0,
           "PCM model card (DDIM or Euler, trailing)", cfg_note="normalCFG LoRAs: 2-6",
           note="steps = the file's; PCM's demo app uses TCD with gamma 0 on the 50-step grid instead"),
]

BY_NAME = {recipe.name: recipe for recipe in RECIPES}
