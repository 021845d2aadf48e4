/**
 * Sixteen series colours, each pair at least 15 CIEDE2000 apart (tests/palette.test.ts checks
 * it with culori). The first eight are Okabe & Ito's colour-blind-safe palette
 * (https://jfly.uni-koeln.de/color/); the other eight were picked greedily, each the colour
 * farthest (CIEDE2000) from those already chosen, out of Paul Tol's bright, muted, dark and light
 * schemes (https://personal.sron.nl/~pault/, greys left out). Some are dark and some are light,
 * so no fill has enough contrast against both the light and the dark page: every bar and marker
 * is outlined in the text colour instead (WCAG 1.4.11 asks 3:1 for the outline, style.ts).
 */
export const SERIES_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
  '#332288',
  '#666633',
  '#663333',
  '#225555',
  '#999933',
  '#AA3377',
  '#117733',
  '#FFAABB',
] as const;

/** Series `index`'s colour; past sixteen colours repeat, and the marker tells them apart. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}
