// npm run bench: the benchmarks, one after another (never side by side: they measure CPU time
// and latency on a shared machine). Each prints its own JSON line and summary.
//   bench/engine.ts          the load generator's own cost: CPU per streamed request, send lag, RSS
//   bench/paced.ts           the generator against a paced server (one event per 10 ms, as an engine
//                            decodes): CPU µs per chunk, TTFT/ITL error vs the server's sends, RSS
//                            (--before DIR: another checkout measured side by side; --undici-before:
//                            this tree over undici vs over client/h1.ts)
//   bench/paced-floor.ts     the floor under it: raw sockets read with net's onread, no HTTP client
//   bench/startup.ts         the bundled CLI: --help wall time and RSS, RSS of a load run (--dist DIR;
//                            --src ROOT runs a checkout from its sources, no build)
//   bench/sim.ts             streamed tokens per second the simulator serves on one core
//   bench/prompt.ts          what building one cache-honest synthetic prompt costs per request
//   bench/search-vs-ramp.ts  saturation search vs a 10-level linear ramp: load-minutes and accuracy
// Pass a name to run one: npm run bench -- engine
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const all = ['engine', 'paced', 'sim', 'prompt', 'search-vs-ramp'];
// Not in the default list: needs a bundle (dist/ or --dist DIR).
const known = [...all, 'paced-floor', 'startup'];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
let failed = 0;
for (const name of only.length ? only : all) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    console.error(`bench: no ${file} (known: ${known.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', file, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
