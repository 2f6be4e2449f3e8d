/**
 * Load-generator engine bench: the cost and timing precision of the client + runner themselves.
 *
 *   node bench/engine.ts [--runs 3] [--quick] [--only cpu|lag|mem]
 *
 * (Node 24 strips the types of this file natively; the src/ modules use parameter properties,
 * which plain stripping rejects, so this file registers a module hook that maps `./x.js` imports to
 * `./x.ts` and transforms src/ TypeScript with node:module's stripTypeScriptTypes. No flag needed;
 * Node prints an ExperimentalWarning for stripTypeScriptTypes.)
 *
 * A fast SSE server runs in a child process (bench/fast-server.ts), so its CPU is not counted.
 * Measures, printing one JSON object then a readable summary:
 *  - client CPU-seconds (this process) per 1,000 streamed requests of 128 chunks (target ≤ 1.0 s);
 *  - p99 send lag at 100 and 1,000 req/s open loop with short responses (targets ≤ 1 ms, ≤ 5 ms);
 *  - RSS (after a forced GC) after 10k and after 100k requests of one long level (flat within 10%).
 * Figures are medians over `--runs` runs where cheap (CPU and send lag).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runTsSources } from '../scripts/ts-hooks.ts';
import { runInNewContext } from 'node:vm';

type ClientModule = typeof import('../src/client/openai.js');
type RunnerModule = typeof import('../src/load/runner.js');
type WorkloadModule = typeof import('../src/load/workload.js');

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Server {
  url: string;
  child: ChildProcess;
}

async function startServer(): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./fast-server.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fast server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

function serverCpu(s: Server): Promise<number> {
  return new Promise((resolve) => {
    s.child.once('message', (m) => resolve((m as { cpuS: number }).cpuS));
    s.child.send('cpu');
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const want = (part: string): boolean => values.only === undefined || values.only === part;
  const runs = Number(values.runs);
  const quick = values.quick;
  runTsSources();
  const { OpenAIClient }: ClientModule = await import(new URL('../src/client/openai.ts', import.meta.url).href);
  const { runLevel }: RunnerModule = await import(new URL('../src/load/runner.ts', import.meta.url).href);
  const { FixedWorkload }: WorkloadModule = await import(new URL('../src/load/workload.ts', import.meta.url).href);
  const gc = gcFunction();
  const server = await startServer();
  const newClient = () => new OpenAIClient({ baseUrl: server.url, endpoint: 'chat', stream: true });

  // Warm-up: JIT, connection pool.
  {
    const c = newClient();
    await runLevel(
      'warm',
      { kind: 'concurrency', users: 50, thinkMs: 0, durationS: 60, maxRequests: 500 },
      { sender: c, workload: new FixedWorkload({ model: 'm', prompt: 'hi', maxTokens: 128 }) },
    );
    await c.close();
  }

  // 1. Client CPU per 1,000 streamed requests of 128 chunks, closed loop of 50 users.
  const cpuRuns: Array<{ cpuSPer1k: number; serverCpuSPer1k: number; reqPerS: number; ok: number }> = [];
  const N = quick ? 1000 : 2000;
  for (let i = 0; i < (want('cpu') ? runs : 0); i++) {
    const c = newClient();
    gc();
    const sc0 = await serverCpu(server);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await runLevel(
      'cpu',
      { kind: 'concurrency', users: 50, thinkMs: 0, durationS: 300, maxRequests: N },
      { sender: c, workload: new FixedWorkload({ model: 'm', prompt: 'hi', maxTokens: 128 }) },
    );
    const wall = (performance.now() - t0) / 1000;
    const d = process.cpuUsage(c0);
    const sc1 = await serverCpu(server);
    await c.close();
    if (s.requests.ok !== N || s.output_tokens !== N * 128) throw new Error(`cpu run: ${JSON.stringify(s.requests)} tokens ${s.output_tokens}`);
    cpuRuns.push({ cpuSPer1k: r3(((d.user + d.system) / 1e6 / N) * 1000), serverCpuSPer1k: r3(((sc1 - sc0) / N) * 1000), reqPerS: Math.round(N / wall), ok: s.requests.ok });
  }

  // 2. p99 send lag, open loop, short responses (8 chunks).
  const lagDur = quick ? 3 : 8;
  const lag: Record<string, { p50: number[]; p99: number[]; max: number[]; cpuShare: number[] }> = {};
  for (const rate of want('lag') ? [100, 1000] : []) {
    const m = (lag[rate] = { p50: [] as number[], p99: [] as number[], max: [] as number[], cpuShare: [] as number[] });
    for (let i = 0; i < runs; i++) {
      const c = newClient();
      gc();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s = await runLevel(
        `lag${rate}`,
        { kind: 'rate', rate, arrival: 'constant', durationS: lagDur },
        { sender: c, workload: new FixedWorkload({ model: 'm', prompt: 'hi', maxTokens: 8 }) },
      );
      const d = process.cpuUsage(c0);
      // Client CPU-seconds per wall second during the level (what precise pacing costs).
      m.cpuShare.push(r3((d.user + d.system) / 1e3 / (performance.now() - t0)));
      await c.close();
      if (s.requests.ok !== s.requests.sent) throw new Error(`lag run: ${JSON.stringify(s.requests)}`);
      m.p50.push(s.send_lag_ms.p50);
      m.p99.push(s.send_lag_ms.p99);
      m.max.push(s.send_lag_ms.max);
    }
  }

  // 3. RSS after 10k and 100k requests of one long open-loop level (tiny responses).
  const total = quick ? 30_000 : 100_000;
  const memRate = 2500;
  const mem: Array<{ at: number; rssMB: number; heapMB: number }> = [];
  let memSummary: Record<string, unknown> = {};
  if (want('mem')) {
    const c = newClient();
    let done = 0;
    const marks = new Set([10_000, 20_000, 50_000, total]);
    // Ended by its request count (the last send is due just before the nominal end, so a level
    // ended by its duration alone could stop one send short when the event loop is late).
    const s = await runLevel(
      'mem',
      { kind: 'rate', rate: memRate, arrival: 'constant', durationS: total / memRate + 5, maxRequests: total },
      {
        sender: c,
        workload: new FixedWorkload({ model: 'm', prompt: 'hi', maxTokens: 2 }),
        maxInFlight: 2000,
        onRecord: () => {
          done++;
          if (marks.has(done)) {
            gc();
            const u = process.memoryUsage();
            mem.push({ at: done, rssMB: r3(u.rss / 2 ** 20), heapMB: r3(u.heapUsed / 2 ** 20) });
          }
        },
      },
    );
    await c.close();
    if (s.requests.sent !== total) throw new Error(`mem run: ${JSON.stringify(s.requests)}`);
    memSummary = { sent: s.requests.sent, ok: s.requests.ok, errors: s.requests.errors, dropped: s.requests.dropped_overflow, send_lag_p99: s.send_lag_ms.p99 };
  }
  server.child.send('exit');

  const at10k = mem.find((m) => m.at === 10_000) ?? { rssMB: NaN };
  const atEnd = mem.find((m) => m.at === total) ?? { rssMB: NaN };
  const result = {
    node: process.version,
    runs,
    cpu: { requests: N, chunks_per_request: 128, concurrency: 50, client_cpu_s_per_1k: cpuRuns.length ? median(cpuRuns.map((r) => r.cpuSPer1k)) : NaN, runs: cpuRuns, target: 1.0 },
    send_lag_ms: Object.fromEntries(
      Object.entries(lag).map(([rate, m]) => [
        `${rate}_rps`,
        {
          p50: median(m.p50),
          p99: median(m.p99),
          max: median(m.max),
          p99_runs: m.p99,
          client_cpu_share: median(m.cpuShare),
          duration_s: lagDur,
          target_p99: rate === '100' ? 1 : 5,
        },
      ]),
    ),
    memory: { rate: memRate, total, samples: mem, rss_growth_10k_to_end: r3(atEnd.rssMB / at10k.rssMB - 1), level: memSummary, target_growth: 0.1 },
  };
  console.log(JSON.stringify(result));
  const lines = [''];
  if (cpuRuns.length)
    lines.push(
      `client CPU per 1k requests × 128 chunks: ${result.cpu.client_cpu_s_per_1k} s (target ≤ 1.0; runs ${cpuRuns.map((r) => r.cpuSPer1k).join(', ')}; ~${cpuRuns[0]!.reqPerS} req/s)`,
    );
  for (const [k, l] of Object.entries(result.send_lag_ms))
    lines.push(
      `send lag p99 @ ${k.replace('_rps', '')} req/s: ${l.p99} ms (target ≤ ${l.target_p99}; runs ${l.p99_runs.join(', ')}; p50 ${l.p50}; max ${l.max}; client CPU ${l.client_cpu_share} s/s)`,
    );
  if (mem.length)
    lines.push(`RSS after 10k: ${at10k.rssMB} MB, after ${total / 1000}k: ${atEnd.rssMB} MB (growth ${(result.memory.rss_growth_10k_to_end * 100).toFixed(1)} %, target ≤ 10 %)`);
  console.log(lines.join('\n'));
}

await main();
