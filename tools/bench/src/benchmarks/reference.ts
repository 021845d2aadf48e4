import { calibrate, type Benchmark, type ReferenceLoop } from '../harness.js';
import { BareHashProbe } from './bare-hash-probe.js';
import { sharedStream } from './shared-stream.js';

let probe: BareHashProbe | undefined;

function bareHashProbe(): BareHashProbe {
  probe ??= new BareHashProbe(sharedStream());
  return probe;
}

/** The shared reference loop, calibrated to `targetMs` of CPU time per repeat. */
export function referenceLoop(targetMs: number): ReferenceLoop {
  const p = bareHashProbe();
  const run = (n: number) => p.run(n);
  return { run, iterations: calibrate(run, targetMs) };
}

/**
 * The reference as a row of its own: its baseline is the same loop again, so its `ratio` shows
 * how far two interleaved measurements of one loop drift apart on this machine (the noise).
 */
export function referenceBenchmarks(): Benchmark[] {
  const p = bareHashProbe();
  return [
    {
      name: 'baseline/bare-hash-probe',
      description: 'open-addressing lookup of (vCPU, gfn) over the shared access stream',
      baselineName: 'the same loop again (ratio = noise)',
      opsPerIteration: 1,
      unit: 'lookups/s',
      run: (n) => p.run(n),
      baseline: (n) => p.run(n),
    },
  ];
}
