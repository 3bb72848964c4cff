"""Recognising a distilled model's recipe from its file: small synthetic safetensors files with the real key
layouts of each family, recognised by hash (a test-only table), by the hash of their tensors after a metadata
edit, by name and folder; refused where the layout contradicts; known files without a verified recipe."""

import hashlib
import struct

import pytest
import torch
from safetensors.torch import save_file

from samplers.recipes import BY_NAME, FLUX1, FLUX2, QWEN_IMAGE, SD3, SD15, SDXL, WAN_FAMILY
from samplers.recognition import by_name, recognise
from samplers.recognition.layout import families_of, wan_variant
from samplers.recognition.published import PUBLISHED, Published, steps_in_name
from samplers.recognition.safetensors import HashCache, read_header, sha256s

# real key names (and, where the layout reads them, real widths) of each family's LoRAs; rank 2
LAYOUTS = {
    "SD1.5, kohya": ({"lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight": (2, 768),
                      "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight": (320, 2)},
                     (SD15,)),
    "SDXL, kohya": ({"lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight": (2, 2048),
                     "lora_unet_input_blocks_4_1_transformer_blocks_1_attn2_to_k.lora_up.weight": (640, 2)}, (SDXL,)),
    "SDXL, diffusers": ({"unet.down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.lora.down.weight": (2, 2048),
                         "unet.down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.lora.up.weight": (640, 2)},
                        (SDXL,)),
    "SD1.5, PEFT": ({"unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.lora_A.weight": (2, 768)}, (SD15,)),
    "FLUX, kohya": ({"lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight": (2, 3072),
                     "lora_unet_single_blocks_0_linear1.lora_down.weight": (2, 3072)}, (FLUX1, FLUX2)),
    "FLUX, diffusers": ({"transformer.transformer_blocks.0.attn.add_q_proj.lora_A.weight": (2, 3072),
                         "transformer.single_transformer_blocks.0.attn.to_q.lora_A.weight": (2, 3072),
                         "transformer.transformer_blocks.0.ff_context.net.0.proj.lora_A.weight": (2, 3072)},
                        (FLUX1, FLUX2)),
    "SD3, diffusers": ({"transformer.transformer_blocks.0.attn.to_q.lora_A.weight": (2, 1536),
                        "transformer.transformer_blocks.0.ff_context.net.0.proj.lora_A.weight": (2, 1536)}, (SD3,)),
    "Wan T2V": ({"diffusion_model.blocks.0.self_attn.q.lora_down.weight": (2, 5120),
                 "diffusion_model.blocks.0.cross_attn.k.lora_down.weight": (2, 5120),
                 "diffusion_model.blocks.0.ffn.0.lora_down.weight": (2, 5120)}, (WAN_FAMILY,)),
    "Qwen-Image": ({"transformer_blocks.0.attn.to_q.lora_down.weight": (2, 3072),
                   "transformer_blocks.0.img_mlp.net.0.proj.lora_down.weight": (2, 3072),
                   "transformer_blocks.0.txt_mlp.net.0.proj.lora_down.weight": (2, 3072)}, (QWEN_IMAGE,)),
}


def write(path, layout, metadata=None, seed=0):
    generator = torch.Generator().manual_seed(seed)
    tensors = {k: torch.randn(shape, generator=generator) for k, shape in LAYOUTS[layout][0].items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path), metadata=metadata)
    return path


def whole_sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_layout_tells_the_base_family(layout):
    shapes, families = LAYOUTS[layout]
    assert families_of(shapes) == families


def test_wan_i2v_loras_have_the_image_keys():
    t2v = LAYOUTS["Wan T2V"][0]
    assert wan_variant(t2v) == "T2V"
    assert wan_variant({**t2v, "diffusion_model.blocks.0.cross_attn.k_img.lora_down.weight": (2, 5120)}) == "I2V"


def test_an_unknown_layout_fits_no_family():
    assert families_of({"lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight": (2, 768)}) == ()
    assert families_of({"unet.attn2.to_k.lora_A.weight": (2, 1024)}) == ()  # SD2's width: no recipe here


def test_header_and_hashes(tmp_path):
    path = write(tmp_path / "a.safetensors", "SDXL, kohya", {"ss_output_name": "a"})
    header = read_header(path)
    assert header.shapes == LAYOUTS["SDXL, kohya"][0] and header.metadata == {"ss_output_name": "a"}
    whole, tensors = sha256s(path, header)
    data = path.read_bytes()
    assert whole == whole_sha256(path)
    assert tensors == hashlib.sha256(data[8 + struct.unpack("<Q", data[:8])[0]:]).hexdigest()


def test_not_a_safetensors_file_is_named(tmp_path):
    for content in (b"", b"\xff" * 16, struct.pack("<Q", 4) + b"[1] "):
        bad = tmp_path / "bad.safetensors"
        bad.write_bytes(content)
        with pytest.raises(ValueError, match=r"bad.safetensors: not a safetensors file"):
            read_header(bad)


def test_the_cache_hashes_a_file_once_until_it_changes(tmp_path):
    path = write(tmp_path / "a.safetensors", "SD1.5, kohya")
    calls = []
    cache = HashCache(tmp_path / "hashes.json")
    first = cache.hashes(path, read_header(path), lambda done, total: calls.append(done))
    assert calls and calls[-1] == path.stat().st_size - 8 - read_header(path).length
    calls.clear()
    assert HashCache(tmp_path / "hashes.json").hashes(path, read_header(path), calls.append) == first and not calls
    write(path, "SD1.5, kohya", seed=1)  # new bytes (and mtime)
    assert cache.hashes(path, read_header(path))[0] == whole_sha256(path) != first[0]


def published(path, recipe="Hyper-SD N-step LoRA", steps=8, tensors=None):
    """A test-only table row: the file at `path` registered by its hash, as a published file would be."""
    header = read_header(path)
    whole, tensor_hash = sha256s(path, header)
    return Published(("a-name-nobody-uses.safetensors",), recipe, steps, sha256=((whole, "a test page"),),
                     tensor_sha256=((tensor_hash, "the test file"),) if tensors else ())


def test_recognised_by_hash_whatever_its_name(tmp_path):
    path = write(tmp_path / "downloads" / "renamed by a download manager.safetensors", "SDXL, kohya")
    table = (published(path),)
    found = recognise(path, table=table)
    assert found.recipe is BY_NAME["Hyper-SD N-step LoRA"] and found.steps == 8
    assert found.how == "by SHA-256, as published on a test page"
    assert found.text() == ("renamed by a download manager.safetensors: Hyper-SD N-step LoRA, 8 steps "
                            "(by SHA-256, as published on a test page)")


def test_recognised_by_its_tensors_after_a_metadata_edit(tmp_path):
    original = write(tmp_path / "a.safetensors", "SDXL, kohya")
    table = (published(original, tensors=True),)
    edited = write(tmp_path / "b.safetensors", "SDXL, kohya", {"modelspec.title": "my favourite LoRA"})
    assert whole_sha256(edited) != whole_sha256(original)
    found = recognise(edited, table=table)
    assert found.recipe is BY_NAME["Hyper-SD N-step LoRA"]
    assert found.how == "by the SHA-256 of its tensors (its metadata differs), as in the file from the test file"
    assert recognise(write(tmp_path / "c.safetensors", "SDXL, kohya", seed=3), table=table).published is None


@pytest.mark.parametrize("name, recipe, steps", [
    ("Hyper-SDXL-8steps-lora.safetensors", "Hyper-SD N-step LoRA", 8),
    ("loras/HyperSD/SDXL/hyper_sdxl_4steps_lora.safetensors", "Hyper-SD N-step LoRA", 4),  # separators, case, folders
    ("SDXL/lcm/pytorch_lora_weights.safetensors", "LCM / LCM-LoRA", None),
    ("sd1.5\\lcm\\pytorch_lora_weights.safetensors", "LCM / LCM-LoRA", None),  # a Windows path
    ("TCD-SDXL-LoRA.safetensors", "TCD LoRA", None),
    ("Qwen-Image-Lightning-8steps-V1.0.safetensors", "Qwen-Image-Lightning", 8),
    ("wan2.2_t2v_lightx2v_4steps_lora_v1.1_high_noise.safetensors", "Wan2.2 Lightning A14B T2V", None),
])
def test_recognised_by_name_and_folder_and_said_so(name, recipe, steps):
    found = by_name(name)
    assert found.recipe == recipe and found.steps == steps


@pytest.mark.parametrize("name", ["pytorch_lora_weights.safetensors", "diffusion_pytorch_model.safetensors",
                                  "my_lora.safetensors", "SD2/lcm/pytorch_lora_weights.safetensors",
                                  "not-Hyper-SDXL-8steps-lora.safetensors"])
def test_generic_or_unknown_names_are_not_recognised(name):
    assert by_name(name) is None


def test_by_name_is_reported_as_not_verified(tmp_path):
    path = write(tmp_path / "SDXL" / "lcm" / "pytorch_lora_weights.safetensors", "SDXL, diffusers")
    found = recognise(path, "SDXL/lcm/pytorch_lora_weights.safetensors")
    assert found.recipe is BY_NAME["LCM / LCM-LoRA"] and found.how == "by name, not verified"
    assert recognise(path).published is None  # the bare file name is generic


def test_a_layout_that_contradicts_the_name_is_refused_naming_both(tmp_path):
    path = write(tmp_path / "Hyper-SDXL-8steps-lora.safetensors", "FLUX, kohya")
    with pytest.raises(ValueError, match=r"Hyper-SDXL-8steps-lora.safetensors: recognised by name, not verified as "
                                         r"Hyper-SD N-step LoRA, a recipe for SD1.5 / SDXL models, but its keys are "
                                         r"a FLUX.1 / FLUX.2 model's"):
        recognise(path)


def test_known_files_without_a_verified_recipe_say_so_and_get_none(tmp_path):
    path = write(tmp_path / "Hyper-SDXL-8steps-CFG-lora.safetensors", "SDXL, kohya")
    found = recognise(path)
    assert found.published is not None and found.recipe is None and found.steps is None
    assert "known (by name, not verified), but no verified recipe: a CFG-preserving LoRA" in found.text()


def test_an_unrecognised_file_says_what_its_keys_are(tmp_path):
    found = recognise(write(tmp_path / "my_lora.safetensors", "Qwen-Image"))
    assert found.published is None and found.text() == "my_lora.safetensors: not recognised (its keys are a Qwen-Image model's)"


def test_the_table_names_each_file_once_and_only_recipes_that_exist():
    names = [n.lower() for p in PUBLISHED for n in p.names]
    assert len(names) == len(set(names))
    assert all(p.recipe is None or p.recipe in BY_NAME for p in PUBLISHED)
    assert all(p.note for p in PUBLISHED if p.recipe is None)
    for p in PUBLISHED:  # a step count only where the recipe publishes several, and one of them
        assert p.steps is None or p.steps in BY_NAME[p.recipe].steps


def test_steps_in_names():
    hyper = BY_NAME["Hyper-SD N-step LoRA"]
    assert [steps_in_name(n, hyper) for n in ("Hyper-SDXL-2steps-lora", "x_4step_y", "8-steps", "16steps", "none")] == [
        2, 4, 8, None, None]
    assert steps_in_name("dmd2_sdxl_4step_lora", BY_NAME["DMD2 4-step"]) is None  # one step count: nothing to pin


def test_every_published_hash_is_whole_with_its_page_and_names_one_file():
    from samplers.recognition.published import SHA256

    names = {name for p in PUBLISHED for name in p.names}
    assert set(SHA256) <= names  # a hash is for a file the table knows
    seen = {}
    for name, versions in SHA256.items():
        for sha, page in versions:
            assert len(sha) == 64 and int(sha, 16) >= 0 and page.count("/") >= 2, (name, sha, page)
            assert seen.setdefault(sha, name) == name, f"{sha} is listed for {seen[sha]} and {name}"
    row = next(p for p in PUBLISHED if "Hyper-SD3-8steps-CFG-lora.safetensors" in p.names)
    assert len(row.sha256) == 2 and all(page.startswith("https://huggingface.co/ByteDance/Hyper-SD/commit/")
                                        for _, page in row.sha256)  # both versions ByteDance published
