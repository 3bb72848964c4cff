"""Flow presets in a real ComfyUI: trajectories through its executor against diffusers' flow-matching
step loop, the two-expert split end to end, the presets on tiny models of every family, and the
departures of ComfyUI's defaults from the published schedules.

The model is an exact analytic flow model (the velocity of Gaussian data) inside the family's real
model_base class and config, so its sampling is the family's as loaded (Wan: shift 8), which the
presets must not depend on. diffusers runs the same network on the same starting noise; the
per-step noise of a re-noising sampler is the stream ComfyUI drew (identified by its first draw).
"""

import re

import pytest
import torch
from diffusers import FlowMatchEulerDiscreteScheduler

from harness import graphs
from harness.comfy_host import PromptError
from support import references as ref
from support import workflows

MEAN, STD, SEED = 0.3, 0.5, 17


@pytest.fixture(scope="module", autouse=True)
def flow_host(host):
    import comfy.model_base

    if not hasattr(comfy.model_base.ModelType, "FLOW"):
        pytest.skip(f"{host.name} has no flow models")


def gaussian(name, family="wan21", mean=MEAN):
    return {"class_type": "FewStepTestGaussianFlowModel", "inputs": {"family": family, "mean": mean, "std": STD}}


def base(family="wan21", size=16):
    return {
        "model": gaussian("model", family),
        "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
        "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": size * 8, "height": size * 8, "batch_size": 1}},
    }


def sampler_custom(model, sampler, sigmas, latent, add_noise=True):
    return graphs.sampler_custom_node(model, ["cond", 0], sampler, sigmas, latent, SEED, add_noise=add_noise)


def capture(samples, label="out"):
    return {"class_type": "FewStepTestCapture", "inputs": {"samples": samples, "label": label}}


class NoiseLog:
    """Records every per-step noise tensor core's and the pack's samplers draw."""

    def __init__(self, monkeypatch, host):
        import comfy.k_diffusion.sampling as kdiff

        self.draws = []
        for module, name in ((kdiff, "default_noise_sampler"),
                             (host.pack_module("samplers.steps"), "default_noise_sampler")):
            original = getattr(module, name)

            def logged(x, seed=None, original=original):
                sample = original(x, seed=seed)
                return lambda s, sn: self.draws.append(sample(s, sn)) or self.draws[-1]

            monkeypatch.setattr(module, name, logged)

    def generator(self):
        """A generator that replays the logged stream: the CPU generator whose first draw it is."""
        if not self.draws:
            return None
        for seed in (SEED, SEED + 1):
            generator = torch.Generator().manual_seed(seed)
            if torch.equal(torch.randn(self.draws[0].shape, generator=generator), self.draws[0]):
                return torch.Generator().manual_seed(seed)
        raise AssertionError("the per-step noise is not a CPU stream of the prompt's seed")


def diffusers_loop(nets, sigmas, x, stochastic, generator, boundary=None):
    """FlowMatchEulerDiscreteScheduler's step loop over `sigmas` (ending in 0); `nets`: one network, or
    (high, low) switched at `boundary` as Wan2.2-Lightning's text2video.py does."""
    scheduler = FlowMatchEulerDiscreteScheduler(stochastic_sampling=stochastic)
    scheduler.set_timesteps(sigmas=sigmas[:-1].numpy())
    experts = ref.wan22_expert_of_each_step(sigmas, boundary) if boundary else ["high"] * (len(sigmas) - 1)
    for t, expert in zip(scheduler.timesteps, experts):
        net = nets[0] if expert == "high" else nets[1]
        v = net(x, t.view(1).expand(x.shape[0]))
        x = scheduler.step(v, t, x, generator=generator).prev_sample
    return x


def analytic_net(host, mean=MEAN):
    """The same network as FewStepTestGaussianFlowModel's, called as diffusers calls a transformer."""
    velocity = host.tiny.mixture.GaussianVelocity(mean, STD, 1000.0)
    return lambda x, t: velocity(x, t)


def start_noise(shape):
    import comfy.sample

    return comfy.sample.prepare_noise(torch.zeros(shape), SEED)


@pytest.mark.parametrize("recipe, stochastic", [("Wan2.1 lightx2v StepDistill", False),
                                                ("Wan2.1 lightx2v StepDistill, re-noised as trained", True),
                                                ("PCM-SD3 stochastic, shift 3", True),
                                                ("PCM-SD3 deterministic, shift 1", False)])
def test_preset_trajectory_through_the_executor_equals_diffusers(host, monkeypatch, recipe, stochastic, capsys):
    chosen = host.pack_module("samplers.recipes").BY_NAME[recipe]
    family = "sd3" if chosen.families[0].name == "SD3" else "wan21"
    steps = chosen.steps[-1]
    prompt = base(family)
    prompt["recipe"] = {"class_type": "FewStepRecipe", "inputs": {"model": ["model", 0], "recipe": recipe,
                                                                  "steps": steps, "latent": ["latent", 0]}}
    prompt["sample"] = sampler_custom(["model", 0], ["recipe", 0], ["recipe", 1], ["latent", 0])
    prompt["capture"] = capture(["sample", 0])
    noise = NoiseLog(monkeypatch, host)
    host.run(prompt)
    ours = host.tiny.CAPTURED.pop("out")
    assert bool(noise.draws) == stochastic
    sigmas = ref.lightx2v_step_distill(5.0, [1000, 750, 500, 250]) if family == "wan21" else ref.pcm_deterministic(
        chosen.schedule.shift, steps)
    theirs = diffusers_loop([analytic_net(host)], sigmas, start_noise(ours.shape), stochastic, noise.generator())
    difference = (ours - theirs).abs().max().item()
    with capsys.disabled():
        print(f"\n  {recipe}: executor vs diffusers FlowMatchEuler (stochastic={stochastic}): {difference:.1e}")
    assert difference <= 1e-5


def test_two_expert_split_end_to_end_equals_wan22_lightning(host, capsys):
    """FewStepTwoExpertRecipe + two SamplerCustom (the low-noise one with add_noise off) against diffusers'
    loop switching networks at t >= 875, each expert a different network."""
    prompt = base()
    prompt["low_model"] = gaussian("low_model", mean=-0.4)
    prompt["recipe"] = {"class_type": "FewStepTwoExpertRecipe", "inputs": {
        "model": ["model", 0], "recipe": "Wan2.2 Lightning A14B T2V", "steps": 4, "latent": ["latent", 0]}}
    prompt["high"] = sampler_custom(["model", 0], ["recipe", 0], ["recipe", 1], ["latent", 0])
    prompt["low"] = sampler_custom(["low_model", 0], ["recipe", 0], ["recipe", 2], ["high", 0], add_noise=False)
    prompt["capture"] = capture(["low", 0])
    host.run(prompt)
    ours = host.tiny.CAPTURED.pop("out")
    sigmas = ref.wan22_lightning_euler(5.0, 4).float()
    theirs = diffusers_loop([analytic_net(host), analytic_net(host, -0.4)], sigmas, start_noise(ours.shape), False,
                            None, boundary=0.875)
    one_expert = diffusers_loop([analytic_net(host)], sigmas, start_noise(ours.shape), False, None)
    difference = (ours - theirs).abs().max().item()
    with capsys.disabled():
        print(f"\n  Wan2.2 two experts, executor vs Wan2.2-Lightning's split: {difference:.1e} "
              f"(one expert throughout: {(ours - one_expert).abs().max().item():.2f} away)")
    assert difference <= 1e-5 and (ours - one_expert).abs().max().item() > 0.1


def test_recipe_node_refuses_another_family_naming_both(host):
    prompt = base("sd3")
    prompt["recipe"] = {"class_type": "FewStepRecipe", "inputs": {
        "model": ["model", 0], "recipe": "Wan2.1 lightx2v StepDistill", "steps": 4}}
    prompt["sample"] = sampler_custom(["model", 0], ["recipe", 0], ["recipe", 1], ["latent", 0])
    prompt["capture"] = capture(["sample", 0])
    with pytest.raises(PromptError, match="model: Wan2.1 lightx2v StepDistill is a recipe for Wan2.1 / Wan2.2 A14B "
                                          "models, not for a SD3 model"):
        host.run(prompt)


def test_readme_departures_table_is_this_hosts_measurement(host, capsys):
    """The README's table of how far ComfyUI's defaults are from each flow recipe, recomputed with this
    host's own classes: the same figures in every host that has the families."""
    from bench.readme import README, section
    from harness import departures

    table = departures.table(host)
    with capsys.disabled():
        print("\n" + table)
    published = section(README.read_text(), "departures").splitlines()[1:-1]
    measured_in = re.compile(r"^Measured in \S+ ")  # the host that wrote it; every host must give the rest
    assert [measured_in.sub("", line) for line in published] == [measured_in.sub("", line) for line in
                                                                 table.splitlines()], \
        "run python3 scripts/readme_tables.py departures"


@pytest.mark.parametrize("recipe, tiny, latent_node, width, height", [
    ("FLUX.2 klein (distilled)", "flux2", "EmptyFlux2LatentImage", 1024, 1024),
    ("FLUX.2 klein (distilled)", "flux2", "EmptyFlux2LatentImage", 832, 1216),
    ("Hyper-FLUX.1-dev N-step LoRA", "flux", "EmptySD3LatentImage", 832, 1216)])
def test_the_recipe_node_reads_the_image_size_from_the_latent(host, tmp_path, recipe, tiny, latent_node, width, height):
    """The size-dependent presets get the image's size from the latent the family's own empty-latent node makes
    (FLUX.2's are 16 pixels a cell, which ComfyUI 0.3.75's latent format does not say)."""
    if tiny not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no {tiny} model")
    host.tiny.flow.write_unet(tmp_path / f"{tiny}.safetensors", tiny)
    host.add_model_dir(tmp_path)
    model = host.load_unet(f"{tiny}.safetensors")
    latent = host.call_node(latent_node, width=width, height=height, batch_size=1)[0]
    chosen = host.pack_module("samplers.recipes").BY_NAME[recipe]
    steps = chosen.steps[0]
    sigmas = host.call_node("FewStepRecipe", model=model, recipe=recipe, steps=steps, latent=latent)[1]
    expected = chosen.sigmas(model.get_model_object("model_sampling"), steps, width, height)
    assert torch.equal(sigmas, expected)
    assert not torch.equal(sigmas, chosen.sigmas(model.get_model_object("model_sampling"), steps, width // 2, height // 2))


@pytest.mark.parametrize("scheduler, recipe, steps", [("wan_lightning", "Wan2.2 Lightning A14B T2V", 4),
                                                      ("qwen_lightning", "Qwen-Image-Lightning", 4),
                                                      ("qwen_lightning", "Qwen-Image-Lightning", 8)])
def test_the_flow_dropdown_entries_are_the_presets_schedules(host, scheduler, recipe, steps):
    """The plain KSampler's flow entries, through ComfyUI's own scheduler dispatch, on a model of another shift
    (the Wan-class analytic model as loaded: shift 8): the recipe's sigmas, which equal the reference."""
    import comfy.samplers

    model = host.call_node("FewStepTestGaussianFlowModel", family="wan21", mean=MEAN, std=STD)[0]
    ms = model.get_model_object("model_sampling")
    chosen = host.pack_module("samplers.recipes").BY_NAME[recipe]
    assert torch.equal(comfy.samplers.calculate_sigmas(ms, scheduler, steps).float(), chosen.sigmas(ms, steps))


QWEN_BASE = {"base_image_seq_len": 256, "base_shift": 0.5, "max_image_seq_len": 8192, "max_shift": 0.9,
             "num_train_timesteps": 1000, "shift": 1.0, "shift_terminal": 0.02, "use_dynamic_shifting": True}
SCHEDULE_NODE_CASES = {  # id: (node, its inputs but the model and latent, the reference at 832x1216)
    "flow match, FLUX.1-dev": ("FewStepFlowMatchScheduler", dict(steps=8, pipeline="flux", use_dynamic_shifting=True),
                               lambda: ref.flux_pipeline(ref.FLUX1_DEV, 8, 832, 1216)),
    "flow match, Qwen-Image base, shift_terminal": (
        "FewStepFlowMatchScheduler", dict(steps=6, pipeline="flux", use_dynamic_shifting=True, max_shift=0.9,
                                          max_image_seq_len=8192, shift_terminal=0.02),
        lambda: ref.flux_pipeline(QWEN_BASE, 6, 832, 1216)),
    "flow match, FLUX.2": ("FewStepFlowMatchScheduler", dict(steps=4, pipeline="flux", use_dynamic_shifting=True,
                                                             mu="compute_empirical_mu"),
                           lambda: ref.flux2_pipeline(ref.FLUX2, 4, 832, 1216)),
    "flow match, SD3 path": ("FewStepFlowMatchScheduler", dict(steps=4, pipeline="sd3", shift=3.0),
                             lambda: ref.sd3_pipeline(ref.SD35, 4)),
    "step list, Wan": ("FewStepStepListScheduler", dict(timesteps="1000, 750, 500, 250", shift=5.0),
                       lambda: ref.lightx2v_step_distill(5.0, [1000, 750, 500, 250])),
    "step list, CausVid": ("FewStepStepListScheduler", dict(timesteps="999 934 862 756 603 410 250 140 74", shift=8.0),
                           lambda: ref.lightx2v_step_distill(8.0, [999, 934, 862, 756, 603, 410, 250, 140, 74])),
    "PCM grid, shift 3": ("FewStepPCMScheduler", dict(steps=4, shift=3.0), lambda: ref.pcm_deterministic(3.0, 4)),
}


@pytest.mark.parametrize("case", sorted(SCHEDULE_NODE_CASES))
def test_the_flow_schedule_nodes_equal_their_references(host, tmp_path, case):
    """The SIGMAS nodes as a user sets them up, on a FLUX.1 model as loaded with an 832x1216 latent (mu from its
    size), against diffusers' scheduler as its pipelines call it, LightX2V's and PCM's code: within 2 float32 ulp
    (diffusers stretches to shift_terminal in float32)."""
    if "flux" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no flow models")
    host.tiny.flow.write_unet(tmp_path / "flux.safetensors", "flux")
    host.add_model_dir(tmp_path)
    node, inputs, reference = SCHEDULE_NODE_CASES[case]
    model = host.load_unet("flux.safetensors")
    if node == "FewStepFlowMatchScheduler":
        latent = host.call_node("EmptySD3LatentImage", width=832, height=1216, batch_size=1)[0]
        defaults = {name: workflows.options(spec)[0] if workflows.options(spec) else spec[1]["default"]
                    for name, spec in host.nodes.NODE_CLASS_MAPPINGS[node].INPUT_TYPES()["required"].items()
                    if name != "model"}  # what a new node shows, as the frontend fills it
        inputs = {**defaults, **inputs, "latent": latent}
    sigmas = host.call_node(node, model=model, **inputs)[0]
    theirs = reference().float()
    assert sigmas.shape == theirs.shape and (sigmas - theirs).abs().max().item() <= 2 * 2.0**-23, (sigmas, theirs)
