"""The demo: `python tools/demo.py [--host comfyui-0.3.75] [--out out/demo]`.

Sets the hosts up if needed, boots a real ComfyUI headless with this pack loaded by its
own custom-node loader, and runs sampling graphs through ComfyUI's executor: the plain
KSampler with the pack's `tcd` sampler and scheduler on each tiny model type, and
SamplerCustom with the TCD Sampler node at several gammas. Each result is written by
ComfyUI's own SaveLatent node into the output folder, which is printed at the end.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="comfyui-0.3.75", choices=sorted(host.HOSTS))
    parser.add_argument("--out", default=str(host.ROOT / "out" / "demo"))
    args = parser.parse_args()
    host.reexec_in_venv()

    sys.path.insert(0, str(host.ROOT / "tests"))
    from comfy_host import Host
    from support import graphs

    out = Path(args.out).resolve()
    models = out / "models"
    models.mkdir(parents=True, exist_ok=True)
    comfy = Host(args.host, output_dir=out)
    comfy.add_model_dir(models)

    runs = []
    for kind in comfy.tiny.KINDS:
        comfy.tiny.write_unet(models / f"tiny_{kind}.safetensors", kind)
        runs.append((f"{kind}_ksampler_tcd_tcd", graphs.ksampler(kind)))
    for gamma, gamma_end in ((0.0, 0.0), (0.3, 0.3), (1.0, 1.0), (0.2, 0.8)):
        runs.append((f"eps_custom_gamma_{gamma}_to_{gamma_end}", graphs.sampler_custom(
            {"class_type": "FewStepSamplerTCD", "inputs": {"gamma": gamma, "gamma_end": gamma_end}},
            {"class_type": "FewStepTCDScheduler", "inputs": {"steps": 4, "strength": 1.0}})))

    print(f"\nComfyUI {args.host}, pack loaded from {Path(comfy.pack.__file__).parent}")
    print(f"{'graph':<36}{'seconds':>9}{'latent std':>12}")
    for name, prompt in runs:
        prompt["save"] = {"class_type": "SaveLatent", "inputs": {"samples": ["sample", 0], "filename_prefix": name}}
        start = time.perf_counter()
        comfy.run(prompt)
        latent = comfy.tiny.CAPTURED.pop("out")
        print(f"{name:<36}{time.perf_counter() - start:>9.2f}{latent.std().item():>12.4f}")
    print(f"\nOutputs (ComfyUI .latent files) written to {out}")


if __name__ == "__main__":
    main()
