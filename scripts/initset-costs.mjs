#!/usr/bin/env node
// Issue 18, item 3: what each fix of the initially-set CLEAR_DIRTY_LOG race costs, by call
// site, over seeded runs of the two presets (docs/findings/initially-set-write-track.md).
// Needs a build first (`npx nx run @spte-lab/cli:build`). Usage:
//   node scripts/initset-costs.mjs [--seeds N] [--eager-split on|off|fails]
// Each policy is wrapped to count, without changing any decision: 2M write-protects made by
// the init-set hook, flushes requested right there (fix (b)'s overhead), and flushes requested
// by the write-tracker (kvm_write_track_add_gfn, account_shadowed) — the flush the tracker owes
// when it clears MW itself, which fix 2 restores and which is correctness, not overhead.
import { parseArgs } from 'node:util';
import { createSimulator } from '../packages/simulator/dist/index.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '20' }, 'eager-split': { type: 'string', default: 'off' } },
});
const seeds = Number(values.seeds);
const eagerSplit = values['eager-split'];
if (!Number.isInteger(seeds) || seeds < 1 || !['on', 'off', 'fails'].includes(eagerSplit)) {
  process.stderr.write('initset-costs: --seeds must be a positive integer, --eager-split on|off|fails\n');
  process.exit(2);
}
const sim = createSimulator();
const POLICIES = [
  'kvm-v6.13',
  'kvm-v6.13-initset-flush-at-unlock',
  'kvm-v6.13-initset-flush',
  'kvm-v6.13-initset-keep-mw',
];
const TRACKERS = new Set(['kvm_write_track_add_gfn', 'account_shadowed']);
const wants = (d) => d != null && (!Array.isArray(d) || d.length > 0);

console.log(`eager_page_split=${eagerSplit}; seeds 1..${seeds}; sums over all seeds`);
console.log('scenario                   policy                              flushes  hugeWP  hookFlush  trackerFlush  violations');
for (const scenario of ['write-track-initially-set', 'shadow-mmu-initially-set']) {
  for (const name of POLICIES) {
    const base = sim.policy(name);
    const n = { hugeWp: 0, hook: 0, tracker: 0, flushes: 0, violations: 0 };
    const policy = {
      ...base,
      onLeafChange(change) {
        const decision = base.onLeafChange?.(change);
        if (change.site === 'init_set_huge_write_protect') {
          n.hugeWp++;
          if (wants(decision)) n.hook++;
        }
        if (TRACKERS.has(change.site) && wants(decision)) n.tracker++;
        return decision;
      },
    };
    for (let seed = 1; seed <= seeds; seed++) {
      const result = sim.run({ policy, scenario: sim.scenario(scenario), seed, eagerSplit });
      n.flushes += result.stats.remote_tlb_flush_requests;
      n.violations += result.violations.length;
    }
    console.log(
      `${scenario.padEnd(26)} ${name.padEnd(35)} ${String(n.flushes).padStart(7)} ${String(n.hugeWp).padStart(7)} ${String(n.hook).padStart(10)} ${String(n.tracker).padStart(13)} ${String(n.violations).padStart(11)}`,
    );
  }
}
