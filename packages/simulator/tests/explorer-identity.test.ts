import { describe, expect, it } from 'vitest';
import { type CheckConfig, createSimulator, DEFAULT_CHECK } from '../src/index.js';
import { CheckWorld } from '../src/explore/check-world.js';
import { worldFingerprint } from '../src/explore/fingerprint.js';
import { SCENARIO_CHECKS } from '../src/explore/scenario-checks.js';
import { WorldHasher } from '../src/explore/world-hasher.js';
import { simulatedTlbFactory } from '../src/run/simulated-tlb.js';

/*
 * Regression (issue 10 review): the explorer's state identity covered a dirty ring only by its
 * number of entries in use and left PML buffers out, so two states that differ only in which
 * gfns wait in a ring or a PML buffer — and so in which pages a later harvest marks — were
 * merged, and one of them never explored.
 */
const sim = createSimulator();

function world(scenario: string): CheckWorld {
  const preset = sim.scenario(scenario);
  const config: CheckConfig = {
    ...DEFAULT_CHECK,
    format: preset.format,
    mmu: preset.mmu,
    vm: preset.vm,
    ...SCENARIO_CHECKS[preset.name],
    policy: sim.policy('kvm-v6.13'),
  };
  return new CheckWorld(config, simulatedTlbFactory(), { quiet: true });
}

function identity(cw: CheckWorld): { text: string; hash: string } {
  const hasher = new WorldHasher();
  hasher.hash(cw);
  return {
    text: worldFingerprint(cw.world, cw.scriptState()),
    hash: `${hasher.h1}:${hasher.h2}`,
  };
}

describe('the explorer tells states apart by everything that decides their future', () => {
  it('dirty-ring entries: the same count of different gfns are different states', () => {
    const a = world('migration-ring');
    const b = world('migration-ring');
    expect(identity(a)).toEqual(identity(b));
    a.world.vm.rings[0]!.push(0);
    b.world.vm.rings[0]!.push(1);
    expect(identity(a).text).not.toBe(identity(b).text);
    expect(identity(a).hash).not.toBe(identity(b).hash);
  });

  it('harvested ring entries differ from unharvested ones', () => {
    const a = world('migration-ring');
    const b = world('migration-ring');
    a.world.vm.rings[0]!.push(0);
    b.world.vm.rings[0]!.push(0);
    b.world.vm.rings[0]!.harvest([]);
    expect(identity(a).text).not.toBe(identity(b).text);
    expect(identity(a).hash).not.toBe(identity(b).hash);
  });

  it('pending PML entries are part of the state', () => {
    const a = world('migration-pml');
    const b = world('migration-pml');
    expect(identity(a)).toEqual(identity(b));
    // The processor logs a gfn when it sets an SPTE's D bit (spec §4.6); log directly here.
    const log = (cw: CheckWorld, gfn: number) =>
      (
        cw.world.tlb as unknown as { core: { pml: { log(v: number, g: number): void } } }
      ).core.pml.log(0, gfn);
    log(a, 0);
    log(b, 1);
    const pending = (cw: CheckWorld) => {
      const out = new Int32Array(513);
      cw.world.tlb.writePmlIdentity!(0, out, 0);
      return out[0];
    };
    expect(pending(a)).toBe(1);
    expect(pending(b)).toBe(1);
    expect(identity(a).text).not.toBe(identity(b).text);
    expect(identity(a).hash).not.toBe(identity(b).hash);
  });
});
