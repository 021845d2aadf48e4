export * from './result/result-document.js';
export { pointKey, describePoint } from './result/grid-point.js';
export {
  resultDocumentSchema,
  runResultSchema,
  violationSchema,
  traceStepSchema,
} from './result/schema.js';
export {
  readResultDocument,
  validateResultDocument,
  ResultDocumentError,
  issuePath,
} from './result/read-result.js';
export { resultJsonSchema } from './result/json-schema.js';
export {
  buildComparison,
  resolveBaseline,
  BaselineError,
  DEFAULT_BASELINE,
  type Comparison,
  type ComparisonCell,
  type ComparisonRow,
  type ComparisonOptions,
  type ScenarioGroup,
} from './comparison/comparison.js';
export {
  COMPARISON_METRICS,
  VIOLATIONS_KEY,
  allMetrics,
  statMetric,
  type Metric,
} from './comparison/metrics.js';
export { SPREAD, summarize, ratio, type Summary } from './comparison/summary.js';
export { renderTable, type TableOptions } from './render/table.js';
export {
  siteDifferences,
  siteDifferenceLines,
  type SiteDifference,
} from './comparison/site-differences.js';
export { renderJson } from './render/json.js';
export { renderCsv, CSV_COLUMNS, type CsvOptions } from './render/csv.js';
export { renderMarkdown, type MarkdownOptions } from './render/markdown.js';
export { renderHtml, type HtmlOptions } from './render/html/page.js';
export { readEmbeddedResult, EMBEDDED_RESULT_ID, EMBEDDED_TYPE } from './render/html/embedded.js';
export { CHARTS } from './render/html/charts.js';
export type { Renderer, RenderOptions } from './render/renderer.js';
export { writeFileAtomic, writeOutputFile, type AtomicWriteFs } from './write-atomic.js';
export { OutputTargetError, type OutputTarget, resolveOutputTarget } from './output-target.js';
export { releaseTempFile, trackedTempFiles, trackTempFile } from './temp-files.js';
export { RENDERER } from './di/tokens.js';
export { reporterModule, builtInRenderers } from './di/module.js';
