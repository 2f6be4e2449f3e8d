/**
 * Turns engine callbacks into a response, applying the request's stream-level faults. The
 * Responder decides what goes out when (chunking, reasoning tokens, stalls, resets, missing
 * [DONE] or usage); a ResponseSink carries it: HttpSink writes OpenAI-format SSE or one JSON body
 * to a socket, and the in-process sender (load/sim-sender.ts) turns the same events into records
 * without a socket. Chunk JSON is assembled from precomputed prefix/suffix strings because this
 * is the simulator's hot path.
 */
import type { ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import type { RequestFaults } from './faults.js';
import { tokenText } from './tokens.js';

export type Kind = 'chat' | 'text';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** One content chunk of a stream. */
export interface ChunkEvent {
  /** The chunk's generated text (one or more tokens). */
  text: string;
  /** Chat: sent as delta.reasoning_content instead of content. */
  reasoning: boolean;
  /** Malformed-chunk fault: the chunk goes out as invalid JSON. */
  malformed: boolean;
  /** Reset fault: the connection is reset (RST) right after this chunk is delivered. */
  resetAfter: boolean;
}

/** Where a response goes. Calls come in stream order; after end/abort/reset nothing more. */
export interface ResponseSink {
  /** Stream only: the 200 response head (sent once the engine admitted the request). */
  open(): void;
  chunk(c: ChunkEvent): void;
  /** Stream end: the finish chunk, then usage (null: not sent), then [DONE] when `done`. */
  finish(finishReason: string, usage: Usage | null, done: boolean): void;
  /** Non-streaming answer: one JSON body. */
  whole(content: string, reasoning: string, finishReason: string, usage: Usage): void;
  /** The connection dies (replica crash, client gone). */
  abort(): void;
  /** Optional: everything `fn` sends leaves in one write (held chunks released after a stall). */
  batch?(fn: () => void): void;
}

export interface ResponderInit {
  sink: ResponseSink;
  clock: SimClock;
  kind: Kind;
  stream: boolean;
  includeUsage: boolean;
  promptTokens: number;
  outputTokens: number;
  maxTokens: number;
  wordStart: number;
  faults: RequestFaults;
  /** Chat only: first N tokens go out as reasoning_content. */
  reasoningTokens: number;
  tokensPerChunk: number;
  /** Clock milliseconds to pause after the first chunk when faults.stall. */
  stallRealMs: number;
  /** Called once per token, at first token, and once at the end (ok=false: aborted). */
  onTokenMetric(first: boolean): void;
  onEnd(ok: boolean, finishReason: string): void;
}

export class Responder {
  private emitted = 0;
  private chunks = 0;
  private pending = '';
  private pendingReasoning = false;
  /** Sink calls held back during a stall fault (null: not stalled). */
  private held: (() => void)[] | null = null;
  private opened = false;
  private done = false;

  private readonly o: ResponderInit;

  constructor(o: ResponderInit) {
    this.o = o;
  }

  /**
   * Sends the stream's response head. Called once the engine admitted the request, so a request
   * turned away (queue full) still gets its 503/429 status instead of a 200 followed by a reset.
   */
  open(): void {
    if (!this.o.stream || this.opened) return;
    this.opened = true;
    this.o.sink.open();
  }

  get finished(): boolean {
    return this.done;
  }

  private get finishReason(): string {
    return this.o.outputTokens >= this.o.maxTokens ? 'length' : 'stop';
  }

  /** Engine emitted one token. */
  onToken(): void {
    if (this.done) return;
    this.open();
    const i = this.emitted++;
    this.o.onTokenMetric(i === 0);
    if (!this.o.stream) return;
    const reasoning = this.o.kind === 'chat' && i < this.o.reasoningTokens;
    if (this.pending && reasoning !== this.pendingReasoning) this.flush();
    this.pendingReasoning = reasoning;
    this.pending += tokenText(this.o.wordStart, i);
    if (this.pending.length > 0 && (i + 1) % this.o.tokensPerChunk === 0) this.flush();
  }

  /** Engine finished the request. */
  onFinish(): void {
    if (this.done) return;
    if (!this.o.stream) return this.sendWhole();
    if (this.pending) this.flush();
    if (this.done) return;
    const { o } = this;
    const usage = o.includeUsage && !o.faults.missingUsage ? this.usage() : null;
    const reason = this.finishReason;
    // Done before the sink hears of it: an in-process sink ends the request synchronously, and its
    // abort of a responder not yet done would count the finished request as failed too.
    this.done = true;
    this.send(() => o.sink.finish(reason, usage, !o.faults.missingDone));
    o.onEnd(true, reason);
  }

  /** Replica crashed or the client went away: the connection just dies. */
  onAbort(): void {
    if (this.done) return;
    this.done = true;
    this.held = null;
    this.o.sink.abort();
    this.o.onEnd(false, 'abort');
  }

  private flush(): void {
    const { o } = this;
    const text = this.pending;
    this.pending = '';
    const malformed = o.faults.malformed && this.chunks === Math.min(1, o.outputTokens - 1);
    this.chunks++;
    const reset = o.faults.resetAfterChunks !== null && this.chunks >= o.faults.resetAfterChunks && !this.held;
    const event: ChunkEvent = { text, reasoning: this.pendingReasoning, malformed, resetAfter: reset };
    if (reset) {
      // Stream reset fault: the last chunk is delivered, then the connection is reset.
      this.done = true;
      o.sink.chunk(event);
      o.onEnd(false, 'abort');
      return;
    }
    this.send(() => o.sink.chunk(event));
    if (this.chunks === 1 && o.faults.stall && this.held === null) {
      this.held = [];
      o.clock.setTimer(() => this.release(), o.stallRealMs);
    }
  }

  private send(call: () => void): void {
    if (this.held) this.held.push(call);
    else call();
  }

  private release(): void {
    const held = this.held;
    this.held = null;
    if (!held || held.length === 0) return;
    const { sink } = this.o;
    if (sink.batch) sink.batch(() => held.forEach((c) => c()));
    else held.forEach((c) => c());
  }

  private usage(): Usage {
    return { promptTokens: this.o.promptTokens, completionTokens: this.o.outputTokens };
  }

  private sendWhole(): void {
    const { o } = this;
    let content = '';
    let reasoning = '';
    for (let i = 0; i < o.outputTokens; i++) {
      if (o.kind === 'chat' && i < o.reasoningTokens) reasoning += tokenText(o.wordStart, i);
      else content += tokenText(o.wordStart, i);
    }
    this.done = true;
    o.sink.whole(content, reasoning, this.finishReason, this.usage());
    o.onEnd(true, this.finishReason);
  }
}

/** Writes a response as an OpenAI-compatible server does: SSE chunks or one JSON body. */
export class HttpSink implements ResponseSink {
  private readonly head: string;
  private readonly tail: string;
  private roleSent = false;
  /** While batching: what would have been written, and whether the response ends after it. */
  private batched: string[] | null = null;
  private endAfterBatch = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly kind: Kind,
    private readonly id: string,
    private readonly model: string,
  ) {
    const created = Math.floor(Date.now() / 1000);
    const object = kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `data: {"id":"${id}","object":"${object}","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,`;
    this.tail = ',"logprobs":null,"finish_reason":null}]}\n\n';
  }

  open(): void {
    if (this.res.headersSent) return;
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.res.flushHeaders();
  }

  chunk(c: ChunkEvent): void {
    const text = JSON.stringify(c.text);
    let body: string;
    if (this.kind === 'text') body = `"text":${text}`;
    else {
      const role = this.roleSent ? '' : '"role":"assistant",';
      this.roleSent = true;
      body = `"delta":{${role}"${c.reasoning ? 'reasoning_content' : 'content'}":${text}}`;
    }
    const chunk = c.malformed ? `${this.head}${body},"finish_reason":nul\n\n` : this.head + body + this.tail;
    if (!c.resetAfter) {
      this.write(chunk);
      return;
    }
    const { res } = this;
    res.write(chunk, () => {
      const sock = res.socket;
      if (sock && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
      else res.destroy();
    });
  }

  finish(finishReason: string, usage: Usage | null, done: boolean): void {
    const fin = this.kind === 'chat' ? `"delta":{}` : `"text":""`;
    let out = `${this.head}${fin},"logprobs":null,"finish_reason":"${finishReason}"}]}\n\n`;
    if (usage) out += `${this.head.slice(0, this.head.lastIndexOf(',"choices"'))},"choices":[],"usage":${usageJson(usage)}}\n\n`;
    if (done) out += 'data: [DONE]\n\n';
    if (this.batched) {
      this.batched.push(out);
      this.endAfterBatch = true;
    } else this.res.end(out);
  }

  whole(content: string, reasoning: string, finishReason: string, usage: Usage): void {
    const created = Math.floor(Date.now() / 1000);
    const choice =
      this.kind === 'chat'
        ? { index: 0, message: { role: 'assistant', content, ...(reasoning ? { reasoning_content: reasoning } : {}) }, logprobs: null, finish_reason: finishReason }
        : { index: 0, text: content, logprobs: null, finish_reason: finishReason };
    const body = {
      id: this.id,
      object: this.kind === 'chat' ? 'chat.completion' : 'text_completion',
      created,
      model: this.model,
      choices: [choice],
      usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
    };
    this.res.writeHead(200, { 'content-type': 'application/json' });
    this.res.end(JSON.stringify(body));
  }

  abort(): void {
    this.res.destroy();
  }

  batch(fn: () => void): void {
    this.batched = [];
    this.endAfterBatch = false;
    try {
      fn();
    } finally {
      const out = this.batched.join('');
      this.batched = null;
      if (this.endAfterBatch) this.res.end(out);
      else if (out) this.res.write(out);
    }
  }

  private write(s: string): void {
    if (this.batched) this.batched.push(s);
    else this.res.write(s);
  }
}

function usageJson(u: Usage): string {
  return `{"prompt_tokens":${u.promptTokens},"completion_tokens":${u.completionTokens},"total_tokens":${u.promptTokens + u.completionTokens}}`;
}
