import type { ResultDocument, RunResult, Violation } from '../src/index.js';

export const POLICIES = ['kvm-v6.12', 'kvm-v6.13', 'never'] as const;
export const SCENARIOS = ['migration-bitmap', 'write-track-during-migration'] as const;

/** Deterministic, distinct numbers per cell, so aggregation mistakes show. */
function stats(p: number, s: number, seed: number): Record<string, number> {
  const base = (p + 1) * 10 + s * 100 + seed;
  const never = POLICIES[p] === 'never';
  return {
    remote_tlb_flush_requests: never ? 0 : base,
    remote_tlb_flush: never ? 0 : base - 1,
    tlb_flush: 3 * seed,
    pf_taken: 40 + seed,
    ipis: never ? 0 : 2 * base,
    tlb_misses: 100 * (p + 1) + seed,
    tlb_hits: 1000,
    cycles: 1_000_000 * (p + 1) + 1000 * seed + s,
  };
}

export function violation(step: number): Violation {
  return {
    kind: 'migration',
    gfn: 7,
    vcpu: -1,
    step,
    message:
      'gfn 7: destination has version 2, guest wrote version 5; a dirty page was never harvested',
    trace: [
      { step: step - 30, actor: 'vmm', operation: 'enable_dirty_logging', detail: 'lock' },
      {
        step: step - 20,
        actor: 'vcpu1',
        operation: 'guest access',
        detail: 'write via stale TLB entry <W=1>',
      },
      {
        step: step - 10,
        actor: 'vmm',
        operation: 'get_dirty_log',
        detail: 'SPTE 0x8000 → 0x0 & "clear" D',
      },
    ],
  };
}

/** The flush requests split over two kernel sites (the v6.12 policy flushes more in `mmu_set_spte`). */
function flushesBySite(requests: number, p: number): Record<string, number> {
  if (requests === 0) return {};
  const atSet = POLICIES[p] === 'kvm-v6.12' ? Math.floor(requests / 2) : 1;
  return { kvm_clear_dirty_log_protect: requests - atSet, mmu_set_spte: atSet };
}

export function run(p: number, s: number, seed: number): RunResult {
  const policy = POLICIES[p]!;
  const runStats = stats(p, s, seed);
  return {
    policy,
    scenario: SCENARIOS[s]!,
    seed,
    stats: runStats,
    flushesBySite: flushesBySite(runStats.remote_tlb_flush_requests!, p),
    rangeFlushesBySite: {},
    // `never` loses writes in the first scenario only, and only with seed 1.
    violations: policy === 'never' && s === 0 && seed === 1 ? [violation(500), violation(510)] : [],
  };
}

export function makeDocument(seeds: readonly number[] = [1, 2]): ResultDocument {
  const runs: RunResult[] = [];
  SCENARIOS.forEach((_, s) =>
    POLICIES.forEach((_, p) => seeds.forEach((seed) => runs.push(run(p, s, seed)))),
  );
  return {
    schemaVersion: 3,
    tool: { name: 'spte-lab', version: '0.1.0' },
    command: `spte-lab compare --seeds ${seeds.join(',')}`,
    seeds,
    parameters: {
      policies: [...POLICIES],
      scenarios: [...SCENARIOS],
      retention: 'adversarial',
      baseline: 'kvm-v6.13',
      scenarioSettings: {
        'migration-bitmap': { vcpus: 2, gfns: 16, events: 400, format: 'ept', mmu: 'tdp' },
      },
    },
    costModel: { ipiRoundTrip: { cycles: 4500, source: 'Amit, USENIX ATC 2017', estimate: true } },
    runs,
  };
}

/**
 * A one-seed document with `count` policies (`policy-0`, …), no violations, and per scenario a
 * spread of values from 1 to ~count²·10, so some panels need a log axis.
 */
export function makeWideDocument(count: number): ResultDocument {
  const policies = Array.from({ length: count }, (_, i) => `policy-${i}`);
  const runs: RunResult[] = [];
  SCENARIOS.forEach((scenario, s) =>
    policies.forEach((policy, p) => {
      const value = s === 0 ? p + 1 : (p + 1) ** 2 * 10;
      runs.push({
        policy,
        scenario,
        seed: 1,
        stats: {
          remote_tlb_flush_requests: value,
          ipis: value * 2,
          tlb_misses: 100 + p,
          cycles: 1000 * value,
        },
        flushesBySite: { kvm_flush_remote_tlbs: value },
        rangeFlushesBySite: {},
        violations: [],
      });
    }),
  );
  return {
    ...makeDocument([1]),
    parameters: { policies, scenarios: [...SCENARIOS], retention: 'adversarial' },
    runs,
  };
}
