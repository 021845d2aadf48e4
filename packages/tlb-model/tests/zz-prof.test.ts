import { Session } from 'node:inspector/promises';
import { it } from 'vitest';
import { HIT, READ, TlbModel, WRITE } from '../src/index.js';
import { FakeWalker } from './helpers/fake-walker.js';
const GFNS = 512;
function hitLoop(tlb: TlbModel, rounds: number): number {
  let sum = 0;
  for (let r = 0; r < rounds; r++) for (let g = 0; g < GFNS; g++) {
    if (tlb.access(r & 1, g, (g & 3) === 0 ? WRITE : READ) !== HIT) return -1;
    sum += tlb.lastPfn;
  }
  return sum;
}
it('prof', async () => {
  const walker = new FakeWalker();
  for (let g = 0; g < GFNS; g++) walker.set(g, { pfn: 1000 + g });
  const tlb = new TlbModel({ vcpus: 2, classifyStaleHits: false }, walker);
  tlb.enterGuest(0); tlb.enterGuest(1);
  for (let g = 0; g < GFNS; g++) { tlb.access(0, g, WRITE); tlb.access(1, g, WRITE); }
  hitLoop(tlb, 2000);
  const s = new Session(); s.connect();
  await s.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  hitLoop(tlb, 4000);
  const { profile } = await s.post('HeapProfiler.stopSampling');
  const out: [number, string][] = [];
  const walk = (n: any, stack: string) => {
    const here = `${n.callFrame.functionName}@${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    if (n.selfSize > 0) out.push([n.selfSize, stack + ' > ' + here]);
    for (const c of n.children) walk(c, here);
  };
  walk(profile.head, '');
  out.sort((a, b) => b[0] - a[0]);
  console.log('PROF', JSON.stringify(out.slice(0, 8), null, 1));
});
