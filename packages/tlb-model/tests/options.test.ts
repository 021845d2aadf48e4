import { describe, expect, it } from 'vitest';
import { DEFAULT_GEOMETRY, TlbModelOptionsError, resolveTlbModelOptions } from '../src/index.js';

describe('TlbModelOptions', () => {
  it('fills in defaults', () => {
    const o = resolveTlbModelOptions({ vcpus: 4 });
    expect(o).toMatchObject({
      vcpus: 4,
      retention: 'adversarial',
      replacement: 'lru',
      seed: 0,
      pml: false,
      walk: '2d',
      classifyStaleHits: true,
    });
    expect(o.geometry).toEqual(DEFAULT_GEOMETRY);
  });

  it('merges partial geometry over the defaults', () => {
    const o = resolveTlbModelOptions({ vcpus: 1, geometry: { stlb: { entries: 2048, ways: 16 } } });
    expect(o.geometry.stlb).toEqual({ entries: 2048, ways: 16 });
    expect(o.geometry.l1d4k).toEqual(DEFAULT_GEOMETRY.l1d4k);
  });

  it('rejects bad options with the field and the problem', () => {
    const bad = (input: unknown) => () => resolveTlbModelOptions(input);
    expect(bad({ vcpus: 0 })).toThrow(/vcpus: Too small/);
    expect(bad({ vcpus: 1, retention: 'paranoid' })).toThrow(
      /retention: Invalid option: expected one of "realistic"\|"adversarial"/,
    );
    expect(bad({ vcpus: 1, geometry: { stlb: { entries: 1536, ways: 5 } } })).toThrow(
      /geometry\.stlb: 5 ways do not divide 1536 entries/,
    );
    expect(bad({ vcpus: 1, geometry: { l1d4k: { entries: 48, ways: 4 } } })).toThrow(
      /geometry\.l1d4k: 12 sets \(entries \/ ways\) is not a power of two/,
    );
    expect(bad({ vcpus: 1, geometry: { stlb1g: { entries: 0 } } })).toThrow(
      /geometry\.stlb1g\.entries: the STLB must have at least one entry/,
    );
    expect(bad({ vcpus: 1, geometry: { l3: {} } })).toThrow(/geometry: Unrecognized key: "l3"/);
    expect(bad({ vcpus: 1, costModel: { vmExit: 'x' } })).toThrow(/costModel[\s\S]*costs\.vmExit/);
    expect(bad({ vcpus: 1, retention: 1 })).toThrow(TlbModelOptionsError);
  });
});
