import { existsSync } from 'node:fs';

/** Debian's chromium; playwright-core drives it, and never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run as root in a container, with no traffic to Google's services. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser test runs: always in CI (where a missing browser must fail the test),
 * elsewhere only when chromium is installed.
 */
export function browserTestMode(
  env: NodeJS.ProcessEnv = process.env,
  installed: boolean = existsSync(CHROMIUM),
): 'run' | 'skip' {
  return installed || env.CI ? 'run' : 'skip';
}
