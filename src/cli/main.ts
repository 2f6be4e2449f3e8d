/**
 * The CLI entry: picks the command, wires SIGINT/SIGTERM to one AbortController, and is the one
 * place that turns errors into exit codes. Usage errors print their message, never a stack trace.
 */
import { EXIT } from './errors.js';
import { UserError } from '../util/errors.js';

const USAGE = `llm-loadgate <command> [flags]

Commands:
  demo      run the gate end to end against the built-in simulator (no GPU needed)
  gate      warmup → baseline → saturation search → SLA validation, with cost and a report
  ab        live A/B capacity of two targets, levels interleaved, with the headline and the table
  comment   post or update the gate's pull-request comment from a report file (fork-safe pattern)
  compare   judge a gate run's results.json against a baseline (exit 0 pass, 1 regression, 3 inconclusive)
  merge     combine the results of several load generators that ran side by side (--shard runs: checked)
  judge     merge the results of a gate's N shards (gate --shard i/N) and judge them as one gate
  report    draw report.html and plots/*.png of a run directory from its results.json
  chaos     failure injection under load: detection, error burst, lost requests, recovery
  load      run one load level (or a list of levels) against an endpoint
  sim       start the built-in OpenAI-compatible endpoint simulator

Run "llm-loadgate <command> --help" for a command's flags.`;

type Command = (argv: string[], signal: AbortSignal) => Promise<number>;

/**
 * Each command's module is loaded only when it runs (a chunk of its own in the bundle), so
 * `--help`, `compare` or `comment` do not parse and evaluate the load generator, the simulator or
 * the report renderers.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  load: async () => (await import('./load.js')).loadCommand,
  sim: async () => (await import('../sim/cli.js')).simCommand,
  gate: async () => {
    // A shard of a gate on N machines (--shard i/N) runs the fixed plan of cli/shard.ts.
    const sharded = (argv: string[]): boolean => argv.some((a) => a === '--shard' || a.startsWith('--shard='));
    const { gateCommand } = await import('./gate.js');
    return async (argv, signal) => (sharded(argv) ? (await import('./shard.js')).gateShardCommand(argv, signal) : gateCommand(argv, signal));
  },
  compare: async () => {
    const { compareCommand } = await import('./compare.js');
    return (argv) => compareCommand(argv);
  },
  comment: async () => {
    const { commentCommand } = await import('./comment.js');
    return (argv) => commentCommand(argv);
  },
  ab: async () => (await import('./ab.js')).abCommand,
  merge: async () => {
    const { mergeCommand } = await import('./merge.js');
    return (argv) => mergeCommand(argv);
  },
  report: async () => {
    const { reportCommand } = await import('./report.js');
    return (argv) => reportCommand(argv);
  },
  chaos: async () => (await import('./chaos.js')).chaosCommand,
  judge: async () => {
    const { judgeCommand } = await import('./shard.js');
    return (argv) => judgeCommand(argv);
  },
  demo: async () => (await import('./demo.js')).demoCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const loadCmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!loadCmd) {
    process.stderr.write(`llm-loadgate: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(EXIT.cancelled);
    process.stderr.write(`\n${sig}: stopping — cancelling in-flight requests and writing results (again to force quit)\n`);
    controller.abort();
  };
  // The simulator handles its own signals (it just shuts down); every other command cancels its run.
  const ownSignals = name !== 'sim';
  if (ownSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    const cmd = await loadCmd();
    return await cmd(rest, controller.signal);
  } catch (err) {
    return reportError(err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Usage and parse errors get their message; anything else is a bug and says so in one line. */
export function reportError(err: unknown): number {
  // Flags, config, files the user gave (a dataset read lazily at run time too): the message and its exit code.
  if (err instanceof UserError) {
    process.stderr.write(`${err.message}\n`);
    return err.code;
  }
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${e.message}\nRun with --help to see the accepted flags.\n`);
    return EXIT.usage;
  }
  process.stderr.write(`llm-loadgate: internal error: ${e?.message ?? String(err)}\n(set LOADGATE_DEBUG=1 for the stack trace and please report it)\n`);
  if (process.env.LOADGATE_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
  return 70;
}
