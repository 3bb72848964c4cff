"""The demo: `python3 scripts/demo.py [--host comfyui-0.33.0] [--out out/demo]`.

Sets its host up if needed (Python packages only: no browser), boots a real ComfyUI headless with this pack loaded by its own
custom-node loader, and runs sampling graphs through ComfyUI's executor:

* a picture grid: the pack's shipped digit models (a diffusion teacher and its LCM- and
  TCD-distilled students; a rectified-flow student distilled for 4 Euler steps at Wan lightx2v's
  sigmas, digits/), loaded by the pack's loader node and sampled by the plain KSampler with the
  pack's dropdown entries (or core's default for comparison) or by SamplerCustom with its TCD
  sampler (rows), at 1, 2, 4 and 8 steps (columns), 16 digits per cell, decoded by the pack's
  node and saved by SaveImage. Written as grid.png;
* the plain KSampler with the pack's `tcd` sampler on a tiny UNet of each model type
  (eps, v-prediction, flow; the flow one on core's `simple`), saved by ComfyUI's SaveLatent node.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness import host  # noqa: E402

# label, shipped model, graph builder (harness/graphs.py) and its arguments before steps
ROWS = [
    ("teacher, KSampler euler + trailing", "teacher", "digits_ksampler", ("euler", "trailing")),
    ("LCD student, KSampler lcm + lcm", "lcd", "digits_ksampler", ("lcm", "lcm")),
    ("LCD student, KSampler lcm_exact + lcm", "lcd", "digits_ksampler", ("lcm_exact", "lcm")),
    ("TCD student, KSampler tcd + tcd", "tcd", "digits_ksampler", ("tcd", "tcd")),
    ("TCD student, SamplerCustom TCD gamma 0", "tcd", "digits_tcd", (0.0,)),
    ("flow student, KSampler euler + wan_lightning", "flow_student", "digits_ksampler", ("euler", "wan_lightning")),
    ("flow student, KSampler euler + simple (shift 8)", "flow_student", "digits_ksampler", ("euler", "simple")),
]


def write_grid(comfy, graphs, path):
    from bench.distilled import CELL, STEPS, digit_grid

    pictures = {}
    for label, model, builder, args in ROWS:
        for steps in STEPS:
            sample = getattr(graphs, builder)(*args, steps)
            comfy.run(graphs.digits(model, sample, CELL**2 // graphs.empty_latent_channels(), seed=7))
            pictures[label, steps] = comfy.tiny.CAPTURED.pop("digits").flatten(0, 1)[: CELL**2]
    digit_grid([row[0] for row in ROWS], STEPS, pictures, path)


DEMO_HOSTS = [h for h in host.HOSTS if h != "comfyui-2024-03"]  # 2024-03 has no flow models, which the grid shows


def default_host() -> str:
    """The newest host, or where its tree cannot be had here (no ../shared/hosts/, no access to upstream's git),
    the next one, which PyPI provides; said in one line."""
    first, fallback = DEMO_HOSTS[:2]
    tree = host.setup([first])[first]
    if isinstance(tree, host.Unavailable):
        print(f"{first} cannot be set up here ({tree}); the demo runs on {fallback}, from PyPI, instead", flush=True)
        return fallback
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", choices=DEMO_HOSTS, help=f"default: {DEMO_HOSTS[0]}, else {DEMO_HOSTS[1]}")
    parser.add_argument("--out", default=str(host.ROOT / "out" / "demo"))
    args = parser.parse_args()
    if args.host is None:
        args.host = default_host()
        sys.argv += ["--host", args.host]  # the run in the host's venv below does not ask again
    host.reexec_in_venv(args.host)
    from harness import graphs
    from harness.comfy_host import Host

    out = Path(args.out).resolve()
    models = out / "models"
    models.mkdir(parents=True, exist_ok=True)
    comfy = Host(args.host, output_dir=out)
    comfy.add_model_dir(models)
    print(f"\nComfyUI {args.host}, pack loaded from {Path(comfy.pack.__file__).parent}")

    write_grid(comfy, graphs, out / "grid.png")
    print(f"digits grid (rows: model + sampler, columns: steps): {out / 'grid.png'}; "
          f"every cell's images saved by SaveImage as {out}/digits_*.png")
    for kind in comfy.tiny.KINDS:
        comfy.tiny.write_unet(models / f"tiny_{kind}.safetensors", kind)
        scheduler = "simple" if kind == "flow" else "tcd"
        prompt = graphs.ksampler(kind, scheduler=scheduler)
        prompt["save"] = {"class_type": "SaveLatent", "inputs": {"samples": ["sample", 0],
                                                                  "filename_prefix": f"{kind}_ksampler_tcd"}}
        comfy.run(prompt)
        comfy.tiny.CAPTURED.pop("out")
        print(f"KSampler tcd + {scheduler} on a tiny {kind} UNet: saved by SaveLatent")
    print(f"\nOutputs written to {out}")


if __name__ == "__main__":
    main()
