"""Tiny models of ComfyUI's real flow-model classes (harness/tiny_models/flow.py) through the real
UNETLoader, the family's empty-latent node and KSampler, in the host booted by conftest."""

import inspect

import pytest
import torch

FAMILIES = ["flux", "flux_schnell", "flux2", "sd3", "qwen_image", "wan21", "zimage"]
SIZE = 64  # pixels


@pytest.fixture(scope="module")
def flow(host, tmp_path_factory):
    """The tiny flow models of every family this host has, in a model folder of its UNETLoader."""
    import comfy.model_base

    if not hasattr(comfy.model_base.ModelType, "FLOW"):
        pytest.skip(f"{host.name} has no flow model types")
    folder = tmp_path_factory.mktemp("flow_unet")
    for family in host.tiny.flow.FAMILIES:
        host.tiny.flow.write_unet(folder / f"tiny_flow_{family}.safetensors", family)
    host.add_model_dir(folder, "unet")
    return host.tiny.flow, folder


def family_spec(host, flow, family):
    if family not in flow.FAMILIES:
        pytest.skip(f"{host.name} has no {family} model class")
    return flow.FAMILIES[family]


def expected_sampling(spec):
    """The model_sampling class and settings the family's own config gives (comfy/supported_models.py),
    with the sampling class's defaults (comfy/model_sampling.py) for settings it leaves out."""
    import comfy.model_sampling
    import comfy.supported_models

    cls = {"FLUX": comfy.model_sampling.ModelSamplingFlux,
           "FLOW": comfy.model_sampling.ModelSamplingDiscreteFlow}[spec["model_type"]]
    defaults = {name: p.default for name, p in inspect.signature(cls.set_parameters).parameters.items()
                if name in ("shift", "multiplier")}
    settings = getattr(comfy.supported_models, spec["config"]).sampling_settings
    return cls, {name: settings.get(name, default) for name, default in defaults.items()}


@pytest.mark.parametrize("family", FAMILIES)
def test_loads_as_the_family(host, flow, family):
    import comfy.supported_models
    import comfy.utils

    module, folder = flow
    spec = family_spec(host, module, family)
    patcher = host.load_unet(f"tiny_flow_{family}.safetensors")
    model = patcher.model
    assert type(model).__name__ == spec["model_base"]
    assert isinstance(model.model_config, getattr(comfy.supported_models, spec["config"]))
    assert model.model_type.name == spec["model_type"]
    assert model.latent_format.latent_channels == spec["latent_channels"]
    cls, settings = expected_sampling(spec)
    sampling = patcher.get_model_object("model_sampling")
    assert isinstance(sampling, cls)
    for name, value in settings.items():
        assert getattr(sampling, name) == pytest.approx(value), name
    written = comfy.utils.load_torch_file(str(folder / f"tiny_flow_{family}.safetensors"))
    loaded = model.diffusion_model.state_dict()
    assert set(loaded) == set(written)  # every weight found its place: no size was guessed wrong
    assert all(torch.equal(loaded[k].float(), v.float()) for k, v in written.items())


@pytest.mark.parametrize("family", FAMILIES)
def test_ksampler_runs_the_family(host, flow, family):
    import comfy.supported_models

    module, _ = flow
    spec = family_spec(host, module, family)
    latent = {"width": SIZE, "height": SIZE, "batch_size": 1}
    if spec.get("video"):
        latent["length"] = 1
    label = f"flow_{family}"
    host.run({
        "unet": {"class_type": "UNETLoader",
                 "inputs": {"unet_name": f"tiny_flow_{family}.safetensors", "weight_dtype": "default"}},
        "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
        "latent": {"class_type": spec["latent_node"], "inputs": latent},
        "sample": {"class_type": "KSampler", "inputs": {
            "model": ["unet", 0], "seed": 1, "steps": 2, "cfg": 1.0, "sampler_name": "euler", "scheduler": "simple",
            "positive": ["cond", 0], "negative": ["cond", 0], "latent_image": ["latent", 0], "denoise": 1.0}},
        "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}},
    })
    out = host.tiny.CAPTURED.pop(label)
    side = SIZE // spec["downscale"]
    # A 3-D latent format (Wan21's, which Qwen-Image shares) samples a 1-frame video (comfy/sample.py)
    frames = [1] if getattr(comfy.supported_models, spec["config"]).latent_format.latent_dimensions == 3 else []
    assert list(out.shape) == [1, spec["latent_channels"], *frames, side, side]
    assert torch.isfinite(out).all() and out.abs().max() > 0
