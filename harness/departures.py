"""How far ComfyUI's own defaults and its own workflow templates are from each flow recipe's published
schedule, measured with ComfyUI's classes: a tiny model of the family's real class as the real UNETLoader
loads it (so its model sampling, hence its shift, is the family's as loaded), core's schedulers, and the
template's sampling nodes run through the executor beside the pack's preset, counting the model's calls.

The README's departures table is this module's output (`scripts/readme_tables.py`), and an
integration test recomputes it in the host it names.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from harness import graphs

# the recipe data's families -> the tiny model family of tiny_models/flow.py that loads as their class
TINY_FLOW = {"FLUX.1": "flux", "FLUX.2": "flux2", "SD3": "sd3", "Qwen-Image": "qwen_image",
             "Wan2.1 / Wan2.2 A14B": "wan21", "Z-Image": "zimage", "LTX-Video": "ltxv", "LTX-2": "ltxav",
             "MiniMax-H3": "minimax_h3", "HunyuanImage-2.1": "hunyuan_image21", "HunyuanVideo-1.5": "hunyuan_video15",
             "HunyuanVideo-1.5 super-resolution": "hunyuan_video15_sr", "HiDream-I1": "hidream",
             "Kandinsky 5 video": "kandinsky5"}
SCHNELL = {"FLUX.1-schnell": "flux_schnell"}  # FLUX.1-schnell loads with its own config (static shift 1)
CORE = ("simple", "normal", "sgm_uniform", "beta")  # core schedulers that apply to flow models
SIZES = ((1024, 1024), (832, 1216))  # where the recipe's schedule depends on the size


def _simple_after(node, scheduler="simple", **inputs):
    """A core scheduler (`simple`) on the model after a model-sampling node (e.g. ModelSamplingSD3), as a user
    chains them."""
    def sigmas(host, model, steps, width, height):
        import comfy.samplers

        patched = host.call_node(node, model=model, **{k: v(width, height) if callable(v) else v
                                                       for k, v in inputs.items()})[0]
        return comfy.samplers.calculate_sigmas(patched.get_model_object("model_sampling"), scheduler, steps)
    return sigmas


def _core_scheduler(name):
    """A core scheduler that CORE leaves out, on the model as loaded."""
    def sigmas(host, model, steps, width, height):
        import comfy.samplers

        return comfy.samplers.calculate_sigmas(model.get_model_object("model_sampling"), name, steps)
    return sigmas


def _flux2_scheduler(host, model, steps, width, height):
    return host.call_node("Flux2Scheduler", steps=steps, width=width, height=height)[0]


# Setups of core nodes alone that a user can build for a recipe, by recipe: (what, sigmas)
WITH_CORE_NODES = {
    "Hyper-FLUX.1-dev N-step LoRA": ("ModelSamplingFlux(1.15, 0.5, W, H) + `simple`", _simple_after(
        "ModelSamplingFlux", max_shift=1.15, base_shift=0.5, width=lambda w, h: w, height=lambda w, h: h)),
    "FLUX.2 klein (distilled)": ("Flux2Scheduler(steps, W, H)", _flux2_scheduler),
    "PCM-SD3 deterministic, shift 1": ("ModelSamplingSD3(1) + `simple`", _simple_after("ModelSamplingSD3", shift=1.0)),
    "Qwen-Image-Lightning": ("ModelSamplingAuraFlow(3) + `simple`", _simple_after("ModelSamplingAuraFlow", shift=3.0)),
    "Wan2.1 lightx2v StepDistill": ("ModelSamplingSD3(5) + `simple`", _simple_after("ModelSamplingSD3", shift=5.0)),
}
WITH_CORE_NODES["FLUX.1-Turbo-Alpha"] = WITH_CORE_NODES["Hyper-FLUX.1-dev N-step LoRA"]
for name in ("Qwen-Image-Edit-2509-Lightning", "Qwen-Image-Edit-2511-Lightning", "Qwen-Image-2512-Lightning"):
    WITH_CORE_NODES[name] = WITH_CORE_NODES["Qwen-Image-Lightning"]
for name in ("Wan2.1 lightx2v StepDistill, re-noised as trained", "Wan2.2 Lightning A14B T2V",
             "Wan2.2 Lightning A14B I2V"):
    WITH_CORE_NODES[name] = WITH_CORE_NODES["Wan2.1 lightx2v StepDistill"]
for name in ("LTX-2 / LTX-2.3 distilled", "LTX-2.5 distilled"):  # core's own formula happens to give the list
    WITH_CORE_NODES[name] = ("`linear_quadratic`", _core_scheduler("linear_quadratic"))
WITH_CORE_NODES["MiniMax-H3 lightx2v 4-step v1.1"] = ("MiniMaxH3SigmaShift(6, 3) + `simple`", _simple_after(
    "MiniMaxH3SigmaShift", shift_video=6.0, shift_audio=3.0))
for name, shift in (("HiDream-I1 Dev", 6.0), ("HiDream-I1 Fast", 3.0)):  # as ComfyUI's HiDream templates do
    WITH_CORE_NODES[name] = (f"ModelSamplingSD3({shift:g}) + `normal`", _simple_after("ModelSamplingSD3", "normal",
                                                                                       shift=shift))
for name, shift in (("HunyuanImage-2.1 distilled", 4.0), ("Kandinsky 5 T2V Lite distilled16steps", 5.0),
                    ("HunyuanVideo-1.5 step-distilled", 7.0), ("HunyuanVideo-1.5 SR step-distilled", 2.0)):
    WITH_CORE_NODES[name] = (f"ModelSamplingSD3({shift:g}) + `simple`", _simple_after("ModelSamplingSD3", shift=shift))


# ---- ComfyUI's own templates ---------------------------------------------------------------------------------------

TEMPLATES_FROM = "comfyui-workflow-templates 0.11.44 (its templates json 0.1.50) and ComfyUI 0.33.0's `blueprints/`"
MODEL, COND, LATENT = ["model", 0], ["cond", 0], ["latent", 0]  # the counted tiny model, its conditioning, its latent
SIZE = 64  # pixels of the latent the template and the preset sample


def node(class_type: str, **inputs) -> dict:
    return {"class_type": class_type, "inputs": inputs}


@dataclass(frozen=True)
class Template:
    """A workflow template or blueprint of ComfyUI's and its sampling part as shipped: the nodes that make its sigmas
    and its model calls (sampler, SIGMAS, model-sampling node, CFG or guider), in API format on MODEL, COND (for the
    positive and the negative prompt) and LATENT; the last node's output is what it samples. What feeds them
    (encoders, image conditioning, an upscaler between two stages) is left out."""

    name: str  # templates/<name>.json of the templates package, or a blueprint's blueprints/<name>.json
    title: str  # as the templates' index names it; "" for a blueprint, whose name is its title
    how: str  # its sampling, in words
    nodes: dict
    switch: str = ""  # what was switched on to sample the distilled model or LoRA as the template does
    size: tuple[int, int] | None = None  # its image size, for a recipe whose schedule depends on it

    def label(self) -> str:
        where = f"`{self.name}` ({self.title})" if self.title else f"blueprint `{self.name}`"
        return f"{where}{', ' + self.switch if self.switch else ''}: {self.how}"


def ksampler(steps, cfg, sampler, scheduler, shift=None) -> dict:
    """KSampler on the model as loaded, or after a model-sampling node: shift = (its type, its shift)."""
    nodes, model = {}, MODEL
    if shift:
        nodes["shift"], model = node(shift[0], model=MODEL, shift=shift[1]), ["shift", 0]
    nodes["sample"] = node("KSampler", model=model, seed=0, steps=steps, cfg=cfg, sampler_name=sampler,
                           scheduler=scheduler, positive=COND, negative=COND, latent_image=LATENT, denoise=1.0)
    return nodes


def wan22_experts(steps, split, shift) -> dict:
    """Wan 2.2's two KSamplerAdvanced, each expert behind ModelSamplingSD3: the first `split` steps, then the rest on
    the first's output with its leftover noise (one tiny model stands in for both experts)."""
    same = dict(model=["shift", 0], noise_seed=0, steps=steps, cfg=1.0, sampler_name="euler", scheduler="simple",
                positive=COND, negative=COND)
    return {"shift": node("ModelSamplingSD3", model=MODEL, shift=shift),
            "high": node("KSamplerAdvanced", add_noise="enable", latent_image=LATENT, start_at_step=0,
                         end_at_step=split, return_with_leftover_noise="enable", **same),
            "low": node("KSamplerAdvanced", add_noise="disable", latent_image=["high", 0], start_at_step=split,
                        end_at_step=steps, return_with_leftover_noise="disable", **same)}


def advanced(sampler, sigmas, guider, latent=LATENT, prefix="") -> dict:
    """SamplerCustomAdvanced with RandomNoise, KSamplerSelect(sampler), a SIGMAS node and a GUIDER node."""
    link = lambda name: [prefix + name, 0]
    return {prefix + "noise": node("RandomNoise", noise_seed=0),
            prefix + "sampler": node("KSamplerSelect", sampler_name=sampler),
            prefix + "sigmas": sigmas, prefix + "guider": guider,
            prefix + "sample": node("SamplerCustomAdvanced", noise=link("noise"), guider=link("guider"),
                                    sampler=link("sampler"), sigmas=link("sigmas"), latent_image=latent)}


def two_stages(first, second) -> dict:
    """LTX's two stages, each `advanced(sampler, sigmas, guider)`: the second samples the first's output (the 2x
    latent upsampler between them is left out)."""
    return {**advanced(*first, prefix="first_"), **advanced(*second, latent=["first_sample", 0], prefix="second_")}


def cfg_guider(cfg, model=MODEL) -> dict:
    return node("CFGGuider", model=model, positive=COND, negative=COND, cfg=cfg)


def basic_scheduler(steps, model=MODEL) -> dict:
    return node("BasicScheduler", model=model, scheduler="simple", steps=steps, denoise=1.0)


BASIC_GUIDER = node("BasicGuider", model=MODEL, conditioning=COND)
LTX_DUAL_GUIDER = node("LTXVDualCFGGuider", model=MODEL, positive=COND, negative=COND, video_cfg=1.0, audio_cfg=1.0)
# the sigmas LTX-2.3's and 2.5's templates type into ManualSigmas
LTX_STAGE_1 = node("ManualSigmas", sigmas="1.0, 0.99375, 0.9875, 0.98125, 0.975, 0.909375, 0.725, 0.421875, 0.0")
LTX_STAGE_2 = node("ManualSigmas", sigmas="0.85, 0.7250, 0.4219, 0.0")
LIGHTNING_ON = "Lightning LoRA switch on (off as shipped)"
WAN22 = "lightx2v LoRAs: euler + `simple`, ModelSamplingSD3(5), CFG 1, experts switched at step 2"
FLUX1_DEV = Template("Text to Image (Flux.1 Dev)", "", "euler + `simple`, CFG 1", ksampler(20, 1.0, "euler", "simple"),
                     size=(1024, 1024))
SD35 = Template("sd3.5_simple_example", "SD3.5 Simple", "SD3.5 Large, euler + `sgm_uniform`, CFG 4.01",
                ksampler(20, 4.01, "euler", "sgm_uniform"))
WAN21_ALPHA = Template("video_wan2.1_alpha_t2v_14B", "Wan2.1 Alpha T2V",
                       "uni_pc + `simple`, ModelSamplingSD3(5), CFG 6",
                       ksampler(20, 6.0, "uni_pc", "simple", ("ModelSamplingSD3", 5.0)),
                       "its lightx2v LoRA bypassed as shipped (the sampler the same with it; a note says 4 steps, "
                       "CFG 1)")
WAN22_I2V = Template("Image to Video (Wan 2.2)", "", WAN22, wan22_experts(4, 2, 5.000000000000001))
MINIMAX_T2V = Template("video_minimax_h3_t2v", "MiniMax H3: Text to Video",
                       "res_multistep + `simple` on the class's shifts (12, audio 3), BasicGuider",
                       advanced("res_multistep", basic_scheduler(8), BASIC_GUIDER), LIGHTNING_ON)
FLUX2_DEV = Template("Text to Image (Flux.2 Dev)", "", "euler + Flux2Scheduler, BasicGuider",
                     advanced("euler", node("Flux2Scheduler", steps=8, width=1024, height=1024), BASIC_GUIDER),
                     "Turbo LoRA switch on (off as shipped)", (1024, 1024))
HUNYUAN15_I2V = ("video_hunyuan_video_1.5_720p_i2v", "Hunyuan Video 1.5 Image to Video")

# By recipe: the template or blueprint for its model (else its family's closest), its distilled model or LoRA
# switched on where it has a switch; None where none ships for the family
TEMPLATES = {
    "FLUX.1-schnell": Template("flux_schnell", "Flux.1 Schnell FP8", "euler + `simple`, CFG 1",
                               ksampler(4, 1.0, "euler", "simple")),
    "Hyper-FLUX.1-dev N-step LoRA": FLUX1_DEV,
    "FLUX.1-Turbo-Alpha": FLUX1_DEV,
    "FLUX.2 klein (distilled)": Template(
        "image_flux2_klein_text_to_image", "Flux.2 [Klein] 4B: Text to Image", "euler + Flux2Scheduler, CFGGuider(1)",
        advanced("euler", node("Flux2Scheduler", steps=4, width=1024, height=1024), cfg_guider(1.0)),
        "its distilled subgraph on (bypassed as shipped)", (1024, 1024)),
    "SD3.5 Large Turbo": SD35,
    "Hyper-SD3 N-step CFG LoRA": SD35,
    "PCM-SD3 deterministic, shift 1": SD35,
    "PCM-SD3 deterministic, shift 3": SD35,
    "PCM-SD3 stochastic, shift 3": SD35,
    "Qwen-Image-Lightning": Template(
        "Text to Image (Qwen-Image)", "", "euler + `simple`, ModelSamplingAuraFlow(3.1), CFG 1",
        ksampler(8, 1.0, "euler", "simple", ("ModelSamplingAuraFlow", 3.1000000000000005)), LIGHTNING_ON),
    "Qwen-Image-Edit-2509-Lightning": Template(
        "Image Edit (Qwen 2509)", "", "euler + `simple`, ModelSamplingAuraFlow(3), CFG 1",
        ksampler(4, 1.0, "euler", "simple", ("ModelSamplingAuraFlow", 3.0)), "Lightning LoRA switch on as shipped"),
    "Wan2.1 lightx2v StepDistill": WAN21_ALPHA,
    "Wan2.1 lightx2v StepDistill, re-noised as trained": WAN21_ALPHA,
    "Wan2.2 Lightning A14B T2V": Template("Text to Video (Wan 2.2)", "", WAN22, wan22_experts(4, 2, 5.000000000000001)),
    "Wan2.2 Lightning A14B I2V": WAN22_I2V,
    "Z-Image-Turbo": Template(
        "Text to Image (Z-Image-Turbo)", "", "res_multistep + `simple`, ModelSamplingAuraFlow(3), CFG 1",
        ksampler(8, 1.0, "res_multistep", "simple", ("ModelSamplingAuraFlow", 3.0))),
    "Qwen-Image-Edit-2511-Lightning": Template(
        "image_qwen_image_edit_2511", "Qwen Image Edit 2511 - Material Replacement",
        "euler + `simple`, ModelSamplingAuraFlow(3.1), CFG 1",
        ksampler(4, 1.0, "euler", "simple", ("ModelSamplingAuraFlow", 3.1)), LIGHTNING_ON),
    "Qwen-Image-2512-Lightning": Template(
        "Text to Image (Qwen-Image 2512)", "", "euler + `simple`, ModelSamplingAuraFlow(3.1), CFG 1",
        ksampler(4, 1.0, "euler", "simple", ("ModelSamplingAuraFlow", 3.1000000000000005)), LIGHTNING_ON),
    "LTX-2 / LTX-2.3 distilled": Template(
        "Text to Video (LTX-2.3)", "", "dev + distilled LoRA 0.5, euler_ancestral_cfg_pp, then euler_cfg_pp from 0.85, "
        "CFGGuider(1)", two_stages(("euler_ancestral_cfg_pp", LTX_STAGE_1, cfg_guider(1.0)),
                                   ("euler_cfg_pp", LTX_STAGE_2, cfg_guider(1.0)))),
    "LTX-2.5 distilled": Template(
        "video_ltx2_5_t2v", "LTX-2.5: Text to Video", "euler_ancestral, then euler_ancestral from 0.85, "
        "LTXVDualCFGGuider(1, 1)", two_stages(("euler_ancestral", LTX_STAGE_1, LTX_DUAL_GUIDER),
                                             ("euler_ancestral", LTX_STAGE_2, LTX_DUAL_GUIDER))),
    "LTX-Video 0.9.8 distilled": Template("ltxv_text_to_video", "LTXV Text to Video",
                                          "2B 0.9, euler + LTXVScheduler, CFG 3", {
        "shipped_latent": node("EmptyLTXVLatentVideo", width=768, height=512, length=97, batch_size=1),
        "sigmas": node("LTXVScheduler", steps=30, max_shift=2.05, base_shift=0.95, stretch=True, terminal=0.1,
                       latent=["shipped_latent", 0]),
        "sampler": node("KSamplerSelect", sampler_name="euler"),
        "sample": graphs.sampler_custom_node(MODEL, COND, ["sampler", 0], ["sigmas", 0], LATENT, 0, cfg=3.0)}),
    "MiniMax-H3 lightx2v 4-step v1.1": MINIMAX_T2V,
    "MiniMax-H3 lightx2v 8-step": MINIMAX_T2V,
    "MiniMax-H3 HyperFlow 8-step": MINIMAX_T2V,
    "FLUX.2-dev Turbo": FLUX2_DEV,
    "FLUX.2-dev Turbo, list as typed": FLUX2_DEV,
    "rCM Wan2.1 T2V": WAN21_ALPHA,
    "rCM Wan2.2 I2V A14B": WAN22_I2V,
    "HunyuanImage-2.1 distilled": None,
    "HunyuanVideo-1.5 step-distilled": Template(
        *HUNYUAN15_I2V, "720p model, euler + `simple` on the class's shift, ModelSamplingSD3(7) for the guider, "
        "CFG 6", {"shift": node("ModelSamplingSD3", model=MODEL, shift=7.0),
                  **advanced("euler", basic_scheduler(20), cfg_guider(6.0, ["shift", 0]))}),
    "HunyuanVideo-1.5 SR step-distilled": Template(
        *HUNYUAN15_I2V, "euler + `simple` on the class's shift, split at step 4 (the first part's model "
        "behind ModelSamplingSD3(2)), CFG 1", {
            "shift": node("ModelSamplingSD3", model=MODEL, shift=2.0),
            "sigmas": basic_scheduler(8),
            "split": node("SplitSigmas", sigmas=["sigmas", 0], step=4),
            "sampler": node("KSamplerSelect", sampler_name="euler"),
            "noise": node("RandomNoise", noise_seed=0),
            "no_noise": node("DisableNoise"),
            "high_guider": cfg_guider(1.0, ["shift", 0]),
            "low_guider": cfg_guider(1.0),
            "high": node("SamplerCustomAdvanced", noise=["noise", 0], guider=["high_guider", 0],
                         sampler=["sampler", 0], sigmas=["split", 0], latent_image=LATENT),
            "low": node("SamplerCustomAdvanced", noise=["no_noise", 0], guider=["low_guider", 0],
                        sampler=["sampler", 0], sigmas=["split", 1], latent_image=["high", 0])},
        "its 1080p super-resolution stage on (bypassed as shipped)"),
    "HiDream-I1 Dev": Template("hidream_i1_dev", "HiDream I1 Dev", "lcm + `normal`, ModelSamplingSD3(6), CFG 1",
                               ksampler(28, 1.0, "lcm", "normal", ("ModelSamplingSD3", 6.000000000000001))),
    "HiDream-I1 Fast": Template("hidream_i1_fast", "HiDream I1 Fast", "lcm + `normal`, ModelSamplingSD3(3), CFG 1",
                                ksampler(16, 1.0, "lcm", "normal", ("ModelSamplingSD3", 3.0))),
    "Kandinsky 5 T2V Lite distilled16steps": Template(
        "video_kandinsky5_t2v", "Kandinsky 5.0 Video Lite Text to Video",
        "sft model, euler_ancestral + `beta`, ModelSamplingSD3(5), CFG 5",
        ksampler(50, 5.0, "euler_ancestral", "beta", ("ModelSamplingSD3", 5.0))),
}
RUNS = itertools.count()  # a new label each run: no node's output comes from the executor's cache



def sampled(host, family, nodes) -> tuple[list[list[float]], int]:
    """Sample `family`'s tiny model with `nodes` through the executor, counting the model's calls: the schedules
    it sampled (a pass that starts where the one before it stopped continues it: two experts, a split schedule)
    and its model calls per image (forward passes; a cond and an uncond are two)."""
    label = f"departures {next(RUNS)}"
    spec = host.tiny.flow.FAMILIES[family]
    prompt = {"loaded": node("FewStepTestFlowModel", family=family, seed=0),
              "model": node("FewStepTestCountCalls", model=["loaded", 0], label=label),
              "cond": node("FewStepTestFlowConditioning", family=family, seed=0),
              **graphs.flow_latent(family, spec, SIZE), **nodes}
    prompt["capture"] = node("FewStepTestCapture", samples=[list(nodes)[-1], 0], label=label)
    host.run(prompt)
    host.tiny.CAPTURED.pop(label)
    calls = host.tiny.CALLS.pop(label)
    schedules = []
    for i, (_, sigmas) in enumerate(calls):
        if i and sigmas == calls[i - 1][1]:
            continue
        if schedules and schedules[-1][-1] == sigmas[0]:
            schedules[-1] = schedules[-1] + sigmas[1:]
        else:
            schedules.append(sigmas)
    return schedules, sum(images for images, _ in calls)


def preset(recipe, steps, size_latent=None) -> dict:
    """The pack's recipe node and SamplerCustom on its outputs, as its workflows wire them: of a recipe in two
    parts, a second SamplerCustom on the first's output (a second expert goes on without adding noise, a second
    pass re-noises it)."""
    two = recipe.stages is not None
    nodes, inputs = {}, {"model": MODEL, "recipe": recipe.name, "steps": steps}
    if size_latent:
        nodes["size"], inputs["latent"] = size_latent, ["size", 0]
    nodes["recipe"] = node("FewStepTwoExpertRecipe" if two else "FewStepRecipe", **inputs)
    model, cfg = ["recipe", 5 if two else 4], ["recipe", 3 if two else 2]
    nodes["first"] = graphs.sampler_custom_node(model, COND, ["recipe", 0], ["recipe", 1], LATENT, 0, cfg=cfg)
    if two:
        nodes["second"] = graphs.sampler_custom_node(model, COND, ["recipe", 4], ["recipe", 2], ["first", 0], 0,
                                                     cfg=cfg, add_noise=recipe.stages.boundary is None)
    return nodes


def against_template(host, recipe, template, shipped) -> dict:
    """The template's sampling (`shipped`: its `sampled`) against the preset's at the template's step count, or at
    the published one nearest it: the max |sigma difference| where their steps agree (else None) and their model
    calls per image."""
    schedules, calls = shipped
    steps = min(recipe.steps, key=lambda n: (abs(n - (len(schedules[0]) - 1)), n))
    size_latent = None
    if recipe.schedule.needs_size:
        spec = host.tiny.flow.FAMILIES[tiny_family(recipe)]
        size_latent = node(spec["latent_node"], width=template.size[0], height=template.size[1], batch_size=1)
    ours, our_calls = sampled(host, tiny_family(recipe), preset(recipe, steps, size_latent))
    lengths = lambda found: [len(s) for s in found]
    off = None
    if lengths(schedules) == lengths(ours):
        off = max(abs(a - b) for theirs, mine in zip(schedules, ours) for a, b in zip(theirs, mine))
    return {"template": template, "off": off, "steps": (schedules, ours), "preset_steps": steps,
            "calls": (calls, our_calls)}


def tiny_family(recipe) -> str:
    return SCHNELL.get(recipe.name) or TINY_FLOW[recipe.families[0].name]


def schedules(host, recipe, model, steps, width, height) -> dict:
    """At one step count and size, on `model` (the family's tiny model as loaded): the recipe's published sigmas
    ("published"), core's schedulers (CORE), and the setup of core nodes that fixes it ("nodes") where
    WITH_CORE_NODES has one."""
    import comfy.samplers

    ms = model.get_model_object("model_sampling")
    found = {"published": recipe.sigmas(ms, steps, width, height)}
    found.update({s: comfy.samplers.calculate_sigmas(ms, s, steps) for s in CORE})
    if recipe.name in WITH_CORE_NODES:
        found["nodes"] = WITH_CORE_NODES[recipe.name][1](host, model, steps, width, height)
    return found


def core_departures(host) -> list[dict]:
    """Per flow recipe whose family this host has: the max |sigma difference| from its schedule (of a recipe in
    two passes, the first's) of core's `simple` on the model as loaded (ComfyUI's default), of the closest core
    scheduler, and of the core nodes that fix it, over its step counts (and sizes); with the `schedules` measured,
    by (steps, width, height)."""
    recipes = host.pack_module("samplers.recipes")
    models, rows = {}, []
    for recipe in (r for r in recipes.RECIPES if r.schedule.flow and tiny_family(r) in host.tiny.flow.FAMILIES):
        tiny = tiny_family(recipe)
        if tiny not in models:  # as UNETLoader loads the tiny model's file
            models[tiny] = host.tiny.flow.model(tiny)
        measured, worst = {}, {}
        for steps in recipe.steps:
            for width, height in SIZES if recipe.schedule.needs_size else SIZES[:1]:
                found = measured[steps, width, height] = schedules(host, recipe, models[tiny], steps, width, height)
                for key, sigmas in found.items():
                    off = (sigmas.float().cpu() - found["published"]).abs().max().item()
                    worst[key] = max(worst.get(key, 0.0), off)
        closest = min(CORE, key=worst.get)
        with_nodes = WITH_CORE_NODES.get(recipe.name)
        rows.append({"recipe": recipe, "tiny": tiny, "schedules": measured, "default": worst["simple"],
                     "closest": closest, "closest_d": worst[closest],
                     "nodes": with_nodes and (with_nodes[0], worst["nodes"])})
    return rows


def departures(host) -> list[dict]:
    """`core_departures`, each with its ComfyUI template against the preset (`against_template`), or None where
    none ships."""
    shipped, rows = {}, []
    for row in core_departures(host):
        recipe, tiny = row["recipe"], row["tiny"]
        template = TEMPLATES[recipe.name]
        if template is not None and (template.name, tiny) not in shipped:
            shipped[template.name, tiny] = sampled(host, tiny, template.nodes)
        rows.append({**row, "recipe": recipe.name, "steps": recipe.steps,
                     "template": template and against_template(host, recipe, template, shipped[template.name, tiny])})
    return rows


def table(host) -> str:
    steps_text = host.pack_module("samplers.recipes").steps_text
    lines = [f"Measured in {host.name} with its own classes: a tiny model of each family's real class as "
             "loaded, core's schedulers, against the published schedule (max |sigma difference| over the "
             "published step counts; at 1024x1024 and 832x1216 where the schedule depends on the size). "
             "FewStep's presets are within a float32 ulp (1.2e-7) of the reference everywhere "
             "(tests/unit/test_flow.py).", "",
             f"ComfyUI's template: the one for the recipe's model in {TEMPLATES_FROM} (where none ships for the "
             "model, the family's closest), with its distilled LoRA or model switched on where it has a switch. Its "
             "sampling nodes as shipped (sampler, sigmas, model-sampling node, CFG or guider) and the preset (the "
             "recipe node and SamplerCustom) sample the tiny model through the executor, the preset at the "
             "template's step count (else the published one nearest it): the sigmas both sampled compared where "
             "their steps agree, and the diffusion model's calls for one image counted (a cond and an uncond are "
             "two, as `*_cfg_pp` samplers run them at CFG 1 too).", "",
             "| recipe | steps | ComfyUI default (family shift, `simple`) off by | closest core scheduler, model as "
             "loaded | core nodes that fix it | ComfyUI's template / blueprint (as shipped) | model calls per "
             "image, template / preset |", "|---|---|---|---|---|---|---|"]
    off = lambda d: "exact" if d < 1e-6 else f"{d:.3g}"
    for row in departures(host):
        nodes = f"{row['nodes'][0]}: {off(row['nodes'][1])}" if row["nodes"] else ""
        template, calls = "none", ""
        if row["template"]:
            found = row["template"]
            steps = [" + ".join(str(len(s) - 1) for s in schedules) for schedules in found["steps"]]
            template = found["template"].label() + "; " + (
                f"{steps[0]} steps, the preset {steps[1]}" if found["off"] is None
                else "exact" if found["off"] < 1e-6 else f"off by {found['off']:.3g}")
            calls = "{} / {}".format(*found["calls"]) + (
                f" (preset at {found['preset_steps']} steps)" if len(row["steps"]) > 1 else "")
        lines.append(f"| {row['recipe']} | {steps_text(row['steps'])} | {off(row['default'])} | "
                     f"`{row['closest']}`: {off(row['closest_d'])} | {nodes} | {template} | {calls} |")
    return "\n".join(lines)
