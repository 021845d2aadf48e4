import { differenceCiede2000 } from 'culori';
import { describe, expect, it } from 'vitest';
import { MARKER_SHAPES, seriesMarker } from '../src/render/html/markers.js';
import { SERIES_COLORS, seriesColor } from '../src/render/html/palette.js';

describe('series colours and markers', () => {
  it('has 16 colours, every pair at least 15 CIEDE2000 apart', () => {
    const deltaE = differenceCiede2000();
    expect(SERIES_COLORS).toHaveLength(16);
    let closest = Infinity;
    for (let i = 0; i < SERIES_COLORS.length; i++)
      for (let j = 0; j < i; j++)
        closest = Math.min(closest, deltaE(SERIES_COLORS[i]!, SERIES_COLORS[j]!));
    expect(closest).toBeGreaterThanOrEqual(15);
  });

  it('has 16 marker shapes, no two alike', () => {
    expect(MARKER_SHAPES).toHaveLength(16);
    expect(new Set(MARKER_SHAPES.map((m) => m.name)).size).toBe(16);
    // Same d3 symbol only with a different turn or stretch.
    const geometry = MARKER_SHAPES.map((m) => `${m.type.draw.toString()}|${m.transform ?? ''}`);
    expect(new Set(geometry).size).toBe(16);
  });

  it('gives each of 256 series its own colour × marker pair', () => {
    const pairs = new Set<string>();
    for (let i = 0; i < 256; i++) pairs.add(`${seriesColor(i)} ${seriesMarker(i).name}`);
    expect(pairs.size).toBe(256);
  });
});
