import { describe, expect, it } from 'vitest';
import { browserTestMode } from './browser.js';

describe('when the browser test runs', () => {
  it('runs wherever chromium is installed', () => {
    expect(browserTestMode({}, true)).toBe('run');
  });
  it('is skipped on a developer machine without chromium', () => {
    expect(browserTestMode({}, false)).toBe('skip');
  });
  it('runs (and so fails) in CI without chromium', () => {
    expect(browserTestMode({ CI: 'true' }, false)).toBe('run');
  });
});
