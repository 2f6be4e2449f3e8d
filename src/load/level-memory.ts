/**
 * What a level keeps per request, in memory that does not grow with the level's length: a soak of
 * hours runs one level, so anything kept per request would grow linearly with it.
 *  - SteadyWindow: the steady-window completion rate (runner.ts steadyRate) from counters and a
 *    short queue instead of every end time;
 *  - DistinctCounter: how many distinct prompts were sent, from 8-byte fingerprints in one typed
 *    array instead of a Set of strings (~8 instead of ~130 bytes per distinct prompt; a run of
 *    unique prompts still needs one per prompt to stay exact).
 */

/**
 * Successful completions for the steady window: those at or before the last send. The last send
 * only ever moves later, so an end at or before the latest send seen so far is inside the window
 * for good and is folded into (count, first, last) at once; ends after it wait in a queue (about
 * the requests that ended since the latest recorded send) until a later send covers them or the
 * level ends. The result is exactly steadyRate(every ok end, last send).
 */
export class SteadyWindow {
  private n = 0;
  private t0 = Infinity;
  private t1 = -Infinity;
  private lastSend = -Infinity;
  /** Ends after `lastSend`, in arrival order (nearly ascending); `head` of them already folded. */
  private waiting: number[] = [];
  private head = 0;

  /** A request's send time (any order). */
  sent(at: number): void {
    if (!(at > this.lastSend)) return;
    this.lastSend = at;
    const w = this.waiting;
    // Ends arrive in time order, so the covered ones are at the front; one out of order behind a
    // later end waits for it (or for the level's end): still counted, only later.
    while (this.head < w.length && w[this.head]! <= at) this.fold(w[this.head++]!);
    if (this.head === w.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > w.length) {
      this.waiting = w.slice(this.head);
      this.head = 0;
    }
  }

  /** A successful request's end time. */
  ok(end: number): void {
    if (end <= this.lastSend) this.fold(end);
    else this.waiting.push(end);
  }

  /** The steady rate (completions/s) with the level's final last send; see runner.ts steadyRate. */
  rate(lastSend: number): number | undefined {
    if (!Number.isFinite(lastSend)) return undefined;
    let { n, t0, t1 } = this;
    for (let i = this.head; i < this.waiting.length; i++) {
      const e = this.waiting[i]!;
      if (e > lastSend) continue;
      n++;
      if (e < t0) t0 = e;
      if (e > t1) t1 = e;
    }
    if (n < 3 || t1 <= t0) return undefined;
    return ((n - 1) * 1000) / (t1 - t0);
  }

  private fold(e: number): void {
    this.n++;
    if (e < this.t0) this.t0 = e;
    if (e > this.t1) this.t1 = e;
  }
}

/**
 * Counts distinct keys given as digests (≥ 8 bytes, e.g. SHA-1 of the prompt): an open-addressing
 * set of their first 64 bits in a Uint32Array, doubled at half full. Two different prompts count
 * as one only if 64 bits of their SHA-1 agree (odds ~n²/2⁶⁵: 3·10⁻⁸ at a million prompts).
 */
export class DistinctCounter {
  private table = new Uint32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(digest: Uint8Array): void {
    // (0, 0) marks an empty slot: a digest whose first 64 bits are zero is stored as (0, 1).
    const hi = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
    let lo = ((digest[4]! << 24) | (digest[5]! << 16) | (digest[6]! << 8) | digest[7]!) >>> 0;
    if (hi === 0 && lo === 0) lo = 1;
    if (this.insert(this.table, hi, lo)) {
      this.count++;
      if (this.count * 4 > this.table.length) this.grow();
    }
  }

  /** True when (hi, lo) was not there yet. */
  private insert(table: Uint32Array, hi: number, lo: number): boolean {
    const mask = table.length / 2 - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = table[2 * i]!;
      const l = table[2 * i + 1]!;
      if (h === 0 && l === 0) {
        table[2 * i] = hi;
        table[2 * i + 1] = lo;
        return true;
      }
      if (h === hi && l === lo) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    const next = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(next, old[i]!, old[i + 1]!);
    this.table = next;
  }
}
