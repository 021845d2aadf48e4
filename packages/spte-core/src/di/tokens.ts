/**
 * Injection tokens owned by spte-core. `FLUSH_POLICY` is multi-bound: every built-in policy and
 * every plugin policy is bound under it, and the simulator finds them by name.
 */
export const FLUSH_POLICY = Symbol.for('@spte-lab/spte-core:FlushPolicy');
