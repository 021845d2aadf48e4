/**
 * Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), in an order
 * that keeps neighbouring bars distinct; a ninth policy reuses the first colour.
 */
const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
];

export function seriesColor(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length]!;
}
