"""NoiseLevels reads a model's timestep numbering from its own timestep(): cheaply where it is affine."""

import torch

from samplers.levels import NoiseLevels, table_timesteps
from support.fakes import DiscreteSampling


def full_probe(ms):
    return ms.timestep(ms.sigmas).float()


class Distilled(DiscreteSampling):
    """Like ComfyUI's ModelSamplingDiscreteDistilled (the LCM patch): 50 sigmas numbered 19, 39, ..., 999."""

    def __init__(self):
        super().__init__()
        self.sigmas, self.log_sigmas = self.sigmas[19::20], self.log_sigmas[19::20]

    def timestep(self, sigma):
        return super().timestep(sigma) * 20 + 19


class Squared(DiscreteSampling):
    """A table numbered 0, 1, 4, 9, ...: not affine, so it is probed whole."""

    def __init__(self):
        super().__init__(timesteps=40)

    def timestep(self, sigma):
        return super().timestep(sigma) ** 2


def test_affine_numbering_is_read_from_four_entries_and_equals_the_full_probe():
    for ms in (DiscreteSampling(), DiscreteSampling("v"), Distilled()):
        assert torch.equal(table_timesteps(ms, ms.sigmas), full_probe(ms))
    assert NoiseLevels(Distilled()).num_timesteps == 1000


def test_other_numberings_are_probed_whole():
    ms = Squared()
    assert torch.equal(table_timesteps(ms, ms.sigmas), full_probe(ms))
    assert table_timesteps(ms, ms.sigmas)[-1] == 39**2


def test_only_four_timesteps_are_asked_for_an_affine_table():
    ms, asked = DiscreteSampling(), []
    timestep = ms.timestep
    ms.timestep = lambda sigma: asked.append(sigma.numel()) or timestep(sigma)
    NoiseLevels(ms)
    assert asked == [4]


def test_a_model_sampling_is_read_once_per_sigma_table():
    ms, asked = DiscreteSampling(), []
    timestep = ms.timestep
    ms.timestep = lambda sigma: asked.append(sigma.numel()) or timestep(sigma)
    for _ in range(3):
        assert NoiseLevels(ms).num_timesteps == 1000
    assert asked == [4]
    ms.sigmas = ms.sigmas[:500].clone()  # a new table (set_parameters, a patch): read anew
    assert NoiseLevels(ms).num_timesteps == 500 and asked == [4, 4]
    ms.sigmas.mul_(1.0)  # changed in place: read anew
    NoiseLevels(ms)
    assert asked == [4, 4, 4]


def test_step_plans_are_made_once_per_model_table_and_inputs():
    ms, made = DiscreteSampling(), []
    make = lambda value: lambda: made.append(value) or value
    assert NoiseLevels(ms).plan(("tcd", (1.0, 0.0), (0.3,)), make("a")) == "a"
    assert NoiseLevels(ms).plan(("tcd", (1.0, 0.0), (0.3,)), make("b")) == "a"  # another call, the same plan
    assert NoiseLevels(ms).plan(("tcd", (1.0, 0.0), (0.5,)), make("c")) == "c"
    ms.sigmas = ms.sigmas.clone()  # a new table: plans are made anew
    assert NoiseLevels(ms).plan(("tcd", (1.0, 0.0), (0.3,)), make("d")) == "d" and made == ["a", "c", "d"]
    levels = NoiseLevels(ms)
    for i in range(100):  # the memo is bounded
        levels.plan(("tcd", (float(i), 0.0), ()), make(i))
    assert len(levels._plans) <= 64
