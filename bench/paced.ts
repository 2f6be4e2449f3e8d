/**
 * Realistic engine bench: the load generator against a server that sends each token as it is
 * decoded, one SSE event every 10 ms (bench/paced-server.ts, a child process), so every event is
 * its own network read, as from a real engine. bench/engine.ts measures the generator against a
 * server that writes back to back (many events per read), which flatters the per-chunk cost.
 *
 *   node bench/paced.ts [--runs 3] [--quick] [--streams 32,64,128,256,512,1024] [--tokens 128]
 *                       [--interval 10] [--before DIR | --undici-before]
 *
 * Per concurrency (closed loop, `streams` users; max(2 × streams, 128) requests of 128 tokens):
 *  - CPU µs per chunk of this process (client + runner + accumulator) from the level's start to
 *    its last record, and CPU-s per 1k × 128 (the level's summary after that is reported apart);
 *  - RSS at the end of the level;
 *  - TTFT error = client's first-chunk time − the server's send time of the first token, and
 *    ITL error = client's gap − the server's gap between the same two sends, p50/p99 of |error|
 *    (both on CLOCK_MONOTONIC, which both processes share);
 *  - the most concurrent streams timed with p99 (and p50) |ITL error| ≤ 1 ms.
 * `--before DIR`: a checkout of another revision (e.g. `git worktree add /tmp/x HEAD~1` with
 * node_modules linked): each run measures it and this tree one after the other, in fresh worker
 * processes, and the summary shows medians and ratios side by side. Medians over `--runs` runs.
 * `--undici-before`: this tree twice, its client over undici (the https transport) as "before"
 * and over client/h1.ts (plain http's default) as "after".
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type ClientModule = typeof import('../src/client/openai.js');
type RunnerModule = typeof import('../src/load/runner.js');
type RequestRecord = import('../src/metrics/record.js').RequestRecord;

interface LevelResult {
  streams: number;
  requests: number;
  ok: number;
  chunks: number;
  cpuUsPerChunk: number;
  cpuSPer1k: number;
  /** The share of the CPU time spent in the kernel (system time: socket reads, epoll). */
  sysShare: number;
  /** CPU of the level's end (its summary) after the last record, ms. */
  summaryCpuMs: number;
  serverCpuUsPerChunk: number;
  rssMB: number;
  ttftErrMs: { p50: number; p99: number };
  itlErrMs: { p50: number; p99: number; mean: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (sorted: Float64Array | number[], q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const mono = (): number => Number(process.hrtime.bigint()) / 1e6;

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function ask<T>(child: ChildProcess, msg: string): Promise<T> {
  return new Promise((res) => {
    child.once('message', (m) => res(m as T));
    child.send(msg);
  });
}

/** One tree, every concurrency, in this process; prints one JSON line. */
async function worker(root: string, streamsList: number[], tokens: number, interval: number, transport: 'auto' | 'undici'): Promise<void> {
  const { runTsSources } = (await import(pathToFileURL(resolve(root, 'scripts/ts-hooks.ts')).href)) as { runTsSources: () => void };
  runTsSources();
  const { OpenAIClient }: ClientModule = await import(pathToFileURL(resolve(root, 'src/client/openai.ts')).href);
  const { runLevel }: RunnerModule = await import(pathToFileURL(resolve(root, 'src/load/runner.ts')).href);
  const gc = gcFunction();
  const child = fork(fileURLToPath(new URL('./paced-server.ts', import.meta.url)), [String(interval)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((res, rej) => {
    child.once('message', (m) => res((m as { port: number }).port));
    child.once('exit', (code) => rej(new Error(`paced server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  // performance.now() → CLOCK_MONOTONIC ms (the server's clock), read back to back.
  const offset = mono() - performance.now();
  const workload = (maxTokens: number) => ({
    next: (seq: number) => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], maxTokens, extra: { bench_id: seq } }),
  });

  const levels: LevelResult[] = [];
  // Warm-up: JIT and the connection pool.
  {
    const c = new OpenAIClient({ baseUrl: url, endpoint: 'chat', stream: true, transport });
    await runLevel('warm', { kind: 'concurrency', users: 64, thinkMs: 0, durationS: 60, maxRequests: 192 }, { sender: c, workload: workload(32) });
    await c.close();
    await ask(child, 'logs');
  }
  for (const streams of streamsList) {
    const requests = Math.max(2 * streams, 128);
    const c = new OpenAIClient({ baseUrl: url, endpoint: 'chat', stream: true, transport });
    const records: RequestRecord[] = [];
    gc();
    const s0 = (await ask<{ cpuS: number }>(child, 'cpu')).cpuS;
    const c0 = process.cpuUsage();
    // CPU up to the last record: the streaming itself. The level's summary after it (HDR
    // histogram statistics, a fixed cost per level, not per chunk) is reported apart.
    let d = c0;
    const onRecord = (r: RequestRecord): void => {
      if (records.push(r) === requests) d = process.cpuUsage(c0);
    };
    const s = await runLevel(
      `s${streams}`,
      { kind: 'concurrency', users: streams, thinkMs: 0, durationS: 600, maxRequests: requests },
      { sender: c, workload: workload(tokens), onRecord },
    );
    const dAll = process.cpuUsage(c0);
    const rss = process.memoryUsage().rss;
    const s1 = (await ask<{ cpuS: number }>(child, 'cpu')).cpuS;
    await c.close();
    const { logs } = await ask<{ logs: Record<string, number[]> }>(child, 'logs');
    if (s.requests.ok !== requests) throw new Error(`streams ${streams}: ${JSON.stringify(s.requests)}`);
    const ttft: number[] = [];
    const itl: number[] = [];
    let sum = 0;
    for (const r of records) {
      const log = logs[String(r.id)];
      if (!log || r.ttftMs === undefined) throw new Error(`request ${r.id}: no server log or no TTFT`);
      ttft.push(Math.abs(offset + r.sentAt + r.ttftMs - log[1]!));
      for (let i = 0; i < r.itlMs.length; i++) {
        const e = r.itlMs[i]! - (log[i + 2]! - log[i + 1]!);
        sum += e;
        itl.push(Math.abs(e));
      }
    }
    const chunks = s.requests.ok * tokens;
    const cpuS = (d.user + d.system) / 1e6;
    const ttftS = Float64Array.from(ttft).sort();
    const itlS = Float64Array.from(itl).sort();
    levels.push({
      streams,
      requests,
      ok: s.requests.ok,
      chunks,
      cpuUsPerChunk: r3((cpuS / chunks) * 1e6),
      cpuSPer1k: r3((cpuS / s.requests.ok) * 1000 * (128 / tokens)),
      sysShare: r3(d.system / (d.user + d.system)),
      summaryCpuMs: r3((dAll.user + dAll.system - d.user - d.system) / 1e3),
      serverCpuUsPerChunk: r3(((s1 - s0) / chunks) * 1e6),
      rssMB: r3(rss / 2 ** 20),
      ttftErrMs: { p50: r3(quantile(ttftS, 0.5)), p99: r3(quantile(ttftS, 0.99)) },
      itlErrMs: { p50: r3(quantile(itlS, 0.5)), p99: r3(quantile(itlS, 0.99)), mean: r3(sum / itl.length) },
    });
  }
  child.send('exit');
  console.log(JSON.stringify({ root, levels }));
}

/** `tree` is a checkout's root, with `#undici` appended to run its client over undici. */
function runWorker(tree: string, args: string[]): Promise<{ root: string; levels: LevelResult[] }> {
  const [root, transport = 'auto'] = tree.split('#');
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', fileURLToPath(import.meta.url), '--worker', '--root', root!, '--transport', transport, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return rej(new Error(`worker for ${root} exited with ${code}`));
      res(JSON.parse(line) as { root: string; levels: LevelResult[] });
    });
  });
}

function summarize(runs: LevelResult[][]): Array<Record<string, number>> {
  return runs[0]!.map((l, i) => {
    const at = runs.map((r) => r[i]!);
    const m = (f: (x: LevelResult) => number) => median(at.map(f));
    return {
      streams: l.streams,
      cpu_us_per_chunk: m((x) => x.cpuUsPerChunk),
      cpu_s_per_1k: m((x) => x.cpuSPer1k),
      sys_share: m((x) => x.sysShare),
      server_cpu_us_per_chunk: m((x) => x.serverCpuUsPerChunk),
      rss_mb: m((x) => x.rssMB),
      ttft_err_p50: m((x) => x.ttftErrMs.p50),
      ttft_err_p99: m((x) => x.ttftErrMs.p99),
      itl_err_p50: m((x) => x.itlErrMs.p50),
      itl_err_p99: m((x) => x.itlErrMs.p99),
    };
  });
}

const capacity = (rows: Array<Record<string, number>>, key = 'itl_err_p99'): number => Math.max(0, ...rows.filter((r) => r[key]! <= 1).map((r) => r.streams!));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      worker: { type: 'boolean', default: false },
      root: { type: 'string' },
      before: { type: 'string' },
      'undici-before': { type: 'boolean', default: false },
      transport: { type: 'string', default: 'auto' },
      runs: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      streams: { type: 'string' },
      tokens: { type: 'string', default: '128' },
      interval: { type: 'string', default: '10' },
    },
  });
  const streams = (values.streams ?? (values.quick ? '32,256' : '32,64,128,256,512,1024')).split(',').map(Number);
  const tokens = Number(values.tokens);
  const interval = Number(values.interval);
  if (values.worker) return worker(values.root!, streams, tokens, interval, values.transport === 'undici' ? 'undici' : 'auto');
  const here = fileURLToPath(new URL('..', import.meta.url));
  const trees = values.before ? [resolve(values.before), here] : values['undici-before'] ? [`${here}#undici`, here] : [here];
  const runs = values.quick ? 1 : Number(values.runs);
  const args = ['--streams', streams.join(','), '--tokens', String(tokens), '--interval', String(interval)];
  const results = trees.map(() => [] as LevelResult[][]);
  for (let r = 0; r < runs; r++) {
    for (let t = 0; t < trees.length; t++) results[t]!.push((await runWorker(trees[t]!, args)).levels);
  }
  const sums = results.map(summarize);
  console.log(JSON.stringify({ node: process.version, interval_ms: interval, tokens, runs, trees, summary: sums, raw: results }));
  const head = ['streams', 'CPU µs/chunk', 'CPU-s/1k×128', 'RSS MB', 'TTFT err p50/p99 ms', 'ITL err p50/p99 ms'];
  const lines = ['', `paced server: one event every ${interval} ms, ${tokens} tokens; medians of ${runs} run(s)`];
  trees.forEach((tree, t) => {
    lines.push(`${t === 0 && trees.length > 1 ? 'BEFORE' : trees.length > 1 ? 'AFTER' : 'this tree'}: ${tree}`, `  ${head.join(' | ')}`);
    for (const row of sums[t]!)
      lines.push(
        `  ${row.streams} | ${row.cpu_us_per_chunk} | ${row.cpu_s_per_1k} | ${row.rss_mb} | ${row.ttft_err_p50}/${row.ttft_err_p99} | ${row.itl_err_p50}/${row.itl_err_p99}`,
      );
    lines.push(`  most streams with p99 ITL error ≤ 1 ms: ${capacity(sums[t]!)}; with p50 ≤ 1 ms: ${capacity(sums[t]!, 'itl_err_p50')}`);
  });
  if (trees.length > 1) {
    lines.push('after/before ratio (CPU per chunk, RSS):');
    for (let i = 0; i < sums[0]!.length; i++) {
      const b = sums[0]![i]!;
      const a = sums[1]![i]!;
      lines.push(`  ${a.streams}: CPU ×${r3(a.cpu_us_per_chunk! / b.cpu_us_per_chunk!)}, RSS ×${r3(a.rss_mb! / b.rss_mb!)}`);
    }
  }
  console.log(lines.join('\n'));
}

await main();
