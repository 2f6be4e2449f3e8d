/**
 * KV block accounting with a content-addressed prefix cache.
 *
 * Full prompt blocks are keyed by their chained hash and shared between requests
 * (reference counted). When a request ends its prompt blocks stay cached but idle;
 * idle blocks are evicted least-recently-released first when space is needed.
 * Other blocks (partial last prompt block, generated tokens) are private counts.
 * Simplification: a request's prompt blocks become hits for others as soon as it is
 * admitted, not when its prefill completes.
 */
export class KvCache {
  /** hash -> reference count, for every cached block (in use or idle). */
  private readonly refs = new Map<number, number>();
  /** Idle cached blocks in LRU order (oldest first, Map insertion order). */
  private readonly idle = new Map<number, true>();
  private privateBlocks = 0;

  readonly totalBlocks: number;

  constructor(totalBlocks: number) {
    this.totalBlocks = totalBlocks;
  }

  /** Blocks occupied by running requests or cached content. */
  get usedBlocks(): number {
    return this.privateBlocks + this.refs.size;
  }

  /** Fraction of blocks held by running requests (idle cached blocks count as free, as in vLLM). */
  get usage(): number {
    return (this.usedBlocks - this.idle.size) / this.totalBlocks;
  }

  /** Number of leading hashes present in the cache (read-only; used by KV-aware routing). */
  matchPrefix(hashes: readonly number[]): number {
    let n = 0;
    while (n < hashes.length && this.refs.has(hashes[n]!)) n++;
    return n;
  }

  /**
   * Reserves `totalBlocks` for a request whose full prompt blocks are `hashes`.
   * Returns the number of leading blocks that were cache hits, or -1 (and changes
   * nothing) when the blocks cannot be found even after evicting idle ones.
   */
  admit(hashes: readonly number[], totalBlocks: number): number {
    const hit = this.matchPrefix(hashes);
    let reusedIdle = 0;
    for (let i = 0; i < hit; i++) if (this.idle.has(hashes[i]!)) reusedIdle++;
    const fresh = totalBlocks - hit;
    const free = this.totalBlocks - this.usedBlocks + this.idle.size - reusedIdle;
    if (fresh > free) return -1;
    for (let i = 0; i < hit; i++) this.ref(hashes[i]!);
    let need = fresh - (this.totalBlocks - this.usedBlocks);
    for (const h of this.idle.keys()) {
      if (need <= 0) break;
      this.idle.delete(h);
      this.refs.delete(h);
      need--;
    }
    for (let i = hit; i < hashes.length; i++) this.ref(hashes[i]!);
    this.privateBlocks += totalBlocks - hashes.length;
    return hit;
  }

  /** Releases what `admit` reserved for the same arguments. */
  release(hashes: readonly number[], totalBlocks: number): void {
    for (const h of hashes) {
      const r = (this.refs.get(h) ?? 1) - 1;
      if (r <= 0) {
        this.refs.set(h, 0);
        this.idle.delete(h);
        this.idle.set(h, true);
      } else this.refs.set(h, r);
    }
    this.privateBlocks -= totalBlocks - hashes.length;
  }

  /** Drops everything (replica crash). */
  clear(): void {
    this.refs.clear();
    this.idle.clear();
    this.privateBlocks = 0;
  }

  private ref(h: number): void {
    const r = this.refs.get(h);
    if (r === undefined) this.refs.set(h, 1);
    else {
      if (r === 0) this.idle.delete(h);
      this.refs.set(h, r + 1);
    }
  }
}
