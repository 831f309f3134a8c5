// Collects files from a drop that may contain folders (Chromium's entry API),
// or from a file/folder picker. Order: as the user's system lists them.

export interface PickedFile {
  name: string;
  file: File;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, '') || file.name, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: read until empty.
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, out);
  }
}

/** Hidden files (.DS_Store, Thumbs.db) are skipped: they are never micrographs. */
const isHidden = (name: string) => /(^|\/)\.|(^|\/)Thumbs\.db$/i.test(name);

export async function filesFromDataTransfer(data: DataTransfer): Promise<PickedFile[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  const out: PickedFile[] = [];
  if (entries.length) for (const entry of entries) await walk(entry, out);
  else for (const file of data.files) out.push({ name: file.name, file });
  return out.filter((f) => !isHidden(f.name));
}

export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ name: file.webkitRelativePath || file.name, file })).filter((f) => !isHidden(f.name));
}
