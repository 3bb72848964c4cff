"""The TCD / LCM timestep grid against diffusers' set_timesteps."""

import pytest
import torch
from diffusers import LCMScheduler, TCDScheduler

from samplers import consistency_timesteps, sigmas_at_timesteps, tcd_sigmas
from support.fakes import DiscreteSampling, FlowSampling


def reference(scheduler_cls, steps, strength):
    sched = scheduler_cls(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012)
    try:
        sched.set_timesteps(steps, strength=strength)
    except ValueError:
        return None
    return sched.timesteps.tolist()


@pytest.mark.parametrize("scheduler_cls", [TCDScheduler, LCMScheduler])
@pytest.mark.parametrize("strength", [1.0, 0.5, 0.3, 0.77])
def test_grid_equals_diffusers_for_every_step_count(scheduler_cls, strength):
    for steps in range(1, 51):
        expected = reference(scheduler_cls, steps, strength)
        if expected is None:
            with pytest.raises(ValueError, match="steps"):
                consistency_timesteps(steps, strength)
        else:
            assert consistency_timesteps(steps, strength) == expected, steps


def test_published_lists():
    assert consistency_timesteps(4) == [999, 759, 499, 259]
    assert consistency_timesteps(4, strength=0.5) == [499, 379, 259, 139]
    assert consistency_timesteps(1) == [999]


def test_sigmas_are_the_models_own_and_end_in_zero():
    ms = DiscreteSampling()
    sigmas = tcd_sigmas(ms, 4)
    assert sigmas.shape == (5,) and sigmas[-1] == 0
    torch.testing.assert_close(sigmas[:-1], ms.sigmas[[999, 759, 499, 259]], rtol=1e-6, atol=0)
    assert sigmas[0].item() == pytest.approx(14.6146, abs=1e-4)


@pytest.mark.parametrize("kwargs, match", [
    (dict(steps=0), "steps"),
    (dict(steps=-3), "steps"),
    (dict(steps=2.5), "steps"),
    (dict(steps=51), "steps: 51"),
    (dict(steps=4, strength=1.5), "strength"),
    (dict(steps=4, strength=0.05), "steps: 4 is more than the 2 grid timesteps"),
])
def test_bad_input_is_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        consistency_timesteps(**kwargs)


from diffusers import DDIMScheduler, EulerDiscreteScheduler  # noqa: E402
from diffusers.schedulers.scheduling_utils import AysSchedules  # noqa: E402

from samplers.schedules import (  # noqa: E402
    AYS_SVD_SIGMAS, AYS_TIMESTEPS, ays_sigmas, partial_denoise, parse_timesteps, trailing_sigmas, trailing_timesteps)

SD = dict(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012)


def test_trailing_equals_diffusers_ddim_and_euler_for_every_step_count():
    ms = DiscreteSampling()
    ddim = DDIMScheduler(**SD, timestep_spacing="trailing")
    euler = EulerDiscreteScheduler(**SD, timestep_spacing="trailing")
    for steps in range(1, 51):
        ddim.set_timesteps(steps)
        euler.set_timesteps(steps)
        assert trailing_timesteps(steps) == ddim.timesteps.tolist() == euler.timesteps.int().tolist(), steps
        ours = trailing_sigmas(ms, steps)
        torch.testing.assert_close(ours[:-1], ms.sigmas[trailing_timesteps(steps)], rtol=2e-7, atol=0)
        # the rest is the noise tables': ComfyUI computes alphas_cumprod in float64, diffusers in
        # float32 (1.3e-5 relative at most, at t = 0; checked below)
        torch.testing.assert_close(ours, euler.sigmas.float(), rtol=1.3e-5, atol=0)
    assert trailing_timesteps(4) == [999, 749, 499, 249]
    assert trailing_timesteps(3) == [999, 666, 332]


def test_trailing_has_the_steps_asked_for_at_every_step_count():
    """diffusers' arange overshoots at 61, 103, ... steps (one more timestep, -1): ours stops at `steps`."""
    ddim = DDIMScheduler(**SD, timestep_spacing="trailing")
    overshoots = 0
    for steps in range(1, 1001):
        ddim.set_timesteps(steps)
        theirs = ddim.timesteps.tolist()
        overshoots += len(theirs) == steps + 1 and theirs[-1] == -1
        assert trailing_timesteps(steps) == theirs[:steps], steps
    assert overshoots == 62
    assert trailing_timesteps(61)[-1] == 15


def test_noise_tables_of_comfyui_and_diffusers_differ_by_float32_rounding_only():
    euler = EulerDiscreteScheduler(**SD)
    theirs = ((1 - euler.alphas_cumprod) / euler.alphas_cumprod) ** 0.5
    rel = ((DiscreteSampling().sigmas - theirs) / theirs).abs()
    assert rel.max().item() < 1.3e-5 and rel[1:].max().item() < 5e-6


def test_ays_timesteps_are_diffusers_tables_and_ten_steps_give_the_table():
    assert AYS_TIMESTEPS["SD1"][:-1] == AysSchedules["StableDiffusionTimesteps"]
    assert AYS_TIMESTEPS["SDXL"][:-1] == AysSchedules["StableDiffusionXLTimesteps"]
    ms = DiscreteSampling()
    for model, paper in (("SD1", AysSchedules["StableDiffusionSigmas"]), ("SDXL", AysSchedules["StableDiffusionXLSigmas"])):
        ours = ays_sigmas(ms, 10, model)
        torch.testing.assert_close(ours[:-1], ms.sigmas[AYS_TIMESTEPS[model][:-1]], rtol=1e-6, atol=0)
        assert ours[-1] == 0
        # the paper's continuous sigmas differ from the model's own by up to 1.4% (documented choice)
        rel = ((ours[:-1] - torch.tensor(paper[:-1])) / torch.tensor(paper[:-1])).abs().max().item()
        assert rel < 0.015
    svd = ays_sigmas(None, 10, "SVD")
    assert svd[:-1].tolist() == pytest.approx(AysSchedules["StableDiffusionVideoSigmas"][:-1]) and svd[-1] == 0


@pytest.mark.parametrize("model", ["SD1", "SDXL", "SVD"])
def test_ays_is_smooth_and_strictly_decreasing_at_any_step_count(model):
    ms = DiscreteSampling()
    for steps in range(5, 51):
        sigmas = ays_sigmas(ms, steps, model)
        assert len(sigmas) == steps + 1 and sigmas[-1] == 0
        assert (sigmas.diff() < 0).all()
        # each value lies between the two table entries it falls between (the interpolation itself is
        # compared with ComfyUI's node in tests/integration/test_recipes.py)
        table = AYS_SVD_SIGMAS if model == "SVD" else ms.sigmas[AYS_TIMESTEPS[model]].tolist()
        for j, value in enumerate(sigmas[:-1].tolist()):
            position = j * 10 / steps
            hi, lo = table[int(position)], table[min(int(position) + 1, 10)]
            assert lo * (1 - 1e-5) <= value <= hi * (1 + 1e-5), (steps, j)


def test_denoise_keeps_the_last_steps_like_basicscheduler():
    ms = DiscreteSampling()
    full = ays_sigmas(ms, 20, "SDXL")
    half = partial_denoise(lambda n: ays_sigmas(ms, n, "SDXL"), 10, 0.5)
    assert len(half) == 11
    torch.testing.assert_close(half, full[-11:])


def test_ays_refuses_flow_models_and_unknown_tables():
    with pytest.raises(ValueError, match="no Align Your Steps table is published for flow models"):
        ays_sigmas(FlowSampling(), 10, "SDXL")
    with pytest.raises(ValueError, match="model: no Align Your Steps table for 'FLUX'"):
        ays_sigmas(DiscreteSampling(), 10, "FLUX")
    with pytest.raises(ValueError, match="denoise: 0"):
        partial_denoise(lambda n: ays_sigmas(DiscreteSampling(), n, "SD1"), 10, 0.0)
    with pytest.raises(ValueError, match="denoise: expected a number in"):
        partial_denoise(lambda n: ays_sigmas(DiscreteSampling(), n, "SD1"), 10, 1.5)


def test_explicit_timesteps_give_the_models_sigmas():
    ms = DiscreteSampling()
    assert parse_timesteps("999,749, 499 249") == [999, 749, 499, 249]
    sigmas = sigmas_at_timesteps(ms, parse_timesteps("399"))
    assert sigmas.tolist() == pytest.approx([1.1606, 0.0], abs=1e-4)
    assert sigmas_at_timesteps(ms, [800])[0].item() == pytest.approx(5.1110, abs=1e-4)


@pytest.mark.parametrize("text, match", [
    ("", "timesteps: empty"),
    (" , ", "timesteps: empty"),
    ("999, 7x9", "timesteps: '7x9' is not a whole number"),
    ("999.5", "'999.5' is not a whole number"),
])
def test_malformed_timestep_strings_are_named(text, match):
    with pytest.raises(ValueError, match=match):
        parse_timesteps(text)


@pytest.mark.parametrize("timesteps, match", [
    ([1000], r"timesteps\[0\] = 1000: expected a whole number in 0..999"),
    ([999, -1], r"timesteps\[1\] = -1"),
    ([499, 749], "strictly descending: 749 follows 499"),
    ([499, 499], "strictly descending"),
    ([], "timesteps: empty"),
])
def test_bad_timesteps_are_named(timesteps, match):
    with pytest.raises(ValueError, match=match):
        sigmas_at_timesteps(DiscreteSampling(), timesteps)


def test_trailing_bad_steps():
    with pytest.raises(ValueError, match="steps"):
        trailing_timesteps(0)
