/**
 * The built-in simulator in its own process, for tests that measure the endpoint precisely: in
 * the test's process the simulator's step timers and the load generator share one JS thread, so
 * the client's own work (SSE parsing, GC) shows up as endpoint latency. Here each gets a core.
 *
 * The child is this very file run by Node 24 directly (erasable TypeScript only; `./x.js`
 * imports of src/sim are resolved to `./x.ts` by scripts/ts-hooks.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultConfig, SimOptions } from '../../src/sim/index.js';
import { runTsSources } from '../../scripts/ts-hooks.ts';

export interface SimProcess {
  url: string;
  setFaults(f: Partial<FaultConfig>): Promise<void>;
  close(): Promise<void>;
}

type Reply = { url?: string; ok?: boolean; error?: string };

export async function startSimProcess(options: Partial<SimOptions>): Promise<SimProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--sim-child'], { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (msg: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`simulator process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        const r = m as Reply;
        if (r.error) reject(new Error(r.error));
        else resolve(r);
      });
      child.send(msg as object);
    });
  const { url } = await ask({ cmd: 'start', options });
  return {
    url: url!,
    setFaults: async (faults) => void (await ask({ cmd: 'faults', faults })),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ cmd: 'close' });
      await exited;
    },
  };
}

async function childMain(): Promise<void> {
  runTsSources();
  const { startSim }: typeof import('../../src/sim/index.js') = await import('../../src/sim/index.js');
  let sim: Awaited<ReturnType<typeof startSim>> | undefined;
  process.on('message', async (m: { cmd: string; options?: Partial<SimOptions>; faults?: Partial<FaultConfig> }) => {
    try {
      if (m.cmd === 'start') {
        sim = await startSim(m.options);
        process.send!({ url: sim.url });
      } else if (m.cmd === 'faults') {
        sim!.setFaults(m.faults!);
        process.send!({ ok: true });
      } else if (m.cmd === 'close') {
        await sim?.close();
        process.exit(0);
      }
    } catch (e) {
      process.send!({ error: (e as Error).message });
    }
  });
  // The parent going away (test crash) ends the simulator too.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--sim-child') await childMain();
