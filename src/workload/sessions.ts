/**
 * Multi-turn sessions: each closed-loop user carries one conversation forward. A request sends
 * the shared system prompt (identical for everyone: prefix-cacheable), then the whole history,
 * then a new user turn; the assistant's actual reply (captured from the stream) is appended when
 * the request ends. After `turns` user turns the user starts a new conversation.
 *
 * User turns are synthetic (exact token lengths, distinct per user and turn) or come from a
 * dataset's conversations (their user messages in order; their assistant messages are replaced
 * by the real replies). A failed request drops its unanswered user turn and the turn is retried
 * with new content, so history never holds a question without an answer.
 *
 * Cache-honest: the built system prompt is derived from the run's salt (shared within the run, not
 * with earlier runs) and every synthetic user turn starts with a tag unique to (salt, seq), so the
 * only prefix-cache hits are the ones sessions are meant to produce: the system prompt and each
 * conversation's own history.
 *
 * Closed loop: the runner's user index is the session. Open loop (no user index): a request takes
 * an idle session or opens a new one, so there are as many sessions as requests in flight.
 */
import type { ChatMessage, RequestSpec } from '../client/openai.js';
import type { Workload } from '../load/runner.js';
import type { RequestRecord } from '../metrics/record.js';
import type { Dataset } from './datasets.js';
import { lengthSampler, type LengthDist, type LengthSampler } from './distributions.js';
import type { PromptBuilder } from './prompt.js';
import { uniqueTag } from './prompt.js';
import { requestRandom } from './random.js';
import { TAG_PURPOSE, exactOutputFields } from './synthetic.js';

export interface SessionWorkloadOptions {
  model: string;
  seed: number;
  /** Makes the built system prompt and the user turns unique to this run. Default 0. */
  salt?: number;
  builder: PromptBuilder;
  /** User turns per conversation (with a dataset: at most this many of the conversation's). */
  turns: number;
  /** The shared system prompt text… */
  systemPrompt?: string;
  /** …or its length in tokens (built text, the same for every user). Neither: no system prompt. */
  systemPromptTokens?: number;
  /** Length of each synthetic user turn. */
  userTokens: LengthDist;
  /** max_tokens of each turn. */
  outputTokens: LengthDist;
  /** Take conversations (system prompt and user turns) from this dataset instead. */
  dataset?: Dataset;
  /** Send ignore_eos and min_tokens = max_tokens (default true). */
  exactOutput?: boolean;
  extra?: Record<string, unknown>;
}

interface Session {
  id: number;
  /** Conversations started by this session so far (the current one included). */
  conversation: number;
  /** User turns answered in the current conversation. */
  turn: number;
  turns: number;
  messages: ChatMessage[];
  /** Token estimate of `messages` (system + user turns + replies' output tokens). */
  tokens: number;
  /** Dataset conversation's user turns, when replaying a dataset. */
  script?: string[];
  /** The request in flight: its user-turn tokens (to undo on failure). */
  pendingTokens?: number;
}

export class SessionWorkload implements Workload {
  private readonly closed = new Map<number, Session>();
  private readonly idle: Session[] = [];
  private readonly inFlight = new Map<number, Session>();
  private readonly system: ChatMessage | undefined;
  private readonly systemTokens: number;
  private readonly userLen: LengthSampler;
  private readonly outLen: LengthSampler;
  private readonly exact: boolean;
  private nextSessionId = 0;
  private conversations = 0;

  constructor(private readonly o: SessionWorkloadOptions) {
    if (!Number.isInteger(o.turns) || o.turns < 1) throw new Error(`sessions.turns must be a whole number ≥ 1, got ${o.turns}`);
    this.userLen = lengthSampler(o.userTokens, 'sessions.user_tokens');
    this.outLen = lengthSampler(o.outputTokens, 'sessions.output_tokens');
    const text = o.systemPrompt ?? (o.systemPromptTokens ? o.builder.uniqueText(o.systemPromptTokens, uniqueTag(o.salt ?? 0, 0, TAG_PURPOSE.sharedPrefix)) : undefined);
    this.system = text ? { role: 'system', content: text } : undefined;
    this.systemTokens = text ? (o.systemPromptTokens ?? o.builder.count(text)) : 0;
    this.exact = o.exactOutput ?? true;
  }

  /** Conversations started so far (all sessions). */
  get conversationsStarted(): number {
    return this.conversations;
  }

  next(seq: number, user?: number): RequestSpec {
    const s = this.sessionFor(user);
    if (s.conversation === 0 || s.turn >= s.turns) this.startConversation(s);
    const rand = requestRandom(this.o.seed, seq, 3);
    let content: string;
    let userTokens: number;
    if (s.script) {
      content = s.script[s.turn]!;
      userTokens = this.o.builder.count(content);
    } else {
      userTokens = this.userLen(rand);
      // Tagged by (salt, seq): user content never shares a prefix with another turn, here or in another run.
      content = this.o.builder.uniqueText(userTokens, uniqueTag(this.o.salt ?? 0, seq, TAG_PURPOSE.session), 1 + Math.floor(rand() * 0x7fffffff));
    }
    const maxTokens = this.outLen(rand);
    s.messages.push({ role: 'user', content });
    s.tokens += userTokens;
    s.pendingTokens = userTokens;
    this.inFlight.set(seq, s);
    const extra = this.exact ? { ...exactOutputFields(maxTokens), ...this.o.extra } : this.o.extra;
    return { model: this.o.model, messages: s.messages.slice(), maxTokens, extra, requestedInputTokens: s.tokens, captureText: true };
  }

  observe(record: RequestRecord): void {
    const s = this.inFlight.get(record.id);
    if (!s) return;
    this.inFlight.delete(record.id);
    if (record.outcome === 'ok') {
      const reply = record.text ?? this.o.builder.text(Math.max(1, record.outputTokens ?? 1));
      s.messages.push({ role: 'assistant', content: reply });
      s.tokens += record.outputTokens ?? this.o.builder.count(reply);
      s.turn++;
    } else {
      // No answer: forget the question; the turn is asked again (with new content) next time.
      s.messages.pop();
      s.tokens -= s.pendingTokens ?? 0;
    }
    s.pendingTokens = undefined;
    if (!this.closed.has(s.id)) this.idle.push(s);
  }

  /** The conversation state of a closed-loop user (for tests and debugging). */
  sessionOf(user: number): Readonly<Session> | undefined {
    return this.closed.get(user);
  }

  private sessionFor(user: number | undefined): Session {
    if (user !== undefined) {
      let s = this.closed.get(user);
      if (!s) this.closed.set(user, (s = this.newSession(user)));
      return s;
    }
    return this.idle.pop() ?? this.newSession(-1 - this.nextSessionId);
  }

  private newSession(id: number): Session {
    this.nextSessionId++;
    return { id, conversation: 0, turn: 0, turns: this.o.turns, messages: [], tokens: 0 };
  }

  private startConversation(s: Session): void {
    const n = this.conversations++;
    s.conversation++;
    s.turn = 0;
    s.messages = [];
    s.tokens = 0;
    s.script = undefined;
    s.turns = this.o.turns;
    const ds = this.o.dataset;
    if (ds) {
      // Conversations are taken in a seeded order, one per started conversation.
      const item = ds.items[Math.floor(requestRandom(this.o.seed, n, 4)() * ds.items.length)]!;
      const sys = item.messages.find((m) => m.role === 'system');
      const script = item.messages.filter((m) => m.role === 'user').map((m) => m.content);
      s.script = script;
      s.turns = Math.min(this.o.turns, script.length);
      const system = sys ?? this.system;
      if (system) {
        s.messages.push(system);
        s.tokens += sys ? this.o.builder.count(sys.content) : this.systemTokens;
      }
      return;
    }
    if (this.system) {
      s.messages.push(this.system);
      s.tokens += this.systemTokens;
    }
  }
}
