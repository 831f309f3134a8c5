// Rows stay where they are while the embryologist works. An override can change the ranking
// (pressing "4" on the 11th row made it 4th, 1,770 px up and off screen), so once the user acts
// on the table its order is held: the ranks shown stay live, the rows do not move, and the table
// says how many would move until the user re-ranks. A table nobody has touched follows the
// ranking live (images arriving while a batch is graded take their places).

/** The order on screen: null follows the live order; else the ids in the order they were held. */
export type HeldOrder = readonly string[] | null;

export interface DisplayOrder<Row> {
  rows: Row[];
  /** true when re-ranking would change what is shown (order or which rows). */
  pending: boolean;
  /** Ids whose place would change on re-rank (for the note beside each one). */
  moving: Set<string>;
}

/**
 * Held ids keep their places (ids that left the batch are dropped); rows the held order does
 * not know yet (just added) follow, in live order. `live` is the sorted, filtered order.
 */
export function displayOrder<Row extends { id: string }>(held: HeldOrder, live: readonly Row[], all: readonly Row[] = live): DisplayOrder<Row> {
  if (!held) return { rows: [...live], pending: false, moving: new Set() };
  const byId = new Map(all.map((r) => [r.id, r]));
  const kept = held.map((id) => byId.get(id)).filter((r): r is Row => !!r);
  const keptIds = new Set(kept.map((r) => r.id));
  const rows = [...kept, ...live.filter((r) => !keptIds.has(r.id))];
  const moving = new Set<string>();
  const livePlace = new Map(live.map((r, i) => [r.id, i]));
  rows.forEach((r, i) => { if (livePlace.get(r.id) !== i) moving.add(r.id); });
  const pending = moving.size > 0 || rows.length !== live.length;
  return { rows, pending, moving };
}

/** What the note beside a held row says about where it goes on re-rank. */
export function moveNote(rank: number | null, inLiveOrder: boolean): string {
  if (!inLiveOrder) return 'leaves this view on re-rank';
  return rank === null ? 'moves on re-rank' : `moves to rank ${rank} on re-rank`;
}
