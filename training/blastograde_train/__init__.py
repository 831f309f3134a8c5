"""Training and export toolchain for the blastocyst grading app.

Modules, one job each:
- normalization: the sample-wise normalisation the app applies before the model.
- model: the seed's multi-label VGG16 (three heads) in PyTorch.
- tfjs_export / onnx_export / model_card: write the app's model package.
- grading_rules: from which expansion each head is graded (card and label masking).
- portable: paths as a card may ship them (repository-relative or names only).
- adapters: read graded-image folders (Kromp/figshare, seed sheet, phantoms).
- splits, augment, dataset, losses, metrics: the training loop's parts.
- train / export / evaluate: command-line entry points (python3 -m ...).
"""

__version__ = "0.1.0"
