/**
 * Prompts as the server received them (real HTTP on 127.0.0.1): `load` without --prompt sends a
 * unique prompt per request and records its salt; the recorded salt with the same seed replays
 * the same prompts; another run's are all different; --prompt sends one prompt and says its
 * figures include cache hits. A/B sides get the same draws at each level, each with prompts of its
 * own, and never a sequence number used before (on virtual time: what matters is what each side
 * was asked to send, not the sockets).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseLoadArgs, runLoad } from '../../src/cli/load.js';
import { UsageError } from '../../src/util/errors.js';
import { runAb } from '../../src/app/ab.js';
import { saltedConfig, workloadFor } from '../../src/app/execute.js';
import { SimSender } from '../../src/load/sim-sender.js';
import { VirtualClock } from '../../src/util/virtual-clock.js';
import { buildConfig, mergeRaw } from '../../src/config/parse.js';
import type { RequestSpec, SendContext } from '../../src/client/openai.js';
import type { Sender } from '../../src/load/runner.js';
import { prepareWorkload } from '../../src/workload/index.js';
import { PromptBuilder } from '../../src/workload/prompt.js';
import { loadTokenizer } from '../../src/workload/tokenizer.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'lg-replay-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const noop = (): void => {};

describe('load: prompts as the server received them', () => {
  let srv: ScriptServer;
  beforeAll(async () => {
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: 2, data: chatChunk('a') },
        { delayMs: 0, data: usageChunk(11, 1) },
      ],
    }));
  });
  afterAll(() => srv.close());

  /** Runs `load` and returns the user contents the server received, and the results' workload record. */
  async function load(extra: string[]): Promise<{ prompts: string[]; record: Record<string, unknown>; sent: number; distinct?: number }> {
    const from = srv.requests.length;
    const out = tmp();
    const res = await runLoad(
      parseLoadArgs(['--target', srv.url, '--model', 'm', '--rate', '40', '--duration', '0.5s', '--seed', '9', '--out', out, ...extra]),
      new AbortController().signal,
      noop,
    );
    const prompts = srv.requests.slice(from).map((r) => (JSON.parse(r.body) as { messages: Array<{ content: string }> }).messages.at(-1)!.content);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.workload).toEqual(res.workload);
    return { prompts, record: doc.workload, sent: res.summary.requests.sent, distinct: res.levels[0]!.requests.distinct_prompts };
  }

  test('unique prompts by default, a recorded salt replays them exactly, another run shares none', async () => {
    const a = await load([]);
    expect(a.prompts.length).toBe(a.sent);
    expect(a.sent).toBeGreaterThanOrEqual(10);
    expect(new Set(a.prompts).size).toBe(a.prompts.length);
    expect(a.distinct).toBe(a.sent);
    expect(a.record).toMatchObject({ kind: 'synthetic', seed: 9, unique_prompts: true, expected_prefix_hit_rate: 0 });
    expect(a.record.salt).toEqual(expect.any(Number));

    const replay = await load(['--salt', String(a.record.salt)]);
    expect(replay.record.salt).toBe(a.record.salt);
    expect(new Set(replay.prompts)).toEqual(new Set(a.prompts));

    const b = await load([]);
    expect(b.record.salt).not.toBe(a.record.salt);
    const seen = new Set(a.prompts);
    expect(b.prompts.filter((p) => seen.has(p))).toEqual([]);
    // The seed still fixes the lengths: the same multiset of token counts.
    const tok = await loadTokenizer('o200k');
    const lengths = (ps: string[]) => ps.map((p) => tok.encode(p).length).sort((x, y) => x - y);
    expect(lengths(b.prompts)).toEqual(lengths(a.prompts));
  });

  test('--prompt sends that one prompt every time, and the results say the figures include cache hits', async () => {
    const f = await load(['--prompt', 'Say hi.']);
    expect(new Set(f.prompts)).toEqual(new Set(['Say hi.']));
    expect(f.distinct).toBe(1);
    expect(f.record).toMatchObject({ kind: 'fixed', salt: null, unique_prompts: false, expected_prefix_hit_rate: 1, note: expect.stringMatching(/include cache hits/) });
  });

  test('bad --salt and --prompt values are usage errors naming the flag', () => {
    const problems = (extra: string[]): string => {
      try {
        parseLoadArgs(['--target', 'http://127.0.0.1:1', '--model', 'm', '--rate', '1', ...extra]);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('expected a UsageError');
    };
    expect(problems(['--salt', 'abc'])).toContain('--salt "abc": expected an integer ≥ 0');
    expect(problems(['--salt', '4294967296'])).toContain('--salt 4294967296: expected an integer from 0 to 4294967295');
    expect(problems(['--salt', '5', '--prompt', 'x'])).toContain('--salt applies to the synthetic prompts');
    expect(problems(['--prompt', ''])).toContain('--prompt "": give the prompt text');
  });
});

describe('A/B sides (on virtual time: two in-process simulators, what each was asked to send)', () => {
  test('the same draws at each level (same lengths and body), tags of their own, no sequence number twice', async () => {
    const config = saltedConfig(
      buildConfig(
        mergeRaw(
          {},
          {
            name: 'ab-prompts',
            target: { url: 'http://a.invalid', model: 'tiny' },
            workload: { mix: { short: { weight: 1, input: { type: 'uniform', min: 16, max: 64 }, output: 4 } } },
            baseline: { rate: 4, duration: '1s' },
            saturation: { strategy: 'steps', load: 'rate', levels: [5, 10], level_duration: '1s', min_requests: 4 },
            run: { out: tmp() },
          },
        ),
      ),
    );
    await prepareWorkload(config.workload);
    const sent: Record<'A' | 'B', Array<{ id: number; phase: string; content: string }>> = { A: [], B: [] };
    const clock = new VirtualClock();
    const side = (label: 'A' | 'B', url: string) => {
      const c = { ...config, target: { ...config.target, url } };
      const sim = new SimSender({ clock, endpoint: 'chat', sim: { profile: 'tiny', speedup: 4, seed: 1 } });
      // The simulator's model, keeping what it was asked to send.
      const sender: Sender & { close: () => Promise<void> } = {
        send: (spec: RequestSpec, ctx: SendContext) => {
          sent[label].push({ id: ctx.id, phase: ctx.phase, content: spec.messages!.at(-1)!.content });
          return sim.send(spec, ctx);
        },
        close: () => sim.close(),
      };
      return { label, sender, workload: workloadFor(c, `ab-${label.toLowerCase()}`) };
    };
    const sides = [side('A', 'http://a.invalid'), side('B', 'http://b.invalid')] as const;
    try {
      const r = await clock.run(() => runAb(config, [sides[0], sides[1]], { signal: new AbortController().signal, log: noop, clock }), { maxVirtualMs: 600_000 });
      expect(r.sides.map((s) => s.levels.length)).toEqual([2, 2]);
    } finally {
      await Promise.all(sides.map((s) => s.sender.close()));
    }
    const builder = new PromptBuilder(await loadTokenizer('o200k'));
    const body = (content: string): string =>
      content
        .split(' ')
        .slice(builder.tagTokens + 1)
        .join(' ');
    for (const label of ['A', 'B'] as const) {
      const ids = sent[label].map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(sent[label].map((x) => x.content)).size).toBe(ids.length);
    }
    for (const level of ['baseline', '5', '10']) {
      const a = sent.A.filter((x) => x.phase === `A-${level}`);
      const b = sent.B.filter((x) => x.phase === `B-${level}`);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      // Both sides start the level at the same sequence number…
      expect(Math.min(...a.map((x) => x.id))).toBe(Math.min(...b.map((x) => x.id)));
      const byId = new Map(b.map((x) => [x.id, x.content]));
      const common = a.filter((x) => byId.has(x.id));
      expect(common.length).toBeGreaterThanOrEqual(Math.min(a.length, b.length));
      for (const x of common) {
        const y = byId.get(x.id)!;
        // …so the same draw (length, body), but a tag of their own: no prompt is sent to both.
        expect(body(x.content)).toBe(body(y));
        expect(x.content).not.toBe(y);
      }
    }
    const aPrompts = new Set(sent.A.map((x) => x.content));
    expect(sent.B.filter((x) => aPrompts.has(x.content))).toEqual([]);
  }, 60_000);
});
