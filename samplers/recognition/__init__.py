"""The published recipe a model file needs, recognised from the file itself (no ComfyUI).

In this order, and saying which matched: the SHA-256 of the whole file against every published version of
each recipe's files; the SHA-256 of its tensor bytes (the same file with its metadata edited); its name and
folder ("by name, not verified"). The file's key layout only tells its base family: it refuses a file whose
name or hash claims a recipe for another family, and never picks a step variant (published.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..recipes import BY_NAME, Family, Recipe
from .layout import families_of
from .published import PUBLISHED, Published
from .safetensors import HashCache, Progress, read_header


@dataclass(frozen=True)
class Recognition:
    """What a file was recognised as: its recipe (None: not recognised, or known with no verified recipe), the step
    count its name or hash pins, how it was recognised, and the families its layout fits."""

    file: str
    published: Published | None
    how: str
    families: tuple[Family, ...]

    @property
    def recipe(self) -> Recipe | None:
        return BY_NAME[self.published.recipe] if self.published and self.published.recipe else None

    @property
    def steps(self) -> int | None:
        return self.published.steps if self.published else None

    def text(self) -> str:
        """One line for the user: which recipe, and how it was recognised."""
        layout = " / ".join(f.name for f in self.families) or "no family the pack knows"
        if self.published is None:
            return f"{self.file}: not recognised (its keys are a {layout} model's)"
        if self.recipe is None:
            return f"{self.file}: known ({self.how}), but no verified recipe: {self.published.note}"
        steps = f", {self.steps} step{'s' * (self.steps != 1)}" if self.steps else ""
        return f"{self.file}: {self.recipe.name}{steps} ({self.how})"


def _spelled(part: str) -> str:
    return re.sub(r"[-_ .]+", "_", part.lower())


def _parts(path: str) -> list[str]:
    return [_spelled(p) for p in re.split(r"[\\/]+", path) if p]


def by_name(name: str, table=PUBLISHED) -> Published | None:
    """The published file `name` (a file name, or a path under a model folder) is named as, if any: its last
    folders and file name equal a published name's, letter case and separators aside."""
    parts = _parts(name)
    for published in table:
        for known in map(_parts, published.names):
            if parts[-len(known):] == known:
                return published
    return None


def by_hash(sha256: str, tensor_sha256: str, table=PUBLISHED) -> tuple[Published, str] | None:
    """The published file with this whole-file or tensor hash, and how it matched."""
    for published in table:
        for known, page in published.sha256:
            if known == sha256:
                return published, f"by SHA-256, as published on {page}"
    for published in table:
        for known, page in published.tensor_sha256:
            if known == tensor_sha256:
                return published, f"by the SHA-256 of its tensors (its metadata differs), as in the file from {page}"
    return None


def recognise(path: str | os.PathLike, name: str | None = None, cache: HashCache | None = None,
              progress: Progress | None = None, table=PUBLISHED) -> Recognition:
    """Recognise the safetensors file at `path` (`name`: how ComfyUI lists it, e.g. `SDXL/lcm/pytorch_lora_weights
    .safetensors`; by default its file name). A ValueError names the file when its layout contradicts what its
    name or hash says it is."""
    name = name or os.path.basename(path)
    header = read_header(path)
    families = families_of(header.shapes)
    sha256, tensors = (cache or HashCache()).hashes(path, header, progress)
    found = by_hash(sha256, tensors, table)
    published, how = found if found else (by_name(name, table), "by name, not verified")
    if published is None:
        how = ""
    recognition = Recognition(name, published, how, families)
    recipe = recognition.recipe
    if recipe is not None and families and not set(families) & set(recipe.families):
        raise ValueError(f"{name}: recognised {how} as {recipe.name}, a recipe for "
                         f"{' / '.join(f.name for f in recipe.families)} models, but its keys are a "
                         f"{' / '.join(f.name for f in families)} model's")
    return recognition
