/** Each item as it starts and finishes, with how many have finished (for a progress bar). */
export interface OrderEvents {
  readonly started?: (item: number, done: number) => void;
  readonly finished?: (item: number, done: number) => void;
}

/**
 * Runs `items` on `lanes` parallel lanes (one per worker) and returns the results in the order
 * of `items`, whatever order they complete in. Items are handed out in order, one at a time per
 * lane, as lanes become free.
 *
 * After a failure no new item starts; the ones already started are awaited, and the failure of
 * the lowest item is thrown. Since items start in ascending order, that is the first failing
 * item in grid order, whatever the number of lanes: the error is as deterministic as the results.
 */
export async function runInOrder<R>(
  items: readonly number[],
  lanes: number,
  execute: (item: number, lane: number) => Promise<R>,
  events: OrderEvents = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: { position: number; error: unknown }[] = [];
  let next = 0;
  let done = 0;
  const lane = async (id: number): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const position = next++;
      const item = items[position]!;
      events.started?.(item, done);
      try {
        results[position] = await execute(item, id);
        done++;
        events.finished?.(item, done);
      } catch (error) {
        failures.push({ position, error });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, (_, id) => lane(id)),
  );
  if (failures.length > 0) throw failures.sort((a, b) => a.position - b.position)[0]!.error;
  return results;
}
