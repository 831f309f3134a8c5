#!/usr/bin/env node
// Entry of the `blastograde` command. The CLI is TypeScript that shares its
// modules with the browser app; tsx runs it without a separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
