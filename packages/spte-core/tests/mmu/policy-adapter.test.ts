import { describe, expect, it } from 'vitest';
import { PolicyAdapter, PolicyError } from '../../src/mmu/policy-adapter.js';
import type { FlushPoint, LeafChange } from '../../src/ports/flush-policy.js';

const anyChange = {} as LeafChange;
const anyPoint = {} as FlushPoint;

describe('PolicyAdapter (the one door into a policy)', () => {
  it('treats a missing hook as "no flush"', () => {
    const adapter = new PolicyAdapter({ name: 'empty', description: 'no hooks' });
    expect(adapter.onLeafChange(anyChange)).toBeNull();
    expect(adapter.onFlushPoint(anyPoint)).toBeNull();
  });

  it('names the policy when a hook throws', () => {
    const adapter = new PolicyAdapter({
      name: 'boom',
      description: 'throws',
      onLeafChange: () => {
        throw new Error('kaput');
      },
    });
    expect(() => adapter.onLeafChange(anyChange)).toThrow(PolicyError);
    expect(() => adapter.onLeafChange(anyChange)).toThrow(
      "policy 'boom': onLeafChange threw: kaput",
    );
  });

  it('rejects an answer that is not a flush request', () => {
    const adapter = new PolicyAdapter({
      name: 'sloppy',
      description: 'bad answer',
      onFlushPoint: () => ({ scope: { kind: 'everything' }, timing: 'now' }) as never,
    });
    expect(() => adapter.onFlushPoint(anyPoint)).toThrow(/policy 'sloppy': onFlushPoint returned/);
  });

  it('passes well-formed single and multiple requests through', () => {
    const one = { scope: { kind: 'all' as const }, timing: 'now' as const };
    const adapter = new PolicyAdapter({
      name: 'ok',
      description: 'fine',
      onLeafChange: () => one,
      onFlushPoint: () => [
        one,
        { scope: { kind: 'range' as const, gfn: 0, count: 1 }, timing: 'before-return' as const },
      ],
    });
    expect(adapter.onLeafChange(anyChange)).toBe(one);
    expect(adapter.onFlushPoint(anyPoint)).toHaveLength(2);
  });
});
