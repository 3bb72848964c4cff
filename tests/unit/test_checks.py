"""The schedule check every SIGMAS output goes through, and the named errors of the flow schedules' own
inputs: each bad value the widgets or the API can send is refused naming the input, never sampled as NaN
or as repeated sigmas; every valid one still passes."""

import math

import pytest
import torch

from samplers.checks import check_schedule
from samplers.flow import FlowMatchConfig, pcm_sigmas, step_list_sigmas
from samplers.recipes import BY_NAME, RECIPES, FlowMatch
from support import references as ref
from support.fakes import DiscreteSampling, FlowSampling

BAD_SHIFTS = [0.0, -1.0, math.nan, math.inf]


@pytest.mark.parametrize("sigmas, match", [
    ([1.0, math.nan, 0.0], r"Node: sigmas\[1\] = nan; this model's sigmas lie in \(0, 1\]"),
    ([1.5, 0.5, 0.0], r"sigmas\[0\] = 1.5; this model's sigmas lie in \(0, 1\]"),
    ([1.0, -0.5, 0.0], r"sigmas\[1\] = -0.5"),
    ([1.0, 1.0, 1.0, 0.0], r"sigmas\[1\] = 1 does not fall below sigmas\[0\]: that step would do nothing"),
    ([1.0, 0.5], "a schedule ends at sigma 0; this one ends at 0.5"),
    ([0.0], "not a schedule of at least one step"),
    ([0.0, 0.0], r"sigmas\[0\] = 0"),
])
def test_the_schedule_check_names_what_is_wrong(sigmas, match):
    with pytest.raises(ValueError, match=match):
        check_schedule(torch.tensor(sigmas), 1.0, "Node")


def test_the_schedule_check_passes_a_schedule_and_reads_a_discrete_models_range():
    ms = DiscreteSampling()
    top = float(ms.sigma_max)
    sigmas = torch.tensor([top, 1.0, 0.0])
    assert check_schedule(sigmas, top, "Node") is sigmas
    with pytest.raises(ValueError, match=rf"sigmas\[0\] = {2 * top:.6g}; this model's sigmas lie in \(0, {top:.6g}\]"):
        check_schedule(torch.tensor([2 * top, 1.0, 0.0]), top, "Node")


@pytest.mark.parametrize("shift", BAD_SHIFTS)
def test_step_list_and_pcm_refuse_a_bad_shift_by_name(shift):
    # before: shift 0 gave [nan, 0, 0, 0, 0], a negative one sigmas above 1 and -inf, NaN / inf all-NaN sigmas
    with pytest.raises(ValueError, match=rf"shift: expected a finite number > 0 \(the table's shift.*got {shift}"):
        step_list_sigmas(shift, [1000, 750, 500, 250])
    with pytest.raises(ValueError, match=rf"shift: expected a finite number > 0 \(1 or 3 .*got {shift}"):
        pcm_sigmas(4, shift)


@pytest.mark.parametrize("field", ["shift", "base_shift", "max_shift"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_flow_match_refuses_non_finite_shifts_by_name(field, value):
    with pytest.raises(ValueError, match=rf"{field}: expected a finite number.*got {value}"):
        FlowMatchConfig(**{field: value})


@pytest.mark.parametrize("config, size, match", [
    # in-range widget values whose mu reaches 40: the sigmas collapse to [1, 1, 1, 1, 0]
    (dict(base_shift=40.0, max_shift=40.0), None,
     r"base_shift: mu = 40 \(= max_shift\), the published formula's sigmas: sigmas\[1\] = 1 does not fall below"),
    (dict(base_image_seq_len=1, max_image_seq_len=2, max_shift=0.51), (1024, 1024),
     r"latent: at 1024x1024 pixels \(4096 image tokens\) mu = 41.45 \(calculate_shift\).*sigmas 1, 1, 1, 1, 0"),
    # ... NaN with shift_terminal (the stretch divides by 1 - 1)
    (dict(max_shift=10.0, shift_terminal=0.02), (2048, 2048), r"latent: at 2048x2048 .* sigmas\[0\] = nan"),
    # ... and e^mu overflows (was an unnamed OverflowError: math range error)
    (dict(base_image_seq_len=1, max_image_seq_len=2, max_shift=10.0), (1024, 1024),
     r"latent: at 1024x1024 pixels \(4096 image tokens\) mu = 3.89e\+04 .* sigmas\[0\] = nan"),
])
def test_a_collapsing_dynamic_shift_is_refused_with_what_set_mu(config, size, match):
    schedule = FlowMatch(FlowMatchConfig(use_dynamic_shifting=True, **config), "flux", "calculate_shift")
    with pytest.raises(ValueError, match=match):
        schedule.sigmas(FlowSampling(), 4, *(size or (None, None)))


@pytest.mark.parametrize("name, steps, side, mu", [("Hyper-FLUX.1-dev N-step LoRA", 8, 4720, 15.19),
                                                   ("FLUX.1-Turbo-Alpha", 8, 4720, 15.19),
                                                   ("FLUX.2 klein (distilled)", 4, 4896, 16.31)])
def test_a_size_dependent_recipe_refuses_a_size_where_its_published_schedule_collapses(name, steps, side, mu):
    recipe = BY_NAME[name]
    reference = {"FLUX.2 klein (distilled)": ref.flux2_pipeline}.get(name, ref.flux_pipeline)
    config = ref.FLUX2 if name.startswith("FLUX.2") else ref.FLUX1_DEV
    # the reference samples repeated sigmas of 1 here: steps that do nothing
    assert (reference(config, steps, side, side).diff() == 0).any()
    with pytest.raises(ValueError, match=rf"latent: at {side}x{side} pixels \({(side // 16) ** 2} image tokens\) "
                                         rf"mu = {mu} .*does not fall below.*a smaller image"):
        recipe.sigmas(FlowSampling(), steps, side, side)
    # at 4096 pixels a side neither collapses (the last sizes before `side` are within an ulp of it)
    assert (reference(config, steps, 4096, 4096).diff() < 0).all()
    recipe.sigmas(FlowSampling(), steps, 4096, 4096)


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: r.name)
def test_every_recipe_passes_at_every_published_step_count_and_size(recipe):
    ms = FlowSampling() if recipe.schedule.flow else DiscreteSampling()
    top = 1.0 if recipe.schedule.flow else float(ms.sigma_max)
    for steps in recipe.steps:
        for width, height in ((512, 512), (832, 1216), (2048, 2048)):
            check_schedule(recipe.sigmas(ms, steps, width, height), top, recipe.name)


@pytest.mark.parametrize("pipeline", ["flux", "sd3"])
@pytest.mark.parametrize("steps", [1, 4, 50, 1000])
def test_the_flow_match_widgets_valid_ranges_all_pass(pipeline, steps):
    """The Flow Match node's shift over its widget range, and dynamic shifting at the widget defaults over
    sizes from 256 to 4096 pixels a side, give schedules the check passes."""
    for shift in (0.01, 1.0, 3.0, 100.0):
        FlowMatch(FlowMatchConfig(shift=shift), pipeline).sigmas(FlowSampling(), steps)
    # (compute_empirical_mu's mu falls below 0 at many steps, which the linear shift refuses by name)
    for rule, time_shift_type in (("calculate_shift", "exponential"), ("calculate_shift", "linear"),
                                  ("compute_empirical_mu", "exponential")):
        for side in (256, 1024, 4096):
            config = FlowMatchConfig(use_dynamic_shifting=True, time_shift_type=time_shift_type,
                                     shift_terminal=0.02 if steps > 1 else None)
            FlowMatch(config, pipeline, rule).sigmas(FlowSampling(), steps, side, side)
