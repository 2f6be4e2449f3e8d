// The house plan (.dependency-cruiser.cjs, run by `npm run check:deps` inside `npm test`) must catch
// what it claims to: a deliberately reversed import in a copy of src/ fails the check, and so do a
// circle and the simulator importing the rest of src/; arrows that run down the layers pass. The
// check is the real dependency-cruiser CLI on real files in a temporary directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A scratch project: the repo's config and tsconfig, node_modules linked, `files` under it. */
function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-deps-'));
  made.push(dir);
  cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')), include: ['src'] }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
/** The same command as `npm run check:deps`; violations read from its report lines. */
function check(dir: string): { status: number | null; violations: Violation[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'src', '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const violations = [...`${r.stdout}`.matchAll(/^\s*error (\S+): (\S+) →\s+(\S+)/gmu)].map((m) => ({ rule: { name: m[1]! }, from: m[2]!, to: m[3]! }));
  return { status: r.status, violations, stderr: `${r.stdout}${r.stderr}` };
}

// A miniature src/ whose arrows all run down the layers.
const GOOD: Record<string, string> = {
  'src/util/num.ts': 'export const two = 2;\n',
  'src/metrics/record.ts': "import { two } from '../util/num.js';\nexport const rec = two;\n",
  'src/verdict/sla.ts': "import type { Rule } from '../config/types.js';\nimport { rec } from '../metrics/record.js';\nexport const sla = (r: Rule): number => r.max + rec;\n",
  'src/config/types.ts': 'export interface Rule { max: number }\n',
  'src/results/types.ts': "import type { Rule } from '../config/types.js';\nexport interface Result { rule: Rule }\n",
  'src/app/gate.ts': "import type { Result } from '../results/types.js';\nimport { sla } from '../verdict/sla.js';\nexport const gate = (r: Result): number => sla(r.rule);\n",
  'src/cli/main.ts': "import { gate } from '../app/gate.js';\nexport const main = gate;\n",
  'src/sim/server.ts': 'export const sim = 1;\n',
};

describe('dependency rules', () => {
  it('a tree whose imports run down the layers passes', () => {
    const r = check(project(GOOD));
    expect(r.violations).toEqual([]);
    expect(r.status, r.stderr).toBe(0);
  });

  it.each([
    ['a leaf importing the app', 'src/util/num.ts', "import type { Result } from '../results/types.js';\nexport type R = Result;\n", 'util-may-import'],
    ['results importing the app that computes them', 'src/results/types.ts', "import { gate } from '../app/gate.js';\nexport const g = gate;\n", 'results-may-import'],
    ['the simulator importing src/util', 'src/sim/server.ts', "import { two } from '../util/num.js';\nexport const s = two;\n", 'sim-may-import'],
    ['verdict running config code (not types)', 'src/verdict/sla.ts', "import { max } from '../config/types.js';\nexport const m = max;\n", 'verdict-config-types-only'],
    ['an import of a module that is not there', 'src/app/gate.ts', "import { x } from './moved.js';\nexport const y = x;\n", 'not-to-unresolvable'],
  ])('%s fails', (_what, path, extra, rule) => {
    const files: Record<string, string> = { ...GOOD, 'src/config/types.ts': `${GOOD['src/config/types.ts']}export const max = 1;\n` };
    files[path] = `${files[path]}${extra}`;
    const r = check(project(files));
    expect(r.status).not.toBe(0);
    expect(r.violations.map((v) => v.rule.name)).toContain(rule);
  });

  it('a circle fails even where every arrow is allowed', () => {
    const r = check(
      project({
        ...GOOD,
        'src/metrics/aggregate.ts': "import { rec } from './record.js';\nexport const agg = rec;\n",
        'src/metrics/record.ts': "import { agg } from './aggregate.js';\nexport const rec = 1;\nexport const back = agg;\n",
      }),
    );
    expect(r.status).not.toBe(0);
    expect(r.violations.map((v) => v.rule.name)).toContain('no-circular');
  });

  it('one reversed import in a copy of the real src/ fails, naming that import', () => {
    const dir = project();
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    // The kind of arrow the plan exists to stop: a leaf reaching up into the gate pipeline.
    appendFileSync(join(dir, 'src/util/num.ts'), "\nimport type { GateResult } from '../results/types.js';\nexport type ReversedForTest = GateResult;\n");
    const r = check(dir);
    expect(r.status).not.toBe(0);
    expect(r.violations).toContainEqual(
      expect.objectContaining({ from: 'src/util/num.ts', to: 'src/results/types.ts', rule: expect.objectContaining({ name: 'util-may-import' }) }),
    );
  });
});

describe('docs/ARCHITECTURE.md', () => {
  it('its "may import" column is the checked table', () => {
    const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Array<{ name: string; comment: string }> };
    const checked = new Map<string, string[]>();
    for (const r of config.forbidden) {
      const m = /^src\/(\S+)\/ may import only (.*) \(docs/.exec(r.comment);
      if (r.name.endsWith('-may-import') && m) checked.set(m[1]!, m[2] === 'nothing else from src/' ? [] : m[2]!.split(', ').sort());
    }
    const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
    const documented = new Map<string, string[]>();
    for (const line of doc.split('\n')) {
      const m = /^\| `([a-z]+)\/` \|.*\| ([^|]*) \|$/.exec(line);
      if (!m) continue;
      const cell = m[2]!.trim();
      documented.set(
        m[1]!,
        /^\*?\*?nothing/.test(cell)
          ? []
          : cell
              .split(', ')
              .map((s) =>
                s
                  .replace(/`/g, '')
                  .replace(/\/$/, '')
                  .replace(/ \(types\)$/, ''),
              )
              .sort(),
      );
    }
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(checked));
  });
});
