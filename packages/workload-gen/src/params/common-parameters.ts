import { integer } from './parameter.js';

/** A 64 GiB guest of 4K pages: per-gfn state is typed arrays, about 40 bytes a gfn (issue 10). */
export const MAX_GFNS = 1 << 24;
/** vCPUs one run models; each has its own TLB and actor. */
export const MAX_VCPUS = 64;
/** Streams are lazy, so length costs time, not memory. */
export const MAX_EVENTS = 1_000_000_000;
/** Scheduler weights are small integers (ActorRates). */
export const MAX_RATE = 100;

export interface Sizes {
  readonly vcpus: number;
  readonly gfns: number;
  readonly events: number;
}

/** `--vcpus`, `--gfns` (the guest's size), `--events`: every preset takes them. */
export function sizeParameters(sizes: Sizes) {
  return [
    integer('vcpus', 'vCPUs of the guest (each has its own TLB)', {
      default: sizes.vcpus,
      min: 1,
      max: MAX_VCPUS,
    }),
    integer('gfns', 'guest size in 4K pages (gfns 0 to gfns-1, one memslot)', {
      default: sizes.gfns,
      min: 1,
      max: MAX_GFNS,
    }),
    integer('events', 'length of the main phase, in events (set-up and wind-down add a few)', {
      default: sizes.events,
      min: 1,
      max: MAX_EVENTS,
    }),
  ] as const;
}

export interface RateDefaults {
  readonly vcpu?: number;
  readonly vmm?: number;
  readonly hostMm?: number;
  readonly tracker?: number;
}

/**
 * The op rates: how often the scheduler steps each kind of actor when several have work
 * (ActorRates). A larger tracker rate, say, lands write-track adds inside a harvest's window.
 * Every actor but the vCPUs may be switched off with 0: the run skips its events.
 */
export function rateParameters(rates: RateDefaults) {
  const rate = (what: string, value: number | undefined, min = 0) => ({
    default: value ?? 1,
    min,
    max: MAX_RATE,
    description: `scheduler weight of ${what}${min === 0 ? ' (0: off, its events skipped)' : ''}`,
  });
  const r = {
    vcpu: rate('each vCPU (guest accesses, its faults)', rates.vcpu, 1),
    vmm: rate('the VMM (dirty-log ioctls, zaps)', rates.vmm),
    hostMm: rate('the host MM (MMU notifiers, aging)', rates.hostMm),
    tracker: rate('the external write-tracker', rates.tracker),
  };
  return [
    integer('vcpuRate', r.vcpu.description, r.vcpu),
    integer('vmmRate', r.vmm.description, r.vmm),
    integer('hostMmRate', r.hostMm.description, r.hostMm),
    integer('trackerRate', r.tracker.description, r.tracker),
  ] as const;
}
