import type { FlushPolicy } from '@spte-lab/spte-core';
import type { ConformanceCase, KitContext } from './conformance-case.js';
import { ConformanceFailure, type ScenarioViolation } from './conformance-failure.js';
import { formatCounterexample, formatViolation } from './format-violation.js';

/** Violations printed in full; the rest are counted (each seed's first violation is kept). */
const SHOWN = 3;

function seedText(seeds: readonly number[]): string {
  const first = seeds[0]!;
  const contiguous = seeds.every((s, i) => s === first + i);
  return contiguous && seeds.length > 2 ? `${first}–${seeds.at(-1)}` : seeds.join(', ');
}

/** A preset scenario over every seed, in adversarial retention: no write may be lost. */
export function scenarioCase(
  policy: FlushPolicy,
  scenario: string,
  ctx: KitContext,
): ConformanceCase {
  return {
    group: 'safety',
    scenario,
    name: `${scenario}: no lost write over seeds ${seedText(ctx.seeds)}`,
    run: async () => {
      const sim = await ctx.simulator();
      const preset = sim.scenario(scenario);
      const found: ScenarioViolation[] = [];
      for (const seed of ctx.seeds) {
        const run = sim.run({ policy, scenario: preset, seed, retention: 'adversarial' });
        const violation = run.violations[0];
        if (violation) found.push({ scenario, seed, violation });
      }
      if (found.length === 0) return;
      const shown = found
        .slice(0, SHOWN)
        .map((f) => formatViolation(`${scenario} seed ${f.seed}`, f.violation));
      const more = found.length > SHOWN ? [`… and ${found.length - SHOWN} more seeds`] : [];
      throw new ConformanceFailure(
        [
          `policy '${policy.name}' lost writes in ${scenario} with ${found.length} of ${ctx.seeds.length} seeds:`,
          ...shown,
          ...more,
        ].join('\n\n'),
        found,
      );
    },
  };
}

/** The explorer over its default small configuration: every interleaving must be safe. */
export function explorerCase(policy: FlushPolicy, ctx: KitContext): ConformanceCase {
  return {
    group: 'safety',
    name: 'explorer: every interleaving of the default small configuration is safe',
    run: async () => {
      const sim = await ctx.simulator();
      const report = sim.check({ policy: policy.name });
      if (report.verdict === 'safe') return;
      if (report.verdict === 'incomplete') {
        throw new ConformanceFailure(
          `the explorer stopped after ${report.statesExplored} states: ${report.reason ?? 'incomplete'}`,
        );
      }
      throw new ConformanceFailure(
        `policy '${policy.name}' is unsafe within the explorer's bound; ${formatCounterexample(report)}`,
      );
    },
  };
}
