import {
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3-shape';
import { esc } from './escape.js';
import { seriesColor, SERIES_COLORS } from './palette.js';

interface MarkerShape {
  readonly name: string;
  readonly type: SymbolType;
  /** SVG transform of d3's centred symbol: a turn or a stretch makes a new shape. */
  readonly transform?: string;
}

/**
 * Sixteen filled marker shapes, so a policy is told apart by shape as well as by colour (for
 * colour-blind readers and grey-scale prints). The geometry is d3-shape's symbols (equal area);
 * turned or stretched copies give the shapes d3 lacks.
 */
export const MARKER_SHAPES: readonly MarkerShape[] = [
  { name: 'circle', type: symbolCircle },
  { name: 'square', type: symbolSquare },
  { name: 'triangle-up', type: symbolTriangle },
  { name: 'diamond', type: symbolDiamond },
  { name: 'star', type: symbolStar },
  { name: 'plus', type: symbolCross },
  { name: 'triangle-down', type: symbolTriangle, transform: 'rotate(180)' },
  { name: 'wye', type: symbolWye },
  { name: 'x', type: symbolCross, transform: 'rotate(45)' },
  { name: 'triangle-right', type: symbolTriangle, transform: 'rotate(90)' },
  { name: 'thin-diamond', type: symbolDiamond, transform: 'scale(0.6,1.25)' },
  { name: 'star-down', type: symbolStar, transform: 'rotate(180)' },
  { name: 'triangle-left', type: symbolTriangle, transform: 'rotate(-90)' },
  { name: 'wye-down', type: symbolWye, transform: 'rotate(180)' },
  { name: 'bar-horizontal', type: symbolSquare, transform: 'scale(1.5,0.55)' },
  { name: 'bar-vertical', type: symbolSquare, transform: 'scale(0.55,1.5)' },
];

/** Marker area in user units² (d3's `size`): about 11 px across. */
const MARKER_AREA = 90;

/**
 * Series `index`'s marker shape. The first sixteen series have sixteen colours and sixteen
 * shapes; after that the shape shifts by one per round of colours, so (colour, shape) stays
 * unique for 256 series.
 */
export function seriesMarker(index: number): MarkerShape {
  const round = Math.floor(index / SERIES_COLORS.length);
  return MARKER_SHAPES[(index + round) % MARKER_SHAPES.length]!;
}

/** The id of series `index`'s marker definition in the page. */
export function markerId(index: number): string {
  return `marker-${index}`;
}

/**
 * The markers' definitions, once per page in a hidden SVG; charts and the legend draw them
 * with `<use href="#marker-N">`, centred on the point given.
 */
export function markerDefs(count: number): string {
  const defs: string[] = [];
  for (let i = 0; i < count; i++) {
    const shape = seriesMarker(i);
    const d = symbol(shape.type, MARKER_AREA)() ?? '';
    const transform = shape.transform ? ` transform="${shape.transform}"` : '';
    defs.push(
      `<path id="${markerId(i)}" class="marker" data-shape="${shape.name}" d="${esc(d)}"${transform} fill="${seriesColor(i)}"/>`,
    );
  }
  return `<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>${defs.join('')}</defs></svg>`;
}

/** Series `index`'s marker centred on (x, y). */
export function useMarker(index: number, x: number, y: number): string {
  return `<use href="#${markerId(index)}" x="${x.toFixed(1)}" y="${y.toFixed(1)}"/>`;
}
