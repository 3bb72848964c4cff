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


def sampler_custom(sampler_node, sigmas_node, kind="eps", seed=1, label="out"):
    """SamplerCustom fed by a SAMPLER node and a SIGMAS node (dicts of class_type/inputs; "model" is filled in)."""
    prompt = _base(kind)
    sigmas_node = {"class_type": sigmas_node["class_type"], "inputs": {"model": ["unet", 0], **sigmas_node["inputs"]}}
    prompt["sampler"] = sampler_node
    prompt["sigmas"] = sigmas_node
    prompt["sample"] = {"class_type": "SamplerCustom", "inputs": {
        "model": ["unet", 0], "add_noise": True, "noise_seed": seed, "cfg": 1.0, "positive": ["cond", 0],
        "negative": ["cond", 0], "sampler": ["sampler", 0], "sigmas": ["sigmas", 0], "latent_image": ["latent", 0]}}
    prompt["capture"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": label}}
    return prompt
