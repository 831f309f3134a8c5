// Vitest global setup: the run's temp folder (see run-temp-dir.mjs). The forked test workers
// start after this and inherit TMPDIR, so os.tmpdir() inside every test points into the folder.
import { closeRunTempDir, openRunTempDir } from './run-temp-dir.mjs';

export default function setup(): () => void {
  const temp = openRunTempDir('vitest');
  Object.assign(process.env, temp.env);
  // Removed whatever the outcome: a failing Vitest names its own files; BLASTOGRADE_KEEP_TMP=1 keeps them.
  return () => closeRunTempDir(temp.dir, true);
}
