import { describe, expect, it } from 'vitest';
import {
  actorOf,
  configurePreset,
  createRng,
  describeRange,
  parametersOf,
  migrationPml,
  resolveParams,
  type ScenarioPreset,
  scenarioPresets,
  type WorkloadEvent,
} from '../src/index.js';

/** Every preset: the registry's and migration-pml, which is not registered yet. */
const presets: Readonly<Record<string, ScenarioPreset>> = {
  ...scenarioPresets,
  'migration-pml': migrationPml,
};

function take(name: string, seed: number): WorkloadEvent[] {
  const preset = presets[name]!;
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

describe.each(Object.keys(presets))('preset %s', (name) => {
  const preset = presets[name]!;

  it('is documented: name, description, format, MMU flavour and spec sections', () => {
    expect(preset.name).toBe(name);
    expect(preset.description.length).toBeGreaterThan(20);
    expect(['ept', 'ept-noad', 'legacy']).toContain(preset.format);
    expect(['tdp', 'shadow']).toContain(preset.mmu);
    expect(preset.specSections.length).toBeGreaterThan(0);
  });

  it('exposes its parameters as data: name, description, default inside its range', () => {
    const specs = parametersOf(preset);
    const names = specs.map((p) => p.name);
    expect(names.slice(0, 3)).toEqual(['vcpus', 'gfns', 'events']);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of specs) {
      expect(spec.description.length, spec.name).toBeGreaterThan(10);
      expect(describeRange(spec).length).toBeGreaterThan(0);
      // The default passes the parameter's own validation.
      expect(resolveParams([spec], {}, preset.name)[spec.name]).toBe(spec.default);
    }
    expect(resolveParams(specs, {}, preset.name)).toEqual(preset.defaults);
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
});

describe.each(Object.values(scenarioPresets).filter((p) => p.parameters !== undefined))(
  'parameterised preset $name',
  (preset) => {
    it('offers its format as spteFormat, the default first', () => {
      const format = preset.parameters!.find((p) => p.name === 'spteFormat');
      expect(format?.kind).toBe('choice');
      expect(format?.default).toBe(preset.format);
    });

    it('follows its access pattern and mix parameters when it has them', () => {
      if (!preset.parameters!.some((p) => p.name === 'pattern')) return;
      const configured = configurePreset(preset, { pattern: 'zipf', zipfS: 3, execShare: 0.3 });
      const accesses = [...configured.events(configured.defaults, createRng(2))].filter(
        (e) => e.type === 'access',
      );
      const gfn0 = accesses.filter((e) => e.gfn === 0).length;
      expect(gfn0 / accesses.length).toBeGreaterThan(0.6); // zipf(3) puts ~83% on gfn 0
      expect(accesses.some((e) => e.access === 'exec')).toBe(true);
    });
  },
);

describe('migration presets end with a final harvest', () => {
  it.each([
    'migration-bitmap',
    'migration-clear-log',
    'migration-ring',
    'migration-pml',
    'write-track-during-migration',
  ] as const)('%s', (name) => {
    const events = take(name, 1);
    expect(events.at(-1)).toEqual({ type: 'final_harvest' });
    expect(events.some((e) => e.type === 'enable_dirty_logging')).toBe(true);
  });
});
