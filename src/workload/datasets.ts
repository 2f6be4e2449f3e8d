/**
 * Conversation datasets: what real traffic looks like, replayed.
 *
 * Formats:
 *  - `conversations`: a JSON array of `{prompt_content, cut_chat_history: [{role, content}]}`;
 *    prompt_content becomes the system message, system turns inside the history are skipped,
 *    other fields are ignored.
 *  - `sharegpt`: a JSON array of `{conversations: [{from: human|gpt|system, value}]}`; the messages
 *    up to and including the last human turn.
 *  - `jsonl`: one JSON object per line, `{messages: [{role, content}]}` or `{prompt: "…"}`, with an
 *    optional `max_tokens`. A JSON array of such objects is accepted too.
 * A malformed file is one DatasetError naming the file and, per problem, the record (index or
 * line) and the field, with what is expected; up to MAX_PROBLEMS are reported together.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ChatMessage, RequestSpec } from '../client/openai.js';
import type { Workload } from '../load/runner.js';
import { requestRandom } from './random.js';
import { UserError } from '../util/errors.js';

export const DATASET_FORMATS = ['conversations', 'sharegpt', 'jsonl'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export type DatasetOrder = 'random' | 'cycle';

export interface DatasetItem {
  /** Chat messages to send; the last one is a user turn. */
  messages: ChatMessage[];
  /** Per-record max_tokens (jsonl only). */
  maxTokens?: number;
}

export interface Dataset {
  source: string;
  format: DatasetFormat;
  items: DatasetItem[];
  /** Records skipped as invalid (only with skipInvalid). */
  skipped: number;
}

const MAX_PROBLEMS = 10;

export class DatasetError extends UserError {
  constructor(
    readonly source: string,
    readonly problems: string[],
    readonly total = problems.length,
  ) {
    const more = total > problems.length ? `\n  … and ${total - problems.length} more` : '';
    super(`${source}: ${total} problem${total > 1 ? 's' : ''} in the dataset:\n  - ${problems.join('\n  - ')}${more}`);
    this.name = 'DatasetError';
  }
}

export interface ParseDatasetOptions {
  /** Names the file in errors (default "dataset"). */
  source?: string;
  format?: DatasetFormat | 'auto';
  /** Drop invalid records instead of failing (the file still fails if none is valid). */
  skipInvalid?: boolean;
}

/** Reads and parses a dataset file; `path` is resolved against `baseDir` (default cwd). */
export function loadDataset(path: string, opts: ParseDatasetOptions & { baseDir?: string } = {}): Dataset {
  const full = isAbsolute(path) || !opts.baseDir ? resolve(path) : resolve(opts.baseDir, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new DatasetError(path, [
      `cannot read the file (${code}${code === 'ENOENT' ? `: no such file at ${full}` : ''}); check workload.dataset.path (relative paths are from the config file's directory)`,
    ]);
  }
  const format = opts.format && opts.format !== 'auto' ? opts.format : /\.jsonl$/i.test(path) ? 'jsonl' : 'auto';
  return parseDataset(text, { ...opts, source: opts.source ?? path, format });
}

/** Parses dataset text; throws DatasetError listing every problem (up to MAX_PROBLEMS). */
export function parseDataset(text: string, opts: ParseDatasetOptions = {}): Dataset {
  const source = opts.source ?? 'dataset';
  const t = text.replace(/^\uFEFF/, '');
  if (t.trim() === '') throw new DatasetError(source, ['the file is empty: expected a JSON array of conversations or JSON lines']);
  let format = opts.format ?? 'auto';
  let array: unknown[] | undefined;
  if (format !== 'jsonl' || t.trimStart().startsWith('[')) {
    const parsed = tryJson(t);
    if (parsed.ok) {
      if (!Array.isArray(parsed.value)) {
        if (format === 'auto' && isObject(parsed.value))
          format = 'jsonl'; // a one-line JSONL file
        else throw new DatasetError(source, [`the top level is ${kind(parsed.value)}: expected a JSON array of records ([{...}, {...}])`]);
      } else array = parsed.value;
    } else if (format === 'auto' && looksLikeJsonl(t)) format = 'jsonl';
    else
      throw new DatasetError(source, [`not valid JSON: ${parsed.error}${format === 'auto' ? ' (for JSON lines, one object per line, use a .jsonl file or format: jsonl)' : ''}`]);
  }
  const c = new Collector(source);
  const items: DatasetItem[] = [];
  let skipped = 0;
  const take = (item: DatasetItem | undefined): void => {
    if (item) items.push(item);
    else skipped++;
  };
  if (array) {
    if (format === 'auto') format = detect(array);
    array.forEach((rec, i) => take(record(format as DatasetFormat, rec, `record ${i}`, c)));
  } else {
    format = 'jsonl';
    const lines = t.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `line ${i + 1}`;
      const parsed = tryJson(line);
      if (!parsed.ok) {
        c.add(`${where}: not valid JSON (${parsed.error}); each line must be one JSON object like {"messages": [...]} or {"prompt": "..."}`);
        skipped++;
        return;
      }
      take(record('jsonl', parsed.value, where, c));
    });
  }
  if (c.total > 0 && !opts.skipInvalid) throw c.error();
  if (items.length === 0) throw c.total > 0 ? c.error() : new DatasetError(source, ['no records: the dataset must hold at least one conversation']);
  return { source, format: format as DatasetFormat, items, skipped };
}

class Collector {
  readonly problems: string[] = [];
  total = 0;
  constructor(readonly source: string) {}
  add(p: string): void {
    this.total++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }
  error(): DatasetError {
    return new DatasetError(this.source, this.problems, this.total);
  }
}

function detect(array: unknown[]): DatasetFormat {
  const first = array.find(isObject);
  if (first && 'conversations' in first) return 'sharegpt';
  if (first && ('cut_chat_history' in first || 'prompt_content' in first)) return 'conversations';
  return first && ('messages' in first || 'prompt' in first) ? 'jsonl' : 'conversations';
}

/** One record → an item, or undefined after reporting its problems. */
function record(format: DatasetFormat, rec: unknown, where: string, c: Collector): DatasetItem | undefined {
  const before = c.total;
  const item = format === 'conversations' ? conversationRecord(rec, where, c) : format === 'sharegpt' ? sharegptRecord(rec, where, c) : jsonlRecord(rec, where, c);
  return c.total === before ? item : undefined;
}

function conversationRecord(rec: unknown, where: string, c: Collector): DatasetItem | undefined {
  const before = c.total;
  const shape = '{"prompt_content": "...", "cut_chat_history": [{"role": "user", "content": "..."}]}';
  if (!isObject(rec)) return void c.add(`${where}: is ${kind(rec)}; each record must be an object ${shape}`);
  const messages: ChatMessage[] = [];
  const system = rec.prompt_content;
  if (system === undefined) c.add(`${where}: prompt_content is missing; it is the system prompt (a string, may be "")`);
  else if (typeof system !== 'string') c.add(`${where}: prompt_content must be a string, got ${kind(system)}`);
  else if (system !== '') messages.push({ role: 'system', content: system });
  const history = rec.cut_chat_history;
  if (!Array.isArray(history))
    return void c.add(`${where}: cut_chat_history ${history === undefined ? 'is missing' : `must be an array, got ${kind(history)}`}; expected ${shape}`);
  history.forEach((turn, j) => {
    const w = `${where}: cut_chat_history[${j}]`;
    if (!isObject(turn)) return c.add(`${w} must be an object {"role": "user" | "assistant" | "system", "content": "..."}, got ${kind(turn)}`);
    const { role, content } = turn;
    if (role !== 'user' && role !== 'assistant' && role !== 'system') return c.add(`${w}.role must be "user", "assistant" or "system", got ${JSON.stringify(role) ?? 'nothing'}`);
    if (typeof content !== 'string') return c.add(`${w}.content must be a string, got ${kind(content)}`);
    if (role !== 'system') messages.push({ role, content });
  });
  return finish(messages, where, 'cut_chat_history', c, before);
}

const SHAREGPT_ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  chatgpt: 'assistant',
  bard: 'assistant',
  bing: 'assistant',
  model: 'assistant',
  system: 'system',
};

function sharegptRecord(rec: unknown, where: string, c: Collector): DatasetItem | undefined {
  const before = c.total;
  const shape = '{"conversations": [{"from": "human", "value": "..."}, {"from": "gpt", "value": "..."}]}';
  if (!isObject(rec)) return void c.add(`${where}: is ${kind(rec)}; each record must be an object ${shape}`);
  const conv = rec.conversations;
  if (!Array.isArray(conv)) return void c.add(`${where}: conversations ${conv === undefined ? 'is missing' : `must be an array, got ${kind(conv)}`}; expected ${shape}`);
  const messages: ChatMessage[] = [];
  conv.forEach((turn, j) => {
    const w = `${where}: conversations[${j}]`;
    if (!isObject(turn)) return c.add(`${w} must be an object {"from": "human" | "gpt" | "system", "value": "..."}, got ${kind(turn)}`);
    const role = typeof turn.from === 'string' ? SHAREGPT_ROLES[turn.from.toLowerCase()] : undefined;
    if (!role) return c.add(`${w}.from must be "human", "gpt" or "system", got ${JSON.stringify(turn.from) ?? 'nothing'}`);
    if (typeof turn.value !== 'string') return c.add(`${w}.value must be a string, got ${kind(turn.value)}`);
    messages.push({ role, content: turn.value });
  });
  return finish(messages, where, 'conversations', c, before);
}

function jsonlRecord(rec: unknown, where: string, c: Collector): DatasetItem | undefined {
  const before = c.total;
  if (!isObject(rec)) return void c.add(`${where}: is ${kind(rec)}; expected an object {"messages": [{"role": "user", "content": "..."}]} or {"prompt": "..."}`);
  let maxTokens: number | undefined;
  if (rec.max_tokens !== undefined) {
    if (Number.isInteger(rec.max_tokens) && (rec.max_tokens as number) >= 1) maxTokens = rec.max_tokens as number;
    else c.add(`${where}: max_tokens must be a whole number ≥ 1, got ${JSON.stringify(rec.max_tokens)}`);
  }
  if (rec.messages !== undefined) {
    if (!Array.isArray(rec.messages)) return void c.add(`${where}: messages must be an array of {"role": ..., "content": "..."}, got ${kind(rec.messages)}`);
    const messages: ChatMessage[] = [];
    rec.messages.forEach((m, j) => {
      const w = `${where}: messages[${j}]`;
      if (!isObject(m)) return c.add(`${w} must be an object {"role": "user", "content": "..."}, got ${kind(m)}`);
      if (typeof m.role !== 'string' || m.role === '') return c.add(`${w}.role must be a non-empty string (system, user, assistant), got ${JSON.stringify(m.role) ?? 'nothing'}`);
      if (typeof m.content !== 'string') return c.add(`${w}.content must be a string, got ${kind(m.content)}`);
      messages.push({ role: m.role, content: m.content });
    });
    const item = finish(messages, where, 'messages', c, before);
    return item && { ...item, maxTokens };
  }
  if (rec.prompt !== undefined) {
    if (typeof rec.prompt !== 'string' || rec.prompt === '') return void c.add(`${where}: prompt must be a non-empty string, got ${kind(rec.prompt)}`);
    return { messages: [{ role: 'user', content: rec.prompt }], maxTokens };
  }
  return void c.add(`${where}: needs "messages" (an array of {"role", "content"}) or "prompt" (a string)`);
}

/** Cuts the messages after the last user turn; a conversation without one is a problem. */
function finish(messages: ChatMessage[], where: string, field: string, c: Collector, before: number): DatasetItem | undefined {
  if (c.total > before) return undefined; // the record already has problems; "no user turn" would only repeat them
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== 'user') last--;
  if (last < 0) return void c.add(`${where}: ${field} is an empty conversation (no user turn); every record needs at least one user message to send`);
  return { messages: messages.slice(0, last + 1) };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: jsonErrorWhere(text, (e as Error).message) };
  }
}

/** "<what> at line L, column C": V8's message names the problem but not always where it is. */
function jsonErrorWhere(text: string, message: string): string {
  const what = message.split(/,? ("|\.\.\.)|\s+in JSON| at position| \(line/)[0]!.trim() || 'syntax error';
  const pos = jsonErrorOffset(text);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${what} at line ${line}, column ${col}`;
}

/** Offset of the first JSON syntax error (a small validating scanner, run only after JSON.parse failed). */
function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < t.length && ' \t\n\r'.includes(t[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string): void => {
    if (t.startsWith(w, i)) i += w.length;
    else fail();
  };
  const str = (): void => {
    i++;
    while (i < t.length && t[i] !== '"') {
      if (t[i] === '\\') i++;
      else if (t.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= t.length) fail();
    i++;
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(t.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{') {
      i++;
      ws();
      if (t[i] === '}') return void i++;
      for (;;) {
        ws();
        if (t[i] !== '"') fail();
        str();
        ws();
        if (t[i] !== ':') fail();
        i++;
        value();
        ws();
        if (t[i] === ',') i++;
        else if (t[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (t[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (t[i] === ',') i++;
        else if (t[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/** Several lines, the first of which is a JSON object on its own. */
function looksLikeJsonl(t: string): boolean {
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  const first = tryJson(lines[0]!);
  return first.ok && isObject(first.value);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function kind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `a string (${JSON.stringify(x.length > 30 ? `${x.slice(0, 30)}…` : x)})`;
  return `${typeof x === 'number' ? 'a number' : typeof x === 'boolean' ? 'a boolean' : typeof x} (${String(x)})`;
}

export interface DatasetWorkloadOptions {
  dataset: Dataset;
  model: string;
  order: DatasetOrder;
  seed: number;
  /** max_tokens when the record gives none. */
  maxTokens?: number;
  /** Send ignore_eos and min_tokens = max_tokens. */
  exactOutput?: boolean;
  extra?: Record<string, unknown>;
  /** Counts prompt tokens for requested_input (optional; memoised per record). */
  countTokens?: (text: string) => number;
  /**
   * dataset.salt: each use of a record gets a short prefix unique to (seq): `prefix(seq)` returns
   * its text (e.g. a few words) and `tokens` its length, put before the first message's content
   * with a newline, so an engine's prompt cache cannot serve a repeated record. Without it records
   * are sent exactly as recorded.
   */
  salt?: { prefix: (seq: number) => string; tokens: number };
}

/**
 * Replays a dataset's records, sampled with a seed (`random`) or in order, wrapping (`cycle`).
 * Records are replayed as they are (a repeated record is a repeated prompt) unless `salt` is given.
 */
export class DatasetWorkload implements Workload {
  private readonly counts: Array<number | undefined> = [];
  constructor(private readonly o: DatasetWorkloadOptions) {}

  /** Index of the record request `seq` sends. */
  indexOf(seq: number): number {
    const n = this.o.dataset.items.length;
    return this.o.order === 'cycle' ? seq % n : Math.floor(requestRandom(this.o.seed, seq, 2)() * n);
  }

  next(seq: number): RequestSpec {
    const i = this.indexOf(seq);
    const item = this.o.dataset.items[i]!;
    const maxTokens = item.maxTokens ?? this.o.maxTokens;
    const exact = this.o.exactOutput && maxTokens !== undefined ? { ignore_eos: true, min_tokens: maxTokens } : undefined;
    const extra = exact || this.o.extra ? { ...exact, ...this.o.extra } : undefined;
    const counted = this.inputTokens(i, item);
    let messages = item.messages;
    let requestedInputTokens = counted;
    if (this.o.salt) {
      const [first, ...rest] = item.messages;
      messages = [{ ...first!, content: `${this.o.salt.prefix(seq)}\n${first!.content}` }, ...rest];
      // The newline may join the content's leading whitespace: an estimate within a token.
      if (counted !== undefined) requestedInputTokens = counted + this.o.salt.tokens + 1;
    }
    return {
      model: this.o.model,
      messages,
      prompt: messages.length === 1 ? messages[0]!.content : undefined,
      maxTokens,
      extra,
      requestedInputTokens,
    };
  }

  private inputTokens(i: number, item: DatasetItem): number | undefined {
    if (!this.o.countTokens) return undefined;
    let c = this.counts[i];
    if (c === undefined) c = this.counts[i] = item.messages.reduce((a, m) => a + this.o.countTokens!(m.content), 0);
    return c;
  }
}
