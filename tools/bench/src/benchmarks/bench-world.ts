import { builtInPolicies } from '@spte-lab/flush-policies';
import { simulatedTlbFactory, World } from '@spte-lab/simulator';
import type { VmSetup } from '@spte-lab/workload-gen';

/** A guest as the benchmarks build it: EPT, TDP MMU, kvm-v6.13, realistic TLBs, seed 1. */
export function benchWorld(vcpus: number, gfns: number, vm: VmSetup = {}): World {
  return new World(
    {
      scenario: { format: 'ept', mmu: 'tdp', vm },
      vcpus,
      gfns,
      policy: builtInPolicies['kvm-v6.13'],
      kernel: 'v6.13',
      retention: 'realistic',
      seed: 1,
      fineSteps: false,
    },
    simulatedTlbFactory(),
  );
}
