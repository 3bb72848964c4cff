"""Cost of the pack's samplers against ComfyUI core's: `python3 bench/speed.py`.

Same process, same ComfyUI model whose network returns zeros (so the sampler's own work is
what is timed), same latent (1x4x128x128, the SDXL size, and batch 4), `simple` sigmas through
`comfy.sample.sample_custom`. Figures per sampler, each the median of 40 rounds after a warm-up
round, the samplers interleaved within each round:
  whole call   one sample_custom call of 4 and of 8 steps (the fastest of 3), as a ratio to core
               `euler_ancestral`'s in the same place of the round: a repeated call (the pack's
               samplers reuse what they read of the model sampling and their step plan, as a queue
               of images does), and a first call (that memo emptied first, so the setup is paid);
  per step     the slope between calls of 16 and 64 steps (the setup cancels), in ms and as ratios
               to core `euler_ancestral` and core `lcm`.
Peak memory: torch's CPU profiler records every allocation and free during one 16-step run; the
peak of live bytes beyond the inputs, counted in latents. Writes the README's speed section.
"""

import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.readme import README, replace_section  # noqa: E402
from harness import host  # noqa: E402

HOST = "comfyui-0.33.0"

SAMPLERS = [("euler_ancestral", {}), ("lcm", {}), ("tcd", {"gamma": 0.3}), ("lcm_exact", {})]
SHORT, LONG, REPEATS = 16, 64, 40
WHOLE = (4, 8)  # step counts of the whole-call figures


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
    memo = comfy_host.pack_module("samplers.levels")._GEOMETRY  # emptied for a first call

    def run_seconds(name, options, batch, steps):
        noise = torch.randn((batch, 4, 128, 128), generator=torch.Generator().manual_seed(0))
        sampler = comfy.samplers.ksampler(name, options)
        sigmas = comfy.samplers.calculate_sigmas(model_sampling, "simple", steps)
        start = time.perf_counter()
        comfy.sample.sample_custom(model, noise, 1.0, sampler, sigmas, cond, cond, torch.zeros_like(noise),
                                   seed=1, disable_pbar=True)
        return time.perf_counter() - start

    def first_call_seconds(name, options, batch, steps):
        memo.clear()
        return run_seconds(name, options, batch, steps)

    def timings(batch):
        """Per sampler: the median slope (s / step), and the median whole-call ratios to euler_ancestral at
        each of WHOLE steps, repeated and first, each against euler_ancestral's call in the same place of the
        round (the place alone moves a call by several percent); the samplers' runs interleaved so drift of
        the machine hits all alike."""
        slopes = {name: [] for name, _ in SAMPLERS}
        ratios = {(name, steps, kind): [] for name, _ in SAMPLERS for steps in WHOLE for kind in ("repeat", "first")}
        for repeat in range(REPEATS + 1):
            whole = {}
            for name, options in SAMPLERS:
                slope = (run_seconds(name, options, batch, LONG) - run_seconds(name, options, batch, SHORT)) / (LONG - SHORT)
                for steps in WHOLE:  # the fastest of 3 calls: the machine's interruptions only ever add time
                    whole[name, steps, "repeat"] = min(run_seconds(name, options, batch, steps) for _ in range(3))
                    whole[name, steps, "first"] = min(first_call_seconds(name, options, batch, steps) for _ in range(3))
                if repeat:  # the first round warms up
                    slopes[name].append(slope)
            if repeat:
                for (name, steps, kind), seconds in whole.items():  # against euler_ancestral in the same place
                    ratios[name, steps, kind].append(seconds / whole["euler_ancestral", steps, kind])
        return ({name: statistics.median(v) for name, v in slopes.items()},
                {key: statistics.median(v) for key, v in ratios.items()})

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

    lines = [f"Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
             f"torch {torch.__version__}, {host.HOSTS[HOST].label}; median of {REPEATS} interleaved rounds. "
             f"Whole call: one `sample_custom` call as a ratio to core `euler_ancestral`'s, repeated (the step plan "
             f"reused) / first (the setup paid). Per step: the slope from {SHORT} to {LONG} steps (the setup cancels).",
             "", "| sampler | batch | whole call, 4 steps: repeated / first | whole call, 8 steps: repeated / first | "
             "per step, ms | per step vs euler_ancestral | per step vs lcm | peak memory, latents |",
             "|---|---|---|---|---|---|---|---|"]
    for batch in (1, 4):
        slopes, ratios = timings(batch)
        for name, options in SAMPLERS:
            t = slopes[name]
            whole = [f"{ratios[name, n, 'repeat']:.2f}x / {ratios[name, n, 'first']:.2f}x" for n in WHOLE]
            lines.append(f"| {name} | {batch} | {whole[0]} | {whole[1]} | {t * 1e3:.2f} | "
                         f"{t / slopes['euler_ancestral']:.2f}x | {t / slopes['lcm']:.2f}x | "
                         f"{peak_latents(name, options, batch):.1f} |")
    report = "\n".join(lines)
    README.write_text(replace_section(README.read_text(), "speed", report, "bench/speed.py"))
    print(report)


if __name__ == "__main__":
    main()
