/**
 * Simulator throughput bench: how many streamed tokens per second one simulator
 * process (one core: Node runs the server on one thread) can serve.
 *
 *   node --experimental-strip-types bench/sim.ts [--seconds 5] [--concurrency 256]
 *
 * The simulator runs in a child process with an engine profile far faster than the
 * process can serve (1 ms steps, no per-token cost), so the CPU is the limit. This
 * process drives it with `concurrency` streaming requests over raw node:http, counts
 * SSE events, and prints one JSON line: tokens/s delivered and tokens per CPU-second
 * of the simulator process (the per-core figure, independent of client speed).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTsSources } from '../scripts/ts-hooks.ts';

type SimModule = typeof import('../src/sim/index.js');

async function serve(): Promise<void> {
  runTsSources();
  const sim: SimModule = await import(new URL('../src/sim/index.ts', import.meta.url).href);
  const running = await sim.startSim({
    profile: {
      base: 'tiny',
      name: 'bench',
      maxNumSeqs: 1024,
      maxBatchedTokens: 65536,
      kvBlocks: 200_000,
      maxModelLen: 100_000,
      stepOverheadMs: 1,
      prefillMsPerToken: 0,
      decodeMsPerSeq: 0,
      maxWaiting: 4096,
    },
  });
  process.send!({ url: running.url });
  const sample = () => {
    const u = process.cpuUsage();
    return { cpuSeconds: (u.user + u.system) / 1e6, generated: running.stats().models[0]!.generationTokens };
  };
  process.on('message', async (m) => {
    process.send!(sample());
    if (m === 'end') {
      await running.close();
      process.exit(0);
    }
  });
}

async function drive(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '256' } } });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--experimental-strip-types', '--no-warnings'] });
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve((m as { url: string }).url)));
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ model: 'tiny', prompt: 'bench', max_tokens: 2000, ignore_eos: true, stream: true });
  let events = 0;
  let stop = false;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(`${url}/v1/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        let carry = false;
        res.on('data', (buf: Buffer) => {
          let i = buf.indexOf(10);
          if (carry && buf[0] === 10) events++;
          while (i >= 0) {
            if (buf[i + 1] === 10) events++;
            i = buf.indexOf(10, i + 1);
          }
          carry = buf[buf.length - 1] === 10;
          if (stop) req.destroy();
        });
        res.on('end', resolve);
        res.on('close', resolve);
      });
      req.on('error', () => resolve());
      req.end(body);
    });
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stop) await one();
  });
  await new Promise((r) => setTimeout(r, 1000));
  const ask = (what: string) =>
    new Promise<{ cpuSeconds: number; generated: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { cpuSeconds: number; generated: number }));
      child.send(what);
    });
  const s0 = await ask('mark');
  const e0 = events;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const tokens = events - e0;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  const s1 = await ask('end');
  const cpu = s1.cpuSeconds - s0.cpuSeconds;
  await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 2000))]);
  agent.destroy();
  // Each request ends with a finish chunk and [DONE]; with 2000-token requests that is < 0.1% of events.
  const tokensPerS = Math.round(tokens / elapsed);
  process.stdout.write(
    JSON.stringify({
      bench: 'sim-stream',
      concurrency,
      seconds: Number(elapsed.toFixed(2)),
      tokensPerS,
      serverGeneratedTokensPerS: Math.round((s1.generated - s0.generated) / elapsed),
      simCpuCores: Number((cpu / elapsed).toFixed(2)),
      tokensPerCpuSecond: Math.round(tokens / cpu),
    }) + '\n',
  );
  process.exit(0);
}

if (process.argv[2] === 'serve') await serve();
else await drive();
