// A flag on screen is a short chip ("TE low confidence"); its whole sentence is the chip's
// tooltip and accessible name, and every grade sheet keeps the sentence. Nine rows of two
// wrapped sentences each made the table three screens long.

const CHIPS: [RegExp, string][] = [
  [/not graded below expansion/, 'not graded'],
  [/marked not gradable/, 'not gradable'],
  [/low-confidence/, 'low confidence'],
  [/views of this crop disagree/, 'views disagree'],
  [/not on this model's scale/, 'unknown grade'],
  [/no grade from the model or the embryologist/, 'no grade'],
];

/** "TE: low-confidence AI grade (A); review it." → "TE low confidence". */
export function flagChip(message: string): string {
  const head = /^(Expansion|ICM|TE)\b/.exec(message)?.[1];
  const found = CHIPS.find(([pattern]) => pattern.test(message));
  if (found) return head ? `${head} ${found[1]}` : found[1];
  if (/^No AI prediction/.test(message)) return 'no prediction';
  if (/^No lab outcome/.test(message)) return 'no outcome';
  // Anything else (an error, a new flag): its first words.
  const words = message.split(/\s+/);
  return words.length > 4 ? `${words.slice(0, 4).join(' ').replace(/[.,;:]$/, '')}…` : message;
}
