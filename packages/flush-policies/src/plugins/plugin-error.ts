/**
 * A plugin that cannot be used: not found, no valid export, a name already taken, a wrong
 * apiVersion, or it failed while loading. The message names the plugin as the user gave it
 * (`--plugin ./mine.ts`, `plugins: ['my-package']`) and the problem, in one line.
 */
export class PluginError extends Error {
  constructor(
    /** The plugin as given: a path or an npm package name. */
    readonly plugin: string,
    /** What is wrong, without the plugin's name. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`plugin '${plugin}': ${problem}`, options);
    this.name = 'PluginError';
  }
}
