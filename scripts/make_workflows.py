"""Write the example workflows (ComfyUI UI format) into workflows/: `.venv/bin/python scripts/make_workflows.py`.

One workflow per recipe, made from the recipe data (samplers/recipes.py): its settings, its model
files named as ComfyUI's templates name them, each loader node declaring its files in
`properties.models` (name, url, directory) the way ComfyUI's own templates do, so the frontend's
missing-model panel points to the download; a note with the settings and the source.
A unit test fails when workflows/ differs from `rendered()`.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from samplers.recipes import BY_NAME, SD15, SDXL, steps_text  # noqa: E402

OUT = ROOT / "workflows"
SD15_BASE, SDXL_BASE = SD15.files[0], SDXL.files[0]

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
    "FewStepRecipe": ([("model", "MODEL"), ("latent", "LATENT")], ["recipe", "steps"],
                      [("sampler", "SAMPLER"), ("sigmas", "SIGMAS"), ("cfg", "FLOAT"), ("guidance", "FLOAT")]),
    "FewStepTwoExpertRecipe": ([("model", "MODEL")], ["recipe", "steps"],
                               [("sampler", "SAMPLER"), ("high_noise_sigmas", "SIGMAS"),
                                ("low_noise_sigmas", "SIGMAS"), ("cfg", "FLOAT")]),
    "FewStepDigitsLoader": ([], ["model"], [("model", "MODEL"), ("unconditional", "CONDITIONING")]),
    "FewStepDigitsDecode": ([("samples", "LATENT")], ["scale"], [("IMAGE", "IMAGE")]),
    "UNETLoader": ([], ["unet_name", "weight_dtype"], [("MODEL", "MODEL")]),
    "LoraLoaderModelOnly": ([("model", "MODEL")], ["lora_name", "strength_model"], [("MODEL", "MODEL")]),
    "CLIPLoader": ([], ["clip_name", "type", "device"], [("CLIP", "CLIP")]),
    "DualCLIPLoader": ([], ["clip_name1", "clip_name2", "type", "device"], [("CLIP", "CLIP")]),
    "TripleCLIPLoader": ([], ["clip_name1", "clip_name2", "clip_name3"], [("CLIP", "CLIP")]),
    "VAELoader": ([], ["vae_name"], [("VAE", "VAE")]),
    "FluxGuidance": ([("conditioning", "CONDITIONING")], ["guidance"], [("CONDITIONING", "CONDITIONING")]),
    "EmptySD3LatentImage": ([], ["width", "height", "batch_size"], [("LATENT", "LATENT")]),
    "EmptyFlux2LatentImage": ([], ["width", "height", "batch_size"], [("LATENT", "LATENT")]),
    "EmptyHunyuanLatentVideo": ([], ["width", "height", "length", "batch_size"], [("LATENT", "LATENT")]),
    "VAEDecode": ([("samples", "LATENT"), ("vae", "VAE")], [], [("IMAGE", "IMAGE")]),
    "SaveImage": ([("images", "IMAGE")], ["filename_prefix"], []),
    "SaveAnimatedWEBP": ([("images", "IMAGE")], ["filename_prefix", "fps", "lossless", "quality", "method"], []),
    "Note": ([], ["text"], []),
}


class Workflow:
    def __init__(self):
        self.nodes, self.links = [], []

    def add(self, node_type, widgets=(), col=0, row=0, models=(), **inputs):
        """A node; `models`: the ModelFiles a loader node loads, declared in its properties."""
        linked, _, outputs = NODE_TYPES[node_type]
        node = {
            "id": len(self.nodes) + 1, "type": node_type, "pos": [30 + 330 * col, 30 + 200 * row],
            "size": [300, 160 if node_type != "Note" else 220], "flags": {}, "order": len(self.nodes), "mode": 0,
            "inputs": [], "outputs": [{"name": n, "type": t, "links": [], "slot_index": i}
                                      for i, (n, t) in enumerate(outputs)],
            "properties": {"Node name for S&R": node_type}, "widgets_values": list(widgets),
        }
        if models:
            node["properties"]["models"] = [f.declared() for f in models]
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
    lines = [f"{r.name}: sampler {r.sampler_label}, schedule {r.schedule.label()}, steps {steps_text(r.steps)}",
             f"CFG {r.cfg_label} (1.0 = guidance off)" + (f", FLUX guidance {r.guidance:g}" if r.guidance else "")
             + (f", LoRA strength {r.lora_strength:g}" if r.lora_strength is not None else ""),
             f"Source: {r.source}."]
    return "\n".join(line for line in lines + [r.note and r.note + ".", extra] if line)


def base(wf, checkpoint, lora=None, size=1024, prompt="a photo of a cat sitting on a windowsill, soft light"):
    """Loader, optional LoRA (ModelFiles), prompts and an empty latent; returns (model, conditionings, latent, vae)."""
    ckpt = wf.add("CheckpointLoaderSimple", [checkpoint.name], 0, 0, models=[checkpoint])
    model, clip = (ckpt, 0), (ckpt, 1)
    if lora:
        lora_node = wf.add("LoraLoader", [lora.name, 1.0, 1.0], 0, 1, models=[lora], model=model, clip=clip)
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
    preset = wf.add("FewStepRecipe", [recipe, steps], 2, 2, model=model, latent=latent)
    out = wf.add("SamplerCustom", [True, 0, "fixed", BY_NAME[recipe].cfg_for(steps)], 2, 0, model=model, positive=pos,
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
            sampler = wf.add("FewStepSamplerTCD", [0.3, -1.0], 1, 1)
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


# family -> its text encoders (loader, files, widgets after them), VAE file (None: the checkpoint's) and
# empty latent (node, widgets after width and height), as ComfyUI's own templates set them up
FLOW_SETUP = {
    "FLUX.1": (("DualCLIPLoader", ("clip_l.safetensors", "t5xxl_fp16.safetensors"), ["flux", "default"]),
               "ae.safetensors", ("EmptySD3LatentImage", [1])),
    "FLUX.2": (("CLIPLoader", ("qwen_3_4b.safetensors",), ["flux2", "default"]),
               "flux2-vae.safetensors", ("EmptyFlux2LatentImage", [1])),
    "SD3": (("TripleCLIPLoader", ("clip_l.safetensors", "clip_g.safetensors", "t5xxl_fp16.safetensors"), []),
            None, ("EmptySD3LatentImage", [1])),
    "Qwen-Image": (("CLIPLoader", ("qwen_2.5_vl_7b_fp8_scaled.safetensors",), ["qwen_image", "default"]),
                   "qwen_image_vae.safetensors", ("EmptySD3LatentImage", [1])),
    "Wan2.1 / Wan2.2 A14B": (("CLIPLoader", ("umt5_xxl_fp8_e4m3fn_scaled.safetensors",), ["wan", "default"]),
                             "wan_2.1_vae.safetensors", ("EmptyHunyuanLatentVideo", [81, 1])),
    "Z-Image": (("CLIPLoader", ("qwen_3_4b.safetensors",), ["lumina2", "default"]),
                "ae.safetensors", ("EmptySD3LatentImage", [1])),
}


def flow_workflow(name, recipe_name, steps, diffusion_models, loras=(), size=(1024, 1024), scheduler=None,
                  prompt="a photo of a cat sitting on a windowsill, soft light", text=""):
    """A flow model's workflow as ComfyUI's templates lay it out: diffusion model(s) (one per expert) with the
    recipe's LoRA(s) at its strength, the family's text encoders and VAE, then the recipe node and
    SamplerCustom (two, split at the boundary, for a two-expert recipe), or the plain KSampler with a
    scheduler dropdown entry."""
    r = BY_NAME[recipe_name]
    (clip_loader, clip_files, clip_widgets), vae_file, (latent_node, latent_widgets) = FLOW_SETUP[r.families[0].name]
    wf = Workflow()
    models = []
    for row, (model_name, lora_name) in enumerate(zip(diffusion_models, [*loras, None, None])):
        f = r.file(model_name)
        if f.directory == "checkpoints":
            loader = wf.add("CheckpointLoaderSimple", [f.name], 0, 2 * row, models=[f])
            vae = (loader, 2)
        else:
            loader = wf.add("UNETLoader", [f.name, "default"], 0, 2 * row, models=[f])
        model = (loader, 0)
        if lora_name:
            lora = r.file(lora_name)
            model = (wf.add("LoraLoaderModelOnly", [lora.name, r.lora_strength], 0, 2 * row + 1, models=[lora],
                            model=model), 0)
        models.append(model)
    encoders = [r.file(n) for n in clip_files]
    clip = (wf.add(clip_loader, [f.name for f in encoders] + clip_widgets, 1, 0, models=encoders), 0)
    positive = (wf.add("CLIPTextEncode", [prompt], 1, 1, clip=clip), 0)
    negative = (wf.add("CLIPTextEncode", [""], 1, 2, clip=clip), 0)
    if r.guidance is not None:
        positive = (wf.add("FluxGuidance", [r.guidance], 1, 3, conditioning=positive), 0)
    if vae_file:
        vae = (wf.add("VAELoader", [vae_file], 1, 4, models=[r.file(vae_file)]), 0)
    latent = (wf.add(latent_node, [*size, *latent_widgets], 2, 3), 0)
    cfg = r.cfg_for(steps)
    if scheduler:
        out = wf.add("KSampler", [0, "fixed", steps, cfg, r.sampler, scheduler, 1.0], 2, 0, model=models[0],
                     positive=positive, negative=negative, latent_image=latent)
    elif r.stages is None:
        preset = wf.add("FewStepRecipe", [r.name, steps], 2, 2, model=models[0], latent=latent)
        out = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 2, 0, model=models[0], positive=positive,
                     negative=negative, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
    else:
        preset = wf.add("FewStepTwoExpertRecipe", [r.name, steps], 2, 2, model=models[0])
        high = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 3, 0, model=models[0], positive=positive,
                      negative=negative, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
        out = wf.add("SamplerCustom", [False, 0, "fixed", cfg], 3, 2, model=models[1], positive=positive,
                     negative=negative, sampler=(preset, 0), sigmas=(preset, 2), latent_image=(high, 0))
    decoded = wf.add("VAEDecode", [], 4, 0, samples=(out, 0), vae=vae)
    if latent_node == "EmptyHunyuanLatentVideo":
        wf.add("SaveAnimatedWEBP", [f"fewstep/{name}", 16.0, False, 90, "default"], 5, 0, images=(decoded, 0))
    else:
        wf.add("SaveImage", [f"fewstep/{name}"], 5, 0, images=(decoded, 0))
    wf.add("Note", [note(recipe_name, text)], 4, 2)
    return wf


def flow_workflows():
    hyper_flux, hyper_sd3 = BY_NAME["Hyper-FLUX.1-dev N-step LoRA"], BY_NAME["Hyper-SD3 N-step CFG LoRA"]
    yield "flux1_schnell_4step", flow_workflow(
        "flux1_schnell_4step", "FLUX.1-schnell", 4, ["flux1-schnell.safetensors"],
        text="Exact with the plain KSampler too (euler, simple): the recipe node shows the published schedule.")
    yield "hyper_flux1_dev_8step_lora", flow_workflow(
        "hyper_flux1_dev_8step_lora", hyper_flux.name, 8, ["flux1-dev.safetensors"], [hyper_flux.files[0].name],
        size=(832, 1216), text="mu follows the image size (connect the latent): at 832x1216 core's fixed mu is off.")
    turbo = BY_NAME["FLUX.1-Turbo-Alpha"]
    yield "flux1_turbo_alpha_8step", flow_workflow(
        "flux1_turbo_alpha_8step", turbo.name, 8, ["flux1-dev.safetensors"], [turbo.files[0].name],
        text=save_as(turbo.files[0]))
    klein = BY_NAME["FLUX.2 klein (distilled)"]
    yield "flux2_klein_4step", flow_workflow(
        "flux2_klein_4step", klein.name, 4, [klein.files[0].name],
        text="mu follows the image size and the step count (compute_empirical_mu): connect the latent.")
    sd35 = BY_NAME["SD3.5 Large Turbo"]
    yield "sd35_large_turbo_4step", flow_workflow("sd35_large_turbo_4step", sd35.name, 4, [sd35.files[0].name])
    yield "hyper_sd3_8step_lora", flow_workflow(
        "hyper_sd3_8step_lora", hyper_sd3.name, 8, ["sd3_medium.safetensors"], [hyper_sd3.files[1].name])
    pcm = BY_NAME["PCM-SD3 deterministic, shift 1"]
    yield "pcm_sd3_4step_shift1", flow_workflow(
        "pcm_sd3_4step_shift1", pcm.name, 4, ["sd3_medium.safetensors"], [pcm.files[1].name])
    qwen = BY_NAME["Qwen-Image-Lightning"]
    yield "qwen_image_lightning_4step", flow_workflow(
        "qwen_image_lightning_4step", qwen.name, 4, ["qwen_image_fp8_e4m3fn.safetensors"], [qwen.files[0].name],
        size=(1328, 1328), scheduler="qwen_lightning",
        text="The plain KSampler with this pack's scheduler qwen_lightning (shift 3 on the model as loaded).")
    wan21 = BY_NAME["Wan2.1 lightx2v StepDistill"]
    yield "wan21_lightx2v_4step", flow_workflow(
        "wan21_lightx2v_4step", wan21.name, 4, ["wan2.1_t2v_14B_fp8_scaled.safetensors"], [wan21.files[0].name],
        size=(832, 480))
    wan22 = BY_NAME["Wan2.2 Lightning A14B T2V"]
    yield "wan22_lightning_t2v_4step", flow_workflow(
        "wan22_lightning_t2v_4step", wan22.name, 4,
        ["wan2.2_t2v_high_noise_14B_fp8_scaled.safetensors", "wan2.2_t2v_low_noise_14B_fp8_scaled.safetensors"],
        [f.name for f in wan22.files], size=(832, 480),
        text="Top: the high-noise expert samples the steps at sigma >= 0.875 (1 -> 0.9375 -> 0.8333) from the "
             "empty latent; bottom: the low-noise expert finishes (0.8333 -> 0.625 -> 0) with add_noise off.")
    zimage = BY_NAME["Z-Image-Turbo"]
    yield "z_image_turbo_8step", flow_workflow("z_image_turbo_8step", zimage.name, 8, [zimage.files[0].name])


def save_as(file):
    """The note for a file the authors publish under another name."""
    return f"Download {file.url} and save it in models/{file.directory} as {file.name}."


def workflows():
    tcd = ("FewStepSamplerTCD", [0.3, -1.0])
    lcm = ("FewStepSamplerLCM", [])
    tcd_sd15, tcd_sdxl = BY_NAME["TCD LoRA"].files
    yield "tcd_sd15", custom_workflow(
        "tcd_sd15", SD15_BASE, tcd_sd15, tcd, ("FewStepTCDScheduler", [4, 1.0]), 1.0,
        note("TCD LoRA", save_as(tcd_sd15)), 512)
    yield "tcd_sdxl", custom_workflow(
        "tcd_sdxl", SDXL_BASE, tcd_sdxl, ("FewStepSamplerTCD", [0.5, 0.2]),
        ("FewStepTCDScheduler", [8, 1.0]), 1.0,
        note("TCD LoRA", "Here gamma ramps 0.5 -> 0.2 over 8 steps: stochastic early, detailed late. "
             + save_as(tcd_sdxl)))
    unified = BY_NAME["Hyper-SD unified 1-step LoRA"]
    for steps in (1, 4):
        yield f"hyper_sdxl_unified_lora_{steps}step", recipe_workflow(
            f"hyper_sdxl_unified_lora_{steps}step", SDXL_BASE, unified.files[0], unified.name, steps,
            note(unified.name, "The recipe node gives TCD with gamma 1.0 on the TCD grid."))
    yield "hyper_sdxl_8steps_lora", ksampler_workflow(
        "hyper_sdxl_8steps_lora", SDXL_BASE, BY_NAME["Hyper-SD N-step LoRA"].files[0], "euler", "trailing", 8, 1.0,
        note("Hyper-SD N-step LoRA"))
    yield "hyper_sdxl_1step_unet", custom_workflow(
        "hyper_sdxl_1step_unet", BY_NAME["Hyper-SDXL 1-step UNet"].files[0], None, lcm,
        ("FewStepTimestepsScheduler", ["800"]), 1.0,
        note("Hyper-SDXL 1-step UNet", "This pack's LCM sampler starts the empty latent from unit-variance "
             "noise at t=800, as diffusers does."))
    for steps, checkpoint in zip((2, 4, 8), BY_NAME["SDXL-Lightning"].files):
        yield f"sdxl_lightning_{steps}step", ksampler_workflow(
            f"sdxl_lightning_{steps}step", checkpoint, None, "euler", "trailing", steps, 1.0, note("SDXL-Lightning"))
    yield "sdxl_turbo", ksampler_workflow(
        "sdxl_turbo", BY_NAME["SDXL-Turbo"].files[0], None, "euler_ancestral", "trailing", 1, 1.0,
        note("SDXL-Turbo"), 512)
    lcm_lora = BY_NAME["LCM / LCM-LoRA"].files[0]
    yield "lcm_lora_sd15", ksampler_workflow(
        "lcm_lora_sd15", SD15_BASE, lcm_lora, "lcm_exact", "lcm", 4, 1.0, note("LCM / LCM-LoRA", save_as(lcm_lora)), 512)
    yield "dmd2_sdxl_4step_lora", custom_workflow(
        "dmd2_sdxl_4step_lora", SDXL_BASE, BY_NAME["DMD2 4-step"].files[0], lcm,
        ("FewStepTimestepsScheduler", ["999, 749, 499, 249"]), 1.0, note("DMD2 4-step"))
    yield "pcm_sdxl_smallcfg_4step", ksampler_workflow(
        "pcm_sdxl_smallcfg_4step", SDXL_BASE, BY_NAME["PCM"].files[0], "euler", "trailing",
        4, 1.0, note("PCM"))
    yield "ays_sd15", custom_workflow(
        "ays_sd15", SD15_BASE, None, ("KSamplerSelect", ["dpmpp_2m"]), ("FewStepAYSScheduler", ["auto", 10, 1.0]), 7.0,
        "Align Your Steps (NVIDIA, arXiv 2404.14507) for a base SD1.5 model: 10 steps, DPM-Solver++(2M), "
        "CFG 7.0. The AYS table is picked from the model; steps other than 10 interpolate it.", 512)
    yield "ays_sdxl", ksampler_workflow(
        "ays_sdxl", SDXL_BASE, None, "dpmpp_2m", "ays_sdxl", 10, 7.0,
        "Align Your Steps (NVIDIA, arXiv 2404.14507) for a base SDXL model from the plain KSampler: "
        "scheduler ays_sdxl, 10 steps, DPM-Solver++(2M), CFG 7.0.")
    yield "digits_tcd_lcd_students", digits_workflow()
    yield "ksampler_dropdowns", ksampler_workflow(
        "ksampler_dropdowns", SD15_BASE, tcd_sd15, "tcd", "tcd", 4, 1.0,
        note("TCD LoRA", "The plain KSampler with this pack's entries: sampler tcd (gamma 0.3) and scheduler "
             "tcd (the TCD / LCM 50-step grid). Also in the dropdowns: sampler lcm_exact; schedulers lcm, "
             "trailing, ays_sd1, ays_sdxl, and for flow models wan_lightning and qwen_lightning."), 512)
    yield from flow_workflows()


def rendered() -> dict:
    """{path: file text} of every workflow this script writes."""
    return {OUT / f"{name}.json": json.dumps(wf.json(), indent=1) + "\n" for name, wf in workflows()}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for path, text in rendered().items():
        path.write_text(text)


if __name__ == "__main__":
    main()
