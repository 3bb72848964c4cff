"""Train the shipped digit models: `.venv/bin/python scripts/train_digits.py MODEL [--steps N]`.

Not run by CI (the weights are shipped in digits/weights/); CPU only, no downloads. Each run writes
digits/weights/<model>.safetensors (fp16) with its settings, seed and duration in the metadata.
The shipped files came from the defaults: the teacher with 2 threads (840 s), then both students
side by side with `--threads 1` (about 1985 s each) on this project's 2-core machine. Students
trained for 6000 steps instead lead to the same conclusions, 1 to 5 Fréchet-distance points worse
(5 seeds: the TCD student + TCD at 4 steps 15.1 against 14.2; the LCD student at 1 step 27.9 against 22.8).
The flow files came from the defaults with `--threads 1` (two threads stall when other work holds a
core): flow_teacher alone (1335 s), then both flow students side by side (about 1400 s each, 500 s of
it the teacher's trajectories).

teacher  eps-prediction DDPM on scikit-learn's 8x8 digits, SD schedule, uniform t in 0..999, MSE.
lcd      latent consistency distillation as in diffusers' train_lcm_distill_sd_wds.py (the LCM
         recipe): t_{n+k} drawn from the 50-step DDIM grid 19, 39, ..., 999, k = 20; the teacher's
         DDIM step t_{n+k} -> t_n; student f(x, t) = c_skip(t) x + c_out(t) x0_hat with the boundary
         scalings at 10t, sigma_data 0.5; target = the EMA student (decay 0.95) at (x_{t_n}, t_n); L2.
tcd      trajectory consistency distillation (TCD paper, first-order semi-linear trajectory
         consistency function): the same pairs, and an end point s drawn uniformly from the grid
         points at or below t_n (minus k, clamped at 0), as the public TCD distillation scripts do
         (e.g. rootonchair/consistency_models_distill, tcd/); student and target both map to x_s
         with the exponential-integrator step, which at first order is DDIM's
         x_s = alpha_s x0_hat + sigma_s eps_hat; no c_skip/c_out; L2.
Departures from the papers, all forced by the data: pixels, not VAE latents; unconditional, so no
classifier-free guidance and no w embedding; students start from the teacher's EMA weights and
train with a learning rate and step count fit for a 1 M-parameter model on two CPU cores.

The flow models (velocity v = eps - x0 of x = (1 - sigma) x0 + sigma eps, timestep sigma * 1000):
flow_teacher      rectified flow: sigma = 5u / (1 + 4u), u ~ U(0, 1) (Wan's shift 5 applied to uniform
                  training times), MSE on v; EMA weights.
flow_student      LightX2V's StepDistill idea for its 4-step list 1000, 750, 500, 250 at shift 5, i.e.
                  sigmas 1, 0.9375, 0.8333, 0.625, then 0: the teacher's ODE solved from 8192 fresh noises
                  (Heun, steps of at most 0.025 in sigma, exactly through those sigmas; Euler into 0),
                  then the student regressed so that ONE Euler step from (x_i, sigma_i) lands on the
                  teacher's x_{i+1}: target velocity (x_{i+1} - x_i) / (sigma_{i+1} - sigma_i); L2.
flow_lcm_student  the re-noising student of Self-Forcing / PCM's stochastic sampling: the same trajectories;
                  its x0 prediction x_i - sigma_i v at each of the four sigmas regressed onto the
                  trajectory's end point (consistency to the ODE end point); L2. Sampled with LCM-style
                  re-noising x' = (1 - s') x0_hat + s' z.
Both students start from the teacher's EMA weights; the EMA of their weights is shipped. Departures:
LightX2V and Self-Forcing distill by DMD distribution matching (with a fake-score network, from Wan's
video latents with text prompts and CFG); here pixels, unconditional, and plain regression onto a fixed
set of teacher trajectories, which is the simpler trajectory-distillation form of the same targets.
"""

import argparse
import copy
import math
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from digits import model as digits  # noqa: E402

GRID = torch.arange(19, 1000, 20)  # the 50-step DDIM grid of LCM/TCD distillation, 19 .. 999
K = 20
ALPHAS_CUMPROD = digits.alphas_cumprod().float()  # the students' alpha_bar table, float32
WAN_SHIFT = 5.0  # the flow teacher's training sigmas: shift 5 of u ~ U(0, 1)
MAX_STEP = 0.025  # the flow students' trajectories: Heun steps of at most this in sigma


def batches(data: torch.Tensor, size: int, generator: torch.Generator):
    while True:
        for idx in torch.randperm(len(data), generator=generator).split(size):
            if len(idx) == size:
                yield data[idx]


def schedule(step: int, total: int, lr: float, warmup: int = 200) -> float:
    return lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + torch.cos(torch.tensor(torch.pi * step / total)).item())


@torch.no_grad()
def ema_update(target: torch.nn.Module, online: torch.nn.Module, decay: float) -> None:
    for t, o in zip(target.parameters(), online.parameters()):
        t.lerp_(o, 1.0 - decay)


def fit(args, net: torch.nn.Module, loss_of, after_step) -> None:
    """AdamW, warmup then cosine decay, gradient clipping at 1; `loss_of()` draws its own batch."""
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.0)
    began, running = time.time(), None
    for step in range(args.steps):
        for group in opt.param_groups:
            group["lr"] = schedule(step, args.steps, args.lr)
        loss = loss_of()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        after_step()
        running = loss.item() if running is None else 0.99 * running + 0.01 * loss.item()
        if (step + 1) % 250 == 0:
            print(f"{args.model} step {step + 1}/{args.steps} loss {running:.5f} {time.time() - began:.0f}s", flush=True)


def train_denoiser(args, generator, noised) -> torch.nn.Module:
    """A teacher: `noised(x0)` gives (network input, timestep, target); MSE; returns the EMA weights."""
    net = digits.DigitsUNet(args.width)
    ema = copy.deepcopy(net).requires_grad_(False)
    data = batches(digits.digit_images(), args.batch, generator)

    def loss_of():
        x_t, t, target = noised(next(data))
        return (net(x_t, t) - target).square().mean()

    fit(args, net, loss_of, lambda: ema_update(ema, net, args.ema))
    return ema


def train_teacher(args, generator) -> torch.nn.Module:
    a = digits.alphas_cumprod().float().sqrt()
    s = (1 - digits.alphas_cumprod()).float().sqrt()

    def noised(x0):
        t = torch.randint(0, 1000, (len(x0),), generator=generator)
        eps = torch.randn(x0.shape, generator=generator)
        return a[t].view(-1, 1, 1, 1) * x0 + s[t].view(-1, 1, 1, 1) * eps, t, eps

    return train_denoiser(args, generator, noised)


def train_flow_teacher(args, generator) -> torch.nn.Module:
    def noised(x0):
        sigma = digits.shift_sigmas(torch.rand(len(x0), generator=generator), WAN_SHIFT)
        eps = torch.randn(x0.shape, generator=generator)
        x_t = (1 - sigma.view(-1, 1, 1, 1)) * x0 + sigma.view(-1, 1, 1, 1) * eps
        return x_t, sigma * digits.FLOW_MULTIPLIER, eps - x0

    return train_denoiser(args, generator, noised)


def student_map(method: str, net, x, t, end):
    """The student's consistency function at (x, t): LCM's boundary form, or TCD's map to x_end."""
    ac = ALPHAS_CUMPROD
    a_t, s_t = ac[t].sqrt().view(-1, 1, 1, 1), (1 - ac[t]).sqrt().view(-1, 1, 1, 1)
    eps = net(x, t)
    x0 = (x - s_t * eps) / a_t
    if method == "lcd":
        scaled = 10.0 * t.float().view(-1, 1, 1, 1)  # diffusers' scalings_for_boundary_conditions
        return 0.25 / (scaled**2 + 0.25) * x + scaled / (scaled**2 + 0.25).sqrt() * x0
    a_s, s_s = ac[end].sqrt().view(-1, 1, 1, 1), (1 - ac[end]).sqrt().view(-1, 1, 1, 1)
    return a_s * x0 + s_s * eps


def train_student(args, generator) -> torch.nn.Module:
    ac = ALPHAS_CUMPROD
    teacher = digits.load("teacher")
    net = copy.deepcopy(teacher).train().requires_grad_(True)
    target = copy.deepcopy(teacher)
    data = batches(digits.digit_images(), args.batch, generator)

    def loss_of():
        x0 = next(data)
        n = len(x0)
        index = torch.randint(0, len(GRID), (n,), generator=generator)
        start = GRID[index]
        t_n = (start - K).clamp(min=0)
        # TCD: s uniform over the grid points at or below t_n (index' in 0..index, then minus k)
        end = (GRID[(torch.rand(n, generator=generator) * (index + 1)).long()] - K).clamp(min=0)
        noise = torch.randn(x0.shape, generator=generator)
        x_start = ac[start].sqrt().view(-1, 1, 1, 1) * x0 + (1 - ac[start]).sqrt().view(-1, 1, 1, 1) * noise
        with torch.no_grad():  # one DDIM step of the teacher, t_{n+k} -> t_n
            eps = teacher(x_start, start)
            a0 = ac[start].sqrt().view(-1, 1, 1, 1)
            x0_hat = (x_start - (1 - a0**2).sqrt() * eps) / a0
            x_prev = ac[t_n].sqrt().view(-1, 1, 1, 1) * x0_hat + (1 - ac[t_n]).sqrt().view(-1, 1, 1, 1) * eps
            wanted = student_map(args.model, target, x_prev, t_n, end)
        return (student_map(args.model, net, x_start, start, end) - wanted).square().mean()

    fit(args, net, loss_of, lambda: ema_update(target, net, args.ema))
    return net  # the online student is the one shipped, as in the LCM/TCD scripts


@torch.no_grad()
def trajectories(teacher, n: int, generator, chunk: int = 1024) -> torch.Tensor:
    """n teacher ODE solutions from fresh noise, (n, 5, 1, 8, 8): x at each of STUDENT_SIGMAS (1 ... 0).
    Heun steps of at most MAX_STEP in sigma within each segment; Euler for the last one, into sigma 0."""
    sigmas = digits.STUDENT_SIGMAS.tolist()
    paths = []
    for first in range(0, n, chunk):
        x = torch.randn((min(chunk, n - first), 1, digits.SIZE, digits.SIZE), generator=generator)
        points = [x]
        for high, low in zip(sigmas, sigmas[1:]):
            grid = torch.linspace(high, low, math.ceil((high - low) / MAX_STEP - 1e-9) + 1, dtype=torch.float64)
            for s, s_next in zip(grid.tolist(), grid[1:].tolist()):
                v = digits.velocity(teacher, x, s)
                euler = x + (s_next - s) * v
                x = euler if s_next == 0 else x + (s_next - s) * 0.5 * (v + digits.velocity(teacher, euler, s_next))
            points.append(x)
        paths.append(torch.stack(points, 1))
    return torch.cat(paths)


def flow_x0(net, x, sigma):
    """A flow model's x0 prediction x - sigma v (x itself at sigma 0)."""
    return x - sigma.view(-1, 1, 1, 1) * digits.velocity(net, x, sigma)


def flow_student_loss(model: str, net, path, i):
    """L2 of a flow student at the points path[:, i] of teacher trajectories (one index per row)."""
    rows, sigmas = torch.arange(len(path)), digits.STUDENT_SIGMAS.float()
    x, s, s_next = path[rows, i], sigmas[i], sigmas[i + 1]
    if model == "flow_student":  # one Euler step to s_next lands on the teacher's next point
        target = (path[rows, i + 1] - x) / (s_next - s).view(-1, 1, 1, 1)
        return (digits.velocity(net, x, s) - target).square().mean()
    return (flow_x0(net, x, s) - path[:, -1]).square().mean()  # x0 = the trajectory's end point


def train_flow_student(args, generator) -> torch.nn.Module:
    teacher = digits.load("flow_teacher")
    began = time.time()
    paths = trajectories(teacher, args.trajectories, generator)
    print(f"{args.model}: {len(paths)} teacher trajectories in {time.time() - began:.0f}s", flush=True)
    net = copy.deepcopy(teacher).train().requires_grad_(True)
    ema = copy.deepcopy(teacher)
    data = batches(paths, args.batch, generator)

    def loss_of():
        path = next(data)
        return flow_student_loss(args.model, net, path, torch.randint(0, 4, (len(path),), generator=generator))

    fit(args, net, loss_of, lambda: ema_update(ema, net, args.ema))
    return ema


TRAIN = {"teacher": train_teacher, "lcd": train_student, "tcd": train_student, "flow_teacher": train_flow_teacher,
         "flow_student": train_flow_student, "flow_lcm_student": train_flow_student}
DEFAULTS = {"teacher": {"steps": 8000, "lr": 1e-3, "ema": 0.999}, "lcd": {"steps": 12000, "lr": 1e-4, "ema": 0.95},
            "flow_teacher": {"steps": 8000, "lr": 1e-3, "ema": 0.999},
            "flow_student": {"steps": 6000, "lr": 2e-4, "ema": 0.999, "trajectories": 8192}}
DEFAULTS["tcd"], DEFAULTS["flow_lcm_student"] = DEFAULTS["lcd"], DEFAULTS["flow_student"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", choices=digits.MODELS + digits.FLOW_MODELS)
    parser.add_argument("--steps", type=int)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--ema", type=float, help="teachers and flow students: weight EMA; lcd/tcd: target network decay")
    parser.add_argument("--width", type=int, default=48)
    parser.add_argument("--trajectories", type=int, help="flow students: teacher trajectories to distill from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, help="default: digits/weights/<model>.safetensors")
    args = parser.parse_args()
    for key, value in DEFAULTS[args.model].items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.steps < 1 or args.batch < 1 or args.width < 8 or args.width % 8:
        parser.error("--steps and --batch must be at least 1, --width a multiple of 8 (GroupNorm of 8 groups)")
    if not (args.lr > 0 and 0 <= args.ema < 1):
        parser.error(f"--lr must be > 0 and --ema in [0, 1), got {args.lr} and {args.ema}")
    if args.trajectories is not None and ("trajectories" not in DEFAULTS[args.model] or args.trajectories < args.batch):
        parser.error(f"--trajectories is for the flow students and must be at least --batch ({args.batch}), "
                     f"got {args.trajectories}")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    began = time.time()
    result = TRAIN[args.model](args, generator)
    out = args.out or digits.WEIGHTS / f"{args.model}.safetensors"
    out.parent.mkdir(parents=True, exist_ok=True)
    # options a model does not take (None) are not recorded
    settings = {k: v for k, v in vars(args).items() if k not in ("out", "threads") and v is not None}
    if args.model in digits.FLOW_MODELS:
        settings["prediction"] = "flow"
    settings.update(seconds=round(time.time() - began), torch=torch.__version__, threads=args.threads)
    digits.save(result.eval(), out, settings)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {settings['seconds']} s")


if __name__ == "__main__":
    main()
