"""The demo: `python3 tools/demo.py [--host comfyui-0.3.75] [--out out/demo]` (under a minute on a CPU).

Sets the hosts up if needed, boots a real ComfyUI headless with this pack loaded by its own
custom-node loader, and runs sampling graphs through ComfyUI's executor:

* a picture grid: the exact denoiser of scikit-learn's digit images (a Gaussian mixture, as a
  ComfyUI MODEL) sampled by SamplerCustom with each benchmark recipe (rows) at 1, 2, 4, 8 and
  16 steps (columns), one seed, four samples per cell: blur, noise and detail change with the
  sampler and gamma. Written as grid.png;
* the plain KSampler with the pack's `tcd` entries on a tiny UNet of each model type
  (eps, v-prediction, flow), saved by ComfyUI's SaveLatent node.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import host  # noqa: E402

CELL, SCALE = 2, 4  # samples per side of a cell, pixels per digit pixel


def grid_prompt(row, steps, seed=7):
    label, sampler, options, scheduler, _ = row
    if sampler == "tcd":
        sampler_node = {"class_type": "FewStepSamplerTCD",
                        "inputs": {"gamma": options["gamma"], "gamma_end": options.get("gamma_end", options["gamma"])}}
    else:
        sampler_node = {"class_type": "KSamplerSelect", "inputs": {"sampler_name": sampler}}
    return {
        "model": {"class_type": "FewStepTestMixtureModel", "inputs": {"dataset": "digits", "std": 0.1}},
        "cond": {"class_type": "FewStepTestConditioning", "inputs": {"width": 768, "seed": 0}},
        "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": 32, "height": 32, "batch_size": CELL**2}},
        "sampler": sampler_node,
        "sigmas": {"class_type": "BasicScheduler",
                   "inputs": {"model": ["model", 0], "scheduler": scheduler, "steps": steps, "denoise": 1.0}},
        "sample": {"class_type": "SamplerCustom", "inputs": {
            "model": ["model", 0], "add_noise": True, "noise_seed": seed, "cfg": 1.0, "positive": ["cond", 0],
            "negative": ["cond", 0], "sampler": ["sampler", 0], "sigmas": ["sigmas", 0], "latent_image": ["latent", 0]}},
        "capture": {"class_type": "FewStepTestCapture", "inputs": {"samples": ["sample", 0], "label": "cell"}},
    }


def write_grid(comfy, path):
    from PIL import Image, ImageDraw
    import torch
    from bench_quality import NFE, ROWS

    side = 8 * CELL * SCALE
    label_width, pad = 230, 6
    image = Image.new("L", (label_width + len(NFE) * (side + pad), 24 + len(ROWS) * (side + pad)), 255)
    draw = ImageDraw.Draw(image)
    for j, nfe in enumerate(NFE):
        draw.text((label_width + j * (side + pad) + side // 3, 6), f"{nfe} steps", fill=0)
    for i, row in enumerate(ROWS):
        y = 24 + i * (side + pad)
        draw.text((4, y + side // 2 - 6), row[0], fill=0)
        for j, nfe in enumerate(NFE):
            comfy.run(grid_prompt(row, nfe))
            digits = comfy.tiny.CAPTURED.pop("cell").view(CELL, CELL, 8, 8)
            cell = digits.permute(0, 2, 1, 3).reshape(8 * CELL, 8 * CELL)
            pixels = ((cell.clamp(-1, 1) + 1) * 127.5).to(torch.uint8).numpy()
            tile = Image.fromarray(255 - pixels).resize((side, side), Image.NEAREST)
            image.paste(tile, (label_width + j * (side + pad), y))
    image.save(path)


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
    print(f"\nComfyUI {args.host}, pack loaded from {Path(comfy.pack.__file__).parent}")

    write_grid(comfy, out / "grid.png")
    print(f"digits grid (rows: recipes, columns: steps): {out / 'grid.png'}")
    for kind in comfy.tiny.KINDS:
        comfy.tiny.write_unet(models / f"tiny_{kind}.safetensors", kind)
        prompt = graphs.ksampler(kind)
        prompt["save"] = {"class_type": "SaveLatent", "inputs": {"samples": ["sample", 0],
                                                                  "filename_prefix": f"{kind}_ksampler_tcd"}}
        comfy.run(prompt)
        comfy.tiny.CAPTURED.pop("out")
        print(f"KSampler tcd + tcd on a tiny {kind} UNet: saved by SaveLatent")
    print(f"\nOutputs written to {out}")


if __name__ == "__main__":
    main()
