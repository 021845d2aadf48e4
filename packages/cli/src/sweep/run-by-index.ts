import type { RunResult } from '@spte-lab/reporter';
import type { Simulator } from '@spte-lab/simulator';
import { configurePreset, type ScenarioPreset } from '@spte-lab/workload-gen';
import { gridRun, type SweepSpec } from './sweep-spec.js';

/**
 * Runs grid indices of `spec` on `simulator`: what a worker thread does, and what the parent
 * does itself with --workers 1, so both give the same results.
 */
export function createRunByIndex(
  simulator: Simulator,
  spec: SweepSpec,
): (index: number) => RunResult {
  const configured = new Map<string, ScenarioPreset>();
  return (index) => {
    const run = gridRun(spec, index);
    const key = `${run.scenario}\u0000${run.pointIndex}`;
    let scenario = configured.get(key);
    if (!scenario) {
      const preset = simulator.scenario(run.scenario);
      // Without a point the preset itself runs, exactly as `compare` runs it.
      scenario = run.point ? configurePreset(preset, run.point) : preset;
      configured.set(key, scenario);
    }
    const result = simulator.run({
      policy: simulator.policy(run.policy),
      scenario,
      seed: run.seed,
      retention: spec.retention,
      ...(spec.eagerSplit ? { eagerSplit: spec.eagerSplit } : {}),
    });
    if (!run.point) return result;
    const { policy, scenario: name, seed, ...measured } = result;
    return { policy, scenario: name, point: run.point, seed, ...measured };
  };
}
