import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { performance } from 'node:perf_hooks';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

describe('edge cases around the end of a stream', () => {
  let srv: ScriptServer;
  beforeAll(async () => {
    // The answer is complete ([DONE] sent), but the connection is held open afterwards, as a
    // proxy or a keep-alive-comment server may do.
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: 5, data: chatChunk('hi') },
        { delayMs: 5, data: chatChunk(' there') },
        { delayMs: 0, data: usageChunk(3, 2) },
        { delayMs: 0, data: '[DONE]' },
      ],
      done: false,
      hangAfterChunks: true,
    }));
  });
  afterAll(() => srv.close());

  it('a stream held open after [DONE] is ok, not a timeout', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, timeouts: { idleMs: 300 } });
    const r = await client.send({ model: 'm', prompt: 'x' }, { id: 0, phase: 't', scheduledAt: performance.now() });
    await client.close();
    expect(r.outcome, r.error).toBe('ok');
    expect(r.outputTokens).toBe(2);
    expect(r.e2eMs!).toBeLessThan(200);
  });

  it('an error in our own bookkeeping surfaces from runLevel after the level drains, not as a crash', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true, timeouts: { idleMs: 300 } });
    const workload = new FixedWorkload({ model: 'm', prompt: 'x' });
    const failing = {
      next: () => workload.next(),
      observe: () => {
        throw new Error('observer broke');
      },
    };
    await expect(runLevel('t', { kind: 'rate', rate: 20, arrival: 'constant', durationS: 0.2 }, { sender: client, workload: failing })).rejects.toThrow('observer broke');
    await client.close();
  });
});
