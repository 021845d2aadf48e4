import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchResult, spread } from '../harness.js';
import type { MemoryProbe } from './probe-result.js';

const PROBE = fileURLToPath(new URL('./memory-probe.js', import.meta.url));
/** The floor a model of 64-bit SPTEs cannot go below: one SPTE per gfn. */
const SPTE_BYTES = 8;
/** A TLB entry's floor: a 64-bit tag and a 64-bit translation. */
const TLB_ENTRY_BYTES = 16;

/**
 * Memory rows (issue 10): the probe runs `repeats` times in a child process with a 1 GiB
 * old-space limit; each row is the median. For these rows smaller is better, and `ratio` is
 * median / baseline: how many times the floor (or, for the whole guest, the 1 GiB budget).
 */
export function memoryResults(repeats: number): BenchResult[] {
  const probes: MemoryProbe[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=1024', PROBE],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    probes.push(JSON.parse(out) as MemoryProbe);
  }
  const mib = 2 ** 20;
  const first = probes[0]!;
  const row = (
    name: string,
    f: (p: MemoryProbe) => number,
    unit: string,
    baseline: number,
    baselineName: string,
  ): BenchResult => {
    const s = spread(probes.map(f));
    return {
      name,
      unit,
      ...s,
      baselineName,
      baseline,
      baselineMin: baseline,
      baselineMax: baseline,
      ratio: s.median / baseline,
      // A size has no speed to compare with the reference loop's.
      bareProbe: null,
      ratioToBareProbe: null,
      clock: null,
    };
  };
  return [
    row(
      `memory/guest-${first.gfns / mib}Mi-gfns-${first.vcpus}-vcpus`,
      (p) => p.guestBytes / mib,
      'MiB',
      first.heapLimitBytes / mib,
      'the 1 GiB heap budget',
    ),
    row(
      'memory/per-gfn',
      (p) => p.guestBytes / p.gfns,
      'bytes/gfn',
      SPTE_BYTES,
      'one 64-bit SPTE per gfn',
    ),
    row(
      'memory/per-tlb-entry/realistic',
      (p) => p.realisticTlbBytesPerEntry,
      'bytes/entry',
      TLB_ENTRY_BYTES,
      'a 64-bit tag and a 64-bit translation',
    ),
    row(
      'memory/per-tlb-entry/adversarial',
      (p) => p.adversarialTlbBytesPerEntry,
      'bytes/entry',
      TLB_ENTRY_BYTES,
      'a 64-bit tag and a 64-bit translation',
    ),
  ];
}
