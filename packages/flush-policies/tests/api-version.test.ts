import { describe, expect, it } from 'vitest';
import { apiVersionProblem, POLICY_API_VERSION } from '../src/index.js';

describe('policy API versions: a plugin built for one minor keeps working on the next', () => {
  it('this package speaks a major.minor version', () => {
    expect(POLICY_API_VERSION).toMatch(/^\d+\.\d+$/);
    expect(apiVersionProblem(POLICY_API_VERSION)).toBeUndefined();
  });

  it('a host runs plugins of its major and any minor up to its own', () => {
    expect(apiVersionProblem('1.0', '1.3')).toBeUndefined();
    expect(apiVersionProblem('1.3', '1.3')).toBeUndefined();
  });

  it('refuses a newer minor (it may rely on hooks the host never calls) and other majors', () => {
    expect(apiVersionProblem('1.4', '1.3')).toBe(
      "wrong apiVersion '1.4': this spte-lab supports policy API 1.0–1.3; upgrade spte-lab to run it",
    );
    expect(apiVersionProblem('2.0', '1.3')).toMatch(/^wrong apiVersion '2.0': .*1\.x$/);
    expect(apiVersionProblem('0.9', '1.3')).toMatch(/^wrong apiVersion '0.9'/);
  });

  it('refuses what is not a version', () => {
    for (const bad of [1, '1', '1.0.0', 'v1.0', null]) {
      expect(apiVersionProblem(bad), String(bad)).toMatch(
        /^apiVersion must be a string like '1\.\d+'/,
      );
    }
  });
});
