// One example per image content. Examples are keyed by the sha256 of the image file, so a
// picture saved twice under two names (twins) is one example. Where the twins' labels agree,
// or only one of them gives a label, it is kept; where they disagree, that label is left out
// for the image: otherwise the sheet's row order would pick a training target. The app's
// import and the CLI's learn both take their examples through here, so they say the same
// sentences and learn on the same examples in the same order.
import { LABEL_COLUMNS, type ExampleLabels, type LabelColumn } from './types';

export interface ContentExample {
  /** The image's file name, as the messages name it. */
  image: string;
  /** sha256 of the image's bytes, hex (the app's example key). */
  key: string;
  labels: ExampleLabels;
}

export interface ImageTwin {
  /** A later file with the same bytes as `sameAs`, the file whose name the example keeps. */
  image: string;
  sameAs: string;
  /** Labels this twin disagreed on, left out for the image. */
  leftOut: LabelColumn[];
  /** The twins disagreed on every label the image had: it is no example. */
  unused: boolean;
  message: string;
}

interface Disagreement {
  column: LabelColumn;
  value: string;
  otherValue: string;
  other: string;
}

const joinWords = (words: readonly string[]): string =>
  words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

function twinMessage(image: string, sameAs: string, disagreements: readonly Disagreement[], unused: boolean): string {
  if (disagreements.length === 0) return `${image}: same image as ${sameAs}, kept once`;
  const others = [...new Set(disagreements.map((d) => d.other))];
  const clauses = others.map((other) => {
    const mine = disagreements.filter((d) => d.other === other);
    return `as ${other} with ${joinWords(mine.map((d) => `${d.column} ${d.value} vs ${d.otherValue}`))}`;
  });
  const columns = joinWords(disagreements.map((d) => d.column));
  const verb = disagreements.length === 1 ? 'is' : 'are';
  return `${image}: same image ${clauses.join(', and ')}; its ${columns} ${verb} left out${unused ? ', which leaves it no label: not used' : ''}`;
}

/**
 * `items` in sheet order. Returns one example per key (the first file's, with the labels its
 * twins agree on) in key order, the order IndexedDB lists one import in, and a sentence for
 * every later twin. An image whose every label was disputed is no example.
 */
export function oneExamplePerContent<T extends ContentExample>(items: readonly T[]): { examples: T[]; twins: ImageTwin[] } {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.key, [...(groups.get(item.key) ?? []), item]);

  const examples: T[] = [];
  const twins: ImageTwin[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const labels: ExampleLabels = {};
    const disputed = new Set<LabelColumn>();
    const holders = new Map<LabelColumn, T>();
    const found: { item: T; disagreements: Disagreement[] }[] = [];
    for (const item of group) {
      const disagreements: Disagreement[] = [];
      for (const column of LABEL_COLUMNS) {
        const value = item.labels[column];
        if (value === undefined) continue;
        const holder = holders.get(column);
        if (!holder) {
          holders.set(column, item);
          continue;
        }
        const otherValue = holder.labels[column]!;
        if (otherValue !== value) {
          disputed.add(column);
          disagreements.push({ column, value: String(value), otherValue: String(otherValue), other: holder.image });
        }
      }
      if (item !== first) found.push({ item, disagreements });
    }
    for (const [column, holder] of holders) {
      if (!disputed.has(column)) (labels as Record<LabelColumn, unknown>)[column] = holder.labels[column];
    }
    const unused = LABEL_COLUMNS.every((column) => labels[column] === undefined);
    const lastDisputing = found.filter((f) => f.disagreements.length > 0).pop();
    for (const { item, disagreements } of found) {
      // The last sentence about the image says that nothing is left of it.
      const saysUnused = unused && item === lastDisputing?.item;
      twins.push({
        image: item.image,
        sameAs: first.image,
        leftOut: disagreements.map((d) => d.column),
        unused,
        message: twinMessage(item.image, first.image, disagreements, saysUnused),
      });
    }
    if (!unused) examples.push({ ...first, labels });
  }
  // Plain code-unit order, as IndexedDB orders string keys.
  examples.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { examples, twins };
}
