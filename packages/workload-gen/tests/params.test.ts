import { describe, expect, it } from 'vitest';
import {
  configurePreset,
  createRng,
  describeRange,
  migrationPml,
  parameterFlag,
  parametersOf,
  parseParamText,
  resolveParams,
  scenarioPresets,
  ScenarioParamError,
} from '../src/index.js';

const bitmap = scenarioPresets['migration-bitmap'];

describe('parameter validation', () => {
  it('fills every default and keeps given values', () => {
    const params = resolveParams(parametersOf(bitmap), { gfns: 64 }, bitmap.name);
    expect(params.gfns).toBe(64);
    expect(params.vcpus).toBe(2);
    expect(params.pattern).toBe('uniform');
    expect(params.spteFormat).toBe('ept');
  });

  it.each([
    [{ gfns: 0 }, /parameter 'gfns' \(--gfns\) must be an integer from 1 to 16777216; got 0/],
    [{ vcpus: 1.5 }, /parameter 'vcpus' \(--vcpus\) must be an integer from 1 to 64; got 1\.5/],
    [{ writeShare: 2 }, /'writeShare' \(--write-share\) must be a number from 0 to 1; got 2/],
    [
      { pattern: 'random' },
      /'pattern' \(--pattern\) must be one of uniform, zipf, hot-cold, sequential, working-set; got 'random'/,
    ],
    [
      { spteFormat: 'npt' },
      /'spteFormat' \(--spte-format\) must be one of ept, ept-noad, legacy; got 'npt'/,
    ],
    [{ events: '5' }, /'events' \(--events\) must be an integer from 1 to 1000000000; got '5'/],
  ])('rejects %j with a message naming the parameter and its range', (input, message) => {
    expect(() => resolveParams(parametersOf(bitmap), input, bitmap.name)).toThrow(message);
  });

  it('names an unknown parameter and lists the ones the preset takes', () => {
    const error = (() => {
      try {
        resolveParams(parametersOf(bitmap), { ringSize: 8 }, bitmap.name);
      } catch (e) {
        return e;
      }
    })() as ScenarioParamError;
    expect(error).toBeInstanceOf(ScenarioParamError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.parameter).toBe('ringSize');
    expect(error.message).toMatch(
      /^scenario migration-bitmap takes no parameter 'ringSize' \(--ring-size\); it takes: vcpus, gfns, events, spteFormat, /,
    );
  });

  it('checks rules across parameters', () => {
    expect(() => configurePreset(bitmap, { writeShare: 0.8, execShare: 0.3 })).toThrow(
      'scenario migration-bitmap: writeShare + execShare must be at most 1; got 0.8 + 0.3',
    );
    expect(() =>
      configurePreset(scenarioPresets['migration-ring'], { ringSize: 8, ringSlack: 8 }),
    ).toThrow(/ringSlack must be less than ringSize; got 8 ≥ 8/);
    expect(() => configurePreset(scenarioPresets['migration-clear-log'], { chunk: 100 })).toThrow(
      /'chunk' \(--chunk\) must be an integer from 64 to 1048576 \(a multiple of 64\); got 100/,
    );
  });

  it('validates on every use, also when a run passes params straight to events()', () => {
    expect(() => [...bitmap.events({ ...bitmap.defaults, gfns: -1 }, createRng(1))]).toThrow(
      /'gfns' \(--gfns\) must be an integer/,
    );
  });

  it('parses command-line text by kind; ranges are left to validation', () => {
    const spec = (name: string) => parametersOf(bitmap).find((p) => p.name === name)!;
    expect(parseParamText(spec('gfns'), '64')).toBe(64);
    expect(parseParamText(spec('gfns'), '0')).toBe(0);
    expect(parseParamText(spec('writeShare'), '.25')).toBe(0.25);
    expect(parseParamText(spec('pattern'), 'zipf')).toBe('zipf');
    const clearLog = parametersOf(scenarioPresets['migration-clear-log']);
    expect(
      parseParamText(
        clearLog.find((p) => p.name === 'initiallySet')!,
        'yes',
      ),
    ).toBe(true);
    expect(() => parseParamText(spec('gfns'), '6k')).toThrow(
      /'gfns' \(--gfns\) must be an integer from 1 to 16777216; got '6k'/,
    );
  });

  it('spells flags in kebab case and ranges in words', () => {
    expect(parameterFlag('hostMmRate')).toBe('--host-mm-rate');
    expect(describeRange({ name: 'x', description: '', kind: 'boolean', default: false })).toBe(
      'true or false',
    );
  });
});

describe('configurePreset', () => {
  it('derives the set-up from the parameters: format, memslot flags, rates', () => {
    const ring = configurePreset(scenarioPresets['migration-ring'], {
      spteFormat: 'ept-noad',
      ringSize: 64,
      ringSlack: 16,
      trackerRate: 9,
      hugeRatio: 0.5,
    });
    expect(ring.format).toBe('ept-noad');
    expect(ring.vm).toEqual({
      hugeBacking: true,
      hugeBackingRatio: 0.5,
      dirtyRing: { size: 64, softLimit: 48 },
    });
    expect(ring.rates).toEqual({ vcpu: 1, vmm: 1, hostMm: 1, tracker: 9 });
    expect(ring.defaults).toMatchObject({ ringSize: 64, spteFormat: 'ept-noad' });
  });

  it('host-reclaim runs on ept-noad by default and on ept when asked', () => {
    expect(scenarioPresets['host-reclaim'].format).toBe('ept-noad');
    expect(configurePreset(scenarioPresets['host-reclaim'], { spteFormat: 'ept' }).format).toBe(
      'ept',
    );
  });

  it('migration-clear-log runs with and without initially-set', () => {
    const clearLog = scenarioPresets['migration-clear-log'];
    expect(clearLog.vm).toMatchObject({ manualProtect: true, initiallySet: false });
    expect(configurePreset(clearLog, { initiallySet: true }).vm).toMatchObject({
      manualProtect: true,
      initiallySet: true,
    });
  });

  it('migration-pml runs on A/D EPT with PML, reaping by bitmap, CLEAR_DIRTY_LOG or ring', () => {
    const pml = migrationPml;
    expect(pml.format).toBe('ept');
    expect(pml.vm).toEqual({ pml: true });
    expect(configurePreset(pml, { harvest: 'clear-dirty-log' }).vm).toEqual({
      pml: true,
      manualProtect: true,
    });
    expect(configurePreset(pml, { harvest: 'dirty-ring' }).vm).toEqual({
      pml: true,
      dirtyRing: { size: 16, softLimit: 12 },
    });
    expect(() => configurePreset(pml, { spteFormat: 'ept-noad' })).toThrow(/must be one of ept;/);
  });

  it('a fixed format is a one-choice parameter', () => {
    expect(() => configurePreset(scenarioPresets['shadow-paging'], { spteFormat: 'ept' })).toThrow(
      /must be one of legacy; got 'ept'/,
    );
  });

  it('gives a preset that declares no parameters the common sizes', () => {
    const plain = {
      ...bitmap,
      defaults: { vcpus: 2, gfns: 8, events: 10 },
      parameters: undefined,
      setup: undefined,
    };
    expect(parametersOf(plain).map((p) => p.name)).toEqual(['vcpus', 'gfns', 'events']);
    expect(configurePreset(plain, { gfns: 16 }).defaults.gfns).toBe(16);
  });
});
