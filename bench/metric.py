"""How good are generated 8x8 digits? `.venv/bin/python bench/metric.py [train]`.

Two kinds of figure score a set of images against a fixed half of the real digits. On the features of
a small CNN classifier trained on part of scikit-learn's digits (its weights are shipped next to this
file; `train` retrains them):
  fd          Frechet distance between its 64-d penultimate features of the set and of the reference
              (FID's formula on our classifier's features; lower is better);
  precision   the share of generated images inside the real set's manifold: within the distance of
              some real image to its 3rd-nearest real neighbour (Kynkaanniemi et al. 2019, k = 3, same
              features); fidelity;
  recall      the share of real images inside the generated set's manifold, likewise; variety.
              Blurry averages can score high precision with low recall: read them together;
  is          an Inception-score analogue, exp E_x KL(p(y|x) || p(y)) (10 at most; higher is better);
  recognised  class-balanced: the mean over the 10 predicted classes of the share of the images given
              that class with probability >= 0.9 (a class given to no image counts 0), so a set cannot
              score by drawing mostly the classes the classifier is sure of.
The classifier is trained with noise augmentation and barely sees a faint haze, so on the raw 64 pixels
(as a user sees them):
  mmd         squared maximum mean discrepancy with a Gaussian kernel, unbiased (Gretton et al. 2012),
              bandwidth the median pairwise distance of the reference (the median heuristic); `mmd x0.5`
              and `mmd x2` at half and twice that bandwidth (lower is better);
  swd         sliced Wasserstein-2 distance (Bonneel et al. 2015) over 256 fixed random directions
              (lower is better);
  haze        mean of the margin pixels (those blank in at least 90% of real digits) minus the
              reference's: a grey haze lifts it (0 is real; in pixel units, the range being [-1, 1]);
  haze std    their standard deviation minus the reference's: noise in the background.
The floor is the same figures for real digits: over random halvings of the 1797, the left-out half
scored against its halving's reference half, as a bootstrap of a real set of the generated sets' size
(halvings, not draws with replacement: duplicates would shrink k-NN radii and bias the unbiased MMD).
A generated set cannot be told apart from real digits when its figures lie within that spread.
Without arguments the script prints the classifier's held-out accuracy and the floor.
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
BANDWIDTHS = {"mmd x0.5": 0.5, "mmd": 1.0, "mmd x2": 2.0}  # key -> factor on the median heuristic
MARGIN = 0.9  # a margin pixel is blank in at least this share of the real digits
RESAMPLES = 100  # random halvings of the real digits behind the floor


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


def squared_distances(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.clip((x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - 2 * x @ y.T, 0, None)


def median_bandwidth(x: np.ndarray) -> float:
    """The median heuristic (Gretton et al. 2012): the median distance between distinct points of x."""
    d2 = squared_distances(x, x)
    return float(np.sqrt(np.median(d2[np.triu_indices(len(x), 1)])))


def mmd2(x: np.ndarray, y: np.ndarray, bandwidths) -> list[float]:
    """Unbiased squared MMD with k(a, b) = exp(-|a - b|^2 / (2 s^2)) for each bandwidth s (Gretton et al.
    2012, eq. 3): the means of k within x and within y over distinct pairs, less twice the mean across."""
    n, m = len(x), len(y)
    dxx, dyy, dxy = squared_distances(x, x), squared_distances(y, y), squared_distances(x, y)
    out = []
    for s in bandwidths:
        k = lambda d2: np.exp(-d2 / (2 * s * s))
        out.append(float((k(dxx).sum() - n) / (n * (n - 1)) + (k(dyy).sum() - m) / (m * (m - 1))
                         - 2 * k(dxy).mean()))
    return out


def directions(dim: int, count: int = 256, seed: int = 0) -> np.ndarray:
    """`count` fixed random unit vectors of R^dim, (dim, count)."""
    theta = np.random.default_rng(seed).standard_normal((dim, count))
    return theta / np.linalg.norm(theta, axis=0)


def sliced_wasserstein(x: np.ndarray, y: np.ndarray, theta: np.ndarray) -> float:
    """Sliced Wasserstein-2 distance (Bonneel et al. 2015): the root mean over the directions `theta` of the
    squared 1-D Wasserstein-2 distance of the projected sets, from their quantiles at the same levels."""
    levels = (np.arange(max(len(x), len(y))) + 0.5) / max(len(x), len(y))

    def quantiles(points):  # linear interpolation between order statistics, as np.quantile's default
        ordered, at = np.sort(points @ theta, axis=0), levels * (len(points) - 1)
        low = np.floor(at).astype(int)
        high = np.minimum(low + 1, len(points) - 1)
        return ordered[low] + (at - low)[:, None] * (ordered[high] - ordered[low])

    return float(np.sqrt(((quantiles(x) - quantiles(y)) ** 2).mean()))


def confident_share(p: torch.Tensor) -> float:
    """The share of images (rows of class probabilities `p`) given some class with probability >= CONFIDENT."""
    return float((p.max(1).values >= CONFIDENT).double().mean())


def balanced_recognised(p: torch.Tensor) -> float:
    """The mean over classes of the confident share of the images predicted as that class; a class predicted
    for no image counts 0."""
    predicted = p.argmax(1)
    return float(np.mean([confident_share(p[predicted == c]) if (predicted == c).any() else 0.0
                          for c in range(p.shape[1])]))


def pixels(images: torch.Tensor) -> np.ndarray:
    """(N, 64) float64 pixels in [-1, 1], clamped as a decoded image would be."""
    return images.double().clamp(-1, 1).flatten(1).numpy()


class Metric:
    """Scores image sets (N, 1, 8, 8) in [-1, 1] (clamped, as a decoded image would be)."""

    n = HALF  # the set size the floor is measured at: score sets of this size to compare with it

    def __init__(self):
        self.net, self.accuracy = classifier()
        self.real = digits.digit_images()
        self.reference = self.real[split(0)[0]]
        self.bandwidth = median_bandwidth(pixels(self.reference))
        self.margin = (pixels(self.real) <= -1).mean(0) >= MARGIN
        self.theta = directions(64)

    @torch.no_grad()
    def features(self, images: torch.Tensor) -> tuple[np.ndarray, torch.Tensor]:
        features, logits = self.net(images.float().clamp(-1, 1))
        return features.double().numpy(), logits.softmax(1).double()

    def score(self, images: torch.Tensor, reference: torch.Tensor | None = None) -> dict:
        """Every figure of the module docstring against `reference` images (default: the fixed real half)."""
        if not torch.isfinite(images).all():
            raise ValueError("digit metric: the images contain NaN or inf")
        reference = self.reference if reference is None else reference
        (features, p), real = self.features(images), self.features(reference)[0]
        x, y = pixels(images), pixels(reference)
        marginal = p.mean(0, keepdim=True)
        kl = (p * (p.clamp_min(1e-12).log() - marginal.log())).sum(1).mean()
        precision, recall = precision_recall(features, real)
        kernel = mmd2(x, y, [f * self.bandwidth for f in BANDWIDTHS.values()])
        bx, by = x[:, self.margin], y[:, self.margin]
        return {"fd": frechet(features, real), "precision": precision, "recall": recall, "is": float(kl.exp()),
                "recognised": balanced_recognised(p), **dict(zip(BANDWIDTHS, kernel)),
                "swd": sliced_wasserstein(x, y, self.theta), "haze": float(bx.mean() - by.mean()),
                "haze std": float(bx.std() - by.std())}

    def floor(self, halvings=range(RESAMPLES)) -> dict:
        """Mean and std over the random halvings of the real digits with these seeds: the half left out, scored
        against that halving's reference half."""
        scores = [self.score(self.real[other], self.real[reference]) for reference, other in map(split, halvings)]
        return {k: (float(np.mean([s[k] for s in scores])), float(np.std([s[k] for s in scores], ddof=1)))
                for k in scores[0]}


def main() -> None:
    torch.set_num_threads(2)
    if sys.argv[1:] == ["train"]:
        print(f"classifier: held-out accuracy {train():.4f}, wrote {WEIGHTS}")
        return
    metric = Metric()
    print(f"classifier held-out accuracy: {metric.accuracy:.4f} (500 real digits)")
    print(f"pixel kernel bandwidth (median heuristic): {metric.bandwidth:.3f}; {metric.margin.sum()} margin pixels")
    for key, (mean, std) in metric.floor().items():
        print(f"real-vs-real floor {key}: {mean:.5f} +- {std:.5f} ({RESAMPLES} halvings of {HALF})")


if __name__ == "__main__":
    main()
