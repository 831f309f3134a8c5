#!/bin/sh
# Builds the default model (public/models/default) from synthetic phantoms, end to end:
#   prepare  generate train and held-out test phantoms (different seeds) and crop them with
#            the app's own preprocess CLI at the model input size      (needs Node)
#   train    train with the CPU recipe (or DEVICE=cuda: the full network)   (Python only)
#   package  export float16 to $OUT and measure the exported package on the held-out
#            test phantoms in TensorFlow.js; the metrics go into its grading.json (needs Node)
# Usage: training/scripts/default_model.sh [prepare|train|package|all]   (default: all)
# Settings come from the environment; the defaults are the CPU recipe (README "CPU recipe").
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$ROOT/training/.work/default}
OUT=${OUT:-$ROOT/public/models/default}
N_TEST=${N_TEST:-600}
TRAIN_SEED=${TRAIN_SEED:-1001}
TEST_SEED=${TEST_SEED:-2002}
SIZE=${SIZE:-128}
WIDTH=${WIDTH:-0.25}
DEVICE=${DEVICE:-cpu}
EPOCHS=${EPOCHS:-300}
PATIENCE=${PATIENCE:-300}
MINUTES=${MINUTES:-72}
BATCH=${BATCH:-32}
DROPOUT=${DROPOUT:-0.2}
EXTRA=${EXTRA:-}
PY=${PY:-/usr/bin/python3}
# Phantom style for training and held-out test: default (what 0.2.0 was trained on) or clinic
STYLE=${STYLE:-default}
STAGE=${1:-all}

# Training phantoms across the nuisance levels ("level:count ..."); held-out test set: default.
MIX=${MIX:-default:2200 none:400 high:400}

# crop_all DIR: the app's own crops of DIR/images at the model input size (one resampling,
# the app's), two preprocess processes side by side (it is single-threaded)
crop_all() {
  (cd "$ROOT" && find "$1/images" -name '*.png' | sort | xargs -n 400 -P 2 npx blastograde preprocess \
    --out "$1/crops" --size "$SIZE" > "$1/crops.log")
}

prepare() {
  mkdir -p "$WORK/train/images"
  seed=$TRAIN_SEED
  : > "$WORK/train/labels.csv.part"
  for part in $MIX; do
    level=${part%%:*}; n=${part##*:}; dir="$WORK/parts/$level"
    if [ ! -f "$dir/labels.csv" ]; then
      (cd "$ROOT" && npx blastograde phantoms --style "$STYLE" --n "$n" --seed "$seed" --nuisance "$level" --out "$dir" >/dev/null)
    fi
    # one training folder: file names prefixed by the nuisance level
    for f in "$dir"/images/*.png; do ln -sf "$f" "$WORK/train/images/$level-$(basename "$f")"; done
    [ -s "$WORK/train/labels.csv.part" ] || head -n 1 "$dir/labels.csv" > "$WORK/train/labels.csv.part"
    tail -n +2 "$dir/labels.csv" | sed "s/^/$level-/" >> "$WORK/train/labels.csv.part"
    seed=$((seed + 10))
  done
  mv "$WORK/train/labels.csv.part" "$WORK/train/labels.csv"
  if [ ! -f "$WORK/test/labels.csv" ]; then
    (cd "$ROOT" && npx blastograde phantoms --style "$STYLE" --n "$N_TEST" --seed "$TEST_SEED" --nuisance default --out "$WORK/test" >/dev/null)
  fi
  crop_all "$WORK/train"
  crop_all "$WORK/test"
}

train() {
  cd "$ROOT/training"
  # shellcheck disable=SC2086
  "$PY" -m blastograde_train.train --format phantoms \
    --labels "$WORK/train" --images "$WORK/train/crops" \
    --test-labels "$WORK/test" --test-images "$WORK/test/crops" \
    --out "$WORK/run" --input-size "$SIZE" --width "$WIDTH" --batch-norm --batch-size "$BATCH" --dropout "$DROPOUT" --threads "${THREADS:-$(nproc)}" \
    --epochs "$EPOCHS" --patience "$PATIENCE" --schedule cosine --loss weighted --device "$DEVICE" --max-minutes "$MINUTES" $EXTRA
}

package() {
  cd "$ROOT/training"
  "$PY" -m blastograde_train.export --checkpoint "$WORK/run/model.pt" --out "$OUT" --dtype float16 \
    --id default --version "${VERSION:-0.2.0}" --synthetic --phantom-styles "$STYLE" \
    --training-data "synthetic $STYLE-style phantoms (npx blastograde phantoms --style $STYLE from seed $TRAIN_SEED, nuisance:count $MIX), cropped by the app's preprocess"
  "$PY" -m blastograde_train.evaluate --tfjs-model "$OUT" --format phantoms \
    --labels "$WORK/test" --images "$WORK/test/crops" --split test \
    --name "held-out $STYLE-style phantoms (seed $TEST_SEED, $N_TEST images, default nuisance, never trained on; ICM and TE scored at expansion 3-6, as Gardner grades them)" \
    --png "$WORK/run/test-confusion-tfjs.png" --update-card "$OUT/grading.json"
}

case "$STAGE" in
  prepare) prepare ;;
  train) train ;;
  package) package ;;
  all) prepare; train; package ;;
  *) echo "usage: $0 [prepare|train|package|all]" >&2; exit 2 ;;
esac
