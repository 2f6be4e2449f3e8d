/**
 * A shard's clock against a real HTTP server's `Date` on 127.0.0.1: the offset is found (one
 * machine: about 0), and the target's headers (an API key among them) go to the target's own
 * reference only — never to another --clock-ref host.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureClockOffset } from '../../src/load/clock-offset.js';
import { parseLoadArgs, runLoad } from '../../src/cli/load.js';
import type { ShardRecord } from '../../src/load/shard.js';
import { chatChunk, startScriptServer, usageChunk, type ScriptServer } from '../helpers/script-server.js';

describe('clock offset over HTTP', () => {
  let target: ScriptServer;
  let other: ScriptServer;
  const dir = mkdtempSync(join(tmpdir(), 'lg-clock-'));
  beforeAll(async () => {
    const answer = () => ({
      chunks: [
        { delayMs: 1, data: chatChunk('a') },
        { delayMs: 0, data: usageChunk(3, 1) },
      ],
    });
    target = await startScriptServer(answer);
    other = await startScriptServer(answer);
  });
  afterAll(async () => {
    await target?.close();
    await other?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the Date tick: about 0 on one machine, within a small window', async () => {
    const c = await measureClockOffset(`${target.url}/v1/models`);
    expect(c.source).toBe('http-date');
    expect(c.uncertainty_ms!).toBeLessThan(500);
    // Node's Date header is reset by a timer at each second: at worst that timer's lateness off 0.
    expect(Math.abs(c.offset_ms!)).toBeLessThanOrEqual(c.uncertainty_ms! + 100);
  });

  it('an unreachable reference is recorded as unknown, with why', async () => {
    const c = await measureClockOffset('http://127.0.0.1:1/models', { budgetMs: 1200 });
    expect(c).toMatchObject({ source: 'none', offset_ms: null, note: expect.stringMatching(/did not answer/) });
  });

  it('load --shard sends the target its headers for the clock, and another --clock-ref none of them', async () => {
    const run = async (out: string, ref?: string): Promise<ShardRecord> => {
      const args = [
        '--target',
        `${target.url}/v1`,
        '--model',
        'm',
        '--prompt',
        'hi',
        '--rate',
        '4',
        '--duration',
        '0.3s',
        '--drain',
        '1s',
        '--header',
        'Authorization: Bearer sekret-value',
      ];
      await runLoad(
        parseLoadArgs([...args, '--shard', '1/1', '--start-at', String(Date.now() + 2500), ...(ref ? ['--clock-ref', ref] : []), '--out', join(dir, out)]),
        new AbortController().signal,
        () => {},
      );
      return (JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')) as { shard: ShardRecord }).shard;
    };
    const before = target.requests.length;
    const own = await run('own');
    expect(own.clock.source).toBe('http-date');
    const asked = target.requests.slice(before).filter((r) => r.url === '/v1/models');
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.every((r) => r.headers.authorization === 'Bearer sekret-value')).toBe(true);
    const elsewhere = await run('other', `${other.url}/time`);
    expect(elsewhere.clock).toMatchObject({ source: 'http-date', reference: `${other.url}/time` });
    expect(other.requests.length).toBeGreaterThan(1);
    expect(other.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(JSON.stringify(elsewhere)).not.toContain('sekret');
  });
});
