import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { resultJsonSchema } from '../src/index.js';
import { makeDocument } from './fixture.js';

const require = createRequire(import.meta.url);
const published = JSON.parse(
  readFileSync(new URL('../schema/result.schema.json', import.meta.url), 'utf8'),
);

describe('published JSON Schema', () => {
  it('is up to date with the zod schema (regenerate: npm run schema -w packages/reporter)', () => {
    expect(published).toEqual(resultJsonSchema());
  });

  it('is exported by the package as @spte-lab/reporter/schema/result.schema.json', () => {
    expect(require('@spte-lab/reporter/schema/result.schema.json')).toEqual(published);
  });

  it('lets another tool (ajv, draft 2020-12) accept a document and reject a broken one', () => {
    const validate = new Ajv2020({ strict: false }).compile(published);
    expect(validate(JSON.parse(JSON.stringify(makeDocument())))).toBe(true);
    const broken = JSON.parse(JSON.stringify(makeDocument()));
    broken.runs[0].stats.ipis = 'many';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/runs/0/stats/ipis');
  });
});
