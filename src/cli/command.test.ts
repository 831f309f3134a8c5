import { afterEach, describe, expect, it } from 'vitest';
import { defineCommand, EXIT_USAGE } from './command';

// What the command writes, captured from the real streams.
const written = { stdout: '', stderr: '' };
const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
function capture() {
  written.stdout = written.stderr = '';
  process.stdout.write = ((chunk: string) => ((written.stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((written.stderr += chunk), true)) as typeof process.stderr.write;
}
afterEach(() => {
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
});

const run = defineCommand(
  { name: 'demo', usage: 'usage: blastograde demo --n N', options: { n: { type: 'string' } }, positionals: true },
  async ({ values, positionals }, io) => {
    if (!values.n) return io.usageError(positionals.length ? 'no files here' : undefined);
    if (values.n === '0') return io.refuse('nothing to do');
    io.say(`counting ${values.n}`);
    return io.json({ n: Number(values.n), files: positionals });
  },
);

describe('defineCommand', () => {
  it('prints the usage for --help (exit 0) and for a usage error (exit 2), with the reason when given', async () => {
    capture();
    expect(await run(['-h'])).toBe(0);
    expect(written.stderr).toBe('usage: blastograde demo --n N\n');
    capture();
    expect(await run([])).toBe(EXIT_USAGE);
    expect(written.stderr).toBe('usage: blastograde demo --n N\n');
    capture();
    expect(await run(['a.png'])).toBe(EXIT_USAGE);
    expect(written.stderr).toBe('blastograde demo: no files here\nusage: blastograde demo --n N\n');
  });

  it('refuses in the command\'s name (exit 1), says progress on stderr and the summary on stdout', async () => {
    capture();
    expect(await run(['--n', '0'])).toBe(1);
    expect(written).toEqual({ stdout: '', stderr: 'blastograde demo: nothing to do\n' });
    capture();
    expect(await run(['--n', '2', 'a.png'])).toBe(0);
    expect(written.stderr).toBe('demo: counting 2\n');
    expect(JSON.parse(written.stdout)).toEqual({ n: 2, files: ['a.png'] });
  });

  it('leaves an unknown option to main (which says it and exits 1)', async () => {
    await expect(run(['--colour', 'red'])).rejects.toThrow(/Unknown option '--colour'/);
  });
});
