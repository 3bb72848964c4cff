"""A real ComfyUI host, booted once per pytest process (FEWSTEP_HOST names which)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import json

import pytest

from comfy_host import TINY_PACK, Host
from host import CACHE, HOSTS
from support import workflows

HOST_NAME = os.environ.get("FEWSTEP_HOST", next(iter(HOSTS)))


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def host(tmp_path_factory, models_dir):
    """The host booted in this process, with tiny models under the names the tests and workflows use:
    a UNet per model type, and one tiny checkpoint and one LoRA under every published file name."""
    h = Host(HOST_NAME, output_dir=tmp_path_factory.mktemp("output"))
    unets, checkpoints, loras = (models_dir / sub for sub in ("unet", "checkpoints", "loras"))
    for folder, kind in ((unets, "unet"), (checkpoints, "checkpoints"), (loras, "loras")):
        folder.mkdir()
        h.add_model_dir(folder, kind)
    for kind in h.tiny.KINDS:
        h.tiny.write_unet(unets / f"tiny_{kind}.safetensors", kind)
    checkpoint = h.tiny.write_checkpoint(models_dir / "tiny_checkpoint.safetensors")
    lora = h.tiny.write_lora(models_dir / "tiny_lora.safetensors", h.load_checkpoint(checkpoint.name, models_dir))
    for folder, source in ((checkpoints, checkpoint), (loras, lora)):
        for name in workflows.model_files(folder.name):
            (folder / name).symlink_to(source)
    return h


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
    paths.write_text(f"fewstep_tests:\n  base_path: {models_dir}\n  checkpoints: checkpoints\n"
                     f"  loras: loras\n  unet: unet\n  custom_nodes: {folder / 'custom_nodes'}\n")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "main.py", "--cpu", "--listen", "127.0.0.1", "--port", str(port),
                                 "--extra-model-paths-config", str(paths), "--output-directory", str(folder / "out")],
                                cwd=CACHE / HOST_NAME, stdout=out, stderr=subprocess.STDOUT, env=env)
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
