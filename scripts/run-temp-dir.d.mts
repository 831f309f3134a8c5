export function openRunTempDir(name: string): { dir: string; outer: string; env: { TMPDIR: string } };
export function closeRunTempDir(dir: string, ok: boolean): void;
