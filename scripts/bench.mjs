// npm run bench: the benchmarks, one after another (never side by side: they measure CPU time
// and latency on a shared machine). Each prints its own JSON line and summary.
//   bench/engine.ts          the load generator's own cost: CPU per streamed request, send lag, RSS
//   bench/sim.ts             streamed tokens per second the simulator serves on one core
//   bench/search-vs-ramp.ts  saturation search vs a 10-level linear ramp: load-minutes and accuracy
// Pass a name to run one: npm run bench -- engine
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const all = ['engine', 'sim', 'search-vs-ramp'];
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('-'));
let failed = 0;
for (const name of only.length ? only : all) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    console.error(`bench: no ${file} (known: ${all.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', file, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
