"""The TCD Sampler node as a user sets it: only `gamma` changed, `gamma_end` left at its default.

That must be a constant gamma: diffusers' TCDScheduler with eta = gamma at every step, through
ComfyUI's own sampling path (comfy.sample.sample_custom, what SamplerCustom runs), and at gamma 0
core euler on any sigmas, on eps, v and flow models. (A ramp is a deliberate gamma_end.)
"""

import pytest
import torch
from diffusers import TCDScheduler

from harness import graphs
from support.parity import diffusers_run

SEED = 23


def node_sampler(host, gamma):
    """The node's SAMPLER with `gamma` set and gamma_end at the default its INPUT_TYPES declares."""
    node = host.nodes.NODE_CLASS_MAPPINGS["FewStepSamplerTCD"]
    default_end = node.INPUT_TYPES()["required"]["gamma_end"][1]["default"]
    return node().get_sampler(gamma, default_end)[0]


@pytest.mark.parametrize("kind", ["eps", "v"])
@pytest.mark.parametrize("gamma", [0.0, 0.3, 0.7, 1.0])
def test_gamma_alone_equals_diffusers_tcd_with_that_eta_at_every_step(host, kind, gamma):
    import comfy.sample

    patcher = host.load_unet(f"tiny_{kind}.safetensors")
    unet = patcher.model.diffusion_model
    context = torch.randn((1, 77, graphs.CONTEXT[kind]), generator=torch.Generator().manual_seed(0))
    net = lambda x, t: unet(x, t.float(), context=context.expand(x.shape[0], -1, -1)).detach()
    sigmas = host.nodes.NODE_CLASS_MAPPINGS["FewStepTCDScheduler"]().get_sigmas(patcher, steps=4, strength=1.0)[0]
    noise = comfy.sample.prepare_noise(torch.zeros((1, 4, 8, 8)), SEED)
    seen = []
    with torch.no_grad():
        final = comfy.sample.sample_custom(
            patcher, noise, 1.0, node_sampler(host, gamma), sigmas, [[context, {}]], [[context, {}]],
            torch.zeros_like(noise), callback=lambda i, x0, x, total: seen.append(x.clone()), disable_pbar=True,
            seed=SEED)
    ours = [x / (1 + s**2) ** 0.5 for x, s in zip(seen[1:], sigmas[1:])] + [patcher.model.process_latent_in(final)]
    # per-step noise: the pack's samplers seed their CPU generator with seed + 1 (samplers/noise.py)
    theirs = diffusers_run(TCDScheduler, net, dict(num_inference_steps=4), noise, SEED + 1, kind, eta=gamma)
    assert len(ours) == len(theirs) == 4
    for step, (a, b) in enumerate(zip(ours, theirs)):
        # a random UNet predicts eps ~ 0, so the samples grow large: 1e-5 of their scale
        assert (a - b).abs().max().item() <= 1e-5 * max(1.0, b.abs().max().item()), (step, gamma)


@pytest.mark.parametrize("kind, schedulers", [("eps", ["karras", "sgm_uniform", "exponential"]),
                                              ("v", ["karras", "simple"]), ("flow", ["simple", "normal", "beta"])])
def test_gamma_zero_alone_is_core_euler_on_any_sigmas(host, kinds, kind, schedulers):
    if kind not in kinds:
        pytest.skip(f"{host.name} has no {kind} model type")
    for scheduler in schedulers:
        results = {}
        for name, sampler in (("tcd", {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": 0.0, "gamma_end": -1.0}}),
                              ("euler", {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "euler"}})):
            prompt = graphs.sampler_custom(sampler, {"class_type": "BasicScheduler", "inputs": {
                "scheduler": scheduler, "steps": 6, "denoise": 1.0}}, kind=kind, seed=SEED, label=name)
            host.run(prompt)
            results[name] = host.tiny.CAPTURED.pop(name)
        scale = max(1.0, results["euler"].abs().max().item())
        assert (results["tcd"] - results["euler"]).abs().max().item() <= 1e-5 * scale, scheduler


def test_a_ramp_is_a_deliberate_gamma_end_and_a_bad_one_is_named(host):
    node = host.nodes.NODE_CLASS_MAPPINGS["FewStepSamplerTCD"]()
    assert node.get_sampler(0.5, 0.1)[0].extra_options == {"gamma": 0.5, "gamma_end": 0.1}
    assert node.get_sampler(0.5, -1.0)[0].extra_options == {"gamma": 0.5}
    with pytest.raises(ValueError, match=r"gamma_end: -1 \(the same as gamma\) or a number in \[0, 1\], got -0.5"):
        node.get_sampler(0.5, -0.5)
