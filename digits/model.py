"""The shipped digit models: a small UNet on scikit-learn's 8x8 digits, eps- or flow-prediction.

Plain torch (no ComfyUI): the training script, the metric and the ComfyUI loader node share it.
MODELS predict eps under Stable Diffusion's noise schedule (scaled_linear betas 0.00085..0.012,
1000 steps), so in ComfyUI they sample under the same ModelSamplingDiscrete as SD1.5 and every
recipe and sampler of the pack applies to them unchanged. FLOW_MODELS are rectified-flow models as
ComfyUI runs Wan: input x = (1 - sigma) x0 + sigma eps, timestep sigma * 1000, output the velocity
eps - x0 (so x0 = x - sigma v). A file's settings say which: "prediction": "flow", else eps.
"""

import functools
import json
import math
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

WEIGHTS = Path(__file__).resolve().parent / "weights"
MODELS = ("teacher", "lcd", "tcd")  # the diffusion teacher and its two distilled students
FLOW_MODELS = ("flow_teacher", "flow_student", "flow_lcm_student")  # a flow teacher, its Euler and re-noising students
SIZE = 8  # images are SIZE x SIZE, one channel, in [-1, 1]
FLOW_MULTIPLIER = 1000.0  # a flow model's timestep is sigma * 1000 (ComfyUI's ModelSamplingDiscreteFlow for Wan)


def shift_sigmas(sigma, shift: float):
    """The static time shift of flow models (Wan, SD3): shift s / (1 + (shift - 1) s)."""
    return shift * sigma / (1 + (shift - 1) * sigma)


# what the flow students are distilled for: LightX2V's 4-step list 1000, 750, 500, 250 at shift 5, then 0
STUDENT_SIGMAS = shift_sigmas(torch.tensor([1.0, 0.75, 0.5, 0.25, 0.0], dtype=torch.float64), 5.0)


@functools.cache
def _sklearn_digits():
    from sklearn.datasets import load_digits  # ships with scikit-learn: no download

    return load_digits()


def digit_images() -> torch.Tensor:
    """scikit-learn's 1797 digit images, (N, 1, 8, 8) in [-1, 1]."""
    return torch.tensor(_sklearn_digits().images, dtype=torch.float32).unsqueeze(1) / 8.0 - 1.0


def digit_labels() -> torch.Tensor:
    return torch.tensor(_sklearn_digits().target)


def alphas_cumprod() -> torch.Tensor:
    """Stable Diffusion's schedule, as diffusers' "scaled_linear" and ComfyUI's ModelSamplingDiscrete build it."""
    betas = torch.linspace(0.00085**0.5, 0.012**0.5, 1000, dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0)


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal embedding of (possibly fractional) timesteps, as in the SD UNet."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    angles = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, emb: int):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(8, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(emb, cout)
        self.norm2, self.conv2 = nn.GroupNorm(8, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x))) + self.time(emb)[:, :, None, None]
        return self.skip(x) + self.conv2(F.silu(self.norm2(h)))


class DigitsUNet(nn.Module):
    """eps(x_t, t) or a flow velocity for 8x8 one-channel images: three resolutions (8, 4, 2), skip connections."""

    def __init__(self, width: int = 48):
        super().__init__()
        w1, w2, emb = width, 2 * width, 4 * width
        self.width = width
        self.embed = nn.Sequential(nn.Linear(w1, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.stem = nn.Conv2d(1, w1, 3, padding=1)
        self.down8 = ResBlock(w1, w1, emb)
        self.down4 = ResBlock(w1, w2, emb)
        self.mid2 = nn.ModuleList([ResBlock(w2, w2, emb), ResBlock(w2, w2, emb)])
        self.up4 = ResBlock(2 * w2, w2, emb)
        self.up8 = ResBlock(w2 + w1, w1, emb)
        self.head = nn.Sequential(nn.GroupNorm(8, w1), nn.SiLU(), nn.Conv2d(w1, 1, 3, padding=1))

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        emb = self.embed(timestep_embedding(t, self.width))
        h8 = self.down8(self.stem(x), emb)
        h4 = self.down4(F.avg_pool2d(h8, 2), emb)
        h = F.avg_pool2d(h4, 2)
        for block in self.mid2:
            h = block(h, emb)
        h = self.up4(torch.cat([F.interpolate(h, scale_factor=2.0), h4], 1), emb)
        h = self.up8(torch.cat([F.interpolate(h, scale_factor=2.0), h8], 1), emb)
        return self.head(h)


def velocity(net: nn.Module, x: torch.Tensor, sigma) -> torch.Tensor:
    """A flow model's velocity at noise level sigma (a number or one per image)."""
    t = torch.as_tensor(sigma, dtype=torch.float32) * FLOW_MULTIPLIER
    return net(x, t.expand(len(x)) if t.ndim == 0 else t)


def save(net: DigitsUNet, path: Path, settings: dict) -> None:
    """fp16 weights; the settings that produced them go in the file's metadata (JSON)."""
    from safetensors.torch import save_file

    tensors = {k: v.detach().to(torch.float16).contiguous() for k, v in net.state_dict().items()}
    save_file(tensors, str(path), metadata={"fewstep": json.dumps({"width": net.width, **settings})})


def settings_of(path: Path) -> dict:
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        return json.loads(f.metadata()["fewstep"])


def path_of(name_or_path) -> Path:
    """A shipped model's file by name (MODELS, FLOW_MODELS), or the path given."""
    return WEIGHTS / f"{name_or_path}.safetensors" if name_or_path in MODELS + FLOW_MODELS else Path(name_or_path)


def prediction(name_or_path) -> str:
    """"flow" or "eps" (files without the field predate the flow models)."""
    return settings_of(path_of(name_or_path)).get("prediction", "eps")


def load(name_or_path, device="cpu") -> DigitsUNet:
    """A shipped model by name (MODELS, FLOW_MODELS) or a .safetensors path, in fp32, eval mode."""
    from safetensors.torch import load_file

    path = path_of(name_or_path)
    if not path.is_file():
        raise FileNotFoundError(f"digit model: no weights at {path}")
    net = DigitsUNet(width=settings_of(path)["width"])
    net.load_state_dict({k: v.float() for k, v in load_file(str(path)).items()})
    return net.to(device).eval().requires_grad_(False)
