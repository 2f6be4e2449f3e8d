/**
 * Prompt building bench: what one cache-honest synthetic prompt costs the generator per request
 * (the default workload: a chat/code/summarization mix of exact lengths under o200k, each prompt
 * starting with its own tag).
 *
 *   node --experimental-strip-types bench/prompt.ts [--requests 20000] [--rounds 5]
 *
 * Each round builds `requests` prompts with a fresh workload (cold: the builder's caches empty)
 * and then as many again (warm); prints one JSON line with the medians in µs per request.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runTsSources } from '../scripts/ts-hooks.ts';

runTsSources();
const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } } });
const n = Number(values.requests);
const rounds = Number(values.rounds);
const { PromptBuilder } = await import(new URL('../src/workload/prompt.ts', import.meta.url).href);
const { SyntheticWorkload, MIX_PRESETS } = await import(new URL('../src/workload/synthetic.ts', import.meta.url).href);
const { loadTokenizer } = await import(new URL('../src/workload/tokenizer.ts', import.meta.url).href);
const tok = await loadTokenizer('o200k');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const cold: number[] = [];
const warm: number[] = [];
for (let r = 0; r < rounds; r++) {
  const w = new SyntheticWorkload({
    model: 'm',
    seed: r + 1,
    salt: 99 + r,
    builder: new PromptBuilder(tok),
    mix: { chat: { weight: 0.7, ...MIX_PRESETS.chat }, code: { weight: 0.2, ...MIX_PRESETS.code }, summarization: { weight: 0.1, ...MIX_PRESETS.summarization } },
  });
  let t = performance.now();
  for (let i = 0; i < n; i++) w.next(i);
  cold.push(((performance.now() - t) / n) * 1000);
  t = performance.now();
  for (let i = n; i < 2 * n; i++) w.next(i);
  warm.push(((performance.now() - t) / n) * 1000);
}
const out = { bench: 'prompt', requests: n, rounds, cold_us_per_request: Math.round(median(cold) * 10) / 10, warm_us_per_request: Math.round(median(warm) * 10) / 10 };
console.log(JSON.stringify(out));
console.log(`prompt building (o200k, default mix): ${out.cold_us_per_request} µs/request cold, ${out.warm_us_per_request} µs/request warm (medians of ${rounds} rounds of ${n})`);
