"""A ComfyUI model whose ideal output is known: the exact denoiser of a Gaussian mixture.

Data x0 ~ (1/K) sum_k N(mu_k, s^2 I) in 64 dimensions, laid out as a (4, 4, 4) latent.
At noise level sigma (ComfyUI's x = x0 + sigma * eps) the posterior mean is
    E[x0 | x] = s^2/(s^2+sigma^2) * x + sigma^2/(s^2+sigma^2) * sum_k w_k(x) mu_k,
    w_k(x) = softmax_k(-|x - mu_k|^2 / (2 (s^2 + sigma^2))),
and the network returns eps = (x - E[x0|x]) / sigma from its input x / sqrt(1 + sigma^2) and
its integer timestep, as an SD1.5 UNet does. It sits inside a real ComfyUI BaseModel and
ModelPatcher (SD1.5 noise schedule, eps prediction), so sampling runs ComfyUI's own code.
Two datasets: "digits" (scikit-learn's 1797 8x8 digit images, scaled to [-1, 1], as
centres) and "gaussian" (16 seeded random centres).
"""

import comfy.latent_formats
import comfy.model_base
import comfy.model_patcher
import comfy.supported_models
import torch

DATASETS = ("digits", "gaussian")


def centres(dataset: str) -> torch.Tensor:
    if dataset == "digits":
        from sklearn.datasets import load_digits  # ships with scikit-learn: no download

        return torch.tensor(load_digits().data, dtype=torch.float32) / 8.0 - 1.0
    if dataset == "gaussian":
        return torch.randn((16, 64), generator=torch.Generator().manual_seed(0))
    raise ValueError(f"dataset: one of {DATASETS}, got {dataset!r}")


def sample_data(dataset: str, std: float, n: int, seed: int) -> torch.Tensor:
    """n true samples of the mixture, as (n, 4, 4, 4) latents."""
    mu = centres(dataset)
    generator = torch.Generator().manual_seed(seed)
    pick = torch.randint(len(mu), (n,), generator=generator)
    return (mu[pick] + std * torch.randn((n, 64), generator=generator)).view(n, 4, 4, 4)


class MixtureEps(torch.nn.Module):
    def __init__(self, mu: torch.Tensor, std: float, sigmas: torch.Tensor):
        super().__init__()
        self.register_buffer("mu", mu)
        self.register_buffer("table", sigmas.float())
        self.var = std**2
        self.dtype = torch.float32

    def forward(self, x_in, timesteps, context=None, **kwargs):
        shape = x_in.shape
        sigma = self.table[timesteps.long().clamp(0, len(self.table) - 1)].view(-1, 1)
        x = x_in.reshape(shape[0], -1).float() * (1 + sigma**2).sqrt()
        total = self.var + sigma**2
        distance = (x * x).sum(1, keepdim=True) - 2 * x @ self.mu.T + (self.mu * self.mu).sum(1)
        weights = torch.softmax(-distance / (2 * total), dim=1)
        x0 = self.var / total * x + sigma**2 / total * (weights @ self.mu)
        return ((x - x0) / sigma).view(shape).to(x_in.dtype)


def mixture_model(dataset: str = "digits", std: float = 0.1):
    """A ComfyUI MODEL (ModelPatcher) whose denoiser is the mixture's exact one."""
    config = comfy.supported_models.SD15({"disable_unet_model_creation": True})
    config.latent_format = comfy.latent_formats.LatentFormat()  # scale factor 1: latents are the data
    model = comfy.model_base.BaseModel(config, comfy.model_base.ModelType.EPS, device=torch.device("cpu"))
    model.diffusion_model = MixtureEps(centres(dataset), std, model.model_sampling.sigmas)
    return comfy.model_patcher.ModelPatcher(model, load_device=torch.device("cpu"), offload_device=torch.device("cpu"))
