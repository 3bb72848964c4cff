"""TCD against diffusers on ComfyUI's real model sampling objects, with an analytic network
and with the tiny UNet loaded by ComfyUI's UNETLoader."""

import logging

import pytest
import torch

from support.fakes import Wrapped, gaussian_net
from support.parity import tcd_difference

logging.getLogger("diffusers").setLevel(logging.ERROR)

SCHEDULES = {"grid_4": dict(num_inference_steps=4), "grid_8_half": dict(num_inference_steps=8, strength=0.5),
             "ays_sd15": dict(timesteps=[999, 850, 736, 645, 545, 455, 343, 233, 124, 24])}


def comfy_model(host, kind):
    patcher = host.load_unet(f"tiny_{kind}.safetensors")
    return patcher, host.pack_module("nodes.common").model_sampling(patcher)


def our_sigmas(host, ms, schedule):
    sched = host.pack_module("samplers.schedules")
    if "timesteps" in schedule:
        return sched.sigmas_at_timesteps(ms, schedule["timesteps"])
    return sched.tcd_sigmas(ms, schedule["num_inference_steps"], schedule.get("strength", 1.0))


@pytest.mark.parametrize("kind", ["eps", "v"])
@pytest.mark.parametrize("network", ["analytic", "tiny_unet"])
def test_tcd_matches_diffusers_on_real_model_sampling(host, kind, network, capsys):
    patcher, ms = comfy_model(host, kind)
    if network == "analytic":
        net = gaussian_net(ms, kind)
    else:
        unet = patcher.model.diffusion_model
        context = torch.randn(1, 77, {"eps": 64, "v": 48}[kind], generator=torch.Generator().manual_seed(0))
        # A random UNet predicts eps ~ 0 (x0 then grows 15x at t=999); the residual gives its
        # prediction the unit scale a trained model's has, so 1e-5 means what it says.
        net = lambda x, t: x + unet(x, t.float(), context=context.expand(x.shape[0], -1, -1)).detach()
    model = Wrapped(ms, net)
    sample_tcd = host.pack_module("samplers").sample_tcd
    rows = []
    for name, schedule in SCHEDULES.items():
        rows.append((name, [tcd_difference(sample_tcd, model, net, schedule, our_sigmas(host, ms, schedule),
                                                gamma, kind) for gamma in (0.0, 0.3, 1.0)]))
    with capsys.disabled():
        print(f"\n{type(ms).__name__} {kind} {network}: max |diff| vs diffusers at gamma 0 / 0.3 / 1")
        for name, diffs in rows:
            print(f"  {name:<14}" + "".join(f"{d:<11.2e}" for d in diffs))
    assert max(max(d) for _, d in rows) <= 1e-5
