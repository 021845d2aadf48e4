import fc from 'fast-check';
import {
  FROZEN_SPTE,
  KERNEL_VERSIONS,
  SHADOW_NONPRESENT_VALUE,
  SPTE_FORMATS,
  U64_MAX,
  spteContext,
  type SpteContext,
} from '../../src/index.js';

/** All six (format, kernel) contexts. */
export const ALL_CONTEXTS: readonly SpteContext[] = SPTE_FORMATS.flatMap((f) =>
  KERNEL_VERSIONS.map((k) => spteContext(f, k)),
);

/** Splits a 64-bit value with a DataView, independently of the code under test. */
export function toWords(value: bigint): [lo: number, hi: number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, value, true);
  return [view.getUint32(0, true), view.getUint32(4, true)];
}

export function fromWords(lo: number, hi: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, lo >>> 0, true);
  view.setUint32(4, hi >>> 0, true);
  return view.getBigUint64(0, true);
}

const uniform = fc.bigInt({ min: 0n, max: U64_MAX });

/**
 * 64-bit values: uniform draws, plus draws bent towards the interesting corners (shadow-present,
 * RWX clear as in access-tracked SPTEs, the MMIO pattern, the special constants).
 */
export function spteArb(ctx: SpteContext): fc.Arbitrary<bigint> {
  const m = ctx.masks;
  return fc.oneof(
    uniform,
    uniform.map((v) => v | (1n << 11n)),
    uniform.map((v) => (v | (1n << 11n)) & ~0x7n),
    uniform.map((v) => (v & ~m.shadowMmioMask) | m.shadowMmioValue),
    fc.constantFrom(0n, SHADOW_NONPRESENT_VALUE, FROZEN_SPTE, U64_MAX),
  );
}

/** Random make_spte inputs over the whole domain the kernel allows. */
export function makeSpteInputArb() {
  return fc.record({
    level: fc.integer({ min: 1, max: 3 }),
    pteAccess: fc.integer({ min: 0, max: 7 }),
    pfn: fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }),
    oldSpte: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    prefetch: fc.boolean(),
    synchronizing: fc.boolean(),
    hostWritable: fc.boolean(),
    unsyncFails: fc.boolean(),
    adDisabled: fc.boolean(),
    adNeedWriteProtect: fc.boolean(),
    nxHugePages: fc.boolean(),
    dirtyLogging: fc.boolean(),
    mtMask: fc.constantFrom(0n, 0x30n, 0x70n, 0x78n),
  });
}
