// One temp folder per test run: the test runners point TMPDIR at it, so every temp file a test
// or a browser profile makes (os.tmpdir(), mkdtemp) lands inside, and the run removes it at the
// end. Without it each `npm test` left ~1,000 folders (Chromium profiles, learned packages) in
// /tmp. A failed run keeps its folder for a person to look at, and says where;
// BLASTOGRADE_KEEP_TMP=1 keeps it always.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes the run's folder under the machine's temp folder; returns it and the env a child should get. */
export function openRunTempDir(name) {
  const outer = tmpdir();
  const dir = mkdtempSync(join(outer, `blastograde-${name}-run-`));
  return { dir, outer, env: { TMPDIR: dir } };
}

/** Removes the run's folder, unless the run failed or the user asked to keep it. */
export function closeRunTempDir(dir, ok) {
  if (!ok || process.env.BLASTOGRADE_KEEP_TMP === '1') {
    console.log(`temp files of this run kept in ${dir}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
