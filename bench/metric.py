"""How good are generated 8x8 digits? `.venv/bin/python bench/metric.py [train]`.

A small CNN classifier trained on part of scikit-learn's digits (its weights are shipped next to
this file; `train` retrains them) scores a set of images five ways:
  fd          Frechet distance between its 64-d penultimate features of the set and of a fixed
              half of the real digits (FID's formula on our classifier's features; lower is better);
  precision   the share of generated images inside the real set's manifold: within the distance of
              some real image to its 3rd-nearest real neighbour (Kynkaanniemi et al. 2019, k = 3, same
              features); fidelity;
  recall      the share of real images inside the generated set's manifold, likewise; variety.
              Blurry averages can score high precision with low recall: read them together;
  is          an Inception-score analogue, exp E_x KL(p(y|x) || p(y)) (10 at most; higher is better);
  recognised  the share of images it classifies with probability >= 0.9.
The noise floor is the same figures for the other real half, over random halvings: a generated set
cannot be told apart from real digits when its figures are within that spread. Without arguments
the script prints the classifier's held-out accuracy and the floor.
"""

import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from digits import model as digits  # noqa: E402

WEIGHTS = Path(__file__).resolve().parent / "digits_classifier.safetensors"
HALF = 898  # images per set: half of the 1797 real digits, so generated and real sets compare alike
CONFIDENT = 0.9


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.SiLU(),
                                  nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.SiLU(), nn.Flatten(),
                                  nn.Linear(64 * 16, 64), nn.SiLU())
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        features = self.conv(x)
        return features, self.head(features)


def split(seed: int, n: int = 1797) -> tuple[torch.Tensor, torch.Tensor]:
    """A random halving of the real digits: (reference half, other half)."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[: n - HALF], order[n - HALF:]


def held_out(seed: int = 0, n: int = 1797) -> tuple[torch.Tensor, torch.Tensor]:
    """The classifier's split of the real digits: (500 test indices, the rest for training)."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[:500], order[500:]


def train(seed: int = 0, epochs: int = 60) -> float:
    """Train on 1297 real digits (shifted by up to a pixel, lightly noised), test on the other 500."""
    from safetensors.torch import save_file

    torch.manual_seed(seed)
    images, labels = digits.digit_images(), digits.digit_labels()
    test, fit = held_out(seed, len(images))
    net = Classifier()
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    for _ in range(epochs):
        for idx in fit[torch.randperm(len(fit))].split(64):
            x = images[idx]
            shift = torch.randint(-1, 2, (2,))
            x = torch.roll(F.pad(x, (1, 1, 1, 1), value=-1.0), tuple(shift.tolist()), dims=(2, 3))[:, :, 1:-1, 1:-1]
            x = x + 0.2 * torch.rand(len(x), 1, 1, 1) * torch.randn_like(x)
            loss = F.cross_entropy(net(x)[1], labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    with torch.no_grad():
        accuracy = (net(images[test])[1].argmax(1) == labels[test]).float().mean().item()
    save_file(net.state_dict(), str(WEIGHTS), metadata={"accuracy": f"{accuracy:.4f}", "seed": str(seed),
                                                        "test_images": "500", "epochs": str(epochs)})
    return accuracy


def classifier() -> tuple[Classifier, float]:
    from safetensors import safe_open
    from safetensors.torch import load_file

    net = Classifier()
    net.load_state_dict(load_file(str(WEIGHTS)))
    with safe_open(str(WEIGHTS), framework="pt") as f:
        accuracy = float(f.metadata()["accuracy"])
    return net.eval().requires_grad_(False), accuracy


def precision_recall(generated: np.ndarray, real: np.ndarray, k: int = 3) -> tuple[float, float]:
    """Improved precision and recall (Kynkaanniemi et al. 2019): each set's manifold is the union of balls
    around its points with radius the distance to the point's k-th nearest neighbour in the set."""
    g, r = torch.from_numpy(generated), torch.from_numpy(real)
    radius = lambda f: torch.cdist(f, f).kthvalue(k + 1, dim=1).values  # the 1st nearest is the point itself
    distance = torch.cdist(g, r)
    precision = (distance <= radius(r)[None, :]).any(1).double().mean()
    recall = (distance.T <= radius(g)[None, :]).any(1).double().mean()
    return float(precision), float(recall)


def frechet(f1: np.ndarray, f2: np.ndarray) -> float:
    """|mu1 - mu2|^2 + tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2), in float64."""
    mu1, mu2 = f1.mean(0), f2.mean(0)
    c1, c2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    w, v = np.linalg.eigh(c1)
    root1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    cross = np.sqrt(np.clip(np.linalg.eigvalsh(root1 @ c2 @ root1), 0, None)).sum()
    return float(((mu1 - mu2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * cross)


class Metric:
    """Scores image sets (N, 1, 8, 8) in [-1, 1] (clamped, as a decoded image would be)."""

    n = HALF  # the set size the floor is measured at: score sets of this size to compare with it

    def __init__(self):
        self.net, self.accuracy = classifier()
        self.real = digits.digit_images()
        self.reference = self.features(self.real[split(0)[0]])[0]

    @torch.no_grad()
    def features(self, images: torch.Tensor) -> tuple[np.ndarray, torch.Tensor]:
        features, logits = self.net(images.float().clamp(-1, 1))
        return features.double().numpy(), logits.softmax(1).double()

    def score(self, images: torch.Tensor, reference: np.ndarray | None = None) -> dict:
        """fd, precision and recall against `reference` features (default: the fixed real half), is, recognised."""
        if not torch.isfinite(images).all():
            raise ValueError("digit metric: the images contain NaN or inf")
        features, p = self.features(images)
        reference = self.reference if reference is None else reference
        marginal = p.mean(0, keepdim=True)
        kl = (p * (p.clamp_min(1e-12).log() - marginal.log())).sum(1).mean()
        precision, recall = precision_recall(features, reference)
        return {"fd": frechet(features, reference), "precision": precision, "recall": recall, "is": float(kl.exp()),
                "recognised": float((p.max(1).values >= CONFIDENT).double().mean())}

    def floor(self, splits: int = 5) -> dict:
        """The real half left out of each random halving, scored against that halving's reference half."""
        scores = []
        for seed in range(splits):
            reference, other = split(seed)
            scores.append(self.score(self.real[other], reference=self.features(self.real[reference])[0]))
        return {k: (float(np.mean([s[k] for s in scores])), float(np.std([s[k] for s in scores])))
                for k in scores[0]}


def main() -> None:
    torch.set_num_threads(2)
    if sys.argv[1:] == ["train"]:
        print(f"classifier: held-out accuracy {train():.4f}, wrote {WEIGHTS}")
        return
    metric = Metric()
    print(f"classifier held-out accuracy: {metric.accuracy:.4f} (500 real digits)")
    for key, (mean, std) in metric.floor().items():
        print(f"real-vs-real floor {key}: {mean:.3f} +- {std:.3f} (5 halvings of {HALF})")


if __name__ == "__main__":
    main()
