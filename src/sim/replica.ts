/**
 * One simulated engine replica: continuous batching on a stepped clock.
 *
 * Each step the scheduler takes running decodes (1 token of budget each), continues
 * chunked prefills, then admits waiting requests FIFO while slots, step budget and KV
 * blocks allow. Step time = overhead + prefill·prefillTokens + decode·emitters, divided
 * by speedup. Every sequence whose prefill is complete emits one token at the step's end.
 *
 * Timing: one timer per replica, armed only while there is work. Steps sit on an
 * absolute timeline; a late timer runs every step already due in one go (so
 * sub-millisecond steps at high speedup still average right). If the process falls
 * more than MAX_LAG_MS behind (CPU-bound), the timeline resyncs and time is lost,
 * i.e. the simulator degrades to a slower engine instead of bursting.
 */
import { realSimClock, type SimClock, type SimTimer } from './clock.js';
import { KvCache } from './kvcache.js';
import type { Profile } from './types.js';

const MAX_LAG_MS = 25;
const MAX_CATCHUP_STEPS = 64;

/** What the engine needs from a request; callbacks run at step ends. */
export interface EngineRequest {
  promptTokens: number;
  /** Chained hashes of the prompt's full blocks. */
  hashes: number[];
  outputTokens: number;
  onToken(): void;
  onFinish(): void;
  /** Replica crashed: the request is gone. */
  onAbort(): void;
}

interface Seq {
  req: EngineRequest;
  blocks: number;
  prefillLeft: number;
  emitted: number;
  gone: boolean;
}

interface PlanItem {
  seq: Seq;
  prefill: number;
  emit: boolean;
}

export type SubmitResult = { ok: true; cancel: () => void } | { ok: false; reason: 'full' | 'down' };

export class Replica {
  readonly kv: KvCache;
  up = true;
  downSince = 0;
  detectionMs = 0;
  steps = 0;
  prefixQueryTokens = 0;
  prefixHitTokens = 0;
  /** KV blocks that queued and running requests hold or will need (used by kv-aware routing). */
  activeBlocks = 0;
  /** Times this replica crashed. */
  crashes = 0;
  /** Requests queued or running when it crashed (their clients see the connection die mid-way). */
  lostInCrash = 0;
  /** Requests the router sent here while it was down (their connections die before any byte). */
  refusedDown = 0;
  private waiting: Seq[] = [];
  private running: Seq[] = [];
  private plan: PlanItem[] | null = null;
  private stepEndAt = 0;
  private timer: SimTimer | null = null;

  readonly index: number;
  readonly profile: Profile;
  private readonly speedup: number;
  private readonly clock: SimClock;

  constructor(index: number, profile: Profile, speedup: number, clock: SimClock = realSimClock) {
    this.index = index;
    this.profile = profile;
    this.speedup = speedup;
    this.clock = clock;
    this.kv = new KvCache(profile.kvBlocks);
  }

  private now(): number {
    return this.clock.now();
  }

  get numRunning(): number {
    return this.running.length;
  }
  get numWaiting(): number {
    return this.waiting.length;
  }
  get load(): number {
    return this.running.length + this.waiting.length;
  }

  /** Queues a request; refuses when the waiting queue is full or the replica is down. */
  submit(req: EngineRequest): SubmitResult {
    if (!this.up) {
      this.refusedDown++;
      return { ok: false, reason: 'down' };
    }
    if (this.waiting.length >= this.profile.maxWaiting) return { ok: false, reason: 'full' };
    const blocks = Math.ceil((req.promptTokens + req.outputTokens) / this.profile.blockSize);
    const seq: Seq = { req, blocks, prefillLeft: req.promptTokens, emitted: 0, gone: false };
    this.waiting.push(seq);
    this.activeBlocks += blocks;
    this.kick();
    return { ok: true, cancel: () => this.cancel(seq) };
  }

  /** Crash: every queued and running request is aborted, cache lost, timer stopped. */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.downSince = this.now();
    this.stopTimer();
    const all = [...this.running, ...this.waiting];
    this.crashes++;
    this.lostInCrash += all.length;
    this.running = [];
    this.waiting = [];
    this.plan = null;
    this.activeBlocks = 0;
    this.kv.clear();
    for (const s of all) {
      s.gone = true;
      s.req.onAbort();
    }
  }

  recover(): void {
    this.up = true;
  }

  /** Cancels a request (client went away); frees its slot and blocks. */
  private cancel(seq: Seq): void {
    if (seq.gone) return;
    seq.gone = true;
    this.activeBlocks -= seq.blocks;
    const w = this.waiting.indexOf(seq);
    if (w >= 0) {
      this.waiting.splice(w, 1);
      return;
    }
    const r = this.running.indexOf(seq);
    if (r >= 0) {
      this.running.splice(r, 1);
      this.kv.release(seq.req.hashes, seq.blocks);
    }
  }

  private kick(): void {
    if (this.timer || this.plan || !this.up) return;
    this.stepEndAt = this.now();
    this.beginStep();
    if (this.plan) this.arm();
  }

  private arm(): void {
    this.timer = this.clock.setTimer(this.onTimer, this.stepEndAt - this.now());
  }

  private stopTimer(): void {
    if (!this.timer) return;
    this.timer.cancel();
    this.timer = null;
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    for (let n = 0; n < MAX_CATCHUP_STEPS; n++) {
      this.finishStep();
      if (!this.up) return;
      const now = this.now();
      if (now - this.stepEndAt > MAX_LAG_MS) this.stepEndAt = now;
      this.beginStep();
      if (!this.plan || this.stepEndAt > now) break;
    }
    if (this.plan) this.arm();
  };

  /** Chooses the step's batch and advances the step's end time; plan=null if idle. */
  private beginStep(): void {
    const p = this.profile;
    let budget = p.maxBatchedTokens;
    const plan: PlanItem[] = [];
    let prefillTokens = 0;
    let emitters = 0;
    for (const seq of this.running) {
      if (seq.prefillLeft === 0) {
        plan.push({ seq, prefill: 0, emit: true });
        budget--;
        emitters++;
      }
    }
    for (const seq of this.running) {
      if (seq.prefillLeft === 0 || budget <= 0) continue;
      const n = Math.min(seq.prefillLeft, budget);
      plan.push({ seq, prefill: n, emit: n === seq.prefillLeft });
      budget -= n;
      prefillTokens += n;
      if (n === seq.prefillLeft) emitters++;
    }
    while (this.waiting.length > 0 && this.running.length < p.maxNumSeqs && budget > 0) {
      const seq = this.waiting[0]!;
      if (!this.admit(seq)) {
        if (seq.gone) continue;
        break;
      }
      this.waiting.shift();
      this.running.push(seq);
      const n = Math.min(seq.prefillLeft, budget);
      plan.push({ seq, prefill: n, emit: n === seq.prefillLeft });
      budget -= n;
      prefillTokens += n;
      if (n === seq.prefillLeft) emitters++;
    }
    if (plan.length === 0) {
      this.plan = null;
      return;
    }
    const ms = p.stepOverheadMs + p.prefillMsPerToken * prefillTokens + p.decodeMsPerSeq * emitters;
    this.stepEndAt += ms / this.speedup;
    this.plan = plan;
  }

  /** Reserves KV blocks; a prefix hit skips prefill of the cached blocks (at least 1 token is computed). */
  private admit(seq: Seq): boolean {
    const hit = this.kv.admit(seq.req.hashes, seq.blocks);
    if (hit < 0) {
      if (this.running.length === 0) {
        // Can never fit (callers should reject it up front): drop instead of blocking the queue.
        this.waiting.shift();
        seq.gone = true;
        this.activeBlocks -= seq.blocks;
        seq.req.onAbort();
      }
      return false;
    }
    const P = seq.req.promptTokens;
    const hitTokens = Math.min(hit * this.profile.blockSize, P - 1);
    seq.prefillLeft = P - hitTokens;
    this.prefixQueryTokens += P;
    this.prefixHitTokens += hitTokens;
    return true;
  }

  /** Applies the current plan: progress prefills, emit tokens, retire finished sequences. */
  private finishStep(): void {
    const plan = this.plan;
    this.plan = null;
    if (!plan) return;
    this.steps++;
    let finished = false;
    for (const item of plan) {
      const seq = item.seq;
      if (seq.gone) continue;
      seq.prefillLeft -= item.prefill;
      if (!item.emit) continue;
      seq.emitted++;
      if (seq.emitted >= seq.req.outputTokens) {
        seq.gone = true;
        finished = true;
        this.activeBlocks -= seq.blocks;
        this.kv.release(seq.req.hashes, seq.blocks);
        seq.req.onToken();
        seq.req.onFinish();
      } else seq.req.onToken();
      if (!this.up) return;
    }
    if (finished) this.running = this.running.filter((s) => !s.gone);
  }
}
