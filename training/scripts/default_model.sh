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
N_TRAIN=${N_TRAIN:-3000}
N_TEST=${N_TEST:-600}
TRAIN_SEED=${TRAIN_SEED:-1001}
TEST_SEED=${TEST_SEED:-2002}
SIZE=${SIZE:-128}
WIDTH=${WIDTH:-0.25}
DEVICE=${DEVICE:-cpu}
EPOCHS=${EPOCHS:-40}
MINUTES=${MINUTES:-80}
BATCH=${BATCH:-32}
EXTRA=${EXTRA:-}
PY=${PY:-/usr/bin/python3}
STAGE=${1:-all}

prepare() {
  for set in train test; do
    if [ "$set" = train ]; then n=$N_TRAIN; seed=$TRAIN_SEED; else n=$N_TEST; seed=$TEST_SEED; fi
    if [ ! -f "$WORK/$set/labels.csv" ]; then
      (cd "$ROOT" && npx blastograde phantoms --n "$n" --seed "$seed" --nuisance default --out "$WORK/$set" >/dev/null)
    fi
    # the app's own crops, at the model input size (one resampling, the app's)
    (cd "$ROOT" && find "$WORK/$set/images" -name '*.png' | sort | xargs npx blastograde preprocess --json \
      --out "$WORK/$set/crops" --size "$SIZE" > "$WORK/$set/crops.json")
  done
}

train() {
  cd "$ROOT/training"
  # shellcheck disable=SC2086
  "$PY" -m blastograde_train.train --format phantoms \
    --labels "$WORK/train" --images "$WORK/train/crops" \
    --test-labels "$WORK/test" --test-images "$WORK/test/crops" \
    --out "$WORK/run" --input-size "$SIZE" --width "$WIDTH" --batch-norm --batch-size "$BATCH" \
    --epochs "$EPOCHS" --patience 10 --loss weighted --device "$DEVICE" --max-minutes "$MINUTES" $EXTRA
}

package() {
  cd "$ROOT/training"
  "$PY" -m blastograde_train.export --checkpoint "$WORK/run/model.pt" --out "$OUT" --dtype float16 \
    --id default --version "${VERSION:-1.0.0}" --synthetic \
    --training-data "synthetic phantoms (npx blastograde phantoms --seed $TRAIN_SEED, $N_TRAIN images, default nuisance), cropped by the app's preprocess"
  "$PY" -m blastograde_train.evaluate --tfjs-model "$OUT" --format phantoms \
    --labels "$WORK/test" --images "$WORK/test/crops" --split test \
    --name "held-out phantoms (seed $TEST_SEED, $N_TEST images, default nuisance, never trained on)" \
    --png "$WORK/run/test-confusion-tfjs.png" --update-card "$OUT/grading.json"
}

case "$STAGE" in
  prepare) prepare ;;
  train) train ;;
  package) package ;;
  all) prepare; train; package ;;
  *) echo "usage: $0 [prepare|train|package|all]" >&2; exit 2 ;;
esac
