import { TlbModel } from '../../src/index.js';
import type { TlbModelOptions } from '../../src/index.js';
import { FakeWalker } from './fake-walker.js';

/** A model over a fresh FakeWalker, with every vCPU already in guest mode. */
export function makeModel(options: Partial<TlbModelOptions> = {}): {
  tlb: TlbModel;
  walker: FakeWalker;
} {
  const walker = new FakeWalker();
  const tlb = new TlbModel({ vcpus: 2, ...options }, walker);
  for (let v = 0; v < tlb.vcpus; v++) tlb.enterGuest(v);
  return { tlb, walker };
}
