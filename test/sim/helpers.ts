/** Small HTTP helpers for the simulator tests (real HTTP on 127.0.0.1). */
import { request as httpRequest } from 'node:http';

export interface SseResult {
  status: number;
  /** Raw `data:` payloads in order (including "[DONE]" if sent). */
  events: string[];
  /** Parsed JSON events (malformed ones skipped). */
  chunks: any[];
  malformed: number;
  content: string;
  reasoning: string;
  done: boolean;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  /** ms from request start to the first event carrying text. */
  ttftMs: number | null;
  /** ms between consecutive text-carrying events. */
  gapsMs: number[];
  /** Connection ended abnormally (reset). */
  reset: boolean;
  body: string;
}

export function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Streams a completion using node:http so resets and partial bodies are observable. */
export function streamCompletion(url: string, body: unknown): Promise<SseResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const r: SseResult = {
      status: 0,
      events: [],
      chunks: [],
      malformed: 0,
      content: '',
      reasoning: '',
      done: false,
      usage: null,
      ttftMs: null,
      gapsMs: [],
      reset: false,
      body: '',
    };
    let buf = '';
    let last = 0;
    const finish = () => resolve(r);
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      r.status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        r.body += d;
        buf += d;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!ev.startsWith('data: ')) continue;
          const data = ev.slice(6);
          r.events.push(data);
          if (data === '[DONE]') {
            r.done = true;
            continue;
          }
          let c: any;
          try {
            c = JSON.parse(data);
          } catch {
            r.malformed++;
            continue;
          }
          r.chunks.push(c);
          if (c.usage) r.usage = c.usage;
          const ch = c.choices?.[0];
          const text = ch?.delta?.content ?? ch?.text ?? '';
          const reasoning = ch?.delta?.reasoning_content ?? '';
          if (text || reasoning) {
            const now = performance.now();
            if (r.ttftMs === null) r.ttftMs = now - t0;
            else r.gapsMs.push(now - last);
            last = now;
          }
          r.content += text;
          r.reasoning += reasoning;
        }
      });
      res.on('end', finish);
      res.on('error', () => {
        r.reset = true;
        finish();
      });
      res.on('aborted', () => {
        r.reset = true;
      });
    });
    req.on('error', () => {
      r.reset = true;
      finish();
    });
    req.end(JSON.stringify(body));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Chat body helper. */
export function chat(model: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content }], ...extra };
}
