/**
 * Turns engine callbacks into an OpenAI-format HTTP response (SSE or one JSON body),
 * applying the request's stream-level faults. Chunk JSON is assembled from
 * precomputed prefix/suffix strings because this is the simulator's hot path.
 */
import type { ServerResponse } from 'node:http';
import type { RequestFaults } from './faults.js';
import { tokenText } from './tokens.js';

export type Kind = 'chat' | 'text';

export interface ResponderInit {
  res: ServerResponse;
  kind: Kind;
  id: string;
  model: string;
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
  /** Real milliseconds to pause after the first chunk when faults.stall. */
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
  private held: string[] | null = null;
  private endWhenReleased = false;
  private done = false;
  private readonly head: string;
  private readonly tail: string;

  private readonly o: ResponderInit;

  constructor(o: ResponderInit) {
    this.o = o;
    const created = Math.floor(Date.now() / 1000);
    const object = o.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `data: {"id":"${o.id}","object":"${object}","created":${created},"model":${JSON.stringify(o.model)},"choices":[{"index":0,`;
    this.tail = o.kind === 'chat' ? ',"logprobs":null,"finish_reason":null}]}\n\n' : ',"logprobs":null,"finish_reason":null}]}\n\n';
  }

  /**
   * Sends the stream's response head. Called once the engine admitted the request, so a request
   * turned away (queue full) still gets its 503/429 status instead of a 200 followed by a reset.
   */
  open(): void {
    if (!this.o.stream || this.o.res.headersSent) return;
    this.o.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.o.res.flushHeaders();
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
    if (!this.o.stream) return this.sendJson();
    if (this.pending) this.flush();
    if (this.done) return;
    const { o } = this;
    const fin = o.kind === 'chat' ? `"delta":{}` : `"text":""`;
    this.write(`${this.head}${fin},"logprobs":null,"finish_reason":"${this.finishReason}"}]}\n\n`);
    if (o.includeUsage && !o.faults.missingUsage) {
      const usage = this.usageJson();
      this.write(`${this.head.slice(0, this.head.lastIndexOf(',"choices"'))},"choices":[],"usage":${usage}}\n\n`);
    }
    if (!o.faults.missingDone) this.write('data: [DONE]\n\n');
    this.end(true);
  }

  /** Replica crashed or stream reset: the connection just dies. */
  onAbort(): void {
    if (this.done) return;
    this.done = true;
    this.o.res.destroy();
    this.o.onEnd(false, 'abort');
  }

  private flush(): void {
    const text = JSON.stringify(this.pending);
    const reasoning = this.pendingReasoning;
    this.pending = '';
    const { o } = this;
    let body: string;
    if (o.kind === 'text') body = `"text":${text}`;
    else {
      const role = this.chunks === 0 ? '"role":"assistant",' : '';
      body = `"delta":{${role}"${reasoning ? 'reasoning_content' : 'content'}":${text}}`;
    }
    const malformed = o.faults.malformed && this.chunks === Math.min(1, o.outputTokens - 1);
    const chunk = malformed ? `${this.head}${body},"finish_reason":nul\n\n` : this.head + body + this.tail;
    this.chunks++;
    if (o.faults.resetAfterChunks !== null && this.chunks >= o.faults.resetAfterChunks && !this.held) return this.reset(chunk);
    this.write(chunk);
    if (this.chunks === 1 && o.faults.stall && this.held === null) {
      this.held = [];
      setTimeout(() => this.release(), o.stallRealMs);
    }
  }

  /** Stream reset fault: the last chunk is delivered, then the TCP connection is reset (RST). */
  private reset(last: string): void {
    this.done = true;
    const { res } = this.o;
    res.write(last, () => {
      const sock = res.socket;
      if (sock && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
      else res.destroy();
    });
    this.o.onEnd(false, 'abort');
  }

  private write(s: string): void {
    if (this.held) this.held.push(s);
    else this.o.res.write(s);
  }

  private release(): void {
    const held = this.held;
    this.held = null;
    if (this.done && !this.endWhenReleased) return;
    if (held && held.length) this.o.res.write(held.join(''));
    if (this.endWhenReleased) this.o.res.end();
  }

  private end(ok: boolean): void {
    this.done = true;
    if (this.held) this.endWhenReleased = true;
    else this.o.res.end();
    this.o.onEnd(ok, this.finishReason);
  }

  private usageJson(): string {
    const { promptTokens: p, outputTokens: c } = this.o;
    return `{"prompt_tokens":${p},"completion_tokens":${c},"total_tokens":${p + c}}`;
  }

  private sendJson(): void {
    const { o } = this;
    let content = '';
    let reasoning = '';
    for (let i = 0; i < o.outputTokens; i++) {
      if (o.kind === 'chat' && i < o.reasoningTokens) reasoning += tokenText(o.wordStart, i);
      else content += tokenText(o.wordStart, i);
    }
    const created = Math.floor(Date.now() / 1000);
    const choice =
      o.kind === 'chat'
        ? { index: 0, message: { role: 'assistant', content, ...(reasoning ? { reasoning_content: reasoning } : {}) }, logprobs: null, finish_reason: this.finishReason }
        : { index: 0, text: content, logprobs: null, finish_reason: this.finishReason };
    const body = {
      id: o.id,
      object: o.kind === 'chat' ? 'chat.completion' : 'text_completion',
      created,
      model: o.model,
      choices: [choice],
      usage: { prompt_tokens: o.promptTokens, completion_tokens: o.outputTokens, total_tokens: o.promptTokens + o.outputTokens },
    };
    o.res.writeHead(200, { 'content-type': 'application/json' });
    this.done = true;
    o.res.end(JSON.stringify(body));
    o.onEnd(true, this.finishReason);
  }
}
