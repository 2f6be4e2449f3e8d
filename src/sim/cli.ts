/**
 * `llm-loadgate sim` — run the endpoint simulator until SIGINT/SIGTERM.
 * Flags override the --config file, which overrides defaults. Exit codes: 0 after a
 * clean shutdown, 2 on bad flags/config (one-line message on stderr, no stack).
 */
import { parseArgs } from 'node:util';
import { loadSimConfig } from './config.js';
import { startSim } from './index.js';
import { PROFILES } from './profiles.js';
import { ROUTINGS, type Routing, type SimOptions } from './types.js';

const USAGE = `usage: llm-loadgate sim [--port 8000] [--host 127.0.0.1] [--config sim.yml] [--profile ${Object.keys(PROFILES).join('|')}] [--replicas N] [--routing ${ROUTINGS.join('|')}] [--speedup X] [--seed S]`;

class UsageError extends Error {}

/** Parses flags into options; throws UsageError with a what/where/how-to-fix message. */
export function parseSimArgs(argv: string[]): { options: Partial<SimOptions>; config?: string; help: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        profile: { type: 'string' },
        replicas: { type: 'string' },
        routing: { type: 'string' },
        speedup: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (run "llm-loadgate sim --help" for the flags)`);
  }
  const o: Partial<SimOptions> = {};
  const num = (flag: string, ok: (n: number) => boolean, hint: string): number | undefined => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (typeof v !== 'string' || v.trim() === '' || !ok(n)) throw new UsageError(`invalid --${flag} "${String(v)}": expected ${hint}`);
    return n;
  };
  o.port = num('port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number 0-65535, e.g. --port 8000');
  o.replicas = num('replicas', (n) => Number.isInteger(n) && n >= 1, 'a positive integer, e.g. --replicas 4');
  o.speedup = num('speedup', (n) => Number.isFinite(n) && n > 0, 'a number > 0, e.g. --speedup 10');
  o.seed = num('seed', Number.isInteger, 'an integer, e.g. --seed 42');
  if (typeof values.host === 'string') o.host = values.host;
  if (typeof values.profile === 'string') {
    if (!PROFILES[values.profile]) throw new UsageError(`invalid --profile "${values.profile}": expected one of ${Object.keys(PROFILES).join(', ')}`);
    o.profile = values.profile;
  }
  if (typeof values.routing === 'string') {
    if (!ROUTINGS.includes(values.routing as Routing)) throw new UsageError(`invalid --routing "${values.routing}": expected one of ${ROUTINGS.join(', ')}`);
    o.routing = values.routing as Routing;
  }
  for (const k of Object.keys(o) as (keyof SimOptions)[]) if (o[k] === undefined) delete o[k];
  return { options: o, config: typeof values.config === 'string' ? values.config : undefined, help: values.help === true };
}

/**
 * Runs the simulator CLI; resolves with the process exit code. Stops on SIGINT/SIGTERM,
 * or when the optional `signal` aborts (lets a host CLI own signal handling).
 */
export async function simCommand(argv: string[], signal?: AbortSignal): Promise<number> {
  let parsed: ReturnType<typeof parseSimArgs>;
  let fromFile: Partial<SimOptions> = {};
  try {
    parsed = parseSimArgs(argv);
    if (parsed.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (parsed.config) fromFile = await loadSimConfig(parsed.config);
  } catch (e) {
    process.stderr.write(`llm-loadgate sim: ${(e as Error).message}\n`);
    return 2;
  }
  const options: Partial<SimOptions> = { port: 8000, ...fromFile, ...parsed.options };
  let sim;
  try {
    sim = await startSim(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === 'EADDRINUSE' ? ' (port in use; pick another with --port)' : '';
    process.stderr.write(`llm-loadgate sim: cannot start: ${err.message}${hint}\n`);
    return 2;
  }
  const models = sim
    .stats()
    .models.map((m) => `${m.model} [${m.profile} x${m.replicas.length}]`)
    .join(', ');
  process.stdout.write(`llm-loadgate sim listening on ${sim.url} serving ${models}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
    if (signal?.aborted) stop();
  });
  await sim.close();
  return 0;
}
