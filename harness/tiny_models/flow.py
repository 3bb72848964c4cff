"""Tiny models of ComfyUI's real flow-model classes (Flux, FLUX.2, SD3, Qwen-Image, Wan 2.1, Z-Image).

Each family is built from the host's own diffusion-model class (comfy/ldm/...) with tiny sizes and
seeded random weights, saved in its native key layout, and loaded by the real `UNETLoader`:
comfy/model_detection.py reads the sizes from the weights and comfy/supported_models.py picks the
family's config, hence its model_base class and model_sampling. Where detection hard-codes a size
of the full model (Qwen-Image and Z-Image always; Flux's and FLUX.2's head counts in 0.3.75), a tiny
subclass of the family's own config is put first in `supported_models.models` that matches only
the tiny size and supplies the hard-coded sizes; everything else (class, sampling, latent format)
is the real config's. `write_lora` saves a LoRA for a family's tiny model (LoraLoaderModelOnly).
"""

import dataclasses
import importlib
import inspect

import comfy.model_base
import comfy.model_detection
import comfy.ops
import comfy.supported_models
import comfy.utils
import torch

TOKENS = 16  # text tokens in `conditioning`

# What a workflow for each family needs. model_type: comfy/model_base.py (the class's default, or
# what its config's get_model passes); latent node and channels: comfy_extras/nodes_sd3.py,
# nodes_flux.py, nodes_hunyuan.py (Wan 2.1 workflows use EmptyHunyuanLatentVideo).
_FAMILIES = {
    "flux": dict(model_base="Flux", config="Flux", model_type="FLUX", latent_node="EmptySD3LatentImage",
                 latent_channels=16, downscale=8, context=64, pooled=32, guidance=3.5),
    "flux_schnell": dict(model_base="Flux", config="FluxSchnell", model_type="FLOW", latent_node="EmptySD3LatentImage",
                         latent_channels=16, downscale=8, context=64, pooled=32),
    "flux2": dict(model_base="Flux2", config="Flux2", model_type="FLUX", latent_node="EmptyFlux2LatentImage",
                  latent_channels=128, downscale=16, context=64),  # klein-like: no guidance_in, no pooled input
    "sd3": dict(model_base="SD3", config="SD3", model_type="FLOW", latent_node="EmptySD3LatentImage",
                latent_channels=16, downscale=8, context=64, pooled=32),
    "qwen_image": dict(model_base="QwenImage", config="QwenImage", model_type="FLUX", latent_node="EmptySD3LatentImage",
                       latent_channels=16, downscale=8, context=64),
    "wan21": dict(model_base="WAN21", config="WAN21_T2V", model_type="FLOW", latent_node="EmptyHunyuanLatentVideo",
                  latent_channels=16, downscale=8, video=True, context=4096),  # Wan 2.2 A14B loads as WAN21 too
    "zimage": dict(model_base="Lumina2", config="ZImage", model_type="FLOW", latent_node="EmptySD3LatentImage",
                   latent_channels=16, downscale=8, context=64),
}

# The tiny diffusion models: class, constructor arguments, the arguments detection may hard-code
# for the full-size model (`fixed`), and what tells the tiny one apart from real files (`match`).
_FLUX = dict(in_channels=16, out_channels=16, vec_in_dim=32, context_in_dim=64, hidden_size=128, mlp_ratio=4.0,
             num_heads=1, depth=1, depth_single_blocks=1, axes_dim=[16, 56, 56], theta=10000, patch_size=2,
             qkv_bias=True, guidance_embed=True, txt_ids_dims=[])  # comfy/model_detection.py, "flux" branch
# num_heads: hidden // sum(axes_dim) in 0.33.0's detection, a fixed 24 (FLUX.2: 48) in 0.3.75's.
_MODELS = {
    "flux": ("comfy.ldm.flux.model.Flux", _FLUX, ["num_heads"], {"hidden_size": 128}),
    "flux_schnell": ("comfy.ldm.flux.model.Flux", {**_FLUX, "guidance_embed": False}, ["num_heads"], {"hidden_size": 128}),
    "flux2": ("comfy.ldm.flux.model.Flux", dict(  # comfy/model_detection.py, "flux2" branch
        in_channels=128, out_channels=128, vec_in_dim=None, context_in_dim=64, hidden_size=128, mlp_ratio=3.0,
        num_heads=1, depth=1, depth_single_blocks=1, axes_dim=[32, 32, 32, 32], theta=2000, patch_size=1,
        qkv_bias=False, guidance_embed=False, global_modulation=True, mlp_silu_act=True, ops_bias=False,
        default_ref_method="index", ref_index_scale=10.0, txt_ids_dims=[3]), ["num_heads"], {"hidden_size": 128}),
    "sd3": ("comfy.ldm.modules.diffusionmodules.mmdit.OpenAISignatureMMDITWrapper", dict(  # hidden = 64 * depth
        in_channels=16, out_channels=16, patch_size=2, depth=1, input_size=None, adm_in_channels=32,
        context_embedder_config={"target": "torch.nn.Linear", "params": {"in_features": 64, "out_features": 64}},
        num_patches=256, pos_embed_max_size=16, pos_embed_scaling_factor=None), [], {}),
    # Qwen-Image: detection reads only in_channels and the layer count (real: 60 layers, 24 heads of 128, text 3584)
    "qwen_image": ("comfy.ldm.qwen_image.model.QwenImageTransformer2DModel", dict(
        patch_size=2, in_channels=64, out_channels=16, num_layers=1, attention_head_dim=128, num_attention_heads=1,
        joint_attention_dim=64), ["attention_head_dim", "num_attention_heads", "joint_attention_dim"], {"num_layers": 1}),
    "wan21": ("comfy.ldm.wan.model.WanModel", dict(  # num_heads = dim // 128; text_dim is not detected (umt5 4096)
        model_type="t2v", patch_size=(1, 2, 2), in_dim=16, dim=128, ffn_dim=256, freq_dim=256, text_dim=4096,
        out_dim=16, num_heads=1, num_layers=1), [], {}),
    "zimage": ("comfy.ldm.lumina.model.NextDiT", dict(  # Z-Image's settings for dim 3840 (comfy/model_detection.py)
        # but 2 heads of 128, 1 refiner layer, FFN 1x (Z-Image 8/3); dim >= 256: its adaLN takes min(dim, 256)
        patch_size=2, in_channels=16, dim=256, n_layers=1, n_refiner_layers=1, n_heads=2, n_kv_heads=2,
        multiple_of=32, ffn_dim_multiplier=1.0, qk_norm=True, cap_feat_dim=64, axes_dims=[32, 48, 48],
        axes_lens=[1536, 512, 512], rope_theta=256.0, z_image_modulation=True, time_scale=1000.0,
        pad_tokens_multiple=32), ["n_refiner_layers", "n_heads", "n_kv_heads", "multiple_of", "ffn_dim_multiplier",
                                  "axes_dims", "axes_lens", "rope_theta", "z_image_modulation", "time_scale",
                                  "pad_tokens_multiple"], {"dim": 256}),
}


def _supported(family):
    spec = _FAMILIES[family]  # 2024-03 has no flow model types at all
    return (hasattr(comfy.model_base.ModelType, spec["model_type"]) and hasattr(comfy.model_base, spec["model_base"])
            and hasattr(comfy.supported_models, spec["config"]))


FAMILIES = {family: spec for family, spec in _FAMILIES.items() if _supported(family)}


def _model(family):
    """The family's ComfyUI class with the tiny arguments this tree's version of it accepts (no init)."""
    path, kwargs, _, _ = _MODELS[family]
    module_name, name = path.rsplit(".", 1)
    module = importlib.import_module(module_name)
    cls = getattr(module, name)
    accepted = set(inspect.signature(cls).parameters)
    if hasattr(module, "FluxParams"):  # Flux(**kwargs) -> FluxParams(**kwargs): fields differ between trees
        accepted |= {f.name for f in dataclasses.fields(module.FluxParams)}
    return cls(**{k: v for k, v in kwargs.items() if k in accepted}, operations=comfy.ops.disable_weight_init)


def _state(family, seed):
    generator = torch.Generator().manual_seed(seed)
    return {name: torch.randn(value.shape, generator=generator) * 0.05
            for name, value in _model(family).state_dict().items()}


def parameters(family):
    return sum(v.numel() for v in _model(family).state_dict().values())


def write_unet(path, family, seed=0):
    """Save the family's tiny diffusion model (native key layout) for the real UNETLoader."""
    comfy.utils.save_torch_file(_state(family, seed), str(path))
    return path


def write_checkpoint(path, family, seed=0):
    """Save the family's tiny diffusion model in a checkpoint's layout (model.diffusion_model.*) for the real
    CheckpointLoaderSimple, as SD3.5's single files are; it holds no text encoder and no VAE weights."""
    comfy.utils.save_torch_file({"model.diffusion_model." + k: v for k, v in _state(family, seed).items()}, str(path))
    return path


def write_lora(path, family, seed=0):
    """Save a LoRA (kohya lora_unet_* names) for the family's tiny model, for LoraLoaderModelOnly: its
    keys come from comfy/lora.py model_lora_keys_unet on the tiny model as comfy/sd.py loads it."""
    import comfy.sd

    from . import write_lora as write  # the package's writer, shared with the SD1.5 / SDXL models

    return write(path, comfy.sd.load_diffusion_model_state_dict(_state(family, 0)), seed)


def conditioning(family, seed=0):
    """CONDITIONING for the family's tiny model: [1, TOKENS, context] text, pooled_output [1, pooled], guidance."""
    spec = FAMILIES[family]
    generator = torch.Generator().manual_seed(seed)
    extra = {"pooled_output": None}  # a text encoder's output always has the key (0.3.75's Flux2 reads it)
    if spec.get("pooled"):  # Flux vector_in / SD3 y_embedder (CLIP-L / CLIP-L+G pooled in the real models)
        extra["pooled_output"] = torch.randn((1, spec["pooled"]), generator=generator)
    if spec.get("guidance") is not None:  # what FluxGuidance / CLIPTextEncodeFlux put in the dict
        extra["guidance"] = spec["guidance"]
    return [[torch.randn((1, TOKENS, spec["context"]), generator=generator), extra]]


def _register(family):
    """Put a tiny subclass of the family's config first, if this tree's detection hard-codes a size
    of the tiny model to the full one's (e.g. 0.3.75 gives Flux 24 heads whatever its width)."""
    _, kwargs, fixed, match = _MODELS[family]
    detected = comfy.model_detection.detect_unet_config(_model(family).state_dict(), "")
    extra = {k: kwargs[k] for k in fixed if detected.get(k) != kwargs[k]}
    if not extra:
        return
    real = getattr(comfy.supported_models, FAMILIES[family]["config"])
    name = f"FewStepTinyFlow_{family}"
    tiny = type(name, (real,), {"unet_config": {**real.unet_config, **match},
                                "unet_extra_config": {**real.unet_extra_config, **extra}})
    models = comfy.supported_models.models
    models[:] = [m for m in models if getattr(m, "__name__", "") != name]
    models.insert(0, tiny)


for _family in FAMILIES:
    _register(_family)


class FewStepTestFlowConditioning:
    CATEGORY = "testing"
    RETURN_TYPES = ("CONDITIONING",)
    FUNCTION = "make"
    DESCRIPTION = "Seeded random conditioning of the widths a tiny flow model (harness/tiny_models/flow.py) takes."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"family": (list(FAMILIES),),
                             "seed": ("INT", {"default": 0, "min": 0, "max": 2**31})}}

    def make(self, family, seed):
        return (conditioning(family, seed),)
