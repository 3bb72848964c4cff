"""The pack inside a real ComfyUI: loaded by its custom-node loader, run by its executor."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from harness.comfy_host import PromptError
from conftest import HOST_NAME, get_json
from harness import graphs
from harness.host import PACK_NAME, ROOT

OUR_NODES = ["FewStepSamplerTCD", "FewStepTCDScheduler"]


def combo(spec):
    """The options of a combo input, in V1 form `([...], {...})` or V3 form `("COMBO", {"options": [...]})`."""
    return spec[1]["options"] if spec[0] == "COMBO" else spec[0]


def test_pack_is_loaded_by_comfyuis_own_loader(host):
    assert Path(host.pack.__file__).resolve().parent == ROOT
    for name in OUR_NODES:
        assert host.nodes.NODE_CLASS_MAPPINGS[name] is host.pack.NODE_CLASS_MAPPINGS[name]


def test_dropdowns_of_core_nodes_list_our_entries(host):
    import comfy.samplers

    ksampler = host.nodes.NODE_CLASS_MAPPINGS["KSampler"].INPUT_TYPES()["required"]
    assert "tcd" in combo(ksampler["sampler_name"]) and "tcd" in combo(ksampler["scheduler"])
    assert comfy.samplers.KSampler.SAMPLERS is comfy.samplers.SAMPLER_NAMES
    assert comfy.samplers.KSampler.SCHEDULERS is comfy.samplers.SCHEDULER_NAMES
    select = host.nodes.NODE_CLASS_MAPPINGS["KSamplerSelect"].INPUT_TYPES()["required"]
    basic = host.nodes.NODE_CLASS_MAPPINGS["BasicScheduler"].INPUT_TYPES()["required"]
    assert "tcd" in combo(select["sampler_name"]) and "tcd" in combo(basic["scheduler"])


def test_the_node_library_finds_the_nodes_by_the_words_users_type(host, object_info):
    """Every pack node has search aliases, served where this ComfyUI serves them (2026: from SEARCH_ALIASES),
    among them the words users look for a distilled model's setup with."""
    if "search_aliases" not in object_info["KSampler"]:
        pytest.skip(f"{HOST_NAME} serves no search aliases")
    ours = {name: object_info[name]["search_aliases"] for name in host.pack.NODE_CLASS_MAPPINGS}
    assert all(ours.values()), [name for name, aliases in ours.items() if not aliases]
    recipe = ours["FewStepRecipe"]
    for words in ("lightning", "turbo", "lightx2v", "hyper", "dmd2", "lcm lora", "wan 4 step", "qwen 8 step"):
        assert any(words in alias for alias in recipe), words
    assert "ltx distilled" in ours["FewStepTwoExpertRecipe"] and "wan 4 step" in ours["FewStepTwoExpertRecipe"]
    assert "hyper lora" in ours["FewStepDistilledLoraLoader"] and "minimax lora" in ours["FewStepDistilledLoraLoader"]


# Where each ComfyUI files its own sampling nodes (core moved them in 2026-05).
CORE_ROOT = {"comfyui-0.33.0": "model/sampling", "comfyui-0.3.75": "sampling/custom_sampling",
             "comfyui-2024-03": "sampling/custom_sampling"}


def test_nodes_are_filed_beside_cores_own(host, object_info):
    """SAMPLER nodes where this ComfyUI files KSamplerSelect, SIGMAS nodes where it files
    BasicScheduler, the others under the same root, as read from the running server."""
    samplers, schedulers = object_info["KSamplerSelect"]["category"], object_info["BasicScheduler"]["category"]
    root = CORE_ROOT[HOST_NAME]
    assert samplers == root + "/samplers" and schedulers == root + "/schedulers"
    for name in host.pack.NODE_CLASS_MAPPINGS:
        outputs, category = object_info[name]["output"], object_info[name]["category"]
        if outputs == ["SAMPLER"]:
            assert category == samplers, name
        elif outputs == ["SIGMAS"]:
            assert category == schedulers, name
        else:
            assert category in (root + "/presets", root + "/digits"), (name, category)


def test_server_object_info_lists_nodes_and_entries(host, server_url):
    info = get_json(server_url + "/object_info")
    for name in host.pack.NODE_CLASS_MAPPINGS:
        assert info[name]["description"]
        for spec in info[name]["input"]["required"].values():
            assert spec[1].get("tooltip"), (name, spec)
    required = info["KSampler"]["input"]["required"]
    assert "tcd" in combo(required["sampler_name"]) and "tcd" in combo(required["scheduler"])


def run_capture(host, prompt, label="out"):
    host.run(prompt)
    return host.tiny.CAPTURED.pop(label)


@pytest.mark.parametrize("kind", ["eps", "v", "flow"])
def test_plain_ksampler_with_tcd_per_model_type(host, kinds, kind):
    """The tcd sampler on every model type; the flow model with a flow schedule (core `simple`)."""
    if kind not in kinds:
        pytest.skip(f"{HOST_NAME} has no {kind} model type")
    out = run_capture(host, graphs.ksampler(kind, scheduler="simple" if kind == "flow" else "tcd", batch=2))
    assert out.shape == (2, 4, 8, 8) and torch.isfinite(out).all()


@pytest.mark.parametrize("scheduler, named", [("tcd", "the TCD / LCM 50-step grid"), ("trailing", "trailing"),
                                              ("ays_sd1", "Align Your Steps")])
def test_discrete_schedules_on_a_flow_model_fail_the_prompt_with_a_named_error(host, kinds, scheduler, named):
    if "flow" not in kinds:
        pytest.skip(f"{HOST_NAME} has no flow model type")
    with pytest.raises(PromptError, match=f"model: {named}.* this is a flow model"):
        host.run(graphs.ksampler("flow", scheduler=scheduler))


@pytest.mark.parametrize("scheduler", ["wan_lightning", "qwen_lightning"])
def test_flow_dropdown_schedulers_refuse_discrete_models(host, scheduler):
    with pytest.raises(PromptError, match="is a flow-model schedule .* discrete-timestep"):
        host.run(graphs.ksampler("eps", scheduler=scheduler))


def test_sampler_custom_equals_plain_ksampler(host):
    """Same seed, same sampler: the SAMPLER + SIGMAS nodes and the dropdown entries agree bit for bit."""
    plain = run_capture(host, graphs.ksampler(seed=7))
    custom = run_capture(host, graphs.sampler_custom(
        {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": 0.3, "gamma_end": -1.0}},
        {"class_type": "FewStepTCDScheduler", "inputs": {"steps": 4, "strength": 1.0}}, seed=7))
    assert torch.isfinite(plain).all() and torch.equal(plain, custom)


def test_same_seed_same_image(host):
    a = run_capture(host, graphs.ksampler(seed=3))
    b = run_capture(host, graphs.ksampler(seed=3, steps=4, denoise=0.99999))  # a different prompt, not cached
    c = run_capture(host, graphs.ksampler(seed=4))
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_tcd_sampler_on_core_schedulers_and_split_sigmas(host):
    for scheduler in ("sgm_uniform", "karras", "simple"):
        assert torch.isfinite(run_capture(host, graphs.ksampler(scheduler=scheduler))).all()
    prompt = graphs.sampler_custom(
        {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": 0.2, "gamma_end": 0.8}},
        {"class_type": "FewStepTCDScheduler", "inputs": {"steps": 8, "strength": 1.0}})
    prompt["split"] = {"class_type": "SplitSigmas", "inputs": {"sigmas": ["sigmas", 0], "step": 3}}
    prompt["sample"]["inputs"]["sigmas"] = ["split", 1]
    assert torch.isfinite(run_capture(host, prompt)).all()


def test_bad_input_fails_the_prompt_with_a_named_error(host):
    with pytest.raises(PromptError, match="steps: the TCD / LCM grid has 50 timesteps, and KSampler asked scheduler "
                                          "tcd / lcm for 60"):
        host.run(graphs.ksampler(steps=60))


def test_registering_twice_adds_nothing(host):
    import comfy.samplers

    assert host.pack.registry.register(host.pack.DROPDOWN_SAMPLERS, host.pack.DROPDOWN_SCHEDULERS) == {
        "samplers": [], "schedulers": []}
    assert host.load_pack(host.tree / "custom_nodes" / PACK_NAME)
    assert comfy.samplers.SAMPLER_NAMES.count("tcd") == 1
    assert comfy.samplers.SCHEDULER_NAMES.count("tcd") == 1
    assert comfy.samplers.KSAMPLER_NAMES.count("tcd") == 1
    assert torch.isfinite(run_capture(host, graphs.ksampler(seed=11))).all()


OTHER_PACK = '''
import comfy.k_diffusion.sampling, comfy.samplers

def sample_tcd(model, x, sigmas, **kwargs):
    raise RuntimeError("the other pack's tcd")

comfy.k_diffusion.sampling.sample_tcd = sample_tcd
comfy.samplers.SAMPLER_NAMES.append("tcd")
NODE_CLASS_MAPPINGS = {}
'''


def test_another_pack_that_registered_tcd_first_is_left_alone(tmp_path):
    other = tmp_path / "other_tcd_pack"
    other.mkdir()
    (other / "__init__.py").write_text(OTHER_PACK)
    script = textwrap.dedent(f"""
        import sys, logging
        logging.basicConfig(level=logging.INFO)
        sys.path.insert(0, {str(ROOT)!r})
        from harness.comfy_host import Host
        from pathlib import Path
        h = Host({HOST_NAME!r}, first_packs=(Path({str(other)!r}),))
        import comfy.samplers, comfy.k_diffusion.sampling as k
        assert comfy.samplers.SAMPLER_NAMES.count("tcd") == 1
        assert "the other pack" in str(k.sample_tcd.__code__.co_consts)
        assert "FewStepSamplerTCD" in h.nodes.NODE_CLASS_MAPPINGS
        assert comfy.samplers.SCHEDULER_NAMES.count("tcd") == 1
        print("COEXIST-OK")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert "COEXIST-OK" in result.stdout, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stderr.count("sampler 'tcd' is already registered by another pack; left alone") == 1


def test_progress_and_interrupt_within_one_step(host, monkeypatch):
    import comfy.model_management
    import comfy.utils

    # ComfyUI >= 2026 throttles the hook (at most every 0.1 s and 0.5 %): off, so it sees every step
    for throttle in ("PROGRESS_THROTTLE_MIN_INTERVAL", "PROGRESS_THROTTLE_MIN_PERCENT"):
        if hasattr(comfy.utils, throttle):
            monkeypatch.setattr(comfy.utils, throttle, 0)
    seen = []

    def hook(value, total, preview, **kwargs):
        seen.append(value)
        if value == 2:
            comfy.model_management.interrupt_current_processing(True)
        comfy.model_management.throw_exception_if_processing_interrupted()

    comfy.utils.set_progress_bar_global_hook(hook)
    try:
        with pytest.raises(PromptError):
            host.run(graphs.ksampler(steps=20, scheduler="karras", seed=99))
    finally:
        comfy.utils.set_progress_bar_global_hook(None)
        comfy.model_management.interrupt_current_processing(False)
    assert seen == [1, 2]
    assert torch.isfinite(run_capture(host, graphs.ksampler(seed=98))).all()


@pytest.mark.parametrize("sampling, zsnr", [("eps", False), ("v_prediction", True), ("lcm", False)])
def test_noise_levels_read_the_numbering_of_core_model_samplings(host, sampling, zsnr):
    """The few-entry probe of a model's timestep numbering equals the whole table's, on core's own
    samplings: ModelSamplingDiscrete eps / v (zero terminal SNR) and the LCM-distilled one."""
    patched = host.nodes.NODE_CLASS_MAPPINGS["ModelSamplingDiscrete"]().patch(
        host.load_unet("tiny_eps.safetensors"), sampling, zsnr)[0]
    ms = host.pack_module("nodes.common").model_sampling(patched)
    whole = torch.cat([ms.timestep(chunk).float().cpu() for chunk in ms.sigmas.split(50)])
    assert torch.equal(host.pack_module("samplers.levels").table_timesteps(ms, ms.sigmas), whole)
