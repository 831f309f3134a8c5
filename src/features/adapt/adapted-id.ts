// The id of an adapted package: `<base>-adapted-<yyyymmdd>`, within the card's 64
// characters, with `-2`, `-3`, ... when that id is already taken (the app keeps models
// by id: a second adaptation on the same day must not replace the first).
const MAX_ID = 64;

export function adaptedModelId(base: string, date: Date, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  const stem = `-adapted-${date.toISOString().slice(0, 10).replaceAll('-', '')}`;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? stem : `${stem}-${n}`;
    const id = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!used.has(id)) return id;
  }
}
