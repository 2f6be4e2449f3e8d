/**
 * Multi-turn sessions through a real closed-loop run against the simulator: the history grows by
 * a user turn and the assistant's actual (captured) reply per turn, the system prompt is shared,
 * and a new conversation starts after `turns`.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OpenAIClient, type RequestSpec, type SendContext } from '../../src/client/openai.js';
import { runLevel, type Sender } from '../../src/load/runner.js';
import type { RequestRecord } from '../../src/metrics/record.js';
import { startSim, type RunningSim } from '../../src/sim/index.js';
import { parseDataset } from '../../src/workload/datasets.js';
import { PromptBuilder } from '../../src/workload/prompt.js';
import { SessionWorkload } from '../../src/workload/sessions.js';
import { loadTokenizer } from '../../src/workload/tokenizer.js';

let sim: RunningSim;
let client: OpenAIClient;
let builder: PromptBuilder;

beforeAll(async () => {
  sim = await startSim({ port: 0, profile: 'tiny', speedup: 4 });
  client = new OpenAIClient({ baseUrl: sim.url, endpoint: 'chat', stream: true });
  builder = new PromptBuilder(await loadTokenizer('o200k'));
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

/** Wraps the real client and keeps what was sent by whom. */
function recording(inner: Sender): Sender & { sent: Array<{ spec: RequestSpec; record: RequestRecord }> } {
  const sent: Array<{ spec: RequestSpec; record: RequestRecord }> = [];
  return {
    sent,
    async send(spec: RequestSpec, ctx: SendContext) {
      const record = await inner.send(spec, ctx);
      sent.push({ spec: structuredClone(spec), record });
      return record;
    },
  };
}

test('each user carries its conversation: history grows per turn with the real reply, then a new conversation', async () => {
  const users = 3;
  const turns = 3;
  // Closed-loop users share one request budget (users × perUser), so a user may send a few more or
  // fewer than perUser: every check below holds for any split.
  const perUser = 7;
  const w = new SessionWorkload({ model: 'tiny', seed: 5, builder, turns, systemPromptTokens: 40, userTokens: { type: 'uniform', min: 8, max: 16 }, outputTokens: 6 });
  const sender = recording(client);
  const byUser = new Map<number, RequestSpec[]>();
  const workload = {
    next: (seq: number, user?: number) => {
      const spec = w.next(seq, user);
      byUser.set(user!, [...(byUser.get(user!) ?? []), structuredClone(spec)]);
      return spec;
    },
    observe: (r: RequestRecord) => w.observe(r),
  };
  const s = await runLevel('sessions', { kind: 'concurrency', users, thinkMs: 0, durationS: 20, maxRequests: users * perUser }, { sender, workload });
  expect(s.requests.ok).toBe(users * perUser);
  expect(sender.sent.every((x) => x.spec.captureText === true && typeof x.record.text === 'string' && x.record.text.length > 0)).toBe(true);

  const systems = new Set<string>();
  expect([...byUser.values()].reduce((a, specs) => a + specs.length, 0)).toBe(users * perUser);
  let conversations = 0;
  for (const [, specs] of byUser) {
    // Requests per user are sequential in closed loop, so they are that user's turns in order: 1, 2, 3, then a new conversation.
    expect(specs.map((x) => x.messages!.length)).toEqual(specs.map((_, i) => 2 + 2 * (i % turns)));
    conversations += Math.ceil(specs.length / turns);
    for (const spec of specs) {
      expect(spec.messages![0]!.role).toBe('system');
      systems.add(spec.messages![0]!.content);
      expect(spec.messages!.at(-1)!.role).toBe('user');
      expect(builder.count(spec.messages![0]!.content)).toBe(40);
    }
    // Turn 2 repeats turn 1's messages, followed by turn 1's actual reply.
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [3, 4],
    ] as const) {
      if (b >= specs.length) continue;
      const prev = specs[a]!;
      const cur = specs[b]!;
      expect(cur.messages!.slice(0, prev.messages!.length)).toEqual(prev.messages);
      const reply = sender.sent.find((x) => x.spec.messages!.length === prev.messages!.length && x.spec.messages!.at(-1)!.content === prev.messages!.at(-1)!.content)!.record.text;
      expect(cur.messages![prev.messages!.length]).toEqual({ role: 'assistant', content: reply });
      expect(cur.requestedInputTokens!).toBeGreaterThan(prev.requestedInputTokens!);
    }
    // A new conversation starts over with fresh user content.
    if (specs.length > turns) expect(specs[turns]!.messages![1]!.content).not.toBe(specs[0]!.messages![1]!.content);
  }
  // One system prompt shared by every user (prefix-cacheable); user turns differ between users.
  expect(systems.size).toBe(1);
  const firstTurns = [...byUser.values()].map((specs) => specs[0]!.messages![1]!.content);
  expect(new Set(firstTurns).size).toBe(users);
  expect(w.conversationsStarted).toBe(conversations);
  // Requested vs actual input tokens are both reported.
  expect(s.input_length!.requested_mean).toBeGreaterThan(0);
  expect(s.input_length!.actual_mean).toBeGreaterThan(s.input_length!.requested_mean * 0.5);
}, 30_000);

test('a failed turn is dropped and asked again; sessions can replay a dataset’s user turns', async () => {
  const ds = parseDataset(
    JSON.stringify([
      {
        prompt_content: 'You are a tutor.',
        cut_chat_history: [
          { role: 'user', content: 'How do I loop?' },
          { role: 'assistant', content: 'recorded answer, replaced by the real one' },
          { role: 'user', content: 'And range?' },
        ],
      },
    ]),
  );
  const w = new SessionWorkload({ model: 'tiny', seed: 1, builder, turns: 10, userTokens: 8, outputTokens: 4, dataset: ds });
  const a = w.next(0, 0);
  expect(a.messages).toEqual([
    { role: 'system', content: 'You are a tutor.' },
    { role: 'user', content: 'How do I loop?' },
  ]);
  w.observe({ id: 0, outcome: 'http_5xx' } as RequestRecord);
  const b = w.next(1, 0);
  expect(b.messages).toEqual(a.messages); // the same turn again, no dangling question
  w.observe({ id: 1, outcome: 'ok', text: 'real reply', outputTokens: 2 } as RequestRecord);
  const c = w.next(2, 0);
  expect(c.messages!.slice(1)).toEqual([
    { role: 'user', content: 'How do I loop?' },
    { role: 'assistant', content: 'real reply' },
    { role: 'user', content: 'And range?' },
  ]);
  w.observe({ id: 2, outcome: 'ok', text: 'second', outputTokens: 1 } as RequestRecord);
  // The conversation had 2 user turns (< turns): the next request starts a new one.
  expect(w.next(3, 0).messages).toHaveLength(2);
});

test('open loop: a request takes an idle session or opens one', () => {
  const w = new SessionWorkload({ model: 'm', seed: 1, builder, turns: 4, systemPromptTokens: 16, userTokens: 8, outputTokens: 4 });
  const a = w.next(0);
  const b = w.next(1); // a is in flight: a second session
  expect(a.messages).toHaveLength(2);
  expect(b.messages).toHaveLength(2);
  w.observe({ id: 0, outcome: 'ok', text: 'A', outputTokens: 1 } as RequestRecord);
  const c = w.next(2); // continues a's session
  expect(c.messages!.slice(0, 3)).toEqual([...a.messages!, { role: 'assistant', content: 'A' }]);
});
