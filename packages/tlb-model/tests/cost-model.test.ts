import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COST_KEYS,
  CostModelError,
  TlbModel,
  cycleCosts,
  defaultCostModel,
  loadCostModelFile,
  mergeCostModel,
  parseCostModel,
} from '../src/index.js';
import { FakeWalker } from './helpers/fake-walker.js';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tlb-cost-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('default cost model', () => {
  it('has every key, a non-negative number of cycles and a source for each', () => {
    const model = defaultCostModel();
    expect(Object.keys(model).sort()).toEqual([...COST_KEYS].sort());
    for (const key of COST_KEYS) {
      expect(model[key].cycles).toBeGreaterThanOrEqual(0);
      expect(model[key].source.length).toBeGreaterThan(20);
    }
  });

  it('hands out copies', () => {
    const a = defaultCostModel();
    a.vmExit.cycles = 1;
    expect(defaultCostModel().vmExit.cycles).not.toBe(1);
  });
});

describe('parseCostModel / mergeCostModel', () => {
  it('accepts a subset, as numbers or entries, and merges it over the defaults', () => {
    const overrides = parseCostModel(
      { costs: { vmExit: 900, ipiRoundTrip: { cycles: 3000, source: 'my box' } } },
      'x.json',
    );
    const merged = mergeCostModel(defaultCostModel(), overrides, 'x.json');
    expect(merged.vmExit).toEqual({ cycles: 900, source: 'x.json', estimate: false });
    expect(merged.ipiRoundTrip).toEqual({ cycles: 3000, source: 'my box', estimate: false });
    expect(merged.vmEntry).toEqual(defaultCostModel().vmEntry);
  });

  it('names the file, the field path and the problem', () => {
    expect(() => parseCostModel({ costs: { vmExit: { cycles: 'fast' } } }, 'bad.json')).toThrow(
      /bad\.json[\s\S]*costs\.vmExit\.cycles: expected a number of cycles/,
    );
    expect(() => parseCostModel({ costs: { vmExit: -5 } }, 'neg.json')).toThrow(
      /neg\.json[\s\S]*costs\.vmExit\.cycles: cycles must be >= 0/,
    );
    expect(() => parseCostModel({ costs: { vmExitt: 5 } }, 'typo.json')).toThrow(
      /typo\.json[\s\S]*costs: Unrecognized key: "vmExitt"/,
    );
    expect(() => parseCostModel({ vmExit: 5 }, 'flat.json')).toThrow(/flat\.json[\s\S]*costs/);
    expect(() => parseCostModel('{"costs": ', 'trunc.json')).toThrow(/trunc\.json: not valid JSON/);
  });

  it('throws CostModelError', () => {
    expect(() => parseCostModel(42, 'n.json')).toThrow(CostModelError);
  });
});

describe('loadCostModelFile', () => {
  it('reads, validates and merges a file', () => {
    const path = tempFile(
      'costs.json',
      JSON.stringify({ description: 'lab', costs: { invept: 111 } }),
    );
    const model = loadCostModelFile(path);
    expect(model.invept).toEqual({ cycles: 111, source: path, estimate: false });
    expect(model.vmExit.cycles).toBe(defaultCostModel().vmExit.cycles);
  });

  it('rejects a bad file with its name', () => {
    const path = tempFile(
      'bad.json',
      JSON.stringify({ costs: { invept: { cycles: 1, sorce: 'x' } } }),
    );
    expect(() => loadCostModelFile(path)).toThrow(
      new RegExp(
        `${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\s\\S]*costs\\.invept: Unrecognized key: "sorce"`,
      ),
    );
    expect(() => loadCostModelFile(join(tmpdir(), 'no-such-cost-model.json'))).toThrow(
      /cannot read cost model .*no-such-cost-model\.json/,
    );
  });
});

describe('costs in the model', () => {
  it('createSimulator-style overrides reach the counters', () => {
    const walker = new FakeWalker();
    walker.set(1, { pfn: 1 });
    const tlb = new TlbModel(
      {
        vcpus: 1,
        costModel: { vmEntry: 0, twoDimensionalWalk: 77, tlbHit: 0 },
        classifyStaleHits: false,
      },
      walker,
    );
    tlb.enterGuest(0);
    tlb.access(0, 1, 0);
    tlb.access(0, 1, 0);
    expect(tlb.counters.cycles).toBe(77);
    expect(tlb.costModel.twoDimensionalWalk.source).toBe('costModel option');
    expect(cycleCosts(tlb.costModel).twoDimensionalWalk).toBe(77);
  });

  it('native walks cost nativeWalk', () => {
    const walker = new FakeWalker();
    walker.set(1, { pfn: 1 });
    const tlb = new TlbModel({ vcpus: 1, walk: 'native', costModel: { vmEntry: 0 } }, walker);
    tlb.enterGuest(0);
    tlb.access(0, 1, 0);
    expect(tlb.counters.cycles).toBe(tlb.costs.nativeWalk);
  });

  it('a remote flush charges one round trip plus per-receiver costs and receiver exits', () => {
    const tlb = new TlbModel({ vcpus: 3 }, new FakeWalker());
    for (let v = 0; v < 3; v++) tlb.enterGuest(v);
    const before = tlb.counters.cycles;
    tlb.flushRemoteAll();
    const c = tlb.costs;
    expect(tlb.counters.cycles - before).toBe(
      c.ipiRoundTrip + 2 * c.ipiPerReceiver + 3 * (c.vmExit + c.invept + c.vmEntry),
    );
  });
});
