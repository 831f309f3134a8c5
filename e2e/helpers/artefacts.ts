// Screenshots and other artefacts a test keeps for a person to look at afterwards: under the OS
// temp folder (or BLASTOGRADE_E2E_ARTEFACTS), one folder per spec; the path is printed.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export function artefactDir(spec: string): string {
  const dir = join(process.env.BLASTOGRADE_E2E_ARTEFACTS ?? join(tmpdir(), 'blastograde-e2e-artefacts'), spec);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves what the user sees now as <spec>/<name>.png and prints where. */
export async function keepScreenshot(page: Page, spec: string, name: string): Promise<string> {
  const path = join(artefactDir(spec), `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
  return path;
}
