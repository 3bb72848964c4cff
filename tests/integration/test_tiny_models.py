"""The tiny models of harness/tiny_models through ComfyUI's real loaders and executor, in the host
booted by conftest: the tiny SDXL checkpoint as class SDXL through CheckpointLoaderSimple, LoraLoader,
CLIPTextEncode, KSampler, VAEDecode and SaveImage; each flow family's tiny LoRA through
LoraLoaderModelOnly; the 2026 families' tiny models through their loader and KSampler, and their exact
analytic models through SamplerCustom against an Euler loop; and FewStepTestLatentImage, which saves any
latent as an image."""

import pytest
import torch

from harness import graphs
from harness.host import HOSTS

SIZE = 64  # pixels
LORA_FAMILIES = ["flux", "flux_schnell", "flux2", "sd3", "qwen_image", "wan21", "zimage"]
NEW_FAMILIES = ["wan22_i2v", "ltxv", "ltxav", "minimax_h3", "hunyuan_image21", "hunyuan_video15",
                "hunyuan_video15_sr", "hidream", "kandinsky5"]
FLOW_FAMILIES = LORA_FAMILIES + NEW_FAMILIES
# what a host that has flow models lacks of them, by class (harness/host.py declares the hosts without any)
LACKS = {"comfyui-0.3.75": {"ltxav": "LTXAV", "minimax_h3": "MiniMaxH3", "kandinsky5": "Kandinsky5"}}


def lora_coverage(lora_file, key_map):
    """(LoRA modules that comfy/lora.py load_lora finds a weight for, LoRA modules in the file)."""
    import comfy.lora
    import comfy.utils

    lora = comfy.utils.load_torch_file(str(lora_file))
    modules = [k[:-len(".lora_up.weight")] for k in lora if k.endswith(".lora_up.weight")]
    return len(comfy.lora.load_lora(lora, key_map)), len(modules)


def saved_images(host, outputs, node):
    from PIL import Image

    folder = host.folder_paths.get_output_directory()
    return [Image.open(f"{folder}/{image['subfolder']}/{image['filename']}") for image in outputs[node]["images"]]


# --- the tiny SDXL --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sdxl(host, tmp_path_factory):
    """The tiny SDXL checkpoint and its LoRA (UNet and both text encoders) in model folders of the host."""
    import comfy.sd

    folder = tmp_path_factory.mktemp("tiny_sdxl")
    checkpoints, loras = folder / "checkpoints", folder / "loras"
    checkpoints.mkdir()
    loras.mkdir()
    checkpoint = host.tiny.write_sdxl_checkpoint(checkpoints / "tiny_sdxl.safetensors")
    with torch.no_grad():
        model, clip = comfy.sd.load_checkpoint_guess_config(str(checkpoint))[:2]
    lora = host.tiny.write_lora(loras / "tiny_sdxl_lora.safetensors", model, clip=clip)
    host.add_model_dir(checkpoints, "checkpoints")
    host.add_model_dir(loras, "loras")
    return checkpoint, lora


def sdxl_prompt(cfg=1.0, strength_model=1.0, strength_clip=1.0, label="sdxl"):
    """An SDXL example workflow's graph (CheckpointLoaderSimple -> LoraLoader -> CLIPTextEncode x2 ->
    EmptyLatentImage -> KSampler -> VAEDecode -> SaveImage), with the sampled latent captured."""
    return {
        "ckpt": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "tiny_sdxl.safetensors"}},
        "lora": {"class_type": "LoraLoader", "inputs": {
            "model": ["ckpt", 0], "clip": ["ckpt", 1], "lora_name": "tiny_sdxl_lora.safetensors",
            "strength_model": strength_model, "strength_clip": strength_clip}},
        "pos": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["lora", 1], "text": "a red fox in the snow"}},
        "neg": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["lora", 1], "text": "blurry"}},
        "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": SIZE, "height": SIZE, "batch_size": 1}},
        "sample": {"class_type": "KSampler", "inputs": {
            "model": ["lora", 0], "seed": 1, "steps": 2, "cfg": cfg, "sampler_name": "euler", "scheduler": "simple",
            "positive": ["pos", 0], "negative": ["neg", 0], "latent_image": ["latent", 0], "denoise": 1.0}},
        "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}},
        "decode": {"class_type": "VAEDecode", "inputs": {"samples": ["sample", 0], "vae": ["ckpt", 2]}},
        "save": {"class_type": "SaveImage", "inputs": {"images": ["decode", 0], "filename_prefix": label}},
    }


def test_sdxl_checkpoint_loads_as_sdxl(host, sdxl):
    import comfy.latent_formats
    import comfy.model_base
    import comfy.model_sampling
    import comfy.supported_models
    import comfy.utils

    checkpoint, _ = sdxl
    with torch.no_grad():
        model, clip, vae = host.nodes.CheckpointLoaderSimple().load_checkpoint(checkpoint.name)[:3]
    base = model.model
    assert type(base) is comfy.model_base.SDXL
    assert isinstance(base.model_config, comfy.supported_models.SDXL)
    assert base.model_type == comfy.model_base.ModelType.EPS
    assert isinstance(base.latent_format, comfy.latent_formats.SDXL)
    sampling = base.model_sampling  # no patches that replace it (2024-03's ModelPatcher has no get_model_object)
    assert isinstance(sampling, comfy.model_sampling.ModelSamplingDiscrete)
    assert isinstance(sampling, comfy.model_sampling.EPS)

    # every weight found its place: UNet and both text encoders (CLIP-G from OpenCLIP keys)
    written = comfy.utils.load_torch_file(str(checkpoint))
    unet = {k[len("model.diffusion_model."):]: v for k, v in written.items() if k.startswith("model.diffusion_model.")}
    loaded = base.diffusion_model.state_dict()
    assert set(loaded) == set(unet)
    assert all(torch.equal(loaded[k], v.to(loaded[k].dtype)) for k, v in unet.items())
    text = clip.cond_stage_model.state_dict()
    for name, value in host.tiny.sdxl_clip_state().items():
        assert torch.equal(text[name], value.to(text[name].dtype)), name

    # the tiny pooled CLIP-G output plus SDXL's six size embeddings fill the UNet's adm input
    with torch.no_grad():
        cond, pooled = clip.encode_from_tokens(clip.tokenize("a red fox"), return_pooled=True)
        adm = base.encode_adm(pooled_output=pooled, width=SIZE, height=SIZE)
        image = vae.decode(torch.randn(1, 4, SIZE // 8, SIZE // 8))
    assert cond.shape[-1] == base.model_config.unet_config["context_dim"]  # CLIP-L and CLIP-G side by side
    assert adm.shape == (1, base.diffusion_model.label_emb[0][0].weight.shape[1])
    assert image.shape[-3:] == (SIZE, SIZE, 3)


def test_sdxl_lora_matches_the_model(host, sdxl):
    import comfy.lora

    checkpoint, lora = sdxl
    with torch.no_grad():
        model, clip = host.nodes.CheckpointLoaderSimple().load_checkpoint(checkpoint.name)[:2]
    key_map = comfy.lora.model_lora_keys_unet(model.model, {})
    key_map = comfy.lora.model_lora_keys_clip(clip.cond_stage_model, key_map)
    found, modules = lora_coverage(lora, key_map)
    assert found == modules > 8  # UNet and text encoder weights, none left over


@pytest.mark.parametrize("cfg", [1.0, 2.0])
def test_sdxl_workflow_runs(host, sdxl, cfg):
    label = f"tiny_sdxl_cfg{cfg:g}"
    outputs = host.run(sdxl_prompt(cfg=cfg, label=label))
    latent = host.tiny.CAPTURED.pop(label)
    assert list(latent.shape) == [1, 4, SIZE // 8, SIZE // 8]
    assert torch.isfinite(latent).all() and latent.abs().max() > 0
    images = saved_images(host, outputs, "save")
    assert [image.size for image in images] == [(SIZE, SIZE)]


@pytest.mark.parametrize("strengths", [(1.0, 1.0), (0.0, 1.0)], ids=["model_and_clip", "clip_only"])
def test_sdxl_lora_changes_the_latent(host, sdxl, strengths):
    host.run(sdxl_prompt(strength_model=strengths[0], strength_clip=strengths[1], label="lora_on"))
    host.run(sdxl_prompt(strength_model=0.0, strength_clip=0.0, label="lora_off"))
    on, off = host.tiny.CAPTURED.pop("lora_on"), host.tiny.CAPTURED.pop("lora_off")
    assert torch.isfinite(on).all()
    assert not torch.allclose(on, off, atol=1e-4)


# --- LoRAs of the tiny flow models ----------------------------------------------------------------

@pytest.fixture(scope="module")
def flow(host, tmp_path_factory):
    """Each flow family's tiny model (those UNETLoader loads) and the first families' tiny LoRAs in model
    folders of the host."""
    import comfy.model_base

    if not hasattr(comfy.model_base.ModelType, "FLOW"):
        pytest.skip(f"{host.name} has no flow model types")
    folder = tmp_path_factory.mktemp("tiny_flow_loras")
    unets, loras = folder / "unet", folder / "loras"
    unets.mkdir()
    loras.mkdir()
    module = host.tiny.flow
    for family, spec in module.FAMILIES.items():
        if not spec.get("direct"):
            module.write_unet(unets / f"lora_test_{family}.safetensors", family)
        if family in LORA_FAMILIES:
            module.write_lora(loras / f"tiny_lora_{family}.safetensors", family)
    host.add_model_dir(unets, "unet")
    host.add_model_dir(loras, "loras")
    return module, loras


def test_the_host_has_every_flow_class_or_is_declared_without_them(host):
    """The flow tests skip a family only where ComfyUI lacks its class; which hosts may lack them is declared
    (harness/host.py `flow_models`, LACKS), so a newer ComfyUI that dropped or renamed one fails here instead."""
    expected = set(FLOW_FAMILIES) - set(LACKS.get(host.name, {})) if HOSTS[host.name].flow_models else set()
    assert set(host.tiny.flow.FAMILIES) == expected


def family_spec(host, module, family):
    if family not in module.FAMILIES:
        pytest.skip(f"{host.name} has no {module._FAMILIES[family]['config']} model class")
    return module.FAMILIES[family]


def flow_prompt(family, spec, tail, length=1):
    """UNETLoader -> (tail's nodes) with the family's conditioning and empty latent."""
    latent = {"width": SIZE, "height": SIZE, "batch_size": 1}
    if spec.get("video"):
        latent["length"] = length
    return {
        "unet": {"class_type": "UNETLoader",
                 "inputs": {"unet_name": f"lora_test_{family}.safetensors", "weight_dtype": "default"}},
        "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
        "latent": {"class_type": spec["latent_node"], "inputs": latent},
        **tail,
    }


def sample(model, steps=2):
    return {"class_type": "KSampler", "inputs": {
        "model": model, "seed": 1, "steps": steps, "cfg": 1.0, "sampler_name": "euler", "scheduler": "simple",
        "positive": ["cond", 0], "negative": ["cond", 0], "latent_image": ["latent", 0], "denoise": 1.0}}


@pytest.mark.parametrize("family", LORA_FAMILIES)
def test_flow_lora_changes_the_latent(host, flow, family):
    import comfy.lora

    module, loras = flow
    spec = family_spec(host, module, family)
    found, modules = lora_coverage(loras / f"tiny_lora_{family}.safetensors",
                                   comfy.lora.model_lora_keys_unet(host.load_unet(f"lora_test_{family}.safetensors").model, {}))
    assert found == modules > 0
    latents = {}
    for strength in (1.0, 0.0):
        host.run(flow_prompt(family, spec, {
            "lora": {"class_type": "LoraLoaderModelOnly", "inputs": {
                "model": ["unet", 0], "lora_name": f"tiny_lora_{family}.safetensors", "strength_model": strength}},
            "sample": sample(["lora", 0]),
            "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": "flow_lora"}},
        }))
        latents[strength] = host.tiny.CAPTURED.pop("flow_lora")
    assert torch.isfinite(latents[1.0]).all()
    assert not torch.allclose(latents[1.0], latents[0.0], atol=1e-4)


# --- the 2026 families -----------------------------------------------------------------------------

def streams(latent):
    return latent if isinstance(latent, list) else [latent]


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_new_family_loads_as_its_class_and_samples(host, flow, family):
    """Each 2026 family's tiny model loads as its real class through its route (UNETLoader, or the test node
    where detection cannot size it), with every weight in place, and KSampler samples its empty latent (both
    streams of an audio-video one) to a finite latent of that shape."""
    import comfy.supported_models
    import comfy.utils

    module, _ = flow
    spec = family_spec(host, module, family)
    name = f"lora_test_{family}.safetensors"
    if spec.get("direct"):
        loader = {"class_type": "FewStepTestFlowModel", "inputs": {"family": family, "seed": 0}}
        patcher = host.call_node("FewStepTestFlowModel", family=family, seed=0)[0]
        written = module._state(family, 0)
    else:
        loader = {"class_type": "UNETLoader", "inputs": {"unet_name": name, "weight_dtype": "default"}}
        patcher = host.load_unet(name)
        written = comfy.utils.load_torch_file(str(host.folder_paths.get_full_path("unet", name)))
    assert type(patcher.model).__name__ == spec["model_base"]
    assert isinstance(patcher.model.model_config, getattr(comfy.supported_models, spec["config"]))  # or a tiny subclass
    assert patcher.model.model_type.name == spec["model_type"]
    loaded = patcher.model.diffusion_model.state_dict()
    assert set(loaded) == set(written)
    assert all(torch.equal(loaded[k].float(), v.float()) for k, v in written.items())

    host.run({"model": loader, **graphs.flow_latent(family, spec, SIZE),
              "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
              "sample": sample(["model", 0]),
              "empty": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["latent", 0], "label": f"{family}_0"}},
              "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": family}}})
    empty, out = streams(host.tiny.CAPTURED.pop(f"{family}_0")), streams(host.tiny.CAPTURED.pop(family))
    assert [x.shape for x in out] == [x.shape for x in empty]
    assert list(out[0].shape[:2]) == [1, spec["latent_channels"]] and out[0].shape[-1] == SIZE // spec["downscale"]
    assert len(out) == (2 if spec.get("audio") else 1)
    assert all(torch.isfinite(x).all() and x.abs().max() > 0 for x in out)


ANALYTIC = ["ltxv", "ltxav", "minimax_h3", "hunyuan_image21", "hunyuan_video15", "hidream", "kandinsky5"]
MINIMAX_SHIFTS = (6.0, 3.0)  # lightx2v's 4-step LoRA: video 6, audio 3 (the class's own: 12 / 3)


@pytest.mark.parametrize("family", ANALYTIC)
def test_analytic_model_of_new_family_follows_euler_through_the_executor(host, family):
    """FewStepTestGaussianFlowModel in each 2026 family's real class through KSampler (euler, `simple` on the
    model's own sampling) equals an Euler loop on the same network from the same noise, every stream: LTX-2's
    audio at the video's sigma, MiniMax-H3's (shifts set by MiniMaxH3SigmaShift) at the audio sigma the DiT
    derives from the two shifts, out of the executor's carry of it on the video schedule."""
    mixture, steps = host.tiny.mixture, 4
    if family not in mixture.FLOW_CLASSES:
        pytest.skip(f"{host.name} has no {host.tiny.flow._FAMILIES[family]['config']} model class")
    import comfy.nested_tensor  # a 2026 module, as are the classes above
    import comfy.sample
    import comfy.samplers

    spec = host.tiny.flow.FAMILIES[family]
    model = host.call_node("FewStepTestGaussianFlowModel", family=family, mean=0.3, std=0.5)[0]
    nodes = {"model": {"class_type": "FewStepTestGaussianFlowModel", "inputs": {"family": family, "mean": 0.3,
                                                                               "std": 0.5}}}
    if family == "minimax_h3":
        shifts = dict(zip(("shift_video", "shift_audio"), MINIMAX_SHIFTS))
        model = host.call_node("MiniMaxH3SigmaShift", model=model, **shifts)[0]
        nodes["shift"] = {"class_type": "MiniMaxH3SigmaShift", "inputs": {"model": ["model", 0], **shifts}}
    latent = (graphs.flow_latent(family, spec, SIZE) if spec.get("audio")  # the analytic model's latents are the data: 4 channels
              else {"latent": {"class_type": "EmptyLatentImage", "inputs": {"width": SIZE, "height": SIZE, "batch_size": 1}}})
    label = f"analytic_{family}"
    host.run({**nodes, **latent,
              "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
              "sample": sample(["shift" if "shift" in nodes else "model", 0], steps),
              "empty": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["latent", 0], "label": label + "_0"}},
              "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}}})
    empty, ours = streams(host.tiny.CAPTURED.pop(label + "_0")), streams(host.tiny.CAPTURED.pop(label))

    sigmas = comfy.samplers.calculate_sigmas(model.get_model_object("model_sampling"), "simple", steps)
    per_stream = [sigmas] * len(empty)
    if family == "minimax_h3":
        from comfy.ldm.minimax.model import time_shift_sigma

        per_stream[1] = time_shift_sigma(sigmas, *MINIMAX_SHIFTS)
    noise = comfy.sample.prepare_noise(comfy.nested_tensor.NestedTensor(empty) if len(empty) > 1 else empty[0], 1)
    net = mixture.GaussianVelocity(0.3, 0.5, 1.0)
    for x, stream_noise, sig, out in zip(empty, streams(list(noise.unbind()) if len(empty) > 1 else noise),
                                         per_stream, ours):
        x = sig[0] * stream_noise + (1 - sig[0]) * x
        for s, s_next in zip(sig[:-1], sig[1:]):
            x = x + (s_next - s) * net.velocity(x, s.view(1))
        assert out.shape == x.shape
        assert (out - x).abs().max() <= 1e-5


# --- FewStepTestLatentImage -----------------------------------------------------------------------

@pytest.mark.parametrize("shape, images", [([2, 4, 8, 8], 2), ([1, 16, 3, 8, 8], 3), ([1, 128, 4, 4], 1)])
def test_latent_image_node(host, shape, images):
    node = host.nodes.NODE_CLASS_MAPPINGS["FewStepTestLatentImage"]()
    (image,) = node.convert({"samples": torch.randn(shape)})
    assert list(image.shape) == [images, *shape[-2:], 3]
    assert image.min() >= 0 and image.max() <= 1


@pytest.mark.parametrize("family, frames", [("wan21", 2), ("flux2", 1)])
def test_latent_image_saves_sampled_latents(host, flow, family, frames):
    """A Wan 2.1 video latent (5 frames -> 2 latent frames) and a 128-channel FLUX.2 latent, sampled
    by the tiny model and saved as images: one per latent frame, one pixel per latent pixel."""
    module, _ = flow
    spec = family_spec(host, module, family)
    outputs = host.run(flow_prompt(family, spec, {
        "sample": sample(["unet", 0]),
        "image": {"class_type": "FewStepTestLatentImage", "inputs": {"samples": ["sample", 0]}},
        "save": {"class_type": "SaveImage", "inputs": {"images": ["image", 0], "filename_prefix": f"latent_{family}"}},
    }, length=5))
    side = SIZE // spec["downscale"]
    assert [image.size for image in saved_images(host, outputs, "save")] == [(side, side)] * frames
