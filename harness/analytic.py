"""Exact denoisers of known data, for parity tests: the reference and ours call the same network.

Plain torch (no ComfyUI): the unit tier's stand-in models and the host's analytic flow model share it.
"""

import torch


def gaussian_prediction(x: torch.Tensor, a: torch.Tensor, b: torch.Tensor, mean: float, std: float,
                        prediction: str) -> torch.Tensor:
    """The exact network output for data x0 ~ N(mean, std^2) per element, given x = a x0 + b eps.

    prediction: "eps", "v" (a eps - b x0, for a^2 + b^2 = 1) or "flow" (the velocity eps - x0)."""
    x0 = mean + std**2 * a / (a**2 * std**2 + b**2) * (x - a * mean)  # the posterior mean E[x0 | x]
    eps = (x - a * x0) / b
    return {"eps": eps, "v": a * eps - b * x0, "flow": eps - x0}[prediction]
