// Bundles the compiled entry points (lib/, from tsc) with ncc:
//   dist/index.js (action main), dist/post.js (action post: teardown), dist/cli.js (the CLI),
//   each with its chunks dist/<entry>.<id>.js (the parts loaded only when used: tokenizers, vega,
//   resvg, @actions/artifact), and dist/resvg.wasm (the PNG renderer the report loads at run time).
// Usage: node scripts/bundle.mjs [OUT_DIR]   (default dist)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'dist');
// LOADGATE_LIB: where tsc wrote the compiled sources (default lib), e.g. a temp dir for a trial build.
const lib = process.env.LOADGATE_LIB ?? 'lib';
const entries = { index: `${lib}/action/main.js`, post: `${lib}/action/post.js`, cli: `${lib}/cli/index.js` };
const ncc = resolve('node_modules/@vercel/ncc/dist/ncc/cli.js');
mkdirSync(out, { recursive: true });
// Chunks of an earlier build (their ids change when the code does) would be left behind: removed.
for (const f of readdirSync(out)) if (/^(index|post|cli)\.\d+\.js$/.test(f)) rmSync(join(out, f));
for (const [name, entry] of Object.entries(entries)) {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc -p tsconfig.build.json first`);
  const tmp = mkdtempSync(join(tmpdir(), 'loadgate-ncc-'));
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', tmp, '--quiet', '--no-source-map-register'], { stdio: 'inherit' });
  // ncc writes index.js (plus a package.json marking it ESM, which the root package.json already does).
  // vega's optional `await import('canvas')` (inside a try/catch; the report renders SVG without a
  // canvas) becomes a chunk that only says "module missing": dropped, so that import fails and is
  // caught at run time exactly as when canvas is not installed.
  const stub = (f) => /^\d+\.index\.m?js$/.test(f) && /^[^]{0,200}eval\("require"\)\("canvas"\);\s*\/\*{3}\/ \}\)\s*\};?\s*$/.test(readFileSync(join(tmp, f), 'utf8'));
  const files = readdirSync(tmp).filter((f) => f !== 'package.json' && !stub(f));
  const main = files.find((f) => f === 'index.mjs' || f === 'index.js');
  const chunks = files.filter((f) => f !== main);
  if (!main || chunks.some((f) => !/^\d+\.index\.js$/.test(f))) throw new Error(`ncc produced unexpected files for ${entry}: ${files.join(', ')}`);
  // Dynamic imports (tokenizers, the chart libraries, @actions/artifact: loaded only when used)
  // are chunks ncc names <id>.index.js, the id a hash of the module's path (stable across builds).
  // Each entry has its own chunks, so they are renamed <entry>.<id>.js and the entry's loader is
  // told the new name.
  let code = readFileSync(join(tmp, main), 'utf8');
  if (chunks.length) {
    const loader = 'return "" + chunkId + ".index.js";';
    if (code.split(loader).length !== 2) throw new Error(`${entry}: ncc's chunk loader (${loader}) not found once: update scripts/bundle.mjs`);
    code = code.replace(loader, `return "${name}." + chunkId + ".js";`);
  }
  writeFileSync(join(out, `${name}.js`), code);
  for (const f of chunks) copyFileSync(join(tmp, f), join(out, `${name}.${f.replace(/\.index\.js$/, '.js')}`));
  rmSync(tmp, { recursive: true, force: true });
}
// resvg's WebAssembly binary (platform-independent) beside the bundles: the report's PNG plots
// find it there (src/report/charts.ts findResvgWasm), so the action draws them without node_modules.
copyFileSync(resolve('node_modules/@resvg/resvg-wasm/index_bg.wasm'), join(out, 'resvg.wasm'));
