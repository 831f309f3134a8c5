// Settings: which model (bundled or one of yours), bring your own model (a folder with
// model.json, shards and grading.json), backend override and low-confidence thresholds.
import { useState, type ChangeEvent } from 'react';
import { BACKEND_NAMES, type BackendPreference } from '../../inference';
import {
  addModelFromFiles,
  removeUserModel,
  selectModel,
  setBackendPreference,
  setConfidenceThresholds,
  useModelStore,
} from '../model-controller';
import type { ModelKey } from '../model-store';
import { modelListLabel } from '../model-list-label';

export function ModelSettings() {
  const selected = useModelStore((s) => s.selected);
  const userModels = useModelStore((s) => s.userModels);
  const importError = useModelStore((s) => s.importError);
  const backend = useModelStore((s) => s.backendPreference);
  const thresholds = useModelStore((s) => s.thresholds);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function onFolder(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      const added = await addModelFromFiles(files);
      setMessage(`Model "${added.id}" ${added.version} checked, stored in this browser and selected.`);
    } catch {
      // importError in the store says why.
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="model-settings" data-testid="model-settings">
      <h3>Model</h3>
      <label>
        Grade with{' '}
        <select data-testid="model-select" value={selected} onChange={(e) => void selectModel(e.target.value as ModelKey)}>
          <option value="default">Bundled model</option>
          {userModels.map((m) => (
            <option key={m.id} value={`user:${m.id}`}>
              {modelListLabel(m)}
            </option>
          ))}
        </select>
      </label>
      {selected.startsWith('user:') && (
        <button type="button" onClick={() => void removeUserModel(selected.slice('user:'.length))}>
          Remove this model from the browser
        </button>
      )}
      <label className="model-folder">
        Bring your own model (folder with model.json, weight shards and grading.json):{' '}
        <input
          type="file"
          data-testid="model-folder-input"
          multiple
          disabled={busy}
          onChange={(e) => void onFolder(e)}
          {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
        />
      </label>
      {busy && <p>Checking the model…</p>}
      {message && <p data-testid="model-import-ok">{message}</p>}
      {importError && (
        <p role="alert" className="model-error" data-testid="model-import-error">
          Model refused: {importError}
        </p>
      )}
      <label>
        Backend{' '}
        <select data-testid="backend-select" value={backend} onChange={(e) => void setBackendPreference(e.target.value as BackendPreference)}>
          <option value="auto">Automatic (best available)</option>
          {BACKEND_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Flag a grade as low confidence when</legend>
        <label>
          top probability below{' '}
          <input
            type="number" min={0} max={1} step={0.05} value={thresholds.minTop1} data-testid="threshold-top1"
            onChange={(e) => void setConfidenceThresholds({ ...thresholds, minTop1: Number(e.target.value) })}
          />
        </label>
        <label>
          or the top two closer than{' '}
          <input
            type="number" min={0} max={1} step={0.05} value={thresholds.minMargin} data-testid="threshold-margin"
            onChange={(e) => void setConfidenceThresholds({ ...thresholds, minMargin: Number(e.target.value) })}
          />
        </label>
      </fieldset>
    </section>
  );
}
