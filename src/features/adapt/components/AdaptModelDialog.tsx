// "Adapt to this lab's images…": label-free adaptation of the selected model to the images
// the app holds (every batch in this browser) or to a folder or files the user picks. The
// job runs in its own worker (the same code as `blastograde adapt`); the new package is
// added to the model list but not selected, so grades change only when the user says so.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { adaptationSentence, useModelStore } from '../../models';
import { adaptSelectedModel, type AdaptImageFile, type AdaptOutcome, type AdaptRun } from '../adapt-client';
import type { AdaptJobProgress } from '../adapt-job';
import { DEFAULT_ADAPT_LAYERS, DEFAULT_SOURCE_PHANTOMS, MIN_ADAPT_IMAGES } from '../defaults';
import { sniffFormat } from '../../ingest';
import { adaptStageText, timeLeftText } from '../adapt-progress';

type Source = 'held' | 'picked';

/** Every image this browser holds, once each: the app knows where they are kept and hands this in. */
export type HeldImages = () => Promise<{ images: AdaptImageFile[]; batches: number }>;

/** The picked files that are images by their content (a folder may hold sheets and notes too). */
async function pickedImages(files: File[]): Promise<AdaptImageFile[]> {
  const kinds = await Promise.all(files.map(async (file) => sniffFormat(new Uint8Array(await file.slice(0, 32).arrayBuffer())).kind));
  return files.filter((_, i) => kinds[i] === 'image').map((file) => ({ name: file.webkitRelativePath || file.name, blob: file }));
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export function AdaptModelDialog({ heldImages }: { heldImages: HeldImages }) {
  const card = useModelStore((s) => s.grader?.card ?? null);
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState<Source>('held');
  const [held, setHeld] = useState<{ images: AdaptImageFile[]; batches: number } | null>(null);
  const [picked, setPicked] = useState<{ images: AdaptImageFile[]; files: number } | null>(null);
  const [layers, setLayers] = useState(DEFAULT_ADAPT_LAYERS);
  const [phantoms, setPhantoms] = useState(DEFAULT_SOURCE_PHANTOMS);
  const [progress, setProgress] = useState<{ at: AdaptJobProgress; elapsedMs: number } | null>(null);
  const [outcome, setOutcome] = useState<AdaptOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef<AdaptRun | null>(null);
  const running = progress !== null;

  useEffect(() => {
    if (!open) return;
    let live = true;
    void heldImages().then((found) => {
      if (!live) return;
      setHeld(found);
      if (found.images.length < MIN_ADAPT_IMAGES) setSource('picked');
    });
    return () => {
      live = false;
    };
  }, [open, heldImages]);
  // Leaving the page (or the panel unmounting) stops a job nobody would see finish.
  useEffect(() => () => run.current?.cancel(), []);

  const chosen = source === 'held' ? held?.images ?? [] : picked?.images ?? [];
  const tooFew = chosen.length < MIN_ADAPT_IMAGES;
  const adaptedAlready = card?.adaptation;

  async function onPick(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length === 0) return;
    setPicked({ images: await pickedImages(files), files: files.length });
    setSource('picked');
  }

  async function start() {
    setError(null);
    setOutcome(null);
    const started = performance.now();
    setProgress({ at: { stage: 'prepare', done: 0, of: chosen.length, layers, fraction: 0 }, elapsedMs: 0 });
    // Batches may have changed since the panel opened: adapt to what the browser holds now.
    const images = source === 'held' ? (await heldImages()).images : chosen;
    const current = adaptSelectedModel(images, { layers, phantoms, onProgress: (at) => setProgress({ at, elapsedMs: performance.now() - started }) });
    run.current = current;
    try {
      setOutcome(await current.done);
    } catch (reason) {
      const cancelled = reason instanceof DOMException && reason.name === 'AbortError';
      setError(cancelled ? 'Adaptation cancelled: nothing was added.' : `Adaptation failed: ${(reason as Error).message}`);
    } finally {
      if (run.current === current) run.current = null;
      setProgress(null);
    }
  }

  const percent = progress ? Math.round(progress.at.fraction * 100) : 0;
  const left = progress && timeLeftText(progress.elapsedMs, progress.at.fraction);

  return (
    <details className="adapt-model" data-testid="adapt-model" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="adapt-open">Adapt to this lab's images…</summary>
      <p>
        Re-estimates the first layers of the selected model so that your micrographs reach them with the statistics the model was trained
        on (phantoms rendered here, unless the model ships their statistics). No labels are needed and no image leaves this browser. The result is a new model in the list
        below; the current model stays in use until you choose the new one, and choosing the base model again switches back.
      </p>
      {adaptedAlready ? (
        <p role="note" data-testid="adapt-refused">
          The selected model is already adapted ({adaptationSentence(adaptedAlready)}). Choose its base model to adapt again.
        </p>
      ) : (
        <>
          <fieldset disabled={running}>
            <legend>Images to adapt to (unlabelled; at least {MIN_ADAPT_IMAGES})</legend>
            <label>
              <input type="radio" name="adapt-source" checked={source === 'held'} onChange={() => setSource('held')} data-testid="adapt-source-held" />{' '}
              all images in this browser{held ? `: ${held.images.length} in ${held.batches} batch${held.batches === 1 ? '' : 'es'}` : '…'}
            </label>
            <label>
              <input type="radio" name="adapt-source" checked={source === 'picked'} onChange={() => setSource('picked')} data-testid="adapt-source-picked" />{' '}
              a folder or files I pick{picked ? `: ${picked.images.length} images${picked.files > picked.images.length ? ` (${picked.files - picked.images.length} other files left out)` : ''}` : ''}
            </label>
            <label>
              folder <input type="file" multiple data-testid="adapt-folder-input" onChange={(e) => void onPick(e)} {...({ webkitdirectory: '', directory: '' } as Record<string, string>)} />
            </label>
            <label>
              or files <input type="file" multiple accept="image/*,.bmp,.tif,.tiff" data-testid="adapt-files-input" onChange={(e) => void onPick(e)} />
            </label>
          </fieldset>
          <fieldset disabled={running}>
            <legend>How much to adapt</legend>
            <label>
              Layers{' '}
              <input type="number" min={1} step={1} value={layers} data-testid="adapt-layers" onChange={(e) => setLayers(Math.max(1, Math.round(Number(e.target.value)) || 1))} />
            </label>
            <p className="hint">
              Default {DEFAULT_ADAPT_LAYERS}: the first convolutions only. Measured on 140 labelled clinic images, adapting 2 layers left the
              ranking as good as before (ROC AUC 0.80 with and without; upright-only grading then: 0.78 against 0.79), 4 layers slightly worse (0.76), all 13 much worse (0.42).
            </p>
            <label>
              Phantoms for the model's training statistics{' '}
              <input type="number" min={MIN_ADAPT_IMAGES} step={1} value={phantoms} data-testid="adapt-phantoms" onChange={(e) => setPhantoms(Math.max(MIN_ADAPT_IMAGES, Math.round(Number(e.target.value)) || MIN_ADAPT_IMAGES))} />
            </label>
          </fieldset>
          {tooFew && (
            <p role="note" data-testid="adapt-too-few">
              Adaptation needs at least {MIN_ADAPT_IMAGES} images with an embryo; {chosen.length === 0 ? 'none are' : `only ${chosen.length} ${chosen.length === 1 ? 'is' : 'are'}`} chosen.
              {source === 'held' ? ' Add batches, or pick a folder of your micrographs.' : ' Pick a folder with more of your micrographs.'}
            </p>
          )}
          {!running ? (
            <button type="button" disabled={tooFew || !card} onClick={() => void start()} data-testid="adapt-start">
              Adapt {card ? `${card.id} ${card.version}` : 'the model'} to {chosen.length} images
            </button>
          ) : (
            <div className="adapt-running">
              <div role="progressbar" aria-label="Adaptation" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="adapt-progress" data-stage={progress.at.stage}>
                <progress max={100} value={percent} aria-hidden="true" />
              </div>
              <p data-testid="adapt-stage">
                {adaptStageText(progress.at)}
                {left && ` · ${left}`}
              </p>
              <button type="button" onClick={() => run.current?.cancel()} data-testid="adapt-cancel">
                Cancel
              </button>
            </div>
          )}
        </>
      )}
      {outcome && (
        <div role="status" data-testid="adapt-result" data-model-id={outcome.model.id} data-source-from={outcome.sourceFrom}>
          <p>
            Added “{outcome.model.id}” to the model list: {outcome.model.adaptation ? adaptationSentence(outcome.model.adaptation) : 'adapted'}. It is
            not in use yet: choose it under “Grade with” to grade with it.
          </p>
          <p className="hint">
            Grades already made stay as they are (each records the model that made it); images added after you switch are graded with the
            model you choose. {outcome.images.used} of {outcome.images.given} images used; {outcome.sourceImages} phantoms
            {outcome.sourceFrom === 'package'
              ? ' (their statistics shipped with the model)'
              : outcome.sourceFrom === 'cache'
                ? ' (their statistics kept from an earlier adaptation of this model)'
                : ''}; {seconds(outcome.totalMs)} in all (images{' '}
            {seconds(outcome.timings.prepareMs)}, phantoms {seconds(outcome.timings.phantomMs)}, adapting {seconds(outcome.timings.adaptMs)}).
          </p>
          {outcome.images.failed.length > 0 && (
            <ul className="hint">
              {outcome.images.failed.map((f) => (
                <li key={f.name}>
                  {f.name}: {f.error}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="model-error" data-testid="adapt-error">
          {error}
        </p>
      )}
    </details>
  );
}
