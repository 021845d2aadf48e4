/* eslint-disable @typescript-eslint/no-non-null-assertion -- stream indices are in bounds by construction. */
/**
 * Benchmark: TLB accesses per second with 16 vCPUs, `realistic` and `adversarial` retention,
 * against a bare typed-array loop doing the same lookups over the same access stream.
 *
 * Self-contained (no tools/bench harness existed when it was written): repeats, median,
 * baseline measured in the same run, ratio = model / baseline. Wall-clock numbers depend on
 * the machine and its load; compare ratios, not absolute values.
 */
import type { SpteWalkPort, WalkResult } from '@spte-lab/spte-core';
import { EXEC, READ, TlbModel, WRITE } from '../src/index.js';
import type { Retention } from '../src/index.js';

export interface BenchResult {
  name: string;
  /** Median over repeats, in `unit`. */
  median: number;
  unit: string;
  /** Median of the baseline loop over the same stream, in `unit`. */
  baseline: number;
  /** median / baseline. */
  ratio: number;
}

export interface BenchTlbAccessOptions {
  vcpus?: number;
  /** Accesses per pass. */
  accesses?: number;
  /** Distinct gfns per vCPU (working set); 90% of accesses go to the first 1/16 (hot set). */
  workingSet?: number;
  repeats?: number;
  seed?: number;
}

/** A flat SPTE table: every gfn is a present, writable, executable, dirty 4K leaf. */
class FlatWalker implements SpteWalkPort {
  adAssists = 0;
  constructor(private readonly pfnBase: number) {}
  walk(gfn: number, out: WalkResult): void {
    out.level = 1;
    out.pfn = this.pfnBase + gfn;
    out.readable = true;
    out.writable = true;
    out.executable = true;
    out.dirty = true;
    out.adEnabled = true;
  }
  setAccessedDirty(): void {
    this.adAssists++;
  }
}

/** The access stream: vcpu, gfn and kind per access, from a seeded xorshift32. */
function makeStream(n: number, vcpus: number, workingSet: number, seed: number) {
  const vcpu = new Uint8Array(n);
  const gfn = new Uint32Array(n);
  const kind = new Uint8Array(n);
  let x = seed | 0 || 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const hot = Math.max(1, workingSet >>> 4);
  for (let i = 0; i < n; i++) {
    vcpu[i] = next() % vcpus;
    gfn[i] = next() % 10 < 9 ? next() % hot : next() % workingSet;
    const k = next() % 100;
    kind[i] = k < 70 ? READ : k < 95 ? WRITE : EXEC;
  }
  return { vcpu, gfn, kind };
}

type Stream = ReturnType<typeof makeStream>;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Accesses per second of one pass of the model over the stream. */
function runModel(tlb: TlbModel, s: Stream): number {
  const n = s.gfn.length;
  const t0 = performance.now();
  let check = 0;
  for (let i = 0; i < n; i++) check = (check + tlb.access(s.vcpu[i]!, s.gfn[i]!, s.kind[i]!)) | 0;
  const dt = performance.now() - t0;
  if (check < 0) throw new Error('unreachable');
  return n / (dt / 1000);
}

/**
 * The baseline: a per-vCPU direct-mapped tag array of the same total size as the STLB, looked
 * up and (on a miss) filled for each access of the same stream — the cost of "a TLB lookup" with
 * no modelling at all.
 */
function runBaseline(tags: Int32Array, perms: Uint8Array, slotsPerVcpu: number, s: Stream): number {
  const n = s.gfn.length;
  const mask = slotsPerVcpu - 1;
  const t0 = performance.now();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const g = s.gfn[i]!;
    const slot = s.vcpu[i]! * slotsPerVcpu + (g & mask);
    if (tags[slot] === g && (perms[slot]! & (1 << s.kind[i]!)) !== 0) {
      hits++;
    } else {
      tags[slot] = g;
      perms[slot] = 7;
    }
  }
  const dt = performance.now() - t0;
  if (hits < 0) throw new Error('unreachable');
  return n / (dt / 1000);
}

export function benchTlbAccess(options: BenchTlbAccessOptions = {}): BenchResult[] {
  const vcpus = options.vcpus ?? 16;
  const accesses = options.accesses ?? 1 << 21;
  const workingSet = options.workingSet ?? 4096;
  const repeats = options.repeats ?? 7;
  const stream = makeStream(accesses, vcpus, workingSet, options.seed ?? 1);

  const slots = 2048;
  const tags = new Int32Array(vcpus * slots).fill(-1);
  const perms = new Uint8Array(vcpus * slots);
  runBaseline(tags, perms, slots, stream); // warm-up
  const baselineRuns: number[] = [];

  const cases: { name: string; retention: Retention; classify: boolean }[] = [
    { name: 'tlb-access/realistic', retention: 'realistic', classify: false },
    { name: 'tlb-access/adversarial', retention: 'adversarial', classify: false },
    {
      name: 'tlb-access/adversarial+stale-classification',
      retention: 'adversarial',
      classify: true,
    },
  ];
  const models = cases.map((c) => {
    const tlb = new TlbModel(
      { vcpus, retention: c.retention, classifyStaleHits: c.classify },
      new FlatWalker(1 << 20),
    );
    for (let v = 0; v < vcpus; v++) tlb.enterGuest(v);
    runModel(tlb, stream); // warm-up: fills the TLBs and lets the JIT optimise
    return { ...c, tlb, runs: [] as number[] };
  });
  // Interleave cases and baseline within each repeat so load changes hit them alike.
  for (let r = 0; r < repeats; r++) {
    baselineRuns.push(runBaseline(tags, perms, slots, stream));
    for (const m of models) m.runs.push(runModel(m.tlb, stream));
  }
  const baseline = median(baselineRuns);
  return models.map((m) => {
    const med = median(m.runs);
    return { name: m.name, median: med, unit: 'accesses/s', baseline, ratio: med / baseline };
  });
}
