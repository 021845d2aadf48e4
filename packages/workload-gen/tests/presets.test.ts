import { describe, expect, it } from 'vitest';
import { actorOf, createRng, scenarioPresets, type WorkloadEvent } from '../src/index.js';

function take(name: keyof typeof scenarioPresets, seed: number): WorkloadEvent[] {
  const preset = scenarioPresets[name];
  return [...preset.events(preset.defaults, createRng(seed))];
}

describe('createRng', () => {
  it('gives the same stream for the same seed, and another for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => rng.int(0, 1_000_000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('stays within bounds and gives chance(0) never, chance(1) always', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });
});

describe.each(Object.keys(scenarioPresets) as (keyof typeof scenarioPresets)[])(
  'preset %s',
  (name) => {
    const preset = scenarioPresets[name];

    it('is documented: name, description, format, MMU flavour and spec sections', () => {
      expect(preset.name).toBe(name);
      expect(preset.description.length).toBeGreaterThan(20);
      expect(['ept', 'ept-noad', 'legacy']).toContain(preset.format);
      expect(['tdp', 'shadow']).toContain(preset.mmu);
      expect(preset.specSections.length).toBeGreaterThan(0);
    });

    it('is reproducible from its seed', () => {
      expect(take(name, 5)).toEqual(take(name, 5));
      expect(take(name, 5)).not.toEqual(take(name, 6));
    });

    it('only names vCPUs and gfns inside the VM', () => {
      const { vcpus, gfns } = preset.defaults;
      for (const event of take(name, 3)) {
        if ('vcpu' in event) expect(event.vcpu).toBeLessThan(vcpus);
        if ('gfn' in event) expect(event.gfn).toBeLessThan(gfns);
        if (event.type === 'clear_dirty_log') expect(event.first % 64).toBe(0);
        expect(['vcpu', 'vmm', 'host-mm', 'tracker']).toContain(actorOf(event).kind);
      }
    });

    it('is lazy: the first event arrives without generating the rest', () => {
      const iterator = preset
        .events({ ...preset.defaults, events: 1e9 }, createRng(1))
        [Symbol.iterator]();
      expect(iterator.next().done).toBe(false);
    });
  },
);

describe('migration presets end with a final harvest', () => {
  it.each([
    'migration-bitmap',
    'migration-clear-log',
    'migration-ring',
    'write-track-during-migration',
  ] as const)('%s', (name) => {
    const events = take(name, 1);
    expect(events.at(-1)).toEqual({ type: 'final_harvest' });
    expect(events.some((e) => e.type === 'enable_dirty_logging')).toBe(true);
  });
});
