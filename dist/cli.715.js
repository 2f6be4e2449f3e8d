export const id = 715;
export const ids = [715];
export const modules = {

/***/ 6715:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   demoCommand: () => (/* binding */ demoCommand)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57975);
/* harmony import */ var _config_parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(89554);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3467);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(43743);
/* harmony import */ var _app_execute_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1750);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(79095);
/**
 * `llm-loadgate demo`: the whole gate on the built-in simulator, no GPU needed. The simulator runs
 * in a child process (as a real endpoint would), so the generator's measurements are not sharing
 * its event loop with the server it measures.
 */







/** The demo's configuration: quick levels, an SLA and a GPU price so every part of the report shows. */
function demoConfig(url, model, out) {
    return (0,_config_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .buildConfig */ .fD)({
        name: 'demo',
        target: { url, model },
        workload: { max_tokens: 128, ignore_eos: true },
        warmup: { requests: 4 },
        baseline: { rate: 1, duration: '5s' },
        saturation: { strategy: 'search', load: 'rate', start: 4, max: 400, precision: 0.1, level_duration: '6s' },
        sla_validation: { operating_point: 0.7, duration: '15s' },
        sla: { ttft_p99_ms: 1000, itl_p99_ms: 100, error_rate: 0.01 },
        cost: { gpus: 1, gpu_hour_usd: 2.5 },
        server_metrics: { target: true },
        run: { out },
    }, 'demo');
}
/** Starts `llm-loadgate sim` as a child process on a free port; resolves with its URL. */
function startSimProcess(args) {
    const script = process.argv[1];
    if (!script)
        throw new Error('cannot locate the llm-loadgate entry script to start the simulator');
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [script, 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error('the simulator did not start within 15 s')), 15_000);
        child.stdout.on('data', (d) => {
            buf += d.toString();
            const m = /listening on (http:\/\/\S+)/.exec(buf);
            if (m) {
                clearTimeout(timer);
                resolve({ url: m[1], child });
            }
        });
        child.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`the simulator exited with code ${code} before it was ready`));
        });
    });
}
/**
 * The routing demo: KV-aware vs round-robin routing on 4 simulated replicas, multi-turn sessions
 * whose histories outgrow the shared system prompt, capacity at TTFT p95 ≤ 250 ms.
 */
function abDemoConfig(url, model, out) {
    return (0,_config_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .buildConfig */ .fD)({
        name: 'kv-routing-demo',
        mode: 'capacity-at-sla',
        target: { url, model },
        workload: { sessions: { turns: 6, system_prompt_tokens: 200, user_tokens: 200, output_tokens: 48 } },
        warmup: { requests: 4 },
        baseline: { concurrency: 1, duration: '3s' },
        saturation: { load: 'concurrency', levels: [4, 8, 12, 16, 20, 24, 32, 40, 48, 64], level_duration: '6s', stop_at_first_saturated: true },
        sla: { ttft_p95_ms: 250 },
        server_metrics: { target: true },
        run: { out },
    }, 'demo --ab');
}
async function abDemo(out, signal, progress) {
    progress.line('demo --ab: starting two simulators, 4 replicas each: round-robin and KV-aware routing…');
    const [rr, kv] = await Promise.all([
        startSimProcess(['--seed', '1', '--replicas', '4', '--routing', 'round-robin']),
        startSimProcess(['--seed', '1', '--replicas', '4', '--routing', 'kv-aware']),
    ]);
    try {
        const model = await servedModel(rr.url);
        progress.line('demo --ab: multi-turn sessions, levels interleaved round-robin / KV-aware (about 1–2 minutes)');
        const { result, dir, markdown } = await (0,_app_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .executeAb */ .l5)(abDemoConfig(rr.url, model, out), [
            { label: 'round-robin', url: rr.url },
            { label: 'kv-aware', url: kv.url },
        ], signal, progress);
        process.stdout.write(`\n${markdown}\nresults: ${dir}\n`);
        return result.status === 'cancelled' ? _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .d.cancelled : _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .d.ok;
    }
    finally {
        rr.child.kill('SIGTERM');
        kv.child.kill('SIGTERM');
    }
}
async function demoCommand(argv, signal) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.parseArgs)({
        args: argv,
        strict: true,
        options: { out: { type: 'string', default: 'loadgate-results/demo' }, ab: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
        process.stdout.write('llm-loadgate demo [--ab] [--out DIR]\n\nStarts the simulator (profile llama-8b-h100) and runs the gate against it: warmup, baseline,\nsaturation search, SLA validation at 70% of saturation, cost per million tokens.\n--ab instead compares KV-aware and round-robin routing on 4 simulated replicas with multi-turn\nsessions: capacity at TTFT p95 ≤ 250 ms for each, the table, and the headline sentence.\n');
        return _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .d.ok;
    }
    if (values.ab)
        return abDemo(values.out, signal, new _progress_js__WEBPACK_IMPORTED_MODULE_6__/* .Progress */ .k(process.stderr));
    const progress = new _progress_js__WEBPACK_IMPORTED_MODULE_6__/* .Progress */ .k(process.stderr);
    progress.line('demo: starting the built-in simulator (llama-8b-h100 profile, one replica)…');
    const { url, child } = await startSimProcess(['--seed', '1']);
    try {
        const model = await servedModel(url);
        progress.line(`demo: simulator at ${url} serving ${model}; running the gate (about 2 minutes)`);
        const run = await (0,_app_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .executeGate */ .XQ)(demoConfig(url, model, values.out), signal, progress);
        process.stdout.write(`\n${run.markdown}\nresults: ${run.written.dir}\n`);
        return (0,_gate_js__WEBPACK_IMPORTED_MODULE_4__/* .exitCodeFor */ .Rr)(run.result);
    }
    finally {
        child.kill('SIGTERM');
    }
}
async function servedModel(url) {
    const res = await fetch(`${url}/v1/models`);
    const body = (await res.json());
    const id = body.data?.[0]?.id;
    if (!id)
        throw new Error(`the simulator at ${url} listed no model`);
    return id;
}


/***/ })

};
