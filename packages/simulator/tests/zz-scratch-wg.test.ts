import { it } from 'vitest';
import { configurePreset } from '@spte-lab/workload-gen';
import { createSimulator } from '../src/index.js';
it('scratch', () => {
  const sim = createSimulator();
  const out: string[] = [];
  const cases: [string, Record<string, unknown>][] = [];
  for (const name of [
    'migration-bitmap',
    'migration-clear-log',
    'migration-ring',
    'write-track-during-migration',
    'host-reclaim',
    'mixed',
  ])
    for (const hugeRatio of [0.5, 1])
      cases.push([name, { hugeRatio, gfns: 1024, pattern: 'hot-cold' }]);
  cases.push(
    ['migration-clear-log', { initiallySet: true }],
    ['migration-clear-log', { initiallySet: true, hugeRatio: 1, gfns: 1024 }],
    ['migration-clear-log', { chunk: 128, gfns: 300 }],
  );
  cases.push(
    ['migration-ring', { ringSize: 64, ringSlack: 8, vcpus: 4 }],
    ['huge-page-migration', { eagerSplit: 'off' }],
    ['huge-page-migration', { eagerSplit: 'fails' }],
    ['huge-page-migration', { hugeRatio: 0.5 }],
  );
  cases.push(
    ['shadow-paging', { tableShare: 0.2, upperShare: 0.2, vcpus: 3 }],
    ['host-reclaim', { maxRange: 8, hostShare: 0.3, invalidateShare: 0.5 }],
  );
  for (const [name, params] of cases)
    for (const policy of ['kvm-v6.12', 'kvm-v6.13', 'never']) {
      const configured = configurePreset(sim.scenario(name), params);
      const kinds = new Map<string, string>();
      for (let seed = 1; seed <= 8; seed++) {
        const r = sim.run({
          policy: sim.policy(policy),
          scenario: configured,
          seed,
          retention: 'adversarial',
        });
        for (const v of r.violations)
          if (!kinds.has(v.kind)) kinds.set(v.kind, `seed ${seed}: ${v.message}`);
      }
      out.push(
        `${name} ${JSON.stringify(params)} ${policy}: ${[...kinds.entries()].map(([k, m]) => `${k} (${m})`).join('; ') || 'clean'}`,
      );
    }
  console.log(out.join('\n'));
}, 600_000);
