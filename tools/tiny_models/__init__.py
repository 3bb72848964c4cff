"""Test and demo support for a real ComfyUI host (not part of the FewStep pack).

A custom node pack that teaches ComfyUI's model detection three tiny SD1.5-architecture
UNets (1.08 M parameters), one per model type the samplers serve, told apart by their
cross-attention width: eps prediction (context 64), v prediction (48) and rectified flow
(40, ComfyUI >= 2024-06 only). `write_unet` saves one with seeded random weights as a
`.safetensors` file that the real `UNETLoader` loads. Two helper nodes make
conditioning by hand and capture a LATENT for the tests to read.
"""

import comfy.ldm.modules.diffusionmodules.openaimodel as openaimodel
import comfy.ops
import comfy.supported_models
import comfy.utils
import torch
from comfy.model_base import ModelType

KINDS = {"eps": 64, "v": 48}
if hasattr(ModelType, "FLOW"):
    KINDS["flow"] = 40

UNET = dict(image_size=32, in_channels=4, out_channels=4, model_channels=32, num_res_blocks=[1, 1],
            channel_mult=[1, 2], num_heads=8, num_head_channels=-1, use_spatial_transformer=True,
            transformer_depth=[1, 1], transformer_depth_middle=1, transformer_depth_output=[1, 1, 1, 1],
            use_linear_in_transformer=False, adm_in_channels=None, use_temporal_attention=False)


def _config(kind, context_dim):
    model_type = {"eps": ModelType.EPS, "v": ModelType.V_PREDICTION}.get(kind) or ModelType.FLOW

    class Tiny(comfy.supported_models.SD15):
        unet_config = {"context_dim": context_dim, "model_channels": 32, "use_linear_in_transformer": False,
                       "adm_in_channels": None, "use_temporal_attention": False}
        sampling_settings = {"shift": 3.0} if kind == "flow" else {}

        def model_type(self, state_dict, prefix=""):
            return model_type

    Tiny.__name__ = f"FewStepTiny_{kind}"
    return Tiny


if not any(getattr(m, "__name__", "").startswith("FewStepTiny_") for m in comfy.supported_models.models):
    comfy.supported_models.models[:0] = [_config(kind, dim) for kind, dim in KINDS.items()]


def write_unet(path, kind="eps", seed=0):
    """Save a tiny UNet of the given kind with seeded random weights (ComfyUI's ops skip init)."""
    model = openaimodel.UNetModel(**UNET, context_dim=KINDS[kind], operations=comfy.ops.disable_weight_init)
    generator = torch.Generator().manual_seed(seed)
    state = {name: torch.randn(value.shape, generator=generator) * 0.05
             for name, value in model.state_dict().items()}
    comfy.utils.save_torch_file(state, str(path))
    return path


CAPTURED = {}


class FewStepTestConditioning:
    CATEGORY = "testing"
    RETURN_TYPES = ("CONDITIONING",)
    FUNCTION = "make"
    DESCRIPTION = "Seeded random conditioning of a tiny model's width (no text encoder needed)."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"width": ("INT", {"default": 64, "min": 1, "max": 4096}),
                             "seed": ("INT", {"default": 0, "min": 0, "max": 2**31})}}

    def make(self, width, seed):
        cond = torch.randn((1, 77, width), generator=torch.Generator().manual_seed(seed))
        return ([[cond, {}]],)


class FewStepTestLatent:
    CATEGORY = "testing"
    RETURN_TYPES = ("LATENT",)
    FUNCTION = "make"
    DESCRIPTION = "A seeded random (non-empty) latent, standing in for an encoded image."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"size": ("INT", {"default": 8, "min": 1, "max": 512}),
                             "seed": ("INT", {"default": 0, "min": 0, "max": 2**31})}}

    def make(self, size, seed):
        return ({"samples": torch.randn((1, 4, size, size), generator=torch.Generator().manual_seed(seed))},)


class FewStepTestCapture:
    CATEGORY = "testing"
    RETURN_TYPES = ()
    OUTPUT_NODE = True
    FUNCTION = "capture"
    DESCRIPTION = "Keeps a LATENT in memory under a label, for tests."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"samples": ("LATENT",), "label": ("STRING", {"default": "out"})}}

    def capture(self, samples, label):
        CAPTURED[label] = samples["samples"].clone()
        return {"ui": {"captured": [label]}}


NODE_CLASS_MAPPINGS = {
    "FewStepTestConditioning": FewStepTestConditioning,
    "FewStepTestCapture": FewStepTestCapture,
    "FewStepTestLatent": FewStepTestLatent,
}
