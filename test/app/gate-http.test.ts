/**
 * The gate against real HTTP on 127.0.0.1, where only the network can say it: a closed port, a
 * server answering 500 or 404 to everything (the real client's error classification and message
 * reach the gate's endpoint-down error), and executeGate's run directory for such a run, with
 * report.html. Nothing here waits on a timer: a dead endpoint ends at warmup. The phases
 * themselves are tested on virtual time in gate-phases.test.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeGate } from '../../src/app/execute.js';
import { startScriptServer, type Script, type ScriptServer } from '../helpers/script-server.js';
import { closedPortUrl, error500, fastConfig, gate, removeTmpOuts, schemaErrors } from './fixture.js';

const servers: ScriptServer[] = [];
async function scripted(script: (req: { body: string; n: number }) => Script): Promise<ScriptServer> {
  const s = await startScriptServer(script);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeTmpOuts();
});

describe('a dead endpoint (real HTTP)', () => {
  const dead: Array<{ name: string; start: () => Promise<{ url: string; srv?: ScriptServer }>; kinds: string; first: RegExp }> = [
    // Nothing listens: every connect is refused.
    { name: 'closed port', start: async () => ({ url: await closedPortUrl() }), kinds: 'connect_error ×4', first: /first: connect_error: ECONNREFUSED/ },
    // A server that answers 500 to everything: the server's own message is in the error.
    {
      name: '500 to all',
      start: async () => {
        const srv = await scripted(() => error500);
        return { url: srv.url, srv };
      },
      kinds: 'http_5xx ×4',
      first: /first: http_5xx: HTTP 500: GPU fell off the bus/,
    },
    // Wrong model name: a 404 with the server's explanation.
    {
      name: '404 unknown model',
      start: async () => {
        const srv = await scripted(() => ({ status: 404, body: JSON.stringify({ error: { message: 'The model `m` does not exist.' } }) }));
        return { url: srv.url, srv };
      },
      kinds: 'http_4xx ×4',
      first: /first: http_4xx: HTTP 404: The model `m` does not exist\./,
    },
  ];
  it.each(dead)('a dead endpoint stops the run: $name', async (c) => {
    const { url, srv } = await c.start();
    const r = await gate(fastConfig(url, { saturation: { levels: [2, 4] }, sla_validation: { enabled: true, rate: 1 } }));
    expect(r.status).toBe('endpoint_down');
    expect(r.error).toContain(`warmup: none of 4 requests to ${url} (model m) succeeded (${c.kinds}; `);
    expect(r.error).toMatch(c.first);
    expect(r.error).toContain('Check that the endpoint is up, the URL and model name are right');
    // Nothing after warmup ran: no baseline, no level, no operating point, no load counted.
    expect(r.baseline).toBeUndefined();
    expect(r.saturation.levels).toEqual([]);
    expect(r.operating_point).toBeUndefined();
    expect(r.sla.pass).toBeNull();
    expect(r.load_minutes).toBe(0);
    if (srv) expect(srv.requests).toHaveLength(4);
  });

  it('executeGate writes the run directory for a dead endpoint too', async () => {
    const config = fastConfig(await closedPortUrl());
    const run = await executeGate(config, new AbortController().signal, { line: () => {}, level: () => {}, bar: () => {} });
    const [dir] = readdirSync(config.run.out);
    const results = JSON.parse(readFileSync(join(config.run.out, dir!, 'results.json'), 'utf8'));
    expect(results).toMatchObject({ status: 'endpoint_down', warmup: { requests: 4, ok: 0, errors: { connect_error: 4 } } });
    expect(results.error).toBe(run.result.error);
    expect(results.warmup.first_error).toMatch(/^connect_error: ECONNREFUSED/);
    expect(schemaErrors(results)).toEqual([]);
    expect(existsSync(join(config.run.out, dir!, 'report.md'))).toBe(true);
    // The visual report is drawn for every run (the one place the suite pays for drawing it).
    expect(readFileSync(join(config.run.out, dir!, 'report.html'), 'utf8')).toContain('warmup: none of 4 requests to ');
  });
});
