import { DEFAULT_BASELINE } from '@spte-lab/reporter';
import { Option } from 'commander';
import { stallTimeoutOption } from '../containment/stall-timeout-option.js';
import { pluginOption } from '../plugins.js';
import { formatOption } from './formats.js';

/** How a result document is reported: `--baseline`, `--format`, `--out`. */
export function documentOptions(baselineDefault: string): Option[] {
  return [
    new Option(
      '-b, --baseline <policy>',
      `policy the ratios are taken against (default: ${baselineDefault})`,
    ),
    formatOption(),
    new Option(
      '-o, --out <file>',
      'write the report to a file, atomically (format from the extension unless --format)',
    ),
  ];
}

/**
 * The options `compare` and `sweep` share: how runs are made (retention, eager split, cost
 * model, plugins) and how their result document is reported.
 */
export function runReportOptions(verb: 'compared' | 'swept'): Option[] {
  return [
    ...documentOptions(`${DEFAULT_BASELINE} when ${verb}`),
    new Option(
      '--retention <mode>',
      "TLB retention: 'adversarial' keeps stale entries until invalidated (safety); 'realistic' evicts (cost)",
    )
      .choices(['adversarial', 'realistic'])
      .default('adversarial'),
    new Option(
      '--eager-split <mode>',
      "eager_page_split for every scenario (default: each scenario's own)",
    ).choices(['on', 'off', 'fails']),
    new Option('--cost-model <file>', 'cycle costs (JSON, any subset) over the defaults'),
    pluginOption(),
    stallTimeoutOption(),
    new Option('--fail-on-violation', 'exit with code 1 when any run reports a violation'),
  ];
}
