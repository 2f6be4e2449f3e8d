export const id = 743;
export const ids = [743];
export const modules = {

/***/ 51872:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ settle),
/* harmony export */   R: () => (/* binding */ compareResult)
/* harmony export */ });
/* harmony import */ var _baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12009);
/* harmony import */ var _verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68674);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3033);
/* harmony import */ var _saturation_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(29275);
/* harmony import */ var _level_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(18469);
/* harmony import */ var _metrics_cost_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(36292);
/* harmony import */ var _verdict_spread_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(19746);
/* harmony import */ var _load_pacer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(43091);








/** Requests the pooled operating point must hold before its P99 re-decides a latency verdict. */
const RECHECK_MIN_REQUESTS = 200;
/** Compares without running anything (the `compare` command, and the first pass of the action). */
function compareResult(baseline, current, fingerprint, config) {
    const notes = (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__/* .comparabilityNotes */ .QY)(baseline.fingerprint, fingerprint);
    const comparable = notes.length === 0;
    const metrics = comparable ? (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .compareMetrics */ .fz)(baseline.metrics, current, config.tolerances) : [];
    const verdict = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .overall */ .Me)(metrics, comparable);
    return { verdict, comparable, notes, sentence: (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictSentence */ .BT)(metrics, verdict, comparable), metrics, remeasured: [] };
}
/**
 * Settles inconclusive and regressed metrics by re-measuring, at most once each. Returns a new
 * Comparison whose metrics carry a note of what the re-measurement showed (the report prints it).
 */
async function settle(c, baseline, result, config, run) {
    if (!c.comparable || (c.verdict !== 'inconclusive' && c.verdict !== 'regression'))
        return c;
    const metrics = [...c.metrics];
    const remeasured = [];
    // Borderline and failing figures alike are measured again before the gate says "regression":
    // one run's saturation level can flip on noise, and a regression costs a team a blocked PR.
    const idx = (k) => metrics.findIndex((m) => m.metric === k && (m.status === 'inconclusive' || m.status === 'regression'));
    const sat = idx('saturation_rps');
    const cost = idx('cost_per_million_tokens');
    const baseLoad = baseline.saturation.load_value;
    if ((sat >= 0 || cost >= 0) && baseLoad !== null) {
        // Hold what main sustained, less the tolerance: saturating there means capacity fell by more
        // than the tolerance; holding it means it did not, whatever one search level said.
        const tol = config.tolerances.saturation_rps;
        const raw = baseLoad * (1 - tol);
        const hold = baseline.load === 'concurrency' ? Math.max(1, Math.floor(raw)) : Math.round(raw * 1000) / 1000;
        const stage = (0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_4__/* .stageOf */ .gV)(baseline.load, hold, config.saturation.levelDurationS * 2, config.saturation.arrival, config.saturation.thinkMs);
        const m0 = await run('recheck-saturation', stage);
        const s = m0.summary;
        const level = (0,_level_js__WEBPACK_IMPORTED_MODULE_3__/* .toLevel */ .e3)('saturation', m0, config, (0,_saturation_js__WEBPACK_IMPORTED_MODULE_5__/* .baselineTtftReference */ .NS)(result.baseline?.summary)?.value);
        const j = { saturated: level.saturated, reasons: level.reasons };
        const unit = baseline.load === 'rate' ? 'req/s' : 'users';
        const what = `${hold} ${unit} (the baseline's ${baseLoad} less the ${(tol * 100).toFixed(0)} % tolerance)`;
        if (!level.valid) {
            // The re-check measured the client, not the endpoint: it decides nothing either way.
            for (const i of [sat, cost].filter((x) => x >= 0)) {
                const m = metrics[i];
                metrics[i] = { ...m, status: 'inconclusive', remeasured: `the re-check at ${what} was invalid (${level.invalid_reason}): not judged` };
            }
            remeasured.push(`The gate held ${what} to re-check, but that level was invalid (${level.invalid_reason}), so it decides nothing.`);
        }
        else if (sat >= 0) {
            const m = metrics[sat];
            metrics[sat] = j.saturated
                ? { ...m, status: 'regression', remeasured: `could not sustain ${what}: ${j.reasons.join('; ')}` }
                : { ...m, status: 'pass', remeasured: `sustained ${what} for ${stage.durationS} s` };
            remeasured.push(`Saturation ${m.status === 'regression' ? 'looked lower' : 'was borderline'}, so the gate held ${what}: it ${j.saturated ? 'could not' : 'did'}.`);
        }
        if (level.valid && cost >= 0 && config.cost && !j.saturated) {
            // Cost per token follows the load it is measured at: compare the held level's cost with the
            // baseline's scaled to the same load (GPU cost is fixed, so cost ∝ 1 / throughput).
            const m = metrics[cost];
            const now = (0,_metrics_cost_js__WEBPACK_IMPORTED_MODULE_6__/* .levelCost */ .U)(s, config.cost).usd_per_million_tokens;
            const b = baseline.metrics.cost_per_million_tokens;
            if (now !== null && b) {
                const scale = baseLoad / hold;
                const after = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeMetric */ .mg)('cost_per_million_tokens', { value: b.value * scale, spread: b.spread * scale }, { value: now, spread: now * (0,_verdict_spread_js__WEBPACK_IMPORTED_MODULE_7__/* .rateRelativeSpread */ .kD)(s.requests.ok) }, config.tolerances.cost_per_million_tokens);
                metrics[cost] = {
                    ...after,
                    remeasured: `at the held ${hold} ${unit}: ${now.toFixed(4)} USD per million tokens against the baseline's ${(b.value * scale).toFixed(4)} at that load`,
                };
                remeasured.push(`Cost per million tokens ${m.status === 'regression' ? 'looked higher' : 'was borderline'}; at the held load it is ${after.status}.`);
            }
        }
    }
    const latencyKeys = ['ttft_p99_ms', 'itl_p99_ms'].filter((k) => idx(k) >= 0);
    const op = result.operating_point;
    if (latencyKeys.length && op) {
        // Below ~100 samples a P99 is just the slowest request: run long enough that the pooled
        // samples reach RECHECK_MIN_REQUESTS, so one stalled request cannot decide the verdict.
        const need = Math.max(0, RECHECK_MIN_REQUESTS - op.level.summary.requests.sent);
        const durationS = Math.max(config.slaValidation.durationS, op.rps > 0 ? Math.ceil(need / op.rps) : 0);
        const m1 = await run('recheck-operating-point', (0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_4__/* .stageOf */ .gV)(op.load, op.value, durationS, config.saturation.arrival, config.saturation.thinkMs));
        const again = m1.summary;
        const checked = (0,_level_js__WEBPACK_IMPORTED_MODULE_3__/* .toLevel */ .e3)('operating_point', m1, config, (0,_saturation_js__WEBPACK_IMPORTED_MODULE_5__/* .baselineTtftReference */ .NS)(result.baseline?.summary)?.value);
        if (!checked.valid) {
            for (const k of latencyKeys) {
                const i = idx(k);
                const before = metrics[i];
                metrics[i] = { ...before, status: 'inconclusive', remeasured: `the re-run of the operating point was invalid (${checked.invalid_reason}): not judged` };
                remeasured.push(`${before.label} ${before.status === 'regression' ? 'looked worse' : 'was borderline'}, but the re-run of the operating point was invalid (${checked.invalid_reason}), so it decides nothing.`);
            }
            const verdict = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .overall */ .Me)(metrics, true);
            return { ...c, metrics, verdict, sentence: (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictSentence */ .BT)(metrics, verdict, true), remeasured };
        }
        const pooled = (0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_2__/* .mergeSummaries */ .T)(op.level.summary.name, [op.level.summary, again], 'sequential');
        const withLevel = (summary) => ({ ...result, operating_point: { ...op, level: { ...op.level, summary } } });
        const cur = (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__/* .measure */ .xP)(withLevel(pooled));
        const fresh = (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__/* .measure */ .xP)(withLevel(again));
        for (const k of latencyKeys) {
            const i = idx(k);
            const before = metrics[i];
            let after = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeMetric */ .mg)(k, baseline.metrics[k], cur[k], config.tolerances[k]);
            // A regression stands only if the fresh run, judged alone, agrees: a stall in the first
            // run can survive pooling, a real slowdown shows in every run.
            const alone = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .judgeMetric */ .mg)(k, baseline.metrics[k], fresh[k], config.tolerances[k]);
            if (after.status === 'regression' && alone.status !== 'regression')
                after = { ...after, status: 'inconclusive' };
            metrics[i] = {
                ...after,
                remeasured: `pooled ${pooled.requests.sent} requests over two runs of the operating point (was ${before.current?.value} ± ${before.current?.spread}; the second run alone: ${alone.status})`,
            };
            remeasured.push(`${after.label} ${before.status === 'regression' ? 'looked worse' : 'was borderline'}, so the gate measured the operating point again and pooled the samples: now ${after.status}.`);
        }
    }
    const verdict = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .overall */ .Me)(metrics, true);
    return { ...c, metrics, verdict, sentence: (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .verdictSentence */ .BT)(metrics, verdict, true), remeasured };
}


/***/ }),

/***/ 44367:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SH: () => (/* binding */ gateOutcome),
/* harmony export */   g5: () => (/* binding */ failureOf),
/* harmony export */   wP: () => (/* binding */ CLI_POLICY)
/* harmony export */ });
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99661);

/** The CLI's policy: every bad outcome fails, with its own exit code. */
const CLI_POLICY = { failOnRegression: true, failOnInconclusive: true, failOnSla: true };
const OK = { fails: false, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.ok };
/** Whether `outcome` fails under `policy` (see the table above); `slaPass` is the run's sla.pass. */
function failureOf(outcome, policy, slaPass = null) {
    switch (outcome) {
        case 'pass':
        case 'improvement':
        case 'commented':
            return OK;
        case 'regression':
            return policy.failOnRegression ? { fails: true, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.regression } : OK;
        case 'inconclusive':
            return policy.failOnInconclusive ? { fails: true, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.inconclusive } : OK;
        case 'recorded':
        case 'done':
            return slaPass === false && policy.failOnSla ? { fails: true, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.regression } : OK;
        case 'endpoint_down':
        case 'not_ready':
            return { fails: true, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.endpointDown };
        case 'cancelled':
            return { fails: true, exitCode: _util_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.cancelled };
    }
}
/** How a gate run (runRegressionGate) ended: a run that did not complete is never "recorded" or "done". */
function gateOutcome(res) {
    const status = res.run.result.status;
    if (status === 'endpoint_down')
        return 'endpoint_down';
    if (status === 'cancelled')
        return 'cancelled';
    if (res.mode === 'record')
        return 'recorded';
    return res.comparison?.verdict ?? 'done';
}


/***/ }),

/***/ 82442:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y$: () => (/* binding */ runRegressionGate),
/* harmony export */   j1: () => (/* binding */ alignOperatingPoint),
/* harmony export */   mF: () => (/* binding */ readBaseline)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12009);
/* harmony import */ var _compare_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51872);
/* harmony import */ var _level_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(18469);
/* harmony import */ var _execute_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1750);
/* harmony import */ var _report_compare_markdown_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2463);
/* harmony import */ var _report_html_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(54919);
/**
 * The regression gate around one gate run: in record mode the run becomes the new baseline; in
 * compare mode the operating point is held at the baseline's load (so latencies compare like for
 * like), the run is judged against the baseline, and borderline metrics are re-measured once.
 * Shared by the action and the CLI.
 */








function readBaseline(path) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return undefined;
    return (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .parseBaseline */ .nk)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'), path);
}
/** Holds the operating point at the baseline's load when the two runs measure load the same way. */
function alignOperatingPoint(config, b) {
    if (!b?.operating_point || b.load !== config.saturation.load)
        return config;
    const op = b.operating_point;
    const sv = { ...config.slaValidation, rate: op.load === 'rate' ? op.value : undefined, concurrency: op.load === 'concurrency' ? op.value : undefined };
    return { ...config, slaValidation: sv };
}
async function runRegressionGate(config, mode, baselinePath, signal, progress) {
    const baseline = mode === 'compare' ? readBaseline(baselinePath) : undefined;
    const effective = alignOperatingPoint(config, baseline);
    const run = await (0,_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .executeGate */ .XQ)(effective, signal, progress);
    const r = run.result;
    if (r.status !== 'complete')
        return { run, mode, markdown: run.markdown };
    if (mode === 'record') {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(baselinePath), { recursive: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(baselinePath, `${JSON.stringify((0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .toBaseline */ .Fd)(r, r.fingerprint), null, 2)}\n`);
        return { run, mode, baselinePath, markdown: `${run.markdown}\nBaseline recorded to \`${baselinePath}\`.\n` };
    }
    if (mode === 'none')
        return { run, mode, markdown: run.markdown };
    if (!baseline) {
        const md = `${run.markdown}\n> **No baseline** at \`${baselinePath}\`: nothing to compare with. Record one by running the gate in record mode on the main branch.\n`;
        return { run, mode, markdown: md, missingBaseline: true };
    }
    let comparison = (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .compareResult */ .R)(baseline, r.measured, r.fingerprint, effective);
    if ((comparison.verdict === 'inconclusive' || comparison.verdict === 'regression') && comparison.comparable && !signal.aborted) {
        progress.line(`verdict ${comparison.verdict}: re-measuring the decisive figures before deciding`);
        comparison = await (0,_compare_js__WEBPACK_IMPORTED_MODULE_3__/* .settle */ .G)(comparison, baseline, r, effective, (name, stage) => remeasure(effective, name, stage, signal));
    }
    const markdown = (0,_report_compare_markdown_js__WEBPACK_IMPORTED_MODULE_6__/* .compareMarkdown */ .x)(config.name, comparison, baseline, r);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(run.written.dir, 'comparison.md'), markdown);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(run.written.dir, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`);
    // Redrawn with the baseline's curve overlaid and the verdict on top.
    for (const n of (await (0,_report_html_js__WEBPACK_IMPORTED_MODULE_7__/* .writeVisualReport */ .ge)(run.written.dir, { kind: 'gate', result: r, baseline, comparison }, { charts: (0,_report_html_js__WEBPACK_IMPORTED_MODULE_7__/* .chartsWanted */ .n4)() })).notes)
        progress.line(n);
    return { run, mode, comparison, markdown };
}
/**
 * One re-check level, through the level pipeline every level takes (CPU share, validity, the
 * drain, a server-metrics window when the config scrapes): its own client and workload variant, so its
 * prompts are none the gate run already sent.
 */
async function remeasure(config, name, stage, signal) {
    const client = (0,_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .clientFor */ .$V)(config);
    const server = (0,_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .serverObserverFor */ .ri)(config);
    try {
        return await new _level_js__WEBPACK_IMPORTED_MODULE_4__/* .LevelPipeline */ .Jf({ sender: client, workload: (0,_execute_js__WEBPACK_IMPORTED_MODULE_5__/* .workloadFor */ .He)(config, `remeasure-${name}`), signal, run: config.run, goodput: config.goodput, server }).measure({
            name,
            stage,
        });
    }
    finally {
        await server?.stop();
        await client.close();
    }
}


/***/ }),

/***/ 43743:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lc: () => (/* binding */ withUsageErrors),
/* harmony export */   Rr: () => (/* binding */ exitCodeFor),
/* harmony export */   fY: () => (/* binding */ gateOverrides),
/* harmony export */   gateCommand: () => (/* binding */ gateCommand)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76264);
/* harmony import */ var _app_regression_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(82442);
/* harmony import */ var _app_outcome_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44367);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(99661);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(47237);
/* harmony import */ var _progress_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(79095);
/**
 * `llm-loadgate gate`: the whole pipeline from a loadgate.yml, with flags overriding the file.
 * Writes a timestamped run directory and prints the report. Ctrl-C writes partial results.
 */








const HELP = `llm-loadgate gate [--config loadgate.yml] [--target URL] [--model NAME] [--name NAME]
                  [--api-key-env VAR] [--out DIR] [--record BASELINE.json | --baseline BASELINE.json]
                  [--shard i/N --start-at TIME [--clock-ref URL|none]]

--record writes the run's figures as a baseline; --baseline judges the run against one
(holding the baseline's operating point, re-measuring borderline figures once).

Runs warmup → baseline → saturation search → SLA validation and writes DIR/<timestamp>/
(metadata.json, results.json, histograms/, report.md, requests.jsonl with run.requests_log).
Flags override the file. Exit codes: 0 done (SLA pass, verdict pass or improvement), 1 SLA failed
at the operating point or verdict regression, 2 bad usage/config, 3 verdict inconclusive,
4 endpoint down at warmup, 130 cancelled (partial results written).

--shard i/N --start-at TIME runs shard i of a gate on N machines: a fixed plan every shard derives
alike (warmup, the baseline on shard 1 alone, levels at 0.8×, 1× and 1.2× the baseline file's
saturation or the config's saturation.levels, the SLA hold), 1/N of each level on a time grid from
TIME, written to DIR/shard-i/results.json without judging. "llm-loadgate judge" merges the N
results and judges them (same report, verdict and exit codes as here).`;
/** Flags → the part of a raw config they override. */
function gateOverrides(argv) {
    const { values: v } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args: argv,
        strict: true,
        options: {
            config: { type: 'string', short: 'c' },
            target: { type: 'string' },
            model: { type: 'string' },
            name: { type: 'string' },
            'api-key-env': { type: 'string' },
            out: { type: 'string' },
            record: { type: 'string' },
            baseline: { type: 'string' },
            shard: { type: 'string' },
            'start-at': { type: 'string' },
            'clock-ref': { type: 'string' },
        },
    });
    if (v.record && v.baseline)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb('gate: --record and --baseline exclude each other: record on main, compare on pull requests');
    return {
        file: v.config,
        record: v.record,
        baseline: v.baseline,
        ...(v.shard !== undefined || v['start-at'] !== undefined || v['clock-ref'] !== undefined
            ? { shard: { shard: v.shard, startAt: v['start-at'], clockRef: v['clock-ref'] } }
            : {}),
        over: {
            name: v.name,
            target: { url: v.target, model: v.model, api_key_env: v['api-key-env'] },
            run: v.out !== undefined ? { out: v.out } : undefined,
        },
    };
}
/** A gate run without a baseline verdict (demo, mode none): app/outcome.ts's table. */
function exitCodeFor(r) {
    return (0,_app_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .failureOf */ .g5)(r.status === 'cancelled' ? 'cancelled' : 'done', _app_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .CLI_POLICY */ .wP, r.sla.pass).exitCode;
}
async function gateCommand(argv, signal) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .d.ok;
    }
    const { file, over, record, baseline, shard } = gateOverrides(argv);
    // main.ts sends --shard runs to cli/shard.ts; here only if --start-at/--clock-ref came without it.
    if (shard)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb('gate: --start-at and --clock-ref belong to a sharded gate: give --shard i/N too');
    const config = withUsageErrors(() => (0,_config_load_js__WEBPACK_IMPORTED_MODULE_1__/* .loadConfig */ .Z)(file, over));
    if (baseline)
        withUsageErrors(() => (0,_app_regression_js__WEBPACK_IMPORTED_MODULE_2__/* .readBaseline */ .mF)(baseline));
    const progress = new _progress_js__WEBPACK_IMPORTED_MODULE_6__/* .Progress */ .k(process.stderr);
    progress.line(`llm-loadgate gate "${config.name}": ${(0,_util_url_js__WEBPACK_IMPORTED_MODULE_7__/* .redactUrl */ .B)(config.target.url)} model ${config.target.model}`);
    const mode = record ? 'record' : baseline ? 'compare' : 'none';
    const res = await (0,_app_regression_js__WEBPACK_IMPORTED_MODULE_2__/* .runRegressionGate */ .Y$)(config, mode, record ?? baseline ?? '', signal, progress);
    const r = res.run.result;
    const outcome = (0,_app_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .gateOutcome */ .SH)(res);
    if (outcome === 'endpoint_down')
        process.stderr.write(`${r.error}\nresults: ${res.run.written.dir}\n`);
    else
        process.stdout.write(`\n${res.markdown}\nresults: ${res.run.written.dir}\n`);
    return (0,_app_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .failureOf */ .g5)(outcome, _app_outcome_js__WEBPACK_IMPORTED_MODULE_3__/* .CLI_POLICY */ .wP, r.sla.pass).exitCode;
}
/** Turns any user error (config, baseline, dataset) into a UsageError with its exit code, message only. */
function withUsageErrors(f) {
    try {
        return f();
    }
    catch (e) {
        if (e instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo && !(e instanceof _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UsageError */ .eb(e.message, e.code);
        throw e;
    }
}


/***/ }),

/***/ 79095:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ Progress)
/* harmony export */ });
/* harmony import */ var _report_table_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(68330);

class Progress {
    out;
    tty;
    barShown = false;
    constructor(out, tty = Boolean(out.isTTY)) {
        this.out = out;
        this.tty = tty;
    }
    bar(phase, fraction, inFlight) {
        if (!this.tty)
            return;
        const width = 24;
        const filled = Math.round(fraction * width);
        this.out.write(`\r${phase.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  in flight ${inFlight}   `);
        this.barShown = true;
    }
    line(text) {
        if (this.barShown) {
            this.out.write('\r\x1b[2K');
            this.barShown = false;
        }
        this.out.write(`${text}\n`);
    }
    level(l) {
        const s = l.summary;
        const status = !l.valid ? `INVALID (${l.invalid_reason})` : l.phase === 'saturation' ? (l.saturated ? `SATURATED: ${l.reasons.join('; ')}` : 'ok') : l.phase;
        this.line(`${s.name.padEnd(16)} ${(0,_report_table_js__WEBPACK_IMPORTED_MODULE_0__/* .offeredLabel */ .Qc)(s).padStart(12)}  achieved ${s.achieved_rps.toFixed(2).padStart(7)} req/s  ok ${(s.success_rate * 100).toFixed(1).padStart(5)}%  ` +
            `TTFT p50/p99 ${s.ttft_ms.p50.toFixed(0)}/${s.ttft_ms.p99.toFixed(0)} ms  ITL p99 ${s.itl_ms.p99.toFixed(1)} ms  ${s.output_tokens_per_s.toFixed(0)} tok/s  ${status}`);
    }
}


/***/ }),

/***/ 3033:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ mergeSummaries)
/* harmony export */ });
/* harmony import */ var _util_num_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(21764);
/* harmony import */ var _aggregate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64982);
/* harmony import */ var _histogram_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(22179);



function mergeSummaries(name, parts, mode) {
    if (parts.length === 0)
        throw new Error('mergeSummaries needs at least one summary');
    const first = parts[0];
    const duration = mode === 'sequential' ? sum(parts, (p) => p.duration_s) : Math.max(...parts.map((p) => p.duration_s));
    const d = duration > 0 ? duration : Number.EPSILON;
    const sent = sum(parts, (p) => p.requests.sent);
    const ok = sum(parts, (p) => p.requests.ok);
    const out = sum(parts, (p) => p.output_tokens);
    const inp = sum(parts, (p) => p.input_tokens);
    // Rates add for generators side by side; for levels in turn they combine over each part's
    // effective window (ok / achieved), the same window the accumulator used.
    const window = (p) => (p.achieved_rps > 0 ? p.requests.ok / p.achieved_rps : p.duration_s);
    const rateOf = (f) => mode === 'parallel' ? sum(parts, f) : sum(parts, (p) => f(p) * window(p)) / Math.max(sum(parts, window), Number.EPSILON);
    const requestedWeighted = sum(parts, (p) => p.output_length.requested_mean * p.requests.ok);
    const merged = {};
    for (const m of [..._aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .LATENCY_METRICS */ .Z$, 'request_tokens_per_s']) {
        const h = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .newHistogram */ .HL)();
        for (const p of parts)
            h.add((0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .histogramOf */ .AJ)(p, m));
        merged[m] = h;
    }
    const stats = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(h)]));
    const nonStreamed = sum(parts, (p) => p.requests.non_streamed ?? 0);
    // Distinct prompts add up when every part counted them (exact for prompts unique across parts,
    // an upper bound otherwise: a union cannot be formed from counts).
    const distinct = parts.every((p) => p.requests.distinct_prompts !== undefined) ? sum(parts, (p) => p.requests.distinct_prompts) : undefined;
    const histograms = Object.fromEntries(Object.entries(merged).map(([k, h]) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeHistogram */ .ll)(h)]));
    return {
        ...first,
        ...stats,
        name,
        offered: mode === 'parallel' ? { kind: first.offered.kind, value: sum(parts, (p) => p.offered.value) } : first.offered,
        duration_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(duration, 3),
        requests: {
            scheduled: sum(parts, (p) => p.requests.scheduled),
            sent,
            ok,
            errors: addMaps(parts.map((p) => p.requests.errors)),
            dropped_overflow: sum(parts, (p) => p.requests.dropped_overflow),
            ...(distinct !== undefined ? { distinct_prompts: distinct } : {}),
            ...(nonStreamed ? { non_streamed: nonStreamed } : {}),
        },
        error_messages: mergeMessages(parts),
        success_rate: sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(ok / sent, 6) : 0,
        error_rate: sent ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)((sent - ok) / sent, 6) : 0,
        status_codes: addMaps(parts.map((p) => p.status_codes)),
        sent_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(sent / d, 3),
        achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.achieved_rps), 3),
        input_tokens: inp,
        output_tokens: out,
        tokens_estimated_requests: sum(parts, (p) => p.tokens_estimated_requests),
        output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.output_tokens_per_s), 2),
        total_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.total_tokens_per_s), 2),
        goodput_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((p) => p.goodput_rps), 3),
        models: mergeModels(parts.map((p) => p.models)),
        output_length: { requested_mean: ok ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(requestedWeighted / ok, 2) : 0, actual_mean: ok ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(out / ok, 2) : 0 },
        input_length: mergeInputLength(parts, ok),
        per_model: mergePerModel(parts, mode),
        histograms,
    };
}
/** The first few distinct messages of each kind, parts in order. */
function mergeMessages(parts) {
    const out = {};
    for (const p of parts)
        for (const [k, list] of Object.entries(p.error_messages ?? {}))
            for (const m of list)
                (0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .keepMessage */ .FD)((out[k] ??= []), m);
    return (0,_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .sortedMessages */ .Uf)(out);
}
function sum(xs, f) {
    let s = 0;
    for (const x of xs)
        s += f(x);
    return s;
}
function addMaps(maps) {
    const out = {};
    for (const m of maps)
        for (const [k, v] of Object.entries(m))
            out[k] = (out[k] ?? 0) + v;
    return out;
}
function mergeModels(maps) {
    const out = {};
    for (const m of maps)
        for (const [k, v] of Object.entries(m)) {
            const o = (out[k] ??= { requests: 0, ok: 0, mismatched: 0 });
            o.requests += v.requests;
            o.ok += v.ok;
            o.mismatched += v.mismatched;
        }
    return out;
}
/** Means weighted by each part's successful requests (the population both means are over). */
function mergeInputLength(parts, ok) {
    const w = (f) => {
        let num = 0;
        let den = 0;
        for (const p of parts) {
            if (!p.input_length)
                continue;
            const v = f(p.input_length);
            if (v === 0)
                continue;
            num += v * p.requests.ok;
            den += p.requests.ok;
        }
        return den ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(num / den, 2) : 0;
    };
    return ok ? { requested_mean: w((x) => x.requested_mean), actual_mean: w((x) => x.actual_mean) } : { requested_mean: 0, actual_mean: 0 };
}
/**
 * Per model: counters add, histograms merge, rates combine like the level's (added side by side,
 * window-weighted in turn, each part's window being ok / achieved_rps).
 */
function mergePerModel(parts, mode) {
    const byModel = new Map();
    for (const p of parts)
        for (const [name, m] of Object.entries(p.per_model ?? {})) {
            let list = byModel.get(name);
            if (!list)
                byModel.set(name, (list = []));
            list.push({ m, p });
        }
    const out = {};
    for (const [name, list] of byModel) {
        const requests = sum(list, (x) => x.m.requests);
        const ok = sum(list, (x) => x.m.ok);
        const window = (x) => (x.m.achieved_rps > 0 ? x.m.ok / x.m.achieved_rps : x.p.duration_s);
        const rateOf = (f) => mode === 'parallel' ? sum(list, (x) => f(x.m)) : sum(list, (x) => f(x.m) * window(x)) / Math.max(sum(list, window), Number.EPSILON);
        const hist = Object.fromEntries(_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .PER_MODEL_METRICS */ .Eb.map((k) => {
            const h = (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .newHistogram */ .HL)();
            for (const x of list)
                h.add((0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeHistogram */ .pr)(x.m.histograms[k]));
            return [k, h];
        }));
        out[name] = {
            requests,
            ok,
            mismatched: sum(list, (x) => x.m.mismatched),
            mismatched_as: addMaps(list.map((x) => x.m.mismatched_as)),
            error_rate: requests ? (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)((requests - ok) / requests, 6) : 0,
            achieved_rps: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((m) => m.achieved_rps), 3),
            output_tokens: sum(list, (x) => x.m.output_tokens),
            output_tokens_per_s: (0,_util_num_js__WEBPACK_IMPORTED_MODULE_2__/* .round */ .L)(rateOf((m) => m.output_tokens_per_s), 2),
            ttft_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.ttft_ms),
            itl_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.itl_ms),
            tpot_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.tpot_ms),
            e2e_ms: (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .statsMs */ .OC)(hist.e2e_ms),
            histograms: Object.fromEntries(_aggregate_js__WEBPACK_IMPORTED_MODULE_0__/* .PER_MODEL_METRICS */ .Eb.map((k) => [k, (0,_histogram_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeHistogram */ .ll)(hist[k])])),
        };
    }
    return out;
}


/***/ })

};
