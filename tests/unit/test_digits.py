"""The shipped digit models, their training objectives and the digit metric, without ComfyUI."""

import subprocess
import sys

import numpy as np
import pytest
import torch

from scripts import train_digits
from digits import model as digits
from bench.metric import HALF, Metric, classifier, frechet, held_out, split


def test_noise_schedule_is_diffusers_scaled_linear():
    from diffusers import DDPMScheduler

    reference = DDPMScheduler(beta_schedule="scaled_linear", beta_start=0.00085, beta_end=0.012).alphas_cumprod
    assert torch.allclose(digits.alphas_cumprod().float(), reference, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", digits.MODELS + digits.FLOW_MODELS)
def test_shipped_weights_load_with_their_settings(name):
    path = digits.WEIGHTS / f"{name}.safetensors"
    assert path.stat().st_size < 2.5e6
    settings = digits.settings_of(path)
    assert settings["model"] == name and {"seed", "steps", "lr", "batch", "ema", "seconds"} <= settings.keys()
    assert digits.prediction(name) == ("flow" if name in digits.FLOW_MODELS else "eps")
    assert ("prediction" in settings) == (name in digits.FLOW_MODELS)  # the eps files predate the field
    net = digits.load(name)
    eps = net(torch.randn(4, 1, 8, 8), torch.tensor([999.0, 500.0, 20.5, 0.0]))
    assert eps.shape == (4, 1, 8, 8) and torch.isfinite(eps).all()


def test_unknown_model_is_named():
    with pytest.raises(FileNotFoundError, match="no weights at .*nope"):
        digits.load("nope")


@pytest.mark.parametrize("method", ["lcd", "tcd"])
def test_student_maps_meet_their_boundary_conditions(method):
    """LCM: f(x, 0) = x (c_skip 1, c_out 0). TCD: mapping x_t to s = t returns x_t, for any network."""
    net = digits.DigitsUNet(width=16)
    x = torch.randn(3, 1, 8, 8)
    t = torch.tensor([0, 0, 0]) if method == "lcd" else torch.tensor([999, 499, 19])
    assert torch.allclose(train_digits.student_map(method, net, x, t, t), x, atol=1e-5)


def test_tcd_map_to_zero_noise_is_the_x0_prediction():
    """End point s = 0 (sigma_0 = 0.029, the schedule's smallest) is close to the network's x0 estimate."""
    net = digits.DigitsUNet(width=16)
    x, t = torch.randn(2, 1, 8, 8), torch.tensor([999, 499])
    ac = digits.alphas_cumprod().float()[t].view(-1, 1, 1, 1)
    x0 = (x - (1 - ac).sqrt() * net(x, t)) / ac.sqrt()
    mapped = train_digits.student_map("tcd", net, x, t, torch.tensor([0, 0]))
    assert (mapped - x0).abs().max() < 0.03 * x0.abs().max() + 0.03


def train(model, out, width=48, steps=2, extra=()):
    subprocess.run([sys.executable, str(train_digits.__file__), model, "--steps", str(steps), "--batch", "8",
                    "--width", str(width), "--out", str(out), "--threads", "1", *extra], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("model", ["teacher", "lcd", "tcd"])
def test_training_script_runs_and_records_its_settings(tmp_path, model):
    out = train(model, tmp_path / f"{model}.safetensors", width=16 if model == "teacher" else 48)
    settings = digits.settings_of(out)
    assert (settings["model"], settings["steps"], settings["batch"], settings["seed"]) == (model, 2, 8, 0)
    assert torch.isfinite(digits.load(out)(torch.zeros(1, 1, 8, 8), torch.tensor([10.0]))).all()


@pytest.mark.parametrize("args,named", [(["--steps", "0"], "--steps"), (["--ema", "1"], "--ema"),
                                        (["--lr", "-1"], "--lr"), (["--width", "12"], "--width")])
def test_training_script_names_a_bad_argument(tmp_path, args, named):
    run = subprocess.run([sys.executable, str(train_digits.__file__), "teacher", *args, "--out", str(tmp_path / "x")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and named in run.stderr and not (tmp_path / "x").exists()


@pytest.mark.parametrize("model", digits.FLOW_MODELS)
def test_flow_models_train_and_record_their_settings(tmp_path, model):
    """The students distill the shipped flow teacher (so its width) from a few trajectories here."""
    student = model != "flow_teacher"
    out = train(model, tmp_path / f"{model}.safetensors", width=48 if student else 16,
                extra=["--trajectories", "8"] if student else [])
    settings = digits.settings_of(out)
    assert (settings["model"], settings["steps"], settings["batch"], settings["prediction"]) == (model, 2, 8, "flow")
    assert settings.get("trajectories") == (8 if student else None)
    v = digits.velocity(digits.load(out), torch.zeros(2, 1, 8, 8), torch.tensor([1.0, 0.0]))
    assert torch.isfinite(v).all()


@pytest.mark.parametrize("args,named", [(["flow_student", "--trajectories", "100"], "--trajectories"),  # < --batch
                                        (["flow_teacher", "--trajectories", "8"], "--trajectories")])
def test_training_script_names_a_bad_flow_argument(tmp_path, args, named):
    run = subprocess.run([sys.executable, str(train_digits.__file__), *args, "--out", str(tmp_path / "x")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and named in run.stderr and not (tmp_path / "x").exists()


class PointMass(torch.nn.Module):
    """The exact velocity when the data is one image c: v = (x - c) / sigma; its ODE paths are straight."""

    def __init__(self, c):
        super().__init__()
        self.c = c

    def forward(self, x, t):
        return (x - self.c) / (t.view(-1, 1, 1, 1) / digits.FLOW_MULTIPLIER)


def test_student_sigmas_are_lightx2vs_4_step_list():
    assert digits.STUDENT_SIGMAS.tolist() == pytest.approx([1.0, 0.9375, 5 / 6, 0.625, 0.0], abs=1e-12)


def test_teacher_trajectories_pass_through_the_student_sigmas():
    """On straight paths the solver is exact: x at each sigma is c + sigma (z - c), and it ends on c
    (it never evaluates the velocity at sigma 0, where this one divides by zero)."""
    c = digits.digit_images()[:1]
    paths = train_digits.trajectories(PointMass(c), 5, torch.Generator().manual_seed(0))
    z, sigmas = paths[:, 0], digits.STUDENT_SIGMAS.float().view(1, -1, 1, 1, 1)
    assert paths.shape == (5, 5, 1, 8, 8)
    assert torch.allclose(paths, c.unsqueeze(1) + sigmas * (z.unsqueeze(1) - c.unsqueeze(1)), atol=1e-5)
    for model in ("flow_student", "flow_lcm_student"):  # the exact flow map meets both students' targets
        for i in range(4):
            assert train_digits.flow_student_loss(model, PointMass(c), paths, torch.full((5,), i)) < 1e-10


def test_flow_student_target_is_one_euler_step():
    """A path whose next point is the network's own Euler step x + (s' - s) v costs the Euler student nothing."""
    net, sigmas = digits.DigitsUNet(width=16), digits.STUDENT_SIGMAS.float()
    x = torch.randn(4, 1, 8, 8)
    i = torch.tensor([0, 1, 2, 3])
    nxt = x + (sigmas[i + 1] - sigmas[i]).view(-1, 1, 1, 1) * digits.velocity(net, x, sigmas[i])
    path = torch.zeros(4, 5, 1, 8, 8)
    path[torch.arange(4), i], path[torch.arange(4), i + 1] = x, nxt
    assert train_digits.flow_student_loss("flow_student", net, path, i) < 1e-10


def test_flow_x0_at_sigma_0_is_x_and_velocity_takes_sigma_times_1000():
    net, x = digits.DigitsUNet(width=16), torch.randn(3, 1, 8, 8)
    assert torch.equal(train_digits.flow_x0(net, x, torch.zeros(3)), x)
    assert torch.equal(digits.velocity(net, x, 0.625), net(x, torch.full((3,), 625.0)))


def test_training_is_reproducible_from_its_seed(tmp_path):
    from safetensors.torch import load_file

    first, second = (load_file(str(train("tcd", tmp_path / f"{i}.safetensors", steps=3))) for i in range(2))
    assert first.keys() == second.keys() and all(torch.equal(first[k], second[k]) for k in first)
    assert any(not torch.equal(first[k], v) for k, v in load_file(str(digits.WEIGHTS / "teacher.safetensors")).items())


def test_frechet_distance_of_known_gaussians():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((20000, 4))
    assert frechet(a, a) == pytest.approx(0.0, abs=1e-8)
    shifted = rng.standard_normal((20000, 4)) + np.array([3.0, 0, 0, 0])
    assert frechet(a, shifted) == pytest.approx(9.0, rel=0.02)
    wide = 2.0 * rng.standard_normal((20000, 4))  # each axis: (2 - 1)^2
    assert frechet(a, wide) == pytest.approx(4.0, rel=0.05)


def test_metric_separates_real_digits_from_noise():
    metric = Metric()
    assert metric.accuracy >= 0.97
    real = metric.score(digits.digit_images()[split(0)[1]])
    noise = metric.score(torch.rand(HALF, 1, 8, 8) * 2 - 1)
    blurred = metric.score(torch.nn.functional.avg_pool2d(digits.digit_images()[split(0)[1]], 3, 1, 1))
    assert real["fd"] < 30 and real["recognised"] > 0.95 and real["is"] > 9
    assert noise["fd"] > 20 * real["fd"] and noise["recognised"] < 0.5
    assert real["fd"] < blurred["fd"] < noise["fd"]
    with pytest.raises(ValueError, match="NaN"):
        metric.score(torch.full((4, 1, 8, 8), float("nan")))


def test_shipped_classifier_records_its_accuracy():
    net, accuracy = classifier()
    images, labels = digits.digit_images(), digits.digit_labels()
    test = held_out(0)[0]
    with torch.no_grad():
        assert (net(images[test])[1].argmax(1) == labels[test]).float().mean().item() == pytest.approx(accuracy, abs=1e-4)
