import os

import pytest

from blastograde_train.adapters import read_dataset, read_kromp, read_phantoms, read_seed_sheet
from fixtures import write_images, write_phantom_like

SHARED_KROMP = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "labels", "kromp")


def test_kromp_semicolon_layout_masks_not_gradable_and_no_consensus(tmp_path):
    write_images(tmp_path / "Images", ["0001_01.png", "0001_02.png", "0002_01.png", "0003_01.png"])
    (tmp_path / "Gardner_train_silver.csv").write_text(
        "Image;EXP_silver;ICM_silver;TE_silver\n"
        "0001_01.png;1;3;3\n"      # stage 2: ICM/TE not gradable
        "0001_02.png;3;0;1\n"      # 4AB
        "0002_01.png;4;-1;2\n"     # hatching, ICM no consensus, TE C
        "0003_01.png;2.0;2;0\n"    # 3CA, EXP written as float
        "0009_09.png;2;0;0\n"      # no image: skipped
    )
    data = read_dataset("kromp", str(tmp_path / "Gardner_train_silver.csv"))
    by_name = {os.path.basename(s.path): s.labels for s in data.samples}
    assert by_name == {
        "0001_01.png": {"expansion": "2", "icm": None, "te": None},
        "0001_02.png": {"expansion": "4", "icm": "A", "te": "B"},
        "0002_01.png": {"expansion": "5", "icm": None, "te": "C"},
        "0003_01.png": {"expansion": "3", "icm": "C", "te": "A"},
    }
    assert data.skipped == ["0009_09.png"]
    assert data.classes == {"expansion": ["2", "3", "4", "5"], "icm": ["A", "C"], "te": ["A", "B", "C"]}


@pytest.mark.skipif(not os.path.isdir(SHARED_KROMP), reason="../shared/data absent (fresh clone)")
def test_kromp_real_label_file_coding(tmp_path):
    """complete.csv (no header, comma separated): every EXP 0-1 row is not gradable."""
    labels = os.path.join(SHARED_KROMP, "complete.csv")
    names = [line.split(",")[0] for line in open(labels) if line.strip()]
    write_images(tmp_path, names[:300], size=8)
    data = read_kromp(labels, str(tmp_path))
    assert len(data.samples) == 300
    for s in data.samples:
        assert (s.labels["icm"] is None) == (s.labels["expansion"] in ("1", "2"))
    assert set(data.classes["expansion"]) <= {"1", "2", "3", "4", "5"}


def test_seed_sheet_csv_and_crops_found_by_stem(tmp_path):
    write_images(tmp_path / "crops", ["embryo1.png", "embryo2.png", "embryo3.png"])
    (tmp_path / "grades.csv").write_text("Filename,BE,ICM,TE\nembryo1.BMP,3,A,B\nembryo2.BMP,4,c,A\nembryo3.BMP,2,,\n")
    data = read_seed_sheet(str(tmp_path / "grades.csv"), str(tmp_path / "crops"))
    assert [s.labels for s in data.samples] == [
        {"expansion": "3", "icm": "A", "te": "B"},
        {"expansion": "4", "icm": "C", "te": "A"},
        {"expansion": "2", "icm": None, "te": None},
    ]
    assert data.classes["expansion"] == ["2", "3", "4"]


def test_seed_sheet_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    write_images(tmp_path, ["a.png", "b.png"])
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Filename", "BE", "ICM", "TE"], ["a.bmp", 4, "A", "A"], ["b.bmp", 3, "B", "C"]):
        sheet.append(row)
    book.save(tmp_path / "grades.xlsx")
    data = read_dataset("sheet", str(tmp_path / "grades.xlsx"))
    assert [s.labels for s in data.samples] == [
        {"expansion": "4", "icm": "A", "te": "A"}, {"expansion": "3", "icm": "B", "te": "C"}]


def test_phantoms_labels_csv(tmp_path):
    write_phantom_like(str(tmp_path), 12)
    data = read_phantoms(str(tmp_path))
    assert len(data.samples) == 12
    assert all(os.path.exists(s.path) for s in data.samples)
    assert set(data.classes) == {"expansion", "icm", "te"}
    assert set(data.classes["icm"]) <= {"A", "B", "C"}


def test_phantoms_mask_icm_and_te_below_expansion_3(tmp_path):
    # Gardner grades ICM and TE from expansion 3 on; the generator draws them for every image.
    write_phantom_like(str(tmp_path), 40)
    data = read_phantoms(str(tmp_path))
    early = [s.labels for s in data.samples if s.labels["expansion"] in ("1", "2")]
    later = [s.labels for s in data.samples if s.labels["expansion"] not in ("1", "2")]
    assert early and later
    assert all(l["icm"] is None and l["te"] is None for l in early)
    assert all(l["icm"] in "ABC" and l["te"] in "ABC" for l in later)
