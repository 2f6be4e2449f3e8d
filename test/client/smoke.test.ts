import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIClient } from '../../src/client/openai.js';
import { runLevel } from '../../src/load/runner.js';
import { FixedWorkload } from '../../src/load/workload.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

describe('engine smoke', () => {
  let srv: ScriptServer;
  beforeAll(async () => {
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: 20, data: chatChunk('Hello') },
        { delayMs: 10, data: chatChunk(' world') },
        { delayMs: 10, data: chatChunk('!') },
        { delayMs: 0, data: usageChunk(7, 3) },
      ],
    }));
  });
  afterAll(() => srv.close());

  it('runs an open-loop level and measures TTFT and ITL', async () => {
    const client = new OpenAIClient({ baseUrl: srv.url, endpoint: 'chat', stream: true });
    const s = await runLevel(
      't',
      { kind: 'rate', rate: 20, arrival: 'constant', durationS: 1 },
      { sender: client, workload: new FixedWorkload({ model: 'm', prompt: 'hi', maxTokens: 3 }) },
    );
    await client.close();
    expect(s.requests.sent).toBe(20);
    expect(s.requests.ok).toBe(20);
    expect(s.ttft_ms.p50).toBeGreaterThan(19);
    expect(s.ttft_ms.p50).toBeLessThan(30);
    expect(s.itl_ms.p50).toBeGreaterThan(9);
    expect(s.output_tokens).toBe(60);
    expect(s.input_tokens).toBe(140);
    expect(s.tpot_ms.p50).toBeGreaterThan(9);
  });
});
