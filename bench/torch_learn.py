"""The learning engine's outcome-head training in PyTorch: the baseline for the bench's learn entry.

python3 bench/torch_learn.py FEATURES.json [--crops CROPS.f32 --size S --width W] --threads N -> JSON
FEATURES.json: {features, outcomes, folds (test indices per fold), settings (the engine's
report.training.outcomeHead: steps, learningRate, l2)}. As the engine does, per fold and
then on all examples: standardise the features, fit one sigmoid unit by full-batch gradient
descent (momentum 0.9, or Adam, as the settings say) on class-weighted cross-entropy plus
0.5 * l2 * |w|^2, then Platt scaling (Newton).
With --crops, also times the trunk forward that gives the pooled features (the
default model's architecture, random weights: the time does not depend on them).
"""
import argparse, json, os, sys, time  # noqa: E401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
from blastograde_train.model import HeadSpec, ModelConfig, build_model  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("features")
ap.add_argument("--crops")
ap.add_argument("--size", type=int)
ap.add_argument("--width", type=float)
ap.add_argument("--threads", type=int, default=os.cpu_count())
args = ap.parse_args()
torch.set_num_threads(args.threads)
data = json.load(open(args.features))
x_all, y_all, s = torch.tensor(data["features"]), torch.tensor(data["outcomes"], dtype=torch.float32), data["settings"]


def fit(x, y):
    z = (x - x.mean(0)) / x.std(0, unbiased=False).clamp_min(1e-6)
    w, b = torch.zeros(x.shape[1], requires_grad=True), torch.zeros(1, requires_grad=True)
    weights = len(y) / (2 * torch.where(y > 0, y.sum(), (1 - y).sum()))
    adam = s.get("optimizer") == "adam"
    optimiser = torch.optim.Adam([w, b], lr=s["learningRate"]) if adam else torch.optim.SGD([w, b], lr=s["learningRate"], momentum=0.9)
    for _ in range(s["steps"]):
        optimiser.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z @ w + b, y, weight=weights) + 0.5 * s["l2"] * (w * w).sum()
        loss.backward()
        optimiser.step()
    score, a, c = (z @ w + b).detach().double(), 1.0, 0.0
    for _ in range(100):  # Platt scaling
        p = torch.sigmoid(a * score + c)
        r, v = p - y.double(), p * (1 - p)
        g = torch.stack([(r * score).sum() + 1e-3 * a, r.sum()])
        h = torch.tensor([[(v * score * score).sum() + 1e-3, (v * score).sum()], [(v * score).sum(), v.sum() + 1e-9]])
        a, c = (torch.tensor([a, c], dtype=torch.float64) - torch.linalg.solve(h, g)).tolist()
    return w, b, a, c


out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "trainings": len(data["folds"]) + 1}
if args.crops:
    crops = torch.from_numpy(np.fromfile(args.crops, dtype=np.float32).reshape(-1, args.size, args.size, 3)).permute(0, 3, 1, 2)
    model = build_model(ModelConfig(heads=[HeadSpec("outcome", ["0", "1"])], batch_norm=True, width=args.width, input_size=args.size)).eval()
    t0 = time.perf_counter()
    with torch.inference_mode():
        # As the engine takes them: each crop's pooled features averaged over its 8 orientations.
        for start in range(0, len(crops), 2):
            batch = crops[start:start + 2]
            views = [torch.rot90(batch, k, dims=(2, 3)) for k in range(4)]
            views += [torch.flip(v, dims=(3,)) for v in views]
            model.features(torch.cat(views)).mean(dim=(2, 3)).reshape(8, len(batch), -1).mean(0)
    out["featuresSeconds"] = time.perf_counter() - t0
t0 = time.perf_counter()
for test in data["folds"]:
    train = torch.ones(len(y_all), dtype=torch.bool)
    train[test] = False
    fit(x_all[train], y_all[train])
fit(x_all, y_all)
out["seconds"] = time.perf_counter() - t0
print(json.dumps(out))
