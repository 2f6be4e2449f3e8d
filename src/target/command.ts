/**
 * Runs the user's deploy-command and teardown-command without a shell.
 *
 * The command text comes from workflow inputs, which may include text an attacker controls
 * (branch names, PR titles pasted into inputs). So it is never handed to `sh -c`: it is split into
 * argv here and spawned with `shell: false`. Shell syntax that would change meaning without a shell
 * (pipes, `&&`, `;`, redirects, `$(…)`, backticks, `$VAR`) is rejected with a message saying how to
 * get the same effect safely, rather than silently passed through as literal text.
 *
 * Each command runs in its own process group (`detached: true`), so `killTree` can stop the whole
 * tree, including servers the deploy script started in the background.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../util/errors.js';

const JSON_EXAMPLE = '["kubectl","apply","-f","deploy.yml"]';

/**
 * Splits command text into argv. Accepts a JSON array of strings, or one shell-like line where
 * whitespace separates words, '…' is literal, "…" is literal except for \" \\ \$ \` escapes, and a
 * backslash outside quotes escapes the next character (backslash-newline continues the line).
 * Nothing is expanded: quoted "$HOME" or '$(cmd)' reach the program as those exact characters.
 * Throws a UsageError (message names `label`) for empty text, unbalanced quotes, or shell operators
 * outside quotes.
 */
export function parseCommand(text: string, label = 'command'): string[] {
  const src = text.trim();
  if (src === '') throw new UsageError(`${label} is empty: give a program and its arguments, e.g. "./deploy.sh staging" or ${JSON_EXAMPLE}.`);
  if (src.startsWith('[')) return parseJsonArgv(src, label);
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  let quoteStart = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1]!)) {
        if (src[i + 1] !== '\n') word += src[i + 1];
        i++;
      } else word += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= src.length) throw new UsageError(`${label} ends with a lone backslash: remove it, or write \\\\ for a literal backslash.`);
      if (src[i + 1] !== '\n') {
        word += src[i + 1];
        inWord = true;
      }
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      quoteStart = i;
      inWord = true;
      continue;
    }
    const op = shellOperator(src, i);
    if (op) throw operatorError(label, op, i);
    word += c;
    inWord = true;
  }
  if (quote)
    throw new UsageError(
      `${label} has an unterminated ${quote === '"' ? 'double' : 'single'} quote (opened at character ${quoteStart + 1}): close it, or use the JSON array form ${JSON_EXAMPLE}.`,
    );
  if (inWord) argv.push(word);
  return argv;
}

function parseJsonArgv(src: string, label: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(src);
  } catch (e) {
    throw new UsageError(`${label} starts with "[" but is not valid JSON (${(e as Error).message}): write it as a JSON array of strings, e.g. ${JSON_EXAMPLE}.`);
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    throw new UsageError(`${label} must be a non-empty JSON array of strings, e.g. ${JSON_EXAMPLE}.`);
  }
  if (v[0] === '') throw new UsageError(`${label}: the first element (the program) is empty.`);
  return v as string[];
}

/** The shell operator starting at src[i] (outside quotes), if any. */
function shellOperator(src: string, i: number): string | undefined {
  const c = src[i]!;
  const next = src[i + 1] ?? '';
  if (c === '|') return next === '|' ? '||' : '|';
  if (c === '&') return next === '&' ? '&&' : '&';
  if (c === ';' || c === '>' || c === '<' || c === '`' || c === '\n' || c === '\r') return c;
  if (c === '$' && (next === '(' || next === '{' || /[A-Za-z_0-9?@*#!$-]/.test(next))) return next === '(' ? '$(' : next === '{' ? '${' : `$${next}`;
  return undefined;
}

function operatorError(label: string, op: string, i: number): UsageError {
  const shown = op === '\n' || op === '\r' ? 'a line break' : `"${op}"`;
  const why = op.startsWith('$') ? 'variables and command substitution are not expanded' : 'commands run without a shell';
  return new UsageError(
    `${label}: shell syntax ${shown} at character ${i + 1} is not supported (${why}). ` +
      `Put the commands in a script file and run that (e.g. "bash ./deploy.sh"; environment variables reach it), ` +
      `use the JSON array form ${JSON_EXAMPLE}, or quote the text if it is meant literally.`,
  );
}

export interface CommandOptions {
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string>;
  /** Names removed from the environment the command sees (e.g. the variable holding our API key). */
  unsetEnv?: string[];
  cwd?: string;
  /** Replaced by `***` in every line passed to onLine. */
  secrets?: string[];
  /** Receives each stdout/stderr line (without the newline), secrets masked. */
  onLine?: (line: string) => void;
}

export interface RunningCommand {
  /** Process id, which is also the id of the command's process group (pass it to killTree). */
  pid: number;
  /**
   * Resolves when the process has exited and its output has been read (or 250 ms after exit when a
   * background grandchild keeps the output pipes open). Never rejects.
   */
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/**
 * Spawns argv (no shell) as the leader of a new process group and streams its output lines to
 * onLine. Throws a UsageError when the program cannot be started (not found, not executable, bad cwd).
 */
function childEnv(opts: CommandOptions): NodeJS.ProcessEnv {
  const env = { ...process.env, ...opts.env };
  // The runner hands every action input to the action as INPUT_*, the API key and the GitHub
  // token among them: a deploy command (maybe from the pull request) must not inherit them.
  for (const name of Object.keys(env)) if (name.startsWith('INPUT_')) delete env[name];
  for (const name of opts.unsetEnv ?? []) delete env[name];
  return env;
}

export function startCommand(argv: string[], opts: CommandOptions = {}): RunningCommand {
  const [program, ...args] = argv;
  if (program === undefined || program === '') throw new UsageError('cannot start an empty command: give a program and its arguments.');
  if (opts.cwd !== undefined && !existsSync(opts.cwd)) throw new UsageError(`cannot start "${program}": working directory ${opts.cwd} does not exist.`);
  const child = spawn(program, args, {
    shell: false,
    detached: true,
    cwd: opts.cwd,
    env: childEnv(opts),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('error', () => {
    /* spawn failures are reported below; later errors (e.g. kill on a dead pid) are harmless */
  });
  if (child.pid === undefined) {
    throw new UsageError(
      `cannot start "${program}": not found or not executable. Check the program name and PATH, or give its full path (e.g. "./deploy.sh" with the executable bit set, or "bash deploy.sh").`,
    );
  }
  const mask = masker(opts.secrets ?? []);
  const onLine = opts.onLine;
  let open = 0;
  for (const stream of [child.stdout, child.stderr]) {
    open++;
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    if (onLine) rl.on('line', (line) => onLine(mask(line)));
    rl.on('close', () => open--);
  }
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    let result: { code: number | null; signal: string | null } | undefined;
    const done = (): void => {
      if (result) resolve(result);
    };
    child.once('close', (code, signal) => {
      result ??= { code, signal };
      done();
    });
    child.once('exit', (code, signal) => {
      result = { code, signal };
      // 'close' waits for the pipes, which a background grandchild may hold open forever.
      if (open > 0) setTimeout(done, 250).unref();
      else done();
    });
  });
  return { pid: child.pid, exited };
}

/** Runs argv to completion (teardown); on timeout kills the whole process group and says so. */
export async function runCommand(
  argv: string[],
  opts: CommandOptions & { timeoutMs: number; graceMs?: number },
): Promise<{ code: number | null; signal: string | null; timedOut: boolean }> {
  const cmd = startCommand(argv, opts);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
  });
  const first = await Promise.race([cmd.exited, timeout]);
  clearTimeout(timer);
  if (first !== 'timeout') return { ...first, timedOut: false };
  await killTree(cmd.pid, opts.graceMs ?? 5000);
  return { ...(await cmd.exited), timedOut: true };
}

/**
 * Stops the process group led by pid: SIGTERM, then SIGKILL if any member is still running after
 * graceMs. Resolves once no member is running (zombies left for init to reap count as gone), or
 * shortly after SIGKILL. A group that is already gone is fine. pid must come from startCommand.
 */
export async function killTree(pid: number, graceMs = 5000): Promise<void> {
  // kill(0) or kill(-1) would signal our own group or every process we may signal.
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`killTree: refusing to kill invalid pid ${pid}`);
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
    return;
  }
  if (!signalGroup(pid, 'SIGTERM')) return;
  if (await waitGone(pid, graceMs)) return;
  if (!signalGroup(pid, 'SIGKILL')) return;
  await waitGone(pid, 2000);
}

/** Sends sig to the group; false when the group no longer exists. */
function signalGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!groupRunning(pgid)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, Math.min(25, Math.max(1, until - Date.now()))));
  }
}

/** Whether any non-zombie process is in group pgid. */
export function groupRunning(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  // The group exists, but possibly only as zombies nobody reaps (a container whose PID 1 does
  // not reap orphans). On Linux, look at /proc; elsewhere assume it is running.
  if (process.platform !== 'linux') return true;
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const st = procStat(Number(name));
      if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** State letter and process group of a process, from /proc/<pid>/stat (Linux only). */
export function procStat(pid: number): { state: string; pgrp: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

/** Replaces every secret (and every line of a multi-line secret) with ***, longest first. */
function masker(secrets: string[]): (line: string) => string {
  const parts = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    parts.add(s);
    for (const l of s.split(/\r?\n/)) if (l.trim()) parts.add(l);
  }
  const list = [...parts].sort((a, b) => b.length - a.length);
  if (list.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const p of list) out = out.split(p).join('***');
    return out;
  };
}
