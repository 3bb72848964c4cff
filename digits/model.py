"""The shipped digit models: a small eps-prediction UNet on scikit-learn's 8x8 digits.

Plain torch (no ComfyUI): the training script, the metric and the ComfyUI loader node share it.
The noise schedule is Stable Diffusion's (scaled_linear betas 0.00085..0.012, 1000 steps), so in
ComfyUI the models sample under the same ModelSamplingDiscrete as SD1.5 and every recipe and
sampler of the pack applies to them unchanged.
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
SIZE = 8  # images are SIZE x SIZE, one channel, in [-1, 1]


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
    """eps(x_t, t) for 8x8 one-channel images: three resolutions (8, 4, 2), skip connections."""

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


def save(net: DigitsUNet, path: Path, settings: dict) -> None:
    """fp16 weights; the settings that produced them go in the file's metadata (JSON)."""
    from safetensors.torch import save_file

    tensors = {k: v.detach().to(torch.float16).contiguous() for k, v in net.state_dict().items()}
    save_file(tensors, str(path), metadata={"fewstep": json.dumps({"width": net.width, **settings})})


def settings_of(path: Path) -> dict:
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        return json.loads(f.metadata()["fewstep"])


def load(name_or_path, device="cpu") -> DigitsUNet:
    """A shipped model by name ("teacher", "lcd", "tcd") or a .safetensors path, in fp32, eval mode."""
    from safetensors.torch import load_file

    if name_or_path in MODELS:
        path = WEIGHTS / f"{name_or_path}.safetensors"
    else:
        path = Path(name_or_path)
    if not path.is_file():
        raise FileNotFoundError(f"digit model: no weights at {path}")
    net = DigitsUNet(width=settings_of(path)["width"])
    net.load_state_dict({k: v.float() for k, v in load_file(str(path)).items()})
    return net.to(device).eval().requires_grad_(False)
