"""The shipped digit models as a ComfyUI MODEL, and their latents as an IMAGE."""

import comfy.latent_formats
import comfy.model_base
import comfy.model_management
import comfy.model_patcher
import comfy.supported_models
import torch

from ..digits import model as digits
from .common import CATEGORY_DIGITS


class DigitsLatentFormat(comfy.latent_formats.LatentFormat):
    """The latent is the image: one channel, scale 1 (ComfyUI 0.3.x fits empty latents to 1 channel)."""

    latent_channels = 1
    scale_factor = 1.0


class DigitsDiffusionModel(torch.nn.Module):
    """ComfyUI's diffusion_model call around a DigitsUNet. Each latent channel is one digit, so a
    4-channel EmptyLatentImage (ComfyUI builds without channel fitting) gives 4 digits per latent."""

    def __init__(self, net: digits.DigitsUNet):
        super().__init__()
        self.net = net
        self.dtype = torch.float32

    def forward(self, x, timesteps, context=None, **kwargs):
        b, c, h, w = x.shape
        if (h, w) != (digits.SIZE, digits.SIZE):
            raise ValueError(
                f"FewStep digit model: the latent must be {digits.SIZE}x{digits.SIZE} (an EmptyLatentImage of "
                f"{8 * digits.SIZE}x{8 * digits.SIZE}), got {h}x{w} (an image of {8 * w}x{8 * h})")
        out = self.net(x.reshape(b * c, 1, h, w).float(), timesteps.float().repeat_interleave(c))
        return out.reshape(b, c, h, w).to(x.dtype)


class DigitsVelocityModel(DigitsDiffusionModel):
    """The same call around a flow digit model (it returns the velocity), for model_base.WAN21."""

    def __init__(self, net: digits.DigitsUNet):
        super().__init__(net)
        # WAN21.concat_cond counts image channels as this input width minus the latent's: none here
        self.patch_embedding = torch.nn.Conv3d(DigitsLatentFormat.latent_channels, 1, 1)


def digits_model(name: str) -> comfy.model_patcher.ModelPatcher:
    """A shipped digit model inside ComfyUI's own model classes: an eps model as SD1.5 (ModelSamplingDiscrete),
    a flow model as Wan 2.1 (WAN21 with its config's ModelSamplingDiscreteFlow: shift 8, multiplier 1000)."""
    if digits.prediction(name) == "flow":
        if not hasattr(comfy.model_base, "WAN21"):
            raise RuntimeError(f"FewStep digit model {name}: a flow model, loaded as a Wan 2.1 model, and this "
                               "ComfyUI has no Wan 2.1 support (comfy.model_base.WAN21, since 2025-02); update ComfyUI")
        config_class, model_class, model_type, wrapper = (comfy.supported_models.WAN21_T2V, comfy.model_base.WAN21,
                                                          comfy.model_base.ModelType.FLOW, DigitsVelocityModel)
    else:
        config_class, model_class, model_type, wrapper = (comfy.supported_models.SD15, comfy.model_base.BaseModel,
                                                          comfy.model_base.ModelType.EPS, DigitsDiffusionModel)
    config = config_class({"disable_unet_model_creation": True})
    config.latent_format = DigitsLatentFormat()
    base = model_class(config, model_type, device=torch.device("cpu"))
    base.diffusion_model = wrapper(digits.load(name))
    return comfy.model_patcher.ModelPatcher(
        base, load_device=comfy.model_management.get_torch_device(),
        offload_device=comfy.model_management.unet_offload_device())


def latents_to_images(latent: torch.Tensor, scale: int) -> torch.Tensor:
    """(B, C, 8, 8) latents in [-1, 1] -> (B*C, 8*scale, 8*scale, 3) images in [0, 1], nearest-neighbour."""
    gray = ((latent.float().flatten(0, 1) + 1.0) / 2.0).clamp(0.0, 1.0)
    big = gray.repeat_interleave(scale, dim=1).repeat_interleave(scale, dim=2)
    return big.unsqueeze(-1).expand(-1, -1, -1, 3).contiguous()


class DigitsLoader:
    CATEGORY = CATEGORY_DIGITS
    RETURN_TYPES = ("MODEL", "CONDITIONING")
    RETURN_NAMES = ("model", "unconditional")
    OUTPUT_TOOLTIPS = (
        "A model of 8x8 digits (eps with SD1.5's schedule, or flow_*: a Wan 2.1 flow model); sample it from an "
        "EmptyLatentImage of 64x64.",
        "An empty conditioning for the sampler's positive and negative inputs: the models are unconditional.")
    FUNCTION = "load"
    SEARCH_ALIASES = ["digits", "demo", "mnist", "teacher", "student"]
    DESCRIPTION = (
        "Loads one of the pack's tiny digit models (1 M parameters, trained on scikit-learn's 8x8 digits): "
        "the diffusion teacher, or its students distilled by LCM (lcd) or TCD (tcd); or a rectified-flow teacher "
        "and its 4-step students, loaded as Wan 2.1 models (ComfyUI 2025-02 or newer). They run in a few "
        "seconds on a CPU; use them to see what each few-step sampler and schedule does to a distilled model."
    )

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": (list(digits.MODELS + digits.FLOW_MODELS), {"default": "tcd", "tooltip": (
            "teacher: the diffusion model (needs many steps); lcd: its latent-consistency-distilled student "
            "(LCM sampler); tcd: its trajectory-consistency-distilled student (TCD sampler). "
            "flow_teacher: a flow model (Wan 2.1's sampling, shift 8); flow_student: distilled for 4 Euler steps "
            "at LightX2V's sigmas (the Wan2.1 lightx2v StepDistill recipe); flow_lcm_student: the same steps, "
            "re-noised (the recipe's re-noised variant).")})}}

    def load(self, model):
        return digits_model(model), [[torch.zeros(1, 1, 768), {}]]


class DigitsDecode:
    CATEGORY = CATEGORY_DIGITS
    RETURN_TYPES = ("IMAGE",)
    OUTPUT_TOOLTIPS = ("One grayscale digit image per latent channel.",)
    FUNCTION = "decode"
    SEARCH_ALIASES = ["digits", "demo", "decode"]
    DESCRIPTION = "Turns the digit models' latents (which are the 8x8 images themselves) into IMAGEs, enlarged."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {
            "samples": ("LATENT", {"tooltip": "Latents sampled with a FewStep digit model."}),
            "scale": ("INT", {"default": 8, "min": 1, "max": 64,
                              "tooltip": "Each pixel becomes a scale x scale block (8 gives 64x64 images)."}),
        }}

    def decode(self, samples, scale):
        return (latents_to_images(samples["samples"], scale),)
