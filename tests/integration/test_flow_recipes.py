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
    """The README's table of how far ComfyUI's defaults and its own templates are from each flow recipe, and
    what a template costs in model calls against the preset, recomputed with this host's own classes and
    executor: the same figures in every host that has the families (the host that wrote it has them all)."""
    from bench.readme import README, section
    from harness import departures
    from scripts.readme_tables import DEPARTURES_HOST

    table = departures.table(host)
    with capsys.disabled():
        print("\n" + table)
    published = section(README.read_text(), "departures").splitlines()[1:-1]
    measured_in = re.compile(r"^Measured in \S+ ")  # the host that wrote it; every host must give the rest
    published, measured = ([measured_in.sub("", line) for line in lines] for lines in (published, table.splitlines()))
    if host.name != DEPARTURES_HOST:
        published = [line for line in published if line in measured or not line.startswith("| ")]
    assert published == measured, "run python3 scripts/readme_tables.py departures"


@pytest.mark.parametrize("case, steps, shift, calls", [
    ("KSampler at CFG 1", 3, None, 3), ("KSampler at CFG 2", 3, None, 6), ("euler_cfg_pp at CFG 1", 3, None, 6),
    ("two experts", 4, 5.0, 4)])
def test_the_departures_count_model_calls_and_passes_through_the_executor(host, case, steps, shift, calls):
    """What the departures table counts for a template and a preset: every call of the diffusion model for one
    image (a cond and an uncond are two, also where a *_cfg_pp sampler runs both at CFG 1), and the sigmas its
    sampler was given, two experts' passes (KSamplerAdvanced split at a step) as one schedule."""
    import comfy.samplers
    from harness import departures

    nodes = {"KSampler at CFG 1": departures.ksampler(steps, 1.0, "euler", "simple"),
             "KSampler at CFG 2": departures.ksampler(steps, 2.0, "euler", "simple"),
             "euler_cfg_pp at CFG 1": departures.advanced("euler_cfg_pp", departures.basic_scheduler(steps),
                                                          departures.cfg_guider(1.0)),
             "two experts": departures.wan22_experts(steps, 2, shift)}[case]
    model = host.tiny.flow.model("wan21")
    if shift:
        model = host.call_node("ModelSamplingSD3", model=model, shift=shift)[0]
    schedule = comfy.samplers.calculate_sigmas(model.get_model_object("model_sampling"), "simple", steps).tolist()
    assert departures.sampled(host, "wan21", nodes) == ([schedule], calls)


def test_the_departures_templates_are_comfyuis_files_as_shipped(host):
    """Each template the departures table samples is a blueprint ComfyUI 0.33.0 ships or a template of the
    templates package it pins, and every value its sampling nodes are given there (sampler, scheduler, typed
    sigmas, steps, CFG, shift, split, size) is a widget value of that file (linked values: of the node they come
    from; switches and bypassed parts included)."""
    import json
    from pathlib import Path

    from harness import departures
    from scripts.readme_tables import DEPARTURES_HOST

    if host.name != DEPARTURES_HOST:
        pytest.skip(f"the templates are {DEPARTURES_HOST}'s")
    import comfyui_workflow_templates_json

    def widget_values(data):
        if isinstance(data, dict):
            for key, value in data.items():
                yield from (value if key == "widgets_values" and isinstance(value, list) else widget_values(value))
        elif isinstance(data, list):
            for item in data:
                yield from widget_values(item)

    packaged = Path(comfyui_workflow_templates_json.__file__).parent / "templates"
    for template in {t.name: t for t in departures.TEMPLATES.values() if t}.values():
        path = (packaged / template.name if template.title else host.tree / "blueprints" / template.name)
        values = {v if not isinstance(v, list) else tuple(v) for v in widget_values(json.loads(
            path.with_name(path.name + ".json").read_text()))}
        for name, graph_node in template.nodes.items():
            for key, value in graph_node["inputs"].items():
                if not isinstance(value, list) and key not in ("seed", "noise_seed"):
                    assert value in values, (template.name, name, key, value)


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


# ---- the 2026 families: each step rule through the executor against the authors' loop --------------------

def recipe_graph(host, family, recipe, steps, node="FewStepRecipe", low_mean=None):
    """The analytic model of `family`'s real class, the recipe node and SamplerCustom on its MODEL output;
    a two-part recipe's second SamplerCustom (on another analytic network where `low_mean` is given: the
    low-noise expert) samples the first's output (add_noise on for a second pass, which re-noises it)."""
    prompt = {"model": gaussian("model", family),
              "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
              "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": 128, "height": 128, "batch_size": 1}}}
    if family == "ltxav":  # an audio-video latent: the analytic network treats both streams alike
        prompt.update(graphs.flow_latent(family, host.tiny.flow.FAMILIES[family], 64))
        prompt["video"]["inputs"]["length"] = 1
    last = len(host.nodes.NODE_CLASS_MAPPINGS[node].RETURN_TYPES) - 1  # the recipe's MODEL
    prompt["recipe"] = {"class_type": node, "inputs": {"model": ["model", 0], "recipe": recipe, "steps": steps}}
    prompt["sample"] = sampler_custom(["recipe", last], ["recipe", 0], ["recipe", 1], ["latent", 0])
    out = "sample"
    if node != "FewStepRecipe":
        second_model = ["recipe", last]
        if low_mean is not None:
            prompt["low_model"] = gaussian("low_model", family, mean=low_mean)
            second_model = ["low_model", 0]
        prompt["second"] = sampler_custom(second_model, ["recipe", 4], ["recipe", 2], ["sample", 0],
                                          add_noise=low_mean is None)
        out = "second"
    prompt["capture"] = capture([out, 0])
    prompt["first"] = capture(["sample", 0], "first")
    return prompt


def unbind(x):
    return list(x.unbind()) if getattr(x, "is_nested", False) else [x]


def run_logged(host, monkeypatch, prompt):
    """Run the prompt; the captured output as a list of streams, and the per-step noise draws, each a list of
    streams (the samplers draw on the streams packed into one tensor: comfy/samplers.py, pack_latents)."""
    import comfy.utils

    noise = NoiseLog(monkeypatch, host)
    host.run(prompt)
    out = host.tiny.CAPTURED.pop("out")
    host.tiny.CAPTURED.pop("first")
    if not isinstance(out, list):
        return [out], [[d] for d in noise.draws]
    return out, [comfy.utils.unpack_latents(d, [x.shape for x in out]) for d in noise.draws]


def velocity(host, mean=MEAN):
    net = host.tiny.mixture.GaussianVelocity(mean, STD, 1.0)
    return lambda x, sigma: net.velocity(x, torch.as_tensor(sigma).view(1))


@pytest.mark.parametrize("steps", [1, 2, 3, 4])
def test_rcm_wan21_through_the_executor_equals_rcms_loop(host, monkeypatch, steps):
    """rCM on Wan2.1 T2V: the recipe node (TrigFlow sigmas, core `lcm`) against rCM's own loop
    (x = noise * t_0, then x0 re-noised to t_next with fresh noise), with the noise ComfyUI drew."""
    (ours,), draws = run_logged(host, monkeypatch, recipe_graph(host, "wan21", "rCM Wan2.1 T2V", steps))
    sigmas = ref.rcm_sigmas(steps, 80.0)
    v = velocity(host)
    x = start_noise(ours.shape).double() * sigmas[0].double()
    for i in range(steps):  # ComfyUI draws no noise for the last step, where rCM multiplies its draw by 0
        noise = draws[i][0] if i < steps - 1 else torch.zeros_like(ours)
        x = ref.rcm_step(x, v(x.float(), sigmas[i]).double(), sigmas[i].double(), sigmas[i + 1].double(), noise)
    assert len(draws) == steps - 1
    assert (ours - x.float()).abs().max().item() <= 1e-5


@pytest.mark.parametrize("steps", [2, 3, 4])
def test_rcm_wan22_i2v_two_experts_equal_rcms_switch(host, monkeypatch, steps):
    """rCM on Wan2.2 I2V A14B: the Two-Part node's halves into two SamplerCustom, each expert its own network,
    against rCM's loop switching to the low-noise model once t < 0.9 (at 2 steps it never does: the
    low-noise half is empty and passes the latent through)."""
    prompt = recipe_graph(host, "wan21", "rCM Wan2.2 I2V A14B", steps, "FewStepTwoExpertRecipe", low_mean=-0.4)
    (ours,), draws = run_logged(host, monkeypatch, prompt)
    sigmas = ref.rcm_sigmas(steps, 200.0)
    nets = {"high": velocity(host), "low": velocity(host, -0.4)}
    x = start_noise(ours.shape).double() * sigmas[0].double()
    for i, expert in enumerate(ref.rcm_expert_of_each_step(sigmas, 0.9)):
        noise = draws[i][0] if i < steps - 1 else torch.zeros_like(ours)
        x = ref.rcm_step(x, nets[expert](x.float(), sigmas[i]).double(), sigmas[i].double(),
                         sigmas[i + 1].double(), noise)
    assert (ours - x.float()).abs().max().item() <= 1e-5


@pytest.mark.parametrize("recipe", ["LTX-2 / LTX-2.3 distilled", "LTX-2.5 distilled"])
def test_ltx2_two_passes_through_the_executor_equal_ltx2s_steps(host, monkeypatch, recipe):
    """LTX-2 distilled on an audio-video latent of the real LTXAV class: stage 1 (Euler, or from 2.5
    Euler-ancestral with eta 1) and stage 2 on stage 1's output re-noised to 0.909375 (the 2x upsampler
    between them is not part of the recipe and is left out here), both streams against LTX-2's own
    EulerDiffusionStep / EulerAncestralDiffusionStep with the noise ComfyUI drew."""
    if "ltxav" not in host.tiny.mixture.FLOW_CLASSES:
        pytest.skip(f"{host.name} has no LTXAV model class")
    import comfy.nested_tensor
    import comfy.sample

    ours, draws = run_logged(host, monkeypatch, recipe_graph(host, "ltxav", recipe, 8, "FewStepTwoExpertRecipe"))
    stage_1, stage_2 = ref.ltx2_distilled_sigmas()
    ancestral = recipe == "LTX-2.5 distilled"
    v = velocity(host)
    shapes = [x.shape for x in ours]
    start = unbind(comfy.sample.prepare_noise(comfy.nested_tensor.NestedTensor([torch.zeros(s) for s in shapes]), SEED))
    assert len(draws) == (7 if ancestral else 0)  # no draw toward the last sigma 0
    for stream, x in enumerate(start):
        for i in range(8):
            denoised = x - stage_1[i] * v(x, stage_1[i])
            noise = draws[i][stream] if ancestral and i < 7 else None
            x = ref.ltx2_euler_ancestral_step(x, denoised, stage_1, i, noise, eta=1.0 if ancestral else 0.0)
        x = stage_2[0] * start[stream] + (1 - stage_2[0]) * x  # SamplerCustom's add_noise: the same seed's noise
        for i in range(3):
            x = ref.ltx2_euler_ancestral_step(x, x - stage_2[i] * v(x, stage_2[i]), stage_2, i, None, eta=0.0)
        assert (ours[stream] - x).abs().max().item() <= 1e-5, stream


def test_minimax_h3_recipe_samples_both_streams_on_lightx2vs_schedules(host, monkeypatch):
    """MiniMax-H3 lightx2v 4-step v1.1: SamplerCustom on the recipe node's MODEL (its shifts set to 6 / 3 by
    MiniMaxH3SigmaShift) samples the video on LightX2V's shift-6 schedule and the audio, which the DiT derives
    from the video sigma and the two shifts, on its shift-3 one: both streams against an Euler loop on each."""
    if "minimax_h3" not in host.tiny.mixture.FLOW_CLASSES:
        pytest.skip(f"{host.name} has no MiniMaxH3 model class")
    import comfy.nested_tensor
    import comfy.sample
    from comfy.ldm.minimax.model import time_shift_sigma

    prompt = recipe_graph(host, "minimax_h3", "MiniMax-H3 lightx2v 4-step v1.1", 4)
    prompt.update(graphs.flow_latent("minimax_h3", host.tiny.flow.FAMILIES["minimax_h3"], 64))
    ours, _ = run_logged(host, monkeypatch, prompt)
    video, audio = ref.minimax_h3_sigmas(4, 6.0), ref.minimax_h3_sigmas(4, 3.0)
    assert (time_shift_sigma(video, 6.0, 3.0) - audio).abs().max().item() <= 2.0**-23  # the audio the model sees
    start = unbind(comfy.sample.prepare_noise(comfy.nested_tensor.NestedTensor([torch.zeros(x.shape) for x in ours]),
                                              SEED))
    v = velocity(host)
    for stream, (x, sigmas) in enumerate(zip(start, (video, audio))):
        for i in range(4):
            x = x + (sigmas[i + 1] - sigmas[i]) * v(x, sigmas[i])
        assert (ours[stream] - x).abs().max().item() <= 1e-5, stream


@pytest.mark.parametrize("recipe, shift", [("HiDream-I1 Dev", 6.0), ("HiDream-I1 Fast", 3.0)])
def test_hidream_through_the_executor_equals_its_flash_scheduler_but_the_last_step(host, monkeypatch, recipe, shift):
    """HiDream-I1's flash scheduler re-noises every step (core `lcm`); at its last step it returns its input
    and leaves that step's noise level in the image, where `lcm` ends at the prediction: equal to the
    reference until then, and to its prediction at the last step."""
    chosen = host.pack_module("samplers.recipes").BY_NAME[recipe]
    steps = chosen.steps[0]
    (ours,), draws = run_logged(host, monkeypatch, recipe_graph(host, "hidream", recipe, steps))
    sigmas = ref.hidream_flash_sigmas(steps, shift)
    v = velocity(host)
    x = start_noise(ours.shape) * sigmas[0]
    for i in range(steps - 1):
        x = ref.hidream_flash_step(v(x, sigmas[i]), sigmas, i, steps, x, draws[i][0])
    theirs = ref.hidream_flash_step(v(x, sigmas[-2]), sigmas, steps - 1, steps, x, None)
    prediction = x - sigmas[-2] * v(x, sigmas[-2])
    assert (ours - prediction).abs().max().item() <= 1e-5
    assert (ours - theirs).abs().max().item() > 10 * 1e-5  # the reference's noise left in


@pytest.mark.parametrize("recipe, family, match", [
    ("MiniMax-H3 lightx2v 4-step v1.1", "minimax_h3", "model: MiniMax-H3 lightx2v 4-step v1.1 sets the model's "
                                                      "sampling itself .MiniMaxH3SigmaShift.shift_video 6, shift_audio 3.."),
    ("FLUX.2-dev Turbo", "flux2", "latent: flow match, sigmas 1, 0.6509.* depends on the image size; connect the latent"),
    ("HiDream-I1 Dev", "kandinsky5", "model: HiDream-I1 Dev is a recipe for HiDream-I1 models, not for a Kandinsky 5 "
                                     "video model"),
    ("rCM Wan2.1 T2V", "hidream", "model: rCM Wan2.1 T2V is a recipe for Wan2.1 / Wan2.2 A14B models, not for a "
                                  "HiDream-I1 model"),
])
def test_2026_recipes_refuse_what_they_cannot_sample(host, recipe, family, match):
    """A MiniMax-H3 recipe on a model whose shifts another node set; FLUX.2-dev Turbo without the latent that
    sets its mu; a recipe on another family: each a named error through the executor."""
    if family not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no {family} model class")
    prompt = {"model": {"class_type": "FewStepTestFlowModel", "inputs": {"family": family, "seed": 0}}}
    model = ["model", 0]
    if family == "minimax_h3":
        prompt["shift"] = {"class_type": "MiniMaxH3SigmaShift",
                           "inputs": {"model": model, "shift_video": 6.0, "shift_audio": 3.0}}
        model = ["shift", 0]
    prompt["recipe"] = {"class_type": "FewStepRecipe", "inputs": {"model": model, "recipe": recipe, "steps": 8 if
                                                                  "8" in recipe or "Turbo" in recipe else 4}}
    if recipe == "HiDream-I1 Dev":
        prompt["recipe"]["inputs"]["steps"] = 28
    prompt["show"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": ["latent", 0], "label": "x"}}
    prompt["latent"] = {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64, "batch_size": 1}}
    prompt["sample"] = {"class_type": "SamplerCustom", "inputs": {
        "model": ["recipe", 4], "add_noise": True, "noise_seed": 0, "cfg": 1.0, "positive": ["cond", 0],
        "negative": ["cond", 0], "sampler": ["recipe", 0], "sigmas": ["recipe", 1], "latent_image": ["latent", 0]}}
    prompt["cond"] = {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}}
    prompt["capture"] = capture(["sample", 0])
    with pytest.raises(PromptError, match=match):
        host.run(prompt)
    host.tiny.CAPTURED.clear()
