"""Flow-model schedules and presets against their references (diffusers' code, the authors' code)."""

from functools import partial

import numpy as np
import pytest
import torch
from diffusers import FlowMatchEulerDiscreteScheduler

from samplers import sample_lcm_exact, sample_tcd
from samplers import flow
from samplers.flow import FlowMatchConfig, pcm_sigmas, split_at_boundary, step_list_sigmas
from samplers.recipes import BY_NAME, RECIPES, SD15, FlowMatch, Stages
from samplers.schedule_kinds import SigmaList
from support import references as ref
from support.fakes import DiscreteSampling, FlowSampling, Wrapped, gaussian_net

# recipe -> its reference: fn(steps, width, height) -> sigmas ending in 0
REFERENCES = {
    "FLUX.1-schnell": partial(ref.flux_pipeline, ref.FLUX1_SCHNELL),
    "Hyper-FLUX.1-dev N-step LoRA": partial(ref.flux_pipeline, ref.FLUX1_DEV),
    "FLUX.1-Turbo-Alpha": partial(ref.flux_pipeline, ref.FLUX1_DEV),
    "FLUX.2 klein (distilled)": partial(ref.flux2_pipeline, ref.FLUX2),
    "SD3.5 Large Turbo": partial(ref.sd3_pipeline, ref.SD35),
    "Hyper-SD3 N-step CFG LoRA": partial(ref.sd3_pipeline, ref.SD35),
    "PCM-SD3 deterministic, shift 1": partial(ref.pcm_deterministic, 1.0),
    "PCM-SD3 deterministic, shift 3": partial(ref.pcm_deterministic, 3.0),
    # the stochastic scheduler's __init__ and set_timesteps are byte-identical to the deterministic one's
    "PCM-SD3 stochastic, shift 3": partial(ref.pcm_deterministic, 3.0),
    "Qwen-Image-Lightning": partial(ref.flux_pipeline, ref.QWEN_LIGHTNING),
    "Qwen-Image-Edit-2509-Lightning": partial(ref.flux_pipeline, ref.QWEN_LIGHTNING),
    "Wan2.1 lightx2v StepDistill": lambda steps, w, h: ref.lightx2v_step_distill(5.0, [1000, 750, 500, 250]),
    "Wan2.1 lightx2v StepDistill, re-noised as trained":
        lambda steps, w, h: ref.lightx2v_step_distill(5.0, [1000, 750, 500, 250]),
    "Wan2.2 Lightning A14B T2V": partial(ref.wan22_lightning_euler, 5.0),
    "Wan2.2 Lightning A14B I2V": partial(ref.wan22_lightning_euler, 5.0),
    "Z-Image-Turbo": partial(ref.z_image_pipeline, ref.Z_IMAGE_TURBO),
    "Qwen-Image-Edit-2511-Lightning": partial(ref.flux_pipeline, ref.QWEN_LIGHTNING),
    "Qwen-Image-2512-Lightning": partial(ref.flux_pipeline, ref.QWEN_LIGHTNING),
    "LTX-2 / LTX-2.3 distilled": lambda steps, w, h: ref.ltx2_distilled_sigmas()[0],
    "LTX-2.5 distilled": lambda steps, w, h: ref.ltx2_distilled_sigmas()[0],
    "LTX-Video 0.9.8 distilled": lambda steps, w, h: ref.ltx_video_distilled_sigmas()[0],
    "MiniMax-H3 lightx2v 4-step v1.1": lambda steps, w, h: ref.minimax_h3_sigmas(steps, 6.0),
    "MiniMax-H3 lightx2v 8-step": lambda steps, w, h: ref.minimax_h3_sigmas(steps, 12.0),
    "MiniMax-H3 HyperFlow 8-step": lambda steps, w, h: torch.tensor([*ref.HYPERFLOW_8STEP, 0.0]),
    "FLUX.2-dev Turbo": ref.flux2_dev_turbo,
    "FLUX.2-dev Turbo, list as typed": lambda steps, w, h: torch.tensor([*ref.FLUX2_DEV_TURBO_SIGMAS, 0.0]),
    "rCM Wan2.1 T2V": lambda steps, w, h: ref.rcm_sigmas(steps, 80.0),
    "rCM Wan2.2 I2V A14B": lambda steps, w, h: ref.rcm_sigmas(steps, 200.0),
    "HunyuanImage-2.1 distilled": lambda steps, w, h: ref.hunyuan_image21_sigmas(steps, 4.0),
    "HunyuanVideo-1.5 step-distilled": lambda steps, w, h: ref.hunyuan_video15_sigmas(steps, 7.0),
    "HunyuanVideo-1.5 SR step-distilled": lambda steps, w, h: ref.hunyuan_video15_sigmas(steps, 2.0),
    "HiDream-I1 Dev": lambda steps, w, h: ref.hidream_flash_sigmas(steps, 6.0),
    "HiDream-I1 Fast": lambda steps, w, h: ref.hidream_flash_sigmas(steps, 3.0),
    "Kandinsky 5 T2V Lite distilled16steps": lambda steps, w, h: ref.kandinsky5_sigmas(steps, 5.0),
}
# recipes in two passes -> the second pass's reference sigmas
SECOND_PASSES = {
    "LTX-2 / LTX-2.3 distilled": ref.ltx2_distilled_sigmas()[1],
    "LTX-2.5 distilled": ref.ltx2_distilled_sigmas()[1],
    "LTX-Video 0.9.8 distilled": ref.ltx_video_distilled_sigmas()[1],
}
ULP = 2.0**-23  # a float32 ulp at 1: the references round to float32 midway (samplers/flow.py docstring)
SIZES = [(1024, 1024), (832, 1216), (1216, 832), (512, 512), (1328, 1328), (1536, 640), (1536, 1536)]
FLOW = [r for r in RECIPES if r.schedule.flow]


def test_every_flow_recipe_has_a_reference():
    assert sorted(r.name for r in FLOW) == sorted(REFERENCES)


def test_every_preset_equals_its_reference_at_every_published_step_count_and_size(capsys):
    rows = []
    for recipe in FLOW:
        worst = 0.0
        for steps in recipe.steps:
            for width, height in SIZES:
                ours = recipe.sigmas(FlowSampling(), steps, width, height)
                theirs = REFERENCES[recipe.name](steps, width, height).float()
                assert ours.shape == theirs.shape and ours[-1] == 0, recipe.name
                worst = max(worst, (ours - theirs).abs().max().item())
        rows.append(f"  {recipe.name:<50} {','.join(map(str, recipe.steps)):<8} {worst:.1e}")
        assert worst <= ULP, (recipe.name, worst)
    with capsys.disabled():
        print("\nflow presets vs reference, max |sigma difference| over steps and sizes "
              f"{', '.join(f'{w}x{h}' for w, h in SIZES)}:\n" + "\n".join(rows))


CONFIGS = [  # any FlowMatchEulerDiscreteScheduler config, both pipeline paths
    dict(shift=1.0), dict(shift=3.0), dict(shift=5.0), dict(shift=8.0),
    dict(shift=3.0, use_dynamic_shifting=True),
    dict(use_dynamic_shifting=True, time_shift_type="linear"),
    dict(use_dynamic_shifting=True, base_shift=0.5, max_shift=0.9, max_image_seq_len=8192, shift_terminal=0.02),
    dict(shift=3.0, shift_terminal=0.1),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
@pytest.mark.parametrize("pipeline", ["flux", "sd3"])
def test_flow_match_equals_diffusers_set_timesteps_for_any_config(config, pipeline):
    for steps in (2, 3, 4, 8, 16, 50) if config.get("shift_terminal") else (1, 2, 3, 4, 8, 16, 50):
        for mu in (0.5, 1.15, 2.3):
            scheduler = FlowMatchEulerDiscreteScheduler(**config)
            kwargs = {"mu": mu} if config.get("use_dynamic_shifting") else {}
            if pipeline == "flux":
                scheduler.set_timesteps(sigmas=np.linspace(1.0, 1 / steps, steps), **kwargs)
            else:
                scheduler.set_timesteps(steps, **kwargs)
            ours = FlowMatchConfig(**config).sigmas(steps, pipeline, mu if kwargs else None)
            assert (ours - scheduler.sigmas).abs().max().item() <= 2 * ULP, (steps, mu)  # shift_terminal: 1.5 ulp


def test_mu_equals_the_pipelines_helpers_to_the_last_bit():
    """calculate_shift (FLUX.1, Qwen-Image, Z-Image) and compute_empirical_mu (FLUX.2), called from diffusers."""
    for seq_len in range(64, 16400, 61):
        assert flow.calculate_shift(seq_len) == ref.calculate_shift(seq_len), seq_len
        assert flow.calculate_shift(seq_len, 256, 8192, 0.5, 0.9) == ref.calculate_shift(seq_len, 256, 8192, 0.5, 0.9)
        for steps in (1, 4, 8, 28, 50):
            assert flow.compute_empirical_mu(seq_len, steps) == ref.compute_empirical_mu(seq_len, steps), (seq_len, steps)


def test_step_list_equals_lightx2v_for_any_list():
    for shift, steps in ((5.0, [1000, 750, 500, 250]), (8.0, [999, 934, 862, 756, 603, 410, 250, 140, 74]),
                         (3.0, [1000, 500]), (1.0, [1000, 667, 333])):
        ours = step_list_sigmas(shift, steps)
        assert (ours - ref.lightx2v_step_distill(shift, steps)).abs().max().item() <= ULP


def test_pcm_grid_equals_pcms_scheduler_at_any_step_count():
    for shift in (1.0, 3.0):
        for steps in range(1, 51):
            assert (pcm_sigmas(steps, shift) - ref.pcm_deterministic(shift, steps)).abs().max().item() <= ULP


@pytest.mark.parametrize("recipe", ["Wan2.2 Lightning A14B T2V", "Wan2.2 Lightning A14B I2V"])
def test_two_expert_split_is_wan22_lightnings(recipe):
    chosen = BY_NAME[recipe]
    for steps in (4, 6, 8):  # 4 is published; at 6 the timestep rule differs from a split at step 2
        sigmas = ref.wan22_lightning_euler(5.0, steps)
        high, low = split_at_boundary(sigmas, chosen.stages.boundary)
        experts = ref.wan22_expert_of_each_step(sigmas, chosen.stages.boundary)
        assert len(high) - 1 == experts.count("high") and len(low) - 1 == experts.count("low")
        assert torch.equal(torch.cat([high, low[1:]]), sigmas)
    high, low = split_at_boundary(chosen.sigmas(FlowSampling(), 4), chosen.stages.boundary)
    assert high.tolist() == pytest.approx([1, 0.9375, 0.8333333]) and low.tolist() == pytest.approx([0.8333333, 0.625, 0])


def test_rcm_experts_switch_where_rcms_i2v_loop_does():
    """rCM's Wan2.2 I2V loop switches to the low-noise model once t_cur < 0.9: at 1 and 2 steps never, and then
    the low-noise part is empty (no step; ComfyUI's sampling passes the latent through)."""
    chosen = BY_NAME["rCM Wan2.2 I2V A14B"]
    for steps in chosen.steps:
        sigmas = chosen.sigmas(FlowSampling(), steps)
        high, low = chosen.stages.split(sigmas)
        experts = ref.rcm_expert_of_each_step(ref.rcm_sigmas(steps, 200.0), chosen.stages.boundary)
        assert len(high) - 1 == experts.count("high") and max(len(low) - 1, 0) == experts.count("low"), steps
        assert torch.equal(torch.cat([high, low[1:]]), sigmas)
        assert (len(low) == 0) == (steps <= 2)


@pytest.mark.parametrize("recipe", sorted(SECOND_PASSES))
def test_second_passes_equal_their_references(recipe):
    """Recipes in two passes: the first pass is the recipe's schedule (every preset test above), the second its
    own published list, whatever the step count asked of the first."""
    chosen = BY_NAME[recipe]
    for steps in chosen.steps:
        first, second = chosen.stages.split(chosen.sigmas(FlowSampling(), steps))
        assert torch.equal(first, chosen.sigmas(FlowSampling(), steps))
        assert torch.equal(second, SECOND_PASSES[recipe].float())


def test_stages_are_experts_or_passes():
    with pytest.raises(ValueError, match="a boundary .experts. or a second schedule .passes."):
        Stages("a", "b")
    with pytest.raises(ValueError, match="a boundary .experts. or a second schedule .passes."):
        Stages("a", "b", boundary=0.9, second_schedule=SigmaList((0.5,)))


def test_the_lightning_schedules_behind_the_dropdown_entries():
    """wan_lightning is Wan2.2-Lightning's schedule (at 4 steps LightX2V's, on any model shift); qwen_lightning
    is Qwen-Image-Lightning's and Z-Image-Turbo's at any step count. (The entries themselves: integration.)"""
    assert torch.equal(BY_NAME["Wan2.2 Lightning A14B T2V"].schedule.sigmas(FlowSampling(shift=8.0), 4),
                       BY_NAME["Wan2.1 lightx2v StepDistill"].sigmas(FlowSampling(), 4))
    qwen = BY_NAME["Qwen-Image-Lightning"].schedule
    for steps in (4, 8, 6):
        assert (qwen.sigmas(FlowSampling(), steps) - ref.flux_pipeline(ref.QWEN_LIGHTNING, steps, 1328, 1328)).abs().max() <= ULP
        assert (qwen.sigmas(FlowSampling(), steps)
                - ref.z_image_pipeline(ref.Z_IMAGE_TURBO, steps, 1024, 1024)).abs().max() <= ULP


def test_flow_schedules_do_not_depend_on_the_models_own_shift_or_multiplier():
    recipe = BY_NAME["FLUX.2 klein (distilled)"]
    expected = recipe.sigmas(FlowSampling(), 4, 1024, 1024)
    for ms in (FlowSampling(shift=1.0), FlowSampling(shift=8.0), FlowSampling(shift=3.0, multiplier=1)):
        assert torch.equal(recipe.sigmas(ms, 4, 1024, 1024), expected)


def test_the_packs_samplers_on_flow_models_take_diffusers_flow_match_steps():
    """On a flow model the pack's TCD at gamma 0 is FlowMatchEuler's deterministic step and lcm_exact its
    stochastic one (the boundary term is off above t = 19). Core euler and lcm, the presets' step rules:
    through the executor, tests/integration/test_flow_recipes.py."""
    ms = FlowSampling()
    model = Wrapped(ms, gaussian_net(ms, "flow", mean=0.3, std=0.5))
    sigmas = BY_NAME["Wan2.1 lightx2v StepDistill"].sigmas(ms, 4)
    x = torch.randn((2, 4, 8, 8), generator=torch.Generator().manual_seed(0))
    for stochastic in (False, True):
        scheduler = FlowMatchEulerDiscreteScheduler(stochastic_sampling=stochastic)
        scheduler.set_timesteps(sigmas=sigmas[:-1].numpy())
        theirs, generator = x.clone(), torch.Generator().manual_seed(1)
        for t in scheduler.timesteps:
            v = model.net(theirs, t.view(1).expand(2) / 1000 * ms.multiplier)
            theirs = scheduler.step(v, t, theirs, generator=generator).prev_sample
        noise = torch.Generator().manual_seed(1)
        ours = (sample_lcm_exact if stochastic else partial(sample_tcd, gamma=0.0))(
            model, x.clone(), sigmas, disable=True, noise_sampler=lambda s, sn: torch.randn(x.shape, generator=noise))
        assert (ours - theirs).abs().max().item() <= 1e-5, stochastic


# ---- bad input: clear errors naming the input and the family

def test_a_recipe_on_another_family_is_refused_naming_both():
    with pytest.raises(ValueError, match="model: Wan2.2 Lightning A14B T2V is a recipe for Wan2.1 / Wan2.2 A14B "
                                         "models, not for a FLUX.1 model"):
        BY_NAME["Wan2.2 Lightning A14B T2V"].check_model("Flux")
    with pytest.raises(ValueError, match="TCD LoRA is a recipe for SD1.5 / SDXL models, not for a SD3 model"):
        BY_NAME["TCD LoRA"].check_model("SD3")
    with pytest.raises(ValueError, match="SD3.5 Large Turbo is a recipe for SD3 models, not for a SD1.5 model"):
        BY_NAME["SD3.5 Large Turbo"].check_model("SD15")
    # kin of a family that is not the family: Wan2.2's 5B model, Lumina Image 2.0 (Z-Image's parent config)
    with pytest.raises(ValueError, match="not for a WAN22_T2V model"):
        BY_NAME["Wan2.2 Lightning A14B T2V"].check_model("WAN22_T2V")
    with pytest.raises(ValueError, match="Z-Image-Turbo is a recipe for Z-Image models, not for a Lumina2 model"):
        BY_NAME["Z-Image-Turbo"].check_model("Lumina2")
    BY_NAME["Z-Image-Turbo"].check_model("ZImage")
    BY_NAME["FLUX.1-schnell"].check_model("FluxSchnell")
    # the 14B variants ComfyUI detects as configs of their own take the Wan recipes (VACE, Fun, Camera)
    BY_NAME["Wan2.1 lightx2v StepDistill"].check_model("WAN21_Vace")
    assert SD15.configs == ("SD15",)


def test_unpublished_steps_and_missing_or_odd_sizes_are_named():
    with pytest.raises(ValueError, match="steps: Wan2.1 lightx2v StepDistill is published for 4 steps, not 8"):
        BY_NAME["Wan2.1 lightx2v StepDistill"].sigmas(FlowSampling(), 8)
    with pytest.raises(ValueError, match="steps: Hyper-SD3 N-step CFG LoRA is published for 4, 8 or 16 steps, not 6"):
        BY_NAME["Hyper-SD3 N-step CFG LoRA"].sigmas(FlowSampling(), 6)
    with pytest.raises(ValueError, match="latent: .* depends on the image size"):
        BY_NAME["FLUX.2 klein (distilled)"].sigmas(FlowSampling(), 4)
    with pytest.raises(ValueError, match="latent: 1000x1000 pixels is not a whole number of 16-pixel patches"):
        BY_NAME["Hyper-FLUX.1-dev N-step LoRA"].sigmas(FlowSampling(), 8, 1000, 1000)
    qwen = BY_NAME["Qwen-Image-Lightning"]  # mu is constant: no size needed, and any size will do
    assert torch.equal(qwen.sigmas(FlowSampling(), 4), qwen.sigmas(FlowSampling(), 4, 1000, 744))


def test_flow_schedules_refuse_discrete_models_and_discrete_ones_refuse_flow_models():
    with pytest.raises(ValueError, match="model: step list .* is a flow-model schedule .* discrete-timestep"):
        BY_NAME["Wan2.1 lightx2v StepDistill"].sigmas(DiscreteSampling(), 4)
    with pytest.raises(ValueError, match="model: the TCD / LCM 50-step grid is a schedule of discrete-timestep "
                                         "models .* PCM's 50-point grid"):
        BY_NAME["TCD LoRA"].sigmas(FlowSampling(), 4)
    with pytest.raises(ValueError, match="model: trailing timestep spacing .* core's `simple`"):
        BY_NAME["SDXL-Lightning"].sigmas(FlowSampling(), 4)
    with pytest.raises(ValueError, match="model: explicit timesteps .* Step List Scheduler"):
        BY_NAME["DMD2 4-step"].sigmas(FlowSampling(), 4)


@pytest.mark.parametrize("sampler", [sample_tcd, sample_lcm_exact])
def test_a_sigma_above_1_is_refused_on_a_flow_model(sampler):
    ms = FlowSampling()
    model = Wrapped(ms, gaussian_net(ms, "flow"))
    with pytest.raises(ValueError, match=r"sigmas\[0\] = 14.6: a flow model's sigmas lie in \[0, 1\]"):
        sampler(model, torch.zeros(1, 4, 8, 8), torch.tensor([14.6, 1.0, 0.0]), disable=True)


@pytest.mark.parametrize("kwargs, match", [
    (dict(time_shift_type="cubic"), "time_shift_type"), (dict(shift=0.0), "shift"),
    (dict(shift_terminal=1.5), "shift_terminal"), (dict(max_image_seq_len=100), "max_image_seq_len")])
def test_bad_flow_match_configs_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        FlowMatchConfig(**kwargs)


def test_bad_pipelines_and_mu_rules_are_named():
    with pytest.raises(ValueError, match="pipeline: 'flux'"):
        FlowMatch(FlowMatchConfig(), "flux2").sigmas(FlowSampling(), 4)
    with pytest.raises(ValueError, match="mu: one of calculate_shift, compute_empirical_mu"):
        FlowMatch(FlowMatchConfig(use_dynamic_shifting=True), "flux", "median").sigmas(FlowSampling(), 4, 512, 512)
    with pytest.raises(ValueError, match="timesteps must be strictly descending"):
        step_list_sigmas(5.0, [750, 1000])
    with pytest.raises(ValueError, match="mu: the linear time shift needs mu > 0, got 0"):  # diffusers gives NaN
        FlowMatchConfig(use_dynamic_shifting=True, time_shift_type="linear").sigmas(4, "flux", 0.0)
    with pytest.raises(ValueError, match="shift_terminal: undefined for 1 step"):  # diffusers gives NaN there
        FlowMatchConfig(shift_terminal=0.02).sigmas(1, "flux")
    with pytest.raises(ValueError, match="boundary"):
        split_at_boundary(torch.tensor([1.0, 0.5, 0.0]), 1.5)
