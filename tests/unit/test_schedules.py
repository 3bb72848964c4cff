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


def test_flow_models_map_timesteps_through_their_own_shift():
    ms = FlowSampling(shift=3.0)
    sigmas = sigmas_at_timesteps(ms, [999, 499])
    assert sigmas.tolist() == pytest.approx([3 * 0.999 / (1 + 2 * 0.999), 3 * 0.499 / (1 + 2 * 0.499), 0.0])


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
