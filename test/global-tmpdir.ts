/**
 * vitest globalSetup: the whole run gets its own TMPDIR (workers and the processes tests start
 * inherit it, and os.tmpdir() reads it), and the run fails if anything is left in it at the end.
 * So "every test cleans its temp directories" is checked, not hoped for, and one run's leftovers
 * never meet another's (two suites on one machine, a repeated run).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-suite-'));
  process.env.TMPDIR = dir;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    // Node's own module compile cache (node-compile-cache) is not a test's leftover.
    const left = readdirSync(dir).filter((f) => f !== 'node-compile-cache');
    if (process.env.LOADGATE_E2E_KEEP) {
      // Asked to keep the end-to-end tests' work directories: they are in here.
      if (left.length > 0) console.log(`temporary files kept (LOADGATE_E2E_KEEP): ${dir}`);
      return;
    }
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0)
      throw new Error(
        `tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temporary directory (every test must remove what it creates): ${left.slice(0, 20).join(', ')}${left.length > 20 ? ', …' : ''}`,
      );
  };
}
