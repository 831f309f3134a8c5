// Output folders of the CLI commands that make a model package (adapt, learn): checked before
// any work, then written and loaded back as any package is loaded (schema, graph, sha256 of
// every shard), so a bad write fails here.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { folderSource, loadModelPackage, type LoadedModelPackage } from '../features/inference/headless';
import { isEmptyOrMissing } from './output-folder';

/** Why `out` may not receive a new package (null: it may): the base is never overwritten, a full folder only with --force. */
export async function outputFolderProblem(out: string, baseModelDir: string, force: boolean): Promise<string | null> {
  if (resolve(out) === resolve(baseModelDir)) return '--out is the base model folder; the base package is never overwritten';
  if (!force && !(await isEmptyOrMissing(out))) return `output folder ${resolve(out)} is not empty (use --force to write into it)`;
  return null;
}

export async function writePackageFolder(out: string, files: Record<string, Uint8Array>): Promise<LoadedModelPackage> {
  await mkdir(out, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(out, name), bytes);
  return loadModelPackage(folderSource(out));
}

/** How a command's JSON summary names a model package: its card's id and version, and its hash. */
export const packageIdentity = (pkg: Pick<LoadedModelPackage, 'card' | 'modelHash'>) => ({ id: pkg.card.id, version: pkg.card.version, hash: pkg.modelHash });
