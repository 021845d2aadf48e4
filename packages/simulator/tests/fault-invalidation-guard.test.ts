import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createSimulator, GUEST_TLB_FACTORY, simulatedTlbFactory } from '../src/index.js';

/**
 * Guard test (spec §6.3, patch 01 changelog): x86 invalidates the faulting translation on a
 * fault, which is why KVM may leave stale read-only entries behind when it raises permissions
 * without a flush. Remove that rule from the TLB model and a vCPU loops on a stale read-only
 * entry; keep it and the same runs are clean.
 */
function runMigration(faultInvalidates: boolean) {
  const plugins = faultInvalidates
    ? []
    : [
        new ContainerModule(({ rebind }) => {
          rebind(GUEST_TLB_FACTORY).toConstantValue(
            simulatedTlbFactory(undefined, { faultInvalidates: false }),
          );
        }),
      ];
  const sim = createSimulator({ plugins });
  return [1, 2, 3, 4, 5].map((seed) =>
    sim.run({ policy: sim.policy('kvm-v6.13'), scenario: sim.scenario('migration-bitmap'), seed }),
  );
}

describe('the fault-invalidates-TLB rule', () => {
  it('without it, a vCPU loops on a stale read-only entry (a model error, not a verdict)', () => {
    const loops = runMigration(false)
      .flatMap((r) => r.violations)
      .filter((v) => /fault loop/.test(v.message));
    expect(loops.length).toBeGreaterThan(0);
    expect(loops[0]!.kind).toBe('model');
  });

  it('with it, the same runs have no fault loop', () => {
    expect(runMigration(true).flatMap((r) => r.violations)).toEqual([]);
  });
});
