// Runs the Python training/export tests (part of `npm test`).
import { spawnSync } from 'node:child_process';
import { closeRunTempDir, openRunTempDir } from './run-temp-dir.mjs';

const python = process.env.PYTHON || '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import torch, numpy, pytest'], { stdio: 'pipe' });
if (probe.status !== 0) {
  console.error(
    `test:py: ${python} lacks torch/numpy/pytest.\n` +
      '  Install them with: sudo apt-get install -y python3-torch python3-torchvision python3-numpy python3-opencv python3-pytest python3-pil',
  );
  process.exit(1);
}
// pytest's own tmp_path folders (it keeps its last 3 runs, ~800 MB each) go into the run's folder too.
const temp = openRunTempDir('pytest');
const result = spawnSync(python, ['-m', 'pytest', 'training/tests', '-q', '-p', 'no:cacheprovider', '--basetemp', `${temp.dir}/pytest`], {
  stdio: 'inherit',
  env: { ...process.env, ...temp.env },
});
closeRunTempDir(temp.dir, result.status === 0);
process.exit(result.status ?? 1);
