"""Dropdown entries, schedule nodes, the explicit-timestep start and the presets in a real ComfyUI."""

import logging

import pytest
import torch
from diffusers import LCMScheduler

from harness import graphs
from support import workflows

logging.getLogger("diffusers").setLevel(logging.ERROR)

SCHEDULE_NODES = {  # dropdown scheduler -> the schedule node that must give the same sigmas
    "tcd": {"class_type": "FewStepTCDScheduler", "inputs": {"steps": 4, "strength": 1.0}},
    "lcm": {"class_type": "FewStepTCDScheduler", "inputs": {"steps": 4, "strength": 1.0}},
    "trailing": {"class_type": "FewStepTrailingScheduler", "inputs": {"steps": 4, "denoise": 1.0}},
    "ays_sd1": {"class_type": "FewStepAYSScheduler", "inputs": {"model_type": "SD1", "steps": 4, "denoise": 1.0}},
    "ays_sdxl": {"class_type": "FewStepAYSScheduler", "inputs": {"model_type": "SDXL", "steps": 4, "denoise": 1.0}},
}


def run_capture(host, prompt, label="out"):
    host.run(prompt)
    return host.tiny.CAPTURED.pop(label)


def select(name):
    return {"class_type": "KSamplerSelect", "inputs": {"sampler_name": name}}


@pytest.mark.parametrize("scheduler", sorted(SCHEDULE_NODES))
@pytest.mark.parametrize("sampler", ["tcd", "lcm_exact"])
def test_dropdown_entry_equals_its_node(host, sampler, scheduler):
    """The plain KSampler with our dropdown entries gives what SamplerCustom with our nodes gives."""
    plain = run_capture(host, graphs.ksampler(sampler=sampler, scheduler=scheduler, seed=21))
    custom = run_capture(host, graphs.sampler_custom(select(sampler), SCHEDULE_NODES[scheduler], seed=21))
    assert torch.isfinite(plain).all() and torch.equal(plain, custom)


@pytest.mark.parametrize("scheduler", ["trailing", "ays_sd1"])
def test_dropdown_scheduler_honours_ksampler_denoise(host, scheduler):
    """KSampler's denoise 0.5 with our entry: the last 4 steps of an 8-step schedule, as our node's denoise
    gives them (ComfyUI cuts the schedule itself), and not the full 4-step run."""
    plain = run_capture(host, graphs.ksampler(sampler="lcm_exact", scheduler=scheduler, denoise=0.5, seed=5))
    node = {**SCHEDULE_NODES[scheduler], "inputs": {**SCHEDULE_NODES[scheduler]["inputs"], "denoise": 0.5}}
    custom = run_capture(host, graphs.sampler_custom(select("lcm_exact"), node, seed=5))
    full = run_capture(host, graphs.ksampler(sampler="lcm_exact", scheduler=scheduler, seed=5))
    assert torch.equal(plain, custom) and not torch.allclose(plain, full)


def tiny_unet(host, context_seed=0):
    """The tiny UNet as diffusers would call it, and ComfyUI's latent scaling of that model."""
    patcher = host.load_unet("tiny_eps.safetensors")
    unet = patcher.model.diffusion_model
    context = torch.randn((1, 77, 64), generator=torch.Generator().manual_seed(context_seed))
    net = lambda x, t: unet(x, t.float(), context=context.expand(x.shape[0], -1, -1)).detach()
    return net, patcher.model.process_latent_in


@pytest.mark.parametrize("timesteps", ["399", "800", "999, 749, 499, 249"])
def test_explicit_timesteps_from_an_empty_latent_match_diffusers_lcm(host, timesteps):
    """SamplerCustom + our LCM sampler + Timesteps scheduler from EmptyLatentImage, against
    diffusers' LCMScheduler(timesteps=[...]) started from the same unit-variance noise."""
    seed = 13
    prompt = graphs.sampler_custom({"class_type": "FewStepSamplerLCM", "inputs": {}},
                                   {"class_type": "FewStepTimestepsScheduler", "inputs": {"timesteps": timesteps}},
                                   seed=seed)
    ours = run_capture(host, prompt)  # a LATENT output: divided by the VAE scale factor
    noise = torch.randn((1, 4, 8, 8), generator=torch.manual_seed(seed))  # comfy.sample.prepare_noise
    generator = torch.Generator().manual_seed(seed + 1)  # per-step noise: extra_args["seed"] + 1 on the CPU
    net, to_model_space = tiny_unet(host)
    sched = LCMScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012)
    sched.set_timesteps(timesteps=[int(t) for t in timesteps.split(",")])
    x = noise
    with torch.no_grad():
        for t in sched.timesteps:
            x = sched.step(net(x, t.view(1)), t, x, generator=generator).prev_sample
    # a random UNet predicts eps ~ 0, so x0 = x / sqrt(abar) reaches +-30 after 4 steps: 1e-5 of that scale
    assert (to_model_space(ours) - x).abs().max().item() <= 1e-5 * max(1.0, x.abs().max().item())


def test_core_start_noise_differs_and_img2img_is_left_as_core_has_it(host):
    """Core's SAMPLER starts t=399 at 0.758 of the noise; ours at 1.0. With a real latent both agree."""
    sigmas = {"class_type": "FewStepTimestepsScheduler", "inputs": {"timesteps": "399"}}
    ours = run_capture(host, graphs.sampler_custom({"class_type": "FewStepSamplerLCM", "inputs": {}}, sigmas, seed=3))
    core = run_capture(host, graphs.sampler_custom(select("lcm_exact"), sigmas, seed=3))
    assert (ours - core).abs().max().item() > 1e-2
    img2img = {}
    for name, sampler in (("ours", {"class_type": "FewStepSamplerLCM", "inputs": {}}), ("core", select("lcm_exact"))):
        prompt = graphs.sampler_custom(sampler, sigmas, seed=3, label=name)
        prompt["latent"] = {"class_type": "FewStepTestLatent", "inputs": {"size": 8, "seed": 1}}
        img2img[name] = run_capture(host, prompt, name)
    assert torch.equal(img2img["ours"], img2img["core"])


def recipe_prompt(host, recipe, steps, label="out"):
    """The recipe node on a tiny model of the recipe's family (workflows.tiny_inputs) into SamplerCustom, which
    samples the node's MODEL."""
    prompt = workflows.tiny_inputs(host, recipe)
    node = "FewStepRecipe" if recipe.stages is None else "FewStepTwoExpertRecipe"
    prompt["recipe"] = {"class_type": node, "inputs": {
        "model": ["model", 0], "recipe": recipe.name, "steps": steps, "latent": ["latent", 0]}}
    model = ["recipe", len(host.nodes.NODE_CLASS_MAPPINGS[node].RETURN_TYPES) - 1]  # the recipe's MODEL, last
    prompt["sample"] = graphs.sampler_custom_node(model, ["cond", 0], ["recipe", 0], ["recipe", 1],
                                                  ["latent", 0], 1, cfg=recipe.cfg_for(steps))
    if recipe.stages is not None:  # the second part on the first's output (LTX: no upscale here)
        prompt["second"] = graphs.sampler_custom_node(model, ["cond", 0], ["recipe", 4], ["recipe", 2], ["sample", 0],
                                                      1, cfg=recipe.cfg_for(steps),
                                                      add_noise=recipe.stages.boundary is None)
    last = "sample" if recipe.stages is None else "second"
    prompt["capture"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": [last, 0], "label": label}}
    return prompt


def recipe_names():
    import samplers.recipes  # the same data the host's copy of the pack holds

    return [r.name for r in samplers.recipes.RECIPES]


@pytest.mark.parametrize("name", recipe_names())
def test_every_recipe_runs_on_a_model_of_its_family(host, name):
    recipe = host.pack_module("samplers.recipes").BY_NAME[name]
    for steps in dict.fromkeys((recipe.steps[0], recipe.steps[-1])):
        out = run_capture(host, recipe_prompt(host, recipe, steps, name), name)
        for stream in out if isinstance(out, list) else [out]:  # an audio-video latent: both streams
            assert torch.isfinite(stream).all() and stream.abs().sum() > 0, (name, steps)


def test_recipe_refuses_unpublished_step_counts(host):
    from harness.comfy_host import PromptError

    by_name = host.pack_module("samplers.recipes").BY_NAME
    with pytest.raises(PromptError, match="steps: Hyper-SD N-step LoRA is published for 2, 4 or 8 steps, not 3"):
        host.run(recipe_prompt(host, by_name["Hyper-SD N-step LoRA"], 3))
    with pytest.raises(PromptError, match="steps: TCD LoRA is published for 4 to 50 steps, not 3"):
        host.run(recipe_prompt(host, by_name["TCD LoRA"], 3))


def test_ays_auto_picks_the_table_from_the_model_class(host):
    ays_model_of = host.pack_module("nodes.schedulers").ays_model_of
    patcher = host.load_unet("tiny_eps.safetensors")
    assert ays_model_of(patcher) == "SD1"
    for cls_name, table in (("SDXL", "SDXL"), ("SDXLRefiner", "SDXL"), ("SVD_img2vid", "SVD")):
        fake = type("Patcher", (), {"model": type(cls_name, (), {})()})()
        assert ays_model_of(fake) == table
    sampling = patcher.model.model_sampling  # a discrete model of a class with no table
    with pytest.raises(ValueError, match="model_type: cannot tell which Align Your Steps table fits StableCascade_C"):
        ays_model_of(type("Patcher", (), {"model": type("StableCascade_C", (), {"model_sampling": sampling})()})())


def test_ays_equals_comfyuis_own_align_your_steps_node_at_any_step_count(host):
    """ComfyUI's AlignYourStepsScheduler (comfy_extras/nodes_align_your_steps.py: its noise levels, log-linearly
    interpolated) against ours on a model as loaded: the model's own sigmas at the AYS timesteps are its table."""
    if "AlignYourStepsScheduler" not in host.nodes.NODE_CLASS_MAPPINGS:
        pytest.skip(f"{host.name} has no AlignYourStepsScheduler node")
    ays_sigmas = host.pack_module("samplers.schedules").ays_sigmas
    ms = host.load_unet("tiny_eps.safetensors").get_model_object("model_sampling")
    for model_type in ("SD1", "SDXL", "SVD"):
        for steps in range(1, 51):
            core = host.call_node("AlignYourStepsScheduler", model_type=model_type, steps=steps, denoise=1.0)[0]
            torch.testing.assert_close(ays_sigmas(ms, steps, model_type), core.float(), rtol=1e-5, atol=0,
                                       msg=f"{model_type}, {steps} steps")


def test_ays_auto_on_a_flow_model_says_there_is_no_table(host, tmp_path):
    if "flux" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no flow models")
    host.tiny.flow.write_unet(tmp_path / "flux.safetensors", "flux")
    host.add_model_dir(tmp_path)
    with pytest.raises(ValueError, match="no Align Your Steps table is published for flow models"):
        host.pack_module("nodes.schedulers").ays_model_of(host.load_unet("flux.safetensors"))
