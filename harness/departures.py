"""How far ComfyUI's own defaults are from each flow recipe's published schedule, measured with
ComfyUI's classes: a tiny model of the family's real class as the real UNETLoader loads it (so its
model sampling, hence its shift, is the family's as loaded) and core's schedulers.

The README's departures table is this module's output (`scripts/readme_tables.py`), and an
integration test recomputes it in the host it names.
"""

from __future__ import annotations

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


def tiny_family(recipe) -> str:
    return SCHNELL.get(recipe.name) or TINY_FLOW[recipe.families[0].name]


def departures(host) -> list[dict]:
    """Per flow recipe whose family this host has: the max |sigma difference| from its schedule (of a recipe in
    two passes, the first's) of core's `simple` on the model as loaded (ComfyUI's default), and of the closest
    core scheduler, over its step counts (and sizes)."""
    import comfy.samplers

    recipes = host.pack_module("samplers.recipes")
    models, rows = {}, []
    for recipe in (r for r in recipes.RECIPES if r.schedule.flow and tiny_family(r) in host.tiny.flow.FAMILIES):
        tiny = tiny_family(recipe)
        if tiny not in models:  # as UNETLoader loads the tiny model's file
            models[tiny] = host.tiny.flow.model(tiny)
        model = models[tiny]
        ms = model.get_model_object("model_sampling")
        with_nodes = WITH_CORE_NODES.get(recipe.name)
        worst = dict.fromkeys((*CORE, "nodes"), 0.0)
        for steps in recipe.steps:
            for width, height in SIZES if recipe.schedule.needs_size else SIZES[:1]:
                reference = recipe.sigmas(ms, steps, width, height)
                found = {s: comfy.samplers.calculate_sigmas(ms, s, steps) for s in CORE}
                if with_nodes:
                    found["nodes"] = with_nodes[1](host, model, steps, width, height)
                for key, sigmas in found.items():
                    worst[key] = max(worst[key], (sigmas.float().cpu() - reference).abs().max().item())
        closest = min(CORE, key=worst.get)
        rows.append({"recipe": recipe.name, "steps": recipe.steps, "default": worst["simple"], "closest": closest,
                     "closest_d": worst[closest], "nodes": with_nodes and (with_nodes[0], worst["nodes"])})
    return rows


def table(host) -> str:
    steps_text = host.pack_module("samplers.recipes").steps_text
    lines = [f"Measured in {host.name} with its own classes: a tiny model of each family's real class as "
             "loaded, core's schedulers, against the published schedule (max |sigma difference| over the "
             "published step counts; at 1024x1024 and 832x1216 where the schedule depends on the size). "
             "FewStep's presets are within a float32 ulp (1.2e-7) of the reference everywhere "
             "(tests/unit/test_flow.py).", "",
             "| recipe | steps | ComfyUI default (family shift, `simple`) off by | closest core scheduler, model as "
             "loaded | core nodes that fix it |", "|---|---|---|---|---|"]
    off = lambda d: "exact" if d < 1e-6 else f"{d:.3g}"
    for row in departures(host):
        nodes = f"{row['nodes'][0]}: {off(row['nodes'][1])}" if row["nodes"] else ""
        lines.append(f"| {row['recipe']} | {steps_text(row['steps'])} | {off(row['default'])} | "
                     f"`{row['closest']}`: {off(row['closest_d'])} | {nodes} |")
    return "\n".join(lines)
