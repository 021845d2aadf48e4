'use strict';
/*
 * Nx loads a generator with require(). Node 20 can neither require ESM nor run TypeScript, so
 * this CommonJS entry hands the TypeScript implementation to jiti (the loader the CLI uses for
 * .ts plugins), without registering any global hooks.
 */
const { createJiti } = require('jiti');

const jiti = createJiti(__filename);

module.exports = async function policyPluginGenerator(tree, options) {
  const { policyPluginGenerator: generate } = await jiti.import('./generator.ts');
  return generate(tree, options);
};
