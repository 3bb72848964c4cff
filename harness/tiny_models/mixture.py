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

from harness.analytic import gaussian_prediction  # the repository root is on sys.path wherever this pack runs

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


class GaussianVelocity(torch.nn.Module):
    """A flow model's exact network: the velocity eps - x0 for data x0 ~ N(mean, std^2) per element, from
    its input x = (1 - s) x0 + s eps and its timestep s * multiplier. A packed latent's streams come as a
    list, with one timestep for all or one each (LTX-2: video, audio), and go back as a list."""

    def __init__(self, mean: float, std: float, multiplier: float):
        super().__init__()
        self.mean, self.std, self.multiplier = mean, std, multiplier
        self.dtype = torch.float32

    def velocity(self, x, sigma):
        s = sigma.float().view((-1,) + (1,) * (x.ndim - 1))
        return gaussian_prediction(x.float(), 1 - s, s, self.mean, self.std, "flow").to(x.dtype)

    def forward(self, x, timesteps, context=None, **kwargs):
        if torch.is_tensor(x):
            return self.velocity(x, timesteps / self.multiplier)
        steps = timesteps if isinstance(timesteps, (list, tuple)) else [timesteps] * len(x)
        return [self.velocity(stream, t / self.multiplier) for stream, t in zip(x, steps)]


class GaussianAVVelocity(GaussianVelocity):
    """GaussianVelocity inside MiniMaxH3Model's own forward, which takes the video sigma, turns the audio
    stream the sampler carries on the video schedule back into the audio latent and its velocity back into
    the carried one; in between, each stream's exact velocity at its own sigma: the video's, and the audio's
    that the DiT derives from the two shifts (transformer_options, as MiniMaxH3SigmaShift sets them)."""

    sigma_shift_video, sigma_shift_audio = 12.0, 3.0  # MiniMaxH3Model's defaults

    def forward(self, *args, **kwargs):
        import comfy.ldm.minimax.model

        return comfy.ldm.minimax.model.MiniMaxH3Model.forward(self, *args, **kwargs)

    def preprocess_text_embeds(self, text_states):  # model_base.MiniMaxH3.extra_conds runs the text refiner here
        return text_states

    def _forward(self, x, timestep, context, transformer_options={}, **kwargs):
        from comfy.ldm.minimax.model import time_shift_sigma

        shift_v = transformer_options.get("minimax_h3_sigma_shift_video", self.sigma_shift_video)
        shift_a = transformer_options.get("minimax_h3_sigma_shift_audio", self.sigma_shift_audio)
        sigma_v = timestep.float() / self.multiplier
        return [self.velocity(x[0], sigma_v), self.velocity(x[1], time_shift_sigma(sigma_v, shift_v, shift_a))]


# families whose real model_base class and config an analytic flow model can take: (class, config, network)
FLOW_CLASSES = {"wan21": ("WAN21", "WAN21_T2V", GaussianVelocity), "sd3": ("SD3", "SD3", GaussianVelocity),
                "ltxv": ("LTXV", "LTXV", GaussianVelocity), "ltxav": ("LTXAV", "LTXAV", GaussianVelocity),
                "minimax_h3": ("MiniMaxH3", "MiniMaxH3", GaussianAVVelocity),
                "hunyuan_image21": ("HunyuanImage21", "HunyuanImage21", GaussianVelocity),
                "hunyuan_video15": ("HunyuanVideo15", "HunyuanVideo15", GaussianVelocity),
                "hidream": ("HiDream", "HiDream", GaussianVelocity),
                "kandinsky5": ("Kandinsky5", "Kandinsky5", GaussianVelocity)}
FLOW_CLASSES = {family: classes for family, classes in FLOW_CLASSES.items()
                if hasattr(comfy.model_base, classes[0]) and hasattr(comfy.supported_models, classes[1])}


def gaussian_flow_model(family: str = "wan21", mean: float = 0.3, std: float = 0.5):
    """A ComfyUI flow MODEL whose network is GaussianVelocity, inside the family's real model_base class
    with its model type and its real config's sampling (e.g. Wan 2.1: shift 8 x 1000; SD3: shift 3 x 1000;
    LTX: FLUX-type, mu 2.37, timestep = sigma; MiniMax-H3: video shift 12 and audio shift 3), as a model of
    that family loads; latents are the data (scale 1), and the network takes no image channels (the
    classes that concatenate them, Wan I2V, HunyuanVideo-1.5, Kandinsky 5, get none)."""
    model_class, config_class, network = FLOW_CLASSES[family]
    config = getattr(comfy.supported_models, config_class)({"disable_unet_model_creation": True})
    config.latent_format = comfy.latent_formats.LatentFormat()
    model = getattr(comfy.model_base, model_class)(config, device=torch.device("cpu"))
    model.concat_cond = lambda **kwargs: None
    model.diffusion_model = network(mean, std, getattr(model.model_sampling, "multiplier", 1.0))
    return comfy.model_patcher.ModelPatcher(model, load_device=torch.device("cpu"), offload_device=torch.device("cpu"))


class FewStepTestGaussianFlowModel:
    CATEGORY = "testing"
    RETURN_TYPES = ("MODEL",)
    FUNCTION = "load"
    DESCRIPTION = "A flow model of a real ComfyUI class whose network is the exact velocity of Gaussian data."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"family": (list(FLOW_CLASSES),),
                             "mean": ("FLOAT", {"default": 0.3, "min": -10.0, "max": 10.0, "step": 0.01}),
                             "std": ("FLOAT", {"default": 0.5, "min": 0.001, "max": 10.0, "step": 0.001})}}

    def load(self, family, mean, std):
        return (gaussian_flow_model(family, mean, std),)
