// Asks the browser to keep this app's storage at the first batch, and reads whether it did and
// how much is used and left (again each time the batch list changes and every minute).
import { useEffect, useState } from 'react';
import { useAppStore } from '../state/app-store';
import { lowSpaceWarning, type StorageFacts } from './storage-status';

const UNKNOWN: StorageFacts = { persisted: null, usage: null, quota: null };
const REFRESH_MS = 60_000;

async function readFacts(): Promise<StorageFacts> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage) return UNKNOWN;
  const [persisted, estimate] = await Promise.all([
    storage.persisted?.().catch(() => null) ?? null,
    storage.estimate?.().catch(() => null) ?? null,
  ]);
  return { persisted: persisted ?? null, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

let persistAsked = false;

export function useStorageStatus(): StorageFacts {
  const [facts, setFacts] = useState<StorageFacts>(UNKNOWN);
  const batches = useAppStore((s) => s.batches);
  const hasBatch = useAppStore((s) => s.currentBatchId !== null || s.batches.length > 0);
  const draftTyped = useAppStore((s) => !!(s.draft.patientId || s.draft.cycleId || s.draft.embryologist));

  // The first batch (or the first identity typed for it): ask once to be kept.
  useEffect(() => {
    if (persistAsked || !(hasBatch || draftTyped) || !navigator.storage?.persist) return;
    persistAsked = true;
    void navigator.storage.persist().catch(() => false).then(() => readFacts()).then(setFacts);
  }, [hasBatch, draftTyped]);

  useEffect(() => {
    let live = true;
    const refresh = () => void readFacts().then((f) => { if (live) setFacts(f); });
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => { live = false; clearInterval(timer); };
  }, [batches]);

  // Warn when space runs low: once, and again only after it recovered (not at every refresh).
  const low = lowSpaceWarning(facts) !== null;
  useEffect(() => {
    const warning = lowSpaceWarning(facts);
    if (low && warning) useAppStore.getState().notify('error', warning);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [low]);

  return facts;
}
