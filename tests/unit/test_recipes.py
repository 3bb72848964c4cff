"""Each published recipe's timesteps and sigmas against its source's numbers (shared/recipes.md)."""

import pytest

from samplers.recipes import BY_NAME, RECIPES
from samplers.schedules import sigmas_at_timesteps
from support.fakes import DiscreteSampling

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
# sigmas computed from the SD / SDXL noise table (recipes.md section 0)
SIGMA = {999: 14.6146, 800: 5.1110, 759: 4.2606, 749: 4.0817, 499: 1.6129, 399: 1.1606, 259: 0.7194, 249: 0.6932}


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_recipe_timesteps_and_sigmas_are_the_published_ones(key):
    name, steps = key
    timesteps = BY_NAME[name].timesteps_for(steps)
    assert timesteps == PUBLISHED[key]
    sigmas = sigmas_at_timesteps(DiscreteSampling(), timesteps).tolist()
    assert sigmas[-1] == 0
    for t, s in zip(timesteps, sigmas):
        if t in SIGMA:
            assert s == pytest.approx(SIGMA[t], abs=1e-4)


def test_every_recipe_has_a_source_and_allowed_steps_work():
    for recipe in RECIPES:
        assert recipe.source and recipe.steps and recipe.cfg >= 1.0
        for steps in recipe.steps:
            assert len(recipe.timesteps_for(steps)) == steps


def test_unpublished_step_counts_are_refused():
    with pytest.raises(ValueError, match="steps: DMD2 4-step is published for 4 steps, not 2"):
        BY_NAME["DMD2 4-step"].timesteps_for(2)
    with pytest.raises(ValueError, match="steps"):
        BY_NAME["TCD LoRA"].timesteps_for(0)


def test_readme_settings_table_is_generated_from_the_recipes():
    import readme_tables

    text = readme_tables.README.read_text()
    assert "<!-- recipes:begin" in text
    assert readme_tables.render(text) == text, "run python tools/readme_tables.py"


def test_workflows_folder_is_what_make_workflows_writes():
    import make_workflows

    for path, text in make_workflows.rendered().items():
        assert path.read_text() == text, f"{path.name}: run python tools/make_workflows.py"
