/**
 * `llm-loadgate demo`: the whole gate on the built-in simulator, no GPU needed. The simulator runs
 * in a child process (as a real endpoint would), so the generator's measurements are not sharing
 * its event loop with the server it measures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildConfig } from '../config/parse.js';
import { EXIT } from './errors.js';
import { exitCodeFor } from './gate.js';
import { executeAb, executeGate } from '../app/execute.js';
import { Progress } from './progress.js';

/** The demo's configuration: quick levels, an SLA and a GPU price so every part of the report shows. */
function demoConfig(url: string, model: string, out: string): ReturnType<typeof buildConfig> {
  return buildConfig(
    {
      name: 'demo',
      target: { url, model },
      workload: { max_tokens: 128, ignore_eos: true },
      warmup: { requests: 4 },
      baseline: { rate: 1, duration: '5s' },
      saturation: { strategy: 'search', load: 'rate', start: 4, max: 400, precision: 0.1, level_duration: '6s' },
      sla_validation: { operating_point: 0.7, duration: '15s' },
      sla: { ttft_p99_ms: 1000, itl_p99_ms: 100, error_rate: 0.01 },
      cost: { gpus: 1, gpu_hour_usd: 2.5 },
      server_metrics: { target: true },
      run: { out },
    },
    'demo',
  );
}

/** Starts `llm-loadgate sim` as a child process on a free port; resolves with its URL. */
function startSimProcess(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const script = process.argv[1];
  if (!script) throw new Error('cannot locate the llm-loadgate entry script to start the simulator');
  const child = spawn(process.execPath, [script, 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('the simulator did not start within 15 s')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with code ${code} before it was ready`));
    });
  });
}

/**
 * The routing demo: KV-aware vs round-robin routing on 4 simulated replicas, multi-turn sessions
 * whose histories outgrow the shared system prompt, capacity at TTFT p95 ≤ 250 ms.
 */
function abDemoConfig(url: string, model: string, out: string): ReturnType<typeof buildConfig> {
  return buildConfig(
    {
      name: 'kv-routing-demo',
      mode: 'capacity-at-sla',
      target: { url, model },
      workload: { sessions: { turns: 6, system_prompt_tokens: 200, user_tokens: 200, output_tokens: 48 } },
      warmup: { requests: 4 },
      baseline: { concurrency: 1, duration: '3s' },
      saturation: { load: 'concurrency', levels: [4, 8, 12, 16, 20, 24, 32, 40, 48, 64], level_duration: '6s', stop_at_first_saturated: true },
      sla: { ttft_p95_ms: 250 },
      server_metrics: { target: true },
      run: { out },
    },
    'demo --ab',
  );
}

async function abDemo(out: string, signal: AbortSignal, progress: Progress): Promise<number> {
  progress.line('demo --ab: starting two simulators, 4 replicas each: round-robin and KV-aware routing…');
  const [rr, kv] = await Promise.all([
    startSimProcess(['--seed', '1', '--replicas', '4', '--routing', 'round-robin']),
    startSimProcess(['--seed', '1', '--replicas', '4', '--routing', 'kv-aware']),
  ]);
  try {
    const model = await servedModel(rr.url);
    progress.line('demo --ab: multi-turn sessions, levels interleaved round-robin / KV-aware (about 1–2 minutes)');
    const { result, dir, markdown } = await executeAb(
      abDemoConfig(rr.url, model, out),
      [
        { label: 'round-robin', url: rr.url },
        { label: 'kv-aware', url: kv.url },
      ],
      signal,
      progress,
    );
    process.stdout.write(`\n${markdown}\nresults: ${dir}\n`);
    return result.status === 'cancelled' ? EXIT.cancelled : EXIT.ok;
  } finally {
    rr.child.kill('SIGTERM');
    kv.child.kill('SIGTERM');
  }
}

export async function demoCommand(argv: string[], signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { out: { type: 'string', default: 'loadgate-results/demo' }, ab: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(
      'llm-loadgate demo [--ab] [--out DIR]\n\nStarts the simulator (profile llama-8b-h100) and runs the gate against it: warmup, baseline,\nsaturation search, SLA validation at 70% of saturation, cost per million tokens.\n--ab instead compares KV-aware and round-robin routing on 4 simulated replicas with multi-turn\nsessions: capacity at TTFT p95 ≤ 250 ms for each, the table, and the headline sentence.\n',
    );
    return EXIT.ok;
  }
  if (values.ab) return abDemo(values.out, signal, new Progress(process.stderr));
  const progress = new Progress(process.stderr);
  progress.line('demo: starting the built-in simulator (llama-8b-h100 profile, one replica)…');
  const { url, child } = await startSimProcess(['--seed', '1']);
  try {
    const model = await servedModel(url);
    progress.line(`demo: simulator at ${url} serving ${model}; running the gate (about 2 minutes)`);
    const run = await executeGate(demoConfig(url, model, values.out), signal, progress);
    process.stdout.write(`\n${run.markdown}\nresults: ${run.written.dir}\n`);
    return exitCodeFor(run.result);
  } finally {
    child.kill('SIGTERM');
  }
}

async function servedModel(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/models`);
  const body = (await res.json()) as { data?: Array<{ id: string }> };
  const id = body.data?.[0]?.id;
  if (!id) throw new Error(`the simulator at ${url} listed no model`);
  return id;
}
