import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferIo, buildProgram } from '../src/index.js';
import { cli } from './helpers.js';
import {
  commandPaths,
  type DocumentedExample,
  helpExamples,
  readmeExamples,
} from './documented-examples.js';

/**
 * Issue 22 item 2: documented examples are tests. Every example command in every command's
 * `--help` and in every README's code blocks that runs `spte-lab` is run here, through a shell
 * (redirections, `$G` variables and `&&` work as documented), against the built CLI. A
 * command fails the test when it exits with a code it does not document. Docs drift fails CI.
 *
 * Exit codes allowed: 0; 1 where 1 means "a violation was found" (check, shrink, run, and any
 * command with --fail-on-violation); 2 only for the transcripts that document an error, whose
 * first stderr line must then be the one shown.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'packages/cli/bin/spte-lab.js');
const built = existsSync(join(root, 'packages/cli/dist/bin.js'));
if (!built) console.warn('SKIPPED docs-examples.test.ts: build the cli first (npx nx build cli)');

/**
 * Not run, because they are long by design or need what a test machine does not have. Each
 * entry is the command as documented and the reason.
 */
const NOT_RUN: Readonly<Record<string, string>> = {
  'spte-lab audit --budget quick --json --out audit.json':
    'about 4 minutes on 2 cores: .ci/run runs the quick audit as a job of its own; tests/audit.test.ts runs narrowed audits',
  'spte-lab audit --budget full --shard 3/64 --out audit-3.json':
    'one shard of the full matrix is hours of CPU (meant for a cluster); audit.test.ts checks shards',
  'spte-lab compare --plugin @spte-lab/policy-flush-on-unlock --policies kvm-v6.13,flush-on-unlock':
    'needs the example package installed as a dependency; e2e-plugin.test.ts runs it packed',
  'spte-lab sweep -p kvm-v6.12,kvm-v6.13,never -s migration-bitmap,write-track-during-migration --grid gfns=8,16 --grid events=400,800 --seeds 1..20 --quiet --workers "${SLURM_CPUS_PER_TASK:-1}" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --out "shards/shard-$SLURM_ARRAY_TASK_ID.json"':
    'a line of a Slurm job script: its variables are set by Slurm for each array task',
  'spte-lab list policies --plugin ./flush-everything.mjs --plugin spte-lab-policy-mine':
    'names an npm package that stands for any plugin package; not installed here',
  'spte-lab compare --plugin ./dist/index.js':
    'the last line of the init-plugin session: the generated package must be installed and built first (npm install); scripts/consumer-test.mjs runs that whole session with the packed tarballs',
};

/**
 * What an example takes as given (a file an earlier step of the reader's session made), made
 * before it runs: shell lines, run in the examples' directory.
 */
const SMALL_GRID = '-p kvm-v6.13,never -s migration-bitmap --grid gfns=8,16 --seeds 1..2 -q';
const PRECONDITIONS: Readonly<Record<string, string>> = {
  'spte-lab merge audit-*.json --out audit.json': `rm -f audit-*.json; for i in 1 2; do spte-lab audit -p kvm-v6.13 --ops clear_dirty_log,account_shadowed --modes initially-set -w 1 --shard $i/2 --out audit-$i.json > /dev/null; done`,
  'spte-lab merge shard-*.json --out sweep.json': `rm -f shard-*.json; for i in 1 2 3 4; do spte-lab sweep ${SMALL_GRID} --shard $i/4 --out shard-$i.json; done`,
  'spte-lab merge shard-1.json shard-2.json shard-3.json --out sweep.json': `rm -f shard-*.json; for i in 1 2 3; do spte-lab sweep ${SMALL_GRID} --shard $i/3 --out shard-$i.json; done`,
  'spte-lab merge shards/*.json --format md': `mkdir -p shards; for i in 1 2 3; do spte-lab sweep ${SMALL_GRID} --shard $i/3 --out shards/shard-$i.json; done`,
  'spte-lab merge shard-1.json shard-3.json --allow-partial': `rm -f shard-*.json; for i in 1 3; do spte-lab sweep ${SMALL_GRID} --shard $i/3 --out shard-$i.json; done`,
  'spte-lab trace import kvm.txt --gfns 1048576 --hva-base 0x7f5a2c000000 --age-as clear_young -o kvm.jsonl': `cp "${join(root, 'packages/workload-gen/tests/fixtures/trace-cmd-ept.txt')}" kvm.txt`,
};

// Inside the repository (node_modules is ignored): a plugin file there resolves @spte-lab/*.
const cache = join(root, 'packages/cli/node_modules/.cache');
mkdirSync(cache, { recursive: true });
const work = mkdtempSync(join(cache, 'docs-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `spte-lab` on PATH is this checkout's built CLI. */
function prepare(): void {
  const shims = join(work, '.bin');
  mkdirSync(shims);
  writeFileSync(join(shims, 'spte-lab'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, {
    mode: 0o755,
  });
  // What examples name: the repository's paths, a cost model, a policy file.
  symlinkSync(join(root, 'packages'), join(work, 'packages'));
  writeFileSync(
    join(work, 'my-costs.json'),
    '{ "costs": { "ipiRoundTrip": { "cycles": 2500 } } }\n',
  );
  // `complete fish > ~/.config/fish/completions/…` writes where fish looks (HOME is `work`).
  mkdirSync(join(work, '.config/fish/completions'), { recursive: true });
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const snippet = /```js\n([\s\S]*?)```/.exec(
    readme.slice(readme.indexOf('## Write your own policy')),
  )![1]!;
  writeFileSync(join(work, 'flush-everything.mjs'), snippet);
  writeFileSync(join(work, 'my-policy.mjs'), snippet.replace(/flush-everything/g, 'my-policy'));
}

function env(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'FORCE_COLOR'),
  );
  return { ...clean, PATH: `${join(work, '.bin')}:${process.env.PATH}`, HOME: work, NO_COLOR: '1' };
}

function mayFindViolation(part: string): boolean {
  return /^spte-lab (check|shrink|run)\b/.test(part) || part.includes('--fail-on-violation');
}

async function allExamples(): Promise<DocumentedExample[]> {
  const program = buildProgram(bufferIo());
  const paths = commandPaths(program);
  const names = [...new Set(paths.map((p) => p[0]!))];
  const fromHelp: DocumentedExample[] = [];
  for (const path of [[], ...paths]) {
    const help = await cli([...path, '--help']);
    fromHelp.push(
      ...helpExamples(`spte-lab ${path.join(' ')} --help`.replace('  ', ' '), help.out, names),
    );
  }
  const readmes = [
    'README.md',
    'packages/cli/README.md',
    'packages/spte-core/README.md',
    'packages/flush-policies/README.md',
    'packages/reporter/README.md',
    'packages/simulator/README.md',
    'packages/workload-gen/README.md',
    'packages/tlb-model/README.md',
    'examples/policy-flush-on-unlock/README.md',
  ];
  const fromReadmes = readmes.flatMap((file) => readmeExamples(join(root, file), file, names));
  // A command shown in several places runs once (with no shown output to compare, the first).
  const seen = new Set<string>();
  return [...fromReadmes, ...fromHelp].filter((e) => {
    const key = `${cwdOf(e)}\u0000${e.setup.join('\n')}\u0000${e.command}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where an example runs: the example package's own directory for its README. */
function cwdOf(example: DocumentedExample): string {
  return example.source.startsWith('examples/policy-flush-on-unlock/')
    ? join(root, 'examples/policy-flush-on-unlock')
    : work;
}

function runPart(example: DocumentedExample, part: string) {
  const script = [...example.setup, part].join('\n');
  return spawnSync('bash', ['-c', script], {
    cwd: cwdOf(example),
    env: env(),
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const examples = built ? await allExamples() : [];
if (built) prepare();

describe.skipIf(!built)('every documented example runs', () => {
  it('finds the examples of every command’s help and of the READMEs', () => {
    const sources = new Set(examples.map((e) => e.source.split(':')[0]));
    for (const expected of [
      'README.md',
      'packages/cli/README.md',
      // (compare's and sweep's help examples are also in the cli README: they run once, as its.)
      'spte-lab --help',
      'spte-lab check --help',
      'spte-lab trace record --help',
    ])
      expect(sources).toContain(expected);
    expect(examples.length).toBeGreaterThan(50);
  });

  for (const example of examples) {
    const skip = NOT_RUN[example.command];
    it.skipIf(skip !== undefined)(
      `${example.source}: ${example.command}`,
      () => {
        const given = PRECONDITIONS[example.command];
        if (given !== undefined) expect(runPart(example, given).status, given).toBe(0);
        for (const part of example.command.split(' && ')) {
          const r = runPart(example, part);
          const detail = `${part}\nexit ${r.status}\n${r.stderr}`;
          if (example.shownOutput?.startsWith('spte-lab: ') && r.status === 2) {
            // A transcript that documents an error: the same one line, exit 2.
            expect(r.stderr.split('\n')[0], detail).toBe(example.shownOutput);
            continue;
          }
          const allowed = mayFindViolation(part) ? [0, 1] : [0];
          expect(allowed, detail).toContain(r.status);
        }
      },
      130_000,
    );
  }
});
