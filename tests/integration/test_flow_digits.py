"""The flow digit models in a real ComfyUI: loaded by the pack's loader as Wan 2.1 models (model_base.WAN21
with the Wan config's sampling), sampled by the executor with the pack's lightx2v recipe and the plain KSampler."""

import pytest
import torch

from bench.metric import Metric, confident_share
from harness.comfy_host import PromptError
from harness.graphs import digits, digits_ksampler, digits_recipe

FLOW = ("flow_teacher", "flow_student", "flow_lcm_student")
LIGHTX2V = "Wan2.1 lightx2v StepDistill"


@pytest.fixture
def wan21(host):
    import comfy.model_base

    if not hasattr(comfy.model_base, "WAN21"):
        pytest.skip("this ComfyUI has no Wan 2.1 model class (comfy.model_base.WAN21): no flow digit models")


def run_digits(host, prompt):
    host.run(prompt)
    return host.tiny.CAPTURED.pop("digits")


@pytest.mark.parametrize("name", FLOW)
def test_loader_gives_a_wan21_model_with_the_wan_configs_sampling(host, wan21, name):
    import comfy.model_base
    import comfy.model_sampling
    import comfy.supported_models

    patcher, _ = host.pack_module("nodes.digits").DigitsLoader().load(name)
    sampling = patcher.model.model_sampling
    wan = comfy.supported_models.WAN21_T2V.sampling_settings
    assert type(patcher.model) is comfy.model_base.WAN21
    assert isinstance(sampling, comfy.model_sampling.ModelSamplingDiscreteFlow)
    assert isinstance(sampling, comfy.model_sampling.CONST)
    # the config names the shift (8); the multiplier is ModelSamplingDiscreteFlow's default where it names none
    assert (sampling.shift, sampling.multiplier) == (wan["shift"], wan.get("multiplier", 1000))


@pytest.mark.parametrize("name", FLOW)
def test_loader_output_is_the_shipped_networks_velocity(host, wan21, name):
    """ComfyUI's denoised output is x - sigma v, v the shipped network's at timestep sigma * 1000."""
    patcher, _ = host.pack_module("nodes.digits").DigitsLoader().load(name)
    net = host.pack_module("digits.model").load(name)
    x = torch.randn(3, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    sigma = torch.tensor([1.0, 0.8333, 0.0625])
    denoised = patcher.model.apply_model(x, sigma)
    expected = x - sigma.view(-1, 1, 1, 1) * net(x, sigma * 1000)
    assert torch.equal(denoised, expected)


def test_lightx2v_recipe_through_the_executor_makes_recognisable_digits(host, wan21):
    """FewStepDigitsLoader(flow_student) -> EmptyLatentImage 64x64 x 16 -> the lightx2v recipe (4 steps) ->
    SamplerCustom. The classifier recognises most digits (p >= 0.9, counted per digit, not class-balanced as
    the README's tables): at least 10 of the 16, and over 8 such batches
    (128 digits) at least 75 % (the student's rate at these sigmas in plain torch: 0.88 over 5 x 898 digits;
    binomially, either check fails by chance on under 0.2 % of seed sets)."""
    metric = Metric()
    images = torch.cat([run_digits(host, digits("flow_student", digits_recipe(LIGHTX2V, 4), 16, seed=seed))
                        for seed in range(8)])
    assert images.shape == (8 * 16, 1, 8, 8) and torch.isfinite(images).all()
    assert confident_share(metric.features(images[:16])[1]) >= 10 / 16
    assert confident_share(metric.features(images)[1]) >= 0.75


def test_plain_ksampler_wan_lightning_equals_the_recipe(host, wan21):
    """The dropdown's wan_lightning at 4 steps is LightX2V's list: KSampler + euler gives the recipe's latent."""
    custom = run_digits(host, digits("flow_student", digits_recipe(LIGHTX2V, 4), 4, seed=5))
    plain = run_digits(host, digits("flow_student", digits_ksampler("euler", "wan_lightning", 4), 4, seed=5))
    assert torch.isfinite(plain).all() and torch.equal(plain, custom)


def test_wrong_latent_size_is_named(host, wan21):
    with pytest.raises(PromptError, match="must be 8x8.*got 64x64"):
        host.run(digits("flow_student", digits_recipe(LIGHTX2V, 4), 1, size=512))


def test_flow_models_are_refused_without_wan21(host):
    import comfy.model_base

    if hasattr(comfy.model_base, "WAN21"):
        pytest.skip("this ComfyUI has Wan 2.1: the flow digit models load")
    for name in FLOW:
        with pytest.raises(RuntimeError, match=f"digit model {name}: a flow model.*no Wan 2.1 support"):
            host.pack_module("nodes.digits").DigitsLoader().load(name)
