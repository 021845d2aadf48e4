import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The CLI's own package version, read at run time so that it never drifts from package.json. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
