"""Quality benchmark with a known ideal: `python3 bench/quality.py` (a few minutes on a CPU).

The model is the exact denoiser of a Gaussian mixture (harness/tiny_models/mixture.py) inside a
real ComfyUI model, sampled through ComfyUI's own `comfy.sample.sample_custom` (what the
SamplerCustom node runs) with core samplers and this pack's, at 1, 2, 4, 8 and 16 model
evaluations (CFG 1: one evaluation per step for every sampler here). Two figures:

  ode_rmse   deterministic samplers only: RMS distance from the reference solution of the same
             starting noise (dpmpp_2m, 1000 Karras steps);
  sw         every sampler: sliced Wasserstein-2 distance between 2000 samples and 2000 fresh
             samples of the true data (128 random directions), mean +- std over 3 seeds; the
             data-vs-data figure is the floor a perfect sampler would reach.

It writes out/bench/quality.md and docs/quality.png and rewrites the README's quality section
between its markers, so the README's numbers are this command's output.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness import host  # noqa: E402
from bench.readme import README, mean_std, replace_section  # noqa: E402

HOST = "comfyui-0.33.0"

NFE = (1, 2, 4, 8, 16)
SEEDS = (0, 1, 2)
N_SAMPLES, N_REFERENCE, DIRECTIONS = 2000, 256, 128
DATASETS = {"digits": 0.1, "gaussian": 0.3}  # dataset -> std of each mixture component
# label, sampler name, sampler options, scheduler, deterministic
ROWS = [
    ("core euler + simple", "euler", {}, "simple", True),
    ("core euler_ancestral + simple", "euler_ancestral", {}, "simple", False),
    ("core dpmpp_2m + karras", "dpmpp_2m", {}, "karras", True),
    ("core lcm + sgm_uniform", "lcm", {}, "sgm_uniform", False),
    ("tcd gamma 0 + tcd", "tcd", {"gamma": 0.0}, "tcd", True),
    ("tcd gamma 0.3 + tcd", "tcd", {"gamma": 0.3}, "tcd", False),
    ("tcd gamma 0.5 + tcd", "tcd", {"gamma": 0.5}, "tcd", False),
    ("tcd gamma 1 + tcd", "tcd", {"gamma": 1.0}, "tcd", False),
    ("tcd gamma 0.5->0.1 + tcd", "tcd", {"gamma": 0.5, "gamma_end": 0.1}, "tcd", False),
    ("lcm_exact + lcm", "lcm_exact", {}, "lcm", False),
    ("euler + trailing", "euler", {}, "trailing", True),
    ("dpmpp_2m + ays_sd1", "dpmpp_2m", {}, "ays_sd1", True),
]
OUT = host.ROOT / "out" / "bench"


class Bench:
    def __init__(self, comfy_host, dataset, std):
        import comfy.sample
        import comfy.samplers
        import torch

        self.torch, self.sample, self.samplers = torch, comfy.sample, comfy.samplers
        self.mixture = sys.modules[comfy_host.tiny.__name__ + ".mixture"]
        self.model = self.mixture.mixture_model(dataset, std)
        self.dataset, self.std = dataset, std
        self.cond = [[torch.zeros(1, 77, 768), {}]]

    def run(self, sampler, options, scheduler, steps, n, seed):
        torch = self.torch
        noise = torch.randn((n, 4, 4, 4), generator=torch.Generator().manual_seed(1000 + seed))
        sigmas = self.samplers.calculate_sigmas(self.model.get_model_object("model_sampling"), scheduler, steps)
        return self.sample.sample_custom(self.model, noise, 1.0, self.samplers.ksampler(sampler, options), sigmas,
                                         self.cond, self.cond, torch.zeros_like(noise), seed=seed,
                                         disable_pbar=True).view(n, -1)

    def sliced_w2(self, a, b, seed):
        torch = self.torch
        directions = torch.randn((a.shape[1], DIRECTIONS), generator=torch.Generator().manual_seed(seed))
        directions /= directions.norm(dim=0)
        pa, pb = (a @ directions).sort(0).values, (b @ directions).sort(0).values
        return ((pa - pb) ** 2).mean().sqrt().item()

    def data(self, seed):
        return self.mixture.sample_data(self.dataset, self.std, N_SAMPLES, 5000 + seed).view(N_SAMPLES, -1)


def measure(bench):
    reference = bench.run("dpmpp_2m", {}, "karras", 1000, N_REFERENCE, 0)
    floor = mean_std([bench.sliced_w2(bench.data(s), bench.data(s + 100), s) for s in SEEDS])
    results = {}
    for label, sampler, options, scheduler, deterministic in ROWS:
        for nfe in NFE:
            sw = mean_std([bench.sliced_w2(bench.run(sampler, options, scheduler, nfe, N_SAMPLES, s), bench.data(s), s)
                           for s in SEEDS])
            rmse = None
            if deterministic:
                rmse = (bench.run(sampler, options, scheduler, nfe, N_REFERENCE, 0) - reference).pow(2).mean().sqrt().item()
            results[label, nfe] = (sw, rmse)
    return floor, results


def table(dataset, std, floor, results):
    head = "| sampler + scheduler | " + " | ".join(f"{n} NFE" for n in NFE) + " |"
    lines = [f"**{dataset}** (std {std}): sliced W2 to the data, mean ± std over {len(SEEDS)} seeds; "
             f"data-vs-data floor {floor[0]:.3f} ± {floor[1]:.3f}. Second line: ODE RMSE to the 1000-step solution.",
             "", head, "|---" * (len(NFE) + 1) + "|"]
    for label, *_ in ROWS:
        cells = [f"{results[label, n][0][0]:.3f} ± {results[label, n][0][1]:.3f}" for n in NFE]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
        if results[label, NFE[0]][1] is not None:
            lines.append("| ↳ ODE RMSE | " + " | ".join(f"{results[label, n][1]:.3f}" for n in NFE) + " |")
    return "\n".join(lines)


def plot(all_results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(all_results), figsize=(7 * len(all_results), 5))
    for ax, (dataset, (floor, results)) in zip(axes, all_results.items()):
        for label, *_ in ROWS:
            ax.plot(NFE, [results[label, n][0][0] for n in NFE], marker="o", label=label,
                    linestyle="-" if label.startswith(("tcd", "lcm_exact", "euler + trailing", "dpmpp_2m + ays")) else "--")
        ax.axhline(floor[0], color="grey", linewidth=1, label="data-vs-data floor")
        ax.set(xscale="log", yscale="log", xlabel="model evaluations", ylabel="sliced W2 to the data",
               title=f"{dataset} mixture, exact denoiser")
        ax.set_xticks(NFE, [str(n) for n in NFE])
    axes[-1].legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main():
    host.reexec_in_venv(HOST)
    from harness.comfy_host import Host

    comfy_host = Host(HOST)
    start = time.perf_counter()
    all_results, sections = {}, []
    for dataset, std in DATASETS.items():
        floor, results = measure(Bench(comfy_host, dataset, std))
        all_results[dataset] = (floor, results)
        sections.append(table(dataset, std, floor, results))
    report = "\n\n".join(sections)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "quality.md").write_text(report + "\n")
    plot(all_results, host.ROOT / "docs" / "quality.png")
    origin = f"bench/quality.py, {time.perf_counter() - start:.0f} s"
    README.write_text(replace_section(README.read_text(), "quality", report, origin))
    print(report)
    print(f"\nwrote {OUT / 'quality.md'}, docs/quality.png and the README's quality section")


if __name__ == "__main__":
    main()
