/**
 * Deterministic, cheap tokenisation rules.
 *
 * Rule: one prompt token per 4 UTF-16 code units of the prompt text, rounded up
 * (minimum 1). English averages ~4 characters per BPE token, so counts land near a
 * real tokenizer's while costing one division. A KV block of `blockSize` tokens
 * therefore covers `blockSize * 4` characters; only full blocks are hashed (and
 * cacheable), each hash chained on the previous block's, like vLLM's prefix cache.
 */
import { fnv1a } from './rng.js';

const CHARS_PER_TOKEN = 4;

/** Prompt tokens for a text under the 4-chars-per-token rule. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/**
 * Chained content hashes of the text's full KV blocks. Equal hash at index i means
 * equal text for blocks 0..i, so the longest common hash prefix is the shared prefix.
 * Each hash is a 52-bit integer built from two independent FNV-1a lanes.
 */
export function blockHashes(text: string, blockSize: number): number[] {
  const span = blockSize * CHARS_PER_TOKEN;
  const full = Math.floor(text.length / span);
  const out: number[] = new Array(full);
  let h1 = 0;
  let h2 = 0x1234567;
  for (let b = 0; b < full; b++) {
    const s = b * span;
    h1 = fnv1a(text, s, s + span, h1);
    h2 = fnv1a(text, s, s + span, h2 ^ 0x5bd1e995);
    out[b] = h1 * 0x100000 + (h2 >>> 12);
  }
  return out;
}

/** Words cycled to produce output text: each generated token is " " + word. */
export const WORDS: readonly string[] = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there all one their we can been has more if no when will would so what out up into ' +
  'model token cache batch load queue latency stream engine request server'
).split(' ');

/** Text of output token `i` for a response whose word cycle starts at `start`. */
export function tokenText(start: number, i: number): string {
  return ' ' + WORDS[(start + i) % WORDS.length];
}

/** One chat message as accepted by the simulator (content may be OpenAI content parts). */
export interface ChatMessage {
  role?: unknown;
  content?: unknown;
}

/**
 * Renders chat messages into the prompt text that is counted and hashed:
 * `<|role|>\ncontent\n` per message, so a conversation that grows turn by turn keeps
 * its earlier text as an exact prefix (which is what makes prefix caching work).
 */
export function chatPromptText(messages: readonly ChatMessage[]): string {
  let out = '';
  for (const m of messages) {
    const role = typeof m.role === 'string' ? m.role : 'user';
    out += `<|${role}|>\n${contentText(m.content)}\n`;
  }
  return out;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  }
  return '';
}
