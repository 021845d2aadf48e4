/**
 * Child process of the memory benchmark (issue 10), run as
 * `node --expose-gc --max-old-space-size=1024 memory-probe.js`: builds a 16 Mi-gfn (64 GiB)
 * guest with 64 vCPUs — the KVM model with dirty logging on, the TLBs with realistic
 * retention, the oracles, the trace — faults in a working set on every vCPU so every TLB is
 * full, and prints what it holds as JSON. The 1 GiB old-space limit makes "fits in 1 GiB of
 * heap" a hard condition: the probe dies if the guest does not fit.
 */
import { EnableDirtyLoggingOp, STEP_DONE } from '@spte-lab/spte-core';
import { DEFAULT_GEOMETRY, TlbModel } from '@spte-lab/tlb-model';
import { benchWorld } from '../benchmarks/bench-world.js';
import { geometryEntries, type MemoryProbe } from './probe-result.js';

const GFNS = 1 << 24;
const VCPUS = 64;
/** gfns each vCPU touches: more than its STLB holds, so every TLB ends up full. */
const TOUCHED = 2048;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('memory-probe needs node --expose-gc');

function used(): number {
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const before = used();
const world = benchWorld(VCPUS, GFNS, { manualProtect: true });
const enable = new EnableDirtyLoggingOp(world.vm);
while (enable.step() !== STEP_DONE);
let x = 0x2545f491;
for (let v = 0; v < VCPUS; v++)
  for (let i = 0; i < TOUCHED; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    world.accessNow(v, (x >>> 0) % GFNS, 1);
  }
const guest = used() - before;

// The TLBs alone: 64 vCPUs of realistic TLBs, per entry they can hold.
const walker = { walk: world.vm.store.walk.bind(world.vm.store), setAccessedDirty() {} };
const beforeTlb = used();
const tlb = new TlbModel({ vcpus: VCPUS, retention: 'realistic' }, walker);
const realisticTlb = used() - beforeTlb;

// Adversarial retention grows with what is cached: 2^20 translations on one vCPU.
const ENTRIES = 1 << 20;
const beforeUnbounded = used();
const unbounded = new TlbModel(
  { vcpus: 1, retention: 'adversarial' },
  {
    walk(gfn, out) {
      out.level = 1;
      out.pfn = gfn;
      out.readable = out.writable = out.executable = out.dirty = out.adEnabled = true;
    },
    setAccessedDirty() {},
  },
);
unbounded.enterGuest(0);
for (let g = 0; g < ENTRIES; g++) unbounded.access(0, g, 0);
const adversarialTlb = used() - beforeUnbounded;

const result: MemoryProbe = {
  gfns: GFNS,
  vcpus: VCPUS,
  guestBytes: guest,
  heapLimitBytes: 1024 * 2 ** 20,
  realisticTlbBytesPerEntry: realisticTlb / (VCPUS * geometryEntries(DEFAULT_GEOMETRY)),
  adversarialTlbBytesPerEntry: adversarialTlb / ENTRIES,
  // Keep everything measured alive until here.
  alive: world.events.step + tlb.counters.accesses + unbounded.counters.accesses,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
