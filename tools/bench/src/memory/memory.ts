import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchResult, median } from '../harness.js';
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
  const med = (f: (p: MemoryProbe) => number) => median(probes.map(f));
  const mib = 2 ** 20;
  const first = probes[0]!;
  const row = (name: string, value: number, unit: string, baseline: number): BenchResult => ({
    name,
    median: value,
    unit,
    baseline,
    ratio: value / baseline,
  });
  return [
    row(
      `memory/guest-${first.gfns / mib}Mi-gfns-${first.vcpus}-vcpus`,
      med((p) => p.guestBytes) / mib,
      'MiB',
      first.heapLimitBytes / mib,
    ),
    row(
      'memory/per-gfn',
      med((p) => p.guestBytes / p.gfns),
      'bytes/gfn',
      SPTE_BYTES,
    ),
    row(
      'memory/per-tlb-entry/realistic',
      med((p) => p.realisticTlbBytesPerEntry),
      'bytes/entry',
      TLB_ENTRY_BYTES,
    ),
    row(
      'memory/per-tlb-entry/adversarial',
      med((p) => p.adversarialTlbBytesPerEntry),
      'bytes/entry',
      TLB_ENTRY_BYTES,
    ),
  ];
}
