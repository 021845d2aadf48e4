import { builtInPolicies } from '@spte-lab/flush-policies';
import { type Retention, simulatedTlbFactory, World } from '@spte-lab/simulator';
import type { VmSetup } from '@spte-lab/workload-gen';

/**
 * A guest as the benchmarks build it: EPT, TDP MMU, kvm-v6.13, seed 1; realistic TLBs unless
 * told (runs use adversarial retention, as `compare` does by default).
 */
export function benchWorld(
  vcpus: number,
  gfns: number,
  vm: VmSetup = {},
  retention: Retention = 'realistic',
): World {
  return new World(
    {
      scenario: { format: 'ept', mmu: 'tdp', vm },
      vcpus,
      gfns,
      policy: builtInPolicies['kvm-v6.13'],
      kernel: 'v6.13',
      retention,
      seed: 1,
      fineSteps: false,
    },
    simulatedTlbFactory(),
  );
}
