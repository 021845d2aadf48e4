import type { GridPoint } from './result-document.js';

/** One string per distinct point, whatever the key order (sorted keys, JSON values). */
export function pointKey(point: GridPoint | undefined): string {
  if (point === undefined) return '';
  return JSON.stringify(
    Object.keys(point)
      .sort()
      .map((k) => [k, point[k]]),
  );
}

/** `gfns=8, events=400`, in the point's own key order (the grid's). */
export function describePoint(point: GridPoint): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}
