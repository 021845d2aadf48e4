/** `npm run bench` in packages/tlb-model: prints benchTlbAccess() as a table and as JSON. */
import { benchTlbAccess } from './tlb-access.js';

const results = benchTlbAccess();
const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M`;
for (const r of results) {
  console.log(
    `${r.name.padEnd(46)} ${fmt(r.median).padStart(10)} ${r.unit}   baseline ${fmt(r.baseline)}   ratio ${r.ratio.toFixed(3)}`,
  );
}
console.log(JSON.stringify(results));
