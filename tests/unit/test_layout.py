"""The rooms import one way: the product imports no other room, the harness only the product,
benchmarks the harness, scripts the harness and the benchmarks, and nothing outside tests/
imports tests/ (its helpers are imported as `support`)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("__init__.py", "registry.py", "nodes", "samplers", "digits")
ROOMS = ("harness", "bench", "scripts", "tests", "support")
MAY_IMPORT = {"product": set(), "harness": set(), "bench": {"harness"}, "scripts": {"harness", "bench"}}


def room_of(path: Path) -> str:
    top = path.relative_to(ROOT).parts[0]
    return "product" if top in PRODUCT else top


def rooms_imported(path: Path) -> set[str]:
    """The other rooms a file imports by absolute name (relative imports stay in the file's own room)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(ROOMS)
    return found - {room_of(path)}


FILES = [ROOT / "__init__.py", ROOT / "registry.py"] + [
    path for folder in ("nodes", "samplers", "digits", "harness", "bench", "scripts")
    for path in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_one_way(path):
    room = room_of(path)
    assert rooms_imported(path) <= MAY_IMPORT[room], f"{room} may import only {sorted(MAY_IMPORT[room]) or 'no room'}"


def test_the_check_sees_an_import_against_the_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "harness").mkdir()
    bad = tmp_path / "harness" / "x.py"
    bad.write_text("import os\nfrom bench.readme import README\nif True:\n    import support.fakes\nfrom . import y\n")
    assert rooms_imported(bad) == {"bench", "support"}
