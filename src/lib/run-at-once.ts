/**
 * Runs `step(0)` … `step(count - 1)`, at most `concurrency` at a time, each started as soon as
 * one ends (in index order); after a step fails no more are started and the first failure is
 * thrown once the steps in hand have ended.
 */
export async function runAtOnce(count: number, concurrency: number, step: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (next < count && !failure) {
      const index = next++;
      try {
        await step(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}
