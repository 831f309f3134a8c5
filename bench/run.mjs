#!/usr/bin/env node
// `npm run bench` entry: runs bench/bench.ts with tsx (TypeScript, no build step).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./bench.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
