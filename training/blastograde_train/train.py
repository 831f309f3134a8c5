"""Train the three-head VGG16 grading network (VGG16 or VGG16-BN, any width) on graded crops.

python3 -m blastograde_train.train --format phantoms|kromp|sheet --labels PATH [--images DIR] \
    [--test-labels PATH [--test-images DIR]] --out runs/NAME [options]

Without --test-labels: the seed's stratified split (70/15/15 with a fixed count of the
rare ICM class, --folds 3, --fold K or all). With --test-labels: fixed split, the given
test set, validation carved from the training set. Early stopping on the validation
mean macro-F1; the best epoch is kept. Writes OUT/model.pt (checkpoint with its
metrics), OUT/metrics.json, OUT/confusion.png, OUT/train.log; JSON summary on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
import torch
from torch.utils.data import DataLoader, WeightedRandomSampler

from .adapters import LabelledSet, read_dataset
from .augment import AugmentConfig
from .dataset import GradedImages, load_rgb
from .evaluate import metrics_from_probs, predict_torch
from .schedule import CosineBudget
from .losses import MultiHeadLoss, balanced_sample_weights, inverse_frequency_weights
from .metrics import draw_confusion_matrices
from .model import GradingNet, HeadSpec, ModelConfig, build_model, freeze_backbone, order_heads, save_checkpoint, set_train_mode
from .from_package import load_package
from .model_card import code_version
from .normalization import samplewise_normalize
from .portable import portable_recipe, portable_source
from .progress import Log, Progress
from .splits import Split, label_counts, stratified_folds, train_val_split


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python3 -m blastograde_train.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    d = ap.add_argument_group("data")
    d.add_argument("--format", required=True, choices=["phantoms", "kromp", "sheet"])
    d.add_argument("--labels", required=True, help="label file (phantoms: the phantom folder or its labels.csv)")
    d.add_argument("--images", default=None, help="folder of crops (default: the format's image folder)")
    d.add_argument("--test-labels", default=None, help="fixed split: a separate test set (same --format)")
    d.add_argument("--test-images", default=None)
    d.add_argument("--folds", type=int, default=3)
    d.add_argument("--fold", default="0", help="which fold to train, or 'all'")
    d.add_argument("--val-share", type=float, default=0.15)
    d.add_argument("--test-share", type=float, default=0.15)
    d.add_argument("--minority-count", type=int, default=None,
                   help="images of the rarest ICM class in each of val and test (default: its 15%%, at least 1)")
    m = ap.add_argument_group("model")
    m.add_argument("--input-size", type=int, default=320)
    m.add_argument("--batch-norm", action="store_true", help="VGG16-BN (for training from scratch)")
    m.add_argument("--width", type=float, default=1.0, help="channel multiplier; < 1 is the CPU 'lite' variant")
    m.add_argument("--dropout", type=float, default=0.5, help="heads' dropout (the seed: 0.5)")
    m.add_argument("--hidden-units", default="32,8", help="heads' hidden Dense sizes (the seed: 32,8)")
    m.add_argument("--init-weights", default=None, help="local torchvision VGG16(-BN) ImageNet state dict")
    m.add_argument("--init-package", default=None,
                   help="start from a model package (model.json + shards, same architecture and heads): fine-tuning")
    m.add_argument("--trainable-convs", type=int, default=None,
                   help="train only the last N convs (default: 3 with --init-weights, all without; -1 = all)")
    t = ap.add_argument_group("training")
    t.add_argument("--epochs", type=int, default=30)
    t.add_argument("--patience", type=int, default=8, help="early stopping: epochs without a better val macro-F1")
    t.add_argument("--batch-size", type=int, default=16)
    t.add_argument("--optimizer", choices=["adam", "rmsprop", "sgd"], default="adam")
    t.add_argument("--lr", type=float, default=None, help="default: 1e-3 from scratch, 1e-4 with --init-weights")
    t.add_argument("--schedule", choices=["plateau", "cosine"], default="plateau",
                   help="plateau: the seed's x0.3 on a flat val macro-F1; cosine: decay to 0 over "
                        "--max-minutes (or --epochs), per batch: best for a fixed time budget")
    t.add_argument("--weight-decay", type=float, default=1e-4)
    t.add_argument("--loss", choices=["ce", "weighted", "focal"], default="weighted")
    t.add_argument("--balanced-sampling", action="store_true", help="oversample images of rare classes")
    t.add_argument("--no-augment", action="store_true")
    t.add_argument("--rotation", type=float, default=360.0)
    t.add_argument("--shift", type=float, default=0.1)
    t.add_argument("--zoom", type=float, default=0.1)
    t.add_argument("--shear", type=float, default=10.0)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--device", default="cpu", help="cpu or cuda")
    t.add_argument("--amp", action="store_true", help="CUDA only: bfloat16 autocast (faster on recent GPUs)")
    t.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    t.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    t.add_argument("--max-minutes", type=float, default=None, help="stop after this many minutes (keeps the best epoch)")
    ap.add_argument("--out", required=True, help="run folder")
    return ap


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def describe(data: LabelledSet, indices: List[int]) -> str:
    return f"{portable_source(data.source)} ({len(indices)} images)"


@dataclass
class FoldData:
    """What one fold trains and validates on."""
    heads: List[str]
    classes: Dict[str, List[str]]
    train_ds: GradedImages
    val_ds: GradedImages
    loader: DataLoader


@dataclass
class Optimisation:
    """Loss, optimiser and learning-rate schedule (cosine over the budget, or the seed's plateau)."""
    loss_fn: MultiHeadLoss
    opt: torch.optim.Optimizer
    cosine: Optional[CosineBudget]
    plateau: Optional[torch.optim.lr_scheduler.ReduceLROnPlateau]


@dataclass
class FoldRecord:
    """Each epoch's loss and score, and the best so far (what early stopping and the checkpoint follow)."""
    best_score: float = -1.0
    best_epoch: int = -1
    best_val: Optional[dict] = None
    history: List[dict] = field(default_factory=list)


def trainable_heads(data: LabelledSet, log: Log):
    """Heads with two or more classes in the data, in the model's order, and their classes."""
    # a head needs two classes to learn anything (the app's card requires >= 2 too)
    heads = order_heads([h for h, c in data.classes.items() if len(c) >= 2])
    if not heads:
        raise ValueError("no head has two or more classes in the training data")
    for h in set(data.classes) - set(heads):
        log(f"warning: head {h} dropped: only class {data.classes[h]} in the data")
    return heads, {h: data.classes[h] for h in heads}


def build_network(args, heads: List[str], classes: Dict[str, List[str]], device: torch.device) -> GradingNet:
    config = ModelConfig(heads=[HeadSpec(h, classes[h]) for h in heads], batch_norm=args.batch_norm,
                         width=args.width, input_size=args.input_size, dropout=args.dropout,
                         hidden_units=[int(u) for u in args.hidden_units.split(",") if u.strip()])
    model = build_model(config, args.init_weights)
    trainable = args.trainable_convs if args.trainable_convs is not None else (3 if args.init_weights else -1)
    freeze_backbone(model, trainable)
    model.to(device)
    return model


def start_from_package(args, model: GradingNet, fold: FoldData, log: Log) -> None:
    """Loads the package's weights, its batch norms calibrated on up to 256 training images."""
    card_path = os.path.join(args.init_package, "grading.json")
    with open(card_path) as fh:
        card = json.load(fh)
    size = card["input"]["size"][0]
    if size != args.input_size or card["input"].get("normalization") != "samplewise":
        raise ValueError(f"{card_path}: input {card['input']} does not match --input-size {args.input_size} (samplewise)")
    card_heads = {h["name"]: h["classes"] for h in card["heads"]}
    if card_heads != {h: fold.classes[h] for h in fold.heads}:
        raise ValueError(f"{card_path}: heads {card_heads} do not match the training data's {fold.classes}")
    images = fold.train_ds.images[:256]
    batch = torch.from_numpy(np.stack([samplewise_normalize(im) for im in images])).permute(0, 3, 1, 2).contiguous()
    model.eval()
    load_package(model, args.init_package, batch.to(next(model.parameters()).device))
    log(f"started from {card.get('id')} {card.get('version')} ({args.init_package}); batch norm calibrated on {len(images)} images")


def build_data(args, data: LabelledSet, test: Optional[LabelledSet], split: Split, heads: List[str],
               classes: Dict[str, List[str]], cache: np.ndarray, log: Log) -> FoldData:
    if not split.train or not split.val:
        raise ValueError(f"too few images to split: train {len(split.train)}, val {len(split.val)}")
    aug = None if args.no_augment else AugmentConfig(args.rotation, args.shift, args.zoom, args.shear)
    train_ds = GradedImages(data.subset(split.train), heads, classes, args.input_size, aug, args.seed, cache[split.train])
    val_ds = GradedImages(data.subset(split.val), heads, classes, args.input_size, cache=cache[split.val])
    log(f"split: train {len(split.train)} val {len(split.val)} test {len(split.test) if test is None else len(test.samples)}")
    log(f"train label counts: {json.dumps(label_counts(data, split.train))}")
    generator = torch.Generator().manual_seed(args.seed)
    if args.balanced_sampling:
        sw = balanced_sample_weights(train_ds.labels, [len(classes[h]) for h in heads])
        sampler = WeightedRandomSampler(torch.tensor(sw, dtype=torch.double), len(train_ds), replacement=True, generator=generator)
        loader = DataLoader(train_ds, batch_size=args.batch_size, sampler=sampler, num_workers=args.workers, drop_last=True)
    else:
        loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True, generator=generator,
                            num_workers=args.workers, drop_last=len(train_ds) > args.batch_size)
    return FoldData(heads, classes, train_ds, val_ds, loader)


def build_optimisation(args, model: GradingNet, fold: FoldData) -> Optimisation:
    n_classes = [len(fold.classes[h]) for h in fold.heads]
    weights = {h: inverse_frequency_weights(fold.train_ds.labels[:, j], n_classes[j]) for j, h in enumerate(fold.heads)}
    loss_fn = MultiHeadLoss(fold.heads, args.loss, weights)
    lr = args.lr or (1e-4 if args.init_weights else 1e-3)
    params = [p for p in model.parameters() if p.requires_grad]
    if args.optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr, weight_decay=args.weight_decay)
    elif args.optimizer == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=lr, weight_decay=args.weight_decay)
    else:
        opt = torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=args.weight_decay)
    # the seed: reduce on plateau x0.3; or cosine over the budget (time when one is given)
    cosine = CosineBudget(lr, args.max_minutes, args.epochs * len(fold.loader)) if args.schedule == "cosine" else None
    plateau = None if cosine else torch.optim.lr_scheduler.ReduceLROnPlateau(
        opt, mode="max", factor=0.3, patience=max(1, args.patience // 3))
    return Optimisation(loss_fn, opt, cosine, plateau)


def train_one_epoch(model: GradingNet, fold: FoldData, optim: Optimisation, device: torch.device, memory_format,
                    autocast, started: float, label: str) -> float:
    """One pass over the training loader; returns the mean batch loss."""
    set_train_mode(model)
    progress = Progress(label, len(fold.loader))
    total, batches = 0.0, 0
    for x, y in fold.loader:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        x = x.contiguous(memory_format=memory_format)
        if optim.cosine is not None:
            optim.cosine.apply(optim.opt, time.time() - started)
        with autocast:
            outputs = model(x)
        loss = optim.loss_fn({h: v.float() for h, v in outputs.items()}, y)
        optim.opt.zero_grad()
        loss.backward()
        optim.opt.step()
        total += float(loss)
        batches += 1
        progress.step(f"loss {total / batches:.3f}")
    progress.done()
    return total / max(1, batches)


def validate_and_checkpoint(args, model: GradingNet, fold: FoldData, optim: Optimisation, record: FoldRecord,
                            epoch: int, loss: float, val_description: str, ckpt_path: str, started: float,
                            log: Log) -> bool:
    """Scores the epoch on the validation set, keeps the best checkpoint; True when training should stop."""
    probs = predict_torch(model, fold.val_ds, device=args.device, label="val")
    val = metrics_from_probs(probs, fold.val_ds, fold.heads, fold.classes, val_description)
    score = val["meanMacroF1"]
    if optim.plateau is not None:
        optim.plateau.step(score)
    per_head = " ".join(f"{h} {m['macroF1']:.3f}" for h, m in val["heads"].items())
    log(f"epoch {epoch + 1}: loss {loss:.4f} val macro-F1 {score:.3f} ({per_head}) "
        f"lr {optim.opt.param_groups[0]['lr']:.2g} {time.time() - started:.0f}s")
    record.history.append({"epoch": epoch + 1, "loss": loss, "valMeanMacroF1": score})
    if score > record.best_score:
        record.best_score, record.best_epoch, record.best_val = score, epoch + 1, val
        save_checkpoint(ckpt_path, model)
    elif epoch + 1 - record.best_epoch >= args.patience:
        log(f"early stop: no better val macro-F1 for {args.patience} epochs")
        return True
    if args.max_minutes and time.time() - started > args.max_minutes * 60:
        log(f"time limit {args.max_minutes} min reached")
        return True
    return False


def evaluate_best(args, model: GradingNet, fold: FoldData, record: FoldRecord, data: LabelledSet,
                  test: Optional[LabelledSet], split: Split, cache: np.ndarray, test_cache: Optional[np.ndarray],
                  ckpt_path: str, log: Log) -> dict:
    """Reloads the best epoch and scores it on the test set (the given one, or the split's)."""
    model.load_state_dict(torch.load(ckpt_path, map_location="cpu")["state_dict"])
    model.eval()
    heads, classes = fold.heads, fold.classes
    metrics = {"val": record.best_val}
    if test is not None:
        test_ds = GradedImages(test, heads, classes, args.input_size, cache=test_cache)
        metrics["test"] = metrics_from_probs(predict_torch(model, test_ds, device=args.device, label="test"),
                                             test_ds, heads, classes, f"{portable_source(test.source)} ({len(test.samples)} images)")
    elif split.test:
        test_ds = GradedImages(data.subset(split.test), heads, classes, args.input_size, cache=cache[split.test])
        metrics["test"] = metrics_from_probs(predict_torch(model, test_ds, device=args.device, label="test"),
                                             test_ds, heads, classes, describe(data, split.test))
    for name, m in metrics.items():
        for h, hm in m["heads"].items():
            log(f"{name} {h}: acc {hm['accuracy']:.3f} macro-F1 {hm['macroF1']:.3f} recall {hm['perClassRecall']}")
    return metrics


def finalize(args, model: GradingNet, data: LabelledSet, split: Split, record: FoldRecord, metrics: dict,
             device: torch.device, started: float, out_dir: str, ckpt_path: str) -> dict:
    """Stores the best model with how it was trained and what it scored; returns the run summary."""
    training = {
        "data": f"{portable_source(data.source)}: train {len(split.train)}, val {len(split.val)} images",
        "synthetic": args.format == "phantoms",
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "codeVersion": code_version(),
        "bestEpoch": record.best_epoch,
        "epochsRun": len(record.history),
        "minutes": round((time.time() - started) / 60, 1),
        "device": str(device),
        # the card ships these: paths relative to the repository (or names), not this machine's
        "recipe": portable_recipe({k: v for k, v in vars(args).items() if k not in ("out",)}),
    }
    model.cpu()
    save_checkpoint(ckpt_path, model, {"training": training, "metrics": metrics, "history": record.history})
    with open(os.path.join(out_dir, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=2)
    draw_confusion_matrices({k: v["heads"] for k, v in metrics.items()}, os.path.join(out_dir, "confusion.png"))
    return {"out": out_dir, "checkpoint": ckpt_path, "bestEpoch": record.best_epoch,
            **{f"{k}MeanMacroF1": v["meanMacroF1"] for k, v in metrics.items()},
            **{f"{k}MacroF1": {h: hm["macroF1"] for h, hm in v["heads"].items()} for k, v in metrics.items()}}


def train_fold(args, data: LabelledSet, test: Optional[LabelledSet], split: Split, out_dir: str,
               cache: np.ndarray, test_cache: Optional[np.ndarray], log: Log) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    seed_everything(args.seed)
    heads, classes = trainable_heads(data, log)
    device = torch.device(args.device)
    # the model is built first after seeding, so its initial weights depend on the seed only
    model = build_network(args, heads, classes, device)
    fold = build_data(args, data, test, split, heads, classes, cache, log)
    if args.init_package:
        start_from_package(args, model, fold, log)
    optim = build_optimisation(args, model, fold)
    # NHWC on CPU: oneDNN's convolutions run about 30 % faster on this network
    memory_format = torch.channels_last if device.type == "cpu" else torch.contiguous_format
    model.to(memory_format=memory_format)
    use_amp = args.amp and device.type == "cuda"
    autocast = torch.autocast(device_type="cuda", dtype=torch.bfloat16) if use_amp else contextlib.nullcontext()

    record = FoldRecord()
    ckpt_path = os.path.join(out_dir, "model.pt")
    started = time.time()
    for epoch in range(args.epochs):
        fold.train_ds.epoch = epoch
        loss = train_one_epoch(model, fold, optim, device, memory_format, autocast, started,
                               f"epoch {epoch + 1}/{args.epochs}")
        if validate_and_checkpoint(args, model, fold, optim, record, epoch, loss, describe(data, split.val),
                                   ckpt_path, started, log):
            break
    metrics = evaluate_best(args, model, fold, record, data, test, split, cache, test_cache, ckpt_path, log)
    return finalize(args, model, data, split, record, metrics, device, started, out_dir, ckpt_path)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("error: --device cuda but CUDA is not available", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    log = Log(os.path.join(args.out, "train.log"))
    log(f"{code_version()} torch {torch.__version__} args {json.dumps(vars(args))}")
    data = read_dataset(args.format, args.labels, args.images)
    if data.skipped:
        log(f"warning: {len(data.skipped)} labelled files have no image, e.g. {data.skipped[:3]}")
    test = read_dataset(args.format, args.test_labels, args.test_images) if args.test_labels else None
    log(f"loading {len(data.samples)} images at {args.input_size}px; classes {data.classes}")
    progress = Progress("load", len(data.samples))
    images = []
    for s in data.samples:
        images.append(load_rgb(s.path, args.input_size))
        progress.step()
    progress.done()
    cache = np.stack(images)
    test_cache = np.stack([load_rgb(s.path, args.input_size) for s in test.samples]) if test else None

    if test is not None:
        runs = [(args.out, train_val_split(data, args.val_share, seed=args.seed))]
    else:
        folds = stratified_folds(data, args.folds, args.val_share, args.test_share, args.minority_count, seed=args.seed)
        chosen = range(args.folds) if args.fold == "all" else [int(args.fold)]
        runs = [(os.path.join(args.out, f"fold{k}") if args.fold == "all" else args.out, folds[k]) for k in chosen]
    results = [train_fold(args, data, test, split, out, cache, test_cache, log) for out, split in runs]
    if len(results) > 1:
        summary = {key: float(np.mean([r[key] for r in results])) for key in results[0] if key.endswith("MeanMacroF1")}
        results = {"folds": results, "mean": summary}
        with open(os.path.join(args.out, "cv_summary.json"), "w") as fh:
            json.dump(results, fh, indent=2)
    else:
        results = results[0]
    log.close()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
