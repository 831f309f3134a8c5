// Runs the Python training/export tests (part of `npm test`).
import { spawnSync } from 'node:child_process';

const python = process.env.PYTHON || '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import torch, numpy, pytest'], { stdio: 'pipe' });
if (probe.status !== 0) {
  console.error(
    `test:py: ${python} lacks torch/numpy/pytest.\n` +
      '  Install them with: sudo apt-get install -y python3-torch python3-torchvision python3-numpy python3-opencv python3-pytest python3-pil',
  );
  process.exit(1);
}
const result = spawnSync(python, ['-m', 'pytest', 'training/tests', '-q', '-p', 'no:cacheprovider'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
