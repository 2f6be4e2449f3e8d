// Fails when the committed dist/ differs from a fresh build of src/ (run in CI and .ci/run): every
// file compared by name, so a chunk (dist/<entry>.<id>.js) missing, changed or left over from an
// older build fails too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tsc = 'node_modules/typescript/bin/tsc';
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const fresh = mkdtempSync(join(tmpdir(), 'loadgate-dist-'));
try {
  execFileSync(process.execPath, ['scripts/bundle.mjs', fresh], { stdio: 'inherit' });
  const names = new Set([...readdirSync('dist'), ...readdirSync(fresh)]);
  const stale = [...names].filter((n) => {
    try {
      return !readFileSync(join('dist', n)).equals(readFileSync(join(fresh, n)));
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(`dist/ is stale (differs from a fresh build of src/): ${stale.join(', ')}\nRun "npm run build" and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ matches src/');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
