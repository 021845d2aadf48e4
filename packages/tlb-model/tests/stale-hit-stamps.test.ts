import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeStamps } from '../src/change-stamps.js';
import { EXEC, FAULT, IN_GUEST, READ, TlbModel, WRITE } from '../src/index.js';
import { FakeWalker } from './helpers/fake-walker.js';

/**
 * Stale-hit classification with the walker's change stamps (issue 20): an entry whose SPTEs
 * were not written since its fill is classified fresh without a second walk. The shortcut must
 * never change a result, so the property runs one command list on two models — one whose
 * walker keeps stamps, one whose walker does not — and compares every outcome and class.
 */
class StampedWalker extends FakeWalker implements ChangeStamps {
  private clock = 1;
  private readonly stamps = new Map<number, number>();

  constructor() {
    super();
    this.onChange = (level, firstGfn) =>
      this.stamps.set((firstGfn >>> (9 * (level - 1))) * 4 + level, this.clock++);
  }

  get changeClock(): number {
    return this.clock;
  }

  changedSince(gfn: number, level: number, stamp: number): boolean {
    if (stamp === 0) return true;
    for (let l = level; l <= 3; l++)
      if ((this.stamps.get((gfn >>> (9 * (l - 1))) * 4 + l) ?? 0) >= stamp) return true;
    return false;
  }
}

type Cmd =
  | { t: 'access'; v: number; g: number; kind: number }
  | { t: 'set'; g: number; pfn: number; w: boolean; ad: boolean; d: boolean }
  | { t: 'update'; g: number; w: boolean; d: boolean }
  | { t: 'remove'; g: number }
  | { t: 'huge'; pfn: number; w: boolean }
  | { t: 'unhuge' };

const gArb = fc.constantFrom(0, 1, 2, 513);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('access' as const),
      v: fc.integer({ min: 0, max: 1 }),
      g: gArb,
      kind: fc.constantFrom(READ, WRITE, EXEC),
    }),
  },
  fc.record({
    t: fc.constant('set' as const),
    g: gArb,
    pfn: fc.constantFrom(100, 200),
    w: fc.boolean(),
    ad: fc.boolean(),
    d: fc.boolean(),
  }),
  fc.record({ t: fc.constant('update' as const), g: gArb, w: fc.boolean(), d: fc.boolean() }),
  fc.record({ t: fc.constant('remove' as const), g: gArb }),
  fc.record({ t: fc.constant('huge' as const), pfn: fc.constantFrom(1024, 2048), w: fc.boolean() }),
  fc.record({ t: fc.constant('unhuge' as const) }),
);

function apply(walker: FakeWalker, tlb: TlbModel, cmd: Cmd): string {
  switch (cmd.t) {
    case 'access': {
      if (tlb.mode(cmd.v) !== IN_GUEST) tlb.enterGuest(cmd.v);
      const outcome = tlb.access(cmd.v, cmd.g, cmd.kind);
      return `${outcome}/${outcome === FAULT ? '-' : tlb.lastStale}/${tlb.lastPfn}`;
    }
    case 'set':
      walker.set(cmd.g, { pfn: cmd.pfn, w: cmd.w, x: true, ad: cmd.ad, d: cmd.d });
      return '';
    case 'update':
      if (walker.leafFor(cmd.g)?.level === 1) walker.update(cmd.g, { w: cmd.w, d: cmd.d });
      return '';
    case 'remove':
      if (walker.leafFor(cmd.g)?.level === 1) walker.remove(cmd.g);
      return '';
    case 'huge':
      walker.set(512, { level: 2, pfn: cmd.pfn, w: cmd.w, x: true });
      return '';
    case 'unhuge':
      if (walker.leafFor(512)?.level === 2) walker.remove(512, 2);
      return '';
  }
}

describe('stale-hit classification with change stamps', () => {
  it('classifies every access as the walking classification does', () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { maxLength: 80 }), (cmds) => {
        const stamped = new StampedWalker();
        const plain = new FakeWalker();
        const a = new TlbModel({ vcpus: 2, retention: 'adversarial' }, stamped);
        const b = new TlbModel({ vcpus: 2, retention: 'adversarial' }, plain);
        for (const cmd of cmds) expect(apply(stamped, a, cmd)).toBe(apply(plain, b, cmd));
        expect(a.counters.staleHarmless).toBe(b.counters.staleHarmless);
        expect(a.counters.staleExceeding).toBe(b.counters.staleExceeding);
      }),
      { numRuns: 300 },
    );
  });

  it('skips the second walk of a hit on an entry whose SPTE has not changed', () => {
    const walker = new StampedWalker();
    walker.set(7, { pfn: 70 });
    const tlb = new TlbModel({ vcpus: 1, retention: 'adversarial' }, walker);
    tlb.enterGuest(0);
    tlb.access(0, 7, READ);
    tlb.access(0, 7, READ);
    expect(walker.walks).toBe(1);
    walker.update(7, { w: false });
    tlb.access(0, 7, READ);
    // The SPTE changed: the hit walks to classify (harmless: a read is still allowed).
    expect(walker.walks).toBe(2);
    expect(tlb.counters.staleHarmless).toBe(1);
  });
});
