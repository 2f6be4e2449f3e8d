/**
 * Runs the action the way the GitHub runner does: a child `node` process with INPUT_* variables,
 * an event file, fresh GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files and GITHUB_API_URL
 * (a fake GitHub); then, optionally, the post step with the saved state as STATE_* variables.
 *
 * What runs: dist/index.js and dist/post.js (the bundles the runner runs; LOADGATE_E2E_DIST=DIR
 * takes them from another build directory), or, with
 * LOADGATE_E2E_FROM=src, src/action/main.ts and post.ts through scripts/ts-hooks.ts (this very
 * file as the child's entry), so the tests can run against the sources before dist/ is rebuilt.
 * This file is run by Node directly in that mode: erasable TypeScript only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
const SELF = fileURLToPath(import.meta.url);
const FROM_SRC = process.env.LOADGATE_E2E_FROM === 'src';

/** The node command line that runs the action's main or post step. */
function stepCommand(step: 'main' | 'post'): string[] {
  if (FROM_SRC) return ['--no-warnings', SELF, `--action-${step}`];
  const file = join(resolve(ROOT, process.env.LOADGATE_E2E_DIST ?? 'dist'), step === 'main' ? 'index.js' : 'post.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (or set LOADGATE_E2E_FROM=src)`);
  return [file];
}

export interface Proc {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StepRun {
  main: Proc;
  post?: Proc;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** stdout lines, without empty ones. */
  lines: string[];
}

export interface StepOptions {
  /** Action inputs by their action.yml name (target-url, mode …). Unset inputs get action.yml's defaults. */
  inputs: Record<string, string>;
  /** Working directory (GITHUB_WORKSPACE), e.g. a temp dir standing for the user's checkout. */
  cwd: string;
  event?: 'push' | 'pull_request' | 'workflow_run';
  /** Pull request number in the pull_request event. */
  pr?: number;
  repo?: string;
  apiUrl?: string;
  /** Run post.js after main (as the runner does, with the saved state). */
  post?: boolean;
  /** Kill main after this long (a safety net, not a measurement). Default 120 s. */
  timeoutMs?: number;
  /** Called with each chunk of main's stdout so far, e.g. to send SIGINT at a chosen point. */
  onOutput?: (stdoutSoFar: string, child: ChildProcess) => void;
  /**
   * Draw report.html's charts and plots/*.png (1-2 s of CPU per gate run). Default false:
   * LOADGATE_CHARTS=off, report.html without charts; test/e2e/action.test.ts runs the bundle with them.
   */
  charts?: boolean;
  /** More environment for main (and post), e.g. the runner's ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL. */
  env?: Record<string, string>;
}

/** action.yml's defaults, as the runner passes them for inputs a workflow does not set. */
export function actionDefaults(): Record<string, string> {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const out: Record<string, string> = {};
  let current: string | undefined;
  let inInputs = false;
  for (const line of yml.split('\n')) {
    if (/^\S/.test(line)) inInputs = line.startsWith('inputs:');
    if (!inInputs) continue;
    const name = /^ {2}([a-z-]+):\s*$/.exec(line);
    if (name) current = name[1];
    const dflt = /^ {4}default:\s*(.*)$/.exec(line);
    if (dflt && current) out[current] = dflt[1]!.replace(/^'(.*)'$/, '$1');
  }
  // ${{ github.token }} is the runner's to expand; tests give github-token explicitly.
  if (out['github-token']?.includes('${{')) out['github-token'] = '';
  return out;
}

let seq = 0;

export async function runStep(o: StepOptions): Promise<StepRun> {
  const dir = join(o.cwd, '.runner', `step-${++seq}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const files = { event: join(dir, 'event.json'), summary: join(dir, 'summary.md'), output: join(dir, 'output.txt'), state: join(dir, 'state.txt') };
  const repo = o.repo ?? 'acme/widgets';
  const [owner, name] = repo.split('/');
  const repository = { full_name: repo, name, owner: { login: owner } };
  const event = o.event ?? 'push';
  const payload =
    event === 'pull_request'
      ? {
          action: 'synchronize',
          number: o.pr ?? 7,
          pull_request: { number: o.pr ?? 7, head: { ref: 'feature', sha: 'b'.repeat(40) }, base: { ref: 'main', sha: 'a'.repeat(40) } },
          repository,
        }
      : event === 'workflow_run'
        ? { action: 'completed', workflow_run: { id: 42, event: 'pull_request', head_sha: 'b'.repeat(40), pull_requests: [] }, repository }
        : { ref: 'refs/heads/main', after: 'a'.repeat(40), repository };
  writeFileSync(files.event, JSON.stringify(payload));
  for (const f of [files.summary, files.output, files.state]) writeFileSync(f, '');
  const inputs = { ...actionDefaults(), ...o.inputs };
  const apiUrl = o.apiUrl ?? 'http://127.0.0.1:9';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? o.cwd,
    TMPDIR: tmpdir(),
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: repo,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_WORKSPACE: o.cwd,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: dir,
    ...(o.charts ? {} : { LOADGATE_CHARTS: 'off' }),
    ...o.env,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const main = await exec(stepCommand('main'), env, o.cwd, o.timeoutMs ?? 120_000, o.onOutput);
  const state = parseCommandFile(readFileSync(files.state, 'utf8'));
  const run: StepRun = {
    main,
    outputs: parseCommandFile(readFileSync(files.output, 'utf8')),
    state,
    summary: readFileSync(files.summary, 'utf8'),
    lines: main.stdout.split('\n').filter((l) => l.trim() !== ''),
  };
  if (o.post) {
    const postEnv = {
      ...env,
      ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
      GITHUB_OUTPUT: join(dir, 'post-output.txt'),
      GITHUB_STATE: join(dir, 'post-state.txt'),
    };
    writeFileSync(postEnv.GITHUB_OUTPUT, '');
    writeFileSync(postEnv.GITHUB_STATE, '');
    run.post = await exec(stepCommand('post'), postEnv, o.cwd, 60_000);
  }
  return run;
}

export function exec(args: string[], env: Record<string, string>, cwd: string, timeoutMs: number, onOutput?: StepOptions['onOutput']): Promise<Proc> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      onOutput?.(stdout, child);
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr });
    });
  });
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (name<<delimiter … delimiter, or name=value). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[key!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** A port nothing listens on (for a target that is down). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => res(port));
    });
  });
}

/** The node command line that runs the CLI: bin/llm-loadgate.js (→ dist/cli.js), LOADGATE_E2E_DIST's cli.js, or the sources. */
export function cliCommand(): string[] {
  if (FROM_SRC) return ['--no-warnings', SELF, '--cli'];
  return [process.env.LOADGATE_E2E_DIST ? join(resolve(ROOT, process.env.LOADGATE_E2E_DIST), 'cli.js') : join(ROOT, 'bin', 'llm-loadgate.js')];
}

async function child(step: string): Promise<void> {
  const { runTsSources } = await import('../../scripts/ts-hooks.ts');
  runTsSources();
  if (step === 'cli') {
    const { main } = await import('../../src/cli/main.js');
    process.exitCode = await main(process.argv.slice(3));
    return;
  }
  await import(step === 'main' ? '../../src/action/main.js' : '../../src/action/post.js');
}

const mode = /^--(?:action-(main|post)|(cli))$/.exec(process.argv[2] ?? '');
if (mode) await child(mode[1] ?? mode[2]!);
