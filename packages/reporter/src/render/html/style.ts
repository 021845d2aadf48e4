/** The page's only stylesheet, inline so the file needs nothing else; light and dark, print-safe. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5c6670; --line: #d0d7de; --bg: #fff;
  --panel: #f6f8fa; --bad: #b42318; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b1; --line: #3d444d;
  --bg: #0d1117; --panel: #161b22; --bad: #ff7b72; --ok: #56d364; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, sans-serif;
  color: var(--fg); background: var(--bg); overflow-wrap: break-word; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
.note, .headline { color: var(--muted); }
.bad { color: var(--bad); font-weight: 600; } .ok { color: var(--ok); font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.comparison thead th { position: sticky; top: 0; background: var(--bg); }
tr.group th { background: var(--panel); font-weight: 600; }
tr.violated th, td.bad { color: var(--bad); font-weight: 600; }
.ratio, .spread { display: block; font-size: 11.5px; color: var(--muted); }
.tag { font-size: 11.5px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; color: var(--muted); }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.legend li { display: flex; align-items: center; gap: 6px; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
/* Fills are light and dark; the outline in the text colour keeps every bar and marker visible on
   either page colour (WCAG 1.4.11, 3:1 for graphics). */
.marker, svg.chart .bar { stroke: var(--fg); stroke-width: 0.75; }
figure { margin: 12px 0 20px; } figcaption { font-weight: 600; margin-bottom: 4px; } .unit { font-weight: 400; color: var(--muted); }
.scroll { overflow-x: auto; max-width: 100%; }
/* Small multiples: panels at least 320 px wide (an SVG is ~300 units), so chart text is never
   drawn smaller than its 12 px; one column on a phone. */
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 320px), 1fr)); gap: 8px 16px; }
.panel h4 { font-size: 13px; font-weight: 600; margin: 6px 0 2px; }
.panel .scale { font-weight: 400; font-size: 12px; color: var(--muted); }
svg.chart { display: block; width: 100%; height: auto; font: 12px system-ui, sans-serif; }
svg.chart text { fill: var(--fg); } svg.chart .tick text { text-anchor: end; fill: var(--muted); }
svg.chart .zero { text-anchor: middle; }
svg.chart .tick line { stroke: var(--line); } svg.chart .axis { stroke: var(--muted); }
svg.chart .spread { stroke: var(--fg); stroke-width: 1.2; fill: none; }
svg.chart .bar:hover { opacity: 0.8; }
details.violation { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.violation summary { cursor: pointer; }
.kind { font-weight: 600; color: var(--bad); }
table.trace { font-size: 12.5px; } table.trace tr.verdict td { color: var(--bad); font-weight: 600; }
td.source { color: var(--muted); font-size: 12px; }
@media (max-width: 600px) { body { padding: 12px; } h1 { font-size: 19px; } }
@media print { details.violation { break-inside: avoid; } details.violation:not([open]) > table { display: none; } }
`;
