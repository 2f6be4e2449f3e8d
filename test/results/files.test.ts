/**
 * Run directories are to the second; two runs started in the same second into one run.out (two
 * action steps in one workspace, side by side) once wrote into one directory and one of them
 * failed renaming a temporary file the other had already moved (ENOENT, an "internal error").
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { newRunDir, writeJson } from '../../src/results/files.js';

const root = mkdtempSync(join(tmpdir(), 'lg-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('newRunDir gives every run its own directory, numbering the ones that share a second', () => {
  const out = join(root, 'results', 'nested');
  const dirs = [1, 2, 3].map(() => newRunDir(out, '2026-11-29T05-10-10Z'));
  expect(dirs.map((d) => d.slice(out.length + 1))).toEqual(['2026-11-29T05-10-10Z', '2026-11-29T05-10-10Z-2', '2026-11-29T05-10-10Z-3']);
  for (const d of dirs) expect(readdirSync(d)).toEqual([]);
  expect(newRunDir(out, 'ab-x')).toBe(join(out, 'ab-x'));
});

it('writeJson replaces the file whole and leaves no temporary file', () => {
  const dir = newRunDir(root, 'w');
  writeJson(join(dir, 'a.json'), { n: 1 });
  writeJson(join(dir, 'a.json'), { n: 2 });
  expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'))).toEqual({ n: 2 });
  expect(readdirSync(dir)).toEqual(['a.json']);
  expect(existsSync(join(dir, `a.json.${process.pid}.tmp`))).toBe(false);
});
