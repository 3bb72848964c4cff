"""Bad input, as a user sends it: values linked from core's PrimitiveFloat / PrimitiveInt (ComfyUI's prompt
validation range-checks a node's own widgets, not linked values, and lets NaN through everywhere) and names
the API sends. Each is refused when the node that reads it runs, with a ValueError naming the input, never
sampled into a NaN or unchanged latent; the same values given to the node classes directly are refused alike
(inf too, which no widget can hold)."""

import math
import re

import pytest

from harness import graphs
from harness.comfy_host import PromptError
from support import workflows

NAN, INF = math.nan, math.inf
LATENT = ["latent", 0]  # the 64x64 EmptyLatentImage the prompt samples
SHIFT = r"shift: expected a finite number > 0 \(.*\), got {value}$"


def defaults(host, node):
    """The node's widget values as a new node shows them (the first option of a combo)."""
    return {name: workflows.options(spec)[0] if workflows.options(spec) else spec[1]["default"]
            for name, spec in host.nodes.NODE_CLASS_MAPPINGS[node].INPUT_TYPES()["required"].items()
            if spec[0] not in ("MODEL", "LATENT")}


# id: (SIGMAS node, its inputs over its defaults, the model: a flow family or "eps", the bad input, its values,
# what the message says: {value} is the value as Python prints it)
SIGMAS_CASES = {
    "step list shift": ("FewStepStepListScheduler", {}, "wan21", "shift", [0.0, -1.0, NAN, INF], SHIFT),
    "PCM shift": ("FewStepPCMScheduler", {}, "sd3", "shift", [0.0, -1.0, NAN, INF], SHIFT),
    "flow match shift": ("FewStepFlowMatchScheduler", {}, "wan21", "shift", [0.0, NAN, INF], SHIFT),
    "flow match base_shift": ("FewStepFlowMatchScheduler", {}, "wan21", "base_shift", [NAN, INF],
                              r"base_shift: expected a finite number, got {value}$"),
    # widget values in range, and mu 143 from the 64x64 latent: the sigmas collapse to [1, 1, 1, 1, 0]
    "flow match mu": ("FewStepFlowMatchScheduler", {"use_dynamic_shifting": True, "max_shift": 10.0,
                                                    "base_image_seq_len": 1, "max_image_seq_len": 2, "latent": LATENT},
                      "wan21", "base_shift", [0.5], r"latent: at 64x64 pixels \(16 image tokens\) mu = 143 "
                                                    r"\(calculate_shift\).*sigmas 1, 1, 1, 1, 0"),
    "TCD scheduler steps": ("FewStepTCDScheduler", {}, "eps", "steps", [0, -3], r"steps: expected a whole number >= 1, got {value}$"),
    "TCD scheduler strength": ("FewStepTCDScheduler", {}, "eps", "strength", [NAN, 1.5],
                               r"strength: expected a number in \[0, 1\], got {value}$"),
    "trailing denoise": ("FewStepTrailingScheduler", {}, "eps", "denoise", [NAN, -0.5],
                         r"denoise: expected a number in \[0, 1\], got {value}$"),
    "recipe steps": ("FewStepRecipe", {"recipe": "Wan2.1 lightx2v StepDistill"}, "wan21", "steps", [0],
                     r"steps: expected a whole number >= 1, got 0"),
}
CASES = [pytest.param(case, value, id=f"{case} {value}") for case, spec in SIGMAS_CASES.items() for value in spec[4]]


def model_nodes(host, family):
    if family == "eps":
        return {"model": {"class_type": "UNETLoader", "inputs": {"unet_name": "tiny_eps.safetensors",
                                                                 "weight_dtype": "default"}}}
    if family not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no {family} model")
    return {"model": {"class_type": "FewStepTestGaussianFlowModel", "inputs": {"family": family, "mean": 0.3,
                                                                               "std": 0.5}}}


def through_executor(host, nodes, sigmas, sampler=None, latent=None, slot=0):
    """`nodes` (with "model") -> SamplerCustom with output `slot` of `sigmas` and `sampler` (euler by default)
    -> capture."""
    prompt = {**nodes, "sigmas": sigmas,
              "sampler": sampler or {"class_type": "KSamplerSelect", "inputs": {"sampler_name": "euler"}},
              "cond": {"class_type": "FewStepTestConditioning", "inputs": {"width": 64, "seed": 0}},
              "latent": latent or {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64,
                                                                                "batch_size": 1}}}
    prompt["sample"] = graphs.sampler_custom_node(["model", 0], ["cond", 0], ["sampler", 0], ["sigmas", slot],
                                                  ["latent", 0], seed=1)
    prompt["capture"] = {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": "out"}}
    host.run(prompt)


def primitive(host, kind, value):
    node = f"Primitive{kind}"
    if node not in host.nodes.NODE_CLASS_MAPPINGS:
        pytest.skip(f"{host.name} has no {node} node")
    return {"class_type": node, "inputs": {"value": value}}


@pytest.mark.parametrize("case, value", [c for c in CASES if c.values[1] != INF])  # no widget holds inf
def test_a_bad_value_linked_from_a_primitive_is_refused_by_name(host, case, value):
    node, inputs, family, name, _, match = SIGMAS_CASES[case]
    nodes = model_nodes(host, family)
    nodes["value"] = primitive(host, "Int" if isinstance(value, int) else "Float", value)
    sigmas = {"class_type": node, "inputs": {**defaults(host, node), **inputs, "model": ["model", 0],
                                             name: ["value", 0]}}
    with pytest.raises(PromptError, match=match.format(value=re.escape(repr(value)))) as error:
        through_executor(host, nodes, sigmas, slot=1 if node == "FewStepRecipe" else 0)
    assert (error.value.exception_type, error.value.node_type) == ("ValueError", node)


@pytest.mark.parametrize("case, value", CASES)
def test_the_node_classes_refuse_the_same_values_by_name(host, case, value):
    node, inputs, family, name, _, match = SIGMAS_CASES[case]
    if family == "eps":
        model = host.load_unet("tiny_eps.safetensors")
    else:
        model_nodes(host, family)
        model = host.call_node("FewStepTestGaussianFlowModel", family=family, mean=0.3, std=0.5)[0]
    if inputs.get("latent") == LATENT:
        inputs = {**inputs, "latent": host.call_node("EmptyLatentImage", width=64, height=64, batch_size=1)[0]}
    with pytest.raises(ValueError, match=match.format(value=re.escape(repr(value)))):
        host.call_node(node, model=model, **{**defaults(host, node), **inputs, name: value})


@pytest.mark.parametrize("gamma, gamma_end, match", [
    (NAN, -1.0, r"gamma: expected a number in \[0, 1\], got nan"),
    (1.5, -1.0, r"gamma: expected a number in \[0, 1\], got 1.5"),
    (0.3, NAN, r"gamma_end: -1 \(the same as gamma\) or a number in \[0, 1\], got nan"),
    (0.3, -0.5, r"gamma_end: -1 \(the same as gamma\) or a number in \[0, 1\], got -0.5")])
def test_the_tcd_sampler_node_refuses_a_bad_gamma_when_it_runs(host, gamma, gamma_end, match):
    """Refused by the TCD Sampler node itself, not later by the sampler when SamplerCustom starts sampling."""
    nodes = {**model_nodes(host, "eps"), "gamma": primitive(host, "Float", gamma),
             "gamma_end": primitive(host, "Float", gamma_end)}
    sampler = {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": ["gamma", 0], "gamma_end": ["gamma_end", 0]}}
    sigmas = {"class_type": "FewStepTCDScheduler", "inputs": {"model": ["model", 0], "steps": 4, "strength": 1.0}}
    with pytest.raises(PromptError, match=match) as error:
        through_executor(host, nodes, sigmas, sampler)
    assert (error.value.exception_type, error.value.node_type) == ("ValueError", "FewStepSamplerTCD")


def test_ksampler_tcd_past_the_grid_speaks_of_steps_and_denoise(host):
    """KSampler asks its scheduler for steps / denoise steps: 10 at denoise 0.1 is 100 of the grid's 50."""
    with pytest.raises(PromptError, match=r"steps: the TCD / LCM grid has 50 timesteps, and KSampler asked scheduler "
                                          r"tcd / lcm for 100 \(its steps, divided by denoise") as error:
        host.run(graphs.ksampler("eps", "tcd", "tcd", steps=10, denoise=0.1))
    assert error.value.exception_type == "ValueError"
    host.run(graphs.ksampler("eps", "tcd", "tcd", steps=10, denoise=0.2, seed=2))  # 50: the whole grid


def test_a_recipe_name_not_in_the_nodes_list_is_named(host):
    model = host.load_unet("tiny_eps.safetensors")
    with pytest.raises(ValueError, match=r"recipe: 'SDXL Lightning' is not one of this node's recipes: TCD LoRA, "):
        host.call_node("FewStepRecipe", model=model, recipe="SDXL Lightning", steps=4)
    # a one-model recipe sent to the two-expert node (and the other way round) is not in that node's list
    with pytest.raises(ValueError, match=r"recipe: 'SDXL-Lightning' is not one of this node's recipes: Wan2.2"):
        host.call_node("FewStepTwoExpertRecipe", model=model, recipe="SDXL-Lightning", steps=4)
    with pytest.raises(ValueError, match=r"recipe: 'Wan2.2 Lightning A14B T2V' is not one of this node's recipes"):
        host.call_node("FewStepRecipe", model=model, recipe="Wan2.2 Lightning A14B T2V", steps=4)


def test_a_size_where_the_published_schedule_collapses_is_refused_with_the_size_and_mu(host, tmp_path):
    """FLUX.2 klein's compute_empirical_mu at 4896 pixels a side is 16.3: its four sigmas round to 1 in float32."""
    if "flux2" not in host.tiny.flow.FAMILIES:
        pytest.skip(f"{host.name} has no flux2 model")
    host.tiny.flow.write_unet(tmp_path / "flux2_bad_inputs.safetensors", "flux2")
    host.add_model_dir(tmp_path)
    nodes = {"model": {"class_type": "UNETLoader", "inputs": {"unet_name": "flux2_bad_inputs.safetensors",
                                                             "weight_dtype": "default"}}}
    sigmas = {"class_type": "FewStepRecipe", "inputs": {"model": ["model", 0], "recipe": "FLUX.2 klein (distilled)",
                                                        "steps": 4, "latent": ["latent", 0]}}
    latent = {"class_type": "EmptyFlux2LatentImage", "inputs": {"width": 4896, "height": 4896, "batch_size": 1}}
    with pytest.raises(PromptError, match=r"latent: at 4896x4896 pixels \(93636 image tokens\) mu = 16.31 "
                                          r"\(compute_empirical_mu\).*sigmas 1, 1, 1, 1, 0") as error:
        through_executor(host, nodes, sigmas, latent=latent, slot=1)
    assert (error.value.exception_type, error.value.node_type) == ("ValueError", "FewStepRecipe")
