import { useState, type DragEvent } from 'react';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from '../../features/ingest';

interface Props {
  onFiles(files: PickedFile[]): void;
  onDemo(): void;
  /** Another tab holds the open batch for editing: no files are added here. */
  disabled?: boolean;
}

/** Drag a batch in, or pick files or a whole folder. */
export function DropZone({ onFiles, onDemo, disabled = false }: Props) {
  const [over, setOver] = useState(false);

  async function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    onFiles(await filesFromDataTransfer(event.dataTransfer));
  }

  return (
    <section
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-label="Drop micrographs here"
    >
      <p>Drop the batch's micrographs here (JPEG, PNG, BMP, TIFF), or</p>
      <label className="button">
        Choose files
        <input
          data-testid="batch-input"
          disabled={disabled}
          type="file"
          multiple
          accept="image/*,.bmp,.tif,.tiff"
          onChange={(e) => { onFiles(filesFromInput(e.currentTarget.files)); e.currentTarget.value = ''; }}
        />
      </label>
      <label className="button">
        Choose a folder
        <input
          data-testid="folder-input"
          disabled={disabled}
          type="file"
          // @ts-expect-error: non-standard but supported by every current browser
          webkitdirectory=""
          onChange={(e) => { onFiles(filesFromInput(e.currentTarget.files)); e.currentTarget.value = ''; }}
        />
      </label>
      <button type="button" data-testid="demo-batch" onClick={onDemo} title="12 synthetic blastocysts with known grades">
        Load demo batch
      </button>
    </section>
  );
}
