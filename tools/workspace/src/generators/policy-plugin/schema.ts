/** The generator's options, as in schema.json. */
export interface PolicyPluginSchema {
  readonly name: string;
  readonly directory?: string;
  readonly packageName?: string;
  readonly description?: string;
}
