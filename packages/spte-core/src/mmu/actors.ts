/**
 * Actor ids shared by the MMU model, the scheduler and traces: vCPU i is `i`; the other
 * actors are negative so that a vCPU index is always a valid actor id.
 */
export const ACTOR_VMM = -1;
export const ACTOR_HOST_MM = -2;
export const ACTOR_TRACKER = -3;

export function actorName(actor: number): string {
  if (actor >= 0) return `vcpu${actor}`;
  if (actor === ACTOR_VMM) return 'vmm';
  if (actor === ACTOR_HOST_MM) return 'host-mm';
  if (actor === ACTOR_TRACKER) return 'tracker';
  return `actor${actor}`;
}
