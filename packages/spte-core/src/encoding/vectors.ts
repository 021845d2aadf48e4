import { spteApi } from './bigint-face.js';
import { isSpteFormat, type SpteFormat } from './formats.js';
import { isKernelVersion, type KernelVersion } from './kernel-profile.js';
import type { SpteApi } from './spte-api.js';

/**
 * Kernel test vectors (shared/vectors/spte/README.md): one JSON object per line naming a kernel
 * helper, its arguments and the kernel's result. Each line is evaluated through the public bigint
 * face; results are rendered back into the vector's JSON form for comparison and reports.
 */
export interface SpteVector {
  readonly kernel: KernelVersion;
  readonly format: SpteFormat;
  readonly fn: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly out: unknown;
}

export interface VectorOutcome {
  readonly pass: boolean;
  /** The result in the vector's JSON form (hex strings for 64-bit values). */
  readonly actual: unknown;
}

/** A line that is not a well-formed vector (bad JSON, unknown kernel/format/function, bad args). */
export class VectorError extends Error {
  override name = 'VectorError';
}

/** Parses one line; throws VectorError when it is not a vector this evaluator understands. */
export function parseVector(line: string): SpteVector {
  if (line.trim() === '') throw new VectorError('empty line');
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    throw new VectorError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new VectorError('not a JSON object');
  }
  const { kernel, format, fn, args, out } = raw as Record<string, unknown>;
  if (typeof kernel !== 'string' || !isKernelVersion(kernel)) {
    throw new VectorError(`unknown kernel ${JSON.stringify(kernel)}`);
  }
  if (typeof format !== 'string' || !isSpteFormat(format)) {
    throw new VectorError(`unknown format ${JSON.stringify(format)}`);
  }
  if (typeof fn !== 'string' || !(fn in EVALUATORS)) {
    throw new VectorError(`unknown function ${JSON.stringify(fn)}`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new VectorError('"args" is not an object');
  }
  if (out === undefined) throw new VectorError('no "out"');
  return { kernel, format, fn, args: args as Record<string, unknown>, out };
}

/** Evaluates a vector through the bigint face. Throws VectorError for missing/mistyped args. */
export function evaluateVector(vector: SpteVector): VectorOutcome {
  const evaluate = EVALUATORS[vector.fn];
  if (!evaluate) throw new VectorError(`unknown function ${JSON.stringify(vector.fn)}`);
  const actual = evaluate(spteApi(vector.format, vector.kernel), new Args(vector.fn, vector.args));
  return { pass: sameResult(vector.out, actual), actual };
}

/** Typed access to a vector's named arguments. */
class Args {
  constructor(
    private readonly fn: string,
    private readonly args: Readonly<Record<string, unknown>>,
  ) {}
  u64(name: string): bigint {
    const v = this.args[name];
    if (typeof v !== 'string' || !/^0x[0-9a-f]+$/i.test(v)) throw this.bad(name, 'a hex string');
    const n = BigInt(v);
    if (n >= 1n << 64n) throw this.bad(name, 'at most 64 bits');
    return n;
  }
  optionalU64(name: string): bigint | undefined {
    return this.args[name] === undefined ? undefined : this.u64(name);
  }
  int(name: string): number {
    const v = this.args[name];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.bad(name, 'an integer');
    return v;
  }
  bool(name: string): boolean {
    const v = this.args[name];
    if (typeof v !== 'boolean') throw this.bad(name, 'a boolean');
    return v;
  }
  private bad(name: string, what: string): VectorError {
    return new VectorError(`${this.fn}: argument "${name}" must be ${what}`);
  }
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

type Evaluator = (api: SpteApi, a: Args) => unknown;
type BigintPredicate = (spte: bigint) => boolean;

const predicate =
  (pick: (api: SpteApi) => BigintPredicate): Evaluator =>
  (api, a) =>
    pick(api)(a.u64('spte'));

/** Kernel function name -> evaluation through the bigint face. */
const EVALUATORS: Readonly<Record<string, Evaluator>> = {
  is_shadow_present_pte: predicate((api) => api.isShadowPresent),
  is_writable_pte: predicate((api) => api.isWritable),
  is_mmu_writable_spte: predicate((api) => api.isMmuWritable),
  spte_ad_enabled: predicate((api) => api.spteAdEnabled),
  spte_ad_need_write_protect: predicate((api) => api.spteAdNeedWriteProtect),
  is_access_track_spte: predicate((api) => api.isAccessTrack),
  is_large_pte: predicate((api) => api.isLarge),
  is_last_spte: (api, a) => api.isLast(a.u64('spte'), a.int('level')),
  is_executable_pte: predicate((api) => api.isExecutable),
  is_accessed_spte: predicate((api) => api.isAccessed),
  is_dirty_spte: predicate((api) => api.isDirtyV6_12),
  spte_has_volatile_bits: predicate((api) => api.hasVolatileBits),
  is_mmio_spte: predicate((api) => api.isMmio),
  is_frozen_spte: predicate((api) => api.isFrozen),
  check_spte_writable_invariants: predicate((api) => api.checkSpteWritableInvariants),
  spte_to_pfn: (api, a) => hex(api.spteToPfn(a.u64('spte'))),
  get_mmio_spte_generation: (api, a) => hex(api.getMmioSpteGeneration(a.u64('spte'))),
  leaf_spte_change_needs_tlb_flush: (api, a) =>
    api.leafSpteChangeNeedsTlbFlush(a.u64('old_spte'), a.u64('new_spte')),
  mark_spte_for_access_track: (api, a) => hex(api.markSpteForAccessTrack(a.u64('spte'))),
  restore_acc_track_spte: (api, a) => hex(api.restoreAccTrackSpte(a.u64('spte'))),
  spte_write_protect: (api, a) => {
    const r = api.spteWriteProtect(a.u64('spte'), a.bool('pt_protect'));
    return { spte: hex(r.spte), flush: r.flush, changed: r.changed };
  },
  fast_page_fault_fix: (api, a) => {
    const r = api.fastPageFaultFix(
      a.u64('spte'),
      a.int('level'),
      a.bool('write'),
      a.bool('exec'),
      a.bool('dirty_logging'),
    );
    return { result: r.result, spte: hex(r.spte), mark_dirty: r.markDirty };
  },
  make_spte: (api, a) => {
    const r = api.makeSpte({
      level: a.int('level'),
      pteAccess: a.int('pte_access'),
      pfn: a.u64('pfn'),
      oldSpte: a.u64('old_spte'),
      prefetch: a.bool('prefetch'),
      synchronizing: a.bool('synchronizing'),
      hostWritable: a.bool('host_writable'),
      unsyncFails: a.bool('unsync_fails'),
      adDisabled: a.bool('ad_disabled'),
      adNeedWriteProtect: a.bool('ad_need_write_protect'),
      nxHugePages: a.bool('nx_huge_pages'),
      dirtyLogging: a.bool('dirty_logging'),
      mtMask: a.optionalU64('mt_mask') ?? 0n,
    });
    return { spte: hex(r.spte), wrprot: r.wrprot, mark_dirty: r.markDirty };
  },
  make_nonleaf_spte: (api, a) => hex(api.makeNonLeafSpte(a.u64('child_pa'), a.bool('ad_disabled'))),
  make_mmio_spte: (api, a) =>
    hex(api.makeMmioSpte(a.u64('gfn'), a.int('access'), a.u64('generation'))),
  make_small_spte: (api, a) =>
    hex(
      api.makeSmallSpte(
        a.u64('huge_spte'),
        a.int('child_level'),
        a.int('index'),
        a.bool('role_exec'),
        a.bool('nx_huge_pages'),
      ),
    ),
  make_huge_spte: (api, a) =>
    hex(api.makeHugeSpte(a.u64('small_spte'), a.int('level'), a.bool('nx_huge_pages'))),
};

/** The kernel function names a vector may use. */
export const VECTOR_FUNCTIONS: readonly string[] = Object.freeze(Object.keys(EVALUATORS));

/** Deep equality where hex strings compare by value (so 0x0A equals 0xa). */
function sameResult(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'string') {
    const isHex = (s: string) => /^0x[0-9a-f]+$/i.test(s);
    return isHex(expected) && isHex(actual)
      ? BigInt(expected) === BigInt(actual)
      : expected === actual;
  }
  if (
    typeof expected !== 'object' ||
    expected === null ||
    typeof actual !== 'object' ||
    actual === null
  ) {
    return expected === actual;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
  return [...keys].every((k) => sameResult(e[k], a[k]));
}
