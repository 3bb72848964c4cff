"""The recipe from the file in a real ComfyUI: the Distilled LoRA Loader recognises a LoRA and attaches its
recipe to the MODEL, and the plain KSampler's `recipe` sampler and scheduler then sample exactly what the recipe
node and SamplerCustom sample; every recipe's `recipe` schedule equals the recipe node's; what cannot be done is
refused by name."""

from types import SimpleNamespace

import pytest
import torch

from harness import graphs
from harness.comfy_host import PromptError
from support import workflows

ULP = 2.0**-23
SEED = 5
LORA_SEED = 11  # not the seed of the tiny LoRAs the host fixture saves under the workflows' names


@pytest.fixture(scope="module")
def loras(host, tmp_path_factory):
    """A loras folder of the host with tiny LoRAs under published names (and one under a name nobody published)."""
    folder = tmp_path_factory.mktemp("fewstep_loras")
    host.add_model_dir(folder, "loras")
    return folder


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    return tmp_path_factory.mktemp("fewstep_checkpoints")


def tiny_model(host, recipe, folder):
    """A tiny model of the recipe's family as ComfyUI loads it: SD1.5 / SDXL checkpoints (model, clip), or a flow
    family's tiny model of its real class (model, None); None where this host lacks the class."""
    import comfy.sd

    family = recipe.families[-1].name  # of SD1.5 / SDXL recipes, SDXL; the others have one family
    flow = workflows.TINY_FLOW.get(family)
    if flow is None:
        path = folder / f"tiny_{family}.safetensors"
        if not path.exists():
            (host.tiny.write_sdxl_checkpoint if family == "SDXL" else host.tiny.write_checkpoint)(path)
        with torch.no_grad():
            return comfy.sd.load_checkpoint_guess_config(str(path))[:2]
    if flow not in host.tiny.flow.FAMILIES:
        return None
    return host.tiny.flow.model(flow), None


def core_sigmas(model_sampling, scheduler, steps):
    """Core's own dispatch from a scheduler name to sigmas, as KSampler calls it (2024-03: by the model)."""
    import comfy.samplers

    if hasattr(comfy.samplers, "calculate_sigmas"):
        return comfy.samplers.calculate_sigmas(model_sampling, scheduler, steps)
    return comfy.samplers.calculate_sigmas_scheduler(SimpleNamespace(model_sampling=model_sampling), scheduler, steps)


def all_recipes():
    import samplers.recipes

    return [r.name for r in samplers.recipes.RECIPES]


@pytest.mark.parametrize("name", all_recipes())
def test_scheduler_recipe_equals_the_recipe_node_for_every_recipe(host, checkpoints, name):
    """With a recipe attached to the model, core's calculate_sigmas(model_sampling, "recipe", steps), which the
    plain KSampler calls (2024-03: calculate_sigmas_scheduler), gives the recipe node's sigmas at every published step count (experts: both halves
    together); two-pass recipes, and where ComfyUI has no sampler wrappers (2024-03) one-timestep starts below
    sigma_max, are refused by name."""
    recipe = host.pack_module("samplers.recipes").BY_NAME[name]
    attach = host.pack_module("nodes.attach")
    loaded = tiny_model(host, recipe, checkpoints)
    if loaded is None:
        pytest.skip(f"{host.name} has no {recipe.families[0].name} model class")
    model = loaded[0]
    size = (1024, 1024) if recipe.schedule.needs_size else None
    for steps in dict.fromkeys((recipe.steps[0], recipe.steps[-1])):
        patched = attach.attach(model, attach.Attached(recipe, steps, size, "test"))
        ms = host.pack_module("nodes.common").model_sampling(patched)
        below_top = name in ("DMD2 1-step", "Hyper-SDXL 1-step UNet") and not hasattr(model, "add_wrapper_with_key")
        if recipe.stages is not None and recipe.stages.boundary is None or below_top:
            with pytest.raises(ValueError, match=f"scheduler recipe: {recipe.name} (is sampled in two passes|starts "
                                                 "below the model's highest noise level)"):
                core_sigmas(ms, "recipe", steps)
            continue
        ours = core_sigmas(ms, "recipe", steps)
        node = "FewStepRecipe" if recipe.stages is None else "FewStepTwoExpertRecipe"
        latent = {"samples": torch.zeros((1, 16 if recipe.schedule.flow else 4, 128, 128))} if size else None
        outputs = host.call_node(node, model=model, recipe=name, steps=steps, latent=latent)
        theirs = outputs[1] if recipe.stages is None else torch.cat([outputs[1], outputs[2][1:]])
        if size and recipe.families[0].name == "FLUX.2":
            theirs = recipe.sigmas(ms, steps, *size)  # FLUX.2's latents are 16 pixels a cell: sized directly
        assert ours.shape == theirs.shape and (ours.cpu() - theirs).abs().max().item() <= ULP, steps


def test_the_entries_say_which_node_attaches_a_recipe(host):
    ms = host.load_unet("tiny_eps.safetensors").model.model_sampling
    with pytest.raises(ValueError, match=r"scheduler recipe: this model carries no recipe: load its distilled LoRA "
                                         r"with the Distilled LoRA Loader \(FewStep\)"):
        core_sigmas(ms, "recipe", 4)
    with pytest.raises(PromptError, match="this model carries no recipe"):
        host.run(graphs.ksampler(sampler="recipe", scheduler="recipe"))


def lora_graph(family, lora_name, steps=0, loader_latent=True):
    """The tiny model of a flow family, the Distilled LoRA Loader on it, and KSampler with the `recipe` entries
    (steps and cfg linked from the loader); "latent" is what KSampler samples."""
    prompt = {"model": {"class_type": "FewStepTestFlowModel", "inputs": {"family": family, "seed": 0}},
              "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
              "loader": {"class_type": "FewStepDistilledLoraLoader", "inputs": {
                  "model": ["model", 0], "lora_name": lora_name, "recipe_strength": True, "strength_model": 1.0,
                  "steps": steps}},
              **ksampler_recipe(["loader", 0], ["loader", 4], ["loader", 5])}
    if loader_latent:
        prompt["loader"]["inputs"]["latent"] = ["loader_latent", 0]
    return prompt


def recipe_node_graph(family, lora_name, recipe, steps, strength):
    """The same by hand: core's LoraLoaderModelOnly at the recipe's strength, the recipe node, SamplerCustom."""
    return {"model": {"class_type": "FewStepTestFlowModel", "inputs": {"family": family, "seed": 0}},
            "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": family, "seed": 0}},
            "lora": {"class_type": "LoraLoaderModelOnly", "inputs": {"model": ["model", 0], "lora_name": lora_name,
                                                                    "strength_model": strength}},
            **recipe_node_sampling(["lora", 0], recipe, steps, latent_input=True)}


def empty(node, size):
    return {"class_type": node, "inputs": {"width": size, "height": size, "batch_size": 1}}


def ksampler_recipe(model, steps, cfg):
    """KSampler with the `recipe` sampler and scheduler on `model`, steps and cfg (values or links), sampling
    "latent" with "cond", captured as "ksampler"."""
    return {"sample": {"class_type": "KSampler", "inputs": {
                "model": model, "seed": SEED, "steps": steps, "cfg": cfg, "sampler_name": "recipe",
                "scheduler": "recipe", "positive": ["cond", 0], "negative": ["cond", 0], "latent_image": ["latent", 0],
                "denoise": 1.0}},
            "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": "ksampler"}}}


def recipe_node_sampling(model, recipe, steps, latent_input=False):
    """The recipe node on `model` into SamplerCustom, sampling "latent" with "cond", captured as "custom"."""
    inputs = {"model": model, "recipe": recipe, "steps": steps, **({"latent": ["latent", 0]} if latent_input else {})}
    return {"recipe": {"class_type": "FewStepRecipe", "inputs": inputs},
            "sample": graphs.sampler_custom_node(["recipe", 4], ["cond", 0], ["recipe", 0], ["recipe", 1],
                                                 ["latent", 0], SEED),
            "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": "custom"}}}


def assert_same_samples(host, ours, theirs):
    """Run both prompts; KSampler's `recipe` entries ("ksampler") sampled exactly what the recipe node did."""
    host.run(ours)
    host.run(theirs)
    sampled, expected = host.tiny.CAPTURED.pop("ksampler"), host.tiny.CAPTURED.pop("custom")
    assert torch.isfinite(sampled).all() and torch.equal(sampled, expected)


@pytest.mark.parametrize("family, lora_name, recipe, steps, strength, latent_node", [
    ("qwen_image", "Qwen-Image-Lightning-8steps-V1.0.safetensors", "Qwen-Image-Lightning", 8, 1.0, "EmptySD3LatentImage"),
    ("flux", "Hyper-FLUX.1-dev-16steps-lora.safetensors", "Hyper-FLUX.1-dev N-step LoRA", 16, 0.125,
     "EmptySD3LatentImage"),
    ("wan21", "wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors", "Wan2.1 lightx2v StepDistill", 4, 1.0,
     "EmptyLatentImage"),
])
def test_the_loader_and_ksampler_recipe_entries_sample_what_the_recipe_node_samples(host, loras, family, lora_name,
                                                                                  recipe, steps, strength, latent_node):
    """A tiny LoRA saved under its published name: the loader recognises it (steps from its name, the recipe's
    strength) and KSampler with sampler and scheduler `recipe` samples exactly what core's LoRA loader, the recipe
    node and SamplerCustom sample. Hyper-FLUX's schedule depends on the size: the loader saw a 256-pixel latent,
    KSampler samples a 128-pixel one, and the sampler recomputes the schedule for it."""
    if family not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no {family} model class")
    if not (loras / lora_name).exists():
        host.tiny.flow.write_lora(loras / lora_name, family, seed=LORA_SEED)
    ours = {**lora_graph(family, lora_name), "loader_latent": empty(latent_node, 256), "latent": empty(latent_node, 128)}
    theirs = {**recipe_node_graph(family, lora_name, recipe, steps, strength), "latent": empty(latent_node, 128)}
    assert_same_samples(host, ours, theirs)
    outputs = host.call_node("FewStepDistilledLoraLoader", model=host.tiny.flow.model(family), lora_name=lora_name,
                             recipe_strength=True, strength_model=1.0, steps=0,
                             latent=host.call_node(latent_node, width=256, height=256, batch_size=1)[0])
    assert outputs[4:7] == (steps, 1.0, 3.5 if family == "flux" else 0.0)
    pinned = f", {steps} steps" if family != "wan21" else ""  # the step count its name gives (Wan's recipe has one)
    assert outputs[7] == f"{lora_name}: {recipe}{pinned} (by name, not verified); LoRA strength {strength:g}"


@pytest.mark.parametrize("lora_name, match", [
    ("my_lora.safetensors", r"lora_name: my_lora.safetensors: not recognised \(its keys are"),
    ("Hyper-SDXL-8steps-CFG-lora.safetensors", "lora_name: Hyper-SDXL-8steps-CFG-lora.safetensors: known .by name, "
                                               "not verified., but no verified recipe: a CFG-preserving LoRA"),
    ("Qwen-Image-Lightning-4steps-V1.0.safetensors", "model: Qwen-Image-Lightning is a recipe for Qwen-Image models, "
                                                     "not for a Wan2.1 / Wan2.2 A14B model"),
])
def test_the_loader_refuses_what_it_cannot_recognise_or_run(host, loras, lora_name, match):
    if "wan21" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no flow models")
    if not (loras / lora_name).exists():
        host.tiny.flow.write_lora(loras / lora_name, "wan21", seed=LORA_SEED)
    with pytest.raises(ValueError, match=match):
        host.call_node("FewStepDistilledLoraLoader", model=host.tiny.flow.model("wan21"), lora_name=lora_name,
                       recipe_strength=True, strength_model=1.0, steps=0)


def test_ksampler_steps_must_be_the_files_and_a_model_sampling_node_after_the_loader_drops_the_recipe(host, loras):
    if "wan21" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no flow models")
    lora_name = "wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors"
    if not (loras / lora_name).exists():
        host.tiny.flow.write_lora(loras / lora_name, "wan21", seed=LORA_SEED)
    prompt = lora_graph("wan21", lora_name, loader_latent=False)
    prompt["latent"] = empty("EmptyLatentImage", 64)
    prompt["sample"]["inputs"]["steps"] = 6
    with pytest.raises(PromptError, match=r"steps: wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors: Wan2.1 "
                                          r"lightx2v StepDistill .* at 4 steps; KSampler asks scheduler recipe for 6"):
        host.run(prompt)
    prompt["sample"]["inputs"]["steps"] = 4
    prompt["shift"] = {"class_type": "ModelSamplingSD3", "inputs": {"model": ["loader", 0], "shift": 5.0}}
    prompt["sample"]["inputs"]["model"] = ["shift", 0]
    with pytest.raises(PromptError, match="scheduler recipe: this model carries no recipe"):
        host.run(prompt)


def test_an_sdxl_lora_through_the_loader_and_ksampler_recipe_entries(host, loras, checkpoints):
    """A tiny SDXL checkpoint and a tiny LoRA for it saved as Hyper-SDXL-4steps-lora.safetensors: the loader applies
    it to model and CLIP at the recipe's strength, and KSampler with the `recipe` entries (steps and cfg from the
    loader) samples what LoraLoader, the recipe node and SamplerCustom sample: trailing Euler at 4 steps."""
    import comfy.sd

    checkpoint = checkpoints / "tiny_sdxl_for_loras.safetensors"
    host.tiny.write_sdxl_checkpoint(checkpoint)
    host.add_model_dir(checkpoints, "checkpoints")
    lora_name = "Hyper-SDXL-4steps-lora.safetensors"
    with torch.no_grad():
        model, clip = comfy.sd.load_checkpoint_guess_config(str(checkpoint))[:2]
    host.tiny.write_lora(loras / lora_name, model, LORA_SEED, clip=clip)
    base = {"ckpt": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": checkpoint.name}},
            "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64, "batch_size": 1}}}
    ours = {**base, "loader": {"class_type": "FewStepDistilledLoraLoader", "inputs": {
                "model": ["ckpt", 0], "clip": ["ckpt", 1], "lora_name": lora_name, "recipe_strength": True,
                "strength_model": 1.0, "steps": 0}},
            "cond": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["loader", 1], "text": "a cat"}},
            **ksampler_recipe(["loader", 0], ["loader", 4], ["loader", 5])}
    theirs = {**base, "lora": {"class_type": "LoraLoader", "inputs": {
                  "model": ["ckpt", 0], "clip": ["ckpt", 1], "lora_name": lora_name, "strength_model": 1.0,
                  "strength_clip": 1.0}},
              "cond": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["lora", 1], "text": "a cat"}},
              **recipe_node_sampling(["lora", 0], "Hyper-SD N-step LoRA", 4)}
    assert_same_samples(host, ours, theirs)
    applied = host.call_node("LoraLoader", model=model, clip=clip, lora_name=lora_name, strength_model=1.0,
                             strength_clip=1.0)[0]  # and found again on the MODEL core's LoraLoader made
    text = host.call_node("FewStepRecipeFromModel", model=applied, steps=0)[6]
    assert text == f"{lora_name}: Hyper-SD N-step LoRA, 4 steps (by name, not verified); LoRA strength 1"


@pytest.mark.parametrize("strength", [1.0, 0.5])
def test_the_recipe_of_a_lora_core_loaded_is_recognised_from_the_model(host, loras, strength):
    """Core's LoraLoaderModelOnly applied the LoRA: the Recipe from Model node finds its file by the applied weights,
    recognises it, and KSampler with the `recipe` entries on its MODEL samples what the loader's path samples; a
    strength other than the recipe's is said."""
    if "qwen_image" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no qwen_image model class")
    lora_name = "Qwen-Image-Lightning-8steps-V1.0.safetensors"
    if not (loras / lora_name).exists():
        host.tiny.flow.write_lora(loras / lora_name, "qwen_image", seed=LORA_SEED)
    host.tiny.flow.write_lora(loras / "another_lora.safetensors", "qwen_image", seed=3)  # not applied: not found
    model = host.tiny.flow.model("qwen_image")
    applied = host.call_node("LoraLoaderModelOnly", model=model, lora_name=lora_name, strength_model=strength)[0]
    outputs = host.call_node("FewStepRecipeFromModel", model=applied, steps=0)
    differs = "" if strength == 1.0 else " (the recipe's is 1)"
    assert outputs[6] == (f"{lora_name}: Qwen-Image-Lightning, 8 steps (by name, not verified); "
                          f"LoRA strength {strength:g}{differs}")
    assert outputs[3:6] == (8, 1.0, 0.0)
    expected = host.call_node("FewStepRecipe", model=applied, recipe="Qwen-Image-Lightning", steps=8)[1]
    assert torch.equal(outputs[2], expected)
    prompt = {"model": {"class_type": "FewStepTestFlowModel", "inputs": {"family": "qwen_image", "seed": 0}},
              "lora": {"class_type": "LoraLoaderModelOnly", "inputs": {"model": ["model", 0], "lora_name": lora_name,
                                                                      "strength_model": strength}},
              "from_model": {"class_type": "FewStepRecipeFromModel", "inputs": {"model": ["lora", 0], "steps": 0}},
              "cond": {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": "qwen_image", "seed": 0}},
              "latent": empty("EmptySD3LatentImage", 64),
              **ksampler_recipe(["from_model", 0], ["from_model", 3], ["from_model", 4])}
    theirs = {**recipe_node_graph("qwen_image", lora_name, "Qwen-Image-Lightning", 8, strength),
              "latent": empty("EmptySD3LatentImage", 64)}
    assert_same_samples(host, prompt, theirs)
    with pytest.raises(ValueError, match="model: no LoRA from the loras folders is applied to this model"):
        host.call_node("FewStepRecipeFromModel", model=model, steps=0)


@pytest.mark.parametrize("node, name, recipe, steps", [
    ("FewStepDistilledCheckpointLoader", "sdxl_lightning_4step.safetensors", "SDXL-Lightning", 4),
    # t = 800 from unit-variance noise, as diffusers' LCMScheduler(timesteps=[800]) starts an empty latent
    ("FewStepDistilledCheckpointLoader", "Hyper-SDXL-1step-Unet-Comfyui.fp16.safetensors", "Hyper-SDXL 1-step UNet",
     1),
    ("FewStepDistilledDiffusionModelLoader", "z_image_turbo_bf16.safetensors", "Z-Image-Turbo", 8),
])
def test_whole_model_loaders_recognise_the_file_and_ksampler_recipe_samples_it(host, checkpoints, node, name, recipe,
                                                                              steps):
    """A tiny model saved under a distilled model's published name: the loader gives core's loader's outputs with
    the recipe attached (steps from the file's name), and KSampler with the `recipe` entries samples what the
    recipe node and SamplerCustom sample on core's loader's model."""
    flow = node == "FewStepDistilledDiffusionModelLoader"
    if flow and "zimage" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no zimage model class")
    folder = checkpoints / node
    folder.mkdir(exist_ok=True)
    host.add_model_dir(folder, "unet" if flow else "checkpoints")
    if flow:
        host.tiny.flow.write_unet(folder / name, "zimage", seed=LORA_SEED)
        core = {"class_type": "UNETLoader", "inputs": {"unet_name": name, "weight_dtype": "default"}}
        cond = {"class_type": "FewStepTestFlowConditioning", "inputs": {"family": "zimage", "seed": 0}}
        latent = empty("EmptySD3LatentImage", 64)
    else:
        host.tiny.write_sdxl_checkpoint(folder / name)
        core = {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": name}}
        cond = {"class_type": "CLIPTextEncode", "inputs": {"clip": ["model", 1], "text": "a cat"}}
        latent = empty("EmptyLatentImage", 64)
    outputs = 1 if flow else 3  # core's loader's
    ours = {"model": {"class_type": node, "inputs": {"name": name, "steps": 0}}, "cond": cond, "latent": latent,
            **ksampler_recipe(["model", 0], ["model", outputs + 2], ["model", outputs + 3])}
    theirs = {"model": core, "cond": cond, "latent": latent, **recipe_node_sampling(["model", 0], recipe, steps)}
    import comfy.model_patcher

    if recipe == "Hyper-SDXL 1-step UNet" and not hasattr(comfy.model_patcher.ModelPatcher, "add_wrapper_with_key"):
        with pytest.raises(PromptError, match="starts below the model's highest noise level from unit-variance noise"):
            host.run(ours)  # 2024-03: no sampler wrappers to start it right
    else:
        assert_same_samples(host, ours, theirs)
    with torch.no_grad():  # as the executor runs loaders (2024-03's CLIP init needs it)
        text = host.call_node(node, name=name, steps=0)[-1]
    pinned = f", {steps} steps" if recipe == "SDXL-Lightning" else ""  # the others publish one step count
    assert text == f"{name}: {recipe}{pinned} (by name, not verified)"


def test_the_loader_sets_what_the_recipe_sets_on_the_model(host, loras):
    """MiniMax-H3's recipes set the model's video and audio shifts (MiniMaxH3SigmaShift): the loader's MODEL carries
    them as the recipe node's does, under the recipe it attaches."""
    if "minimax_h3" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no MiniMaxH3 model class")
    lora_name = "minimax_h3_fl2v_turbo_8step_v1.0_comfyui_bf16.safetensors"
    if not (loras / lora_name).exists():
        host.tiny.flow.write_lora(loras / lora_name, "minimax_h3", seed=LORA_SEED)
    model = host.tiny.flow.model("minimax_h3")
    loaded = host.call_node("FewStepDistilledLoraLoader", model=model, lora_name=lora_name, recipe_strength=True,
                            strength_model=1.0, steps=0)[0]
    node = host.call_node("FewStepRecipe", model=model, recipe="MiniMax-H3 lightx2v 8-step", steps=8)[4]
    shifts = ("minimax_h3_sigma_shift_video", "minimax_h3_sigma_shift_audio")
    for patched in (loaded, node):
        options = patched.model_options["transformer_options"]
        assert tuple(options[key] for key in shifts) == (12.0, 3.0)
    ms = host.pack_module("nodes.common").model_sampling(loaded)
    assert ms.fewstep_recipe.recipe.name == "MiniMax-H3 lightx2v 8-step" and float(ms.audio_shift) == 3.0
