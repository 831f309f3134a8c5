// Runs the Playwright end-to-end tests (node:test + playwright-core) against
// the built app in Debian's Chromium. No browser download ever happens here.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { closeRunTempDir, openRunTempDir } from '../scripts/run-temp-dir.mjs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `e2e: no Chromium at ${chromium}.\n` +
      '  Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)\n' +
      '  or point CHROMIUM_PATH at a Chromium/Chrome binary.',
  );
  process.exit(1);
}
if (!existsSync('dist/index.html')) {
  console.error('e2e: dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  process.exit(1);
}
const only = process.argv.slice(2);
const specs = readdirSync('e2e')
  .filter((f) => f.endsWith('.spec.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .map((f) => `e2e/${f}`);
const temp = openRunTempDir('e2e');
// Screenshots kept for a person stay outside the run's temp folder, which is removed.
const artefacts = process.env.BLASTOGRADE_E2E_ARTEFACTS ?? join(temp.outer, 'blastograde-e2e-artefacts');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...specs],
  { stdio: 'inherit', env: { ...process.env, ...temp.env, CHROMIUM_PATH: chromium, BLASTOGRADE_E2E_ARTEFACTS: artefacts } },
);
closeRunTempDir(temp.dir, result.status === 0);
process.exit(result.status ?? 1);
