"""Would aligning image style close the phantom-to-real gap? A probe, not a product.

Fourier domain adaptation (Yang & Soatto, CVPR 2020): each real crop keeps its phase and takes
the phantoms' mean amplitude in a low-frequency square of half-width beta * size. For each beta
it reports, without labels, how well the model's pooled features still tell real crops from
phantoms (cross-validated logistic regression: 0.5 = indistinguishable), the expansion calls,
and, with the labels used only to measure, each head's expected-grade ROC AUC (good vs not good;
ICM/TE scored A=3, B=2, C=1), all averaged over the 8 orientations as the app grades. Crops are
the app's (`npx blastograde preprocess --size 128 --out DIR`); run from training/:

  /usr/bin/python3 scripts/fda_probe.py --model ../public/models/default --real /tmp/real \
      --phantoms /tmp/phantom-crops --labels ../../shared/data/real-signal/embryo-classification-d5/labelled/labels.csv
"""
import argparse
import csv
import glob
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from blastograde_train.from_package import load_package
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig
from blastograde_train.normalization import samplewise_normalize
from outcome_probe import view, roc_auc, stratified_folds, logistic_scores  # noqa: E402
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--model", required=True)
parser.add_argument("--real", required=True, help="the app's crops of the real images (labelled and unlabelled)")
parser.add_argument("--phantoms", required=True, help="the app's crops of phantoms in the model's training style")
parser.add_argument("--labels", required=True, help="CSV with file and good (1/0); files without a label only shift style")
parser.add_argument("--beta", default="0,0.01,0.03,0.05,0.09")
args = parser.parse_args()
torch.set_num_threads(2)
M = args.model
card = json.load(open(os.path.join(M, 'grading.json')))
S = card['input']['size'][0]
width = float(card['architecture'].split('-w')[1]) if '-w' in card['architecture'] else 1.0
model = GradingNet(ModelConfig(heads=[HeadSpec(h['name'], h['classes']) for h in card['heads']], batch_norm=True, width=width, input_size=S)).eval()
def img(p): return np.asarray(Image.open(p).convert('RGB').resize((S, S), Image.BILINEAR)).astype(np.float64)
labels = {r['file'].rsplit('.', 1)[0]: int(r['good']) for r in csv.DictReader(open(args.labels))}
real_files = sorted(glob.glob(os.path.join(args.real, '*.png')))
real = np.stack([img(p) for p in real_files])
names = [os.path.basename(p)[:-4] for p in real_files]
ph = np.stack([img(p) for p in sorted(glob.glob(os.path.join(args.phantoms, '*.png')))])
lab = np.array([n in labels for n in names]); y = np.array([labels[n] for n in names if n in labels])
def amp_phase(a):
    f = np.fft.fft2(a, axes=(1, 2)); return np.abs(f), np.angle(f)
ph_amp = amp_phase(ph)[0].mean(0)
def fda(a, beta):
    if beta == 0: return a
    A, P = amp_phase(a)
    A = np.fft.fftshift(A, axes=(1, 2)); T = np.fft.fftshift(ph_amp, axes=(0, 1))
    c = S // 2; b = max(1, int(np.floor(beta * S)))
    A[:, c - b:c + b + 1, c - b:c + b + 1] = T[c - b:c + b + 1, c - b:c + b + 1]
    A = np.fft.ifftshift(A, axes=(1, 2))
    return np.clip(np.real(np.fft.ifft2(A * np.exp(1j * P), axes=(1, 2))), 0, 255)
def tensor(a): return torch.from_numpy(np.stack([samplewise_normalize(x.astype(np.uint8)).transpose(2, 0, 1) for x in a]))
xph = tensor(ph)
load_package(model, M, xph[:64])
def run(x):
    with torch.no_grad():
        probs, gaps = [], []
        for k in range(8):
            v = view(x, k); fm = model.feature_map(v)
            probs.append({h: torch.softmax(l, 1).numpy() for h, l in model.head_logits(fm).items()})
            gaps.append(fm.mean(dim=(2, 3)).numpy())
    return {h: np.mean([p[h] for p in probs], 0) for h in probs[0]}, np.mean(gaps, 0)
_, gph = run(xph)
def domain_auc(g):
    X = np.concatenate([g, gph]); d = np.r_[np.ones(len(g)), np.zeros(len(gph))].astype(int)
    aucs = []
    for rep in range(3):
        f = stratified_folds(d, 5, rep); s = np.zeros(len(d))
        for k in range(5):
            tr, te = f != k, f == k
            s[te] = logistic_scores(X[tr], d[tr], X[te], 10.0)
        aucs.append(roc_auc(s, d))
    return float(np.mean(aucs))
for beta in [float(b) for b in args.beta.split(',')]:
    p, g = run(tensor(fda(real, beta)))
    e = (p['expansion'] * np.arange(1, 7)).sum(1)
    icm = (p['icm'] * np.array([3, 2, 1])).sum(1); te = (p['te'] * np.array([3, 2, 1])).sum(1)
    calls = np.bincount(p['expansion'].argmax(1), minlength=6)
    print(json.dumps({'beta': beta, 'domainAuc': round(domain_auc(g), 3), 'expansionCalls': calls.tolist(),
        'auc': {'expansion': round(roc_auc(e[lab], y), 3), 'icm': round(roc_auc(icm[lab], y), 3), 'te': round(roc_auc(te[lab], y), 3)}}), flush=True)
