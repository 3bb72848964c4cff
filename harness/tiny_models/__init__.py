"""Test and demo support for a real ComfyUI host (not part of the FewStep pack).

A custom node pack that teaches ComfyUI's model detection three tiny SD1.5-architecture
UNets (1.08 M parameters), one per model type the samplers serve, told apart by their
cross-attention width: eps prediction (context 64), v prediction (48) and rectified flow
(40, ComfyUI >= 2024-06 only). Each comes with a tiny CLIP text encoder of that width.
`write_unet` saves a UNet with seeded random weights that the real `UNETLoader` loads;
`write_checkpoint` a whole checkpoint (UNet, CLIP, a TAESD-format VAE) for the real
`CheckpointLoaderSimple`; `write_lora` a LoRA whose keys match a loaded tiny model (and its
CLIP, if given), for the real `LoraLoader`. `write_sdxl_checkpoint` saves a tiny SDXL checkpoint
(sdxl.py) that loads as model_base.SDXL; flow.py has tiny models of the real flow classes;
mixture.py exact denoisers (a Gaussian mixture as an SD1.5 model, Gaussian data as a flow model of
a real class: Wan 2.1, SD3, LTX, MiniMax-H3, HunyuanImage-2.1, HunyuanVideo-1.5, HiDream, Kandinsky 5).
Helper nodes load those, make conditioning or a latent by hand (LTX-2's audio latent without its VAE),
capture a LATENT, turn any latent into an IMAGE for SaveImage or into silent AUDIO, and stand in for
LTX's latent upsampler.
"""

import json
import tempfile
from pathlib import Path

import comfy.ldm.modules.diffusionmodules.openaimodel as openaimodel
import comfy.lora
import comfy.ops
import comfy.sd1_clip as sd1_clip
import comfy.supported_models
import comfy.supported_models_base
import comfy.taesd.taesd
import comfy.utils
import torch
from comfy.model_base import ModelType

from . import flow, mixture, sdxl

KINDS = {"eps": 64, "v": 48}
if hasattr(ModelType, "FLOW"):
    KINDS["flow"] = 40

UNET = dict(image_size=32, in_channels=4, out_channels=4, model_channels=32, num_res_blocks=[1, 1],
            channel_mult=[1, 2], num_heads=8, num_head_channels=-1, use_spatial_transformer=True,
            transformer_depth=[1, 1], transformer_depth_middle=1, transformer_depth_output=[1, 1, 1, 1],
            use_linear_in_transformer=False, adm_in_channels=None, use_temporal_attention=False)


def _clip_model(width):
    config = json.loads((Path(sd1_clip.__file__).parent / "sd1_clip_config.json").read_text())
    config.update(hidden_size=width, intermediate_size=2 * width, num_attention_heads=2, num_hidden_layers=2,
                  projection_dim=width)
    path = Path(tempfile.gettempdir()) / f"fewstep_tiny_clip_{width}.json"
    path.write_text(json.dumps(config))

    class TinyClipText(sd1_clip.SDClipModel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "textmodel_json_config": str(path)})

    class TinyClip(sd1_clip.SD1ClipModel):
        def __init__(self, device="cpu", dtype=None, **kwargs):
            super().__init__(device=device, dtype=dtype, clip_model=TinyClipText, **kwargs)

    return TinyClip


def _config(kind, context_dim):
    model_type = {"eps": ModelType.EPS, "v": ModelType.V_PREDICTION}.get(kind) or ModelType.FLOW
    clip_model = _clip_model(context_dim)

    class Tiny(comfy.supported_models.SD15):
        unet_config = {"context_dim": context_dim, "model_channels": 32, "use_linear_in_transformer": False,
                       "adm_in_channels": None, "use_temporal_attention": False}
        sampling_settings = {"shift": 3.0} if kind == "flow" else {}

        def model_type(self, state_dict, prefix=""):
            return model_type

        def clip_target(self, state_dict={}):
            return comfy.supported_models_base.ClipTarget(sd1_clip.SD1Tokenizer, clip_model)

    Tiny.__name__ = f"FewStepTiny_{kind}"
    return Tiny


if not any(getattr(m, "__name__", "").startswith("FewStepTiny_") for m in comfy.supported_models.models):
    comfy.supported_models.models[:0] = [_config(kind, dim) for kind, dim in KINDS.items()]


def _random(module, seed):
    generator = torch.Generator().manual_seed(seed)
    return {name: torch.randn(value.shape, generator=generator) * 0.05 for name, value in module.state_dict().items()}


def _unet_state(kind, seed):
    return _random(openaimodel.UNetModel(**UNET, context_dim=KINDS[kind], operations=comfy.ops.disable_weight_init), seed)


def write_unet(path, kind="eps", seed=0):
    """Save a tiny UNet of the given kind with seeded random weights (ComfyUI's ops skip init)."""
    comfy.utils.save_torch_file(_unet_state(kind, seed), str(path))
    return path


def _vae_state(seed):
    """A TAESD-format VAE (comfy/sd.py VAE loads it by its taesd_decoder.* keys) under first_stage_model."""
    vae = comfy.taesd.taesd.TAESD()
    # its scalar vae_scale / vae_shift stay as they are
    return {"first_stage_model." + name: value if value.ndim else vae.state_dict()[name]
            for name, value in _random(vae, seed).items()}


@torch.no_grad()
def write_checkpoint(path, kind="eps", seed=0):
    """Save a tiny checkpoint in the original SD layout: UNet, CLIP text encoder, TAESD VAE."""
    state = {"model.diffusion_model." + k: v for k, v in _unet_state(kind, seed).items()}
    clip = _clip_model(KINDS[kind])(dtype=torch.float32)
    for name, value in _random(clip, seed + 1).items():  # clip_l.transformer.text_model.*
        state["cond_stage_model." + name[len("clip_l."):]] = value
    state.update(_vae_state(seed + 2))
    comfy.utils.save_torch_file(state, str(path))
    return path


@torch.no_grad()  # 2024-03's CLIP init writes to its weights in place
def sdxl_clip_state(seed=0):
    """The tiny SDXL's text encoder weights in ComfyUI's own keys (clip_l.*, clip_g.*)."""
    state = _random(sdxl.TinyClip(dtype=torch.float32), seed + 1)
    for unsaved in ("clip_l.logit_scale", "clip_l.transformer.text_projection.weight"):  # SDXL checkpoints
        state.pop(unsaved)  # have neither (comfy/supported_models.py SDXL.process_clip_state_dict_for_saving)
    return state


@torch.no_grad()
def write_sdxl_checkpoint(path, seed=0):
    """Save a tiny SDXL checkpoint in the original layout: model.diffusion_model.*,
    conditioner.embedders.0 (CLIP-L) / 1 (CLIP-G, OpenCLIP keys), first_stage_model.* (TAESD)."""
    state = {"model.diffusion_model." + k: v for k, v in _random(sdxl.unet(), seed).items()}
    state.update(sdxl.clip_state_for_saving(sdxl_clip_state(seed)))
    state.update(_vae_state(seed + 2))
    comfy.utils.save_torch_file(state, str(path))
    return path


def _lora_pairs(key_map, weights, generator, rank, prefixes, limit):
    """kohya LoRA weights (up, down, alpha) for the first `limit` 2-D weights whose LoRA key has a prefix."""
    state, done = {}, set()
    for lora_key, weight_key in sorted(key_map.items()):
        shape = weights[weight_key].shape if isinstance(weight_key, str) and weight_key in weights else ()
        if not lora_key.startswith(prefixes) or len(shape) != 2 or weight_key in done or len(done) >= limit:
            continue  # one LoRA key per weight (comfy/lora.py maps several names to some)
        done.add(weight_key)
        state[lora_key + ".lora_up.weight"] = torch.randn((shape[0], rank), generator=generator) * 0.1
        state[lora_key + ".lora_down.weight"] = torch.randn((rank, shape[1]), generator=generator) * 0.1
        state[lora_key + ".alpha"] = torch.tensor(float(rank))
    return state


def write_lora(path, model_patcher, seed=0, rank=2, clip=None):
    """Save a LoRA (kohya key names) for the first few UNet weights of a loaded tiny model and,
    given its CLIP, for every 2-D text-encoder layer weight (lora_te1_* CLIP-L, lora_te2_* CLIP-G)."""
    generator = torch.Generator().manual_seed(seed)
    key_map = comfy.lora.model_lora_keys_unet(model_patcher.model, {})
    state = _lora_pairs(key_map, model_patcher.model.state_dict(), generator, rank, ("lora_unet_",), 8)
    if clip is not None:
        key_map = comfy.lora.model_lora_keys_clip(clip.cond_stage_model, {})
        state.update(_lora_pairs(key_map, clip.cond_stage_model.state_dict(), generator, rank,
                                 ("lora_te1_text_model_", "lora_te2_text_model_"), 64))
    comfy.utils.save_torch_file(state, str(path))
    return path


CAPTURED = {}


class FewStepTestMixtureModel:
    CATEGORY = "testing"
    RETURN_TYPES = ("MODEL",)
    FUNCTION = "load"
    DESCRIPTION = "The exact denoiser of a Gaussian mixture (digits or random centres) as a MODEL."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"dataset": (list(mixture.DATASETS),),
                             "std": ("FLOAT", {"default": 0.1, "min": 0.001, "max": 10.0, "step": 0.001})}}

    def load(self, dataset, std):
        return (mixture.mixture_model(dataset, std),)


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
    DESCRIPTION = "Keeps a LATENT in memory under a label, for tests (an audio-video latent: a list of its streams)."

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"samples": ("LATENT",), "label": ("STRING", {"default": "out"})}}

    def capture(self, samples, label):
        x = samples["samples"]
        CAPTURED[label] = [stream.clone() for stream in x.unbind()] if x.is_nested else x.clone()
        return {"ui": {"captured": [label]}}


CALLS = {}


class FewStepTestCountCalls:
    CATEGORY = "testing"
    RETURN_TYPES = ("MODEL",)
    FUNCTION = "wrap"
    DESCRIPTION = ("The model (a clone) with every call of its diffusion model recorded under a label, for tests: "
                   "the images it evaluates (a batched cond and uncond are two) and the sigmas of the sampling pass "
                   "it belongs to.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"model": ("MODEL",), "label": ("STRING", {"default": "calls"})}}

    def wrap(self, model, label):
        def counted(apply_model, args):
            sigmas = args["c"]["transformer_options"]["sample_sigmas"]
            CALLS.setdefault(label, []).append((len(args["cond_or_uncond"]), sigmas.tolist()))
            return apply_model(args["input"], args["timestep"], **args["c"])

        model = model.clone()
        model.set_model_unet_function_wrapper(counted)
        return (model,)


class FewStepTestLatentImage:
    CATEGORY = "testing"
    RETURN_TYPES = ("IMAGE",)
    FUNCTION = "convert"
    DESCRIPTION = ("Any latent as an IMAGE (no VAE): its first channel through a sigmoid, in grey; one image per frame; "
                   "of an audio-video latent, its video.")

    @classmethod
    def INPUT_TYPES(cls):
        return {"required": {"samples": ("LATENT",)}}

    def convert(self, samples):
        x = samples["samples"]
        x = (x.unbind()[0] if x.is_nested else x).float()
        if x.ndim == 5:  # video [B, C, T, H, W] -> frames [B * T, C, H, W]
            x = x.movedim(2, 1).flatten(0, 1)
        grey = torch.sigmoid(x[:, :1])  # [N, 1, H, W] in [0, 1]
        return (grey.movedim(1, -1).repeat(1, 1, 1, 3).contiguous(),)  # IMAGE: [N, H, W, 3]


NODE_CLASS_MAPPINGS = {
    "FewStepTestConditioning": FewStepTestConditioning,
    "FewStepTestCapture": FewStepTestCapture,
    "FewStepTestCountCalls": FewStepTestCountCalls,
    "FewStepTestLatent": FewStepTestLatent,
    "FewStepTestLatentImage": FewStepTestLatentImage,
    "FewStepTestMixtureModel": FewStepTestMixtureModel,
    "FewStepTestFlowConditioning": flow.FewStepTestFlowConditioning,
    "FewStepTestFlowModel": flow.FewStepTestFlowModel,
    "FewStepTestLTXVAudioLatent": flow.FewStepTestLTXVAudioLatent,
    "FewStepTestLatentUpscale": flow.FewStepTestLatentUpscale,
    "FewStepTestLatentAudio": flow.FewStepTestLatentAudio,
    "FewStepTestGaussianFlowModel": mixture.FewStepTestGaussianFlowModel,
}
