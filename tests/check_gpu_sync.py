"""On a CUDA machine: the samplers' step loops make no host-device synchronisation.

`python3 tests/check_gpu_sync.py` (needs only torch, tqdm and numpy). CUDA's sync debug mode
is set to "error" at the first model call, so any synchronising call (.item(), a Python
branch on a tensor, a copy to the host) between then and the end of the loop raises. The
once-per-call setup before the loop may synchronise. A control run shows the mode is live.
"""

import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from samplers import sample_lcm_exact, sample_tcd, tcd_sigmas  # noqa: E402
from support.fakes import DiscreteSampling, Wrapped, gaussian_net  # noqa: E402


class Armed(Wrapped):
    def __call__(self, x, sigma, **kwargs):
        torch.cuda.set_sync_debug_mode("error")
        return super().__call__(x, sigma, **kwargs)


def main():
    assert torch.cuda.is_available(), "needs a CUDA device"
    ms = DiscreteSampling()
    ms.sigmas, ms.log_sigmas = ms.sigmas.cuda(), ms.log_sigmas.cuda()
    x = torch.randn((4, 4, 128, 128), device="cuda") * 14.6
    sigmas = tcd_sigmas(ms, 8).cuda()
    for name, sampler, options in (("tcd", sample_tcd, {"gamma": 0.3, "gamma_end": 0.1}),
                                   ("lcm_exact", sample_lcm_exact, {})):
        model = Armed(ms, gaussian_net(ms))
        try:
            out = sampler(model, x, sigmas, disable=True, extra_args={"seed": 1}, **options)
        finally:
            torch.cuda.set_sync_debug_mode("default")
        assert torch.isfinite(out).all()
        print(f"{name}: 8 steps on {torch.cuda.get_device_name()}, no synchronisation inside the loop")
    torch.cuda.set_sync_debug_mode("error")
    try:
        bool(sigmas[1] > 0)
        raise SystemExit("control failed: sync debug mode did not catch a synchronising call")
    except RuntimeError as exc:
        print(f"control: a Python branch on a GPU tensor raises: {str(exc).splitlines()[0]}")
    finally:
        torch.cuda.set_sync_debug_mode("default")


if __name__ == "__main__":
    main()
