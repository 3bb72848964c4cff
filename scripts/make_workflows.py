"""Write the example workflows (ComfyUI UI format) into workflows/: `python tools/make_workflows.py`.

One workflow per recipe, with the model files named as their authors publish them and a
note with the settings and the source; the recipe rows come from samplers/recipes.py.
A unit test fails when workflows/ differs from `rendered()`.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from samplers.recipes import BY_NAME  # noqa: E402

OUT = ROOT / "workflows"
SD15, SDXL = "v1-5-pruned-emaonly.safetensors", "sd_xl_base_1.0.safetensors"

# node type -> (linked inputs [(name, type)], widget names, outputs [(name, type)]); widget
# values follow ComfyUI's order, with the frontend's "control_after_generate" after a seed.
NODE_TYPES = {
    "CheckpointLoaderSimple": ([], ["ckpt_name"], [("MODEL", "MODEL"), ("CLIP", "CLIP"), ("VAE", "VAE")]),
    "LoraLoader": ([("model", "MODEL"), ("clip", "CLIP")], ["lora_name", "strength_model", "strength_clip"],
                   [("MODEL", "MODEL"), ("CLIP", "CLIP")]),
    "CLIPTextEncode": ([("clip", "CLIP")], ["text"], [("CONDITIONING", "CONDITIONING")]),
    "EmptyLatentImage": ([], ["width", "height", "batch_size"], [("LATENT", "LATENT")]),
    "KSampler": ([("model", "MODEL"), ("positive", "CONDITIONING"), ("negative", "CONDITIONING"),
                  ("latent_image", "LATENT")],
                 ["seed", "control_after_generate", "steps", "cfg", "sampler_name", "scheduler", "denoise"],
                 [("LATENT", "LATENT")]),
    "SamplerCustom": ([("model", "MODEL"), ("positive", "CONDITIONING"), ("negative", "CONDITIONING"),
                       ("sampler", "SAMPLER"), ("sigmas", "SIGMAS"), ("latent_image", "LATENT")],
                      ["add_noise", "noise_seed", "control_after_generate", "cfg"],
                      [("output", "LATENT"), ("denoised_output", "LATENT")]),
    "KSamplerSelect": ([], ["sampler_name"], [("SAMPLER", "SAMPLER")]),
    "FewStepSamplerTCD": ([], ["gamma", "gamma_end"], [("SAMPLER", "SAMPLER")]),
    "FewStepSamplerLCM": ([], [], [("SAMPLER", "SAMPLER")]),
    "FewStepTCDScheduler": ([("model", "MODEL")], ["steps", "strength"], [("SIGMAS", "SIGMAS")]),
    "FewStepTrailingScheduler": ([("model", "MODEL")], ["steps", "denoise"], [("SIGMAS", "SIGMAS")]),
    "FewStepTimestepsScheduler": ([("model", "MODEL")], ["timesteps"], [("SIGMAS", "SIGMAS")]),
    "FewStepAYSScheduler": ([("model", "MODEL")], ["model_type", "steps", "denoise"], [("SIGMAS", "SIGMAS")]),
    "FewStepRecipe": ([("model", "MODEL")], ["recipe", "steps"],
                      [("sampler", "SAMPLER"), ("sigmas", "SIGMAS"), ("cfg", "FLOAT")]),
    "FewStepDigitsLoader": ([], ["model"], [("model", "MODEL"), ("unconditional", "CONDITIONING")]),
    "FewStepDigitsDecode": ([("samples", "LATENT")], ["scale"], [("IMAGE", "IMAGE")]),
    "VAEDecode": ([("samples", "LATENT"), ("vae", "VAE")], [], [("IMAGE", "IMAGE")]),
    "SaveImage": ([("images", "IMAGE")], ["filename_prefix"], []),
    "Note": ([], ["text"], []),
}


class Workflow:
    def __init__(self):
        self.nodes, self.links = [], []

    def add(self, node_type, widgets=(), col=0, row=0, **inputs):
        linked, _, outputs = NODE_TYPES[node_type]
        node = {
            "id": len(self.nodes) + 1, "type": node_type, "pos": [30 + 330 * col, 30 + 200 * row],
            "size": [300, 160 if node_type != "Note" else 220], "flags": {}, "order": len(self.nodes), "mode": 0,
            "inputs": [], "outputs": [{"name": n, "type": t, "links": [], "slot_index": i}
                                      for i, (n, t) in enumerate(outputs)],
            "properties": {"Node name for S&R": node_type}, "widgets_values": list(widgets),
        }
        for name, kind in linked:
            link = None
            if name in inputs:
                source, slot = inputs[name]
                link = len(self.links) + 1
                self.links.append([link, source["id"], slot, node["id"], len(node["inputs"]), kind])
                source["outputs"][slot]["links"].append(link)
            node["inputs"].append({"name": name, "type": kind, "link": link})
        self.nodes.append(node)
        return node

    def json(self):
        return {"last_node_id": len(self.nodes), "last_link_id": len(self.links), "nodes": self.nodes,
                "links": self.links, "groups": [], "config": {}, "extra": {}, "version": 0.4}


def note(recipe_name, extra=""):
    r = BY_NAME[recipe_name]
    schedule = r.schedule + (f" {list(r.timesteps)}" if r.timesteps else "")
    lines = [f"{r.name}: sampler {r.sampler_label}, schedule {schedule}, steps {r.steps_label}",
             f"CFG {r.cfg_label} (1.0 = guidance off)", f"Source: {r.source}."]
    return "\n".join(line for line in lines + [r.note and r.note + ".", extra] if line)


def base(wf, checkpoint, lora=None, size=1024, prompt="a photo of a cat sitting on a windowsill, soft light"):
    """Loader, optional LoRA, prompts and an empty latent; returns (model, clip-conditionings, latent, vae)."""
    ckpt = wf.add("CheckpointLoaderSimple", [checkpoint], 0, 0)
    model, clip = (ckpt, 0), (ckpt, 1)
    if lora:
        lora_node = wf.add("LoraLoader", [lora, 1.0, 1.0], 0, 1, model=model, clip=clip)
        model, clip = (lora_node, 0), (lora_node, 1)
    positive = wf.add("CLIPTextEncode", [prompt], 1, 0, clip=clip)
    negative = wf.add("CLIPTextEncode", [""], 1, 1, clip=clip)
    latent = wf.add("EmptyLatentImage", [size, size, 1], 1, 2)
    return model, (positive, 0), (negative, 0), (latent, 0), (ckpt, 2)


def finish(wf, latent, vae, name):
    decoded = wf.add("VAEDecode", [], 3, 0, samples=latent, vae=vae)
    wf.add("SaveImage", [f"fewstep/{name}"], 4, 0, images=(decoded, 0))


def ksampler_workflow(name, checkpoint, lora, sampler, scheduler, steps, cfg, text, size=1024):
    wf = Workflow()
    model, pos, neg, latent, vae = base(wf, checkpoint, lora, size)
    out = wf.add("KSampler", [0, "fixed", steps, cfg, sampler, scheduler, 1.0], 2, 0,
                 model=model, positive=pos, negative=neg, latent_image=latent)
    finish(wf, (out, 0), vae, name)
    wf.add("Note", [text], 2, 2)
    return wf


def custom_workflow(name, checkpoint, lora, sampler, sigmas, cfg, text, size=1024):
    """SamplerCustom fed by SAMPLER node (type, widgets) and SIGMAS node (type, widgets)."""
    wf = Workflow()
    model, pos, neg, latent, vae = base(wf, checkpoint, lora, size)
    sampler_node = wf.add(sampler[0], sampler[1], 2, 2)
    sigmas_node = wf.add(sigmas[0], sigmas[1], 2, 3, model=model)
    out = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 2, 0, model=model, positive=pos, negative=neg,
                 sampler=(sampler_node, 0), sigmas=(sigmas_node, 0), latent_image=latent)
    finish(wf, (out, 0), vae, name)
    wf.add("Note", [text], 3, 2)
    return wf


def recipe_workflow(name, checkpoint, lora, recipe, steps, text, size=1024):
    wf = Workflow()
    model, pos, neg, latent, vae = base(wf, checkpoint, lora, size)
    preset = wf.add("FewStepRecipe", [recipe, steps], 2, 2, model=model)
    out = wf.add("SamplerCustom", [True, 0, "fixed", BY_NAME[recipe].cfg], 2, 0, model=model, positive=pos,
                 negative=neg, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
    finish(wf, (out, 0), vae, name)
    wf.add("Note", [text], 3, 2)
    return wf


def digits_workflow():
    """The shipped digit models, no download: the TCD student through SamplerCustom with the TCD
    sampler, and the LCD student through the plain KSampler's lcm_exact / lcm entries."""
    wf = Workflow()
    latent = wf.add("EmptyLatentImage", [64, 64, 16], 0, 2)
    for row, (student, save_as) in enumerate((("tcd", "digits_tcd_student"), ("lcd", "digits_lcd_student"))):
        loader = wf.add("FewStepDigitsLoader", [student], 0, 3 * row)
        model, cond = (loader, 0), (loader, 1)
        if student == "tcd":
            sampler = wf.add("FewStepSamplerTCD", [0.3, 0.3], 1, 1)
            sigmas = wf.add("FewStepTCDScheduler", [4, 1.0], 1, 2, model=model)
            out = wf.add("SamplerCustom", [True, 0, "fixed", 1.0], 2, 0, model=model, positive=cond, negative=cond,
                         sampler=(sampler, 0), sigmas=(sigmas, 0), latent_image=(latent, 0))
        else:
            out = wf.add("KSampler", [0, "fixed", 4, 1.0, "lcm_exact", "lcm", 1.0], 2, 3, model=model,
                         positive=cond, negative=cond, latent_image=(latent, 0))
        images = wf.add("FewStepDigitsDecode", [8], 3, 3 * row, samples=(out, 0))
        wf.add("SaveImage", [f"fewstep/{save_as}"], 4, 3 * row, images=(images, 0))
    wf.add("Note", ["The pack's 1 M-parameter digit models (digits/, trained on scikit-learn's 8x8 digits) run "
                    "in seconds on a CPU and need no download. Top: the TCD-distilled student, TCD sampler "
                    "(gamma 0.3) on the TCD grid, 4 steps. Bottom: the LCM-distilled student in the plain "
                    "KSampler, sampler lcm_exact, scheduler lcm, 4 steps. CFG 1: the models are unconditional. "
                    "Keep the latent at 64x64 (8x8 digits)."], 1, 4)
    return wf


def workflows():
    tcd = ("FewStepSamplerTCD", [0.3, 0.3])
    lcm = ("FewStepSamplerLCM", [])
    save_as = "Download pytorch_lora_weights.safetensors from {} and save it in models/loras as {}."
    yield "tcd_sd15", custom_workflow(
        "tcd_sd15", SD15, "TCD-SD15-LoRA.safetensors", tcd, ("FewStepTCDScheduler", [4, 1.0]), 1.0,
        note("TCD LoRA", save_as.format("h1t/TCD-SD15-LoRA", "TCD-SD15-LoRA.safetensors")), 512)
    yield "tcd_sdxl", custom_workflow(
        "tcd_sdxl", SDXL, "TCD-SDXL-LoRA.safetensors", ("FewStepSamplerTCD", [0.5, 0.2]),
        ("FewStepTCDScheduler", [8, 1.0]), 1.0,
        note("TCD LoRA", "Here gamma ramps 0.5 -> 0.2 over 8 steps: stochastic early, detailed late. "
             + save_as.format("h1t/TCD-SDXL-LoRA", "TCD-SDXL-LoRA.safetensors")))
    for steps in (1, 4):
        yield f"hyper_sdxl_unified_lora_{steps}step", recipe_workflow(
            f"hyper_sdxl_unified_lora_{steps}step", SDXL, "Hyper-SDXL-1step-lora.safetensors",
            "Hyper-SD unified 1-step LoRA", steps,
            note("Hyper-SD unified 1-step LoRA", "The recipe node gives TCD with gamma 1.0 on the TCD grid."))
    yield "hyper_sdxl_8steps_lora", ksampler_workflow(
        "hyper_sdxl_8steps_lora", SDXL, "Hyper-SDXL-8steps-lora.safetensors", "euler", "trailing", 8, 1.0,
        note("Hyper-SD N-step LoRA"))
    yield "hyper_sdxl_1step_unet", custom_workflow(
        "hyper_sdxl_1step_unet", "Hyper-SDXL-1step-Unet-Comfyui.fp16.safetensors", None, lcm,
        ("FewStepTimestepsScheduler", ["800"]), 1.0,
        note("Hyper-SDXL 1-step UNet", "This pack's LCM sampler starts the empty latent from unit-variance "
             "noise at t=800, as diffusers does."))
    for steps in (2, 4, 8):
        yield f"sdxl_lightning_{steps}step", ksampler_workflow(
            f"sdxl_lightning_{steps}step", SDXL.replace("sd_xl_base_1.0", f"sdxl_lightning_{steps}step"), None,
            "euler", "trailing", steps, 1.0, note("SDXL-Lightning"))
    yield "sdxl_turbo", ksampler_workflow(
        "sdxl_turbo", "sd_xl_turbo_1.0_fp16.safetensors", None, "euler_ancestral", "trailing", 1, 1.0,
        note("SDXL-Turbo"), 512)
    yield "lcm_lora_sd15", ksampler_workflow(
        "lcm_lora_sd15", SD15, "lcm-lora-sdv1-5.safetensors", "lcm_exact", "lcm", 4, 1.0,
        note("LCM / LCM-LoRA", save_as.format("latent-consistency/lcm-lora-sdv1-5", "lcm-lora-sdv1-5.safetensors")),
        512)
    yield "dmd2_sdxl_4step_lora", custom_workflow(
        "dmd2_sdxl_4step_lora", SDXL, "dmd2_sdxl_4step_lora_fp16.safetensors", lcm,
        ("FewStepTimestepsScheduler", ["999, 749, 499, 249"]), 1.0, note("DMD2 4-step"))
    yield "pcm_sdxl_smallcfg_4step", ksampler_workflow(
        "pcm_sdxl_smallcfg_4step", SDXL, "pcm_sdxl_smallcfg_4step_converted.safetensors", "euler", "trailing",
        4, 1.0, note("PCM"))
    yield "ays_sd15", custom_workflow(
        "ays_sd15", SD15, None, ("KSamplerSelect", ["dpmpp_2m"]), ("FewStepAYSScheduler", ["auto", 10, 1.0]), 7.0,
        "Align Your Steps (NVIDIA, arXiv 2404.14507) for a base SD1.5 model: 10 steps, DPM-Solver++(2M), "
        "CFG 7.0. The AYS table is picked from the model; steps other than 10 interpolate it.", 512)
    yield "ays_sdxl", ksampler_workflow(
        "ays_sdxl", SDXL, None, "dpmpp_2m", "ays_sdxl", 10, 7.0,
        "Align Your Steps (NVIDIA, arXiv 2404.14507) for a base SDXL model from the plain KSampler: "
        "scheduler ays_sdxl, 10 steps, DPM-Solver++(2M), CFG 7.0.")
    yield "digits_tcd_lcd_students", digits_workflow()
    yield "ksampler_dropdowns", ksampler_workflow(
        "ksampler_dropdowns", SD15, "TCD-SD15-LoRA.safetensors", "tcd", "tcd", 4, 1.0,
        note("TCD LoRA", "The plain KSampler with this pack's entries: sampler tcd (gamma 0.3) and scheduler "
             "tcd (the TCD / LCM 50-step grid). Also in the dropdowns: sampler lcm_exact; schedulers lcm, "
             "trailing, ays_sd1 and ays_sdxl."), 512)


def rendered() -> dict:
    """{path: file text} of every workflow this script writes."""
    return {OUT / f"{name}.json": json.dumps(wf.json(), indent=1) + "\n" for name, wf in workflows()}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for path, text in rendered().items():
        path.write_text(text)


if __name__ == "__main__":
    main()
