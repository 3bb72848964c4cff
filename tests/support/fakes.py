"""Stand-ins for ComfyUI's model sampling objects, for the torch-only unit tier.

They follow `comfy/model_sampling.py` formula for formula (ModelSamplingDiscrete with the
EPS / V_PREDICTION mixins, ModelSamplingDiscreteFlow with CONST). The integration tier
runs the same checks on ComfyUI's real classes.
"""

from __future__ import annotations

import torch

from harness.analytic import gaussian_prediction


def sd_alphas_cumprod(timesteps: int = 1000) -> torch.Tensor:
    """SD1.5 / SDXL: scaled_linear betas 0.00085..0.012 (ComfyUI calls it "linear")."""
    betas = torch.linspace(0.00085**0.5, 0.012**0.5, timesteps, dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0)


class DiscreteSampling:
    def __init__(self, prediction: str = "eps", timesteps: int = 1000):
        self.prediction = prediction
        self.sigma_data = 1.0
        ac = sd_alphas_cumprod(timesteps)
        self.sigmas = (((1 - ac) / ac) ** 0.5).float()
        self.log_sigmas = self.sigmas.log()

    sigma_min = property(lambda self: self.sigmas[0])
    sigma_max = property(lambda self: self.sigmas[-1])

    def timestep(self, sigma):
        dists = sigma.log().to(self.log_sigmas.device) - self.log_sigmas[:, None]
        return dists.abs().argmin(dim=0).view(sigma.shape).to(sigma.device)

    def sigma(self, timestep):
        t = torch.clamp(timestep.float().to(self.log_sigmas.device), min=0, max=len(self.sigmas) - 1)
        low, high, w = t.floor().long(), t.ceil().long(), t.frac()
        return ((1 - w) * self.log_sigmas[low] + w * self.log_sigmas[high]).exp().to(timestep.device)

    def calculate_input(self, sigma, noise):
        return noise / (sigma**2 + self.sigma_data**2) ** 0.5

    def calculate_denoised(self, sigma, model_output, model_input):
        if self.prediction == "v":
            return (model_input * self.sigma_data**2 / (sigma**2 + self.sigma_data**2)
                    - model_output * sigma * self.sigma_data / (sigma**2 + self.sigma_data**2) ** 0.5)
        return model_input - model_output * sigma

    def noise_scaling(self, sigma, noise, latent_image, max_denoise=False):
        scale = torch.sqrt(1.0 + sigma**2) if max_denoise else sigma
        return noise * scale + latent_image


class FlowSampling:
    def __init__(self, shift: float = 3.0, multiplier: float = 1000):
        self.shift, self.multiplier = shift, multiplier
        self.sigmas = self.sigma(torch.arange(1, 1001) / 1000 * multiplier)

    def timestep(self, sigma):
        return sigma * self.multiplier

    def sigma(self, timestep):
        t = timestep / self.multiplier
        return self.shift * t / (1 + (self.shift - 1) * t)

    def calculate_input(self, sigma, noise):
        return noise

    def calculate_denoised(self, sigma, model_output, model_input):
        return model_input - model_output * sigma

    def noise_scaling(self, sigma, noise, latent_image, max_denoise=False):
        return sigma * noise + (1.0 - sigma) * latent_image


class Wrapped:
    """A k-diffusion-style denoiser around a raw network, as ComfyUI's KSAMPLER hands it to samplers."""

    def __init__(self, model_sampling, net):
        self.inner_model = type("Guider", (), {})()
        self.inner_model.inner_model = type("BaseModel", (), {})()
        self.inner_model.inner_model.model_sampling = model_sampling
        self.net = net
        self.calls = 0

    def __call__(self, x, sigma, **kwargs):
        self.calls += 1
        ms = self.inner_model.inner_model.model_sampling
        s = sigma.view(sigma.shape[:1] + (1,) * (x.ndim - 1))
        out = self.net(ms.calculate_input(s, x), ms.timestep(sigma))
        return ms.calculate_denoised(s, out, x)


def gaussian_net(model_sampling, prediction: str = "eps", mean: float = 0.3, std: float = 0.5):
    """The exact network output for data x0 ~ N(mean, std^2) per element.

    Works from the model's input and timestep only, as a trained UNet does.
    prediction: "eps", "v", or "flow" (velocity eps - x0 of a CONST model).
    """

    def net(x_in, t):
        flow = prediction == "flow"
        sigma = t.float() / model_sampling.multiplier if flow else model_sampling.sigma(t.float())
        sigma = sigma.view(t.shape[:1] + (1,) * (x_in.ndim - 1)).to(x_in.dtype)
        if flow:
            x = x_in  # x = (1-s) x0 + s eps
            a, b = 1 - sigma, sigma
        else:
            alpha = (1 / (1 + sigma**2)) ** 0.5  # x_in = alpha x0 + sqrt(1-alpha^2) eps
            x, a, b = x_in, alpha, (1 - alpha**2) ** 0.5
        return gaussian_prediction(x, a, b, mean, std, prediction)

    return net

