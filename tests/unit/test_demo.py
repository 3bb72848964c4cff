"""The demo's host: the 2026 tree where it can be had, else ComfyUI 0.3.75 from PyPI, said in one line."""

from harness import host
from scripts import demo


def test_the_demo_falls_back_to_the_pypi_host_where_the_2026_tree_cannot_be_had(monkeypatch, capsys):
    asked = []

    def setup(names, browser=False):
        asked.extend(names)
        return {names[0]: host.Unavailable("no ../shared/hosts/comfyui-0.33.0.tar.gz, and fetching failed")}

    monkeypatch.setattr(host, "setup", setup)
    assert demo.default_host() == "comfyui-0.3.75" and asked == ["comfyui-0.33.0"]
    assert capsys.readouterr().out == ("comfyui-0.33.0 cannot be set up here (no ../shared/hosts/comfyui-0.33.0.tar.gz, "
                                       "and fetching failed); the demo runs on comfyui-0.3.75, from PyPI, instead\n")


def test_the_demo_runs_on_the_2026_tree_where_it_can(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(host, "setup", lambda names, browser=False: {names[0]: tmp_path})
    assert demo.default_host() == "comfyui-0.33.0" and capsys.readouterr().out == ""
