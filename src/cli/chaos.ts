/**
 * `llm-loadgate chaos`: the chaos phase alone, from a loadgate.yml with a chaos: section. Holds
 * chaos.rate / chaos.concurrency (or --rate / --concurrency), injects the fault, and writes
 * <out>/chaos-<timestamp>/ (chaos.json, report.md) whatever happens.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { executeChaos } from '../app/chaos-run.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';
import { redactUrl } from '../util/url.js';

const HELP = `llm-loadgate chaos --config loadgate.yml [--target URL] [--model NAME] [--api-key-env VAR]
                   [--out DIR] [--rate N | --concurrency N]

Failure injection under load: holds the load for chaos.pre_fault, injects chaos.fault (a command
run without a shell, an HTTP call, or the built-in simulator's faults), keeps the load until the
endpoint has recovered (or chaos.max_duration), and reports time to detect, error burst, requests
lost, time to recover and the throughput dip, with a per-second timeline. Refuses to run without
chaos.enabled: true. Writes DIR/chaos-<timestamp>/ (chaos.json, report.md).
Exit codes: 0 done (chaos rules pass or none), 1 a chaos rule failed, 2 bad usage/config or the
fault could not be injected (the partial timeline is written), 130 cancelled.`;

export async function chaosCommand(argv: string[], signal: AbortSignal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      target: { type: 'string' },
      model: { type: 'string' },
      'api-key-env': { type: 'string' },
      out: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  if (!v.config) throw new UsageError('chaos: --config is required: the chaos: section says which fault to inject (see the README, "Chaos")');
  const num = (flag: string, text: string | undefined, int: boolean): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(n > 0) || (int && !Number.isInteger(n)))
      throw new UsageError(`chaos: --${flag} ${JSON.stringify(text)}: expected a ${int ? 'whole number of users' : 'rate in req/s'} > 0`);
    return n;
  };
  const rate = num('rate', v.rate, false);
  const concurrency = num('concurrency', v.concurrency, true);
  if (rate !== undefined && concurrency !== undefined) throw new UsageError('chaos: --rate and --concurrency exclude each other: pick one');
  const config = loadConfig(v.config, {
    target: { url: v.target, model: v.model, api_key_env: v['api-key-env'] },
    run: v.out !== undefined ? { out: v.out } : undefined,
  });
  if (config.chaos && (rate !== undefined || concurrency !== undefined))
    config.chaos.load = rate !== undefined ? { kind: 'rate', value: rate } : { kind: 'concurrency', value: concurrency! };
  process.stderr.write(`llm-loadgate chaos "${config.name}": ${redactUrl(config.target.url)} model ${config.target.model}\n`);
  const run = await executeChaos(config, signal, (l) => process.stderr.write(`${l}\n`));
  const r = run.result;
  process.stdout.write(`\n${run.markdown}\nresults: ${run.dir}\n`);
  if (r.status === 'fault_failed') {
    process.stderr.write(`${r.error}\nThe timeline measured before the failure is in ${run.dir}/chaos.json.\n`);
    return EXIT.usage;
  }
  if (r.status === 'cancelled') return EXIT.cancelled;
  return r.sla.pass === false ? EXIT.regression : EXIT.ok;
}
