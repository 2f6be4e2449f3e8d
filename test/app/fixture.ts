/**
 * Shared set-up for the gate tests: a fast config (short phases) whose temp directories
 * removeTmpOuts() removes, runGate on virtual time with a given sender (virtualGate), and for the
 * tests against real HTTP servers on 127.0.0.1 a scripted streaming answer, a closed port, and
 * runGate wired with the real OpenAI client and workload exactly as executeGate wires them (gate).
 */
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Ajv } from 'ajv';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, mergeRaw, type RawConfig } from '../../src/config/parse.js';
import type { Config } from '../../src/config/types.js';
import { clientFor, workloadFor } from '../../src/app/execute.js';
import { prepareWorkload } from '../../src/workload/index.js';
import { runGate, type GateDeps } from '../../src/app/gate.js';
import type { GateResult } from '../../src/results/types.js';
import type { Sender } from '../../src/load/runner.js';
import type { VirtualClock } from '../../src/util/virtual-clock.js';
import type { Script } from '../helpers/script-server.js';

const made: string[] = [];
/** A fresh temporary directory; removeTmpOuts() removes every one made so far (call it in afterAll). */
export function tmpOut(): string {
  const d = mkdtempSync(join(tmpdir(), 'loadgate-app-'));
  made.push(d);
  return d;
}
export function removeTmpOuts(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A config with short phases: 4 warmup requests, 2 s baseline at 1 req/s, 1 s levels that are
 * not extended for samples (min_requests 1: these tests are about other rules; level sizing has
 * its own tests), no SLA validation.
 */
export function fastConfig(url: string, over: RawConfig = {}): Config {
  const base: RawConfig = {
    name: 'app-test',
    target: { url, model: 'm', timeouts: { first_byte: '5s', idle: '5s', total: '20s' } },
    warmup: { requests: 4, concurrency: 2, timeout: '10s' },
    baseline: { rate: 1, duration: '2s' },
    saturation: { level_duration: '1s', min_requests: 1 },
    sla_validation: { enabled: false },
    run: { out: tmpOut() },
  };
  return buildConfig(mergeRaw(base, over));
}

export const error500: Script = { status: 500, body: JSON.stringify({ error: { message: 'GPU fell off the bus' } }) };

/** A port on 127.0.0.1 that was free a moment ago and now has no listener (connections are refused). */
export async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** runGate with the production client and workload for `config`. */
export async function gate(config: Config, deps: Partial<GateDeps> = {}): Promise<GateResult> {
  const client = clientFor(config);
  await prepareWorkload(config.workload); // the default workload builds exact-length prompts with a tokenizer
  try {
    return await runGate(config, { sender: client, workload: workloadFor(config), signal: new AbortController().signal, log: () => {}, ...deps });
  } finally {
    await client.close();
  }
}

/**
 * runGate on virtual time: `sender` (a SimSender or a ScriptedSender on `clock`) answers on the
 * clock, so the whole gate runs in milliseconds of wall time with exact, repeatable results.
 */
export async function virtualGate(config: Config, sender: Sender, clock: VirtualClock, deps: Partial<GateDeps> = {}): Promise<GateResult> {
  await prepareWorkload(config.workload);
  return clock.run(() => runGate(config, { sender, workload: workloadFor(config), signal: new AbortController().signal, log: () => {}, clock, ...deps }), {
    maxVirtualMs: 3_600_000,
  });
}

/** sent == ok + Σ errors, for one level. */
export function countsAddUp(s: { requests: { sent: number; ok: number; errors: Record<string, number | undefined> } }): boolean {
  return s.requests.sent === s.requests.ok + Object.values(s.requests.errors).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** Problems with a results.json document under the published schema (schema/gate-results.schema.json). */
const validateGate = new Ajv({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'gate-results.schema.json'), 'utf8')) as object,
);
export function schemaErrors(doc: unknown): string[] {
  return validateGate(doc) ? [] : (validateGate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
