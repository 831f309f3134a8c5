"""Files for the batch bench: N copies cycling over the source micrographs, per format.

python3 bench/batch_images.py OUT_DIR N FORMAT[,FORMAT] SOURCE...  -> JSON {format: [paths]} on stdout

BMP (24-bit) and PNG are the same pixels re-encoded with OpenCV; JPEG is the original file
when it is a JPEG (a COM segment naming the copy is inserted after SOI) and is skipped
otherwise. Each copy differs from the others in one pixel's lowest bit (BMP, PNG) or the
comment (JPEG), so the app's duplicate check (sha256 of the bytes) takes every one.
Writes into OUT_DIR only (a temporary folder, never the repository).
"""
import json
import os
import sys

import cv2
import numpy as np

out, n, formats, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4:]
os.makedirs(out, exist_ok=True)
pixels = [cv2.imread(s, cv2.IMREAD_COLOR) for s in sources]
files = {f: [] for f in formats}
for i in range(n):
    k = i % len(sources)
    copy = i // len(sources)
    stem = f"{i:04d}-{os.path.splitext(os.path.basename(sources[k]))[0]}"
    img = pixels[k].copy()
    img[0, copy % img.shape[1], 0] ^= 1 + copy // img.shape[1]
    for f in formats:
        path = os.path.join(out, f"{stem}.{'jpg' if f == 'jpeg' else f}")
        if f == "jpeg":
            raw = open(sources[k], "rb").read()
            if raw[:2] != b"\xff\xd8":
                continue
            note = f"batch bench copy {i}".encode()
            raw = raw[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + raw[2:]
            open(path, "wb").write(raw)
        elif not cv2.imwrite(path, img):
            raise SystemExit(f"could not write {path}")
        files[f].append(path)
print(json.dumps({f: v for f, v in files.items() if v}))
