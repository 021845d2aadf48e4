/**
 * `kvm->mmu_lock`, an rwlock on x86 (spec §3.3): the TDP MMU's fault and aging paths take it
 * for read, everything that must exclude them takes it for write.
 */
import type { StateBuffer } from './state-buffer.js';

export const LOCK_NONE = 0;
export const LOCK_READ = 1;
export const LOCK_WRITE = 2;
export type LockMode = typeof LOCK_NONE | typeof LOCK_READ | typeof LOCK_WRITE;

export class MmuLock {
  private readers = 0;
  private writer = false;
  /**
   * Someone failed to take the lock since it was last free: a waiter is queued, so
   * `rwlock_needbreak` is true and long walks yield (spec §12.11).
   */
  private waiting = false;

  /** Tries to take the lock; false means the caller must retry on a later step. */
  tryAcquire(mode: LockMode): boolean {
    if (mode === LOCK_WRITE ? this.writer || this.readers > 0 : this.writer) {
      this.waiting = true;
      return false;
    }
    if (mode === LOCK_WRITE) this.writer = true;
    else this.readers++;
    return true;
  }

  release(mode: LockMode): void {
    if (mode === LOCK_WRITE) {
      if (!this.writer) throw new Error('mmu_lock: write-unlock of a lock not held for write');
      this.writer = false;
    } else {
      if (this.readers === 0) throw new Error('mmu_lock: read-unlock of a lock not held for read');
      this.readers--;
    }
    if (!this.writer && this.readers === 0) this.waiting = false;
  }

  /** A waiter is queued (`rwlock_needbreak`). */
  get contended(): boolean {
    return this.waiting;
  }

  get heldForWrite(): boolean {
    return this.writer;
  }

  get readerCount(): number {
    return this.readers;
  }

  /** The holders and the waiting flag, for the explorer's snapshots. */
  saveState(out: StateBuffer): void {
    out.write(+this.writer);
    out.write(this.readers);
    out.write(+this.waiting);
  }

  loadState(src: StateBuffer): void {
    this.writer = src.read() !== 0;
    this.readers = src.read();
    this.waiting = src.read() !== 0;
  }
}
