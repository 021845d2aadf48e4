import { describe, expect, it } from 'vitest';
import { LOCK_READ, LOCK_WRITE, MmuLock } from '../../src/mmu/mmu-lock.js';

describe('mmu_lock (rwlock)', () => {
  it('admits many readers but no writer while they hold it', () => {
    const lock = new MmuLock();
    expect(lock.tryAcquire(LOCK_READ)).toBe(true);
    expect(lock.tryAcquire(LOCK_READ)).toBe(true);
    expect(lock.tryAcquire(LOCK_WRITE)).toBe(false);
    lock.release(LOCK_READ);
    lock.release(LOCK_READ);
    expect(lock.tryAcquire(LOCK_WRITE)).toBe(true);
  });

  it('excludes readers and writers while held for write', () => {
    const lock = new MmuLock();
    lock.tryAcquire(LOCK_WRITE);
    expect(lock.tryAcquire(LOCK_READ)).toBe(false);
    expect(lock.tryAcquire(LOCK_WRITE)).toBe(false);
    expect(lock.heldForWrite).toBe(true);
  });

  it('rejects releasing a lock that is not held', () => {
    const lock = new MmuLock();
    expect(() => lock.release(LOCK_WRITE)).toThrow(/not held/);
    expect(() => lock.release(LOCK_READ)).toThrow(/not held/);
  });
});
