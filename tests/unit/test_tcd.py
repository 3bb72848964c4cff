"""TCD sampler: exact against diffusers' TCDScheduler, correct on any sigmas and model type."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from samplers import UnsupportedModelError, consistency_timesteps, sample_lcm_exact, sample_tcd, sigmas_at_timesteps, tcd_sigmas
from samplers.tcd import gamma_schedule
from support.fakes import DiscreteSampling, FlowSampling, Wrapped, gaussian_net
from support.parity import tcd_difference

GAMMAS = (0.0, 0.3, 0.5, 0.6, 0.8, 1.0)  # 0.6, 0.8: float32 1 - gamma would floor 850 to 339, not 340
CUSTOM = {  # schedules the TCD grid never makes, given to diffusers as `timesteps`
    "ays_sd15": [999, 850, 736, 645, 545, 455, 343, 233, 124, 24],
    "ays_sdxl": [999, 845, 730, 587, 443, 310, 193, 116, 53, 13],
    "trailing_4": [999, 749, 499, 249],
    "trailing_3": [999, 666, 332],
    "split_tail": [499, 379, 259, 139],
}


def parity_rows(prediction):
    ms = DiscreteSampling(prediction)
    net = gaussian_net(ms, prediction)
    model = Wrapped(ms, net)
    rows = []
    for strength in (1.0, 0.5):
        for steps in (1, 2, 4, 8, 50):
            if steps > 50 * strength:
                continue
            sigmas = sigmas_at_timesteps(ms, consistency_timesteps(steps, strength))
            schedule = dict(num_inference_steps=steps, strength=strength)
            rows.append((f"grid steps={steps} strength={strength}",
                         [tcd_difference(sample_tcd, model, net, schedule, sigmas, g, prediction) for g in GAMMAS]))
    for name, timesteps in CUSTOM.items():
        sigmas = sigmas_at_timesteps(ms, timesteps)
        rows.append((f"custom {name}", [tcd_difference(sample_tcd, model, net, dict(timesteps=timesteps),
                                                            sigmas, g, prediction) for g in GAMMAS]))
    return rows


@pytest.mark.parametrize("prediction", ["eps", "v"])
def test_every_step_matches_diffusers_tcd(prediction, capsys):
    rows = parity_rows(prediction)
    lines = [f"TCD vs diffusers TCDScheduler, {prediction}-prediction, max |diff| per run (fp32)",
             f"{'schedule':<32}" + "".join(f"gamma={g:<8}" for g in GAMMAS)]
    lines += [f"{name:<32}" + "".join(f"{d:<14.2e}" for d in diffs) for name, diffs in rows]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    worst = max(max(d) for _, d in rows)
    assert worst <= 4e-6, worst  # the README's exactness table (3.6e-6 measured)


def euler(model, x, sigmas):
    """k-diffusion's sample_euler (ComfyUI core `euler`), written out."""
    for i in range(len(sigmas) - 1):
        denoised = model(x, sigmas[i] * x.new_ones([x.shape[0]]))
        x = x + (x - denoised) / sigmas[i] * (sigmas[i + 1] - sigmas[i])
    return x


def karras(n, sigma_min, sigma_max, rho=7.0):
    ramp = torch.linspace(0, 1, n)
    s = (sigma_max ** (1 / rho) + ramp * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
    return torch.cat([s, torch.zeros(1)])


FOREIGN = {  # sigmas between integer timesteps, and beyond the table
    "sgm_uniform_4": lambda ms: torch.cat([ms.sigma(torch.linspace(999, 0, 5)[:-1]), torch.zeros(1)]),
    "karras_7": lambda ms: karras(7, 0.0292, 14.6146),
    "karras_wide": lambda ms: karras(6, 0.01, 20.0),
    "split_first_half": lambda ms: tcd_sigmas(ms, 8)[:5],
}


def shifted_simple(shift, steps):
    """ComfyUI's `simple` on a flow model of this shift: the shifted linspace(1, 0, steps + 1)."""
    t = torch.linspace(1, 0, steps + 1)
    return shift * t / (1 + (shift - 1) * t)


FOREIGN_FLOW = {  # flow sigmas: shifted, uneven, and a schedule's second half
    "shift_3_simple": lambda ms: shifted_simple(3.0, 8),
    "uneven": lambda ms: torch.tensor([1.0, 0.83, 0.5, 0.21, 0.05, 0.0]),
    "split_tail": lambda ms: torch.tensor([0.6, 0.3, 0.1, 0.0]),
}


@pytest.mark.parametrize("kind, schedule", [(kind, name) for kind in ("eps", "v") for name in sorted(FOREIGN)]
                         + [("flow", name) for name in sorted(FOREIGN_FLOW)])
def test_gamma_zero_is_core_euler_on_any_sigmas(kind, schedule):
    ms = FlowSampling() if kind == "flow" else DiscreteSampling(kind)
    model = Wrapped(ms, gaussian_net(ms, kind))
    sigmas = (FOREIGN_FLOW if kind == "flow" else FOREIGN)[schedule](ms)
    x = torch.randn(2, 4, 8, 8, generator=torch.Generator().manual_seed(3)) * sigmas[0]
    torch.testing.assert_close(sample_tcd(model, x, sigmas, disable=True, gamma=0.0), euler(model, x, sigmas),
                               rtol=1e-5, atol=1e-5)


def one_step(kind, gamma, sigma, sigma_next, centre, n=20000):
    """Start from x exactly at sigma, take one TCD step towards sigma_next, return the samples there."""
    ms = FlowSampling() if kind == "flow" else DiscreteSampling(kind)
    model = Wrapped(ms, gaussian_net(ms, kind, mean=centre, std=0.0))
    g = torch.Generator().manual_seed(11)
    a = 1 - sigma if kind == "flow" else 1.0
    x = a * centre + sigma * torch.randn(n, 1, generator=g)
    out = []
    sample_tcd(model, x, torch.tensor([sigma, sigma_next, 0.0]), disable=True, gamma=gamma,
               noise_sampler=lambda s, sn: torch.randn(n, 1, generator=g),
               callback=lambda d: out.append(d["x"]) if d["i"] == 1 else None)
    return out[0]


@pytest.mark.parametrize("kind, sigma, sigma_next", [
    ("eps", 14.6146, 1.6129), ("v", 4.0817, 0.6932), ("eps", 3.0, 0.1), ("flow", 0.9, 0.4), ("flow", 0.6, 0.15)])
@pytest.mark.parametrize("gamma", [0.0, 0.3, 0.7, 1.0])
def test_renoised_sample_has_the_noise_level_of_the_next_sigma(kind, sigma, sigma_next, gamma):
    """Data that is a single point makes the exact denoiser exact at every sigma, so all the spread
    after a step is the sample's own noise: its std must be sigma_next, whatever gamma."""
    centre = 0.7
    x = one_step(kind, gamma, sigma, sigma_next, centre)
    a = 1 - sigma_next if kind == "flow" else 1.0
    n = x.shape[0]
    assert abs(x.mean().item() - a * centre) < 4 * sigma_next / n**0.5
    assert abs(x.std().item() / sigma_next - 1) < 4 * (0.5 / n) ** 0.5


def test_gamma_ramp_and_lists():
    assert gamma_schedule(0.3, None, 3) == [0.3, 0.3, 0.3]
    assert gamma_schedule(0.2, 0.8, 4) == pytest.approx([0.2, 0.4, 0.6, 0.8])
    assert gamma_schedule(0.5, 0.1, 1) == [0.5]
    assert gamma_schedule([0.1, 0.9], None, 2) == [0.1, 0.9]


def test_constant_ramp_equals_constant_gamma():
    ms = DiscreteSampling()
    model = Wrapped(ms, gaussian_net(ms))
    sigmas = tcd_sigmas(ms, 4)
    x = torch.randn(1, 4, 8, 8, generator=torch.Generator().manual_seed(0)) * 14.6
    a = sample_tcd(model, x, sigmas, disable=True, gamma=0.4, extra_args={"seed": 5})
    b = sample_tcd(model, x, sigmas, disable=True, gamma=0.4, gamma_end=0.4, extra_args={"seed": 5})
    c = sample_tcd(model, x, sigmas, disable=True, gamma=[0.4] * 4, extra_args={"seed": 5})
    assert torch.equal(a, b) and torch.equal(a, c)


def setup_run(dtype=torch.float32, batch=2):
    ms = DiscreteSampling()
    model = Wrapped(ms, gaussian_net(ms))
    sigmas = tcd_sigmas(ms, 4)
    x = (torch.randn(batch, 4, 8, 8, generator=torch.Generator().manual_seed(0)) * 14.6).to(dtype)
    return model, x, sigmas


def test_same_seed_same_output_bit_for_bit_on_a_batch():
    model, x, sigmas = setup_run(batch=3)
    a = sample_tcd(model, x, sigmas, disable=True, extra_args={"seed": 42})
    b = sample_tcd(model, x, sigmas, disable=True, extra_args={"seed": 42})
    c = sample_tcd(model, x, sigmas, disable=True, extra_args={"seed": 43})
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert a.shape == x.shape and torch.isfinite(a).all()


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_half_precision_latents(dtype):
    model, x, sigmas = setup_run()
    ref = sample_tcd(model, x, sigmas, disable=True, extra_args={"seed": 1}, gamma=0.0)
    out = sample_tcd(model, x.to(dtype), sigmas, disable=True, extra_args={"seed": 1}, gamma=0.0)
    assert out.dtype == dtype and torch.isfinite(out).all()
    torch.testing.assert_close(out.float(), ref, rtol=0.02, atol=0.02)


def test_callback_sees_every_step_and_model_is_called_once_per_step():
    model, x, sigmas = setup_run()
    seen = []
    sample_tcd(model, x, sigmas, disable=True, callback=lambda d: seen.append((d["i"], d["sigma"].item())))
    assert [i for i, _ in seen] == [0, 1, 2, 3]
    assert [s for _, s in seen] == pytest.approx(sigmas[:-1].tolist())
    assert model.calls == 4


class EDMSampling(DiscreteSampling):
    """Continuous-time sampling (like ComfyUI's ModelSamplingContinuousEDM): not a timestep table."""

    def timestep(self, sigma):
        return 0.25 * sigma.log()


class CosmosLike(DiscreteSampling):
    def noise_scaling(self, sigma, noise, latent_image, max_denoise=False):
        return noise * sigma + latent_image * 0.5


@pytest.mark.parametrize("kwargs, match", [
    (dict(gamma=1.5), r"gamma\[0\]: expected a number in \[0, 1\]"),
    (dict(gamma=-0.1), r"gamma\[0\]"),
    (dict(gamma=0.3, gamma_end=2.0), "gamma_end"),
    (dict(gamma=[0.3, 0.3]), "gamma: expected one value per step \\(4\\), got 2"),
    (dict(gamma=float("nan")), "gamma"),
])
def test_bad_gamma_is_named(kwargs, match):
    model, x, sigmas = setup_run()
    with pytest.raises(ValueError, match=match):
        sample_tcd(model, x, sigmas, disable=True, **kwargs)


@pytest.mark.parametrize("sigmas, match", [
    (torch.tensor([]), "at least a start and an end"),
    (torch.tensor([14.6]), "at least a start and an end"),
    (torch.tensor([1.0, 2.0, 0.0]), "strictly decreasing: sigmas\\[1\\]"),
    (torch.tensor([2.0, 2.0, 0.0]), "strictly decreasing"),
    (torch.tensor([2.0, float("nan"), 0.0]), "sigmas\\[1\\] = nan"),
    (torch.tensor([2.0, -1.0]), "sigmas\\[1\\] = -1.0"),
    (torch.ones(2, 3), "1-D"),
])
def test_bad_sigmas_are_named(sigmas, match):
    model, x, _ = setup_run()
    with pytest.raises(ValueError, match=match):
        sample_tcd(model, x, sigmas, disable=True)
    assert model.calls == 0


@pytest.mark.parametrize("sampling, match", [(EDMSampling(), "not a discrete timestep model"),
                                             (CosmosLike(), "noise_scaling is neither")])
def test_unsupported_model_sampling_is_refused(sampling, match):
    model = Wrapped(sampling, gaussian_net(DiscreteSampling()))
    with pytest.raises(UnsupportedModelError, match=match):
        sample_tcd(model, torch.zeros(1, 4, 8, 8), torch.tensor([1.0, 0.0]), disable=True)


CONVERSIONS = ("item", "tolist", "__bool__", "__float__", "__int__", "__index__")


@pytest.mark.parametrize("sampler", [sample_tcd, sample_lcm_exact], ids=["tcd", "lcm_exact"])
def test_no_tensor_to_python_conversion_inside_the_step_loop(monkeypatch, sampler):
    """Each conversion would be a host-device sync per step on a GPU; setup before the loop may sync."""
    model, x, sigmas = setup_run()
    state = {"loop": False, "in_model": False, "seen": []}

    def guarded(x, sigma, **kwargs):
        state["loop"], state["in_model"] = True, True
        try:
            return model(x, sigma, **kwargs)
        finally:
            state["in_model"] = False

    guarded.inner_model = model.inner_model
    for name in CONVERSIONS:
        def spy(self, *args, _original=getattr(torch.Tensor, name), _name=name, **kwargs):
            if state["loop"] and not state["in_model"]:
                state["seen"].append(_name)
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(torch.Tensor, name, spy)
    sampler(guarded, x, sigmas, disable=True)
    assert state["seen"] == []
    bool(sigmas[0] > 0)  # the spy does see a conversion made in the loop's place
    assert state["seen"] == ["__bool__"]


def test_samplers_import_without_comfyui():
    code = "import sys, samplers; print(sorted(m for m in sys.modules if m.split('.')[0] == 'comfy'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"


def test_per_step_noise_is_not_the_starting_noise_of_the_same_seed():
    """ComfyUI draws the starting noise from torch.manual_seed(seed) on the CPU; the samplers' per-step
    noise for that seed must be another stream (as core's since 2026), or the first re-noise repeats it."""
    from samplers.noise import default_noise_sampler

    start = torch.randn((1, 4, 8, 8), generator=torch.manual_seed(5))  # comfy.sample.prepare_noise
    first = default_noise_sampler(start, seed=5)(1.0, 0.5)
    assert not torch.equal(first, start)
    assert torch.equal(first, torch.randn((1, 4, 8, 8), generator=torch.Generator().manual_seed(6)))
    assert torch.equal(default_noise_sampler(start, seed=5)(1.0, 0.5), first)
