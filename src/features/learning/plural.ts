/** "1 row", "3 rows": a count and its noun, for the import report's sentences. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
