"""LCM with the consistency boundary condition, exact against diffusers' LCMScheduler."""

import pytest
import torch

from samplers import consistency_timesteps, sample_lcm_exact, sigmas_at_timesteps
from support.fakes import DiscreteSampling, FlowSampling, Wrapped, gaussian_net
from support.parity import lcm_difference

CUSTOM = {"dmd2_4step": [999, 749, 499, 249], "dmd2_1step": [399], "hyper_sdxl_1step": [800],
          "low_end": [999, 499, 99, 9]}


def core_lcm(model, x, sigmas, extra_args=None, callback=None, disable=None, noise_sampler=None):
    """ComfyUI core's `sample_lcm` (x = denoised, then denoised + sigma' z), written out."""
    for i in range(len(sigmas) - 1):
        denoised = model(x, sigmas[i] * x.new_ones([x.shape[0]]))
        if callback is not None:
            callback({"x": x, "i": i})
        x = denoised
        if sigmas[i + 1] > 0:
            x = x + sigmas[i + 1] * noise_sampler(sigmas[i], sigmas[i + 1])
    return x


@pytest.mark.parametrize("prediction", ["eps", "v"])
def test_every_step_matches_diffusers_lcm(prediction, capsys):
    ms = DiscreteSampling(prediction)
    net = gaussian_net(ms, prediction)
    model = Wrapped(ms, net)
    rows = []
    for strength in (1.0, 0.5):
        for steps in (1, 2, 4, 8):
            sigmas = sigmas_at_timesteps(ms, consistency_timesteps(steps, strength))
            schedule = dict(num_inference_steps=steps, strength=strength)
            rows.append((f"grid steps={steps} strength={strength}", lcm_difference(sample_lcm_exact, model, net, schedule, sigmas, prediction)))
    for name, timesteps in CUSTOM.items():
        rows.append((f"custom {name}", lcm_difference(sample_lcm_exact, model, net, dict(timesteps=timesteps),
                                                      sigmas_at_timesteps(ms, timesteps), prediction)))
    sgm = torch.cat([ms.sigma(torch.linspace(999, 0, 9)[:-1]), torch.zeros(1)])
    core_on_sgm = lcm_difference(core_lcm, model, net, dict(num_inference_steps=8), sgm, prediction)
    with capsys.disabled():
        print(f"\nLCM vs diffusers LCMScheduler, {prediction}-prediction, max |diff| (fp32)")
        print("\n".join(f"  {name:<34}{d:.2e}" for name, d in rows))
        print(f"  {'core lcm + sgm_uniform, 8 steps':<34}{core_on_sgm:.2e}  (what users get without the grid)")
    assert max(d for _, d in rows) <= 4e-6  # the README's figure (3.4e-6 measured)
    assert core_on_sgm > 5e-2  # the README's 8.0e-2: core lcm off the grid is far away


def test_boundary_condition_is_what_separates_it_from_core_lcm_at_small_t():
    ms = DiscreteSampling()
    model = Wrapped(ms, gaussian_net(ms))
    x = torch.randn(2, 4, 8, 8, generator=torch.Generator().manual_seed(0)) * 14.6146

    def difference(timesteps):
        sigmas = sigmas_at_timesteps(ms, timesteps)
        runs = []
        for sampler in (sample_lcm_exact, core_lcm):
            generator = torch.Generator().manual_seed(1)
            runs.append(sampler(model, x, sigmas, disable=True,
                                noise_sampler=lambda s, sn: torch.randn(x.shape, generator=generator)))
        return (runs[0] - runs[1]).abs().max().item()

    assert difference([999, 499, 259]) < 1e-5  # c_skip(259) = 3.7e-8
    assert difference([999, 499, 1]) > 5e-4  # c_skip(1) = 2.5e-3, times x - x0 at sigma(1) = 0.04


def test_flow_model_runs_and_ends_at_denoised():
    ms = FlowSampling()
    model = Wrapped(ms, gaussian_net(ms, "flow", mean=0.7, std=0.0))
    x = torch.randn(2, 4, 8, 8, generator=torch.Generator().manual_seed(0))
    out = sample_lcm_exact(model, x, torch.tensor([1.0, 0.6, 0.2, 0.0]), disable=True, extra_args={"seed": 3})
    torch.testing.assert_close(out, torch.full_like(out, 0.7), rtol=0, atol=1e-5)


def test_bad_sigmas_are_named():
    ms = DiscreteSampling()
    with pytest.raises(ValueError, match="strictly decreasing"):
        sample_lcm_exact(Wrapped(ms, gaussian_net(ms)), torch.zeros(1, 4, 8, 8), torch.tensor([1.0, 3.0, 0.0]))
