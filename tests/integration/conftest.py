"""A real ComfyUI host, booted once per pytest process (FEWSTEP_HOST names which)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import json

import pytest

from comfy_host import Host
from host import CACHE, HOSTS

HOST_NAME = os.environ.get("FEWSTEP_HOST", next(iter(HOSTS)))


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    h = Host(HOST_NAME, output_dir=tmp_path_factory.mktemp("output"))
    models = tmp_path_factory.mktemp("models")
    h.add_model_dir(models)
    for kind in h.tiny.KINDS:
        h.tiny.write_unet(models / f"tiny_{kind}.safetensors", kind)
    return h


@pytest.fixture(scope="session")
def kinds(host):
    """Model types this host can load (flow needs ComfyUI >= 2024-06)."""
    return list(host.tiny.KINDS)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """The host's real HTTP server (main.py), with this pack in its custom_nodes/."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "main.py", "--cpu", "--listen", "127.0.0.1", "--port", str(port)],
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
