import type { GuestAccess } from '../events/workload-event.js';
import type { VmSetup } from './scenario-preset.js';

/** The next guest access; `writeShare`/`execShare` override the preset's mix for one phase. */
export type AccessSource = (writeShare?: number, execShare?: number) => GuestAccess;

/** Every vCPU writes before logging starts, leaving writable TLB entries behind (spec §4.2). */
export function* warmUp(next: AccessSource, vcpus: number): Generator<GuestAccess> {
  for (let i = 0; i < vcpus * 2; i++) yield next(1, 0);
}

/** Events between harvests for about `rounds` rounds, never closer than `min` events. */
export function harvestInterval(events: number, rounds: number, min: number): number {
  return Math.max(min, Math.floor(events / rounds));
}

/** The memslot flags of a huge-page backing ratio (spec §3.9): none at 0, all regions at 1. */
export function hugeBackingVm(ratio: number): VmSetup {
  if (ratio <= 0) return {};
  return ratio >= 1 ? { hugeBacking: true } : { hugeBacking: true, hugeBackingRatio: ratio };
}
