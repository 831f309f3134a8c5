"""Read graded-image collections into one form: samples with per-head labels.

A label of None means "no usable grade for this head" (not gradable, no consensus,
empty cell): that head's loss ignores the sample, the other heads still train on it.

Images are looked up by file stem in `images_dir`, so the labels may name the original
micrograph (0001_01.png, embryo7.BMP) while the folder holds the crops that
`npx blastograde preprocess --out` wrote (embryo7.png).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence

from .grading_rules import mask_ungraded
from .model import HEAD_ORDER

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff")
GRADE_LETTERS = ("A", "B", "C")


@dataclass
class Sample:
    path: str
    labels: Dict[str, Optional[str]]


@dataclass
class LabelledSet:
    samples: List[Sample]
    classes: Dict[str, List[str]]
    source: str
    skipped: List[str] = field(default_factory=list)  # label rows without an image

    def subset(self, indices: Iterable[int]) -> "LabelledSet":
        return LabelledSet([self.samples[i] for i in indices], self.classes, self.source)


def class_sort_key(label: str):
    try:
        return (0, float(label), label)
    except ValueError:
        return (1, 0.0, label)


def classes_from_samples(samples: Sequence[Sample], heads: Sequence[str] = HEAD_ORDER) -> Dict[str, List[str]]:
    """Each head's classes, as found in the data, in natural order (1..6, A/B/C)."""
    out = {}
    for head in heads:
        found = {s.labels.get(head) for s in samples} - {None}
        if found:
            out[head] = sorted(found, key=class_sort_key)
    return out


def index_images(images_dir: str) -> Dict[str, str]:
    index = {}
    for name in sorted(os.listdir(images_dir)):
        stem, ext = os.path.splitext(name)
        if ext.lower() in IMAGE_EXTENSIONS:
            index.setdefault(stem, os.path.join(images_dir, name))
    return index


def _collect(rows: Iterable[tuple], images_dir: str, source: str) -> LabelledSet:
    index = index_images(images_dir)
    samples, skipped = [], []
    for file_name, labels in rows:
        stem = os.path.splitext(os.path.basename(file_name.strip()))[0]
        path = index.get(stem)
        if path is None:
            skipped.append(file_name)
            continue
        samples.append(Sample(path, labels))
    if not samples:
        raise ValueError(f"{source}: no labelled image found in {images_dir}")
    return LabelledSet(samples, classes_from_samples(samples), source, skipped)


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as fh:
        return fh.read()


def _sniff_rows(text: str) -> List[List[str]]:
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]


def _to_int(value: str) -> Optional[int]:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


# --- (a) Kromp et al. 2023 (figshare: Images/*.png + Gardner_train_silver.csv) ------------

def kromp_expansion(code: Optional[int]) -> Optional[str]:
    """EXP code k is Gardner stage k+1; code 4 is hatching or hatched (stages 5 and 6
    are not told apart in this dataset, so the class is "5")."""
    return str(code + 1) if code is not None and 0 <= code <= 4 else None


def kromp_grade(code: Optional[int]) -> Optional[str]:
    """0 = A, 1 = B, 2 = C; 3 = not gradable and -1 = no consensus are masked (None)."""
    return GRADE_LETTERS[code] if code is not None and 0 <= code <= 2 else None


def _column_indices(header: List[str]) -> Dict[str, int]:
    lower = [h.lower() for h in header]

    def find(*keys):
        for i, h in enumerate(lower):
            if any(h.startswith(k) for k in keys):
                return i
        return None

    cols = {"file": find("image", "file", "name"), "expansion": find("exp", "be"), "icm": find("icm"), "te": find("te")}
    if any(v is None for v in cols.values()):
        raise ValueError(f"cannot find image/EXP/ICM/TE columns in header {header}")
    return cols


def read_kromp(labels_path: str, images_dir: str) -> LabelledSet:
    """Kromp/figshare Gardner CSV (`;` or `,` separated, with or without a header)."""
    rows = _sniff_rows(_read_text(labels_path))
    has_header = _to_int(rows[0][1]) is None
    cols = _column_indices(rows[0]) if has_header else {"file": 0, "expansion": 1, "icm": 2, "te": 3}
    parsed = []
    for row in rows[1:] if has_header else rows:
        parsed.append((row[cols["file"]], {
            "expansion": kromp_expansion(_to_int(row[cols["expansion"]])),
            "icm": kromp_grade(_to_int(row[cols["icm"]])),
            "te": kromp_grade(_to_int(row[cols["te"]])),
        }))
    return _collect(parsed, images_dir, f"kromp:{labels_path}")


# --- (b) the seed's grade sheet (Filename, BE, ICM, TE; XLSX or CSV) --------------------

def _sheet_rows(path: str) -> List[List[str]]:
    if path.lower().endswith((".xlsx", ".xlsm")):
        try:
            import openpyxl
        except ImportError as err:  # Debian: apt-get install python3-openpyxl
            raise RuntimeError("reading XLSX needs openpyxl (apt-get install python3-openpyxl); or save the sheet as CSV") from err
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return [r for r in rows if any(r)]
    return _sniff_rows(_read_text(path))


def _seed_expansion(value: str) -> Optional[str]:
    code = _to_int(value)
    return str(code) if code is not None and 1 <= code <= 6 else None


def _letter(value: str) -> Optional[str]:
    v = value.strip().upper()
    return v if v in GRADE_LETTERS else None


def read_seed_sheet(sheet_path: str, images_dir: str) -> LabelledSet:
    rows = _sheet_rows(sheet_path)
    header = [h.strip().lower() for h in rows[0]]
    try:
        f, be, icm, te = (header.index(k) for k in ("filename", "be", "icm", "te"))
    except ValueError as err:
        raise ValueError(f"{sheet_path}: expected columns Filename, BE, ICM, TE; got {rows[0]}") from err
    parsed = [
        (r[f], {"expansion": _seed_expansion(r[be]), "icm": _letter(r[icm]), "te": _letter(r[te])})
        for r in rows[1:] if len(r) > max(f, be, icm, te) and r[f]
    ]
    return _collect(parsed, images_dir, f"sheet:{sheet_path}")


# --- (c) phantoms (`npx blastograde phantoms --out DIR`: DIR/images + DIR/labels.csv) ---

# The phantom generator draws ICM/TE grades for every image, so the grades a grader would call
# "not gradable" (Gardner: ICM and TE below expansion 3; the Kromp labels code them so) are
# masked here, in training and in every metric, as for real data. The rule itself lives in
# grading_rules.py, which also writes it into the model card.
def read_phantoms(phantom_dir: str, images_dir: Optional[str] = None) -> LabelledSet:
    """labels.csv: file,expansion,icm,te,cx,cy,rx,ry,angle. `images_dir` defaults to
    DIR/images; pass the crops folder to train on the app's crops. Heads not graded at
    an image's expansion (ICM and TE below 3) are masked (`mask_ungraded`)."""
    labels_path = os.path.join(phantom_dir, "labels.csv") if os.path.isdir(phantom_dir) else phantom_dir
    base = os.path.dirname(labels_path)
    with open(labels_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    parsed = [
        (r["file"], mask_ungraded({"expansion": _seed_expansion(r["expansion"]), "icm": _letter(r["icm"]), "te": _letter(r["te"])}))
        for r in rows
    ]
    return _collect(parsed, images_dir or os.path.join(base, "images"), f"phantoms:{labels_path}")


READERS: Dict[str, Callable[[str, Optional[str]], LabelledSet]] = {
    "kromp": lambda labels, images: read_kromp(labels, images or os.path.join(os.path.dirname(labels), "Images")),
    "sheet": lambda labels, images: read_seed_sheet(labels, images or os.path.dirname(labels)),
    "phantoms": read_phantoms,
}


def read_dataset(fmt: str, labels: str, images: Optional[str] = None) -> LabelledSet:
    if fmt not in READERS:
        raise ValueError(f"unknown format {fmt}; choose one of {sorted(READERS)}")
    return READERS[fmt](labels, images)
