import { type Simulator, UnknownNameError } from '@spte-lab/simulator';
import { CliError } from '../errors.js';

/** Every name is checked before anything runs, so a typo costs no waiting. */
export function checkNames(
  simulator: Simulator,
  policies: readonly string[],
  scenarios: readonly string[],
): void {
  try {
    for (const name of policies) simulator.policy(name);
    for (const name of scenarios) simulator.scenario(name);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new CliError(error.message);
    throw error;
  }
}
