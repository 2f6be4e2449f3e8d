/**
 * Real tokenizers for building prompts of an exact token length. Each family is loaded on first
 * use (the vocabularies are megabytes: o200k ~130 ms, cl100k ~50 ms, llama3 ~350 ms to load), so
 * commands that never build synthetic prompts pay nothing. ncc puts each in its own chunk file
 * beside the bundle (scripts/bundle.mjs), so a run that needs none does not even parse them.
 */

export const TOKENIZER_FAMILIES = ['o200k', 'cl100k', 'llama3'] as const;
export type TokenizerFamily = (typeof TOKENIZER_FAMILIES)[number];

export interface Tokenizer {
  readonly family: TokenizerFamily;
  encode(text: string): number[];
  decode(ids: number[]): string;
}

/** Special-token strings in text (e.g. from a dataset) count as plain text instead of throwing. */
const PLAIN = { disallowedSpecial: new Set<string>() };

const loading = new Map<TokenizerFamily, Promise<Tokenizer>>();
const ready = new Map<TokenizerFamily, Tokenizer>();

/** The tokenizer of a family; loaded once per process. */
export function loadTokenizer(family: TokenizerFamily): Promise<Tokenizer> {
  let p = loading.get(family);
  if (!p) {
    p = load(family).then((t) => {
      ready.set(family, t);
      return t;
    });
    loading.set(family, p);
  }
  return p;
}

/** The tokenizer if loadTokenizer(family) has finished, for synchronous callers. */
export function loadedTokenizer(family: TokenizerFamily): Tokenizer | undefined {
  return ready.get(family);
}

async function load(family: TokenizerFamily): Promise<Tokenizer> {
  switch (family) {
    case 'o200k': {
      const m = await import('gpt-tokenizer/encoding/o200k_base');
      return { family, encode: (t) => m.encode(t, PLAIN), decode: (ids) => m.decode(ids) };
    }
    case 'cl100k': {
      const m = await import('gpt-tokenizer/encoding/cl100k_base');
      return { family, encode: (t) => m.encode(t, PLAIN), decode: (ids) => m.decode(ids) };
    }
    case 'llama3': {
      const m = await import('llama3-tokenizer-js');
      const tok = m.default;
      return { family, encode: (t) => tok.encode(t, { bos: false, eos: false }), decode: (ids) => tok.decode(ids) };
    }
    default:
      throw new Error(`unknown tokenizer family "${String(family)}": use one of ${TOKENIZER_FAMILIES.join(', ')}`);
  }
}
