"""Tiny models of ComfyUI's real flow-model classes: Flux, FLUX.2, SD3, Qwen-Image, Wan 2.1, Z-Image, and
where the host has their classes, the 2026 families: Wan2.2 I2V A14B, LTX-Video, LTX-2 (audio-video),
MiniMax-H3 (audio-video), HunyuanImage-2.1, HunyuanVideo-1.5 (and its SR-distilled model), HiDream-I1 and
Kandinsky 5.

Each family is built from the host's own diffusion-model class (comfy/ldm/...) with tiny sizes and
seeded random weights, saved in its native key layout, and loaded by the real `UNETLoader`:
comfy/model_detection.py reads the sizes from the weights (LTX's from the file's metadata, as LTX-2's
own files carry them) and comfy/supported_models.py picks the family's config, hence its model_base
class and model_sampling. Where detection hard-codes a size of the full model or leaves it at the full
model's default (Qwen-Image, Z-Image and Kandinsky 5 always; Flux's and FLUX.2's head counts in 0.3.75),
a tiny subclass of the family's own config is put first in `supported_models.models` that matches only
the tiny size and supplies those sizes; everything else (class, sampling, latent format) is the real
config's. HiDream's detection reads no size at all, so its tiny model is built from its config
directly (`model`, the FewStepTestFlowModel node). `write_lora` saves a LoRA for a family's tiny model
(LoraLoaderModelOnly).
"""

import dataclasses
import importlib
import inspect
import json

import comfy.model_base
import comfy.model_detection
import comfy.model_management
import comfy.model_patcher
import comfy.ops
import comfy.supported_models
import comfy.utils
import torch

TOKENS = 16  # text tokens in `conditioning`

# What a workflow for each family needs. model_type: comfy/model_base.py (the class's default, or
# what its config's get_model passes); latent node and channels: comfy_extras/nodes_sd3.py,
# nodes_flux.py, nodes_hunyuan.py, nodes_lt.py, nodes_minimax_h3.py (Wan 2.1 and Kandinsky 5 workflows use
# EmptyHunyuanLatentVideo; an LTX-2 latent is LTXVConcatAVLatent of a video and an audio latent, a MiniMax-H3
# one holds both streams). Conditioning: context (text width), pooled, guidance, and where the class reads them
# attention_mask (LTX-Video), llama (HiDream's Llama-3 layers, their count and width). direct: built, not loaded.
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
    # Wan2.2 I2V A14B's experts have no CLIP image embedding: they load as WAN21_T2V, in_dim 36 (noise 16, mask 4,
    # image 16: WanImageToVideo's concat_latent_image, zeros without one)
    "wan22_i2v": dict(model_base="WAN21", config="WAN21_T2V", model_type="FLOW", latent_node="EmptyHunyuanLatentVideo",
                      latent_channels=16, downscale=8, video=True, context=4096),
    "ltxv": dict(model_base="LTXV", config="LTXV", model_type="FLUX", latent_node="EmptyLTXVLatentVideo",
                 latent_channels=128, downscale=32, video=True, context=32, attention_mask=True, metadata=True),
    "ltxav": dict(model_base="LTXAV", config="LTXAV", model_type="FLUX", latent_node="EmptyLTXVLatentVideo",
                  latent_channels=128, downscale=32, video=True, context=64, metadata=True, audio=True),
    "minimax_h3": dict(model_base="MiniMaxH3", config="MiniMaxH3", model_type="FLOW_AV",
                       latent_node="EmptyMiniMaxH3LatentAV", latent_channels=24, downscale=16, video=True, context=32,
                       audio=True),
    "hunyuan_image21": dict(model_base="HunyuanImage21", config="HunyuanImage21", model_type="FLOW",
                            latent_node="EmptyHunyuanImageLatent", latent_channels=64, downscale=32, context=32),
    "hunyuan_video15": dict(model_base="HunyuanVideo15", config="HunyuanVideo15", model_type="FLOW",
                            latent_node="EmptyHunyuanVideo15Latent", latent_channels=32, downscale=16, video=True,
                            context=32),
    "hunyuan_video15_sr": dict(model_base="HunyuanVideo15_SR_Distilled", config="HunyuanVideo15_SR_Distilled",
                               model_type="FLOW", latent_node="EmptyHunyuanVideo15Latent", latent_channels=32,
                               downscale=16, video=True, context=32),
    "hidream": dict(model_base="HiDream", config="HiDream", model_type="FLOW", latent_node="EmptySD3LatentImage",
                    latent_channels=16, downscale=8, context=32, pooled=32, llama=(2, 32), direct=True),
    "kandinsky5": dict(model_base="Kandinsky5", config="Kandinsky5", model_type="FLOW",
                       latent_node="EmptyHunyuanLatentVideo", latent_channels=16, downscale=8, video=True, context=32,
                       pooled=16),
}

# The tiny diffusion models: class, constructor arguments, the arguments detection may hard-code
# for the full-size model or leave at its default (`fixed`), and what tells the tiny one apart from real files
# (`match`).
_FLUX = dict(in_channels=16, out_channels=16, vec_in_dim=32, context_in_dim=64, hidden_size=128, mlp_ratio=4.0,
             num_heads=1, depth=1, depth_single_blocks=1, axes_dim=[16, 56, 56], theta=10000, patch_size=2,
             qkv_bias=True, guidance_embed=True, txt_ids_dims=[])  # comfy/model_detection.py, "flux" branch
# num_heads: hidden // sum(axes_dim) in 0.33.0's detection, a fixed 24 (FLUX.2: 48) in 0.3.75's.
_WAN = dict(model_type="t2v", patch_size=(1, 2, 2), in_dim=16, dim=128, ffn_dim=256, freq_dim=256, text_dim=4096,
            out_dim=16, num_heads=1, num_layers=1)  # num_heads = dim // 128; text_dim is not detected (umt5 4096)
_LTXV = dict(in_channels=128, cross_attention_dim=64, attention_head_dim=32, num_attention_heads=2, caption_channels=32,
             num_layers=1)  # detection: head_dim = to_k width // 32 unless the file's metadata says otherwise
# HunyuanVideo family (heads = hidden // 128); HunyuanVideo-1.5's config matches only vision_in_dim 1152 (SigLIP)
_HUNYUAN = dict(in_channels=64, out_channels=64, patch_size=[1, 1], vec_in_dim=None, axes_dim=[64, 64],
                meanflow=True, context_in_dim=32, hidden_size=128, mlp_ratio=4.0, num_heads=1, depth=1,
                depth_single_blocks=1, theta=256, qkv_bias=True, byt5=False, guidance_embed=True,
                use_cond_type_embedding=False, vision_in_dim=None, meanflow_sum=False)
_HUNYUAN_VIDEO15 = {**_HUNYUAN, "in_channels": 65, "out_channels": 32, "patch_size": [1, 1, 1],
                    "axes_dim": [16, 56, 56], "guidance_embed": False, "use_cond_type_embedding": True,
                    "vision_in_dim": 1152, "meanflow_sum": True}  # in: noise 32, image 32, mask 1
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
    "wan21": ("comfy.ldm.wan.model.WanModel", _WAN, [], {}),
    "zimage": ("comfy.ldm.lumina.model.NextDiT", dict(  # Z-Image's settings for dim 3840 (comfy/model_detection.py)
        # but 2 heads of 128, 1 refiner layer, FFN 1x (Z-Image 8/3); dim >= 256: its adaLN takes min(dim, 256)
        patch_size=2, in_channels=16, dim=256, n_layers=1, n_refiner_layers=1, n_heads=2, n_kv_heads=2,
        multiple_of=32, ffn_dim_multiplier=1.0, qk_norm=True, cap_feat_dim=64, axes_dims=[32, 48, 48],
        axes_lens=[1536, 512, 512], rope_theta=256.0, z_image_modulation=True, time_scale=1000.0,
        pad_tokens_multiple=32), ["n_refiner_layers", "n_heads", "n_kv_heads", "multiple_of", "ffn_dim_multiplier",
                                  "axes_dims", "axes_lens", "rope_theta", "z_image_modulation", "time_scale",
                                  "pad_tokens_multiple"], {"dim": 256}),
    "wan22_i2v": ("comfy.ldm.wan.model.WanModel", {**_WAN, "in_dim": 36}, [], {}),
    "ltxv": ("comfy.ldm.lightricks.model.LTXVModel", _LTXV, [], {}),
    "ltxav": ("comfy.ldm.lightricks.av_model.LTXAVModel", dict(  # connectors: 30 x 128 (709 M) unless given
        **_LTXV, audio_in_channels=128, audio_cross_attention_dim=32, audio_attention_head_dim=16,
        audio_num_attention_heads=2, connector_attention_head_dim=16, connector_num_attention_heads=2,
        connector_num_layers=1), [], {}),
    "minimax_h3": ("comfy.ldm.minimax.model.MiniMaxH3Model", dict(  # rope: 6 * rope_inv_freq_len <= head dim
        hidden_size=64, num_layers=1, token_refiner_num_layers=1, num_attention_heads=2, attention_head_dim=32,
        ffn_hidden_size=64, latents_dim=24, audio_latents_dim=32, text_dim=32, timestep_input_dim=32,
        time_embed_hidden_size=64, time_embed_dim=32, rope_inv_freq_len=4), [], {}),
    "hunyuan_image21": ("comfy.ldm.hunyuan_video.model.HunyuanVideo", _HUNYUAN, [], {}),
    "hunyuan_video15": ("comfy.ldm.hunyuan_video.model.HunyuanVideo", _HUNYUAN_VIDEO15, [], {}),
    "hunyuan_video15_sr": ("comfy.ldm.hunyuan_video.model.HunyuanVideo",  # in: noise 32, low-res 32 x 2 + 2
                           {**_HUNYUAN_VIDEO15, "in_channels": 98}, [], {}),
    "hidream": ("comfy.ldm.hidream.model.HiDreamImageTransformer2DModel", dict(  # llama_layers: one per layer
        patch_size=2, in_channels=16, out_channels=16, num_layers=1, num_single_layers=1, attention_head_dim=64,
        num_attention_heads=1, caption_channels=[32, 32], text_emb_dim=32, num_routed_experts=2,
        num_activated_experts=1, axes_dims_rope=(32, 16, 16), max_resolution=(16, 16), llama_layers=[0, 1]), [], {}),
    # Kandinsky 5: detection reads model_dim and block counts; the text widths and the rope axes (head dim) it
    # leaves to the class's defaults (Qwen2.5-VL 3584, CLIP-L 768, 16 + 24 + 24 of lite video's 1792)
    "kandinsky5": ("comfy.ldm.kandinsky5.model.Kandinsky5", dict(
        in_visual_dim=16, out_visual_dim=16, in_text_dim=32, in_text_dim2=16, time_dim=32, model_dim=96, ff_dim=128,
        visual_embed_dim=132, patch_size=(1, 2, 2), num_text_blocks=1, num_visual_blocks=1, axes_dims=(16, 16, 16)),
                   ["in_text_dim", "in_text_dim2", "axes_dims"], {"model_dim": 96}),
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
    # Flux(**kwargs) -> FluxParams(**kwargs), HunyuanVideo -> HunyuanVideoParams: fields differ between trees;
    # other classes pass **kwargs on (LTXAVModel its connectors' sizes)
    params = [value for key, value in vars(module).items() if key.endswith("Params") and dataclasses.is_dataclass(value)]
    for fields in params:
        accepted |= {f.name for f in dataclasses.fields(fields)}
    if "kwargs" in accepted and not params:
        accepted |= set(kwargs)
    return cls(**{k: v for k, v in kwargs.items() if k in accepted}, operations=comfy.ops.disable_weight_init)


def _state(family, seed):
    generator = torch.Generator().manual_seed(seed)
    return {name: torch.randn(value.shape, generator=generator) * 0.05
            for name, value in _model(family).state_dict().items()}


def parameters(family):
    return sum(v.numel() for v in _model(family).state_dict().values())


def _metadata(family):
    """The safetensors metadata of the family's files: LTX's carry the transformer's config, which detection reads."""
    return {"config": json.dumps({"transformer": _MODELS[family][1]})} if FAMILIES[family].get("metadata") else None


def write_unet(path, family, seed=0):
    """Save the family's tiny diffusion model (native key layout) for the real UNETLoader (not HiDream's: `model`)."""
    comfy.utils.save_torch_file(_state(family, seed), str(path), metadata=_metadata(family))
    return path


def model(family, seed=0):
    """The family's tiny model as a MODEL: as comfy/sd.py loads `write_unet`'s file, or for a family built
    directly, its config's model_base class around the tiny network, as get_model builds it from a detection."""
    import comfy.sd

    if not FAMILIES[family].get("direct"):
        return comfy.sd.load_diffusion_model_state_dict(_state(family, seed), metadata=_metadata(family))
    config_class = getattr(comfy.supported_models, FAMILIES[family]["config"])
    base = config_class({**config_class.unet_config, **_MODELS[family][1]}).get_model({})
    base.diffusion_model.load_state_dict(_state(family, seed))
    return comfy.model_patcher.ModelPatcher(base, load_device=comfy.model_management.get_torch_device(),
                                            offload_device=comfy.model_management.unet_offload_device())


def write_checkpoint(path, family, seed=0):
    """Save the family's tiny diffusion model in a checkpoint's layout (model.diffusion_model.*) for the real
    CheckpointLoaderSimple, as SD3.5's and LTX-2's single files are; it holds no text encoder and no VAE weights."""
    comfy.utils.save_torch_file({"model.diffusion_model." + k: v for k, v in _state(family, seed).items()}, str(path),
                                metadata=_metadata(family))
    return path


def write_lora(path, family, seed=0):
    """Save a LoRA (kohya lora_unet_* names) for the family's tiny model, for LoraLoaderModelOnly: its
    keys come from comfy/lora.py model_lora_keys_unet on the tiny model as comfy/sd.py loads it."""
    from . import write_lora as write  # the package's writer, shared with the SD1.5 / SDXL models

    return write(path, model(family), seed)


def conditioning(family, seed=0):
    """CONDITIONING for the family's tiny model: [1, TOKENS, context] text, pooled_output [1, pooled], guidance,
    an all-ones attention_mask [1, TOKENS] (LTX-Video) and conditioning_llama3 [1, layers, TOKENS, width] (HiDream)."""
    spec = FAMILIES[family]
    generator = torch.Generator().manual_seed(seed)
    extra = {"pooled_output": None}  # a text encoder's output always has the key (0.3.75's Flux2 reads it)
    if spec.get("pooled"):  # Flux vector_in / SD3 y_embedder (CLIP-L / CLIP-L+G pooled in the real models)
        extra["pooled_output"] = torch.randn((1, spec["pooled"]), generator=generator)
    if spec.get("guidance") is not None:  # what FluxGuidance / CLIPTextEncodeFlux put in the dict
        extra["guidance"] = spec["guidance"]
    if spec.get("attention_mask"):  # the Gemma / T5 text encoders' padding mask, integers as sd1_clip.py gives it
        extra["attention_mask"] = torch.ones((1, TOKENS), dtype=torch.long)
    if spec.get("llama"):
        extra["conditioning_llama3"] = torch.randn((1, spec["llama"][0], TOKENS, spec["llama"][1]), generator=generator)
    return [[torch.randn((1, TOKENS, spec["context"]), generator=generator), extra]]


def _register(family):
    """Put a tiny subclass of the family's config first, if this tree's detection hard-codes a size
    of the tiny model to the full one's (e.g. 0.3.75 gives Flux 24 heads whatever its width)."""
    _, kwargs, fixed, match = _MODELS[family]
    if not fixed:
        return
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


class FewStepTestFlowModel:
    CATEGORY = "testing"
    RETURN_TYPES = ("MODEL",)
    FUNCTION = "load"
    DESCRIPTION = ("A tiny random-weight model of a flow family's real class (harness/tiny_models/flow.py), as "
                   "UNETLoader loads its file; HiDream's, which detection cannot size, built from its config.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"family": (list(FAMILIES),),
                             "seed": ("INT", {"default": 0, "min": 0, "max": 2**31})}}

    def load(self, family, seed):
        return (model(family, seed),)


class FewStepTestLTXVAudioLatent:
    CATEGORY = "testing"
    RETURN_TYPES = ("LATENT",)
    FUNCTION = "make"
    DESCRIPTION = ("LTXVEmptyLatentAudio without an audio VAE: LTX-2's empty audio latent [batch, 8, frames / "
                   "frame_rate * 25, 16] (16 kHz, mel hop 160, 4x downsampled, 64 mel bins / 4); "
                   "LTXVConcatAVLatent joins it to a video latent.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"frames_number": ("INT", {"default": 97, "min": 1, "max": 1000}),
                             "frame_rate": ("FLOAT", {"default": 25.0, "min": 1.0, "max": 1000.0}),
                             "batch_size": ("INT", {"default": 1, "min": 1, "max": 4096})}}

    def make(self, frames_number, frame_rate, batch_size):
        latents = round(frames_number / frame_rate * 16000 / 160 / 4)
        return ({"samples": torch.zeros((batch_size, 8, latents, 16)), "type": "audio"},)


class FewStepTestLatentUpscale:
    CATEGORY = "testing"
    RETURN_TYPES = ("LATENT",)
    FUNCTION = "upscale"
    DESCRIPTION = ("LTXVLatentUpsampler without its upscale model and VAE: the video latent's width and height "
                   "doubled by nearest-neighbour interpolation.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"samples": ("LATENT",)}}

    def upscale(self, samples):
        x = samples["samples"]
        return ({**samples, "samples": x.repeat_interleave(2, dim=-2).repeat_interleave(2, dim=-1)},)


class FewStepTestLatentAudio:
    CATEGORY = "testing"
    RETURN_TYPES = ("AUDIO",)
    FUNCTION = "convert"
    DESCRIPTION = ("LTXVAudioVAEDecode / VAEDecodeAudio without an audio VAE: a second of silence at 16 kHz per "
                   "item of the latent's batch, for CreateVideo.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"samples": ("LATENT",)}}

    def convert(self, samples):
        x = samples["samples"]
        batch = (x.unbind()[-1] if x.is_nested else x).shape[0]
        return ({"waveform": torch.zeros((batch, 1, 16000)), "sample_rate": 16000},)
