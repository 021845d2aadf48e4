import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { builtInRenderers, RENDERER, type Renderer, reporterModule } from '../src/index.js';
import { makeDocument } from './fixture.js';

describe('renderer registry', () => {
  it('binds every built-in format under RENDERER, names and extensions unique', async () => {
    const container = new Container();
    await container.load(reporterModule);
    const bound = container.getAll<Renderer>(RENDERER);
    expect(bound.map((r) => r.format)).toEqual(['table', 'json', 'csv', 'md', 'html']);
    const extensions = bound.flatMap((r) => r.extensions);
    expect(new Set(extensions).size).toBe(extensions.length);
  });

  it('every renderer produces text that ends with a newline', () => {
    for (const renderer of builtInRenderers) {
      const text = renderer.render(makeDocument(), { color: false });
      expect(text.length, renderer.format).toBeGreaterThan(100);
      expect(text.endsWith('\n'), renderer.format).toBe(true);
    }
  });
});
