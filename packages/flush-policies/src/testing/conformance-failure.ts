import type { ConformanceViolation } from './harness.js';

/** One lost write found while running a scenario. */
export interface ScenarioViolation {
  readonly scenario: string;
  readonly seed: number;
  readonly violation: ConformanceViolation;
}

/**
 * A conformance case that failed. The message is the whole report (violations with their
 * traces, or the contract broken), so any test framework shows it as it is; the violations are
 * kept as data for tools that want to count them.
 */
export class ConformanceFailure extends Error {
  constructor(
    message: string,
    readonly violations: readonly ScenarioViolation[] = [],
  ) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}
