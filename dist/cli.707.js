export const id = 707;
export const ids = [707];
export const modules = {

/***/ 57707:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  chaosCommand: () => (/* binding */ chaosCommand)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./lib/config/load.js
var load = __webpack_require__(76264);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/results/files.js
var files = __webpack_require__(96781);
// EXTERNAL MODULE: ./lib/report/chaos-markdown.js
var chaos_markdown = __webpack_require__(63470);
// EXTERNAL MODULE: ./lib/workload/index.js
var workload = __webpack_require__(34057);
// EXTERNAL MODULE: ./lib/app/chaos.js
var chaos = __webpack_require__(56875);
// EXTERNAL MODULE: ./lib/app/execute.js + 2 modules
var execute = __webpack_require__(1750);
// EXTERNAL MODULE: ./lib/util/url.js
var url = __webpack_require__(47237);
;// CONCATENATED MODULE: ./lib/app/chaos-run.js
/**
 * The chaos phase alone against config.target (`llm-loadgate chaos`): client, workload and a run
 * directory <out>/chaos-<timestamp>/ with chaos.json (timeline, figures, rules) and report.md,
 * written also when the fault failed or the run was cancelled, so the partial timeline is kept.
 */








async function executeChaos(unsalted, signal, log) {
    (0,chaos/* checkChaos */.xI)(unsalted); // refuse before anything is sent or written
    const config = (0,execute/* saltedConfig */.u9)(unsalted);
    await (0,workload/* prepareWorkload */.V)(config.workload);
    const dir = (0,files/* newRunDir */.Lh)(config.run.out, `chaos-${(0,files/* timestampDirName */.VY)()}`);
    const client = (0,execute/* clientFor */.$V)(config);
    const sink = config.run.requestsLog ? new files/* JsonlSink */.S7((0,external_node_path_.join)(dir, 'requests.jsonl')) : undefined;
    const apiKey = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
    try {
        const result = await (0,chaos/* runChaos */.KB)(config, {
            sender: client,
            workload: (0,execute/* workloadFor */.He)(config, 'chaos'),
            signal,
            log,
            secrets: apiKey ? [apiKey] : [],
            onRecord: sink ? (r) => sink.write(r) : undefined,
        });
        const markdown = (0,chaos_markdown/* chaosMarkdown */.W)(result);
        const body = JSON.parse(JSON.stringify(result, (k, v) => (k === 'histograms' ? undefined : v)));
        (0,files/* writeJson */.GF)((0,external_node_path_.join)(dir, 'chaos.json'), {
            schema_version: 1,
            name: config.name,
            target: { url: (0,url/* redactUrl */.B)(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
            ...body,
        });
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'report.md'), markdown);
        return { result, dir, markdown };
    }
    finally {
        await sink?.close();
        await client.close();
    }
}

// EXTERNAL MODULE: ./lib/cli/errors.js
var errors = __webpack_require__(3467);
// EXTERNAL MODULE: ./lib/util/errors.js
var util_errors = __webpack_require__(99661);
;// CONCATENATED MODULE: ./lib/cli/chaos.js
/**
 * `llm-loadgate chaos`: the chaos phase alone, from a loadgate.yml with a chaos: section. Holds
 * chaos.rate / chaos.concurrency (or --rate / --concurrency), injects the fault, and writes
 * <out>/chaos-<timestamp>/ (chaos.json, report.md) whatever happens.
 */






const HELP = `llm-loadgate chaos --config loadgate.yml [--target URL] [--model NAME] [--api-key-env VAR]
                   [--out DIR] [--rate N | --concurrency N]

Failure injection under load: holds the load for chaos.pre_fault, injects chaos.fault (a command
run without a shell, an HTTP call, or the built-in simulator's faults), keeps the load until the
endpoint has recovered (or chaos.max_duration), and reports time to detect, error burst, requests
lost, time to recover and the throughput dip, with a per-second timeline. Refuses to run without
chaos.enabled: true. Writes DIR/chaos-<timestamp>/ (chaos.json, report.md).
Exit codes: 0 done (chaos rules pass or none), 1 a chaos rule failed, 2 bad usage/config or the
fault could not be injected (the partial timeline is written), 130 cancelled.`;
async function chaosCommand(argv, signal) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${HELP}\n`);
        return errors/* EXIT */.d.ok;
    }
    const { values: v } = (0,external_node_util_.parseArgs)({
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
    if (!v.config)
        throw new util_errors/* UsageError */.eb('chaos: --config is required: the chaos: section says which fault to inject (see the README, "Chaos")');
    const num = (flag, text, int) => {
        if (text === undefined)
            return undefined;
        const n = Number(text);
        if (!(n > 0) || (int && !Number.isInteger(n)))
            throw new util_errors/* UsageError */.eb(`chaos: --${flag} ${JSON.stringify(text)}: expected a ${int ? 'whole number of users' : 'rate in req/s'} > 0`);
        return n;
    };
    const rate = num('rate', v.rate, false);
    const concurrency = num('concurrency', v.concurrency, true);
    if (rate !== undefined && concurrency !== undefined)
        throw new util_errors/* UsageError */.eb('chaos: --rate and --concurrency exclude each other: pick one');
    const config = (0,load/* loadConfig */.Z)(v.config, {
        target: { url: v.target, model: v.model, api_key_env: v['api-key-env'] },
        run: v.out !== undefined ? { out: v.out } : undefined,
    });
    if (config.chaos && (rate !== undefined || concurrency !== undefined))
        config.chaos.load = rate !== undefined ? { kind: 'rate', value: rate } : { kind: 'concurrency', value: concurrency };
    process.stderr.write(`llm-loadgate chaos "${config.name}": ${(0,url/* redactUrl */.B)(config.target.url)} model ${config.target.model}\n`);
    const run = await executeChaos(config, signal, (l) => process.stderr.write(`${l}\n`));
    const r = run.result;
    process.stdout.write(`\n${run.markdown}\nresults: ${run.dir}\n`);
    if (r.status === 'fault_failed') {
        process.stderr.write(`${r.error}\nThe timeline measured before the failure is in ${run.dir}/chaos.json.\n`);
        return errors/* EXIT */.d.usage;
    }
    if (r.status === 'cancelled')
        return errors/* EXIT */.d.cancelled;
    return r.sla.pass === false ? errors/* EXIT */.d.regression : errors/* EXIT */.d.ok;
}


/***/ })

};
