"""The 2026 reference schedules and step rules in support/references.py, checked against the numbers
their recipes quote (4 decimals) and, for the step rules, small cases worked by hand."""

import pytest
import torch
from diffusers import FlowMatchEulerDiscreteScheduler

from support import references as ref


def close(actual, expected, tol=5e-5):
    actual = torch.as_tensor(actual, dtype=torch.float64)
    expected = torch.as_tensor(expected, dtype=torch.float64)
    assert actual.shape == expected.shape, (actual, expected)
    assert torch.allclose(actual, expected, atol=tol, rtol=0), (actual, expected)


def is_schedule(sigmas):
    assert sigmas.dtype == torch.float32 and sigmas.ndim == 1
    assert float(sigmas[-1]) == 0.0
    assert bool((sigmas[1:] < sigmas[:-1]).all())


@pytest.mark.parametrize("width, height, expected", [
    (1024, 1024, [1, .9474, .8825, .8003, .6928, .5462, .3347, .0030, 0]),
    (832, 1216, [1, .9468, .8812, .7983, .6902, .5431, .3319, .0029, 0]),
    (1536, 1536, [1, .9334, .8538, .7571, .6369, .4835, .2812, .0023, 0]),
])
def test_flux2_dev_turbo(width, height, expected):
    sigmas = ref.flux2_dev_turbo(8, width, height)
    is_schedule(sigmas)
    close(sigmas, expected)


def test_ltx2_distilled_sigmas():
    stage1, stage2 = ref.ltx2_distilled_sigmas()
    is_schedule(stage1)
    is_schedule(stage2)
    close(stage1, [1.0, 0.99375, 0.9875, 0.98125, 0.975, 0.909375, 0.725, 0.421875, 0.0], tol=1e-7)
    close(stage2, [0.909375, 0.725, 0.421875, 0.0], tol=1e-7)


@pytest.mark.parametrize("config", ["ltxv-13b-0.9.8-distilled", "ltxv-2b-0.9.8-distilled"])
def test_ltx_video_distilled_sigmas(config):
    first, second = ref.ltx_video_distilled_sigmas(config)
    is_schedule(first)
    is_schedule(second)
    close(first, [1.0, .9937, .9875, .9812, .975, .9094, .725, 0], tol=1e-7)
    close(second, [.9094, .725, .4219, 0], tol=1e-7)
    # the yaml lists are LTX-2's values to 4 decimals; the first pass stops short of 0.421875
    stage1, stage2 = ref.ltx2_distilled_sigmas()
    close(first[:-1], stage1[:7], tol=6e-5)
    close(second, stage2, tol=6e-5)


def test_ltx2_euler_ancestral_step_by_hand():
    sigmas = torch.tensor([0.8, 0.4, 0.0])
    one, zero = torch.ones(2), torch.zeros(2)
    # eta 1: sigma_down = 0.4 * (1 + (0.4 / 0.8 - 1)) = 0.2; x' = 0.25 x + 0.75 x0;
    # alpha_next / alpha_down = 0.6 / 0.8; renoise = sqrt(0.16 - 0.04 * 0.36 / 0.64) = sqrt(0.1375)
    close(ref.ltx2_euler_ancestral_step(one, zero, sigmas, 0, zero), [0.75 * 0.25] * 2, tol=1e-6)
    close(ref.ltx2_euler_ancestral_step(zero, one, sigmas, 0, zero), [0.75 * 0.75] * 2, tol=1e-6)
    close(ref.ltx2_euler_ancestral_step(zero, zero, sigmas, 0, one), [0.1375 ** 0.5] * 2, tol=1e-6)
    close(ref.ltx2_euler_ancestral_step(zero, zero, sigmas, 0, one, s_noise=0.5), [0.5 * 0.1375 ** 0.5] * 2,
          tol=1e-6)
    # eta 0: plain Euler, x' = (sigma_next / sigma) x + (1 - sigma_next / sigma) x0, no noise needed
    x, x0 = torch.tensor([1.0, 3.0]), torch.tensor([0.0, 1.0])
    close(ref.ltx2_euler_ancestral_step(x, x0, sigmas, 0, None, eta=0.0), [0.5, 2.0], tol=1e-6)
    with pytest.raises(ValueError):
        ref.ltx2_euler_ancestral_step(x, x0, sigmas, 0, None)
    # the last step returns the denoised prediction itself, in the sample's dtype
    out = ref.ltx2_euler_ancestral_step(x.to(torch.bfloat16), x0, sigmas, 1, one)
    assert out.dtype == torch.bfloat16 and torch.equal(out.float(), x0)


def test_minimax_h3_sigmas():
    video, audio = ref.minimax_h3_sigmas(4, 6.0), ref.minimax_h3_sigmas(4, 3.0)
    is_schedule(video)
    is_schedule(audio)
    close(video, [1, .9474, .8571, .6667, 0])
    close(audio, [1, .9, .75, .5, 0])
    with pytest.raises(ValueError):
        ref.minimax_h3_sigmas(0, 6.0)


def test_rcm_sigmas():
    sigmas = ref.rcm_sigmas(4, 80)
    is_schedule(sigmas)
    close(sigmas, [.9877, .9338, .8529, .6090, 0])
    close(ref.rcm_sigmas(4, 200)[0], .9950)
    close(ref.rcm_sigmas(1, 80), [.9877, 0])
    close(ref.rcm_sigmas(2, 80), [.9877, .9338, 0])
    with pytest.raises(ValueError):
        ref.rcm_sigmas(5, 80)


def test_rcm_expert_of_each_step():
    assert ref.rcm_expert_of_each_step(ref.rcm_sigmas(4, 200)) == ["high", "high", "low", "low"]
    assert ref.rcm_expert_of_each_step(ref.rcm_sigmas(1, 200)) == ["high"]
    # once switched, low for good even if a later t_cur were back above the boundary
    assert ref.rcm_expert_of_each_step(torch.tensor([0.95, 0.85, 0.92, 0.0])) == ["high", "low", "low"]


def test_rcm_step_by_hand():
    x, v, noise = torch.tensor([1.0]), torch.tensor([0.5]), torch.tensor([2.0])
    # (1 - 0.5) * (1 - 0.8 * 0.5) + 0.5 * 2 = 1.3
    out = ref.rcm_step(x, v, 0.8, 0.5, noise)
    assert out.dtype == torch.float64
    close(out, [1.3], tol=1e-12)
    # t_next = 0: x0 = x - t_cur * v, the noise is dropped
    close(ref.rcm_step(x, v, torch.tensor(0.8, dtype=torch.float64), 0.0, noise), [0.6], tol=1e-7)


def test_hunyuan_image21_sigmas():
    sigmas = ref.hunyuan_image21_sigmas(8)
    is_schedule(sigmas)
    close(sigmas, [1, .9655, .9231, .8696, .8, .7059, .5714, .3636, 0])


def test_hunyuan_video15_sigmas():
    step_distilled = ref.hunyuan_video15_sigmas(8, 7.0)
    is_schedule(step_distilled)
    close(step_distilled, [1, .98, .9545, .9211, .875, .8077, .7, .5, 0])
    assert len(ref.hunyuan_video15_sigmas(12, 7.0)) == 13
    sr = ref.hunyuan_video15_sigmas(6, 2.0)
    is_schedule(sr)
    close(sr, [1, .9091, .8, .6667, .5, .2857, 0])
    close(ref.hunyuan_video15_sigmas(4, 1.0), [1, .75, .5, .25, 0])


def test_kandinsky5_sigmas():
    sigmas = ref.kandinsky5_sigmas(16)
    is_schedule(sigmas)
    assert len(sigmas) == 17
    # 5 t / (1 + 4 t) at t = 15/16, 1/2, 1/16
    close(sigmas[[1, 8, 15]], [.9868, .8333, .25])


@pytest.mark.parametrize("steps, shift, last", [(28, 6.0, .0348), (16, 3.0, .0089)])
def test_hidream_flash_sigmas(steps, shift, last):
    sigmas = ref.hidream_flash_sigmas(steps, shift)
    is_schedule(sigmas)
    assert len(sigmas) == steps + 1
    close(sigmas[0], 1.0)
    # shift applied twice to 1/1000: once in __init__ (sigma_min), once in set_timesteps
    once = shift * 0.001 / (1 + (shift - 1) * 0.001)
    close(sigmas[-2], shift * once / (1 + (shift - 1) * once), tol=1e-6)
    close(sigmas[-2], last)
    # the same float path as diffusers' FlowMatchEulerDiscreteScheduler(shift=...) with sigmas=None
    scheduler = FlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=shift)
    scheduler.set_timesteps(steps)
    assert torch.equal(scheduler.sigmas, sigmas)


def test_hidream_flash_step_by_hand():
    sigmas = torch.tensor([0.8, 0.5, 0.0])
    x, v, noise = torch.tensor([1.0]), torch.tensor([0.5]), torch.tensor([2.0])
    # denoised = 1 - 0.5 * 0.8 = 0.6; 0.5 * 2 + 0.5 * 0.6 = 1.3
    close(ref.hidream_flash_step(v, sigmas, 0, 2, x, noise), [1.3], tol=1e-6)
    # last step: the input sample comes back unchanged, not the denoised 1.3 - 0.5 * 0.5
    x1 = torch.tensor([1.3])
    close(ref.hidream_flash_step(v, sigmas, 1, 2, x1, noise), [1.3], tol=1e-7)
    out = ref.hidream_flash_step(v.to(torch.bfloat16), sigmas, 0, 2, x, noise)
    assert out.dtype == torch.bfloat16
