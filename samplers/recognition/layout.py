"""What a file's keys and shapes say about the model family it is for: enough to tell the base families apart
and to refuse a file whose name claims another, never to tell step-count variants apart (Hyper-SDXL's 1-, 2-,
4- and 8-step LoRAs have one layout; ../docs of the survey: identical sizes and headers).

Keys are compared in one spelling (lower case, `.` as `_`), so the kohya (`lora_unet_...`), diffusers / PEFT
(`unet.` / `transformer.`, `lora_A` / `lora.down`) and ComfyUI (`diffusion_model.`) forms read alike.
Markers, as peers read them: SD1.5 vs SDXL by the cross-attention key width, 768 or 2048 (InvokeAI
configs/lora.py lora_token_vector_length); Wan by its blocks' self_attn / cross_attn / ffn and I2V by k_img
(diffusers lora_conversion_utils _convert_non_diffusers_wan_lora_to_diffusers); FLUX by its double and single
blocks; SD3 by joint blocks or ff_context without single blocks; Qwen-Image by img_mlp / txt_mlp.
"""

from __future__ import annotations

import re

from ..recipes import FLUX1, FLUX2, QWEN_IMAGE, SD3, SD15, SDXL, WAN_FAMILY, Family

CROSS_ATTENTION_WIDTH = {768: SD15, 2048: SDXL}
# the down (A) matrix of a LoRA on a cross-attention key projection: its input width is the text width
_TO_K_DOWN = re.compile(r"attn2_to_k(_lora)?_(down|a)_weight$")


def _spelled(key: str) -> str:
    return key.lower().replace(".", "_")


def families_of(shapes: dict[str, tuple[int, ...]]) -> tuple[Family, ...]:
    """The families a file's layout fits (FLUX.1 and FLUX.2 share one), or () when it fits none the pack knows."""
    keys = {_spelled(k): shape for k, shape in shapes.items()}
    has = lambda *parts: any(all(p in k for p in parts) for k in keys)
    if has("blocks_", "cross_attn_") and (has("self_attn_") or has("ffn_")):
        return (WAN_FAMILY,)
    if has("double_blocks_") or (has("single_transformer_blocks_") and has("add_q_proj")):
        return (FLUX1, FLUX2)
    if has("img_mlp") or has("txt_mlp"):
        return (QWEN_IMAGE,)
    if has("joint_blocks_") or (has("ff_context") and not has("single_transformer_blocks_")):
        return (SD3,)
    widths = {shape[-1] for k, shape in keys.items() if _TO_K_DOWN.search(k) and len(shape) == 2}
    found = tuple(CROSS_ATTENTION_WIDTH[w] for w in sorted(widths) if w in CROSS_ATTENTION_WIDTH)
    return found[:1] if len(found) == 1 else ()


def wan_variant(shapes: dict[str, tuple[int, ...]]) -> str:
    """I2V or T2V, by the image cross-attention keys an I2V LoRA has (ComfyUI logs them as not loaded on T2V)."""
    return "I2V" if any("k_img" in _spelled(k) for k in shapes) else "T2V"
