"""AdaBN in PyTorch on the crops the bench prepared: the baseline for `blastograde adapt`.

python3 bench/torch_adabn.py CROPS.f32 --size 128 --width 0.25 --layers 2 --threads N -> JSON
The network is the default model's architecture (VGG16-BN at its width and input size)
with random weights: no PyTorch checkpoint of the shipped model exists, and the time of
re-estimating batch-norm statistics does not depend on the weights. Layer by layer, as the
app adapts: batch norm k alone in train mode (momentum None: a plain average over all
target crops, layers before it already adapted), then the next.
"""
import argparse, json, os, sys, time  # noqa: E401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
from blastograde_train.model import HeadSpec, ModelConfig, build_model  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("crops")
ap.add_argument("--size", type=int, required=True)
ap.add_argument("--width", type=float, required=True)
ap.add_argument("--layers", type=int, default=2)
ap.add_argument("--threads", type=int, default=os.cpu_count())
ap.add_argument("--batch", type=int, default=8)
args = ap.parse_args()
torch.set_num_threads(args.threads)
crops = torch.from_numpy(np.fromfile(args.crops, dtype=np.float32).reshape(-1, args.size, args.size, 3)).permute(0, 3, 1, 2)
model = build_model(ModelConfig(heads=[HeadSpec("expansion", list("123456"))], batch_norm=True, width=args.width, input_size=args.size)).eval()
norms = [i for i, m in enumerate(model.features) if isinstance(m, nn.BatchNorm2d)][: args.layers]

t0 = time.perf_counter()
with torch.no_grad():
    for index in norms:
        bn = model.features[index]
        bn.reset_running_stats()
        bn.momentum = None
        bn.train()
        for start in range(0, len(crops), args.batch):
            model.features[: index + 1](crops[start:start + args.batch])
        bn.eval()
seconds = time.perf_counter() - t0
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "images": len(crops), "layers": len(norms), "seconds": seconds}))
