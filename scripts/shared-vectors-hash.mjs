// An Nx runtime input: a hash of ../shared/vectors/spte/*.jsonl, which spte-core's tests also
// run when the directory exists beside the checkout ("none" when it does not). Without it, a
// cached result would be replayed after those files changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), '..', 'shared', 'vectors', 'spte');
const hash = createHash('sha256');
if (existsSync(dir)) {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.jsonl')) continue;
    hash.update(name);
    hash.update(readFileSync(join(dir, name)));
  }
  console.log(hash.digest('hex'));
} else {
  console.log('none');
}
