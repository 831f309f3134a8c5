// Writes the hostile-input corpus (bombs, loops, absurd headers, renamed non-images)
// to a folder, to try by hand in the app or the CLI:
//   npx tsx scripts/make-hostile-corpus.ts <dir>
// Each file's expected outcome and reason go to <dir>/corpus.json. Nothing here is
// checked in: the files are generated from src/features/ingest/testing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileCorpus } from '../src/features/ingest/testing';

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  process.stderr.write('usage: npx tsx scripts/make-hostile-corpus.ts <dir>\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const corpus = hostileCorpus();
for (const file of corpus) writeFileSync(join(dir, file.name), file.bytes);
writeFileSync(join(dir, 'corpus.json'), `${JSON.stringify(corpus.map(({ name, expect, why, bytes }) => ({ name, expect, why, bytes: bytes.length })), null, 2)}\n`);
process.stderr.write(`wrote ${corpus.length} files to ${dir}\n`);
