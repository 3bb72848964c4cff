"""API-format prompts for the tiny test models."""

CONTEXT = {"eps": 64, "v": 48, "flow": 40}


def _base(kind, size=64, batch=1):
    return {
        "unet": {"class_type": "UNETLoader", "inputs": {"unet_name": f"tiny_{kind}.safetensors", "weight_dtype": "default"}},
        "cond": {"class_type": "FewStepTestConditioning", "inputs": {"width": CONTEXT[kind], "seed": 0}},
        "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": size, "height": size, "batch_size": batch}},
    }


def ksampler(kind="eps", sampler="tcd", scheduler="tcd", steps=4, seed=1, denoise=1.0, label="out", batch=1):
    prompt = _base(kind, batch=batch)
    prompt["sample"] = {"class_type": "KSampler", "inputs": {
        "model": ["unet", 0], "seed": seed, "steps": steps, "cfg": 1.0, "sampler_name": sampler,
        "scheduler": scheduler, "positive": ["cond", 0], "negative": ["cond", 0],
        "latent_image": ["latent", 0], "denoise": denoise}}
    prompt["capture"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}}
    return prompt


def sampler_custom_node(model, cond, sampler, sigmas, latent, seed, cfg=1.0, add_noise=True):
    """A SamplerCustom node (links as [node, slot]), one conditioning for both prompts."""
    return {"class_type": "SamplerCustom", "inputs": {
        "model": model, "add_noise": add_noise, "noise_seed": seed, "cfg": cfg, "positive": cond, "negative": cond,
        "sampler": sampler, "sigmas": sigmas, "latent_image": latent}}


def sampler_custom(sampler_node, sigmas_node, kind="eps", seed=1, label="out"):
    """SamplerCustom fed by a SAMPLER node and a SIGMAS node (dicts of class_type/inputs; "model" is filled in)."""
    prompt = _base(kind)
    sigmas_node = {"class_type": sigmas_node["class_type"], "inputs": {"model": ["unet", 0], **sigmas_node["inputs"]}}
    prompt["sampler"] = sampler_node
    prompt["sigmas"] = sigmas_node
    prompt["sample"] = sampler_custom_node(["unet", 0], ["cond", 0], ["sampler", 0], ["sigmas", 0], ["latent", 0], seed)
    prompt["capture"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}}
    return prompt


def digits(model, sample, batch, size=64, seed=0, label="digits"):
    """A shipped digit model from the pack's loader -> EmptyLatentImage -> `sample` -> captured, decoded by
    the pack's node and saved. `sample(model, cond, latent, seed)` returns nodes, among them "sample"."""
    return {
        "loader": {"class_type": "FewStepDigitsLoader", "inputs": {"model": model}},
        "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": size, "height": size, "batch_size": batch}},
        **sample(["loader", 0], ["loader", 1], ["latent", 0], seed),
        "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}},
        "decode": {"class_type": "FewStepDigitsDecode", "inputs": {"samples": ["sample", 0], "scale": 8}},
        "save": {"class_type": "SaveImage", "inputs": {"images": ["decode", 0], "filename_prefix": f"digits_{model}"}},
    }


def digits_tcd(gamma, steps):
    """SamplerCustom with the pack's TCD sampler and TCD scheduler."""
    def sample(model, cond, latent, seed):
        return {
            "sampler": {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": gamma, "gamma_end": -1.0}},
            "sigmas": {"class_type": "FewStepTCDScheduler", "inputs": {"model": model, "steps": steps, "strength": 1.0}},
            "sample": sampler_custom_node(model, cond, ["sampler", 0], ["sigmas", 0], latent, seed),
        }
    return sample


def digits_ksampler(sampler, scheduler, steps, shift=None):
    """The plain KSampler with dropdown entries, on the model as loaded or behind ModelSamplingSD3(shift)."""
    def sample(model, cond, latent, seed):
        nodes = {}
        if shift is not None:
            nodes["shift"] = {"class_type": "ModelSamplingSD3", "inputs": {"model": model, "shift": shift}}
            model = ["shift", 0]
        return {**nodes, "sample": {"class_type": "KSampler", "inputs": {
            "model": model, "seed": seed, "steps": steps, "cfg": 1.0, "sampler_name": sampler, "scheduler": scheduler,
            "positive": cond, "negative": cond, "latent_image": latent, "denoise": 1.0}}}
    return sample


def empty_latent_channels():
    """Channels of an EmptyLatentImage as a digit model gets it: 1 where ComfyUI fits empty latents to the
    model (0.3.x), else 4 (each channel is then one more digit)."""
    import comfy.sample

    return 1 if hasattr(comfy.sample, "fix_empty_latent_channels") else 4


def digits_recipe(recipe, steps):
    """SamplerCustom with the pack's recipe node (its sampler and sigmas; the model's size from the latent)."""
    def sample(model, cond, latent, seed):
        return {
            "recipe": {"class_type": "FewStepRecipe", "inputs": {"model": model, "recipe": recipe, "steps": steps,
                                                                 "latent": latent}},
            "sample": sampler_custom_node(model, cond, ["recipe", 0], ["recipe", 1], latent, seed),
        }
    return sample


def flow_latent(family, spec, size):
    """The nodes of a tiny flow family's empty latent (`spec`: its tiny_models/flow.py FAMILIES entry), "latent"
    last: its own node (MiniMax-H3's holds video and audio); LTX-2's joins LTX-Video's and the tiny LTX-2 audio
    latent with LTXVConcatAVLatent."""
    inputs = {"width": size, "height": size, "batch_size": 1}
    if spec.get("video"):
        inputs["length"] = 9  # 2 latent frames of LTX (8x) / 3 of Wan, Hunyuan, Kandinsky (4x) / 2 of MiniMax-H3
    if family == "minimax_h3":
        del inputs["batch_size"]  # batch 1 only
    video = {"class_type": spec["latent_node"], "inputs": inputs}
    if family != "ltxav":
        return {"latent": video}
    return {"video": video,
            "audio": {"class_type": "FewStepTestLTXVAudioLatent",
                      "inputs": {"frames_number": 9, "frame_rate": 25.0, "batch_size": 1}},
            "latent": {"class_type": "LTXVConcatAVLatent",
                       "inputs": {"video_latent": ["video", 0], "audio_latent": ["audio", 0]}}}
