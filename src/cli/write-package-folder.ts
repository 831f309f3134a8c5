// Writes a model package the CLI made (adapt, learn) into a folder and loads it back as any
// package is loaded (schema, graph, sha256 of every shard), so a bad write fails here.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderSource, loadModelPackage, type LoadedModelPackage } from '../features/inference/headless';

export async function writePackageFolder(out: string, files: Record<string, Uint8Array>): Promise<LoadedModelPackage> {
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(out, name), bytes);
  return loadModelPackage(folderSource(out));
}
