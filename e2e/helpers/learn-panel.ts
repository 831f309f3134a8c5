// Driving the "Learn from this lab" panel as a user does: open the lab view, pick files, read the import
// report and the example count. Shared by the learning specs.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { eventually, openLab, waitForModelReady, type TestFile } from '../harness';

/** The lab view, with the model loaded and the learning panel (always open there) in sight. */
export async function openLearnPanel(page: Page) {
  await openLab(page);
  await waitForModelReady(page);
  await page.locator('[data-testid="learn-panel"]').waitFor();
}

/** How many imported examples the panel counts (IndexedDB's, read back). */
export const importedCount = async (page: Page) => Number(await page.locator('[data-testid="learn-examples"]').getAttribute('data-imported'));

export interface ImportReportText {
  ok: boolean;
  /** The whole report as a person reads it. */
  text: string;
  headline: string;
  /** Its list, one sentence per item. */
  problems: string[];
}

/** Picks the files in the panel's file input and waits for the new import report. */
export async function importFiles(page: Page, files: TestFile[]): Promise<ImportReportText> {
  const previous = await page.locator('[data-testid="learn-import-report"]').textContent().catch(() => null);
  await page.locator('[data-testid="learn-files-input"]').setInputFiles(files.map((f) => f.path));
  const report = page.locator('[data-testid="learn-import-report"]');
  await eventually(async () => {
    assert.equal(await report.count(), 1);
    assert.notEqual(await report.textContent(), previous);
  }, 300_000);
  return {
    ok: (await report.getAttribute('data-ok')) === 'true',
    text: (await report.textContent()) ?? '',
    headline: (await report.locator('p').first().textContent()) ?? '',
    problems: await report.locator('[data-testid="learn-import-problem"]').allTextContents(),
  };
}
