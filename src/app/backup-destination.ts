// Where a lab backup's bytes go as writeBackup produces them. Where the browser lets the user
// pick a file (the File System Access API: Chromium, Edge), the zip streams straight into it, so
// a backup of several GB is never held by the page, and a backup that fails part way is
// discarded (the browser writes to a swap file and replaces the picked file only on close), so no
// truncated zip is ever left looking like a backup. Elsewhere the chunks are gathered into Blobs
// (which the browser may keep on disk) and downloaded at the end, as before.

/** The parts of the File System Access API used here (not yet in TypeScript's DOM types). */
interface SavePicker {
  showSaveFilePicker(options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }): Promise<FileSystemFileHandle>;
}

export interface BackupDestination {
  /** What the user sees the backup saved as. */
  readonly name: string;
  /** Awaited before the next chunk is produced (the file's own pace). */
  write(chunk: Uint8Array): Promise<void>;
  /** The backup is complete: the picked file is replaced, or the download starts. */
  finish(): Promise<void>;
  /** The backup failed: nothing is written. */
  discard(): Promise<void>;
}

/** Gathered chunks become one Blob part every this many bytes. */
const BLOB_PART_BYTES = 8 << 20;

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function downloadDestination(name: string): BackupDestination {
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    parts.push(new Blob(pending as Uint8Array<ArrayBuffer>[]));
    pending = [];
    pendingBytes = 0;
  };
  return {
    name,
    async write(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > BLOB_PART_BYTES) flush();
    },
    async finish() {
      flush();
      download(new Blob(parts, { type: 'application/zip' }), name);
    },
    async discard() {
      parts.length = 0;
      pending = [];
    },
  };
}

function fileDestination(handle: FileSystemFileHandle, writable: FileSystemWritableFileStream): BackupDestination {
  return {
    name: handle.name,
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    finish: () => writable.close(),
    discard: () => writable.abort(),
  };
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Asks where to save the backup (call it first in the click's handler: the picker needs the
 * click's user activation). Null when the user cancelled the picker.
 */
export async function chooseBackupDestination(suggestedName: string): Promise<BackupDestination | null> {
  const picker = globalThis as unknown as Partial<SavePicker>;
  if (typeof picker.showSaveFilePicker !== 'function') return downloadDestination(suggestedName);
  let handle: FileSystemFileHandle;
  try {
    handle = await picker.showSaveFilePicker({ suggestedName, types: [{ description: 'Lab backup (zip)', accept: { 'application/zip': ['.zip'] } }] });
  } catch (error) {
    if (isAbort(error)) return null;
    // Refused for another reason (e.g. no user activation left): the download still works.
    return downloadDestination(suggestedName);
  }
  return fileDestination(handle, await handle.createWritable());
}
