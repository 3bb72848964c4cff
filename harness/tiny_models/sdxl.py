"""A tiny SDXL: ComfyUI loads it as `comfy.model_base.SDXL` (eps, ModelSamplingDiscrete, SDXL's adm).

The real SDXL config (comfy/supported_models.py `SDXL`) matches only model_channels 320, so a tiny
subclass of it, `FewStepTinySDXL`, goes first in `supported_models.models`: it matches only the
tiny UNet and gives tiny CLIP-L / CLIP-G text encoders with SDXL's own settings (comfy/sdxl_clip.py).
Everything else (model_base.SDXL, model_type, sampling, latent format, key layouts) is SDXL's.
"""

import json
import tempfile
from pathlib import Path

import comfy.ldm.modules.diffusionmodules.openaimodel as openaimodel
import comfy.ops
import comfy.sd1_clip as sd1_clip
import comfy.sdxl_clip as sdxl_clip
import comfy.supported_models
import comfy.supported_models_base
import torch

WIDTH_L, WIDTH_G = 16, 16  # real: CLIP-L 768, CLIP-G 1280
POOLED = WIDTH_G  # CLIP-G's projected pooled output: comfy/clip_model.py projects to its own width
CONTEXT = WIDTH_L + WIDTH_G  # comfy/sdxl_clip.py SDXLClipModel concatenates L and G (real 2048)
ADM = POOLED + 6 * 256  # comfy/model_base.py SDXL.encode_adm: pooled + 6 sizes by Timestep(256) (real 2816)

# SDXL's layout (no attention at the first level, linear proj_in/out, label_emb) at 32 channels.
# Heads: SDXL's 64 channels each (comfy/supported_models_base.py BASE.unet_extra_config).
UNET = dict(image_size=32, in_channels=4, out_channels=4, model_channels=32, num_res_blocks=[1, 1],
            channel_mult=[1, 2], num_heads=-1, num_head_channels=64, use_spatial_transformer=True,
            transformer_depth=[0, 1], transformer_depth_middle=1, transformer_depth_output=[0, 0, 1, 1],
            use_linear_in_transformer=True, context_dim=CONTEXT, adm_in_channels=ADM, num_classes="sequential",
            use_temporal_attention=False)


def _text_model(config_name, width):
    """SDClipModel on a tiny copy of one of ComfyUI's CLIP configs (comfy/<config_name>)."""
    config = json.loads((Path(sd1_clip.__file__).parent / config_name).read_text())
    config.update(hidden_size=width, intermediate_size=2 * width, num_attention_heads=2, num_hidden_layers=3,
                  projection_dim=width)  # 3 layers: comfy/sd1_clip.py asserts |layer_idx -2| < layers
    path = Path(tempfile.gettempdir()) / f"fewstep_tiny_sdxl_{config_name}"
    path.write_text(json.dumps(config))

    class TinyText(sd1_clip.SDClipModel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "textmodel_json_config": str(path)})

    return TinyText


TinyClipL = _text_model("sd1_clip_config.json", WIDTH_L)


class TinyClipG(sdxl_clip.SDXLClipG, _text_model("clip_config_bigg.json", WIDTH_G)):
    """SDXLClipG's settings (penultimate layer, projected pooled output) on the tiny G config."""


class TinyClip(sdxl_clip.SDXLClipModel):
    def __init__(self, device="cpu", dtype=None, **kwargs):  # kwargs: model_options (not in 2024-03)
        torch.nn.Module.__init__(self)
        self.clip_l = TinyClipL(layer="hidden", layer_idx=-2, device=device, dtype=dtype, layer_norm_hidden_state=False,
                                **kwargs)  # as in comfy/sdxl_clip.py SDXLClipModel
        self.clip_g = TinyClipG(device=device, dtype=dtype, **kwargs)
        self.dtypes = {dtype}


class FewStepTinySDXL(comfy.supported_models.SDXL):
    unet_config = {"model_channels": 32, "use_linear_in_transformer": True, "transformer_depth": [0, 1],
                   "context_dim": CONTEXT, "adm_in_channels": ADM, "use_temporal_attention": False}

    def clip_target(self, state_dict={}):
        return comfy.supported_models_base.ClipTarget(sdxl_clip.SDXLTokenizer, TinyClip)


_models = comfy.supported_models.models
_models[:] = [m for m in _models if getattr(m, "__name__", "") != FewStepTinySDXL.__name__]
_models.insert(0, FewStepTinySDXL)


def unet():
    """The tiny SDXL UNet (ComfyUI's ops skip init: callers set the weights)."""
    return openaimodel.UNetModel(**UNET, operations=comfy.ops.disable_weight_init)


def clip_state_for_saving(state):
    """ComfyUI's clip_l.* / clip_g.* keys in the original SDXL layout (conditioner.embedders.0 / 1)."""
    return FewStepTinySDXL(dict(UNET)).process_clip_state_dict_for_saving(state)
