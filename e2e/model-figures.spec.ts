// What the user is told about how far to trust the model: with the default model loaded,
// the banner names each grade that carried no signal (or the opposite one) on real embryos,
// with its figure, and "About this model" shows the real-embryo ROC AUC beside the phantom
// macro-F1, each exactly as the shipped model card reports it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openApp, openModelSettings, repoRoot, stopServer, waitForModelReady, type Session } from './harness';

const cardPath = join(repoRoot, 'public/models/default/grading.json');
const WORDS: Record<string, string> = { expansion: 'expansion', icm: 'inner cell mass', te: 'trophectoderm' };

interface Card {
  metrics?: { realSignal?: { n: number; rocAuc: Record<string, number> }; test?: { heads: Record<string, { macroF1: number }> } };
}

describe('what the app says about the model\'s real-embryo figures', { skip: existsSync(cardPath) ? false : 'public/models/default has no model: skipped' }, () => {
  let s: Session;
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as Card) : {};
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('warns in the banner about each grade no better than chance on real embryos, and tabulates every figure', async () => {
    const real = card.metrics?.realSignal;
    assert.ok(real, 'the shipped card reports no real-embryo figures');
    await waitForModelReady(s.page);

    const warning = (await s.page.textContent('[data-testid="real-signal-warning"]')) ?? '';
    assert.match(warning, new RegExp(`Measured on ${real.n} real embryos`));
    for (const [head, auc] of Object.entries(real.rocAuc)) {
      if (head === 'ranking') continue;
      const named = warning.includes(`${WORDS[head]} `) && warning.includes(`(ROC AUC ${auc.toFixed(2)})`);
      // The bands: below 0.55 is chance or inverted and must be named; above, never.
      assert.equal(named, auc < 0.55, `${head} (ROC AUC ${auc}) ${auc < 0.55 ? 'is not named' : 'is named'} in: ${warning}`);
    }

    await openModelSettings(s.page);
    const table = s.page.getByTestId('model-figures');
    await table.waitFor();
    for (const [row, auc] of Object.entries(real.rocAuc)) {
      assert.equal((await table.getByTestId(`real-auc-${row}`).textContent())?.trim(), auc.toFixed(3), `real ROC AUC of ${row}`);
    }
    for (const [head, metrics] of Object.entries(card.metrics?.test?.heads ?? {})) {
      const cells = await table.locator(`tr[data-row="${head}"] td`).allTextContents();
      assert.ok(cells[0]?.startsWith(metrics.macroF1.toFixed(3)), `phantom macro-F1 of ${head}: ${cells[0]}`);
    }
    const te = table.locator('tr[data-row="te"]');
    if (real.rocAuc.te! < 0.45) assert.match((await te.textContent()) ?? '', /inverted: a good embryo scored above a not-good one in \d+ % of pairs/);
  });
});
