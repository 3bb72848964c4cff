"""A real ComfyUI host, booted once per pytest process (FEWSTEP_HOST names which)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import json
import urllib.request
from pathlib import Path

import pytest
import torch

from harness.comfy_host import TINY_PACK, Host
from harness.host import HOSTS, ROOT
from support import workflows

HOST_NAME = os.environ.get("FEWSTEP_HOST", next(iter(HOSTS)))

# The real frontend in headless Chromium (Debian's, no browser download), for the browser tests.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# The frontend's own noise when it runs without a user profile (measured with frontends 1.32.9 and 1.58.1);
# requests to other hosts (the Comfy Registry at api.comfy.org) fail here, where there is no network.
BENIGN = ("/api/userdata", "user.css", "GraphView")


def post(url, data):
    request = urllib.request.Request(url, data=json.dumps(data).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).read()


@pytest.fixture(scope="module")
def page(server_url):
    """A headless Chromium tab on the host's frontend; `tab.errors` collects its console errors."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "harness/host.py --browser installs Debian's chromium"
    post(server_url + "/settings/Comfy.TutorialCompleted", True)  # no template browser over the canvas
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        tab = browser.new_page(viewport={"width": 1600, "height": 1000})
        tab.errors, tab.server = [], server_url
        tab.on("console", lambda m: m.type == "error" and tab.errors.append((m.text, m.location.get("url") or "")))
        tab.on("pageerror", lambda e: tab.errors.append((str(e), "")))
        tab.goto(server_url, wait_until="domcontentloaded")
        tab.wait_for_function("window.app && window.app.graph && window.LiteGraph", timeout=60000)
        tab.wait_for_timeout(1000)
        yield tab
        browser.close()


SHOTS = ROOT / "out" / "browser" / HOST_NAME
README_IMAGES = ROOT / "docs" / "images"


def screenshot(page, name: str, readme: bool = False) -> None:
    """The page as out/browser/<host>/<name>; a README picture (`readme`) also as docs/images/<name> when
    FEWSTEP_SCREENSHOTS=1, which is how the README's screenshots are taken."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))
    if readme and os.environ.get("FEWSTEP_SCREENSHOTS") == "1":
        shutil.copy(SHOTS / name, README_IMAGES / name)


def reports_missing(page_text: str) -> bool:
    """The frontend's missing-nodes / missing-models dialog is up (1.32: "missing", 2024-03: "not found")."""
    return any(words in page_text.lower() for words in ("missing", "not found"))


def real_errors(tab):
    return [f"{text} @ {url}" for text, url in tab.errors
            if not (url.startswith("http") and not url.startswith(tab.server))
            and not any(noise in text or noise in url for noise in BENIGN)]


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def host(tmp_path_factory, models_dir):
    """The host booted in this process, with tiny models under the names the tests and workflows use: a UNet
    per model type, and under every file name the workflows declare, a tiny model of that file's family
    and kind (text encoders and VAEs of flow models: placeholders, see workflows.tiny)."""
    h = Host(HOST_NAME, output_dir=tmp_path_factory.mktemp("output"))
    folders = {d: models_dir / d for d in ("diffusion_models", "checkpoints", "loras", "text_encoders", "vae",
                                           "latent_upscale_models")}
    for directory, folder in folders.items():
        folder.mkdir()
        h.add_model_dir(folder, "unet" if directory == "diffusion_models" else directory)
    for kind in h.tiny.KINDS:
        h.tiny.write_unet(folders["diffusion_models"] / f"tiny_{kind}.safetensors", kind)
    made = {}
    for (directory, name), family in workflows.declared_files(h.pack_module("samplers.recipes")).items():
        key = (directory, family if directory in ("checkpoints", "diffusion_models", "loras") else None)
        if key not in made:
            made[key] = tiny_file(h, models_dir / "tiny", *key)
        if made[key] is not None:
            (folders[directory] / name).symlink_to(made[key])
    return h


def tiny_file(h, folder, directory, family):
    """A tiny model file of `family` for a loader of `directory`, or None where this host has no such model."""
    import comfy.sd
    import comfy.utils

    folder.mkdir(exist_ok=True)
    path = folder / f"{directory}_{(family or 'any').replace('/', '_').replace(' ', '_')}.safetensors"
    flow = workflows.TINY_FLOW.get(family)
    if flow is not None and flow not in h.tiny.flow.FAMILIES:
        return None  # 2024-03: no flow models; its tests skip these workflows
    if directory in ("text_encoders", "vae", "latent_upscale_models"):
        comfy.utils.save_torch_file({"placeholder": torch.zeros(1)}, str(path))
    elif directory == "diffusion_models":
        h.tiny.flow.write_unet(path, flow)
    elif directory == "checkpoints":
        write = {"SD1.5": h.tiny.write_checkpoint, "SDXL": h.tiny.write_sdxl_checkpoint}.get(family)
        write(path) if write else h.tiny.flow.write_checkpoint(path, flow)
    elif flow is not None:
        h.tiny.flow.write_lora(path, flow)
    else:  # an SD1.5 / SDXL LoRA, for the model and the CLIP of the tiny checkpoint of its family
        checkpoint = tiny_file(h, folder, "checkpoints", family)
        with torch.no_grad():  # as the executor runs loaders (2024-03's CLIP init needs it)
            model, clip = comfy.sd.load_checkpoint_guess_config(str(checkpoint))[:2]
        h.tiny.write_lora(path, model, clip=clip if family == "SDXL" else None)
    return path


@pytest.fixture(scope="session")
def object_info(server_url):
    return get_json(server_url + "/object_info")


@pytest.fixture(scope="session")
def kinds(host):
    """Model types this host can load (flow needs ComfyUI >= 2024-06)."""
    return list(host.tiny.KINDS)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory, host, models_dir):
    """The host's real HTTP server (main.py) and frontend, with this pack in its custom_nodes/
    and the tiny models of `host` in its model folders."""
    port = free_port()
    folder = tmp_path_factory.mktemp("server")
    log, paths = folder / "server.log", folder / "extra_model_paths.yaml"
    (folder / "custom_nodes").mkdir()
    (folder / "custom_nodes" / TINY_PACK.name).symlink_to(TINY_PACK)  # the tiny models' configs
    # "unet" is the diffusion models' key in every ComfyUI generation (2024-03 knows no other)
    paths.write_text(f"fewstep_tests:\n  base_path: {models_dir}\n  checkpoints: checkpoints\n  loras: loras\n"
                     f"  unet: diffusion_models\n  text_encoders: text_encoders\n  vae: vae\n"
                     f"  latent_upscale_models: latent_upscale_models\n"
                     f"  custom_nodes: {folder / 'custom_nodes'}\n")
    # the tiny-models pack imports harness.analytic: the repository root goes on the server's path too
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "main.py", "--cpu", "--listen", "127.0.0.1", "--port", str(port),
                                 "--extra-model-paths-config", str(paths), "--output-directory", str(folder / "out")],
                                cwd=HOSTS[HOST_NAME].tree, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/object_info/KSampler", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("server did not start:\n" + log.read_text()[-3000:])
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def get_json(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)
