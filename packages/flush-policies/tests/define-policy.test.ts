import {
  FLUSH_ALL_BEFORE_UNLOCK,
  FLUSH_ALL_NOW,
  type FlushPoint,
  type LeafChange,
  PolicyAdapter,
} from '@spte-lab/spte-core';
import { describe, expect, it } from 'vitest';
import {
  definePolicy,
  FLUSH_ALL_AT_NEXT_ENTRY,
  isDefinedPolicy,
  POLICY_API_VERSION,
  type PolicyDefinition,
  PolicyDefinitionError,
} from '../src/index.js';

const change = { gfn: 3, level: 1, permissionsReduced: true } as LeafChange;
const point = { kind: 'lock-release', operation: 'get_dirty_log', vcpu: -1 } as FlushPoint;

describe('definePolicy', () => {
  it('runs the README’s smallest plugin exactly as written', () => {
    const policy = definePolicy({
      name: 'flush-everything',
      description: 'flushes on every leaf change, immediately',
      onLeafChange: () => ({ scope: 'all', timing: 'now' }),
    });
    // The string scope becomes the port's shared request: valid for the adapter, no allocation.
    expect(policy.onLeafChange!(change)).toBe(FLUSH_ALL_NOW);
    expect(new PolicyAdapter(policy).onLeafChange(change)).toEqual({
      scope: { kind: 'all' },
      timing: 'now',
    });
    expect(policy.onFlushPoint).toBeUndefined();
  });

  it("normalizes 'all' for every timing, keeps object scopes, and reads false as no flush", () => {
    const timings = ['now', 'before-unlock', 'before-return', 'next-entry'] as const;
    const policy = definePolicy({
      name: 'mixed-answers',
      description: 'answers in every form the contract allows',
      onLeafChange: (c) => [
        ...timings.map((timing) => ({ scope: 'all' as const, timing })),
        { scope: { kind: 'range', gfn: c.gfn, count: 1 }, timing: 'now' },
        { scope: { kind: 'vcpus', vcpus: [1] }, timing: 'before-unlock' },
      ],
      onFlushPoint: () => false,
    });
    const answer = policy.onLeafChange!(change) as unknown[];
    expect(answer.slice(0, 4)).toEqual([
      FLUSH_ALL_NOW,
      FLUSH_ALL_BEFORE_UNLOCK,
      expect.objectContaining({ timing: 'before-return', scope: { kind: 'all' } }),
      FLUSH_ALL_AT_NEXT_ENTRY,
    ]);
    expect(answer[4]).toEqual({ scope: { kind: 'range', gfn: 3, count: 1 }, timing: 'now' });
    expect(answer[5]).toEqual({ scope: { kind: 'vcpus', vcpus: [1] }, timing: 'before-unlock' });
    expect(policy.onFlushPoint!(point)).toBeNull();
  });

  it('passes a port-form answer through untouched (same object)', () => {
    const list = [FLUSH_ALL_NOW];
    const policy = definePolicy({ name: 'p', description: 'port form', onLeafChange: () => list });
    expect(policy.onLeafChange!(change)).toBe(list);
  });

  it('leaves a malformed answer for the adapter, which names the policy', () => {
    const policy = definePolicy({
      name: 'typo-timing',
      description: 'answers a timing that does not exist',
      onLeafChange: () => ({ scope: 'all', timing: 'soon' as 'now' }),
    });
    expect(() => new PolicyAdapter(policy).onLeafChange(change)).toThrow(
      /^policy 'typo-timing': onLeafChange returned .*"soon"/,
    );
  });

  it('records the API version, is frozen, and is recognized as defined', () => {
    const policy = definePolicy({ name: 'quiet', description: 'never flushes' });
    expect(policy.apiVersion).toBe(POLICY_API_VERSION);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(isDefinedPolicy(policy)).toBe(true);
    expect(isDefinedPolicy({ name: 'quiet', description: 'never flushes' })).toBe(false);
    expect(definePolicy(policy)).toBe(policy);
  });

  it('calls hooks with the definition as `this`, so methods can share helpers', () => {
    const definition = {
      name: 'with-helper',
      description: 'uses a helper on its definition',
      onLeafChange(this: { lost(c: LeafChange): boolean }, c: LeafChange) {
        return this.lost(c) ? FLUSH_ALL_NOW : null;
      },
      lost: (c: LeafChange) => c.permissionsReduced,
    };
    // Extra keys are refused, so the helper has to live on a prototype or a closure …
    expect(() => definePolicy(definition as PolicyDefinition)).toThrow(/unknown key 'lost'/);
    const withProto = Object.assign(Object.create({ lost: definition.lost }), {
      name: definition.name,
      description: definition.description,
      onLeafChange: definition.onLeafChange,
    });
    // … where `this` still finds it.
    expect(definePolicy(withProto).onLeafChange!(change)).toBe(FLUSH_ALL_NOW);
  });

  it('passes kernel and kvmBehaviour on to the port', () => {
    const policy = definePolicy({
      name: 'keep-mw',
      description: 'changes KVM behaviour, not flushing',
      kernel: 'v6.12',
      kvmBehaviour: { initSetHugeWriteProtect: 'keep-mw' },
    });
    expect(policy.kernel).toBe('v6.12');
    expect(policy.kvmBehaviour).toEqual({ initSetHugeWriteProtect: 'keep-mw' });
  });

  it('checks a spread copy of a defined policy again (the brand is not enumerable)', () => {
    const base = definePolicy({ name: 'base', description: 'a base policy' });
    expect(() => definePolicy({ ...base, name: 'bad name' })).toThrow(PolicyDefinitionError);
    expect(definePolicy({ ...base, name: 'renamed' }).name).toBe('renamed');
  });
});

describe('definePolicy rejects, when the plugin loads, what would misbehave in a run', () => {
  const cases: [string, unknown, RegExp][] = [
    ['no object', undefined, /expected an object with name and description \(got undefined\)/],
    ['an empty name', { name: '', description: 'd' }, /name must be 1–64 letters/],
    ['a name with a comma', { name: 'a,b', description: 'd' }, /name must be .* \(got "a,b"\)/],
    ['no description', { name: 'x' }, /description must be a non-empty string/],
    [
      'a hook that is not a function',
      { name: 'x', description: 'd', onLeafChange: 'all' },
      /onLeafChange must be a function \(got "all"\)/,
    ],
    [
      'a misspelt hook',
      { name: 'x', description: 'd', onLeafchange: () => null },
      /unknown key 'onLeafchange' \(known: name, description, apiVersion/,
    ],
    [
      'an unknown kernel',
      { name: 'x', description: 'd', kernel: 'v5.0' },
      /kernel must be one of v6.12, v6.13/,
    ],
    [
      'a newer minor API',
      { name: 'x', description: 'd', apiVersion: '1.9' },
      /wrong apiVersion '1.9'.*upgrade spte-lab/,
    ],
    [
      'another major API',
      { name: 'x', description: 'd', apiVersion: '2.0' },
      /wrong apiVersion '2.0'.*rebuild the plugin/,
    ],
  ];
  it.each(cases)('%s', (_what, definition, message) => {
    expect(() => definePolicy(definition as PolicyDefinition)).toThrow(PolicyDefinitionError);
    expect(() => definePolicy(definition as PolicyDefinition)).toThrow(message);
  });

  it('lists every problem at once, naming the policy', () => {
    expect(() => definePolicy({ name: 'two-problems', onLeafChange: 1 } as never)).toThrow(
      /^definePolicy\('two-problems'\): description must be .*; onLeafChange must be a function/,
    );
  });
});
