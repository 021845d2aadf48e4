import type { FlushPoint, FlushPointSummary, LeafChange } from '@spte-lab/spte-core';

/**
 * Read-only views of what the model hands a plugin's hooks. The model reuses one mutable record
 * per VM for every leaf change (no allocation on the hot path), with its internals (`ops`) on
 * it; a plugin gets a frozen object instead that shows only the port's fields of the record
 * being decided, and any write to it throws an error the policy adapter turns into one line
 * naming the plugin. One view per hook and policy, re-pointed per call: still no allocation.
 */
export interface InputView<T> {
  readonly view: T;
  /** Points the view at `input` for the duration of one hook call. */
  show(input: T): void;
}

/** Every field of LeafChange, so that a field added to the port fails to compile here. */
const LEAF_CHANGE_FIELDS = {
  operation: true,
  site: true,
  gfn: true,
  level: true,
  oldLo: true,
  oldHi: true,
  newLo: true,
  newHi: true,
  oldPresent: true,
  oldLeaf: true,
  newPresent: true,
  pfnChanged: true,
  oldMmuWritable: true,
  newMmuWritable: true,
  oldWritable: true,
  newWritable: true,
  permissionsReduced: true,
  accessedDirtyCleared: true,
  seedTermOnly: true,
  kernelRuleSaysFlush: true,
} as const satisfies Record<keyof LeafChange, true>;

const FLUSH_POINT_FIELDS = {
  kind: true,
  operation: true,
  lockSite: true,
  vcpu: true,
  summary: true,
} as const satisfies Record<keyof FlushPoint, true>;

const SUMMARY_FIELDS = {
  reaped: true,
  leafChanges: true,
  zapped: true,
  young: true,
  kernelFlushFlag: true,
} as const satisfies Record<keyof FlushPointSummary, true>;

function readOnly(what: string, key: string): never {
  throw new TypeError(`${what} is read-only: the policy tried to set '${key}'`);
}

/** A frozen object whose `fields` read `current()`'s, and whose setters throw. */
function viewOf<T extends object>(
  what: string,
  fields: Record<string, true>,
  current: () => T,
  special: Partial<Record<string, () => unknown>> = {},
): T {
  const view = {} as T;
  for (const key of Object.keys(fields)) {
    Object.defineProperty(view, key, {
      enumerable: true,
      get: special[key] ?? (() => (current() as Record<string, unknown>)[key]),
      set: () => readOnly(what, key),
    });
  }
  return Object.freeze(view);
}

export function leafChangeView(): InputView<LeafChange> {
  let current: LeafChange | undefined;
  const get = () => current!;
  const rule = Object.freeze((kernel: Parameters<LeafChange['kernelRuleSaysFlush']>[0]) =>
    get().kernelRuleSaysFlush(kernel),
  );
  const view = viewOf<LeafChange>('onLeafChange(change)', LEAF_CHANGE_FIELDS, get, {
    kernelRuleSaysFlush: () => rule,
  });
  return { view, show: (input) => (current = input) };
}

export function flushPointView(): InputView<FlushPoint> {
  let current: FlushPoint | undefined;
  const get = () => current!;
  const summary = viewOf<FlushPointSummary>(
    'onFlushPoint(point).summary',
    SUMMARY_FIELDS,
    () => get().summary,
  );
  const view = viewOf<FlushPoint>('onFlushPoint(point)', FLUSH_POINT_FIELDS, get, {
    summary: () => summary,
  });
  return { view, show: (input) => (current = input) };
}
