"""Per-step overhead of the pack's samplers against ComfyUI core's: `python3 bench/speed.py`.

Same process, same ComfyUI model whose network returns zeros (so the sampler's own work is
what is timed), same latent (1x4x128x128, the SDXL size, and batch 4), `simple` sigmas through
`comfy.sample.sample_custom`. Per-step cost is the slope between runs of 16 and 64 steps, so the
once-per-call setup (checking the model sampling, computing the step plan: about a millisecond)
is reported apart. Each figure is the median of 15 rounds after a
warm-up round, the samplers interleaved within each round; ratios are against core
`euler_ancestral` and core `lcm`. Peak memory: torch's CPU profiler records every allocation and
free during one 16-step run; the peak of live bytes beyond the inputs, counted in latents.
Prints a Markdown table.
"""

import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness import host  # noqa: E402

HOST = "comfyui-0.3.75"

SAMPLERS = [("euler_ancestral", {}), ("lcm", {}), ("tcd", {"gamma": 0.3}), ("lcm_exact", {})]
SHORT, LONG, REPEATS = 16, 64, 15


def main():
    host.reexec_in_venv(HOST)
    from harness.comfy_host import Host

    comfy_host = Host(HOST)
    import comfy.sample
    import comfy.samplers
    import torch

    class Zero(torch.nn.Module):
        dtype = torch.float32

        def forward(self, x, timesteps, context=None, **kwargs):
            return torch.zeros_like(x)

    model = sys.modules[comfy_host.tiny.__name__ + ".mixture"].mixture_model("gaussian", 0.3)
    model.model.diffusion_model = Zero()
    model_sampling = model.get_model_object("model_sampling")
    cond = [[torch.zeros(1, 77, 768), {}]]

    def run_seconds(name, options, batch, steps):
        noise = torch.randn((batch, 4, 128, 128), generator=torch.Generator().manual_seed(0))
        sampler = comfy.samplers.ksampler(name, options)
        sigmas = comfy.samplers.calculate_sigmas(model_sampling, "simple", steps)
        start = time.perf_counter()
        comfy.sample.sample_custom(model, noise, 1.0, sampler, sigmas, cond, cond, torch.zeros_like(noise),
                                   seed=1, disable_pbar=True)
        return time.perf_counter() - start

    def per_step_times(batch):
        """Median slope per sampler, the samplers' runs interleaved so drift of the machine hits all alike."""
        slopes = {name: [] for name, _ in SAMPLERS}
        for repeat in range(REPEATS + 1):
            for name, options in SAMPLERS:
                slope = (run_seconds(name, options, batch, LONG) - run_seconds(name, options, batch, SHORT)) / (LONG - SHORT)
                if repeat:  # the first round warms up
                    slopes[name].append(slope)
        return {name: statistics.median(values) for name, values in slopes.items()}

    def peak_latents(name, options, batch):
        from torch.profiler import ProfilerActivity, profile

        noise = torch.randn((batch, 4, 128, 128), generator=torch.Generator().manual_seed(0))
        sampler = comfy.samplers.ksampler(name, options)
        sigmas = comfy.samplers.calculate_sigmas(model_sampling, "simple", SHORT)
        latent = torch.zeros_like(noise)
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            comfy.sample.sample_custom(model, noise, 1.0, sampler, sigmas, cond, cond, latent, seed=1, disable_pbar=True)
        live = peak = 0
        for event in sorted(prof.events(), key=lambda e: e.time_range.start):
            live += event.self_cpu_memory_usage if event.name != "[memory]" else event.cpu_memory_usage
            peak = max(peak, live)
        return peak / (noise.numel() * noise.element_size())

    print(f"machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
          f"torch {torch.__version__}, ComfyUI 0.3.75; slope {SHORT}->{LONG} steps, median of {REPEATS} interleaved rounds\n")
    print("| sampler | batch | ms / step | vs euler_ancestral | vs lcm | peak memory, latents |\n"
          "|---|---|---|---|---|---|")
    for batch in (1, 4):
        timings = per_step_times(batch)
        for name, options in SAMPLERS:
            t = timings[name]
            print(f"| {name} | {batch} | {t * 1e3:.2f} | {t / timings['euler_ancestral']:.2f}x | "
                  f"{t / timings['lcm']:.2f}x | {peak_latents(name, options, batch):.1f} |")


if __name__ == "__main__":
    main()
