/**
 * Prompt text of an exact token count under a real tokenizer.
 *
 * The text is a deterministic stream of lowercase words, each unit " word" (sometimes followed by
 * "," or "."). Every unit is a whole number of pre-tokens under the o200k / cl100k / llama3
 * pre-tokenisers, and BPE never merges across pre-tokens, so a text's token count is the sum of
 * its units' counts: each distinct unit is encoded once, a prefix of the stream is found by binary
 * search over cumulative counts, and the remainder is filled with one-token words. The first text
 * of each length is checked by encoding it whole and corrected (trimmed or extended) if needed.
 *
 * Per length, the text is cached as units; `text(n, rotation)` rotates those units (same token
 * count). That alone is not enough against prefix caches (vLLM, SGLang, llama.cpp cache by default):
 * a length has only as many rotations as units, and the text is the same in every run. So
 * `uniqueText(n, tag, rotation)` starts the text with a tag: `tagTokens` one-token words spelling a
 * 48-bit number in base (number of one-token words), followed by the body of n − tagTokens tokens.
 * Callers make the number unique per request and run with `uniqueTag(salt, seq)` (a keyed
 * permutation of the sequence number), so no two prompts share even their first KV block (engines
 * cache in blocks of ~16 tokens from the start). Tag and body are whole pre-tokens, so the count
 * stays exact without encoding the prompt; the first few unique texts are encoded whole and checked.
 */
import { seededRandom } from '../util/random.js';
import { hash3 } from './random.js';
import type { Tokenizer } from './tokenizer.js';

const WORDS = (
  'time year people way day man thing woman life child world school state family student group country problem hand part ' +
  'place case week company system program question work government number night point home water room mother area money ' +
  'story fact month lot right study book eye job word business issue side kind head house service friend father power hour ' +
  'game line end member law car city community name president team minute idea kid body information back parent face others ' +
  'level office door health person art war history party result change morning reason research girl guy moment air teacher ' +
  'force education foot boy age policy process music market sense nation plan college interest death experience effect use ' +
  'class control care field development role effort rate heart drug show leader light voice wife police mind price report ' +
  'decision son view relationship town road arm difference value building action model season society tax director position ' +
  'player record paper space ground form event official matter center couple site project activity star table need court ' +
  'say make go know take see come think look want give find tell ask seem feel try leave call keep let begin help talk turn ' +
  'start run move like live believe hold bring happen write provide sit stand lose pay meet include continue set learn lead ' +
  'understand watch follow stop create speak read allow add spend grow open walk win offer remember love consider appear buy ' +
  'wait serve die send expect build stay fall cut reach kill remain suggest raise pass sell require decide return explain hope ' +
  'good new first last long great little own other old big high different small large next early young important few public ' +
  'bad same able the of and to in for on with at by from up about into over after beneath under again further then once here ' +
  'there when where why how all any both each more most some such only very just also well still even'
).split(' ');

/** A deterministic word source, independent of the run's seed (the same text across runs). */
const SOURCE_SEED = 0x5eed;

/** Bits of the number a tag spells (a 48-bit permutation of the request sequence number). */
const TAG_BITS = 48;
/** Unique texts encoded whole and checked, per builder (a sampled check; the rest rely on the unit sums). */
const CHECKED_UNIQUE = 4;

/**
 * A number unique per (salt, seq) for seq < 2^48: a 4-round Feistel permutation of seq over 48 bits
 * keyed by the salt (and `purpose`, to keep e.g. a shared prefix's tag apart from requests'). A
 * permutation, so distinct sequence numbers of one run never share a tag; different salts give
 * unrelated tags, so runs do not repeat each other's prompts.
 */
export function uniqueTag(salt: number, seq: number, purpose = 0): number {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`uniqueTag: seq must be a whole number ≥ 0, got ${seq}`);
  let l = Math.floor(seq / 0x1000000) % 0x1000000;
  let r = seq % 0x1000000;
  for (let round = 0; round < 4; round++) {
    const f = hash3(salt >>> 0, r, purpose * 8 + round) & 0xffffff;
    [l, r] = [r, l ^ f];
  }
  return l * 0x1000000 + r;
}

interface Built {
  text: string;
  /** Character offset where each unit starts (units start with a space). */
  offsets: number[];
}

export class PromptBuilder {
  private readonly unitCount = new Map<string, number>();
  /** The word stream: units, and cumulative token counts (cum[k] = tokens of units[0..k)). */
  private readonly stream: string[] = [];
  private readonly cum: number[] = [0];
  private readonly rand = seededRandom(SOURCE_SEED);
  private readonly cache = new Map<number, Built>();
  private readonly fillers: string[];
  /** Tokens (one-token words) of a tag: enough base-(fillers) digits for TAG_BITS bits. */
  readonly tagTokens: number;
  private checked = 0;

  constructor(readonly tokenizer: Tokenizer) {
    // One-token units to fill the remainder exactly; every family has plenty among common words.
    this.fillers = [...new Set(WORDS)].map((w) => ` ${w}`).filter((u) => this.countUnit(u) === 1);
    if (this.fillers.length < 16) throw new Error(`tokenizer ${tokenizer.family}: too few one-token filler words (${this.fillers.length})`);
    this.tagTokens = Math.ceil(TAG_BITS / Math.log2(this.fillers.length));
  }

  /**
   * The tag text of `value` (0 ≤ value < 2^48): `tagTokens` one-token words, least significant
   * digit first (so tags of nearby values differ in their first word). Fewer words when `tokens`
   * is smaller (then only the low digits are spelled).
   */
  tag(value: number, tokens = this.tagTokens): string {
    const base = this.fillers.length;
    let out = '';
    for (let i = 0, v = value; i < tokens; i++, v = Math.floor(v / base)) out += this.fillers[v % base]!;
    return out;
  }

  /**
   * Text of exactly `n` tokens that starts with the tag of `tag` (see uniqueTag), then the body
   * `text(n − tagTokens, rotation)`. Prompts with distinct tags differ in their first word; when
   * n ≤ tagTokens the prompt is the tag's first n words alone.
   */
  uniqueText(n: number, tag: number, rotation = 0): string {
    if (!Number.isInteger(n) || n < 1) throw new Error(`prompt length must be a whole number of tokens ≥ 1, got ${n}`);
    const k = Math.min(n, this.tagTokens);
    const out = k === n ? this.tag(tag, k) : this.tag(tag, k) + this.text(n - k, rotation);
    if (this.checked < CHECKED_UNIQUE) {
      this.checked++;
      const c = this.count(out);
      if (c !== n) throw new Error(`prompt builder (${this.tokenizer.family}): a unique prompt of ${n} tokens encodes to ${c}; please report this with the tokenizer family`);
    }
    return out;
  }

  /** Tokens in `text` under this tokenizer. */
  count(text: string): number {
    return this.tokenizer.encode(text).length;
  }

  /**
   * Text of exactly `n` tokens (n ≥ 1). `rotation` (any integer) picks where the text starts
   * within its units, so different rotations share no prefix; 0 is the same text every time.
   */
  text(n: number, rotation = 0): string {
    const { text, offsets } = this.build(n);
    const r = ((rotation % offsets.length) + offsets.length) % offsets.length;
    if (r === 0) return text;
    const at = offsets[r]!;
    return text.slice(at) + text.slice(0, at);
  }

  /** Distinct lengths built so far (each cached). */
  get cachedLengths(): number {
    return this.cache.size;
  }

  private build(n: number): Built {
    if (!Number.isInteger(n) || n < 1) throw new Error(`prompt length must be a whole number of tokens ≥ 1, got ${n}`);
    const hit = this.cache.get(n);
    if (hit) return hit;
    this.extendTo(n);
    // Largest k with cum[k] ≤ n.
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cum[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    const units = this.stream.slice(0, lo);
    for (let i = 0, left = n - this.cum[lo]!; i < left; i++) units.push(this.fillers[i % this.fillers.length]!);
    const fixed = this.correct(units, n);
    const offsets: number[] = new Array(fixed.length);
    let at = 0;
    for (let i = 0; i < fixed.length; i++) {
      offsets[i] = at;
      at += fixed[i]!.length;
    }
    const built = { text: fixed.join(''), offsets };
    this.cache.set(n, built);
    return built;
  }

  /** Checks the whole text once and trims or extends it until it has exactly n tokens. */
  private correct(units: string[], n: number): string[] {
    for (let guard = 0; guard < 64; guard++) {
      const c = this.count(units.join(''));
      if (c === n) return units;
      if (c > n) {
        // Drop units from the end, then refill with one-token units.
        let excess = c - n;
        while (excess > 0 && units.length > 1) excess -= this.countUnit(units.pop()!);
        for (let i = 0; i < -excess; i++) units.push(this.fillers[i % this.fillers.length]!);
      } else for (let i = 0; i < n - c; i++) units.push(this.fillers[i % this.fillers.length]!);
    }
    throw new Error(`could not build a prompt of exactly ${n} tokens with tokenizer ${this.tokenizer.family}`);
  }

  private countUnit(u: string): number {
    let c = this.unitCount.get(u);
    if (c === undefined) {
      c = this.tokenizer.encode(u).length;
      this.unitCount.set(u, c);
    }
    return c;
  }

  private extendTo(n: number): void {
    while (this.cum[this.cum.length - 1]! < n) {
      const w = WORDS[Math.floor(this.rand() * WORDS.length)]!;
      const p = this.rand();
      const unit = p < 0.06 ? ` ${w}.` : p < 0.12 ? ` ${w},` : ` ${w}`;
      this.stream.push(unit);
      this.cum.push(this.cum[this.cum.length - 1]! + this.countUnit(unit));
    }
  }
}
