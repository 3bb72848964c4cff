"""The recipe data: SD1.5 / SDXL recipes at their sources' published timesteps, and what every recipe carries
(flow recipes against their references: test_flow.py)."""

import pytest
import torch
from diffusers import DDPMScheduler

from samplers.recipes import BY_NAME, RECIPES
from support.fakes import DiscreteSampling, FlowSampling

DIRECTORIES = {"checkpoints", "loras", "diffusion_models", "text_encoders", "vae", "latent_upscale_models"}

# (recipe, steps) -> timesteps the source publishes or its scheduler computes
PUBLISHED = {
    ("TCD LoRA", 4): [999, 759, 499, 259],
    ("Hyper-SD unified 1-step LoRA", 1): [999],
    ("Hyper-SD unified 1-step LoRA", 4): [999, 759, 499, 259],
    ("Hyper-SD N-step LoRA", 4): [999, 749, 499, 249],
    ("Hyper-SD N-step LoRA", 8): [999, 874, 749, 624, 499, 374, 249, 124],
    ("Hyper-SDXL 1-step UNet", 1): [800],
    ("SDXL-Lightning", 2): [999, 499],
    ("SDXL-Lightning", 4): [999, 749, 499, 249],
    ("SDXL-Turbo", 4): [999, 749, 499, 249],
    ("LCM / LCM-LoRA", 4): [999, 759, 499, 259],
    ("LCM / LCM-LoRA", 8): [999, 879, 759, 639, 499, 379, 259, 139],
    ("DMD2 4-step", 4): [999, 749, 499, 249],
    ("DMD2 1-step", 1): [399],
    ("PCM", 4): [999, 749, 499, 249],
}


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_recipe_sigmas_are_the_models_own_at_the_published_timesteps(key):
    """Sigmas at the published timesteps, from diffusers' own noise table for SD1.5 / SDXL."""
    name, steps = key
    abar = DDPMScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012).alphas_cumprod
    expected = ((1 - abar[PUBLISHED[key]]) / abar[PUBLISHED[key]]).sqrt()
    sigmas = BY_NAME[name].sigmas(DiscreteSampling(), steps)
    assert sigmas[-1] == 0 and len(sigmas) == steps + 1
    torch.testing.assert_close(sigmas[:-1], expected, rtol=2e-5, atol=0)


def test_every_recipe_has_families_a_source_and_its_published_steps_work():
    for recipe in RECIPES:
        assert recipe.source and recipe.steps and recipe.families and recipe.cfg_for(recipe.steps[0]) >= 1.0
        ms = FlowSampling() if recipe.schedule.flow else DiscreteSampling()
        for steps in recipe.steps:
            sigmas = recipe.sigmas(ms, steps, 1024, 1024)
            assert len(sigmas) == steps + 1 and sigmas[-1] == 0 and (sigmas.diff() < 0).all(), (recipe.name, steps)
        assert all(f.flow == recipe.schedule.flow for f in recipe.families), recipe.name


def test_unpublished_step_counts_are_refused_with_the_published_ones():
    with pytest.raises(ValueError, match="steps: DMD2 4-step is published for 4 steps, not 2"):
        BY_NAME["DMD2 4-step"].sigmas(DiscreteSampling(), 2)
    with pytest.raises(ValueError, match="steps: TCD LoRA is published for 4 to 50 steps, not 60$"):
        BY_NAME["TCD LoRA"].sigmas(DiscreteSampling(), 60)
    with pytest.raises(ValueError, match="steps: SDXL-Lightning is published for 2, 4 or 8 steps, not 3"):
        BY_NAME["SDXL-Lightning"].sigmas(DiscreteSampling(), 3)
    with pytest.raises(ValueError, match="steps"):
        BY_NAME["TCD LoRA"].sigmas(DiscreteSampling(), 0)


def test_every_model_file_is_a_published_download():
    for recipe in RECIPES:
        for f in recipe.all_files:
            assert f.url.startswith("https://huggingface.co/") and "/resolve/main/" in f.url, f
            assert f.name.endswith(".safetensors") and f.directory in DIRECTORIES, f


def test_readme_settings_table_is_generated_from_the_recipes():
    from scripts import readme_tables

    text = readme_tables.README.read_text()
    assert "<!-- recipes:begin" in text
    assert readme_tables.render(text) == text, "run python3 scripts/readme_tables.py"


@pytest.mark.parametrize("script", ["make_workflows", "make_blueprints"])
def test_the_generated_folder_is_what_its_script_writes(script):
    """workflows/ and subgraphs/."""
    import importlib

    generator = importlib.import_module(f"scripts.{script}")
    rendered = generator.rendered()
    assert sorted(generator.OUT.glob("*.json")) == sorted(rendered), f"{generator.OUT.name}/ holds a file no recipe makes"
    for path, text in rendered.items():
        assert path.read_text() == text, f"{path.name}: run python3 scripts/{script}.py"


def test_each_blueprint_is_one_recipe_wired_both_ways():
    """One blueprint per recipe, under a name every OS can keep as a file; each link is named by the output it
    leaves and the input it enters; the recipe node samples the blueprint's recipe."""
    from scripts import make_blueprints

    blueprints = {make_blueprints.name(r): (r, make_blueprints.build(r)) for r in RECIPES}
    assert len(blueprints) == len(RECIPES)
    for name, (recipe, blueprint) in blueprints.items():
        assert not set(name) & set('/\\:*?"<>|'), name
        (subgraph,) = blueprint["definitions"]["subgraphs"]
        assert blueprint["nodes"][0]["type"] == subgraph["id"] and subgraph["name"] == name
        nodes = {node["id"]: node for node in subgraph["nodes"]}
        ends = {make_blueprints.INPUT: subgraph["inputs"], make_blueprints.OUTPUT: subgraph["outputs"]}
        for link in subgraph["links"]:
            origin, target = link["origin_id"], link["target_id"]
            leaves = ends[origin][link["origin_slot"]]["linkIds"] if origin in ends else \
                nodes[origin]["outputs"][link["origin_slot"]]["links"]
            enters = ends[target][0]["linkIds"] if target in ends else [nodes[target]["inputs"][link["target_slot"]]["link"]]
            assert link["id"] in leaves and link["id"] in enters, (name, link)
        presets = [n for n in nodes.values() if n["type"] in ("FewStepRecipe", "FewStepTwoExpertRecipe")]
        assert [p["widgets_values"][0] for p in presets] == [recipe.name]


def test_every_model_loader_of_the_workflows_declares_its_files_from_the_recipe_data():
    """Every node that names model files (CheckpointLoaderSimple, LoraLoaderModelOnly, QuadrupleCLIPLoader,
    LTXAVTextEncoderLoader, LatentUpscaleModelLoader, ...) declares them, in order, as the recipe data has them."""
    from scripts import make_workflows

    published = [f.declared() for r in RECIPES for f in r.all_files]
    loaders = 0
    for name, wf in make_workflows.workflows():
        for node in wf.json()["nodes"]:
            files = [v for v in node["widgets_values"] if isinstance(v, str) and v.endswith(".safetensors")]
            if files:
                loaders += 1
                declared = node["properties"].get("models", [])
                assert [d["name"] for d in declared] == files, (name, node["type"])
                assert all(d in published for d in declared), (name, declared)
    assert loaders >= 20
