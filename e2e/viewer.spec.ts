// Deciding from the large view and compare view (issue 26 points 5 and 6). Before: the views were
// titled by drop order ("#4"), showed no grade, flags or decision, compare wrapped its third
// embryo at 1280×720, and the heatmap shifted the image, clipped it and covered the bars. Now the
// large view shows rank, final grade, score, flags and the decision and grade menus, steps with
// ← →, decides with T/F/D/B/U, shows the full frame, and its heatmap has an opacity control and
// moves nothing; compare fits 2-4 embryos to the width.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { gradedDemoBatch } from './helpers/demo-batch';
import { eventually } from './harness';
import { keepScreenshot } from './helpers/artefacts';
import { seriousViolations } from './helpers/axe';

const fileAtRank = (page: Page, rank: number) => page.locator(`[data-testid="embryo"][data-rank="${rank}"]`).first().getAttribute('data-file');
const title = (page: Page) => page.getByTestId('viewer-title').first().innerText();
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

describe('deciding from the large view and the compare view', () => {
  const session = gradedDemoBatch();

  for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
    it(`the large view shows rank, grade, score and flags, decides, and steps in rank order (${width}×${height})`, async () => {
      const { page } = session();
      await page.setViewportSize({ width, height });
      const first = (await fileAtRank(page, 1))!;
      const row = page.locator(`[data-testid="embryo"][data-file="${first}"]`);
      const grade = await row.getAttribute('data-grade');
      await row.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('viewer-panel').waitFor();
      assert.match(await title(page), new RegExp(`^Rank 1 · #\\d+ ${first.replace('.', '\\.')}`));
      assert.equal(await page.getByTestId('viewer-final-grade').innerText(), grade);
      assert.match(await page.getByTestId('viewer-score').innerText(), /\d/);
      assert.ok(await page.getByTestId('viewer-full-frame').isVisible(), 'the full frame is beside the crop');
      assert.equal(await page.getByTestId('override-expansion').count(), 1 + 12, 'grade menus in the view');

      await page.keyboard.press('f');
      await page.waitForFunction(() => (document.querySelector('[data-testid="viewer-decision"]') as HTMLSelectElement).value === 'freeze');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-testid="viewer-title"]')?.textContent?.startsWith('Rank 2'));
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction(() => document.querySelector('[data-testid="viewer-title"]')?.textContent?.startsWith('Rank 1'));
      await keepScreenshot(page, 'viewer', `large-${width}x${height}`);
      assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility violation in the large view');
      assert.equal(await row.getByTestId('decision').inputValue(), 'freeze', 'the decision made in the view reached the table');
      await page.keyboard.press('u');
      await page.waitForFunction(() => (document.querySelector('[data-testid="viewer-decision"]') as HTMLSelectElement).value === 'undecided');
      await page.keyboard.press('Escape');
      assert.equal(await page.getByTestId('viewer-panel').count(), 0);
      await eventually(async () => assert.equal(await row.getByTestId('decision').inputValue(), 'undecided', 'put back from the view'));
    });
  }

  for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
    it(`the heatmap has an opacity control and moves nothing (${width}×${height})`, async () => {
      const { page } = session();
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="embryo"]').first().getByTestId('view').click();
      await page.getByTestId('viewer-panel').waitFor();
      const before = await box(page, '.viewer-panel .picture-box');
      const barsBefore = await box(page, '.viewer-panel .prob-bars');
      await page.getByTestId('heatmap-head').selectOption('te');
      await page.getByTestId('heatmap-canvas').waitFor({ timeout: 120_000 });
      await page.waitForFunction(() => !document.querySelector('.heatmap figcaption')?.textContent?.includes('Computing'), undefined, { timeout: 120_000 });
      const after = await box(page, '.viewer-panel .picture-box');
      assert.deepEqual(after, before, `the picture did not move or change size when the heatmap came: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      const caption = await box(page, '.viewer-panel .heatmap figcaption');
      const bars = await box(page, '.viewer-panel .prob-bars');
      assert.ok(caption.y + caption.height <= bars.y + 0.5, 'the caption does not cover the bars');
      assert.ok(Math.abs(bars.y - barsBefore.y) <= caption.height + 1, 'the bars moved at most by the caption line');
      assert.ok(after.x >= 0 && after.x + after.width <= width && after.y >= 0 && after.y + after.height <= height, `the picture is not clipped: ${JSON.stringify(after)}`);
      const canvas = page.getByTestId('heatmap-canvas');
      assert.equal(await canvas.evaluate((c) => getComputedStyle(c).opacity), '0.6');
      await page.getByTestId('heatmap-opacity').fill('0.3');
      assert.equal(await canvas.evaluate((c) => getComputedStyle(c).opacity), '0.3');
      await keepScreenshot(page, 'viewer', `heatmap-${width}x${height}`);
      await page.keyboard.press('Escape');
    });
  }

  for (const [n, width, height] of [[2, 1280, 720], [3, 1280, 720], [4, 1280, 720], [4, 1440, 900]] as const) {
    it(`compare fits ${n} embryos side by side at ${width}×${height}`, async () => {
      const { page } = session();
      await page.setViewportSize({ width, height });
      const boxes = page.getByTestId('compare-select');
      for (let i = 0; i < n; i++) await boxes.nth(i).check();
      await page.getByTestId('compare').click();
      await page.getByTestId('viewer-panel').nth(n - 1).waitFor();
      const panels = await page.getByTestId('viewer-panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      assert.equal(panels.length, n);
      assert.equal(new Set(panels.map((p) => Math.round(p.top))).size, 1, 'all on one line');
      for (const p of panels) assert.ok(p.left >= 0 && p.right <= width, `panel ${p.left}-${p.right} inside the window`);
      const titles = await page.getByTestId('viewer-title').allInnerTexts();
      for (const t of titles) assert.match(t, /^Rank \d+/);
      await keepScreenshot(page, 'viewer', `compare-${n}-${width}x${height}`);
      assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility violation in compare');
      await page.keyboard.press('Escape');
      for (let i = 0; i < n; i++) await boxes.nth(i).uncheck();
    });
  }
});
