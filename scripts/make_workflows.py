"""Write the example workflows (ComfyUI UI format) into workflows/: `.venv/bin/python scripts/make_workflows.py`.

One workflow per recipe (of the 2026 families, one per family; STARTS_FROM and WITHOUT name the recipes
without one), made from the recipe data (samplers/recipes.py): its settings, its model files named as
ComfyUI's templates name them, each loader node declaring its files in `properties.models` (name, url,
directory) the way ComfyUI's own templates do, so the frontend's missing-model panel points to the
download; a note with the settings and the source. A unit test fails when workflows/ differs from
`rendered()`.
"""

import json
import sys
from pathlib import Path
from typing import NamedTuple

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
                      [("sampler", "SAMPLER"), ("sigmas", "SIGMAS"), ("cfg", "FLOAT"), ("guidance", "FLOAT"),
                       ("model", "MODEL")]),
    "FewStepTwoExpertRecipe": ([("model", "MODEL")], ["recipe", "steps"],
                               [("sampler", "SAMPLER"), ("first_sigmas", "SIGMAS"), ("second_sigmas", "SIGMAS"),
                                ("cfg", "FLOAT"), ("second_sampler", "SAMPLER"), ("model", "MODEL")]),
    "FewStepDistilledLoraLoader": ([("model", "MODEL"), ("clip", "CLIP"), ("latent", "LATENT")],
                                   ["lora_name", "recipe_strength", "strength_model", "steps"],
                                   [("model", "MODEL"), ("clip", "CLIP"), ("sampler", "SAMPLER"), ("sigmas", "SIGMAS"),
                                    ("steps", "INT"), ("cfg", "FLOAT"), ("guidance", "FLOAT"), ("recipe", "STRING")]),
    "FewStepDigitsLoader": ([], ["model"], [("model", "MODEL"), ("unconditional", "CONDITIONING")]),
    "FewStepDigitsDecode": ([("samples", "LATENT")], ["scale"], [("IMAGE", "IMAGE")]),
    "UNETLoader": ([], ["unet_name", "weight_dtype"], [("MODEL", "MODEL")]),
    "LoraLoaderModelOnly": ([("model", "MODEL")], ["lora_name", "strength_model"], [("MODEL", "MODEL")]),
    "CLIPLoader": ([], ["clip_name", "type", "device"], [("CLIP", "CLIP")]),
    "DualCLIPLoader": ([], ["clip_name1", "clip_name2", "type", "device"], [("CLIP", "CLIP")]),
    "TripleCLIPLoader": ([], ["clip_name1", "clip_name2", "clip_name3"], [("CLIP", "CLIP")]),
    "QuadrupleCLIPLoader": ([], ["clip_name1", "clip_name2", "clip_name3", "clip_name4"], [("CLIP", "CLIP")]),
    "LTXAVTextEncoderLoader": ([], ["text_encoder", "ckpt_name", "device"], [("CLIP", "CLIP")]),
    "VAELoader": ([], ["vae_name"], [("VAE", "VAE")]),
    "LTXVAudioVAELoader": ([], ["ckpt_name"], [("Audio VAE", "VAE")]),
    "LatentUpscaleModelLoader": ([], ["model_name"], [("LATENT_UPSCALE_MODEL", "LATENT_UPSCALE_MODEL")]),
    "FluxGuidance": ([("conditioning", "CONDITIONING")], ["guidance"], [("CONDITIONING", "CONDITIONING")]),
    "EmptySD3LatentImage": ([], ["width", "height", "batch_size"], [("LATENT", "LATENT")]),
    "EmptyFlux2LatentImage": ([], ["width", "height", "batch_size"], [("LATENT", "LATENT")]),
    "EmptyHunyuanLatentVideo": ([], ["width", "height", "length", "batch_size"], [("LATENT", "LATENT")]),
    "EmptyMiniMaxH3LatentAV": ([], ["width", "height", "length"], [("LATENT", "LATENT")]),
    "EmptyLTXVLatentVideo": ([], ["width", "height", "length", "batch_size"], [("LATENT", "LATENT")]),
    "LTXVEmptyLatentAudio": ([("audio_vae", "VAE")], ["frames_number", "frame_rate", "batch_size"],
                             [("Latent", "LATENT")]),
    "LTXVConditioning": ([("positive", "CONDITIONING"), ("negative", "CONDITIONING")], ["frame_rate"],
                         [("positive", "CONDITIONING"), ("negative", "CONDITIONING")]),
    "LTXVConcatAVLatent": ([("video_latent", "LATENT"), ("audio_latent", "LATENT")], [], [("latent", "LATENT")]),
    "LTXVSeparateAVLatent": ([("av_latent", "LATENT")], [], [("video_latent", "LATENT"), ("audio_latent", "LATENT")]),
    "LTXVLatentUpsampler": ([("samples", "LATENT"), ("upscale_model", "LATENT_UPSCALE_MODEL"), ("vae", "VAE")], [],
                            [("LATENT", "LATENT")]),
    "VAEDecode": ([("samples", "LATENT"), ("vae", "VAE")], [], [("IMAGE", "IMAGE")]),
    "VAEDecodeTiled": ([("samples", "LATENT"), ("vae", "VAE")],
                       ["tile_size", "overlap", "temporal_size", "temporal_overlap"], [("IMAGE", "IMAGE")]),
    "VAEDecodeAudio": ([("samples", "LATENT"), ("vae", "VAE")], [], [("AUDIO", "AUDIO")]),
    "LTXVAudioVAEDecode": ([("samples", "LATENT"), ("audio_vae", "VAE")], [], [("Audio", "AUDIO")]),
    "CreateVideo": ([("images", "IMAGE"), ("audio", "AUDIO")], ["fps", "bit_depth"], [("VIDEO", "VIDEO")]),
    "SaveImage": ([("images", "IMAGE")], ["filename_prefix"], []),
    "SaveAnimatedWEBP": ([("images", "IMAGE")], ["filename_prefix", "fps", "lossless", "quality", "method"], []),
    "SaveVideo": ([("video", "VIDEO")], ["filename_prefix", "format", "format.codec", "codec"], []),
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


def base(wf, checkpoint, lora=None, size=1024, prompt="a photo of a cat sitting on a windowsill, soft light",
         recognise=False):
    """Loader, optional LoRA (ModelFiles: by core's LoraLoader, or with `recognise` by the pack's Distilled LoRA
    Loader at the recipe's strength and steps), prompts and an empty latent; returns (model, conditionings, latent,
    vae)."""
    ckpt = wf.add("CheckpointLoaderSimple", [checkpoint.name], 0, 0, models=[checkpoint])
    model, clip = (ckpt, 0), (ckpt, 1)
    if lora:
        loader, widgets = ("FewStepDistilledLoraLoader", [lora.name, True, 1.0, 0]) if recognise else \
            ("LoraLoader", [lora.name, 1.0, 1.0])
        lora_node = wf.add(loader, widgets, 0, 1, models=[lora], model=model, clip=clip)
        model, clip = (lora_node, 0), (lora_node, 1)
    positive = wf.add("CLIPTextEncode", [prompt], 1, 0, clip=clip)
    negative = wf.add("CLIPTextEncode", [""], 1, 1, clip=clip)
    latent = wf.add("EmptyLatentImage", [size, size, 1], 1, 2)
    return model, (positive, 0), (negative, 0), (latent, 0), (ckpt, 2)


def finish(wf, latent, vae, name):
    decoded = wf.add("VAEDecode", [], 3, 0, samples=latent, vae=vae)
    wf.add("SaveImage", [f"fewstep/{name}"], 4, 0, images=(decoded, 0))


def ksampler_workflow(name, checkpoint, lora, sampler, scheduler, steps, cfg, text, size=1024, recognise=False):
    wf = Workflow()
    model, pos, neg, latent, vae = base(wf, checkpoint, lora, size, recognise=recognise)
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
    out = wf.add("SamplerCustom", [True, 0, "fixed", BY_NAME[recipe].cfg_for(steps)], 2, 0, model=(preset, 4),
                 positive=pos, negative=neg, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
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


class Setup(NamedTuple):
    """A flow family's files and latent as ComfyUI's own templates set them up."""

    encoders: tuple  # (loader node, files, widgets after the files)
    vae: str | None  # None: the checkpoint's
    latent: tuple  # (empty latent node, widgets after width and height)
    audio_vae: str | None = None  # an audio-video family's
    fps: float | None = None  # a video family's frame rate


FLOW_SETUP = {
    "FLUX.1": Setup(("DualCLIPLoader", ("clip_l.safetensors", "t5xxl_fp16.safetensors"), ["flux", "default"]),
                    "ae.safetensors", ("EmptySD3LatentImage", [1])),
    "FLUX.2": Setup(("CLIPLoader", ("qwen_3_4b.safetensors",), ["flux2", "default"]),
                    "flux2-vae.safetensors", ("EmptyFlux2LatentImage", [1])),
    "SD3": Setup(("TripleCLIPLoader", ("clip_l.safetensors", "clip_g.safetensors", "t5xxl_fp16.safetensors"), []),
                 None, ("EmptySD3LatentImage", [1])),
    "Qwen-Image": Setup(("CLIPLoader", ("qwen_2.5_vl_7b_fp8_scaled.safetensors",), ["qwen_image", "default"]),
                        "qwen_image_vae.safetensors", ("EmptySD3LatentImage", [1])),
    "Wan2.1 / Wan2.2 A14B": Setup(("CLIPLoader", ("umt5_xxl_fp8_e4m3fn_scaled.safetensors",), ["wan", "default"]),
                                  "wan_2.1_vae.safetensors", ("EmptyHunyuanLatentVideo", [81, 1]), fps=16.0),
    "Z-Image": Setup(("CLIPLoader", ("qwen_3_4b.safetensors",), ["lumina2", "default"]),
                     "ae.safetensors", ("EmptySD3LatentImage", [1])),
    "MiniMax-H3": Setup(("CLIPLoader", ("qwen3vl_32b_minimax_h3_nvfp4_awq.safetensors",), ["minimax", "default"]),
                        "minimax_h3_video_vae_fp16.safetensors", ("EmptyMiniMaxH3LatentAV", [124]),
                        "minimax_h3_audio_vae_fp32.safetensors", 24.0),  # 124 frames at 24 fps, as the templates
    "HiDream-I1": Setup(("QuadrupleCLIPLoader", ("clip_l_hidream.safetensors", "clip_g_hidream.safetensors",
                                                 "t5xxl_fp8_e4m3fn_scaled.safetensors",
                                                 "llama_3.1_8b_instruct_fp8_scaled.safetensors"), []),
                        "ae.safetensors", ("EmptySD3LatentImage", [1])),
}
PROMPT = "a photo of a cat sitting on a windowsill, soft light"


def load_models(wf, r, diffusion_models, loras=()):
    """The diffusion model(s), one per expert, each with the recipe's LoRA at its strength: (MODEL outputs,
    the checkpoint's VAE or None)."""
    models, vae = [], None
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
    return models, vae


def encode(wf, r, clip, prompt):
    """The prompt and an empty negative (FLUX-style guidance on the positive where the recipe has it)."""
    positive = (wf.add("CLIPTextEncode", [prompt], 1, 1, clip=clip), 0)
    negative = (wf.add("CLIPTextEncode", [""], 1, 2, clip=clip), 0)
    if r.guidance is not None:
        positive = (wf.add("FluxGuidance", [r.guidance], 1, 3, conditioning=positive), 0)
    return positive, negative


def save(wf, images, name, fps=None, audio=None):
    """An image, a video (animated WEBP), or a video with its sound as ComfyUI's templates save it."""
    if audio is not None:
        video = wf.add("CreateVideo", [fps, 8], 5, 0, images=images, audio=audio)
        wf.add("SaveVideo", [f"fewstep/{name}", "auto", "auto", "auto"], 6, 0, video=(video, 0))
    elif fps is not None:
        wf.add("SaveAnimatedWEBP", [f"fewstep/{name}", fps, False, 90, "default"], 5, 0, images=images)
    else:
        wf.add("SaveImage", [f"fewstep/{name}"], 5, 0, images=images)


def flow_workflow(name, recipe_name, steps, diffusion_models, loras=(), size=(1024, 1024), scheduler=None,
                  encoders=None, prompt=PROMPT, text=""):
    """A flow model's workflow as ComfyUI's templates lay it out: diffusion model(s) (one per expert) with the
    recipe's LoRA(s) at its strength, the family's text encoders (or `encoders`) and VAE(s), then the recipe
    node and SamplerCustom on the recipe node's MODEL (two, split at the boundary, for a two-expert recipe),
    or the plain KSampler with a scheduler dropdown entry."""
    r = BY_NAME[recipe_name]
    setup = FLOW_SETUP[r.families[0].name]
    wf = Workflow()
    models, vae = load_models(wf, r, diffusion_models, loras)
    clip_loader, clip_files, clip_widgets = setup.encoders
    files = [r.file(n) for n in encoders or clip_files]
    clip = (wf.add(clip_loader, [f.name for f in files] + clip_widgets, 1, 0, models=files), 0)
    positive, negative = encode(wf, r, clip, prompt)
    if setup.vae:
        vae = (wf.add("VAELoader", [setup.vae], 1, 4, models=[r.file(setup.vae)]), 0)
    latent_node, latent_widgets = setup.latent
    latent = (wf.add(latent_node, [*size, *latent_widgets], 2, 3), 0)
    cfg = r.cfg_for(steps)
    if scheduler:
        out = wf.add("KSampler", [0, "fixed", steps, cfg, r.sampler, scheduler, 1.0], 2, 0, model=models[0],
                     positive=positive, negative=negative, latent_image=latent)
    elif r.stages is None:
        preset = wf.add("FewStepRecipe", [r.name, steps], 2, 2, model=models[0], latent=latent)
        out = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 2, 0, model=(preset, 4), positive=positive,
                     negative=negative, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
    else:
        preset = wf.add("FewStepTwoExpertRecipe", [r.name, steps], 2, 2, model=models[0])
        high = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 3, 0, model=(preset, 5), positive=positive,
                      negative=negative, sampler=(preset, 0), sigmas=(preset, 1), latent_image=latent)
        out = wf.add("SamplerCustom", [False, 0, "fixed", cfg], 3, 2, model=models[1], positive=positive,
                     negative=negative, sampler=(preset, 4), sigmas=(preset, 2), latent_image=(high, 0))
    decoded = wf.add("VAEDecode", [], 4, 0, samples=(out, 0), vae=vae)
    audio = None
    if setup.audio_vae:
        audio_vae = wf.add("VAELoader", [setup.audio_vae], 1, 5, models=[r.file(setup.audio_vae)])
        audio = (wf.add("VAEDecodeAudio", [], 4, 1, samples=(out, 0), vae=(audio_vae, 0)), 0)
    save(wf, (decoded, 0), name, setup.fps, audio)
    wf.add("Note", [note(recipe_name, text)], 4, 2)
    return wf


def ltx2_workflow(name, recipe_name, checkpoint, encoder, upscaler, size, length, fps, prompt=PROMPT):
    """LTX-2's two passes as ComfyUI's LTX-2.3 templates wire them: an audio-video latent at half `size`
    (LTXVConcatAVLatent), stage 1, LTXVSeparateAVLatent, the video latent upscaled 2x (LTXVLatentUpsampler),
    joined to the audio again, stage 2; each SamplerCustom on the recipe node's MODEL, sampler and sigmas."""
    r = BY_NAME[recipe_name]
    wf = Workflow()
    (model,), vae = load_models(wf, r, [checkpoint])
    ckpt, gemma, upscale_file = r.file(checkpoint), r.file(encoder), r.file(upscaler)
    clip = (wf.add("LTXAVTextEncoderLoader", [gemma.name, ckpt.name, "default"], 1, 0, models=[gemma, ckpt]), 0)
    audio_vae = (wf.add("LTXVAudioVAELoader", [ckpt.name], 0, 1, models=[ckpt]), 0)
    upscale_model = (wf.add("LatentUpscaleModelLoader", [upscale_file.name], 0, 2, models=[upscale_file]), 0)
    positive, negative = encode(wf, r, clip, prompt)
    conditioned = wf.add("LTXVConditioning", [fps], 1, 3, positive=positive, negative=negative)
    video = wf.add("EmptyLTXVLatentVideo", [size[0] // 2, size[1] // 2, length, 1], 2, 3)
    audio = wf.add("LTXVEmptyLatentAudio", [length, fps, 1], 2, 4, audio_vae=audio_vae)
    latent = wf.add("LTXVConcatAVLatent", [], 2, 5, video_latent=(video, 0), audio_latent=(audio, 0))
    steps = r.steps[0]
    preset = wf.add("FewStepTwoExpertRecipe", [r.name, steps], 2, 6, model=model)
    cfg = r.cfg_for(steps)
    sample = dict(model=(preset, 5), positive=(conditioned, 0), negative=(conditioned, 1))
    first = wf.add("SamplerCustom", [True, 0, "fixed", cfg], 3, 0, sampler=(preset, 0), sigmas=(preset, 1),
                   latent_image=(latent, 0), **sample)
    parts = wf.add("LTXVSeparateAVLatent", [], 3, 2, av_latent=(first, 0))
    upscaled = wf.add("LTXVLatentUpsampler", [], 3, 3, samples=(parts, 0), upscale_model=upscale_model, vae=vae)
    joined = wf.add("LTXVConcatAVLatent", [], 3, 4, video_latent=(upscaled, 0), audio_latent=(parts, 1))
    second = wf.add("SamplerCustom", [True, 42, "fixed", cfg], 4, 0, sampler=(preset, 4), sigmas=(preset, 2),
                    latent_image=(joined, 0), **sample)
    out = wf.add("LTXVSeparateAVLatent", [], 4, 2, av_latent=(second, 0))
    images = wf.add("VAEDecodeTiled", [768, 64, 4096, 4], 4, 3, samples=(out, 0), vae=vae)  # as the templates
    sound = wf.add("LTXVAudioVAEDecode", [], 4, 4, samples=(out, 1), audio_vae=audio_vae)
    save(wf, (images, 0), name, fps, (sound, 0))
    width, height = size
    wf.add("Note", [note(recipe_name, f"Stage 1 samples {width // 2}x{height // 2}; LTXVLatentUpsampler doubles the "
                                      "video latent (the audio latent goes round it); stage 2 samples "
                                      f"{width}x{height} on second_sigmas with second_sampler. {length} frames at "
                                      f"{fps:g} fps.")], 5, 2)
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
    # the 2026 families, one workflow each, with the files ComfyUI's own templates name
    yield "ltx2_3_distilled_two_stages", ltx2_workflow(
        "ltx2_3_distilled_two_stages", "LTX-2 / LTX-2.3 distilled", "ltx-2.3-22b-distilled-fp8.safetensors",
        "gemma_3_12B_it_fp4_mixed.safetensors", "ltx-2.3-spatial-upscaler-x2-1.1.safetensors", (1280, 736), 121, 24.0)
    minimax = BY_NAME["MiniMax-H3 lightx2v 8-step"]
    yield "minimax_h3_8step_lora", flow_workflow(
        "minimax_h3_8step_lora", minimax.name, 8, ["minimax_h3_fl2va_pruned_int8_convrot.safetensors"],
        [minimax.files[0].name], size=(864, 480),
        text="The same graph takes the other MiniMax-H3 recipes: pick the recipe and its LoRA.")
    turbo2 = BY_NAME["FLUX.2-dev Turbo"]
    yield "flux2_dev_turbo_8step", flow_workflow(
        "flux2_dev_turbo_8step", turbo2.name, 8, ["flux2_dev_fp8mixed.safetensors"], ["Flux2TurboComfyv2.safetensors"],
        encoders=["mistral_3_small_flux2_bf16.safetensors"])
    yield "hidream_i1_fast_16step", flow_workflow(
        "hidream_i1_fast_16step", "HiDream-I1 Fast", 16, ["hidream_i1_fast_fp8.safetensors"])
    qwen2512 = BY_NAME["Qwen-Image-2512-Lightning"]
    yield "qwen_image_2512_lightning_4step", flow_workflow(
        "qwen_image_2512_lightning_4step", qwen2512.name, 4, ["qwen_image_2512_fp8_e4m3fn.safetensors"],
        [qwen2512.files[0].name], size=(1328, 1328))


# The recipes without a workflow of their own (the README lists them): the workflow to start from, and what to change
STARTS_FROM = {
    "DMD2 1-step": ("dmd2_sdxl_4step_lora", "the timesteps: 399"),
    "PCM-SD3 deterministic, shift 3": ("pcm_sd3_4step_shift1", "the recipe and its LoRA"),
    "PCM-SD3 stochastic, shift 3": ("pcm_sd3_4step_shift1", "the recipe and its LoRA"),
    "Qwen-Image-Edit-2509-Lightning": ("qwen_image_lightning_4step", "the edit model, its LoRA and core's edit nodes"),
    "Wan2.1 lightx2v StepDistill, re-noised as trained": ("wan21_lightx2v_4step", "the recipe"),
    "Wan2.2 Lightning A14B I2V": ("wan22_lightning_t2v_4step", "the I2V experts, their LoRAs and WanImageToVideo"),
    "LTX-2.5 distilled": ("ltx2_3_distilled_two_stages", "the recipe; its files load through UNETLoader, CLIPLoader "
                                                         "(ltxv) and VAELoader"),
    "MiniMax-H3 lightx2v 4-step v1.1": ("minimax_h3_8step_lora", "the recipe and its LoRA"),
    "MiniMax-H3 HyperFlow 8-step": ("minimax_h3_8step_lora", "the recipe and its LoRA"),
    "FLUX.2-dev Turbo, list as typed": ("flux2_dev_turbo_8step", "the recipe"),
    "HiDream-I1 Dev": ("hidream_i1_fast_16step", "the recipe and its model"),
    "Qwen-Image-Edit-2511-Lightning": ("qwen_image_2512_lightning_4step",
                                       "the edit model, its LoRA and core's edit nodes"),
}
# and those with none, and why (without a file to declare, a workflow would have to invent its download)
UNPUBLISHED = "ComfyUI's templates name no file of its model"
WITHOUT = {
    "LTX-Video 0.9.8 distilled": UNPUBLISHED,
    "rCM Wan2.1 T2V": UNPUBLISHED,
    "rCM Wan2.2 I2V A14B": UNPUBLISHED,
    "HunyuanImage-2.1 distilled": UNPUBLISHED,
    "HunyuanVideo-1.5 step-distilled": UNPUBLISHED,
    "Kandinsky 5 T2V Lite distilled16steps": UNPUBLISHED,
    "HunyuanVideo-1.5 SR step-distilled": "it refines a base model's video, and ComfyUI's templates name no file of "
                                          "the step-distilled base (480p)",
}


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
    hyper = BY_NAME["Hyper-SD N-step LoRA"]
    yield "distilled_lora_loader_ksampler_recipe", ksampler_workflow(
        "distilled_lora_loader_ksampler_recipe", SDXL_BASE, hyper.files[0], "recipe", "recipe", 8, 1.0,
        note(hyper.name, "The Distilled LoRA Loader recognises the file (its SHA-256, else its name: "
             "Hyper-SDXL-8steps-lora is the 8-step LoRA), applies it at the recipe's strength and attaches the "
             "recipe to the MODEL; the plain KSampler's sampler 'recipe' and scheduler 'recipe' then sample it "
             "exactly. Its text output says what was recognised and how."), recognise=True)
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
