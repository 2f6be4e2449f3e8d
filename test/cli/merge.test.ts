import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoadArgs, runLoad } from '../../src/cli/load.js';
import { mergeCommand } from '../../src/cli/merge.js';
import { UsageError } from '../../src/util/errors.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

// Two generators run the same two-level plan side by side; merging their results must give the
// sums of their counts and the rates added, with histograms that hold every sample of both.
describe('merge command', () => {
  let srv: ScriptServer;
  const dir = mkdtempSync(join(tmpdir(), 'merge-'));
  beforeAll(async () => {
    srv = await startScriptServer(() => ({
      chunks: [
        { delayMs: 5, data: chatChunk('a') },
        { delayMs: 5, data: chatChunk('b') },
        { delayMs: 0, data: usageChunk(3, 2) },
      ],
    }));
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds counts and rates and merges histograms level by level', async () => {
    const run = (out: string) =>
      runLoad(parseLoadArgs(['--target', srv.url, '--model', 'm', '--rate', '10,20', '--duration', '1s', '--out', out]), new AbortController().signal, () => {});
    const [a, b] = await Promise.all([run(join(dir, 'a')), run(join(dir, 'b'))]);
    const out = join(dir, 'merged.json');
    expect(await mergeCommand(['--out', out, join(dir, 'a', 'results.json'), join(dir, 'b', 'results.json')])).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.levels).toHaveLength(2);
    for (const i of [0, 1]) {
      expect(m.levels[i].requests.sent).toBe(a.levels[i]!.requests.sent + b.levels[i]!.requests.sent);
      expect(m.levels[i].ttft_ms.count).toBe(a.levels[i]!.ttft_ms.count + b.levels[i]!.ttft_ms.count);
      expect(m.levels[i].achieved_rps).toBeCloseTo(a.levels[i]!.achieved_rps + b.levels[i]!.achieved_rps, 2);
    }
    expect(m.requests.sent).toBe(a.summary.requests.sent + b.summary.requests.sent);
    expect(m.merged_from).toHaveLength(2);
    // Each level keeps its check: valid only when both generators' parts were.
    for (const i of [0, 1]) expect(m.levels[i].valid).toBe(a.levels[i]!.valid && b.levels[i]!.valid);
  });

  it("a level one generator measured invalid is invalid merged, naming that file; load-minutes are the longest run's", async () => {
    const a = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'b', 'results.json'), 'utf8'));
    const lagged = join(dir, 'b-lagged.json');
    b.levels[1] = { ...b.levels[1], valid: false, invalid_reason: 'client send lag P99 80.0 ms > 50 ms: the load generator could not keep up' };
    b.load_minutes = a.load_minutes + 0.5;
    writeFileSync(lagged, JSON.stringify(b));
    const out = join(dir, 'merged-lagged.json');
    expect(await mergeCommand(['--out', out, join(dir, 'a', 'results.json'), lagged])).toBe(0);
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m.levels[1].valid).toBe(false);
    expect(m.levels[1].invalid_reason).toContain(`${lagged}: client send lag P99 80.0 ms > 50 ms`);
    expect(m.levels[1].client_cpu).toBe(Math.max(a.levels[1].client_cpu, b.levels[1].client_cpu));
    expect(m.load_minutes).toBe(b.load_minutes);
    // Files from before levels carried their check merge without one.
    const old = (doc: { levels: Array<Record<string, unknown>> }, name: string): string => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({ ...doc, levels: doc.levels.map(({ valid: _v, invalid_reason: _r, client_cpu: _c, ...rest }) => rest) }));
      return path;
    };
    const out2 = join(dir, 'merged-old.json');
    expect(await mergeCommand(['--out', out2, old(a, 'a-old.json'), old(b, 'b-old.json')])).toBe(0);
    expect(JSON.parse(readFileSync(out2, 'utf8')).levels[1]).not.toHaveProperty('valid');
  });

  it('refuses files that are not load results, or plans that differ', async () => {
    await expect(mergeCommand(['--out', join(dir, 'x.json'), join(dir, 'missing.json'), join(dir, 'a', 'results.json')])).rejects.toThrow(UsageError);
    await expect(mergeCommand(['--out', join(dir, 'x.json'), join(dir, 'a', 'results.json')])).rejects.toThrow(/at least two/);
  });
});
