"""The published files the recogniser knows, as data: each recipe's own files (samplers/recipes.py), the names
their authors and the common repackagings give them, and the files that are known but have no verified recipe.

A file's SHA-256 is kept for every version published under its name (publishers replaced files: DMD2's LoRAs,
Hyper-SD3's, LCM-LoRA's), each with the page it was read from. Names are matched case- and
separator-insensitively on the file name, or on its last folders too where the name itself is generic
(`SDXL/lcm/pytorch_lora_weights.safetensors`, ComfyUI-Manager's save_path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..recipes import BY_NAME, RECIPES


@dataclass(frozen=True)
class Published:
    names: tuple[str, ...]  # file names (or folder/name paths) as published or repackaged
    recipe: str | None  # the recipe's name; None: known, but no verified recipe (`note` says why)
    steps: int | None = None  # the step count the file is for, where its recipe publishes several
    sha256: tuple[tuple[str, str], ...] = ()  # (SHA-256 of the whole file, the page it was read from), per version
    tensor_sha256: tuple[tuple[str, str], ...] = ()  # (SHA-256 of its tensor bytes, where the file was got), per version
    note: str = ""


HF = "https://huggingface.co/"
# SHA-256 of published files, each as printed (all 64 digits) on the page named beside it, by file name; several
# where the publisher replaced the file under the same name. Files without an entry are recognised by name only.
_HYPER, _LIGHTNING, _QWEN = "ByteDance/Hyper-SD/", "ByteDance/SDXL-Lightning/", "lightx2v/Qwen-Image-Lightning/"
SHA256 = {
    "Hyper-SDXL-1step-lora.safetensors": (
        ("c912df184c5116792d2c604d26c6bc2aa916685f4a793755255cda1c43a3c78a", _HYPER + "commit/2900d27"),),
    "Hyper-SDXL-2steps-lora.safetensors": (
        ("69b25c0187ced301c3603c599c0bc509ac99b8ac34db89a2aecc3d5f77a35187", _HYPER + "commit/2900d27"),),
    "Hyper-SDXL-4steps-lora.safetensors": (
        ("12f81a27d00a751a40d68fd15597091896c5a90f3bd632fb6c475607cbdad76e", _HYPER + "commit/2900d27"),),
    "Hyper-SDXL-8steps-lora.safetensors": (
        ("ca689190e8c46038550384b5675488526cfe5a40d35f82b27acb75c100f417c1", _HYPER + "commit/2900d27"),),
    "Hyper-SD15-1step-lora.safetensors": (
        ("a04fd9a535c1e56d38f7590ee72a13fd5ca0409853b4fff021e5a9482cf1ca3b", _HYPER + "commit/123f4ee"),),
    "Hyper-SD15-2steps-lora.safetensors": (
        ("2f26dcc1d883feb07557a552315baae2ca2a04ac08556b08a355a244547e8c3a", _HYPER + "commit/123f4ee"),),
    "Hyper-SD15-4steps-lora.safetensors": (
        ("c5dd058616461ed5053e2b14eec4dbe3fa0eea3b13688642f6d6c80ea2ba5958", _HYPER + "commit/123f4ee"),),
    "Hyper-SD15-8steps-lora.safetensors": (
        ("91fc3186236e956d64dbb4357f2e120c69b968b78af7d2db9884a5ca74d3cd13", _HYPER + "commit/123f4ee"),),
    "Hyper-SDXL-1step-Unet-Comfyui.fp16.safetensors": (
        ("f3bf72c28596ff82d1052ccc46492a9b9a6c22308d83c9c5049955efcc546592", _HYPER + "commit/f95e89e"),),
    "Hyper-FLUX.1-dev-8steps-lora.safetensors": (
        ("e0ab0fdf569cd01a382f19bd87681f628879dea7ad51fe5a3799b6c18c7b2d03", _HYPER + "commit/15c63a3"),),
    "Hyper-FLUX.1-dev-16steps-lora.safetensors": (
        ("6461f67dfc1a967ae60344c3b3f350877149ccab758c273cc37f5e8a87b5842e", _HYPER + "commit/15c63a3"),),
    "Hyper-SD3-4steps-CFG-lora.safetensors": (  # replaced by an fp32 file (Hyper-SD PR #49, commit ef3e322)
        ("56732222ed7e331d132a7b6109f14e2282cb332d736ce11300e737a6e62934ec", _HYPER + "commit/f8e06e4"),
        ("0ee4e529abd17b06d4295e3bb91c0d4ddae393afad86b2b43c4f5eeb9e401602", _HYPER + "commit/ef3e322")),
    "Hyper-SD3-8steps-CFG-lora.safetensors": (
        ("c3fb2606bc15c98ef3a1836d3606a65c7f6ea2d03950cd955016431dce65ea89", _HYPER + "commit/f8e06e4"),
        ("fc6a3e73e14ed11e21e4820e960d7befcffe7e333850ada9545f239e9aa6027e", _HYPER + "commit/ef3e322")),
    "Hyper-SD3-16steps-CFG-lora.safetensors": (
        ("4c44458b3132c1292f8f2e88506c7e4ca491d63cfacb251ac7226688ceb4286b", _HYPER + "commit/f8e06e4"),
        ("5b4d0b99d58deb811bdbbe521a06f4dbf56a2e9148ff3211c594e0502b656bc9", _HYPER + "commit/ef3e322")),
    "Hyper-SDXL-8steps-CFG-lora.safetensors": (
        ("55b51334c85061afff5eff7c550b61963c8b8607a5868bbe4f26db49374719b1", _HYPER + "commit/ebed5c7"),),
    "Hyper-SDXL-12steps-CFG-lora.safetensors": (
        ("0b97f447b5878323a28fbe7c51ba7acebd21f4d77552ba77b04b11c8911825b6", _HYPER + "commit/a08b9c3"),),
    "Hyper-SD15-8steps-CFG-lora.safetensors": (
        ("f6123d5b950d5250ab6c33600e27f4dcf71b3099ebf888685e01e9e8117ce482", _HYPER + "commit/ebed5c7"),),
    "Hyper-SD15-12steps-CFG-lora.safetensors": (
        ("64b98437383537cd968fda6f87a05c33160ece9c79ff4757949a1e212ff78361", _HYPER + "commit/a08b9c3"),),
    "sdxl_lightning_2step.safetensors": (
        ("87e61f60b85d9f1c577bd9053872c7678b7d39f6f52d470081ff6ea3b49ddf98", _LIGHTNING + "blob/bf52f15"),),
    "sdxl_lightning_4step.safetensors": (
        ("e0d996ee0013e79d9d3561f50fcafb9a17e3ff07b780358e3b66d67932c4d490", _LIGHTNING + "blob/refs%2Fpr%2F15"),),
    "sdxl_lightning_8step.safetensors": (
        ("43f0501ac4ffcef84f3fc32a47779f24c181647fa97ef7f5ec4428107d732ae9", _LIGHTNING + "blob/refs%2Fpr%2F32"),),
    "sdxl_lightning_2step_unet.safetensors": (
        ("15a96a3b213b8b4d6ea720b4fa5bf6723cd877170bd1a90f58e34da2968ef854", _LIGHTNING + "commit/1b39ebb"),),
    "sdxl_lightning_4step_unet.safetensors": (
        ("39a90a8a2a25c1372633c1e8eb1a96f85eab937bcb58cfc6ec9baf66242ec23c", _LIGHTNING + "blob/refs%2Fpr%2F32"),),
    "sdxl_lightning_8step_unet.safetensors": (
        ("471d8260fda0b17b8906feb24573ce64933d4b6b99ba7a1fa43ca051b994e869", _LIGHTNING + "blob/2597ef9"),),
    "sd_xl_turbo_1.0_fp16.safetensors": tuple(  # stabilityai/sdxl-turbo: published, then modelspec added twice
        (sha, "stabilityai/sdxl-turbo/commit/" + commit) for sha, commit in (
            ("d99293902842fc37894d92afa972d86861d59ad8194279390f7c970d6b87c550", "b881ebe"),
            ("5234ee2a6ba57c0ee39f232c1275b98f4d8aaf596426d5ec20a207f6eb075944", "e6286c6"),
            ("e869ac7d6942cb327d68d5ed83a40447aadf20e0c3358d98b2cc9e270db0da26", "cf0e5cb"))),
    "TCD-SD15-LoRA.safetensors": (
        ("eaecb24a1cda4411eab67275b1d991071216ac93693e8fa0c9226c9df0386232", "h1t/TCD-SD15-LoRA/blob/main"),),
    "TCD-SDXL-LoRA.safetensors": (
        ("2c777bc60abf41d3eb0fe405d23d73c280a020eea5adf97a82a141592c33feba", "h1t/TCD-SDXL-LoRA/blob/main"),),
    "dmd2_sdxl_4step_lora_fp16.safetensors": (  # tianweiy/DMD2: replaced by "fix lora ckpt"
        ("7de75d21cb3f04bc3e734424157b2c3b799b862069c8dd9f4ad76fe66c57ba7c", "tianweiy/DMD2/commit/552f138"),
        ("b3d9173815a4b595991c3a7a0e0e63ad821080f314a0b2a3cc31ecd7fcf2cbb8", "tianweiy/DMD2/commit/19179ac")),
    "dmd2_sdxl_4step_lora.safetensors": (
        ("dd3dfdd1f212798b86100e029606d60c53a52b76a19d1f024acdf3c50987d581", "tianweiy/DMD2/commit/552f138"),
        ("a374289e9446d7f14d2037c4b3770756b7b52c292142a691377c3c755010a1bb", "tianweiy/DMD2/commit/19179ac")),
    "pcm_sdxl_smallcfg_4step_converted.safetensors": (
        ("212150d7953627fb89df99aad579d6763645a1cb2ef26b19fee8b398d5e5ff4d", "wangfuyun/PCM_Weights/blob/39560fe"),),
    "FLUX.1-Turbo-Alpha.safetensors": (
        ("77f7523a5e9c3da6cfc730c6b07461129fa52997ea06168e9ed5312228aa0bff",
         "alimama-creative/FLUX.1-Turbo-Alpha/blob/refs%2Fpr%2F3"),),
    "flux1-schnell.safetensors": (
        ("9403429e0052277ac2a87ad800adece5481eecefd9ed334e1f348723621d2a0a", "black-forest-labs/FLUX.1-schnell/blob/main"),),
    "flux1-schnell-fp8.safetensors": (
        ("ead426278b49030e9da5df862994f25ce94ab2ee4df38b556ddddb3db093bf72", "Comfy-Org/flux1-schnell/commit/0cb207e"),
        ("bbdfba27fed8ff3be237523fb37b83821a6c4bbaa1db43ef9288767d0e4042fb", "Kijai/flux-fp8/commit/7a75a8b")),
    "flux-2-klein-4b-fp8.safetensors": (
        ("97ed34fe0567e436200f2faee3939b88f2b5d99f8af2a4dc16532c4245c0ccb6",
         "black-forest-labs/FLUX.2-klein-4b-fp8/blob/main"),),
    "Flux2TurboComfyv2.safetensors": (
        ("dfc97af0180d432269361a7bc36b4a7df6a2a3ffb630763f8c3343d3d1991d87", "Comfy-Org/flux2-dev/commit/68adc98"),),
    "Qwen-Image-Lightning-4steps-V1.0.safetensors": (
        ("9526e90d71c4290392feeccf3c2172cb77ab3a489f1faeb956637f97acb4c8b1", _QWEN + "commit/374cc3f"),),
    "Qwen-Image-Lightning-4steps-V1.0-bf16.safetensors": (
        ("3ac242b4ff22f62f3bf195b927ba6d23ce23f08f320b24ccca94fb90ecdf8c84", _QWEN + "commit/21ac316"),),
    "Qwen-Image-Edit-2509-Lightning-4steps-V1.0-bf16.safetensors": (
        ("2a32ce938ec71db2b49a817b4844ae86995569518dea56ee0ddc209cbe8e1377", _QWEN + "blob/main/Qwen-Image-Edit-2509"),),
    "Qwen-Image-Edit-2509-Lightning-8steps-V1.0-bf16.safetensors": (
        ("b5c48ba90d22294cc4e20ea4a347496e2136295ad438ff79ad4fe841f28d7f72", _QWEN + "blob/main/Qwen-Image-Edit-2509"),),
    "Qwen-Image-Edit-2509-Lightning-4steps-V1.0-fp32.safetensors": (
        ("6065f62669c999b4516ac4a6e7a120252bf7ff819b407dcb77b868d575e736b1", _QWEN + "commit/17cbef7"),),
    "Qwen-Image-Edit-2509-Lightning-8steps-V1.0-fp32.safetensors": (
        ("eece790fc6ac8c0e36ce8e53cb5f78edf370bf2da79918148db037f529f7e841", _QWEN + "commit/17cbef7"),),
    "Qwen-Image-Edit-2511-Lightning-4steps-V1.0-bf16.safetensors": (
        ("22226e8d05d354bb356627d428809f5afd7819399b077238a2b70a82883a904f",
         "lightx2v/Qwen-Image-Edit-2511-Lightning/blob/main"),),
    "Qwen-Image-Edit-2511-Lightning-8steps-V1.0-bf16.safetensors": (
        ("a9e81a58a78f260f67b337a6f615e8fa4cd3bc79847c77b7d61a581b789b1ba8",
         "lightx2v/Qwen-Image-Edit-2511-Lightning/blob/main"),),
    "Qwen-Image-Lightning-4steps-V2.0.safetensors": (
        ("878c519b75aaa19c5f37ef57b312ac035e936a0a36b14e02269e9dfd53d2c228", _QWEN + "blob/813e69c"),),
    "Qwen-Image-Lightning-8steps-V1.1-bf16.safetensors": (
        ("fe04c3ec1dd46f361fe29010027da4168c439f93143879731ca8d407935279c8", _QWEN + "commit/598f480"),),
    "Qwen-Image-Lightning-4steps-V2.0-bf16.safetensors": (
        ("3e43b9796143ef178dba96707a7c4ec6f882b8ca8afa37577186100d11ad67c5", _QWEN + "blob/main"),),
    "Qwen-Image-Lightning-8steps-V2.0-bf16.safetensors": (
        ("5bdbf69912280a9944be9b3aacd8db0cfbb429fcbd66c994d7b38b5a37e357ee", _QWEN + "blob/main"),),
    "wan2.1_t2v_14b_lora_rank64_lightx2v_4step.safetensors": (
        ("1c918df9eaa102766d8f99104209ce55fe7a892278a667a63d721c5d1c18efb1", "lightx2v/Wan2.1-Distill-Loras/blob/main"),),
    "z_image_turbo_distill_patch_lora_bf16.safetensors": (
        ("340cc573d887681b89a45d850af77db43fb82dd994872be5d0a9d48649eb91c8", "Comfy-Org/Z-Image-Turbo/blob/main"),),
}


def hashes(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((sha, HF + page) for sha, page in SHA256.get(name, ()))


_STEPS = re.compile(r"(\d+)[-_ ]?steps?(?![a-z])", re.I)


def steps_in_name(name: str, recipe) -> int | None:
    """The N of a file named for N steps (Hyper-SDXL-8steps-lora, sdxl_lightning_4step, ...), if its recipe
    publishes several step counts and N is one of them."""
    found = _STEPS.search(name)
    if found is None or len(recipe.steps) == 1:
        return None
    steps = int(found.group(1))
    return steps if steps in recipe.steps else None


GENERIC = {"pytorch_lora_weights.safetensors", "diffusion_pytorch_model.safetensors", "model.safetensors",
           "high_noise_model.safetensors", "low_noise_model.safetensors"}  # names that say nothing on their own


def identifies(recipe, f) -> bool:
    """Whether a recipe's file is its distilled weights: the LoRA of a LoRA recipe, else the model itself (not the
    base model, text encoders and VAEs a workflow loads beside it)."""
    if recipe.lora_strength is not None:
        return f.directory == "loras"
    return f.directory in ("checkpoints", "diffusion_models")


def _from_recipes() -> list[Published]:
    """Each recipe's distilled files, under the name the workflows save them as and their published name; a file
    two recipes name (Wan2.1 lightx2v: Euler, or re-noised as trained) gets the first."""
    seen, rows = set(), []
    for recipe in RECIPES:
        for f in (f for f in recipe.files if identifies(recipe, f) and f.name not in seen):
            seen.add(f.name)
            names = (f.name, *{f.url.rsplit("/", 1)[-1]} - {f.name} - GENERIC)
            rows.append(Published(names, recipe.name, steps_in_name(f.name, recipe), hashes(f.name)))
    return rows


def _named(recipe: str, *names: str, note: str = "") -> list[Published]:
    return [Published((name,), recipe, steps_in_name(name, BY_NAME[recipe]) if recipe else None, hashes(name), note=note)
            for name in names]


HYPER_CFG = ("a CFG-preserving LoRA: it is run with CFG above 1 (3 to 7 by its authors' card); no recipe here is "
             "published for it")
PUBLISHED = tuple(_from_recipes()) + tuple(
    # ByteDance/Hyper-SD's N-step LoRAs beyond the one the recipe data names, and its unified 1-step ones
    _named("Hyper-SD N-step LoRA", "Hyper-SD15-2steps-lora.safetensors", "Hyper-SD15-4steps-lora.safetensors",
           "Hyper-SD15-8steps-lora.safetensors", "Hyper-SDXL-2steps-lora.safetensors",
           "Hyper-SDXL-4steps-lora.safetensors")
    + _named("Hyper-SD unified 1-step LoRA", "Hyper-SD15-1step-lora.safetensors")
    # the generic diffusers names, recognisable only by the folder ComfyUI-Manager saves them in
    + _named("LCM / LCM-LoRA", "SD1.5/lcm/pytorch_lora_weights.safetensors", "SDXL/lcm/pytorch_lora_weights.safetensors",
             "SSD-1B/lcm/pytorch_lora_weights.safetensors", "lcm-lora-sdxl.safetensors", "sdxl_lcm_lora.safetensors")
    + _named("SDXL-Lightning", *(f"sdxl_lightning_{n}step_unet.safetensors" for n in (2, 4, 8)))
    + _named("DMD2 4-step", "dmd2_sdxl_4step_lora.safetensors")
    + _named("FLUX.1-schnell", "flux1-schnell-fp8.safetensors")
    + _named("Qwen-Image-Lightning", "Qwen-Image-Lightning-4steps-V1.0-bf16.safetensors")
    + _named("Qwen-Image-Edit-2509-Lightning", "Qwen-Image-Edit-2509-Lightning-4steps-V1.0-fp32.safetensors",
             "Qwen-Image-Edit-2509-Lightning-8steps-V1.0-fp32.safetensors")
    # known files with no verified recipe: recognised, and never given another file's recipe
    + _named(None, *(f"Hyper-SD{base}-{n}steps-CFG-lora.safetensors" for base in ("15", "XL") for n in (8, 12)),
             note=HYPER_CFG)
    + _named(None, "sdxl_hyper_sd_8step_cfg_lora.safetensors", note=HYPER_CFG)
    + _named(None, "z_image_turbo_distill_patch_lora_bf16.safetensors",
             note="Comfy-Org's Z-Image-Turbo patch LoRA for the base Z-Image: its sampling is not published")
    + _named(None, "flux-2-klein-base-4b-fp8.safetensors", note="FLUX.2 klein's base model: not distilled")
    + _named(None, *(f"Qwen-Image-Lightning-{n}steps-V{v}{dtype}.safetensors" for n in (4, 8) for v in ("1.1", "2.0")
                     for dtype in ("", "-bf16")),
             note="a later Qwen-Image-Lightning version; the recipe data holds V1.0's only")
)
