export { runCli, buildProgram } from './program.js';
export { type CliIo, processIo, bufferIo } from './io.js';
export { CliError, EXIT_OK, EXIT_USAGE, EXIT_VIOLATIONS } from './errors.js';
