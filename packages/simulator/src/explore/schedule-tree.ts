import type { Choice } from './check-world.js';

/**
 * The schedules of the explored states, as a tree: each state keeps its parent and the choice
 * that led to it (three numbers instead of a whole schedule). State 0 is the initial state.
 */
export class ScheduleTree {
  private parent = new Int32Array(1024);
  private actor = new Int32Array(1024);
  private gfn = new Int32Array(1024);
  private size = 1;

  constructor() {
    this.parent[0] = -1;
  }

  /** Records the state reached from `parent` by the choice (`actor`, `gfn`); returns its id. */
  add(parent: number, actor: number, gfn: number): number {
    if (this.size === this.parent.length) this.grow();
    const id = this.size++;
    this.parent[id] = parent;
    this.actor[id] = actor;
    this.gfn[id] = gfn;
    return id;
  }

  /** The choices from the initial state to state `id`. */
  schedule(id: number): Choice[] {
    const out: Choice[] = [];
    for (let s = id; s > 0; s = this.parent[s]!)
      out.push({ actor: this.actor[s]!, gfn: this.gfn[s]! });
    return out.reverse();
  }

  private grow(): void {
    const grown = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.parent = grown(this.parent);
    this.actor = grown(this.actor);
    this.gfn = grown(this.gfn);
  }
}
