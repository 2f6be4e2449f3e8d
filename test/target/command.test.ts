import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/util/errors.js';
import { groupRunning, killTree, parseCommand, procStat, runCommand, startCommand } from '../../src/target/command.js';

const node = process.execPath;

/** Every pid a test started; SIGKILLed afterwards (if still our node) so a failing test leaks no processes. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(node)) continue;
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});
function track(pid: number): number {
  started.push(pid);
  return pid;
}

/** True while pid exists and is not a zombie (zombies may linger when PID 1 does not reap). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const st = procStat(pid);
  return st === undefined ? process.platform !== 'linux' : st.state !== 'Z' && st.state !== 'X';
}

/** A node child that starts a grandchild (same process group), prints its pid, and idles. */
function parentScript(opts: { ignoreTerm?: boolean } = {}): string {
  const trap = opts.ignoreTerm ? "process.on('SIGTERM', () => {});" : '';
  const grand = opts.ignoreTerm ? "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)" : 'setInterval(() => {}, 1000)';
  return `${trap} const g = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grand)}], { stdio: 'ignore' }); console.log('grandchild ' + g.pid); setInterval(() => {}, 1000);`;
}

function collect(): { lines: string[]; onLine: (l: string) => void; waitFor: (re: RegExp, ms?: number) => Promise<string> } {
  const lines: string[] = [];
  return {
    lines,
    onLine: (l) => lines.push(l),
    async waitFor(re, ms = 5000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const hit = lines.find((l) => re.test(l));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no line matching ${re} in ${JSON.stringify(lines)}`);
    },
  };
}

describe('parseCommand', () => {
  test.each([
    ['kubectl apply -f x.yml', ['kubectl', 'apply', '-f', 'x.yml']],
    ['  ./deploy.sh   staging\t--fast  ', ['./deploy.sh', 'staging', '--fast']],
    [`echo 'hello world' "two words"`, ['echo', 'hello world', 'two words']],
    [`echo a'b c'd`, ['echo', 'ab cd']],
    [`echo '' ""`, ['echo', '', '']],
    [String.raw`echo hello\ world a\"b`, ['echo', 'hello world', 'a"b']],
    [String.raw`echo "say \"hi\" \\ \$HOME \n"`, ['echo', String.raw`say "hi" \ $HOME \n`]],
    [String.raw`echo 'no \escapes\ here'`, ['echo', String.raw`no \escapes\ here`]],
    ['deploy.sh \\\n  --region eu', ['deploy.sh', '--region', 'eu']],
    [`echo '$(rm -rf /)' "\`id\`" "$HOME" 'a|b;c&&d>e<f'`, ['echo', '$(rm -rf /)', '`id`', '$HOME', 'a|b;c&&d>e<f']],
    ['echo price$ * ~/x', ['echo', 'price$', '*', '~/x']],
    ['["kubectl","apply","-f","x.yml"]', ['kubectl', 'apply', '-f', 'x.yml']],
    ['  ["sh", "-c", "echo $HOME | wc"]  ', ['sh', '-c', 'echo $HOME | wc']],
  ])('%j → %j', (text, argv) => {
    expect(parseCommand(text)).toEqual(argv);
  });

  test.each([
    ['make | tee log', '"|"'],
    ['make || true', '"||"'],
    ['make && deploy', '"&&"'],
    ['server &', '"&"'],
    ['make; deploy', '";"'],
    ['make > log', '">"'],
    ['make < in', '"<"'],
    ['echo `id`', '"`"'],
    ['echo $(id)', '"$("'],
    ['echo ${HOME}', '"${"'],
    ['echo $HOME', '"$H"'],
    ['make\ndeploy', 'a line break'],
  ])('rejects %j naming %s, with a fix', (text, shown) => {
    let err: unknown;
    try {
      parseCommand(text, 'deploy-command');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).toContain(`deploy-command: shell syntax ${shown} at character`);
    expect(msg).toMatch(/script file.*JSON array form/);
    expect(msg.split('\n')).toHaveLength(1);
  });

  test.each([
    ['', /deploy-command is empty/],
    ['   \n ', /deploy-command is empty/],
    ['echo "open', /unterminated double quote \(opened at character 6\)/],
    ["echo 'open", /unterminated single quote/],
    ['echo \\', /lone backslash/],
    ['[]', /non-empty JSON array of strings/],
    ['["a", 1]', /non-empty JSON array of strings/],
    ['["a",', /starts with "\[" but is not valid JSON/],
    ['["", "x"]', /first element \(the program\) is empty/],
  ])('rejects %j', (text, re) => {
    expect(() => parseCommand(text, 'deploy-command')).toThrow(re);
  });

  test('a quoted $(…) reaches the program as literal text and is not run', async () => {
    const argv = parseCommand(`node -e "console.log(process.argv[1]); console.log(process.argv[2])" '$(echo hacked)' "\`echo hacked\`"`);
    expect(argv.slice(3)).toEqual(['$(echo hacked)', '`echo hacked`']);
    const out = collect();
    const r = await runCommand([node, ...argv.slice(1)], { timeoutMs: 10_000, onLine: out.onLine });
    expect(r).toEqual({ code: 0, signal: null, timedOut: false });
    expect(out.lines).toEqual(['$(echo hacked)', '`echo hacked`']);
  });
});

describe('startCommand / killTree / runCommand', () => {
  test('killTree stops the child and its grandchild', async () => {
    const out = collect();
    const cmd = startCommand([node, '-e', parentScript()], { onLine: out.onLine });
    track(cmd.pid);
    const grand = track(Number((await out.waitFor(/^grandchild \d+$/)).split(' ')[1]));
    expect(alive(cmd.pid)).toBe(true);
    expect(alive(grand)).toBe(true);
    const t0 = Date.now();
    await killTree(cmd.pid, 3000);
    expect(Date.now() - t0).toBeLessThan(2000); // SIGTERM was enough; no grace wait
    expect(await cmd.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(grand)).toBe(false);
    expect(groupRunning(cmd.pid)).toBe(false);
  });

  test('processes that ignore SIGTERM get SIGKILL after the grace period', async () => {
    const out = collect();
    const cmd = startCommand([node, '-e', parentScript({ ignoreTerm: true })], { onLine: out.onLine });
    track(cmd.pid);
    const grand = track(Number((await out.waitFor(/^grandchild \d+$/)).split(' ')[1]));
    await new Promise((r) => setTimeout(r, 100)); // let the grandchild install its handler
    const t0 = Date.now();
    await killTree(cmd.pid, 300);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(2500);
    expect((await cmd.exited).signal).toBe('SIGKILL');
    expect(alive(grand)).toBe(false);
  });

  test('killTree on a group that is already gone resolves at once; invalid pids are refused', async () => {
    const cmd = startCommand([node, '-e', 'process.exit(0)']);
    track(cmd.pid);
    expect(await cmd.exited).toEqual({ code: 0, signal: null });
    await killTree(cmd.pid, 1000);
    await expect(killTree(0)).rejects.toThrow(/refusing to kill invalid pid 0/);
    await expect(killTree(-1)).rejects.toThrow(/invalid pid/);
  });

  test('exited resolves when the leader exits even if a background grandchild holds the pipes; killTree cleans up', async () => {
    const out = collect();
    const script = `const g = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' }); g.unref(); console.log('grandchild ' + g.pid); process.exit(0);`;
    const cmd = startCommand([node, '-e', script], { onLine: out.onLine });
    track(cmd.pid);
    const t0 = Date.now();
    expect(await cmd.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(3000);
    const grand = track(Number((await out.waitFor(/^grandchild \d+$/)).split(' ')[1]));
    expect(alive(grand)).toBe(true);
    await killTree(cmd.pid, 2000); // the leader is gone, but its group is not
    expect(alive(grand)).toBe(false);
  });

  test('secrets are masked in stdout and stderr lines; env and cwd are passed', async () => {
    const out = collect();
    const script = `console.log('token=' + process.env.TOKEN + ' again ' + process.env.TOKEN); console.error('err ' + process.env.TOKEN); console.log('multi ' + process.env.PART); console.log('cwd ' + process.cwd());`;
    const r = await runCommand([node, '-e', script], {
      timeoutMs: 10_000,
      env: { TOKEN: 's3cr3t-value', PART: 'line-two' },
      cwd: '/tmp',
      secrets: ['s3cr3t-value', 'line-one\nline-two', ''],
      onLine: out.onLine,
    });
    expect(r.code).toBe(0);
    expect(out.lines.sort()).toEqual(['cwd /tmp', 'err ***', 'multi ***', 'token=*** again ***']);
  });

  test('unsetEnv keeps a variable of ours (the API key) from the command', async () => {
    const out = collect();
    process.env.LOADGATE_TEST_KEY = 'never-in-the-child';
    try {
      const r = await runCommand([node, '-e', 'console.log(String(process.env.LOADGATE_TEST_KEY))'], { timeoutMs: 10_000, unsetEnv: ['LOADGATE_TEST_KEY'], onLine: out.onLine });
      expect(r.code).toBe(0);
      expect(out.lines).toEqual(['undefined']);
    } finally {
      delete process.env.LOADGATE_TEST_KEY;
    }
  });

  test('action inputs (INPUT_*, the API key and token among them) never reach a command', async () => {
    const out = collect();
    process.env['INPUT_API-KEY'] = 'sk-never-in-the-child';
    try {
      const r = await runCommand([node, '-e', 'console.log(Object.keys(process.env).filter((k) => k.startsWith("INPUT_")).length)'], { timeoutMs: 10_000, onLine: out.onLine });
      expect(r.code).toBe(0);
      expect(out.lines).toEqual(['0']);
    } finally {
      delete process.env['INPUT_API-KEY'];
    }
  });

  test('runCommand reports the exit code', async () => {
    expect(await runCommand([node, '-e', 'process.exit(3)'], { timeoutMs: 10_000 })).toEqual({ code: 3, signal: null, timedOut: false });
  });

  test('runCommand timeout kills the whole group and reports timedOut', async () => {
    const out = collect();
    const t0 = Date.now();
    const p = runCommand([node, '-e', parentScript()], { timeoutMs: 400, graceMs: 2000, onLine: out.onLine });
    const grand = track(Number((await out.waitFor(/^grandchild \d+$/)).split(' ')[1]));
    const r = await p;
    expect(r).toEqual({ code: null, signal: 'SIGTERM', timedOut: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(alive(grand)).toBe(false);
  });

  test('a program that cannot be started gives a clear UsageError', () => {
    expect(() => startCommand(['definitely-not-a-program-xyz', 'a'])).toThrow(UsageError);
    expect(() => startCommand(['definitely-not-a-program-xyz'])).toThrow(/cannot start "definitely-not-a-program-xyz": not found or not executable/);
    expect(() => startCommand([node], { cwd: '/no/such/dir' })).toThrow(/working directory \/no\/such\/dir does not exist/);
    expect(() => startCommand([])).toThrow(/empty command/);
  });
});
