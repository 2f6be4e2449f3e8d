/**
 * Startup and memory of the bundled CLI (what a user pays before the first request):
 *  - `cli.js --help`: wall time and peak RSS;
 *  - `cli.js load` with a fixed prompt (no tokenizer needed) for 3 s at 32 streams against the
 *    paced server (bench/paced-server.ts, 10 ms per token): peak RSS.
 *
 *   node bench/startup.ts [--runs 5] [--dist DIR]... [--src ROOT]... [--load-duration 3s]
 *   (default: dist/; a temp build is NOT made; pass the bundle directories to compare, e.g.
 *   --dist /tmp/before-dist --dist /tmp/after-dist)
 *
 * `--src ROOT` runs a checkout's CLI from its TypeScript sources instead (src/cli/index.ts through
 * ROOT/scripts/ts-hooks.ts, no build): the figures then include Node's TypeScript stripper
 * (~20 MB of RSS that a bundle does not pay), so compare sources with sources, bundles with bundles.
 *
 * Build a bundle into a temp directory with `tsc -p tsconfig.build.json && node scripts/bundle.mjs /tmp/x`.
 * Peak RSS is the child's own (process.resourceUsage().maxRSS, printed on exit by a one-line
 * --import), medians of `--runs` runs, the directories measured in turn in each run.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;

/** The node arguments that start a tree's CLI: its bundle, or (`src:ROOT`) its sources through ts-hooks. */
function cliArgs(tree: string): string[] {
  if (!tree.startsWith('src:')) return [join(tree, 'cli.js')];
  const root = tree.slice(4);
  const hooks = pathToFileURL(join(root, 'scripts/ts-hooks.ts')).href;
  const entry = pathToFileURL(join(root, 'src/cli/index.ts')).href;
  const code = `const{runTsSources}=await import(${JSON.stringify(hooks)});runTsSources();await import(${JSON.stringify(entry)});`;
  // After `--`, argv[1] as for a script (the CLI reads its arguments from argv[2] on).
  return ['--disable-warning=ExperimentalWarning', '--input-type=module', '--eval', code, '--', fileURLToPath(entry)];
}

function run(args: string[]): Promise<{ wallMs: number; rssMB: number; code: number | null; err: string }> {
  return new Promise((res) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', REPORT_RSS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      const m = /MAXRSS (\d+)/.exec(err);
      res({ wallMs, rssMB: m ? Number(m[1]) / 1024 : NaN, code, err: err.replace(/MAXRSS \d+\n/, '') });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      dist: { type: 'string', multiple: true },
      src: { type: 'string', multiple: true },
      'load-duration': { type: 'string', default: '3s' },
    },
  });
  const bundles = values.dist ?? (values.src ? [] : [resolve('dist')]);
  for (const d of bundles) if (!existsSync(join(resolve(d), 'cli.js'))) throw new Error(`${resolve(d)}/cli.js is missing: build a bundle there first`);
  for (const r of values.src ?? [])
    if (!existsSync(join(resolve(r), 'src/cli/index.ts'))) throw new Error(`${resolve(r)}/src/cli/index.ts is missing: --src takes a checkout's root`);
  const dists = [...bundles.map((d) => resolve(d)), ...(values.src ?? []).map((r) => `src:${resolve(r)}`)];
  const server = fork(fileURLToPath(new URL('./paced-server.ts', import.meta.url)), ['10'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((res) => server.once('message', (m) => res((m as { port: number }).port)));
  const out = mkdtempSync(join(tmpdir(), 'loadgate-startup-'));
  const res = dists.map(() => ({ helpMs: [] as number[], helpMB: [] as number[], loadMB: [] as number[] }));
  try {
    for (let r = 0; r < Number(values.runs); r++) {
      for (let i = 0; i < dists.length; i++) {
        const cli = cliArgs(dists[i]!);
        const h = await run([...cli, '--help']);
        if (h.code !== 0) throw new Error(`${dists[i]} --help exited ${h.code}: ${h.err}`);
        res[i]!.helpMs.push(h.wallMs);
        res[i]!.helpMB.push(h.rssMB);
        const l = await run([
          ...cli,
          'load',
          '--target',
          `http://127.0.0.1:${port}`,
          '--model',
          'm',
          '--prompt',
          'hi',
          '--concurrency',
          '32',
          '--duration',
          values['load-duration'],
          '--max-tokens',
          '128',
          '--out',
          join(out, `r${r}-${i}`),
        ]);
        if (l.code !== 0) throw new Error(`${dists[i]} load exited ${l.code}: ${l.err}`);
        res[i]!.loadMB.push(l.rssMB);
      }
    }
  } finally {
    server.send('exit');
    rmSync(out, { recursive: true, force: true });
  }
  const rows = dists.map((d, i) => ({
    dist: d,
    help_wall_ms: Math.round(median(res[i]!.helpMs)),
    help_rss_mb: Math.round(median(res[i]!.helpMB)),
    load_rss_mb: Math.round(median(res[i]!.loadMB)),
    help_wall_runs: res[i]!.helpMs.map(Math.round),
  }));
  console.log(JSON.stringify({ node: process.version, runs: Number(values.runs), rows }));
  console.log('');
  for (const r of rows)
    console.log(`${r.dist}: --help ${r.help_wall_ms} ms wall, ${r.help_rss_mb} MB RSS; load (fixed prompt, 32 streams, ${values['load-duration']}) ${r.load_rss_mb} MB RSS`);
}

await main();
