/**
 * Results on disk. JSON documents are written whole (atomically via rename) so a reader never sees
 * half a file; per-request records stream to JSONL as they finish, so memory stays flat.
 */
import { createWriteStream, mkdirSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { RequestRecord } from '../metrics/record.js';

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A run directory name that sorts by time: 2026-11-25T08-30-00Z. */
export function timestampDirName(d = new Date()): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Creates a new run directory `parent/name` — or `name-2`, `name-3` … when that exists — and returns
 * it. Names are to the second: two runs started in the same second into one `run.out` (two jobs in
 * one workspace, a matrix on one machine) each get their own directory instead of writing into one.
 */
export function newRunDir(parent: string, name: string): string {
  mkdirSync(parent, { recursive: true });
  for (let i = 1; ; i++) {
    const dir = join(parent, i === 1 ? name : `${name}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 1000) throw e;
    }
  }
}

export function writeJson(path: string, value: unknown): void {
  // Per process, so two writers of one path never rename each other's temporary file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Streams one JSON line per finished request. */
export class JsonlSink {
  private readonly out: WriteStream;
  private error: Error | undefined;
  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'w' });
    // A full or read-only disk must not crash the run: the error is raised by close().
    this.out.on('error', (e) => {
      this.error ??= e;
    });
  }
  write(r: RequestRecord): void {
    if (!this.error) this.out.write(`${JSON.stringify(r)}\n`);
  }
  close(): Promise<void> {
    if (this.error) return Promise.reject(new Error(`cannot write the per-request log ${this.out.path}: ${this.error.message}`));
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
