import type {
  FlushDecision,
  FlushPoint,
  FlushPolicy,
  FlushScope,
  FlushTiming,
  KernelVersion,
  KvmBehaviour,
  LeafChange,
} from '@spte-lab/spte-core';

/**
 * Which TLBs a flush reaches. `'all'` is shorthand for `{ kind: 'all' }`; the object forms are
 * the port's own: `{ kind: 'range', gfn, count }` drops only translations overlapping
 * [gfn, gfn + count), `{ kind: 'vcpus', vcpus: [0, 2] }` flushes only those vCPUs.
 */
export type PolicyScope = 'all' | FlushScope;

/**
 * One flush request. `timing` (FlushTiming in `@spte-lab/spte-core`):
 * - `'now'`: before the model takes its next step (under `mmu_lock` if it is held);
 * - `'before-unlock'`: once, when this operation next releases `mmu_lock` (coalesced);
 * - `'before-return'`: once, when the operation returns to its caller (coalesced);
 * - `'next-entry'`: no IPI; every vCPU flushes at its next VM entry.
 */
export interface PolicyRequest {
  readonly scope: PolicyScope;
  readonly timing: FlushTiming;
}

/**
 * What a hook answers: no flush (`null`, `undefined` or `false`, so `cond && request` reads
 * naturally), one request, or several.
 */
export type PolicyDecision = PolicyRequest | readonly PolicyRequest[] | null | undefined | false;

/**
 * Everything a policy author writes (policy API 1.0). Only `name` and `description` are
 * required: a missing hook means "never flush here", as in ChampSim's policy hooks.
 *
 * @example The smallest useful policy: flush every TLB at once on every leaf change.
 * ```ts
 * import { definePolicy } from '@spte-lab/flush-policies';
 * export default definePolicy({
 *   name: 'flush-everything',
 *   description: 'flushes on every leaf change, immediately',
 *   onLeafChange: () => ({ scope: 'all', timing: 'now' }),
 * });
 * ```
 *
 * @example Flush only what lost write access, once per `mmu_lock` hold, as a range.
 * ```ts
 * export default definePolicy({
 *   name: 'write-loss-ranged',
 *   description: 'range-flush leaves that lose W or MMU-writable, before mmu_lock is released',
 *   onLeafChange: (change) =>
 *     (change.oldWritable && !change.newWritable) || !change.newPresent
 *       ? { scope: { kind: 'range', gfn: change.gfn, count: 1 }, timing: 'before-unlock' }
 *       : null,
 * });
 * ```
 *
 * @example Defer to the kernel's rule, but flush at ioctl return instead of under the lock.
 * ```ts
 * export default definePolicy({
 *   name: 'kernel-rule-at-return',
 *   description: "v6.13's leaf rule, with every flush moved to the ioctl's return",
 *   kernel: 'v6.13',
 *   onLeafChange: (change) =>
 *     change.kernelRuleSaysFlush('v6.13') && { scope: 'all', timing: 'before-return' },
 * });
 * ```
 */
export interface PolicyDefinition {
  /**
   * The name on the command line (`--policies my-policy`) and in every report: letters,
   * digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters. It must
   * not be the name of a built-in or of another loaded plugin's policy.
   */
  readonly name: string;
  /** One line for `spte-lab list policies` and the report legend: the rule in words. */
  readonly description: string;
  /**
   * The policy API the plugin was written against (`'1.0'`); defaults to the version of the
   * `@spte-lab/flush-policies` that `definePolicy` came from. A host runs plugins of its own
   * major version and any minor up to its own (see POLICY_API_VERSION).
   */
  readonly apiVersion?: string;
  /**
   * The kernel whose MMU behaviour (make_spte, prefetch, aging) runs use with this policy
   * unless the user names another. Defaults to v6.13.
   */
  readonly kernel?: KernelVersion;
  /**
   * KVM behaviour the policy changes besides flushing (KvmBehaviour in `@spte-lab/spte-core`,
   * e.g. `{ initSetHugeWriteProtect: 'keep-mw' }`); absent means the kernel's own.
   */
  readonly kvmBehaviour?: KvmBehaviour;
  /**
   * Called after every leaf SPTE change, with the kernel call site (`change.site`), the old
   * and new values and derived flags (`permissionsReduced`, `oldMmuWritable`, …). The object is
   * reused for the next change: copy what you need, never keep it. Must not mutate it.
   */
  onLeafChange?(change: LeafChange): PolicyDecision;
  /**
   * Called at every flush point: `'lock-release'` (about to drop `mmu_lock`), `'ioctl-return'`
   * (the operation is returning to its caller), `'vcpu-entry'`, with the operation's summary
   * (`reaped`, `leafChanges`, `zapped`, `young`, `kernelFlushFlag`).
   */
  onFlushPoint?(point: FlushPoint): PolicyDecision;
}

/** The keys a PolicyDefinition may have in this API version (anything else is a typo). */
export const DEFINITION_KEYS: readonly (keyof PolicyDefinition)[] = [
  'name',
  'description',
  'apiVersion',
  'kernel',
  'kvmBehaviour',
  'onLeafChange',
  'onFlushPoint',
];

/**
 * A policy made by `definePolicy`: the port's `FlushPolicy`, frozen, with its API version
 * recorded and its hooks answering in the port's normalized form.
 */
export interface DefinedPolicy extends FlushPolicy {
  readonly apiVersion: string;
  onLeafChange?(change: LeafChange): FlushDecision;
  onFlushPoint?(point: FlushPoint): FlushDecision;
}
