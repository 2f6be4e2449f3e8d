export const id = 750;
export const ids = [750];
export const modules = {

/***/ 56875:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KB: () => (/* binding */ runChaos),
/* harmony export */   xI: () => (/* binding */ checkChaos)
/* harmony export */ });
/* unused harmony export ChaosRefused */
/* harmony import */ var _level_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(18469);
/* harmony import */ var _load_pacer_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(43091);
/* harmony import */ var _target_command_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16672);
/* harmony import */ var _util_clock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(58394);
/* harmony import */ var _util_text_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(28805);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(47237);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99661);
/* harmony import */ var _verdict_sla_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(32011);
/* harmony import */ var _metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(41741);









/** The chaos phase refuses to run: what to change. */
class ChaosRefused extends _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .eb {
}
/** The load to hold: the chaos section's own, else `fallback` (the gate's operating point). */
function chaosLoad(c, fallback) {
    const load = c.load ?? fallback;
    if (!load)
        throw new ChaosRefused('chaos: no load to hold: set chaos.rate (req/s) or chaos.concurrency (users), or run the phase after the gate, which holds its operating point');
    return load;
}
/** The chaos section and the load to hold, or a ChaosRefused saying what to change. */
function checkChaos(config, fallback) {
    const c = config.chaos;
    if (!c)
        throw new ChaosRefused('chaos: the config has no chaos: section (see the README, "Chaos")');
    if (!c.enabled)
        throw new ChaosRefused(`chaos: refusing to inject a fault into ${config.target.url} without chaos.enabled: true in the config (the phase breaks the target on purpose)`);
    return { c, load: chaosLoad(c, fallback) };
}
async function runChaos(config, given, fallback) {
    const { c, load } = checkChaos(config, fallback);
    // The API key and header values never reach the log, whoever called us.
    const key = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
    const secrets = [...(given.secrets ?? []), ...(key ? [key] : []), ...Object.values(config.target.headers)].filter((x) => x.length >= 4);
    const deps = { ...given, secrets };
    const clock = deps.clock ?? _util_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .realClock */ .d;
    const start = clock.now();
    const timeline = new _metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_4__/* .ChaosTimeline */ .Ad(start);
    const preE2e = new _metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_4__/* .LogHistogram */ .LV();
    let injectedAt;
    const stopSending = new AbortController();
    const notes = [];
    const open = new Map();
    let lastSend = -Infinity;
    // Tracks requests still open per send-second, so the monitor knows which seconds are final.
    const sender = {
        send(spec, ctx) {
            const sec = Math.floor((clock.now() - start) / 1000);
            lastSend = Math.max(lastSend, clock.now());
            open.set(sec, (open.get(sec) ?? 0) + 1);
            return deps.sender.send(spec, ctx).finally(() => {
                const n = open.get(sec) - 1;
                if (n === 0)
                    open.delete(sec);
                else
                    open.set(sec, n);
            });
        },
    };
    const stage = (0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_5__/* .stageOf */ .gV)(load.kind, load.value, c.preFaultS + c.maxDurationS + c.actionTimeoutS, config.saturation.arrival, config.saturation.thinkMs);
    deps.log(`chaos: holding ${load.value} ${load.kind === 'rate' ? 'req/s' : 'users'}: ${c.preFaultS} s before the fault, then until recovered (at most ${c.maxDurationS} s)`);
    const pipeline = deps.pipeline ??
        new _level_js__WEBPACK_IMPORTED_MODULE_0__/* .LevelPipeline */ .Jf({ sender: deps.sender, workload: deps.workload, signal: deps.signal, run: config.run, goodput: config.goodput, clock, onRecord: deps.onRecord });
    const level = pipeline.measure({
        name: 'chaos',
        stage,
        sender,
        stopSending: stopSending.signal,
        seed: config.run.seed + 7919,
        onRecord: (r) => {
            if (r.outcome === 'ok' && r.e2eMs !== undefined && (injectedAt === undefined || r.sentAt < injectedAt))
                preE2e.add(r.e2eMs);
            timeline.add(r);
        },
    });
    let levelDone = false;
    void level.then(() => (levelDone = true), () => (levelDone = true));
    const s = (t) => Math.round(((t - start) / 1000) * 1000) / 1000;
    let restoredAt;
    let error;
    let restoreTimer;
    let restoring;
    const restore = () => {
        if (!c.restore || restoring)
            return restoring ?? Promise.resolve();
        restoring = (async () => {
            restoredAt = clock.now();
            deps.log(`chaos: restore (${describeAction(c.restore)}) at ${s(restoredAt)} s`);
            try {
                await runAction(c.restore, 'chaos.restore', c, config, deps);
            }
            catch (e) {
                const msg = e.message;
                notes.push(msg);
                deps.log(msg);
            }
        })();
        return restoring;
    };
    // The pre-fault reference starts once the pipeline is full: after the P90 E2E latency of the
    // pre-fault requests (at least 1 s), when completions arrive at the rate requests are sent.
    const fillS = () => Math.max(1, Math.ceil((preE2e.percentile(90) ?? 0) / 1000));
    try {
        await clock.sleepUntil(start + c.preFaultS * 1000, deps.signal);
        if (!deps.signal.aborted && !levelDone) {
            injectedAt = clock.now();
            deps.log(`chaos: injecting ${describeAction(c.fault)} at ${s(injectedAt)} s under ${load.value} ${load.kind === 'rate' ? 'req/s' : 'users'}`);
            try {
                await runAction(c.fault, 'chaos.fault', c, config, deps);
            }
            catch (e) {
                error = e.message;
                deps.log(error);
                stopSending.abort();
            }
            if (!error && c.restore && c.restoreAfterS !== undefined)
                restoreTimer = clock.setTimer(() => void restore(), Math.max(0, injectedAt + c.restoreAfterS * 1000 - clock.now()));
            // Watch once a second: stop holding the load once recovery is confirmed on final seconds, or at the bound.
            const bound = injectedAt + c.maxDurationS * 1000;
            while (!error && !deps.signal.aborted && !levelDone && clock.now() < bound) {
                await clock.sleepUntil(Math.min(bound, clock.now() + 1000), deps.signal);
                const nowS = Math.floor((clock.now() - start) / 1000);
                const oldestOpen = open.size ? Math.min(...open.keys()) : Infinity;
                const settledS = Math.min(nowS, oldestOpen);
                const f = (0,_metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_4__/* .chaosFigures */ .Ev)({
                    seconds: timeline.seconds(),
                    injectedMs: injectedAt - start,
                    heldS: nowS,
                    fillS: fillS(),
                    tolerance: c.tolerance,
                    recoverySeconds: c.recoverySeconds,
                    settledS,
                });
                if (f?.detected && f.recovered && (!c.restore || c.restoreAfterS === undefined || restoredAt !== undefined))
                    break;
            }
            stopSending.abort();
        }
    }
    finally {
        stopSending.abort();
        restoreTimer?.cancel();
    }
    let run;
    try {
        run = await level;
    }
    finally {
        // Like a teardown: whenever a fault was attempted (even one that failed half-way, or a
        // cancelled run), the restore runs, so the target is not left broken.
        if (injectedAt !== undefined)
            await restore();
    }
    const heldS = Number.isFinite(lastSend) ? Math.floor((lastSend - start) / 1000) : 0;
    const seconds = timeline.seconds();
    const figures = injectedAt === undefined || error
        ? null
        : (0,_metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_4__/* .chaosFigures */ .Ev)({ seconds, injectedMs: injectedAt - start, heldS, fillS: fillS(), tolerance: c.tolerance, recoverySeconds: c.recoverySeconds });
    if (!run.check.valid)
        notes.push(`the held level is invalid (${run.check.invalid_reason}): the timeline may measure the load generator, not the endpoint`);
    const drainExpired = run.run?.drainExpired ?? 0;
    if (drainExpired > 0)
        notes.push(`${drainExpired} request(s) still open after the ${config.run.drainS} s drain: cut and counted as incomplete (lost)`);
    if (figures && figures.pre_fault.to_s - figures.pre_fault.from_s < 3)
        notes.push(`the pre-fault window has only ${figures.pre_fault.to_s - figures.pre_fault.from_s} whole second(s) after the fill: raise chaos.pre_fault for a steadier reference`);
    if (figures && !figures.detected)
        notes.push('no second departed from the pre-fault window beyond its noise: the fault had no visible effect on this load');
    if (figures) {
        const f = figures;
        deps.log(`chaos: ${f.detected ? `detected after ${f.detect_s} s (${f.detected_by.join(', ')})` : 'no visible effect'}; ${f.recovered ? `recovered after ${f.recovery_s} s` : `not recovered within ${c.maxDurationS} s`}; ${f.error_burst.count} failed, ${f.lost_requests} lost`);
    }
    const checks = figures && !deps.signal.aborted ? (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_6__/* .evaluateChaosSla */ .u0)(config.chaosSla ?? {}, figures, c.maxDurationS) : [];
    const status = error ? 'fault_failed' : deps.signal.aborted ? 'cancelled' : 'complete';
    return {
        kind: 'chaos',
        status,
        ...(error ? { error } : {}),
        load,
        fault: describeAction(c.fault),
        injected_at_s: injectedAt === undefined ? null : s(injectedAt),
        ...(restoredAt !== undefined ? { restored_at_s: s(restoredAt) } : {}),
        timeline: seconds,
        figures,
        sla: { checks, pass: checks.length ? (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_6__/* .slaPasses */ .cL)(checks) : null },
        summary: run.summary,
        notes,
    };
}
/** A fault or restore as shown in logs and reports: no headers, no URL query, no body. */
function describeAction(a) {
    if (a.command)
        return `command ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_7__/* .truncate */ .x)(a.command.join(' '), 120)}`;
    if (a.http) {
        try {
            const u = new URL(a.http.url);
            return `${a.http.method} ${u.origin}${u.pathname}`;
        }
        catch {
            return `${a.http.method} ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_7__/* .truncate */ .x)(a.http.url.split(/[?#]/)[0], 120)}`;
        }
    }
    return `simulator faults ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_7__/* .truncate */ .x)(JSON.stringify(a.sim), 160)}`;
}
/** Runs one fault/restore action; throws an Error whose message says what failed and how to fix it. */
async function runAction(a, where, c, config, deps) {
    const timeoutMs = c.actionTimeoutS * 1000;
    if (a.command) {
        const tail = [];
        let res;
        try {
            res = await (0,_target_command_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d1)(a.command, {
                timeoutMs,
                graceMs: 2000,
                unsetEnv: config.target.apiKeyEnv ? [config.target.apiKeyEnv] : [],
                secrets: deps.secrets,
                onLine: (l) => {
                    deps.log(`  ${where}: ${l}`);
                    tail.push(l);
                    if (tail.length > 5)
                        tail.shift();
                },
            });
        }
        catch (e) {
            throw new Error(`${where}: ${e.message}`);
        }
        const out = tail.length ? ` Last output: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_7__/* .truncate */ .x)(tail.join(' | '), 300)}` : '';
        if (res.timedOut)
            throw new Error(`${where}.command did not finish within ${c.actionTimeoutS} s (chaos.action_timeout): its process group was killed.${out} Make the command return once the fault is in place (start long-running faults in the background), or raise chaos.action_timeout.`);
        if (res.code !== 0)
            throw new Error(`${where}.command exited with ${res.code === null ? `signal ${res.signal}` : `code ${res.code}`}.${out} Check that it works when run by hand from the same directory.`);
        return;
    }
    if (a.sim) {
        if (deps.simFaults) {
            try {
                deps.simFaults(a.sim);
            }
            catch (e) {
                throw new Error(`${where}.sim: ${e.message}`);
            }
            return;
        }
        return httpAction({ method: 'POST', url: `${(0,_util_url_js__WEBPACK_IMPORTED_MODULE_8__/* .serverRoot */ .C)(config.target.url)}/admin/faults`, body: JSON.stringify(a.sim), headers: { 'content-type': 'application/json' } }, `${where}.sim`, timeoutMs);
    }
    return httpAction(a.http, `${where}.http`, timeoutMs);
}
async function httpAction(h, where, timeoutMs) {
    const shown = describeAction({ http: h });
    let res;
    try {
        res = await fetch(h.url, { method: h.method, headers: h.headers, body: h.body, signal: AbortSignal.timeout(timeoutMs) });
    }
    catch (e) {
        const err = e;
        const why = err.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s (chaos.action_timeout)`
            : `${err.message}${err.cause?.message ? ` (${err.cause.message})` : ''}`;
        throw new Error(`${where}: ${shown} failed: ${why}. Check the URL and that the service is reachable from here.`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
        throw new Error(`${where}: ${shown} answered HTTP ${res.status}: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_7__/* .truncate */ .x)(text.replace(/\s+/g, ' '), 200)}`);
}


/***/ }),

/***/ 1750:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $V: () => (/* binding */ clientFor),
  l5: () => (/* binding */ executeAb),
  XQ: () => (/* binding */ executeGate),
  We: () => (/* binding */ gateReport),
  u9: () => (/* binding */ saltedConfig),
  ri: () => (/* binding */ serverObserverFor),
  He: () => (/* binding */ workloadFor)
});

// UNUSED EXPORTS: serverSourcesFor

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/client/openai.js + 3 modules
var openai = __webpack_require__(50937);
// EXTERNAL MODULE: ./lib/workload/index.js
var lib_workload = __webpack_require__(34057);
// EXTERNAL MODULE: ./lib/app/gate.js
var gate = __webpack_require__(94680);
// EXTERNAL MODULE: ./lib/app/results.js
var results = __webpack_require__(81293);
// EXTERNAL MODULE: ./lib/results/types.js
var types = __webpack_require__(61727);
// EXTERNAL MODULE: ./lib/report/gate-markdown.js
var gate_markdown = __webpack_require__(8741);
// EXTERNAL MODULE: ./lib/results/files.js
var files = __webpack_require__(96781);
// EXTERNAL MODULE: ./lib/servermetrics/index.js + 5 modules
var servermetrics = __webpack_require__(17925);
// EXTERNAL MODULE: ./lib/load/pacer.js
var pacer = __webpack_require__(43091);
// EXTERNAL MODULE: ./lib/app/level.js
var app_level = __webpack_require__(18469);
// EXTERNAL MODULE: ./lib/app/saturation.js
var saturation = __webpack_require__(29275);
// EXTERNAL MODULE: ./lib/verdict/compare.js
var compare = __webpack_require__(68674);
// EXTERNAL MODULE: ./lib/baseline/baseline.js + 1 modules
var baseline = __webpack_require__(12009);
;// CONCATENATED MODULE: ./lib/app/ab.js





/** Which side goes first at level i: A B, B A, A B, … (ABBA order cancels linear drift). */
function orderAt(i) {
    return i % 2 === 0 ? [0, 1] : [1, 0];
}
async function runAb(config, sides, deps) {
    const s = config.saturation;
    const results = [emptySide(sides[0].label), emptySide(sides[1].label)];
    const seqs = [{ next: 0 }, { next: 0 }];
    /** Both sides start the next level at the same sequence number, past all either has used. */
    const align = () => {
        seqs[0].next = seqs[1].next = Math.max(seqs[0].next, seqs[1].next);
    };
    // One pipeline per side (its sender, workload, server windows and sequence), both counting load-minutes.
    const pipelines = sides.map((side, i) => new app_level/* LevelPipeline */.Jf({
        sender: side.sender,
        workload: side.workload,
        signal: deps.signal,
        run: config.run,
        goodput: config.goodput,
        server: side.server,
        clock: deps.clock,
        seq: seqs[i],
    }));
    const run = (side, name, stage) => pipelines[sides.indexOf(side)].measure({ name, stage, seed: config.run.seed });
    align();
    for (const [i, side] of sides.entries()) {
        if (deps.signal.aborted)
            break;
        deps.log(`${side.label}: baseline`);
        results[i].baseline = (await run(side, `${side.label}-baseline`, (0,pacer/* stageOf */.gV)(config.baseline.load, config.baseline.value, config.baseline.durationS, config.saturation.arrival))).summary;
    }
    const done = [false, false];
    for (const [li, value] of s.levels.entries()) {
        align();
        for (const k of orderAt(li)) {
            if (deps.signal.aborted || done[k])
                continue;
            const side = sides[k];
            // Sized like the gate's steps levels: level_duration at least, then until min_requests samples.
            const maxS = Math.max(s.maxLevelDurationS, s.levelDurationS);
            const m = await run(side, `${side.label}-${value}`, {
                ...(0,pacer/* stageOf */.gV)(s.load, value, maxS, s.arrival, s.thinkMs),
                sizing: { minS: s.levelDurationS, minCompletions: s.minRequests },
            });
            const level = (0,app_level/* toLevel */.e3)('saturation', m, config, (0,saturation/* baselineTtftReference */.NS)(results[k].baseline)?.value);
            results[k].levels.push(level);
            deps.onLevel?.(side.label, level);
            if (level.valid && level.saturated) {
                results[k].breakpoint ??= value;
                if (s.stopAtFirstSaturated)
                    done[k] = true;
            }
            else if (level.valid && results[k].breakpoint === null) {
                results[k].capacity = value;
                results[k].capacity_rps = m.summary.achieved_rps;
            }
        }
        if (done[0] && done[1])
            break;
    }
    const metrics = (0,compare/* compareMetrics */.fz)(measuredOf(config, results[0]), measuredOf(config, results[1]), config.tolerances).map((m) => m.metric === 'saturation_rps' ? withLevelEvidence(m, results, config.tolerances.saturation_rps, s.load) : m);
    const verdict = (0,compare/* overall */.Me)(metrics, true);
    return {
        schema_version: 1,
        kind: 'ab',
        name: config.name,
        status: deps.signal.aborted ? 'cancelled' : 'complete',
        load: s.load,
        sides: results,
        headline: abHeadline(results, s.load, config),
        verdict,
        metrics,
        sentence: (0,compare/* verdictSentence */.BT)(metrics, verdict, true),
        load_minutes: Math.round((pipelines[0].loadMinutes + pipelines[1].loadMinutes) * 1000) / 1000,
    };
}
/**
 * The interleaved levels are direct evidence, sharper than either side's spread: when B broke at a
 * level A held, B's capacity is below A's by at least 1 − (B's breakpoint ÷ A's capacity); when B
 * held a level A broke at, it is above by at least (B's capacity ÷ A's breakpoint) − 1. A bound
 * past the tolerance decides the saturation verdict; otherwise the spreads do, as for a baseline.
 */
function withLevelEvidence(m, sides, tolerance, load) {
    const [a, b] = sides;
    const unit = load === 'concurrency' ? 'users' : 'req/s';
    if (b.breakpoint !== null && a.capacity !== null && b.breakpoint <= a.capacity) {
        const drop = 1 - b.breakpoint / a.capacity;
        if (drop > tolerance)
            return { ...m, status: 'regression', remeasured: `${b.label} broke at ${b.breakpoint} ${unit}, which ${a.label} held: at least ${(drop * 100).toFixed(0)} % lower` };
    }
    if (a.breakpoint !== null && b.capacity !== null && b.capacity >= a.breakpoint) {
        const gain = b.capacity / a.breakpoint - 1;
        if (gain > tolerance)
            return {
                ...m,
                status: 'improvement',
                remeasured: `${b.label} held ${b.capacity} ${unit}, where ${a.label} broke at ${a.breakpoint}: at least ${(gain * 100).toFixed(0)} % higher`,
            };
    }
    return m;
}
/** The side's figures in baseline form, so the ordinary verdict rules apply to B against A. */
function measuredOf(config, side) {
    const pseudo = {
        saturation: {
            rps: config.saturation.load === 'rate' ? side.capacity : side.capacity_rps,
            bracket: [side.capacity, side.breakpoint],
            levels: side.levels,
            load: config.saturation.load,
        },
        cost: config.cost ? { at_saturation: side.levels.filter((l) => l.valid && !l.saturated).at(-1)?.cost } : null,
    };
    return (0,baseline/* measure */.xP)(pseudo);
}
/** "B sustains 40 % more concurrent sessions than A at TTFT p95 ≤ 400 ms (56 vs 40)." */
function abHeadline(sides, load, config) {
    const [a, b] = sides;
    const unit = load === 'concurrency' ? 'concurrent sessions' : 'req/s';
    const at = config.sla.length
        ? ` at ${config.sla.map((r) => (r.kind === 'latency' ? `${r.metric.replace('_ms', '').toUpperCase()} ${r.stat} ≤ ${r.max} ms` : r.kind === 'error_rate' ? `error rate ≤ ${Number((r.max * 100).toFixed(6))} %` : `goodput ≥ ${Number((r.min * 100).toFixed(6))} %`)).join(', ')}`
        : '';
    if (a.capacity === null && b.capacity === null)
        return `Neither ${a.label} nor ${b.label} held the lowest level${at}.`;
    if (a.capacity === null)
        return `${b.label} sustains ${b.capacity} ${unit}${at}; ${a.label} did not hold even the lowest level.`;
    if (b.capacity === null)
        return `${a.label} sustains ${a.capacity} ${unit}${at}; ${b.label} did not hold even the lowest level.`;
    const diff = ((b.capacity - a.capacity) / a.capacity) * 100;
    const open = (x) => (x.breakpoint === null ? ' (no breakpoint within the levels tried: at least)' : '');
    if (Math.abs(diff) < 0.5)
        return `${b.label} and ${a.label} both sustain ${a.capacity} ${unit}${at}.`;
    const [hi, lo] = diff > 0 ? [b, a] : [a, b];
    const more = ((hi.capacity - lo.capacity) / lo.capacity) * 100;
    return `${hi.label} sustains ${more.toFixed(0)} % more ${unit} than ${lo.label}${at} (${hi.capacity} vs ${lo.capacity}${open(lo) ? `; ${lo.label}${open(lo)}` : ''}${open(hi) ? `; ${hi.label}${open(hi)}` : ''}).`;
}
function emptySide(label) {
    return { label, levels: [], capacity: null, capacity_rps: null, breakpoint: null };
}

// EXTERNAL MODULE: ./node_modules/markdown-table/index.js
var markdown_table = __webpack_require__(735);
// EXTERNAL MODULE: ./lib/report/compare-markdown.js
var compare_markdown = __webpack_require__(2463);
// EXTERNAL MODULE: ./lib/report/table.js
var table = __webpack_require__(68330);
;// CONCATENATED MODULE: ./lib/report/ab-markdown.js
/**
 * The A/B report: the headline sentence, then one row per level with both sides side by side and
 * each side's breakpoint marked, then the verdict of B against A. Pure strings.
 */



/** The latency the table shows: the first latency SLA rule's metric and percentile, else TTFT p95. */
function shownLatency(rules) {
    const r = rules.find((x) => x.kind === 'latency');
    if (r && r.kind === 'latency')
        return { metric: r.metric, stat: r.stat, label: `${r.metric.replace('_ms', '').toUpperCase()} ${r.stat}` };
    return { metric: 'ttft_ms', stat: 'p95', label: 'TTFT p95' };
}
function cell(level, side, value, show) {
    if (!level)
        return '—';
    const s = level.summary;
    const v = `${s[show.metric][show.stat].toFixed(0)} ms`;
    const mark = !level.valid ? ' (invalid)' : level.saturated ? ' ✗' : ' ✓';
    const bp = side.breakpoint === value ? ' ◀ breaks' : side.capacity === value ? ' ◀ capacity' : '';
    return `${v}${mark}${bp}`;
}
function abMarkdown(r, rules, kvHitRate) {
    const show = shownLatency(rules);
    const [a, b] = r.sides;
    const values = [...new Set([...a.levels, ...b.levels].map((l) => l.summary.offered.value))].sort((x, y) => x - y);
    const find = (side, v) => side.levels.find((l) => l.summary.offered.value === v);
    const head = [
        r.load === 'concurrency' ? 'concurrency' : 'req/s',
        `${(0,table/* escapeMd */.Xk)(a.label)} ${show.label}`,
        `${(0,table/* escapeMd */.Xk)(b.label)} ${show.label}`,
        `${(0,table/* escapeMd */.Xk)(a.label)} ok %`,
        `${(0,table/* escapeMd */.Xk)(b.label)} ok %`,
    ];
    if (kvHitRate)
        head.push(`${(0,table/* escapeMd */.Xk)(a.label)} KV hit`, `${(0,table/* escapeMd */.Xk)(b.label)} KV hit`);
    const rows = values.map((v) => {
        const la = find(a, v);
        const lb = find(b, v);
        const row = [
            String(v),
            cell(la, a, v, show),
            cell(lb, b, v, show),
            la ? (la.summary.success_rate * 100).toFixed(1) : '—',
            lb ? (lb.summary.success_rate * 100).toFixed(1) : '—',
        ];
        if (kvHitRate) {
            const pct = (x) => (x === undefined ? '—' : `${(x * 100).toFixed(0)} %`);
            row.push(pct(la && kvHitRate(0, la.summary.name)), pct(lb && kvHitRate(1, lb.summary.name)));
        }
        return row;
    });
    return [
        `## llm-loadgate A/B · ${(0,table/* escapeMd */.Xk)(r.name)}`,
        '',
        `**${(0,table/* escapeMd */.Xk)(r.headline, 400)}**`,
        '',
        'Levels ran interleaved (A B, B A, …) so drift hits both sides alike. ✓ holds, ✗ breaks (the reasons are in results.json).',
        '',
        (0,markdown_table/* markdownTable */.Q)([head, ...rows]),
        '',
        `### ${(0,table/* escapeMd */.Xk)(b.label)} judged against ${(0,table/* escapeMd */.Xk)(a.label)}: ${r.verdict}`,
        '',
        (0,table/* escapeMd */.Xk)(r.sentence, 400),
        '',
        (0,compare_markdown/* metricsTable */.sQ)(r.metrics),
        '',
        `<sub>${r.load_minutes.toFixed(2)} load-minutes${r.status === 'cancelled' ? ' · cancelled: partial results' : ''}</sub>`,
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(99661);
// EXTERNAL MODULE: ./lib/util/url.js
var url = __webpack_require__(47237);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./lib/report/html.js + 1 modules
var html = __webpack_require__(54919);
;// CONCATENATED MODULE: ./lib/app/execute.js
/**
 * Wiring for one gate run against config.target: builds the client and workload from the config,
 * runs the pipeline, writes the run directory (also when cancelled or the endpoint is down).
 */
















function clientFor(config) {
    const apiKey = config.target.apiKeyEnv ? process.env[config.target.apiKeyEnv] : undefined;
    return new openai/* OpenAIClient */.gP({
        baseUrl: config.target.url,
        endpoint: config.target.endpoint,
        stream: config.target.stream,
        apiKey,
        headers: config.target.headers,
        timeouts: config.target.timeouts,
    });
}
/**
 * A fresh workload (its own session state) for the config; prepareWorkload must have run once.
 * Its prompts are keyed by config.workload.salt (fix it once per run with saltedConfig; without
 * one, each call draws its own). `variant` keeps this workload's prompts apart from others of the
 * same run and salt (each A/B side, a re-measurement) while lengths, classes and order stay the same.
 */
function workloadFor(config, variant) {
    return (0,lib_workload/* workloadFromConfig */.US)(config.workload, { model: config.target.model, seed: config.run.seed, variant });
}
/** The config with the run's salt fixed (the user's workload.salt, or a fresh random one), to record and reuse. */
function saltedConfig(config) {
    return { ...config, workload: (0,lib_workload/* withSalt */.pi)(config.workload) };
}
/** The gate report with its "Prompt cache" section (distinct prompts, engine vs expected prefix hits). */
function gateReport(config, result) {
    return `${(0,gate_markdown/* gateMarkdown */.bo)(result)}\n${(0,lib_workload/* cacheMarkdown */.oP)((0,lib_workload/* workloadRecord */.rN)(config.workload, config.run.seed), (0,types/* allLevels */.p)(result))}`;
}
/** The Prometheus sources to scrape for a config: its own list, plus the target's /metrics when asked. */
function serverSourcesFor(config) {
    const own = config.serverMetrics.sources.map((s) => ({ ...s, query: s.query }));
    if (!config.serverMetrics.fromTarget)
        return own;
    // The engine's own /metrics lives at the server root, beside /v1.
    return [{ url: `${(0,url/* serverRoot */.C)(config.target.url)}/metrics`, kind: 'metrics' }, ...own];
}
/** Starts scraping when the config asks for server metrics. */
function serverObserverFor(config) {
    const sources = serverSourcesFor(config);
    return sources.length ? (0,servermetrics/* startServerObserver */.WN)(sources, { intervalMs: config.serverMetrics.intervalMs, headers: config.target.headers }) : undefined;
}
async function executeGate(unsalted, signal, observer) {
    const config = saltedConfig(unsalted);
    const startedAt = new Date();
    const dir = (0,files/* newRunDir */.Lh)(config.run.out, (0,files/* timestampDirName */.VY)(startedAt));
    const client = clientFor(config);
    await (0,lib_workload/* prepareWorkload */.V)(config.workload);
    const workload = workloadFor(config);
    const server = serverObserverFor(config);
    const sink = config.run.requestsLog ? new files/* JsonlSink */.S7((0,external_node_path_.join)(dir, 'requests.jsonl')) : undefined;
    observer.line(`workload: ${(0,lib_workload/* describeWorkload */.HV)(config.workload)}${config.workload.prompt === undefined ? ` · salt ${config.workload.salt}` : ''}`);
    try {
        const result = await (0,gate/* runGate */.Rg)(config, {
            sender: client,
            workload,
            signal,
            log: (l) => observer.line(l),
            onLevel: (l) => observer.level(l),
            onProgress: (phase, f, n) => observer.bar(phase, f, n),
            onRecord: sink ? (r) => sink.write(r) : undefined,
            server,
        });
        const markdown = gateReport(config, result);
        const written = (0,results/* writeGateRun */.o)(dir, config, result, markdown, startedAt);
        for (const n of (await (0,html/* writeVisualReport */.ge)(dir, { kind: 'gate', result }, { charts: (0,html/* chartsWanted */.n4)() })).notes)
            observer.line(n);
        return { result, markdown, written };
    }
    finally {
        await server?.stop();
        await sink?.close();
        await client.close();
    }
}
/**
 * Runs A/B between two URLs with one config; each side gets its own client and workload state.
 * Both sides use the run's one salt and seed, so they send the same lengths, classes and order
 * (level by level, see runAb); each side's prompts carry its own tag (variant), so neither side is
 * sent a prompt the other has already served, even when both share one engine or cache.
 */
async function executeAb(unsalted, targets, signal, progress) {
    if (unsalted.saturation.levels.length === 0)
        throw new errors/* ConfigError */.xL('ab', ['saturation.levels is required for an A/B run: the levels both sides run, e.g. levels: [8, 16, 24, 32]']);
    const config = saltedConfig(unsalted);
    const sideConfig = (t) => ({ ...config, target: { ...config.target, url: t.url } });
    await (0,lib_workload/* prepareWorkload */.V)(config.workload);
    const clients = targets.map((t) => clientFor(sideConfig(t)));
    const servers = targets.map((t) => serverObserverFor(sideConfig(t)));
    try {
        const result = await runAb(config, [
            { label: targets[0].label, sender: clients[0], workload: workloadFor(sideConfig(targets[0]), 'ab-a'), server: servers[0] },
            { label: targets[1].label, sender: clients[1], workload: workloadFor(sideConfig(targets[1]), 'ab-b'), server: servers[1] },
        ], { signal, log: (l) => progress.line(l), onLevel: (_side, l) => progress.level(l) });
        const hit = (side, level) => result.sides[side].levels.find((l) => l.summary.name === level)?.server?.prefix_cache_hit_rate;
        const rec = (0,lib_workload/* workloadRecord */.rN)(config.workload, config.run.seed);
        const abLevels = result.sides.flatMap((side) => [...(side.baseline ? [{ summary: side.baseline }] : []), ...side.levels]);
        const markdown = `${abMarkdown(result, config.sla, servers.some(Boolean) ? hit : undefined)}\n${(0,lib_workload/* cacheMarkdown */.oP)(rec, abLevels)}`;
        const dir = (0,files/* newRunDir */.Lh)(config.run.out, `ab-${(0,files/* timestampDirName */.VY)()}`);
        (0,files/* writeJson */.GF)((0,external_node_path_.join)(dir, 'results.json'), { ...JSON.parse(JSON.stringify(result, (k, v) => (k === 'histograms' ? undefined : v))), workload: rec });
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'report.md'), markdown);
        for (const n of (await (0,html/* writeVisualReport */.ge)(dir, { kind: 'ab', result }, { charts: (0,html/* chartsWanted */.n4)() })).notes)
            progress.line(n);
        return { result, dir, markdown };
    }
    finally {
        await Promise.all([...clients.map((c) => c.close()), ...servers.map((s) => s?.stop())]);
    }
}


/***/ }),

/***/ 57327:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ workloadHash),
/* harmony export */   q: () => (/* binding */ publicConfig)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _workload_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(34057);
/* harmony import */ var _util_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68884);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(47237);
/**
 * What makes two runs comparable: the same model, workload and SLA rules. The workload hash covers
 * everything that shapes the requests, so a changed prompt or max_tokens is never silently compared.
 */




function workloadHash(c) {
    const w = { endpoint: c.target.endpoint, stream: c.target.stream, model: c.target.model, workload: (0,_workload_index_js__WEBPACK_IMPORTED_MODULE_1__/* .workloadFingerprint */ .kv)(c.workload) };
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update((0,_util_json_js__WEBPACK_IMPORTED_MODULE_2__/* .stableJson */ ._)(w));
    // A dataset is compared by content, not by path: an edited file is a different workload.
    if (c.workload.dataset)
        h.update((0,_workload_index_js__WEBPACK_IMPORTED_MODULE_1__/* .datasetDigest */ .Vx)(c.workload.dataset.path));
    return h.digest('hex').slice(0, 16);
}
/** The configuration as it may be stored: header values, key material and credentials in URLs never leave the process. */
function publicConfig(c) {
    return {
        ...c,
        target: { ...c.target, url: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_3__/* .redactUrl */ .B)(c.target.url), headers: Object.fromEntries(Object.keys(c.target.headers).map((k) => [k, '<redacted>'])) },
        serverMetrics: { ...c.serverMetrics, sources: c.serverMetrics.sources.map((s) => ({ ...s, url: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_3__/* .redactUrl */ .B)(s.url) })) },
    };
}


/***/ }),

/***/ 94680:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ emptyResult),
/* harmony export */   O9: () => (/* binding */ finish),
/* harmony export */   Rg: () => (/* binding */ runGate),
/* harmony export */   ax: () => (/* binding */ fingerprintOf)
/* harmony export */ });
/* unused harmony exports levelSize, probeSeconds */
/* harmony import */ var _load_pacer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(43091);
/* harmony import */ var _servermetrics_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17925);
/* harmony import */ var _level_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(18469);
/* harmony import */ var _verdict_sla_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(32011);
/* harmony import */ var _saturation_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(29275);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(13411);
/* harmony import */ var _baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12009);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57327);
/* harmony import */ var _util_clock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(58394);
/* harmony import */ var _util_url_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(47237);
/* harmony import */ var _chaos_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(56875);











/** Raised when warmup shows the endpoint cannot serve at all; the message says what came back. */
class EndpointDownError extends Error {
}
async function runGate(config, deps) {
    const r = emptyResult(config);
    // Every level of the run goes through this one pipeline (app/level.ts): the phases below only say what to run.
    const pipeline = new _level_js__WEBPACK_IMPORTED_MODULE_1__/* .LevelPipeline */ .Jf({
        sender: deps.sender,
        workload: deps.workload,
        signal: deps.signal,
        run: config.run,
        goodput: config.goodput,
        server: deps.server,
        clock: deps.clock,
        onRecord: deps.onRecord,
        onProgress: deps.onProgress,
    });
    const run = (name, stage, step) => pipeline.measure({ name, stage, seed: config.run.seed + pipeline.seq.next, ...step });
    const done = () => finish(r, deps, pipeline.loadMinutes);
    try {
        await warmup(config, deps, r, run);
    }
    catch (e) {
        if (!(e instanceof EndpointDownError))
            throw e;
        r.status = 'endpoint_down';
        r.error = e.message;
        return done();
    }
    if (deps.signal.aborted)
        return done();
    const base = await run('baseline', (0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_6__/* .stageOf */ .gV)(config.baseline.load, config.baseline.value, config.baseline.durationS, config.saturation.arrival));
    r.baseline = (0,_level_js__WEBPACK_IMPORTED_MODULE_1__/* .toLevel */ .e3)('baseline', base, config, undefined);
    deps.onLevel?.(r.baseline);
    if (deps.signal.aborted)
        return done();
    // Not the raw P99 of a short baseline: one cold request would set the threshold.
    const baseP99 = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_7__/* .baselineTtftReference */ .NS)(r.baseline.summary)?.value ?? 0;
    await saturation(config, deps, r, run, baseP99);
    if (deps.signal.aborted || (!config.slaValidation.enabled && !config.chaos))
        return done();
    // The chaos phase holds the operating point too, also when it is not validated (capacity-at-sla).
    const op = operatingPoint(config, r);
    if (op && config.slaValidation.enabled) {
        const m = await run('operating-point', (0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_6__/* .stageOf */ .gV)(op.load, op.value, config.slaValidation.durationS, config.saturation.arrival, config.saturation.thinkMs));
        const level = (0,_level_js__WEBPACK_IMPORTED_MODULE_1__/* .toLevel */ .e3)('operating_point', m, config, baseP99);
        r.operating_point = { load: op.load, value: op.value, rps: m.summary.achieved_rps, level };
        const checks = (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_8__/* .evaluateSla */ .Qx)(config.sla, m.summary);
        r.sla = { checks, pass: (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_8__/* .slaPasses */ .cL)(checks) };
        deps.onLevel?.(level);
    }
    if (config.chaos && !deps.signal.aborted)
        await chaosPhase(config, deps, r, op, pipeline);
    return done();
}
/** The chaos phase at the operating point (app/chaos.ts); its rules join the SLA checks, a fault that could not be injected fails them. */
async function chaosPhase(config, deps, r, op, pipeline) {
    if (!config.chaos.enabled)
        return deps.log('chaos: configured but not run: set chaos.enabled: true to inject the fault');
    const load = config.chaos.load ?? (op ? { kind: op.load, value: op.value } : undefined);
    if (!load)
        return deps.log('chaos: skipped: no operating point was found and chaos.rate / chaos.concurrency is not set');
    const c = await (0,_chaos_js__WEBPACK_IMPORTED_MODULE_5__/* .runChaos */ .KB)(config, { sender: deps.sender, workload: deps.workload, signal: deps.signal, log: deps.log, clock: deps.clock, simFaults: deps.simFaults, pipeline }, load);
    r.chaos = c;
    const failed = c.status === 'fault_failed' ? [{ rule: 'chaos_fault_injected', actual: 0, limit: 1, bound: 'min', pass: false }] : [];
    const checks = [...r.sla.checks, ...c.sla.checks, ...failed];
    if (checks.length > r.sla.checks.length)
        r.sla = { checks, pass: (0,_verdict_sla_js__WEBPACK_IMPORTED_MODULE_8__/* .slaPasses */ .cL)(checks) };
}
async function warmup(config, deps, r, run) {
    if (config.warmup.requests <= 0)
        return;
    // Closed loop, bounded by count and by the warmup timeout.
    const users = Math.min(config.warmup.concurrency, config.warmup.requests);
    // The first failure's own words (status and server message), so a dead endpoint says why.
    let firstError;
    const onRecord = (rec) => {
        if (rec.outcome !== 'ok' && rec.outcome !== 'cancelled' && firstError === undefined)
            firstError = `${rec.outcome}: ${rec.error ?? 'no detail'}`;
    };
    const start = (deps.clock ?? _util_clock_js__WEBPACK_IMPORTED_MODULE_4__/* .realClock */ .d).now();
    const { summary } = await run('warmup', { kind: 'concurrency', users, thinkMs: 0, durationS: config.warmup.timeoutS, maxRequests: config.warmup.requests }, { onRecord, counted: false });
    r.warmup = {
        requests: summary.requests.sent,
        ok: summary.requests.ok,
        errors: summary.requests.errors,
        ...(firstError !== undefined ? { first_error: firstError } : {}),
        ttft_p50_ms: summary.ttft_ms.p50,
    };
    if (summary.requests.sent > 0 && summary.requests.ok === 0 && !deps.signal.aborted) {
        const kinds = Object.entries(summary.requests.errors)
            .map(([k, n]) => `${k} ×${n}`)
            .join(', ');
        throw new EndpointDownError(`warmup: none of ${summary.requests.sent} requests to ${(0,_util_url_js__WEBPACK_IMPORTED_MODULE_9__/* .redactUrl */ .B)(config.target.url)} (model ${config.target.model}) succeeded (${kinds}; first: ${firstError ?? 'none recorded'}). ` +
            'Check that the endpoint is up, the URL and model name are right, and the API key (if any) is valid; the run stops here.');
    }
    await settle(config, deps, r, run, summary, start);
}
/** Extra warmup requests at most, while waiting for latency to settle. */
function settleBudget(requests) {
    return Math.max(8, 2 * requests);
}
/**
 * Warm until latency settles (bounded): a cold engine (first requests of a new length, lazy
 * kernels, an empty cache) answers its first requests slowly, and such a request in the baseline
 * would set the saturation threshold. After the first warmup round, rounds of `concurrency`
 * requests run until one round's slowest TTFT is within 1.5 × the previous round's median (plus the
 * criteria's ttft_min_increase_ms noise floor),
 * at most settleBudget(requests) extra requests and within the warmup timeout.
 */
async function settle(config, deps, r, run, first, start) {
    const clock = deps.clock ?? _util_clock_js__WEBPACK_IMPORTED_MODULE_4__/* .realClock */ .d;
    const users = Math.max(1, Math.min(config.warmup.concurrency, config.warmup.requests));
    const budget = settleBudget(config.warmup.requests);
    let prev = first;
    let used = 0;
    let rounds = 0;
    let settled = false;
    while (!deps.signal.aborted && prev.ttft_ms.count > 0) {
        const left = config.warmup.timeoutS - (clock.now() - start) / 1000;
        if (used + users > budget || left <= 0)
            break;
        const { summary } = await run('warmup', { kind: 'concurrency', users, thinkMs: 0, durationS: left, maxRequests: users }, { counted: false });
        used += summary.requests.sent;
        rounds++;
        if (summary.ttft_ms.count === 0)
            break;
        if (summary.ttft_ms.max <= 1.5 * prev.ttft_ms.p50 + config.saturation.criteria.ttftMinIncreaseMs) {
            settled = true;
            r.warmup.ttft_p50_ms = summary.ttft_ms.p50;
            break;
        }
        prev = summary;
    }
    if (rounds > 0)
        r.warmup.settling = { requests: used, rounds, settled };
}
async function saturation(config, deps, r, run, baseP99) {
    const s = { ...config.saturation, start: searchStart(config, r.baseline?.summary) };
    const size = levelSize(config, r.baseline?.summary);
    let bracket = {};
    const queue = s.strategy === 'steps' ? [...s.levels] : [];
    // A search level too thin to decide (fewer than min_requests samples at its upper bound) says
    // nothing about the endpoint, and running it again would say nothing either: below any
    // saturated level the search moves up (a higher load gathers samples faster); otherwise it stops.
    let skipTo;
    for (let i = 0; i < (s.strategy === 'steps' ? s.levels.length : s.maxLevels); i++) {
        if (deps.signal.aborted)
            return;
        const value = s.strategy === 'steps' ? queue.shift() : (skipTo ?? (0,_saturation_js__WEBPACK_IMPORTED_MODULE_7__/* .nextSearchLevel */ .k2)(bracket, s));
        skipTo = undefined;
        if (value === undefined)
            break;
        const stage = { ...(0,_load_pacer_js__WEBPACK_IMPORTED_MODULE_6__/* .stageOf */ .gV)(s.load, value, size.maxS, s.arrival, s.thinkMs), sizing: { minS: size.minS, minCompletions: s.minRequests } };
        const m = await run(`sat-${i + 1}`, stage);
        const level = (0,_level_js__WEBPACK_IMPORTED_MODULE_1__/* .toLevel */ .e3)('saturation', m, config, baseP99);
        r.saturation.levels.push(level);
        deps.onLevel?.(level);
        if (deps.signal.aborted)
            return;
        if (!level.valid) {
            deps.log(`level ${value}: invalid (${level.invalid_reason}); not used to judge the endpoint`);
            if (s.strategy === 'search' && level.invalid_reason?.startsWith('undecided')) {
                const up = s.load === 'concurrency' ? value * 2 : Math.round(value * 2 * 1000) / 1000;
                if (bracket.firstSaturated === undefined && bracket.lastGood === undefined && value < s.max)
                    skipTo = Math.min(s.max, up);
                else
                    break;
            }
            continue;
        }
        bracket = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_7__/* .updateBracket */ .Y5)(bracket, value, level.saturated, m.summary.achieved_rps);
        if (s.strategy === 'steps' && level.saturated && s.stopAtFirstSaturated)
            break;
    }
    r.saturation.bracket = [bracket.lastGood ?? null, bracket.firstSaturated ?? null];
    r.saturation.precision = (0,_saturation_js__WEBPACK_IMPORTED_MODULE_7__/* .bracketPrecision */ .nR)(bracket) ?? null;
    r.saturation.load_value = bracket.lastGood ?? null;
    if (bracket.lastGood !== undefined)
        r.saturation.rps = s.load === 'rate' ? bracket.lastGood : (bracket.lastGoodAchieved ?? null);
}
/**
 * How long a saturation level sends. It sends for at least `minS` and then until it has
 * saturation.min_requests completions, but never longer than `maxS` (see LevelSizing). A search
 * level answers a yes/no question, so its minimum is probe_duration — but never less than
 * min_latencies (default 5) unloaded median E2E latencies: a level only a latency or two long
 * measures the batch filling up, not the rate the endpoint sustains. A steps level's minimum is
 * level_duration. The upper bound is max_level_duration, and never below that minimum.
 */
function levelSize(config, baseline) {
    const s = config.saturation;
    const maxS = Math.max(s.maxLevelDurationS, s.levelDurationS, s.probeDurationS);
    if (s.strategy === 'steps')
        return { minS: s.levelDurationS, maxS };
    return { minS: Math.min(maxS, probeSeconds(config, baseline)), maxS };
}
/** The shortest a search level runs: probe_duration, or min_latencies × the unloaded median E2E when longer. */
function probeSeconds(config, baseline) {
    const s = config.saturation;
    const e2eS = baseline && baseline.e2e_ms.count > 0 ? baseline.e2e_ms.p50 / 1000 : 0;
    return Math.max(s.probeDurationS, s.minLatencies * e2eS);
}
/**
 * Where the exponential probe starts. Given explicitly, `saturation.start`. Otherwise (open loop)
 * the rate one request at a time would sustain, 1 / unloaded E2E from the baseline: any engine
 * serves at least that (a batching one far more), so the levels below it need not be run.
 */
function searchStart(config, baseline) {
    const s = config.saturation;
    if (!s.startAuto || s.load !== 'rate' || !baseline || baseline.e2e_ms.count === 0 || baseline.e2e_ms.p50 <= 0)
        return s.start;
    const serial = 1000 / baseline.e2e_ms.p50;
    return Math.max(s.start, Math.min(s.max / 2, Math.floor(serial * 100) / 100));
}
function operatingPoint(config, r) {
    const v = config.slaValidation;
    if (v.rate !== undefined)
        return { load: 'rate', value: v.rate };
    if (v.concurrency !== undefined)
        return { load: 'concurrency', value: v.concurrency };
    const sat = r.saturation.load_value;
    if (sat === null)
        return undefined;
    const value = config.saturation.load === 'concurrency' ? Math.max(1, Math.round(sat * v.operatingPoint)) : Math.round(sat * v.operatingPoint * 1000) / 1000;
    return { load: config.saturation.load, value };
}
function emptyResult(config) {
    return {
        schema_version: 1,
        kind: 'gate',
        tool: { name: 'llm-loadgate', version: _version_js__WEBPACK_IMPORTED_MODULE_10__/* .VERSION */ .x },
        name: config.name,
        mode: config.mode,
        status: 'complete',
        target: { url: (0,_util_url_js__WEBPACK_IMPORTED_MODULE_9__/* .redactUrl */ .B)(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
        warmup: { requests: 0, ok: 0, errors: {}, ttft_p50_ms: 0 },
        saturation: { strategy: config.saturation.strategy, load: config.saturation.load, rps: null, load_value: null, bracket: [null, null], precision: null, levels: [] },
        sla: { checks: [], pass: null },
        cost: config.cost ? { gpus: config.cost.gpus, gpu_hour_usd: config.cost.gpuHourUsd } : null,
        load_minutes: 0,
        measured: { saturation_rps: null, ttft_p99_ms: null, itl_p99_ms: null, cost_per_million_tokens: null, error_rate: null },
        fingerprint: fingerprintOf(config),
    };
}
function fingerprintOf(config) {
    return {
        model: config.target.model,
        workload_hash: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__/* .workloadHash */ .U)(config),
        sla_hash: (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .slaHash */ .J_)(config.sla),
        tool_version: _version_js__WEBPACK_IMPORTED_MODULE_10__/* .VERSION */ .x,
        target_label: config.target.label,
        hardware: config.target.hardware,
    };
}
/** Closes a gate result: status, load-minutes (unrounded, e.g. a LevelPipeline's), cost, the measured figures, the bottleneck. */
function finish(r, deps, loadMinutes) {
    if (deps.signal.aborted)
        r.status = 'cancelled';
    r.load_minutes = Math.round(loadMinutes * 1000) / 1000;
    if (r.cost) {
        if (r.operating_point?.level.cost)
            r.cost.at_operating_point = r.operating_point.level.cost;
        const lastGood = r.saturation.levels.filter((l) => l.valid && !l.saturated).at(-1);
        if (lastGood?.cost)
            r.cost.at_saturation = lastGood.cost;
    }
    r.measured = (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_2__/* .measure */ .xP)(r);
    // Every level with its client figures; invalid ones count only when the generator was the limit (levelValidity's reasons).
    const clientLimited = (l) => !l.valid && (0,_saturation_js__WEBPACK_IMPORTED_MODULE_7__/* .isClientLimited */ .c3)(l.invalid_reason);
    // The baseline comes first by offered load: the reference the decode-step (compute) rule compares ITL/TPOT with.
    const windows = [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels].map((l) => ({
        level: l.summary.name,
        offered: l.summary.offered.value,
        window: l.server,
        saturated: l.saturated,
        summary: l.summary,
        valid: l.valid,
        clientLimited: clientLimited(l),
        reason: l.invalid_reason,
    }));
    const bottleneck = (0,_servermetrics_index_js__WEBPACK_IMPORTED_MODULE_0__/* .firstSaturatedResource */ .CM)(windows);
    if (bottleneck) {
        r.saturation.bottleneck = bottleneck;
        deps.log((0,_servermetrics_index_js__WEBPACK_IMPORTED_MODULE_0__/* .bottleneckLine */ .yc)(bottleneck));
    }
    return r;
}


/***/ }),

/***/ 81293:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ writeGateRun)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var _results_types_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(61727);
/* harmony import */ var _results_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(96781);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57327);
/* harmony import */ var _workload_cache_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(61703);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(13411);
/**
 * Writes a gate run to its directory: metadata.json, results.json (histograms moved out to
 * histograms/*.json so results.json stays readable) and report.md. Called for complete and
 * cancelled runs alike, so whatever was measured is kept.
 */







function writeGateRun(dir, config, result, reportMd, startedAt) {
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_2__/* .ensureDir */ .A0)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'histograms'));
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeJson */ .GF)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'metadata.json'), {
        tool: { name: 'llm-loadgate', version: _version_js__WEBPACK_IMPORTED_MODULE_5__/* .VERSION */ .x },
        started_at: startedAt.toISOString(),
        finished_at: new Date().toISOString(),
        status: result.status,
        target: result.target,
        workload_hash: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__/* .workloadHash */ .U)(config),
        // The salt and seed that replay this run's prompts, and what the prompt cache should give.
        workload: (0,_workload_cache_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadRecord */ .rN)(config.workload, config.run.seed),
        node: process.version,
        config: (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__/* .publicConfig */ .q)(config),
    });
    const levels = (0,_results_types_js__WEBPACK_IMPORTED_MODULE_6__/* .allLevels */ .p)(result);
    for (const l of levels)
        (0,_results_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeJson */ .GF)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'histograms', `${l.summary.name}.json`), {
            level: l.summary.name,
            encoding: 'HdrHistogram compressed base64, values in microseconds (request_tokens_per_s: tokens/s × 1000)',
            histograms: l.summary.histograms,
        });
    (0,_results_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeJson */ .GF)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'results.json'), { ...withoutHistograms(result), workload: (0,_workload_cache_js__WEBPACK_IMPORTED_MODULE_4__/* .workloadRecord */ .rN)(config.workload, config.run.seed) });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'report.md'), reportMd);
    return { dir, results: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'results.json'), report: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'report.md') };
}
function withoutHistograms(r) {
    return JSON.parse(JSON.stringify(r, (k, v) => (k === 'histograms' ? undefined : v)));
}


/***/ }),

/***/ 12009:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  QY: () => (/* binding */ comparabilityNotes),
  Fi: () => (/* binding */ curveOf),
  xP: () => (/* binding */ measure),
  nk: () => (/* binding */ parseBaseline),
  J_: () => (/* binding */ slaHash),
  Fd: () => (/* binding */ toBaseline)
});

// UNUSED EXPORTS: BaselineError, validateBaseline

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./lib/verdict/measured.js
/** The figures a baseline keeps and a verdict compares: each a value with its measured spread. */
const METRIC_KEYS = ['saturation_rps', 'ttft_p99_ms', 'itl_p99_ms', 'cost_per_million_tokens', 'error_rate'];

// EXTERNAL MODULE: ./lib/metrics/aggregate.js
var aggregate = __webpack_require__(64982);
// EXTERNAL MODULE: ./lib/verdict/spread.js
var verdict_spread = __webpack_require__(19746);
// EXTERNAL MODULE: ./lib/util/json.js
var json = __webpack_require__(68884);
// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(99661);
;// CONCATENATED MODULE: ./lib/baseline/baseline.js
/**
 * Baselines: the figures a pull request is judged against, each with its measured spread, and the
 * fingerprint that says which runs they may be compared with. Versioned; a malformed file is a
 * clear error naming the field.
 */






const BASELINE_SCHEMA_VERSION = 1;
class BaselineError extends errors/* UserError */.yo {
}
/** The figures of a run, with their spreads, in baseline form. */
function measure(r) {
    const op = r.operating_point?.level;
    const sat = r.saturation;
    const satSpread = sat.bracket[0] !== null && sat.bracket[1] !== null && sat.rps !== null ? sat.rps * ((sat.bracket[1] - sat.bracket[0]) / sat.bracket[0]) : (sat.rps ?? 0) * 0.5;
    const lastGood = r.saturation.levels.filter((l) => l.valid && !l.saturated).at(-1);
    const cost = r.cost?.at_saturation?.usd_per_million_tokens ?? null;
    return {
        saturation_rps: sat.rps === null ? null : { value: sat.rps, spread: round(satSpread) },
        ttft_p99_ms: op ? latency(op, 'ttft_ms') : null,
        itl_p99_ms: op ? latency(op, 'itl_ms') : null,
        cost_per_million_tokens: cost === null || !lastGood ? null : { value: cost, spread: round(cost * (0,verdict_spread/* rateRelativeSpread */.kD)(lastGood.summary.requests.ok)) },
        error_rate: op ? { value: op.summary.error_rate, spread: round((0,verdict_spread/* proportionSpread */.I5)(op.summary.requests.sent - op.summary.requests.ok, op.summary.requests.sent)) } : null,
    };
}
function latency(l, metric) {
    const s = l.summary;
    // No samples (e.g. ITL of a non-streaming run): nothing measured, so nothing to compare.
    if (s[metric].count === 0)
        return null;
    // Requests, not tokens, are the independent samples (a request's gaps share its conditions).
    const spread = Math.max((0,verdict_spread/* percentileSpreadMs */.xY)((0,aggregate/* histogramOf */.AJ)(s, metric), 99, s.requests.ok), (0,verdict_spread/* latencySpreadFloorMs */.o7)(s[metric].p99, s.send_lag_ms.p99));
    return { value: s[metric].p99, spread: round(spread) };
}
function slaHash(rules) {
    return (0,external_node_crypto_.createHash)('sha256').update((0,json/* stableJson */._)(rules)).digest('hex').slice(0, 16);
}
function curveOf(r) {
    return r.saturation.levels
        .filter((l) => l.valid)
        .map((l) => ({
        offered: l.summary.offered.value,
        achieved_rps: l.summary.achieved_rps,
        ttft_p99_ms: l.summary.ttft_ms.p99,
        ttft_p50_ms: l.summary.ttft_ms.p50,
        saturated: l.saturated,
    }))
        .sort((a, b) => a.offered - b.offered);
}
function toBaseline(r, fingerprint, recordedAt = new Date()) {
    return {
        schema_version: 1,
        name: r.name,
        recorded_at: recordedAt.toISOString(),
        fingerprint,
        load: r.saturation.load,
        metrics: measure(r),
        operating_point: r.operating_point ? { load: r.operating_point.load, value: r.operating_point.value } : null,
        saturation: { load_value: r.saturation.load_value, bracket: r.saturation.bracket },
        curve: curveOf(r),
    };
}
/** Checks a parsed baseline document; throws BaselineError listing every problem with its field. */
function validateBaseline(doc, source) {
    const p = [];
    const d = doc;
    if (!d || typeof d !== 'object')
        throw new BaselineError(`${source}: not a JSON object; a baseline is written by "llm-loadgate gate --record" or the action in record mode`);
    if (d.schema_version !== BASELINE_SCHEMA_VERSION)
        p.push(`schema_version ${JSON.stringify(d.schema_version)}: expected ${BASELINE_SCHEMA_VERSION} (re-record the baseline with this version of llm-loadgate)`);
    if (typeof d.name !== 'string')
        p.push('name: missing or not a string');
    const f = d.fingerprint;
    if (!f || typeof f !== 'object')
        p.push('fingerprint: missing');
    else
        for (const k of ['model', 'workload_hash', 'sla_hash', 'tool_version', 'target_label', 'hardware'])
            if (typeof f[k] !== 'string')
                p.push(`fingerprint.${k}: missing or not a string`);
    if (d.load !== 'rate' && d.load !== 'concurrency')
        p.push(`load ${JSON.stringify(d.load)}: expected rate or concurrency`);
    if (!d.metrics || typeof d.metrics !== 'object')
        p.push('metrics: missing');
    else
        for (const k of METRIC_KEYS) {
            const m = d.metrics[k];
            if (m === null)
                continue;
            if (!m || typeof m.value !== 'number' || typeof m.spread !== 'number' || !Number.isFinite(m.value))
                p.push(`metrics.${k}: expected {value: number, spread: number} or null, got ${JSON.stringify(m)?.slice(0, 60)}`);
        }
    if (!Array.isArray(d.curve))
        p.push('curve: expected an array');
    // Read by the report (recorded_at) and by the saturation re-check (saturation.load_value).
    if (typeof d.recorded_at !== 'string')
        p.push('recorded_at: missing or not a string');
    const sat = d.saturation;
    if (!sat || typeof sat !== 'object' || (sat.load_value !== null && typeof sat.load_value !== 'number'))
        p.push(`saturation.load_value: expected a number or null, got ${JSON.stringify(sat?.load_value)}`);
    if (p.length)
        throw new BaselineError(`${source}: ${p.length} problem${p.length > 1 ? 's' : ''} in the baseline:\n  - ${p.join('\n  - ')}`);
    return d;
}
function parseBaseline(text, source) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new BaselineError(`${source}: not valid JSON (${e.message}); restore it from git or re-record it`);
    }
    return validateBaseline(doc, source);
}
/** Why two fingerprints are not comparable (empty when they are). Tool versions compare by major.minor. */
function comparabilityNotes(base, run) {
    const notes = [];
    const mm = (v) => v.split('.').slice(0, 2).join('.');
    if (base.model !== run.model)
        notes.push(`model differs: baseline ${base.model}, this run ${run.model}`);
    if (base.workload_hash !== run.workload_hash)
        notes.push(`workload differs (hash ${base.workload_hash} vs ${run.workload_hash}): prompt, max_tokens, endpoint or streaming changed`);
    if (base.sla_hash !== run.sla_hash)
        notes.push(`SLA rules differ (hash ${base.sla_hash} vs ${run.sla_hash})`);
    if (mm(base.tool_version) !== mm(run.tool_version))
        notes.push(`llm-loadgate version differs: baseline ${base.tool_version}, this run ${run.tool_version}`);
    if (base.target_label !== run.target_label)
        notes.push(`target label differs: baseline "${base.target_label}", this run "${run.target_label}"`);
    if (base.hardware !== run.hardware)
        notes.push(`hardware differs: baseline "${base.hardware}", this run "${run.hardware}"`);
    return notes;
}
const round = (x) => Math.round(x * 10000) / 10000;


/***/ }),

/***/ 41741:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ad: () => (/* binding */ ChaosTimeline),
/* harmony export */   Ev: () => (/* binding */ chaosFigures),
/* harmony export */   LV: () => (/* binding */ LogHistogram),
/* harmony export */   YH: () => (/* binding */ errorCount),
/* harmony export */   zi: () => (/* binding */ errorRate)
/* harmony export */ });
/** Outcomes of requests that started and never completed: streams cut mid-way, drained. */
const LOST_KINDS = ['reset_after_first_byte', 'incomplete', 'timeout_idle'];
/** A histogram of positive values in ~1 % log buckets: percentiles within 1 %, memory ≤ a few hundred buckets. */
class LogHistogram {
    buckets = new Map();
    count = 0;
    static K = 1 / Math.log(1.02);
    add(v) {
        const i = Math.floor(Math.log(Math.max(v, 1e-3)) * LogHistogram.K);
        this.buckets.set(i, (this.buckets.get(i) ?? 0) + 1);
        this.count++;
    }
    /** The value at percentile p (0-100), the geometric middle of its bucket; null when empty. */
    percentile(p) {
        if (this.count === 0)
            return null;
        const keys = [...this.buckets.keys()].sort((a, b) => a - b);
        const rank = Math.max(1, Math.ceil((p / 100) * this.count));
        let seen = 0;
        for (const k of keys) {
            seen += this.buckets.get(k);
            if (seen >= rank)
                return Math.round(Math.exp((k + 0.5) / LogHistogram.K) * 1000) / 1000;
        }
        return null;
    }
}
class ChaosTimeline {
    start;
    b = [];
    constructor(start) {
        this.start = start;
    }
    at(time) {
        const i = Math.max(0, Math.floor((time - this.start) / 1000));
        while (this.b.length <= i)
            this.b.push({ sent: 0, ok: 0, errors: {}, cut: 0, ttft: new LogHistogram(), itl: new LogHistogram() });
        return this.b[i];
    }
    add(r) {
        this.at(r.sentAt).sent++;
        const end = this.at(r.endedAt);
        if (r.outcome === 'ok')
            end.ok++;
        else if (r.outcome !== 'cancelled') {
            end.errors[r.outcome] = (end.errors[r.outcome] ?? 0) + 1;
            if (LOST_KINDS.includes(r.outcome))
                end.cut++;
        }
        if (r.ttftMs !== undefined) {
            let t = r.sentAt + r.ttftMs;
            this.at(t).ttft.add(r.ttftMs);
            for (const gap of r.itlMs) {
                t += gap;
                this.at(t).itl.add(gap);
            }
        }
    }
    seconds() {
        return this.b.map((x, i) => ({
            t: i,
            sent: x.sent,
            ok: x.ok,
            errors: { ...x.errors },
            cut: x.cut,
            ttft_p50_ms: x.ttft.percentile(50),
            ttft_p99_ms: x.ttft.percentile(99),
            itl_p50_ms: x.itl.percentile(50),
            itl_p99_ms: x.itl.percentile(99),
        }));
    }
}
const errorCount = (s) => Object.values(s.errors).reduce((a, n) => a + (n ?? 0), 0);
const errorRate = (s) => {
    const e = errorCount(s);
    return e + s.ok > 0 ? e / (e + s.ok) : 0;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sd = (xs) => {
    if (xs.length < 2)
        return 0;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const r3 = (x) => Math.round(x * 1000) / 1000;
/** The figures of a chaos phase from its timeline; null when the pre-fault window has no usable second. */
function chaosFigures(x) {
    const injS = x.injectedMs / 1000;
    const injSecond = Math.floor(injS);
    const from = Math.min(x.fillS, Math.max(0, injSecond - 1));
    const pre = x.seconds.slice(from, injSecond);
    if (pre.length === 0)
        return null;
    const thr = pre.map((s) => s.ok);
    const ttft = pre.map((s) => s.ttft_p99_ms).filter((v) => v !== null);
    const err = pre.map(errorRate);
    const ref = { thr: mean(thr), thrSd: sd(thr), ttft: mean(ttft), ttftSd: sd(ttft), err: mean(err), errSd: sd(err) };
    const last = Math.min(x.heldS, x.settledS ?? Infinity, x.seconds.length);
    const departs = (s) => {
        const why = [];
        if (ref.thr - s.ok >= 3 * ref.thrSd + Math.max(1, 0.05 * ref.thr))
            why.push('throughput');
        if (s.ttft_p99_ms !== null && s.ttft_p99_ms > ref.ttft + 3 * ref.ttftSd + Math.max(1, 0.1 * ref.ttft))
            why.push('ttft_p99');
        if (errorCount(s) > 0 && errorRate(s) > ref.err + 3 * ref.errSd)
            why.push('errors');
        return why;
    };
    const within = (s) => s.ok >= (1 - x.tolerance.throughput) * ref.thr &&
        s.ttft_p99_ms !== null &&
        s.ttft_p99_ms <= ref.ttft + Math.max(x.tolerance.ttftP99 * ref.ttft, 5) &&
        errorRate(s) <= ref.err + x.tolerance.errorRate;
    let detect;
    let by = [];
    for (let i = injSecond; i < last; i++) {
        const why = departs(x.seconds[i]);
        if (why.length) {
            detect = i;
            by = why;
            break;
        }
    }
    let recoveredAt;
    if (detect === undefined)
        recoveredAt = undefined;
    else
        for (let i = detect; i + x.recoverySeconds <= last; i++) {
            let ok = true;
            for (let j = i; j < i + x.recoverySeconds && ok; j++)
                ok = within(x.seconds[j]);
            if (ok) {
                recoveredAt = i;
                break;
            }
        }
    const noEffect = detect === undefined;
    const recovered = noEffect || recoveredAt !== undefined;
    // The burst runs from the injection to the recovery (or the end of the held load).
    const burstEnd = recoveredAt ?? (noEffect ? injSecond : last);
    const kinds = {};
    let count = 0;
    let lost = 0;
    let dip = Infinity;
    for (let i = injSecond; i < x.seconds.length; i++) {
        const s = x.seconds[i];
        lost += s.cut;
        if (i < burstEnd) {
            for (const [k, n] of Object.entries(s.errors)) {
                kinds[k] = (kinds[k] ?? 0) + (n ?? 0);
                count += n ?? 0;
            }
        }
        if (i < Math.max(burstEnd, injSecond + 1) && i < last && ref.thr > 0)
            dip = Math.min(dip, s.ok / ref.thr);
    }
    return {
        injected_at_s: r3(injS),
        pre_fault: {
            from_s: from,
            to_s: injSecond,
            throughput_rps: r3(ref.thr),
            throughput_sd: r3(ref.thrSd),
            ttft_p99_ms: r3(ref.ttft),
            ttft_p99_sd: r3(ref.ttftSd),
            error_rate: r3(ref.err),
            error_rate_sd: r3(ref.errSd),
        },
        detected: !noEffect,
        detect_s: detect === undefined ? null : r3(detect + 1 - injS),
        detected_by: by,
        recovered,
        recovery_s: noEffect ? 0 : recoveredAt === undefined ? null : r3(Math.max(0, recoveredAt - injS)),
        error_burst: { count, kinds },
        lost_requests: lost,
        throughput_dip: Number.isFinite(dip) ? r3(dip) : null,
        held_s: x.heldS,
    };
}


/***/ }),

/***/ 63470:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ chaosMarkdown),
/* harmony export */   k: () => (/* binding */ chaosFigureRows)
/* harmony export */ });
/* harmony import */ var markdown_table__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(735);
/* harmony import */ var _metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41741);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68330);
/**
 * The chaos phase in markdown: its figures, its rules, and a compact per-second table (a few
 * seconds before the injection through a few after the recovery; steady stretches elided) with the
 * injection, detection and recovery marked. Pure.
 */



const ms = (x) => (x === null ? '—' : `${x < 10 ? x.toFixed(2) : x.toFixed(1)}`);
const sec = (x) => (x === null ? '—' : `${x.toFixed(1)} s`);
function chaosMarkdown(r) {
    const out = ['### Chaos', ''];
    const load = `${r.load.value} ${r.load.kind === 'rate' ? 'req/s' : 'users'}`;
    out.push(`Fault: ${(0,_table_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMd */ .Xk)(r.fault, 200)}, under ${load}${r.injected_at_s !== null ? `, injected at ${r.injected_at_s.toFixed(1)} s` : ''}${r.restored_at_s !== undefined ? `, restored at ${r.restored_at_s.toFixed(1)} s` : ''}.`, '');
    if (r.status === 'fault_failed')
        out.push(`> **The fault could not be injected:** ${(0,_table_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMd */ .Xk)(r.error ?? '', 600)}`, '');
    if (r.status === 'cancelled')
        out.push('> Cancelled: the figures cover what ran.', '');
    const rows = chaosFigureRows(r);
    if (rows.length)
        out.push((0,markdown_table__WEBPACK_IMPORTED_MODULE_2__/* .markdownTable */ .Q)([['figure', 'value'], ...rows], { align: ['l', 'l'] }), '');
    if (r.sla.checks.length) {
        out.push((0,markdown_table__WEBPACK_IMPORTED_MODULE_2__/* .markdownTable */ .Q)([
            ['rule', 'actual', 'limit', 'result'],
            ...r.sla.checks.map((c) => [c.rule, String(c.actual), `${c.bound === 'max' ? '≤' : '≥'} ${c.limit}`, c.pass ? 'PASS' : '**FAIL**']),
        ], { align: ['l', 'r', 'r', 'l'] }), '');
    }
    out.push(timelineTable(r), '');
    for (const n of r.notes)
        out.push(`- ${(0,_table_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMd */ .Xk)(n, 400)}`);
    return `${out.join('\n').trimEnd()}\n`;
}
/** The figures as [name, value] rows (plain text), for the markdown and the HTML report. */
function chaosFigureRows(r) {
    const f = r.figures;
    if (!f)
        return [];
    const kinds = Object.entries(f.error_burst.kinds)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ');
    return [
        ['Time to detect', f.detected ? `${sec(f.detect_s)} (${f.detected_by.join(', ')})` : 'not detected: no second left the pre-fault noise'],
        ['Time to recover', f.recovered ? sec(f.recovery_s) : `not recovered within ${f.held_s - Math.floor(f.injected_at_s)} s of held load`],
        ['Error burst', `${f.error_burst.count}${kinds ? ` (${kinds})` : ''}`],
        ['Requests lost (started, never completed)', String(f.lost_requests)],
        ['Throughput dip (min / pre-fault)', f.throughput_dip === null ? '—' : `${(f.throughput_dip * 100).toFixed(0)} %`],
        [
            'Pre-fault reference',
            `${f.pre_fault.throughput_rps} req/s ± ${f.pre_fault.throughput_sd}, P99 TTFT ${ms(f.pre_fault.ttft_p99_ms)} ms, error rate ${(f.pre_fault.error_rate * 100).toFixed(2)} % (seconds ${f.pre_fault.from_s}–${f.pre_fault.to_s})`,
        ],
    ];
}
/** Seconds around the events in full, the rest elided to one row per steady stretch. */
function timelineTable(r) {
    const t = r.timeline;
    const f = r.figures;
    const inj = r.injected_at_s === null ? -1 : Math.floor(r.injected_at_s);
    const det = f?.detected && f.detect_s !== null ? Math.round(inj + f.detect_s - 1) : -1;
    const rec = f?.recovered && f.detected && f.recovery_s !== null ? Math.ceil(inj + f.recovery_s) : -1;
    const keep = (i) => i === 0 || i === t.length - 1 || [inj, det, rec].some((e) => e >= 0 && i >= e - 2 && i <= e + 2) || (inj >= 0 && i > inj && (rec < 0 ? i <= (f?.held_s ?? t.length) : i < rec));
    const head = ['s', 'mark', 'sent', 'ok/s', 'errors', 'cut', 'TTFT p50', 'TTFT p99', 'ITL p99'];
    const rows = [];
    let skipped = 0;
    t.forEach((s, i) => {
        if (!keep(i)) {
            skipped++;
            return;
        }
        if (skipped)
            rows.push([`…`, `${skipped} s elided`, '', '', '', '', '', '', '']);
        skipped = 0;
        const marks = [i === inj ? '◀ injection' : '', i === det ? 'detected' : '', i === rec ? 'recovered ▶' : '', f && i >= f.held_s ? 'drain' : ''].filter(Boolean).join(', ');
        const e = (0,_metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_0__/* .errorCount */ .YH)(s);
        const kinds = Object.entries(s.errors)
            .map(([k, n]) => `${k}:${n}`)
            .join(' ');
        rows.push([
            String(s.t),
            marks,
            String(s.sent),
            String(s.ok),
            e ? `${e} (${((0,_metrics_chaos_timeline_js__WEBPACK_IMPORTED_MODULE_0__/* .errorRate */ .zi)(s) * 100).toFixed(0)} %) ${kinds}` : '0',
            String(s.cut),
            ms(s.ttft_p50_ms),
            ms(s.ttft_p99_ms),
            ms(s.itl_p99_ms),
        ]);
    });
    if (skipped)
        rows.push([`…`, `${skipped} s elided`, '', '', '', '', '', '', '']);
    return `Per second (latencies in ms, by when the token came; errors and ok by when the request ended):\n\n${(0,markdown_table__WEBPACK_IMPORTED_MODULE_2__/* .markdownTable */ .Q)([head, ...rows], { align: ['r', 'l', 'r', 'r', 'l', 'r', 'r', 'r', 'r'] })}`;
}


/***/ }),

/***/ 2463:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sQ: () => (/* binding */ metricsTable),
/* harmony export */   x: () => (/* binding */ compareMarkdown)
/* harmony export */ });
/* unused harmony export latencyChart */
/* harmony import */ var markdown_table__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(735);
/* harmony import */ var _baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12009);
/* harmony import */ var _verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(68674);
/* harmony import */ var _gate_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8741);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(68330);
/* harmony import */ var _results_types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(61727);
/**
 * The pull-request report: verdict first, then the offending metrics, the rest folded away, the
 * latency-vs-load curves of baseline and PR as a mermaid chart GitHub renders, SLA checks, errors
 * and comparability notes. Pure functions; every string from outside (server messages, names) is
 * escaped and truncated before it reaches markdown.
 */






const ICON = { pass: '✅ pass', regression: '❌ regression', improvement: '🚀 improvement', inconclusive: '⚠️ inconclusive' };
function value(v, unit) {
    if (!v)
        return '—';
    const digits = unit === 'USD' ? 4 : unit === '' ? 4 : 1;
    return `${v.value.toFixed(digits)} ± ${v.spread.toFixed(digits)}`;
}
function delta(m) {
    if (m.delta === null)
        return '—';
    const relative = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .metricInfo */ .R)(m.metric).relative;
    const x = m.delta * 100;
    return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}${relative ? ' %' : ' pts'}`;
}
function tolerance(m) {
    const info = (0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .metricInfo */ .R)(m.metric);
    const sign = info.worse === 'lower' ? '−' : '+';
    return `${sign}${(m.tolerance * 100).toFixed(1)}${info.relative ? ' %' : ' pts'}`;
}
function metricsTable(ms) {
    return (0,markdown_table__WEBPACK_IMPORTED_MODULE_3__/* .markdownTable */ .Q)([
        ['metric', 'baseline', 'this PR', 'Δ', 'tolerance', 'noise', 'status'],
        ...ms.map((m) => [
            m.label + (m.unit && m.unit !== 'USD' ? ` (${m.unit})` : m.unit === 'USD' ? ' (USD)' : ''),
            value(m.baseline, m.unit),
            value(m.current, m.unit),
            delta(m),
            tolerance(m),
            m.noise === null ? '—' : `±${(m.noise * 100).toFixed(1)}${(0,_verdict_compare_js__WEBPACK_IMPORTED_MODULE_1__/* .metricInfo */ .R)(m.metric).relative ? ' %' : ' pts'}`,
            ICON[m.status] + (m.remeasured ? ` — ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(m.remeasured, 160)}` : ''),
        ]),
    ]);
}
/** A curve's measured points by offered load, sorted; a load measured twice keeps its later point. */
function measured(points) {
    const byLoad = new Map();
    for (const p of points)
        if (Number.isFinite(p.offered) && Number.isFinite(p.ttft_p99_ms))
            byLoad.set(p.offered, p);
    return [...byLoad.values()].sort((a, b) => a.offered - b.offered);
}
/**
 * Mermaid xychart(s) of P99 TTFT against offered load, measured points only: a line is never
 * drawn through a load its run did not try. When both runs measured the same loads, one chart
 * with two lines (line 1 baseline, line 2 this PR); otherwise one chart per run, each on its own
 * loads, with the same y range so the two compare by eye.
 */
function latencyChart(base, cur, load) {
    const b = measured(base);
    const c = measured(cur);
    // Four significant digits keep nearby loads (1.01, 1.04) apart on the axis; latencies to 0.1 ms.
    const r = (x) => Number(x.toPrecision(4)).toString();
    const ry = (y) => (Math.round(y * 10) / 10).toString();
    const unit = load === 'rate' ? 'req/s' : 'users';
    const top = Math.max(0, ...b.map((p) => p.ttft_p99_ms), ...c.map((p) => p.ttft_p99_ms));
    const yAxis = `  y-axis "P99 TTFT (ms)" 0 --> ${Math.max(1, Math.ceil(top * 1.1 - 1e-9))}`;
    const chart = (title, xs, lines) => [
        '```mermaid',
        'xychart-beta',
        `  title "${title}"`,
        `  x-axis "offered load (${unit})" [${xs.map((x) => `"${r(x)}"`).join(', ')}]`,
        yAxis,
        ...lines.map((l) => `  line [${l.map((p) => ry(p.ttft_p99_ms)).join(', ')}]`),
        '```',
    ].join('\n');
    const same = b.length === c.length && b.every((p, i) => p.offered === c[i].offered);
    if (same)
        return b.length < 2
            ? ''
            : chart('P99 TTFT vs offered load (line 1 baseline, line 2 this PR)', b.map((p) => p.offered), [b, c]);
    const charts = [];
    if (b.length >= 2)
        charts.push(chart('Baseline: P99 TTFT at the loads it measured', b.map((p) => p.offered), [b]));
    if (c.length >= 2)
        charts.push(chart('This PR: P99 TTFT at the loads it measured', c.map((p) => p.offered), [c]));
    return charts.join('\n\n');
}
function compareMarkdown(name, c, baseline, result) {
    const offending = c.metrics.filter((m) => m.status === 'regression' || m.status === 'inconclusive');
    const rest = c.metrics.filter((m) => !offending.includes(m));
    const levels = (0,_results_types_js__WEBPACK_IMPORTED_MODULE_5__/* .allLevels */ .p)(result);
    const errors = levels.filter((l) => (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .errorsLabel */ .SC)(l.summary) !== '—').map((l) => `- ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(l.summary.name)}: ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)((0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .errorsLabel */ .SC)(l.summary))}`);
    const out = [`## llm-loadgate · ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(name)}: ${ICON[c.verdict]}`, '', (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(c.sentence, 400), ''];
    if (!c.comparable)
        out.push('### Not comparable', '', ...c.notes.map((n) => `- ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(n, 300)}`), '');
    if (offending.length)
        out.push(metricsTable(offending), '');
    if (rest.length)
        out.push(`<details><summary>${offending.length ? 'Other metrics' : 'All metrics'} (${rest.length})</summary>`, '', metricsTable(rest), '', '</details>', '');
    if (c.remeasured.length)
        out.push('**Re-measured:** ' + c.remeasured.map((x) => (0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(x, 300)).join(' '), '');
    const chart = latencyChart(baseline.curve, (0,_baseline_baseline_js__WEBPACK_IMPORTED_MODULE_0__/* .curveOf */ .Fi)(result), result.saturation.load);
    if (chart)
        out.push('### Latency vs load', '', chart, '');
    out.push('### SLA at the operating point', '', result.operating_point ? (0,_gate_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .slaMarkdown */ .y8)(result.sla.checks) : '_No operating point was run._', '');
    out.push('<details><summary>Every level of this run</summary>', '', (0,_gate_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .levelsMarkdown */ .Zp)(levels), '', '</details>', '');
    out.push('### Errors', '', errors.length ? errors.join('\n') : '_None._', '');
    out.push(`<sub>baseline recorded ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(baseline.recorded_at)} · llm-loadgate ${(0,_table_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMd */ .Xk)(result.tool.version)} · ${result.load_minutes.toFixed(2)} load-minutes</sub>`, '');
    return out.join('\n');
}


/***/ }),

/***/ 8741:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pl: () => (/* binding */ headline),
/* harmony export */   Zp: () => (/* binding */ levelsMarkdown),
/* harmony export */   bo: () => (/* binding */ gateMarkdown),
/* harmony export */   y8: () => (/* binding */ slaMarkdown)
/* harmony export */ });
/* unused harmony export errorLines */
/* harmony import */ var _chaos_markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63470);
/* harmony import */ var markdown_table__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(735);
/* harmony import */ var _table_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68330);
/* harmony import */ var _servermetrics_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17925);
/**
 * report.md for one gate run: the answer first (saturation, operating point, SLA, cost), then
 * every level, the SLA checks and the errors. A pure function of the result.
 */





const f1 = (x) => x.toFixed(1);
const usd = (x) => (x === null || x === undefined ? '—' : `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`);
function headline(r) {
    const s = r.saturation;
    const unit = s.load === 'rate' ? 'req/s' : 'users';
    const parts = [];
    if (r.mode === 'capacity-at-sla') {
        parts.push(s.load_value === null
            ? 'No level met the SLA.'
            : `Capacity at SLA: **${s.load_value} ${unit}** (${f1(s.rps ?? 0)} req/s sustained); the SLA breaks at ${s.bracket[1] ?? 'no level tried'}${s.bracket[1] !== null ? ` ${unit}` : ''}.`);
    }
    else if (s.rps === null) {
        parts.push(s.bracket[1] !== null ? `Saturated already at the lowest level tried (${s.bracket[1]} ${unit}).` : 'Saturation was not reached.');
    }
    else {
        const b2 = (x) => (x === null ? '—' : String(Number(x.toFixed(2))));
        const bracket = s.bracket[1] === null
            ? `not saturated up to ${b2(s.bracket[0])} ${unit}`
            : `bracket [${b2(s.bracket[0])}, ${b2(s.bracket[1])}] ${unit}, precision ±${((s.precision ?? 0) * 100).toFixed(0)}%`;
        // The same rounding as the bracket (two decimals), so 55.95 never reads 55.9 beside "[55.95, …]".
        const rps = Number(s.rps.toFixed(1)) === Number(s.rps.toFixed(2)) ? f1(s.rps) : b2(s.rps);
        parts.push(`Saturation: **${rps} req/s** (${bracket}).`);
    }
    if (r.operating_point) {
        const op = r.operating_point;
        // pass null: the hold's checks were not decided (a sharded hold whose shards did not run together).
        const verdict = r.sla.checks.length === 0 ? 'no SLA rules' : r.sla.pass === null ? 'SLA **not judged**' : r.sla.pass ? 'SLA **PASS**' : 'SLA **FAIL**';
        parts.push(`Operating point ${Number(op.value.toFixed(2))} ${op.load === 'rate' ? 'req/s' : 'users'}: ${verdict}, P99 TTFT ${f1(op.level.summary.ttft_ms.p99)} ms.`);
    }
    if (s.bottleneck)
        parts.push(`Bottleneck: **${_servermetrics_index_js__WEBPACK_IMPORTED_MODULE_1__/* .RESOURCE_LABELS */ .f$[s.bottleneck.resource] ?? s.bottleneck.resource}**. ${s.bottleneck.evidence.replace(/\.?$/, '.')}`);
    if (r.cost?.at_operating_point)
        parts.push(`Cost ${usd(r.cost.at_operating_point.usd_per_million_tokens)} per million tokens at the operating point.`);
    if (r.status === 'cancelled')
        parts.push('**Run cancelled: partial results.**');
    return parts.join(' ');
}
function statusOf(l) {
    // Requests end as `cancelled` only when the run is stopped: such a level was cut short, not judged.
    if (l.summary.requests.errors.cancelled)
        return 'cut short by cancellation (not judged)';
    if (!l.valid)
        return `invalid: ${l.invalid_reason}`;
    if (l.phase === 'baseline')
        return 'baseline';
    if (l.phase === 'operating_point')
        return l.sla_checks.every((c) => c.pass) ? 'operating point ✓' : 'operating point ✗';
    return l.saturated ? `saturated: ${l.reasons.join('; ')}` : 'ok';
}
function levelsMarkdown(levels, breakpoint) {
    const withServer = levels.some((l) => l.server);
    const head = [
        'level',
        'offered',
        'achieved req/s',
        'ok %',
        'TTFT p50',
        'TTFT p95',
        'TTFT p99',
        'ITL p99',
        'TPOT p50',
        'out tok/s',
        'goodput req/s',
        '$/M tok',
        ...(withServer ? ['server (KV · prefix hit · running · waiting · GPU)'] : []),
        'status',
    ];
    const rows = levels.map((l) => {
        const s = l.summary;
        const mark = breakpoint !== undefined && breakpoint !== null && s.offered.value === breakpoint && l.phase === 'saturation' ? ' ◀ breakpoint' : '';
        return [
            s.name,
            (0,_table_js__WEBPACK_IMPORTED_MODULE_2__/* .offeredLabel */ .Qc)(s) + mark,
            s.achieved_rps.toFixed(2),
            (s.success_rate * 100).toFixed(1),
            f1(s.ttft_ms.p50),
            f1(s.ttft_ms.p95),
            f1(s.ttft_ms.p99),
            f1(s.itl_ms.p99),
            s.tpot_ms.p50.toFixed(2),
            s.output_tokens_per_s.toFixed(0),
            s.goodput_rps.toFixed(2),
            usd(l.cost?.usd_per_million_tokens),
            ...(withServer ? [(0,_servermetrics_index_js__WEBPACK_IMPORTED_MODULE_1__/* .formatServerWindow */ .r5)(l.server)] : []),
            statusOf(l),
        ];
    });
    return (0,markdown_table__WEBPACK_IMPORTED_MODULE_3__/* .markdownTable */ .Q)([head, ...rows]);
}
function slaMarkdown(checks) {
    if (checks.length === 0)
        return '_No SLA rules configured._';
    return (0,markdown_table__WEBPACK_IMPORTED_MODULE_3__/* .markdownTable */ .Q)([
        ['rule', 'actual', 'limit', 'result'],
        ...checks.map((c) => [c.rule, String(c.actual), `${c.bound === 'max' ? '≤' : '≥'} ${c.limit}`, c.pass ? 'PASS' : 'FAIL']),
    ]);
}
/**
 * A level's line of the Errors section: counts by kind, then the first messages of each kind
 * (already truncated and scrubbed by the client; escaped here), and answers that came unstreamed.
 */
function errorLines(s) {
    const out = [];
    if ((0,_table_js__WEBPACK_IMPORTED_MODULE_2__/* .errorsLabel */ .SC)(s) !== '—') {
        out.push(`- ${s.name}: ${(0,_table_js__WEBPACK_IMPORTED_MODULE_2__/* .errorsLabel */ .SC)(s)}`);
        for (const [kind, ms] of Object.entries(s.error_messages ?? {}))
            out.push(`  - \`${kind}\`: ${ms.map((m) => `“${(0,_table_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMd */ .Xk)(m, 200)}”`).join(' · ')}`);
    }
    if (s.requests.non_streamed)
        out.push(`- ${s.name}: ${s.requests.non_streamed} ok answers came as one JSON body, not streamed (their TTFT = E2E)`);
    return out;
}
function gateMarkdown(r) {
    const levels = [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
    const errors = levels.flatMap((l) => errorLines(l.summary));
    const out = [
        `## llm-loadgate: ${r.name}`,
        '',
        headline(r),
        '',
        `Target model \`${r.target.model}\` · ${r.saturation.strategy} over ${r.saturation.load} · ${r.load_minutes.toFixed(2)} load-minutes · llm-loadgate ${r.tool.version}`,
        '',
        '### Levels',
        '',
        levelsMarkdown(levels, r.mode === 'capacity-at-sla' ? r.saturation.load_value : undefined),
        '',
        '### SLA at the operating point',
        '',
        r.operating_point ? slaMarkdown(r.sla.checks) : '_No operating point was run._',
        '',
        '### Errors',
        '',
        errors.length ? errors.join('\n') : '_None._',
        '',
        `Warmup: ${r.warmup.ok}/${r.warmup.requests} ok${Object.keys(r.warmup.errors).length
            ? ` (${Object.entries(r.warmup.errors)
                .map(([k, v]) => `${k}:${v}`)
                .join(' ')})`
            : ''}.`,
        '',
        ...(r.chaos ? [(0,_chaos_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .chaosMarkdown */ .W)(r.chaos)] : []),
    ];
    return out.join('\n');
}


/***/ }),

/***/ 54919:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n4: () => (/* binding */ chartsWanted),
  ge: () => (/* binding */ writeVisualReport)
});

// UNUSED EXPORTS: chartInputFor, reportHtml

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/report/gate-markdown.js
var gate_markdown = __webpack_require__(8741);
// EXTERNAL MODULE: ./lib/report/table.js
var table = __webpack_require__(68330);
// EXTERNAL MODULE: ./lib/servermetrics/index.js + 5 modules
var servermetrics = __webpack_require__(17925);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./lib/report/charts.js
/**
 * The report's charts: Vega-Lite specs built from a run (pure functions, so they are tested with
 * hand-built inputs), rendered headlessly to SVG by Vega (`renderer: 'none'`, no browser, no
 * canvas) and from SVG to PNG by resvg compiled to WebAssembly (no native build, one binary for
 * every platform). Vega and resvg are loaded on first use only, so commands that draw nothing do
 * not pay for them.
 *
 * Every chart is drawn at the loads that were measured: a baseline's curve and this run's levels
 * are separate series, each with its own points, never interpolated onto the other's loads.
 */



const WIDTH = 520;
const HEIGHT = 260;
const PERCENTILES = ['p50', 'p95', 'p99'];
const LATENCIES = [
    { id: 'ttft', metric: 'ttft_ms', title: 'Time to first token' },
    { id: 'itl', metric: 'itl_ms', title: 'Inter-token latency' },
    { id: 'e2e', metric: 'e2e_ms', title: 'End-to-end latency' },
];
const CONFIG = {
    background: 'white',
    font: 'sans-serif',
    view: { stroke: '#ddd' },
    axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', columns: 3, labelLimit: 220 },
    title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
};
const r4 = (x) => Number(x.toPrecision(4));
function loadTitle(load) {
    return load === 'rate' ? 'offered load (req/s)' : 'offered load (concurrent users)';
}
/** Levels whose offered load is in the chart's unit (a rate baseline has no place on a users axis). */
function levelsOf(run, load) {
    return run.levels.filter((l) => l.summary.offered.kind === load).sort((a, b) => a.summary.offered.value - b.summary.offered.value);
}
function charts_status(l) {
    if (!l.valid)
        return 'invalid';
    return l.saturated ? 'saturated' : 'ok';
}
function base(title, subtitle, layers, yTitle) {
    return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: subtitle ? { text: title, subtitle } : title,
        width: WIDTH,
        height: HEIGHT,
        config: CONFIG,
        layer: layers,
        usermeta: { yTitle },
    };
}
/** The saturation bracket (shaded), the operating points (vertical rules) and horizontal limits. */
function annotations(input, limits) {
    const out = [];
    const [lo, hi] = input.bracket ?? [null, null];
    if (lo !== null && hi !== null && hi > lo) {
        out.push({
            data: { values: [{ x: lo, x2: hi, label: 'saturation bracket' }] },
            mark: { type: 'rect', color: '#f58518', opacity: 0.12 },
            encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'x2' } },
        });
        out.push({
            data: { values: [{ x: hi, label: 'saturated' }] },
            mark: { type: 'text', align: 'right', baseline: 'top', dx: -3, dy: 3, y: 0, color: '#b85c00', fontSize: 10 },
            encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
        });
    }
    for (const m of input.marks ?? []) {
        out.push({
            data: { values: [{ x: m.value, label: m.label }] },
            mark: { type: 'rule', color: '#2a9d4a', strokeWidth: 1.5 },
            encoding: { x: { field: 'x', type: 'quantitative' } },
        });
        out.push({
            data: { values: [{ x: m.value, label: m.label }] },
            mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 16, y: 0, color: '#1e7a38', fontSize: 10 },
            encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
        });
    }
    for (const l of limits) {
        out.push({ data: { values: [l] }, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'y', type: 'quantitative' } } });
        out.push({
            data: { values: [l] },
            mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, x: 0, color: '#d62728', fontSize: 10 },
            encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
        });
    }
    return out;
}
/** Lines with a point per measured level; colour by run when there are several, else by series. */
function lines(rows, multiRun, xTitle, yTitle, opts = {}) {
    const colour = multiRun ? 'run' : 'series';
    const dash = multiRun ? 'series' : 'run';
    const dashes = new Set(rows.map((r) => r[dash])).size > 1;
    const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, nice: true } };
    const y = { field: 'y', type: 'quantitative', title: yTitle, ...(opts.format ? { axis: { format: opts.format } } : {}), ...(opts.log ? { scale: { type: 'log' } } : {}) };
    const detail = [{ field: 'run' }, { field: 'series' }];
    const color = { field: colour, type: 'nominal', title: null };
    return [
        {
            data: { values: rows },
            mark: { type: 'line', strokeWidth: 2 },
            encoding: { x, y, color, ...(dashes ? { strokeDash: { field: dash, type: 'nominal', title: null } } : {}), detail },
        },
        {
            data: { values: rows },
            mark: { type: 'point', filled: true, size: 40 },
            encoding: {
                x,
                y,
                color,
                shape: { field: 'status', type: 'nominal', title: 'level', scale: { domain: ['ok', 'saturated', 'invalid'], range: ['circle', 'triangle-up', 'cross'] } },
                detail,
            },
        },
    ];
}
/** SLA limits that belong on a latency chart: rules named like ttft_p99_ms. */
function latencyLimits(sla, id) {
    const out = [];
    for (const c of sla ?? []) {
        const m = /^([a-z0-9]+)_(p\d+|max|mean)_ms$/.exec(c.rule);
        if (m && m[1] === id)
            out.push({ y: c.limit, label: `SLA ${m[2].toUpperCase()} ≤ ${c.limit} ms` });
    }
    return out;
}
function latencyChart(input, which) {
    const rows = [];
    for (const run of input.runs) {
        for (const l of levelsOf(run, input.load)) {
            const s = l.summary[which.metric];
            if (s.count === 0)
                continue;
            for (const p of PERCENTILES)
                if (s[p] > 0)
                    rows.push({ x: l.summary.offered.value, y: r4(s[p]), series: p.toUpperCase(), run: run.label, status: charts_status(l) });
        }
    }
    if (which.id === 'ttft' && input.baseline) {
        for (const c of [...input.baseline.curve].sort((a, b) => a.offered - b.offered)) {
            const st = c.saturated ? 'saturated' : 'ok';
            rows.push({ x: c.offered, y: r4(c.ttft_p50_ms), series: 'P50', run: input.baseline.label, status: st }, { x: c.offered, y: r4(c.ttft_p99_ms), series: 'P99', run: input.baseline.label, status: st });
        }
    }
    if (rows.length === 0)
        return undefined;
    const multi = input.runs.length > 1 || (which.id === 'ttft' && !!input.baseline);
    const title = `${which.title}: P50 / P95 / P99 against load`;
    const layers = [
        ...annotations(input, latencyLimits(input.sla, which.id)),
        ...lines(rows, multi, loadTitle(input.load), `${which.id.toUpperCase()} (ms, log scale)`, { log: true }),
    ];
    return { id: which.id, title, spec: base(title, which.id === 'ttft' && input.baseline ? 'baseline: P50 and P99 at its own measured loads' : undefined, layers, 'ms') };
}
function throughputChart(input) {
    const rows = [];
    for (const run of input.runs) {
        for (const l of levelsOf(run, input.load)) {
            rows.push({ x: l.summary.offered.value, y: r4(l.summary.achieved_rps), series: 'achieved', run: run.label, status: charts_status(l) });
            rows.push({ x: l.summary.offered.value, y: r4(l.summary.goodput_rps), series: 'goodput', run: run.label, status: charts_status(l) });
        }
    }
    for (const c of input.baseline?.curve ?? [])
        rows.push({ x: c.offered, y: r4(c.achieved_rps), series: 'achieved', run: input.baseline.label, status: c.saturated ? 'saturated' : 'ok' });
    if (rows.length === 0)
        return undefined;
    const layers = annotations(input, []);
    if (input.load === 'rate') {
        // Where achieved leaves the diagonal, the endpoint stopped keeping up.
        const xs = rows.map((r) => r.x);
        const ends = [Math.min(...xs), Math.max(...xs)];
        layers.push({
            data: { values: ends.map((v) => ({ x: v, y: v })) },
            mark: { type: 'line', color: '#999', strokeDash: [2, 2], strokeWidth: 1 },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        });
    }
    layers.push(...lines(rows, input.runs.length > 1 || !!input.baseline, loadTitle(input.load), 'req/s'));
    const title = 'Achieved throughput and goodput against offered load';
    return { id: 'throughput', title, spec: base(title, input.load === 'rate' ? 'dotted: achieved = offered' : undefined, layers, 'req/s') };
}
function tokensChart(input) {
    const rows = [];
    for (const run of input.runs)
        for (const l of levelsOf(run, input.load))
            rows.push({ x: l.summary.offered.value, y: r4(l.summary.output_tokens_per_s), series: 'output tokens/s', run: run.label, status: charts_status(l) });
    if (rows.length === 0)
        return undefined;
    const title = 'Output tokens per second against load';
    return {
        id: 'tokens',
        title,
        spec: base(title, undefined, [...annotations(input, []), ...lines(rows, input.runs.length > 1, loadTitle(input.load), 'output tokens/s')], 'tokens/s'),
    };
}
function costChart(input) {
    const rows = [];
    for (const run of input.runs) {
        for (const l of levelsOf(run, input.load)) {
            const c = l.cost?.usd_per_million_tokens;
            if (c !== null && c !== undefined)
                rows.push({ x: l.summary.offered.value, y: r4(c), series: 'USD per million tokens', run: run.label, status: charts_status(l) });
        }
    }
    if (rows.length === 0)
        return undefined;
    const title = 'Cost per million tokens (input + output) against load';
    return {
        id: 'cost',
        title,
        spec: base(title, undefined, [...annotations(input, []), ...lines(rows, input.runs.length > 1, loadTitle(input.load), 'USD / million tokens', { format: '$.3~f' })], 'USD'),
    };
}
function levelLabel(run, l, multi) {
    const o = l.summary.offered;
    const v = `${r4(o.value)}${o.kind === 'rate' ? ' rps' : ' users'}`;
    return multi ? `${run.label} · ${v}` : `${l.summary.name} (${v})`;
}
function errorsChart(input) {
    const multi = input.runs.length > 1;
    const rows = [];
    const order = [];
    // A/B: both sides' levels interleaved by load, so each pair stands side by side.
    const all = input.runs.flatMap((run) => run.levels.map((l) => ({ run, l }))).sort((a, b) => a.l.summary.offered.value - b.l.summary.offered.value);
    for (const { run, l } of all) {
        const s = l.summary;
        const label = levelLabel(run, l, multi);
        order.push(label);
        const denom = Math.max(1, s.requests.sent + s.requests.dropped_overflow);
        for (const [kind, n] of Object.entries(s.requests.errors))
            if (n)
                rows.push({ level: label, kind, rate: n / denom });
        if (s.requests.dropped_overflow)
            rows.push({ level: label, kind: 'dropped_overflow', rate: s.requests.dropped_overflow / denom });
    }
    const none = rows.length === 0;
    // With no error anywhere the bars are all zero: say so on the chart rather than leave it empty.
    if (none)
        for (const level of order)
            rows.push({ level, kind: 'none', rate: 0 });
    const layers = [
        {
            data: { values: rows },
            mark: { type: 'bar' },
            encoding: {
                x: { field: 'level', type: 'nominal', sort: order, title: null, axis: { labelAngle: -35, labelLimit: 160 } },
                y: { field: 'rate', type: 'quantitative', stack: 'zero', title: 'share of requests', axis: { format: '.1~%' }, ...(none ? { scale: { domain: [0, 0.01] } } : {}) },
                color: { field: 'kind', type: 'nominal', title: 'error kind', ...(none ? { legend: null } : {}) },
            },
        },
    ];
    if (none)
        layers.push({
            data: { values: [{ t: 'no errors at any level' }] },
            mark: { type: 'text', fontSize: 14, color: '#2a9d4a', x: WIDTH / 2, y: HEIGHT / 2 },
            encoding: { text: { field: 't' } },
        });
    const limit = input.sla?.find((c) => c.rule === 'error_rate');
    if (limit)
        layers.push({
            data: { values: [{ y: limit.limit, label: `SLA error rate ≤ ${limit.limit * 100} %` }] },
            mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
            encoding: { y: { field: 'y', type: 'quantitative' } },
        });
    const title = 'Errors by kind per level';
    return { id: 'errors', title, spec: base(title, undefined, layers, 'share') };
}
function serverCharts(input) {
    const cache = [];
    const queue = [];
    for (const run of input.runs) {
        for (const l of levelsOf(run, input.load)) {
            const w = l.server;
            if (!w || w.samples === 0)
                continue;
            const at = (series, y, into) => {
                if (y !== undefined && Number.isFinite(y))
                    into.push({ x: l.summary.offered.value, y: r4(y), series, run: run.label, status: charts_status(l) });
            };
            at('KV cache usage (mean)', w.kv_cache_usage?.mean, cache);
            at('KV cache usage (max)', w.kv_cache_usage?.max, cache);
            at('prefix cache hit rate', w.prefix_cache_hit_rate, cache);
            at('GPU utilisation (mean)', w.gpu_utilization?.mean, cache);
            at('running (mean)', w.requests_running?.mean, queue);
            at('running (max)', w.requests_running?.max, queue);
            at('waiting (mean)', w.requests_waiting?.mean, queue);
            at('waiting (max)', w.requests_waiting?.max, queue);
        }
    }
    const b = input.bottleneck;
    const bLevel = b ? input.runs[0]?.levels.find((l) => l.summary.name === b.level) : undefined;
    const subtitle = b ? `first to saturate: ${b.resource.replace('_', ' ')} at ${b.level}` : undefined;
    const bMark = () => bLevel && b
        ? [
            {
                data: { values: [{ x: bLevel.summary.offered.value }] },
                mark: { type: 'rule', color: '#9467bd', strokeWidth: 2, strokeDash: [4, 2] },
                encoding: { x: { field: 'x', type: 'quantitative' } },
            },
            {
                data: { values: [{ x: bLevel.summary.offered.value, label: `bottleneck: ${b.resource.replace('_', ' ')}` }] },
                mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 30, y: 0, color: '#6a3d9a', fontSize: 10 },
                encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
            },
        ]
        : [];
    const out = [];
    const multi = input.runs.length > 1;
    if (cache.length) {
        const title = 'Server: KV cache usage and prefix cache hit rate';
        out.push({
            id: 'server-cache',
            title,
            spec: base(title, subtitle, [...annotations(input, []), ...bMark(), ...lines(cache, multi, loadTitle(input.load), 'share', { format: '.0%' })], 'share'),
        });
    }
    if (queue.length) {
        const title = 'Server: requests running and waiting';
        out.push({
            id: 'server-queue',
            title,
            spec: base(title, subtitle, [...annotations(input, []), ...bMark(), ...lines(queue, multi, loadTitle(input.load), 'requests')], 'requests'),
        });
    }
    return out;
}
/** Every chart the run has data for, in report order. */
function chartsFor(input) {
    const out = [];
    for (const which of LATENCIES) {
        const c = latencyChart(input, which);
        if (c)
            out.push(c);
    }
    for (const c of [throughputChart(input), tokensChart(input), costChart(input)])
        if (c)
            out.push(c);
    out.push(errorsChart(input));
    out.push(...serverCharts(input));
    if (input.chaos && input.chaos.timeline.length > 0)
        out.push(chaosChart(input.chaos));
    return out;
}
/**
 * The chaos phase second by second, on seconds from the injection: throughput, errors and streams
 * cut (left axis, per second) and P99 TTFT (right axis), with the injection, the detection and the
 * recovery as vertical rules.
 */
function chaosChart(c) {
    const inj = c.injected_at_s ?? 0;
    const x = (t) => r4(t - inj);
    const counts = [];
    const ttft = [];
    for (const s of c.timeline) {
        const errors = Object.values(s.errors).reduce((a, n) => a + (n ?? 0), 0);
        counts.push({ x: x(s.t), y: s.ok, series: 'ok / s' }, { x: x(s.t), y: errors, series: 'errors / s' }, { x: x(s.t), y: s.cut, series: 'streams cut / s' });
        if (s.ttft_p99_ms !== null)
            ttft.push({ x: x(s.t), y: r4(s.ttft_p99_ms), series: 'P99 TTFT (ms)' });
    }
    const f = c.figures;
    const marks = [];
    if (c.injected_at_s !== null)
        marks.push({ x: 0, label: 'injection', color: '#d62728' });
    if (f?.detected && f.detect_s !== null)
        marks.push({ x: f.detect_s, label: `detected ${f.detect_s} s`, color: '#f58518' });
    if (f?.detected && f.recovered && f.recovery_s !== null)
        marks.push({ x: f.recovery_s, label: `recovered ${f.recovery_s} s`, color: '#2a9d4a' });
    if (c.restored_at_s !== undefined)
        marks.push({ x: x(c.restored_at_s), label: 'restore', color: '#9467bd' });
    const xEnc = { field: 'x', type: 'quantitative', title: 'seconds from the injection' };
    const layers = [
        {
            layer: [
                {
                    data: { values: counts },
                    mark: { type: 'line', interpolate: 'step-after', point: false },
                    encoding: {
                        x: xEnc,
                        y: { field: 'y', type: 'quantitative', title: 'requests per second' },
                        color: {
                            field: 'series',
                            type: 'nominal',
                            title: null,
                            scale: { domain: ['ok / s', 'errors / s', 'streams cut / s', 'P99 TTFT (ms)'], range: ['#4c78a8', '#d62728', '#b279a2', '#72b7b2'] },
                        },
                    },
                },
                ...marks.flatMap((m) => [
                    { data: { values: [m] }, mark: { type: 'rule', color: m.color, strokeWidth: 1.5, strokeDash: [4, 2] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
                    {
                        data: { values: [m] },
                        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2 + 12 * marks.indexOf(m), y: 0, color: m.color, fontSize: 10 },
                        encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
                    },
                ]),
            ],
        },
        ...(ttft.length
            ? [
                {
                    data: { values: ttft },
                    mark: { type: 'line', interpolate: 'step-after', strokeDash: [2, 2] },
                    encoding: {
                        x: xEnc,
                        y: { field: 'y', type: 'quantitative', title: 'P99 TTFT (ms)', axis: { orient: 'right' } },
                        color: { field: 'series', type: 'nominal', title: null },
                    },
                },
            ]
            : []),
    ];
    const title = 'Chaos: the phase second by second';
    const subtitle = `${c.fault} under ${c.load.value} ${c.load.kind === 'rate' ? 'req/s' : 'users'}`;
    return {
        id: 'chaos-timeline',
        title,
        spec: { ...base(title, subtitle.length > 110 ? `${subtitle.slice(0, 109)}…` : subtitle, layers, 'requests per second'), resolve: { scale: { y: 'independent' } } },
    };
}
/** Vega-Lite spec → SVG text, headless (Vega's 'none' renderer: no DOM, no canvas). */
async function renderSvg(spec) {
    const vl = await Promise.all(/* import() */[__webpack_require__.e(972), __webpack_require__.e(994)]).then(__webpack_require__.bind(__webpack_require__, 10994));
    const vega = await __webpack_require__.e(/* import() */ 972).then(__webpack_require__.bind(__webpack_require__, 33972));
    const { usermeta: _ignored, ...clean } = spec;
    const compiled = vl.compile(clean).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    try {
        return await view.toSVG();
    }
    finally {
        view.finalize();
    }
}
let resvgReady;
/**
 * Where resvg's WebAssembly binary is: beside the running bundle (a build may ship it as
 * resvg.wasm), else in node_modules as resolved from this module, the entry script or the working
 * directory. Resolved at run time through a require the bundler does not follow, so the bundle
 * stays one file.
 */
function findResvgWasm() {
    const { createRequire } = process.getBuiltinModule('node:module');
    const froms = [import.meta.url, process.argv[1] ? (0,external_node_url_.pathToFileURL)(process.argv[1]).href : undefined, (0,external_node_url_.pathToFileURL)((0,external_node_path_.join)(process.cwd(), 'noop.js')).href].filter((x) => !!x);
    for (const from of froms) {
        try {
            const beside = new URL('./resvg.wasm', from);
            if (beside.protocol === 'file:' && (0,external_node_fs_.existsSync)(beside))
                return beside.pathname;
        }
        catch {
            /* not a file URL */
        }
        try {
            return createRequire(from).resolve('@resvg/resvg-wasm/index_bg.wasm');
        }
        catch {
            /* not installed there */
        }
    }
    return undefined;
}
async function loadResvg() {
    resvgReady ??= (async () => {
        const wasm = findResvgWasm();
        if (!wasm)
            throw new Error('the PNG renderer (@resvg/resvg-wasm) is not installed here: report.html is complete, plots/*.png were skipped');
        const mod = await __webpack_require__.e(/* import() */ 26).then(__webpack_require__.bind(__webpack_require__, 43026));
        await mod.initWasm((0,external_node_fs_.readFileSync)(wasm));
        return mod;
    })();
    return resvgReady;
}
const FONT_CANDIDATES = [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
    '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
    '/System/Library/Fonts/Supplemental/Arial.ttf',
    '/Library/Fonts/Arial.ttf',
    'C:\\Windows\\Fonts\\arial.ttf',
];
let fontCache;
/** A sans-serif font for the PNG's text: resvg in WebAssembly cannot look up system fonts itself. */
function findFont() {
    for (const f of FONT_CANDIDATES)
        if ((0,external_node_fs_.existsSync)(f))
            return f;
    // Any TrueType font under /usr/share/fonts, sans first.
    const found = [];
    const walk = (dir, depth) => {
        if (depth > 4 || found.length > 50)
            return;
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries) {
            const p = (0,external_node_path_.join)(dir, e.name);
            if (e.isDirectory())
                walk(p, depth + 1);
            else if (/\.(ttf|otf)$/i.test(e.name))
                found.push(p);
        }
    };
    walk('/usr/share/fonts', 0);
    return found.find((f) => /sans/i.test(f) && !/mono|bold|italic|oblique/i.test(f)) ?? found[0];
}
function fonts() {
    if (!fontCache) {
        const f = findFont();
        const family = f
            ? /DejaVu/i.test(f)
                ? 'DejaVu Sans'
                : /Liberation/i.test(f)
                    ? 'Liberation Sans'
                    : /Noto/i.test(f)
                        ? 'Noto Sans'
                        : /Arial/i.test(f)
                            ? 'Arial'
                            : undefined
            : undefined;
        fontCache = { buffers: f ? [(0,external_node_fs_.readFileSync)(f)] : [], family };
    }
    return fontCache;
}
/** SVG → PNG at twice the SVG's size (sharp on high-density screens and in chat previews). */
async function svgToPng(svg) {
    const { Resvg } = await loadResvg();
    const f = fonts();
    const family = f.family ?? 'sans-serif';
    const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { fontBuffers: f.buffers, defaultFontFamily: family, sansSerifFamily: family } });
    const image = resvg.render();
    try {
        return { png: image.asPng(), fontless: f.buffers.length === 0 };
    }
    finally {
        image.free();
        resvg.free();
    }
}

// EXTERNAL MODULE: ./lib/report/chaos-markdown.js
var chaos_markdown = __webpack_require__(63470);
;// CONCATENATED MODULE: ./lib/report/html.js
/**
 * report.html and plots/*.png for a run directory: one self-contained page (charts inlined as SVG,
 * styles inline, no script, no network) that opens from disk or as a downloaded artifact, with
 * the verdict and headline first, then the curves, the SLA table and every level. The page is a
 * pure function of the run and the rendered charts; writeVisualReport does the rendering and I/O.
 */







function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
/** Escapes, then turns the markdown **bold** and `code` our headlines use into HTML. */
function inline(md) {
    return esc(md)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/`([^`]+)`/g, '<code>$1</code>');
}
const f = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const usd = (x) => (x === null || x === undefined ? '—' : `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`);
function allGateLevels(r) {
    return [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
}
function slaOf(levels, top) {
    if (top?.length)
        return top;
    return levels.find((l) => l.sla_checks.length)?.sla_checks ?? [];
}
/** What the charts need from a gate run or an A/B run. */
function chartInputFor(src) {
    if (src.kind === 'gate') {
        const r = src.result;
        const levels = allGateLevels(r);
        return {
            load: r.saturation.load,
            runs: [{ label: 'this run', levels }],
            baseline: src.baseline ? { label: `baseline (${src.baseline.recorded_at.slice(0, 10)})`, curve: src.baseline.curve } : undefined,
            bracket: r.saturation.bracket,
            marks: r.operating_point && r.operating_point.load === r.saturation.load ? [{ value: r.operating_point.value, label: 'operating point' }] : [],
            sla: slaOf(levels, r.sla.checks),
            bottleneck: r.saturation.bottleneck,
            chaos: r.chaos,
        };
    }
    const r = src.result;
    const runs = r.sides.map((s) => ({ label: s.label, levels: s.levels }));
    return {
        load: r.load,
        runs,
        marks: r.sides.filter((s) => s.capacity !== null).map((s) => ({ value: s.capacity, label: `${s.label} capacity` })),
        sla: slaOf(runs.flatMap((x) => x.levels)),
    };
}
function statusOf(l) {
    if (!l.valid)
        return `invalid: ${l.invalid_reason ?? ''}`;
    if (l.phase === 'baseline')
        return 'baseline';
    if (l.phase === 'operating_point')
        return l.sla_checks.every((c) => c.pass) ? 'operating point ✓' : 'operating point ✗';
    return l.saturated ? `saturated: ${l.reasons.join('; ')}` : 'ok';
}
function html_table(head, rows, cls = '') {
    const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
    const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
    return `<div class="scroll"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table></div>`;
}
function levelsTableHtml(levels, label) {
    const withServer = levels.some((l) => l.server);
    const head = [
        ...(label ? ['side'] : []),
        'level',
        'offered',
        'sent',
        'achieved req/s',
        'ok %',
        'TTFT p50',
        'TTFT p95',
        'TTFT p99',
        'ITL p50',
        'ITL p95',
        'ITL p99',
        'E2E p50',
        'E2E p95',
        'E2E p99',
        'out tok/s',
        'goodput req/s',
        '$/M tok',
        'errors',
        ...(withServer ? ['server (KV · prefix hit · running · waiting · GPU)'] : []),
        'status',
    ];
    const rows = levels.map((l) => {
        const s = l.summary;
        const cls = !l.valid ? 'invalid' : l.saturated ? 'bad' : '';
        return [
            ...(label ? [esc(label)] : []),
            `<span class="${cls}">${esc(s.name)}</span>`,
            esc((0,table/* offeredLabel */.Qc)(s)),
            String(s.requests.sent),
            f(s.achieved_rps, 2),
            f(s.success_rate * 100),
            f(s.ttft_ms.p50),
            f(s.ttft_ms.p95),
            f(s.ttft_ms.p99),
            f(s.itl_ms.p50),
            f(s.itl_ms.p95),
            f(s.itl_ms.p99),
            f(s.e2e_ms.p50, 0),
            f(s.e2e_ms.p95, 0),
            f(s.e2e_ms.p99, 0),
            f(s.output_tokens_per_s, 0),
            f(s.goodput_rps, 2),
            usd(l.cost?.usd_per_million_tokens),
            esc((0,table/* errorsLabel */.SC)(s)),
            ...(withServer ? [esc((0,servermetrics/* formatServerWindow */.r5)(l.server))] : []),
            `<span class="${cls}">${esc(statusOf(l))}</span>`,
        ];
    });
    return html_table(head, rows, 'levels');
}
function slaTableHtml(checks) {
    if (checks.length === 0)
        return '<p class="muted">No SLA rules configured.</p>';
    return html_table(['rule', 'actual', 'limit', 'result'], checks.map((c) => [
        esc(c.rule),
        esc(Number(c.actual.toPrecision(6))),
        `${c.bound === 'max' ? '≤' : '≥'} ${esc(c.limit)}`,
        c.pass ? '<span class="good">PASS</span>' : '<span class="bad">FAIL</span>',
    ]));
}
/** The chaos phase: what was injected, the figures and its rules (the timeline is a chart). */
function chaosHtml(c) {
    const head = `<h2 id="chaos">Chaos</h2><p>Fault: ${esc(c.fault)} under ${esc(c.load.value)} ${c.load.kind === 'rate' ? 'req/s' : 'users'}.</p>`;
    const failed = c.status === 'fault_failed' ? `<p class="bad">The fault could not be injected: ${esc(c.error)}</p>` : '';
    const rows = (0,chaos_markdown/* chaosFigureRows */.k)(c);
    return (head +
        failed +
        (rows.length
            ? html_table(['figure', 'value'], rows.map(([k, v]) => [esc(k), esc(v)]))
            : '') +
        (c.sla.checks.length ? slaTableHtml(c.sla.checks) : '') +
        c.notes.map((n) => `<p class="warn">${esc(n)}</p>`).join(''));
}
const VERDICT = {
    pass: { text: 'PASS', cls: 'good' },
    improvement: { text: 'IMPROVEMENT', cls: 'good' },
    regression: { text: 'REGRESSION', cls: 'bad' },
    inconclusive: { text: 'INCONCLUSIVE', cls: 'warn' },
};
function metricsTableHtml(c, names = ['baseline', 'this run']) {
    if (c.metrics.length === 0)
        return '';
    const v = (m, unit) => m ? `${m.value.toFixed(unit === 'USD' || unit === '' ? 4 : 1)} ± ${m.spread.toFixed(unit === 'USD' || unit === '' ? 4 : 1)}` : '—';
    return html_table(['metric', ...names, 'Δ', 'status'], c.metrics.map((m) => [
        esc(m.label + (m.unit ? ` (${m.unit})` : '')),
        esc(v(m.baseline, m.unit)),
        esc(v(m.current, m.unit)),
        m.delta === null ? '—' : esc(`${m.delta >= 0 ? '+' : '−'}${Math.abs(m.delta * 100).toFixed(1)} %`),
        `<span class="${VERDICT[m.status]?.cls ?? ''}">${esc(m.status)}</span>${m.remeasured ? ` — ${esc(m.remeasured)}` : ''}`,
    ]));
}
function verdictOf(src) {
    if (src.kind === 'ab')
        return VERDICT[src.result.verdict] ?? { text: src.result.verdict, cls: '' };
    if (src.comparison)
        return VERDICT[src.comparison.verdict] ?? { text: src.comparison.verdict, cls: '' };
    const r = src.result;
    if (r.status === 'endpoint_down')
        return { text: 'ENDPOINT DOWN', cls: 'bad' };
    if (r.status === 'cancelled')
        return { text: 'CANCELLED', cls: 'warn' };
    if (r.sla.pass === null)
        return { text: 'DONE (no SLA)', cls: '' };
    return r.sla.pass ? { text: 'SLA PASS', cls: 'good' } : { text: 'SLA FAIL', cls: 'bad' };
}
const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b1f24;margin:0;background:#f6f8fa}
main{max-width:1240px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.verdict{display:inline-block;font-weight:700;padding:3px 10px;border-radius:4px;margin-right:8px;background:#eaeef2}
.verdict.good{background:#dafbe1;color:#116329}.verdict.bad{background:#ffebe9;color:#a40e26}.verdict.warn{background:#fff8c5;color:#7d4e00}
.good{color:#116329}.bad{color:#a40e26}.warn{color:#7d4e00}.invalid{color:#6e7781;text-decoration:line-through}.muted{color:#57606a}
.headline{font-size:15px;max-width:1000px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:16px}
figure.chart{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow:auto}
figure.chart svg{max-width:100%;height:auto;display:block}
.scroll{overflow-x:auto}table{border-collapse:collapse;background:#fff;font-size:12.5px}
th,td{border:1px solid #d0d7de;padding:4px 7px;text-align:right;white-space:nowrap}th{background:#f0f3f6}
td:first-child,th:first-child,table.levels td:last-child{text-align:left}
footer{margin-top:28px;color:#57606a;font-size:12px}
`;
/** The whole page. Every string from the run is escaped; the SVGs come from our own renderer. */
function reportHtml(src, figures, notes = []) {
    const r = src.result;
    const v = verdictOf(src);
    const parts = [];
    const title = `llm-loadgate · ${r.name}`;
    parts.push(`<h1>${esc(title)}</h1>`);
    if (src.kind === 'gate') {
        const g = src.result;
        parts.push(`<p class="headline"><span class="verdict ${v.cls}" id="verdict">${esc(v.text)}</span>${src.comparison ? `${esc(src.comparison.sentence)} ` : ''}${inline((0,gate_markdown/* headline */.Pl)(g))}</p>`);
        parts.push(`<p class="muted">Target model <code>${esc(g.target.model)}</code> at ${esc(g.target.url)} · ${esc(g.saturation.strategy)} over ${esc(g.saturation.load)} · ${f(g.load_minutes, 2)} load-minutes · llm-loadgate ${esc(g.tool.version)}</p>`);
        if (g.error)
            parts.push(`<p class="bad">${esc(g.error)}</p>`);
        if (src.comparison) {
            if (!src.comparison.comparable)
                parts.push(`<h2>Not comparable</h2><ul>${src.comparison.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
            parts.push('<h2>Against the baseline</h2>', metricsTableHtml(src.comparison));
            if (src.comparison.remeasured.length)
                parts.push(`<p><strong>Re-measured:</strong> ${src.comparison.remeasured.map(esc).join(' ')}</p>`);
        }
    }
    else {
        const a = src.result;
        parts.push(`<p class="headline"><span class="verdict ${v.cls}" id="verdict">${esc(v.text)}</span>${inline(a.headline)}</p>`, `<p>${inline(a.sentence)}</p>`);
        parts.push(`<p class="muted">A/B over ${esc(a.load)} · ${f(a.load_minutes, 2)} load-minutes · ${a.sides.map((s) => `${esc(s.label)}: capacity ${s.capacity ?? 'none'}, breaks at ${s.breakpoint ?? 'not reached'}`).join(' · ')}</p>`);
        parts.push(`<h2>${esc(a.sides[1].label)} against ${esc(a.sides[0].label)}</h2>`, metricsTableHtml(a, [a.sides[0].label, a.sides[1].label]));
    }
    parts.push('<h2>Curves</h2>');
    if (figures.length)
        parts.push(`<div class="charts">${figures.map((x) => `<figure class="chart" id="chart-${esc(x.chart.id)}" data-chart="${esc(x.chart.id)}">${x.svg}</figure>`).join('\n')}</div>`);
    for (const n of notes)
        parts.push(`<p class="warn">${esc(n)}</p>`);
    if (src.kind === 'gate') {
        const g = src.result;
        if (g.saturation.bottleneck)
            parts.push(`<p><strong>First to saturate: ${esc(g.saturation.bottleneck.resource.replace('_', ' '))}</strong> (at ${esc(g.saturation.bottleneck.level)}). ${esc(g.saturation.bottleneck.evidence)}</p>`);
        parts.push('<h2>SLA at the operating point</h2>', g.operating_point ? slaTableHtml(g.sla.checks) : '<p class="muted">No operating point was run.</p>');
        if (g.chaos)
            parts.push(chaosHtml(g.chaos));
        parts.push('<h2>Every level</h2>', levelsTableHtml(allGateLevels(g)));
        parts.push(`<p class="muted">Warmup: ${g.warmup.ok}/${g.warmup.requests} ok.</p>`);
    }
    else {
        const a = src.result;
        parts.push('<h2>SLA</h2>', slaTableHtml(slaOf(a.sides.flatMap((s) => s.levels))));
        parts.push('<h2>Every level</h2>', ...a.sides.map((s) => levelsTableHtml(s.levels, s.label)));
    }
    parts.push(`<footer>Written by llm-loadgate from results.json. Self-contained: no scripts, no network.</footer>`);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
${parts.join('\n')}
</main></body></html>
`;
}
/**
 * Whether a gate or A/B run draws its charts: yes unless LOADGATE_CHARTS is 0, off, false or no.
 * Drawing (Vega to SVG, resvg to PNG) is 1-2 s of CPU per run; a run whose charts nobody looks at
 * (a test, a CI step that keeps only results.json) can skip it. `llm-loadgate report` always draws.
 */
function chartsWanted(env = process.env) {
    return !/^(0|off|false|no)$/i.test((env.LOADGATE_CHARTS ?? '').trim());
}
/**
 * Renders the charts and writes report.html and plots/<chart>.png into dir. Drawing problems
 * never lose a run: what could not be drawn is returned as a note (and said in the page).
 * With charts: false, report.html is written without charts (the page says why) and no plots/.
 */
async function writeVisualReport(dir, src, opts = {}) {
    if (opts.charts === false) {
        const html = (0,external_node_path_.join)(dir, 'report.html');
        (0,external_node_fs_.writeFileSync)(html, reportHtml(src, [], ['charts not drawn: LOADGATE_CHARTS is off']));
        return { html, plots: [], notes: [] };
    }
    const notes = [];
    const figures = [];
    for (const chart of chartsFor(chartInputFor(src))) {
        try {
            figures.push({ chart, svg: await renderSvg(chart.spec) });
        }
        catch (e) {
            notes.push(`chart ${chart.id} could not be drawn: ${e.message}`);
        }
    }
    const plots = [];
    if (figures.length) {
        try {
            let fontless = false;
            for (const fig of figures) {
                const { png, fontless: nf } = await svgToPng(fig.svg);
                (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(dir, 'plots'), { recursive: true });
                fontless ||= nf;
                const path = (0,external_node_path_.join)(dir, 'plots', `${fig.chart.id}.png`);
                (0,external_node_fs_.writeFileSync)(path, png);
                plots.push(path);
            }
            if (fontless)
                notes.push('no TrueType font was found on this machine: the PNG plots have no text (install fonts-dejavu-core)');
        }
        catch (e) {
            notes.push(`PNG plots skipped: ${e.message}`);
        }
    }
    const html = (0,external_node_path_.join)(dir, 'report.html');
    (0,external_node_fs_.writeFileSync)(html, reportHtml(src, figures, notes));
    return { html, plots, notes };
}


/***/ }),

/***/ 61727:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ allLevels)
/* harmony export */ });
/** Every measured level of a gate run, in order: baseline, saturation levels, operating point. */
function allLevels(r) {
    return [...(r.baseline ? [r.baseline] : []), ...r.saturation.levels, ...(r.operating_point ? [r.operating_point.level] : [])];
}


/***/ }),

/***/ 17925:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f$: () => (/* reexport */ RESOURCE_LABELS),
  yc: () => (/* reexport */ bottleneckLine),
  CM: () => (/* reexport */ firstSaturatedResource),
  r5: () => (/* reexport */ formatServerWindow),
  WN: () => (/* reexport */ startServerObserver)
});

// EXTERNAL MODULE: ./lib/util/clock.js
var util_clock = __webpack_require__(58394);
// EXTERNAL MODULE: ./lib/util/url.js
var url = __webpack_require__(47237);
;// CONCATENATED MODULE: ./lib/servermetrics/map.js
const FIELDS = [
    'kv_cache_usage',
    'prefix_cache_queries_total',
    'prefix_cache_hits_total',
    'prefix_cache_hit_rate',
    'requests_running',
    'requests_waiting',
    'gpu_utilization',
    'prompt_tokens_total',
    'generation_tokens_total',
    'preemptions_total',
];
/** How label sets of each field are combined (see the module comment). */
const FIELD_AGGREGATION = {
    kv_cache_usage: 'max',
    prefix_cache_queries_total: 'sum',
    prefix_cache_hits_total: 'sum',
    prefix_cache_hit_rate: 'mean',
    requests_running: 'sum',
    requests_waiting: 'sum',
    gpu_utilization: 'max',
    prompt_tokens_total: 'sum',
    generation_tokens_total: 'sum',
    preemptions_total: 'sum',
};
/** Counter fields: read as deltas over a window, never as levels. */
const COUNTER_FIELDS = new Set([
    'prefix_cache_queries_total',
    'prefix_cache_hits_total',
    'prompt_tokens_total',
    'generation_tokens_total',
    'preemptions_total',
]);
const ENGINE_MAPS = [
    {
        engine: 'vllm',
        prefix: 'vllm:',
        fields: {
            kv_cache_usage: { names: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'] },
            prefix_cache_queries_total: { names: ['vllm:prefix_cache_queries_total', 'vllm:gpu_prefix_cache_queries_total'] },
            prefix_cache_hits_total: { names: ['vllm:prefix_cache_hits_total', 'vllm:gpu_prefix_cache_hits_total'] },
            prefix_cache_hit_rate: { names: ['vllm:gpu_prefix_cache_hit_rate'] },
            requests_running: { names: ['vllm:num_requests_running'] },
            requests_waiting: { names: ['vllm:num_requests_waiting'] },
            prompt_tokens_total: { names: ['vllm:prompt_tokens_total'] },
            generation_tokens_total: { names: ['vllm:generation_tokens_total'] },
            preemptions_total: { names: ['vllm:num_preemptions_total'] },
        },
    },
    {
        engine: 'sglang',
        prefix: 'sglang:',
        fields: {
            kv_cache_usage: { names: ['sglang:token_usage'] },
            prefix_cache_hit_rate: { names: ['sglang:cache_hit_rate'] },
            requests_running: { names: ['sglang:num_running_reqs'] },
            requests_waiting: { names: ['sglang:num_queue_reqs'] },
            prompt_tokens_total: { names: ['sglang:prompt_tokens_total'] },
            generation_tokens_total: { names: ['sglang:generation_tokens_total'] },
        },
    },
    {
        engine: 'tgi',
        prefix: 'tgi_',
        fields: {
            requests_running: { names: ['tgi_batch_current_size'] },
            requests_waiting: { names: ['tgi_queue_size'] },
            prompt_tokens_total: { names: ['tgi_request_input_length_sum'] },
            generation_tokens_total: { names: ['tgi_request_generated_tokens_sum'] },
        },
    },
    {
        engine: 'llamacpp',
        prefix: 'llamacpp:',
        fields: {
            kv_cache_usage: { names: ['llamacpp:kv_cache_usage_ratio'] },
            prefix_cache_hits_total: { names: ['llamacpp:prompt_tokens_cached_total'] },
            requests_running: { names: ['llamacpp:requests_processing'] },
            requests_waiting: { names: ['llamacpp:requests_deferred'] },
            prompt_tokens_total: { names: ['llamacpp:prompt_tokens_total'] },
            generation_tokens_total: { names: ['llamacpp:tokens_predicted_total'] },
        },
    },
    {
        engine: 'dcgm',
        prefix: 'DCGM_FI_',
        fields: {
            gpu_utilization: { names: ['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_PROF_GR_ENGINE_ACTIVE'] },
        },
    },
];
/** Per-name scale: DCGM_FI_DEV_GPU_UTIL is a percentage, everything else is already a fraction or a count. */
const SCALE = { DCGM_FI_DEV_GPU_UTIL: 0.01 };
/** Labels that split one engine's series by shard rather than by replica. */
const SHARD_LABELS = new Set(['tp_rank', 'pp_rank', 'moe_ep_rank']);
/** Every metric name the maps can read: pass to the parser's `accept` to skip the rest cheaply. */
const MAPPED_NAMES = new Set(ENGINE_MAPS.flatMap((e) => Object.values(e.fields).flatMap((f) => f.names)));
/**
 * Names worth parsing from a page: every mapped name, plus any other name with an engine
 * prefix so the engine is still recognised (histogram buckets excluded: they are most of a
 * vLLM page and never read).
 */
function isRelevantName(name) {
    return MAPPED_NAMES.has(name) || (!name.endsWith('_bucket') && ENGINE_MAPS.some((e) => name.startsWith(e.prefix)));
}
/** Engines whose prefix appears among the sample names, in table order. */
function detectEngines(names) {
    const found = new Set();
    for (const n of names)
        for (const e of ENGINE_MAPS)
            if (n.startsWith(e.prefix))
                found.add(e.engine);
    return ENGINE_MAPS.map((e) => e.engine).filter((e) => found.has(e));
}
/** Maps one scrape's samples to common fields; `engines` is empty when nothing is recognised. */
function mapSamples(samples) {
    const byName = new Map();
    for (const s of samples) {
        let list = byName.get(s.name);
        if (!list)
            byName.set(s.name, (list = []));
        list.push(s);
    }
    const engines = detectEngines(byName.keys());
    const reading = {};
    for (const e of ENGINE_MAPS) {
        if (!engines.includes(e.engine))
            continue;
        for (const [field, src] of Object.entries(e.fields)) {
            const name = src.names.find((n) => byName.has(n));
            if (name === undefined)
                continue;
            const values = combineShards(byName.get(name)).map((v) => v * (SCALE[name] ?? 1));
            const v = aggregate(values, FIELD_AGGREGATION[field]);
            if (v === undefined)
                continue;
            // Two engines on one page (rare): counts add up, fractions keep the larger.
            const prev = reading[field];
            reading[field] = prev === undefined ? v : FIELD_AGGREGATION[field] === 'sum' ? prev + v : Math.max(prev, v);
        }
        // llama.cpp counts cached prompt tokens apart from the ones it processed (prompt_tokens_total
        // excludes them): every prompt token was looked up, so queries = cached + processed.
        if (e.engine === 'llamacpp') {
            const cached = byName.get('llamacpp:prompt_tokens_cached_total');
            const fresh = byName.get('llamacpp:prompt_tokens_total');
            const c = cached &&
                aggregate(cached.map((x) => x.value), 'sum');
            const f = fresh &&
                aggregate(fresh.map((x) => x.value), 'sum');
            if (c !== undefined && f !== undefined)
                reading.prefix_cache_queries_total = (reading.prefix_cache_queries_total ?? 0) + c + f;
        }
    }
    return { engines, reading };
}
/** Combines values over label sets; NaN values are ignored. */
function aggregate(values, how) {
    const ok = values.filter((v) => !Number.isNaN(v));
    if (ok.length === 0)
        return undefined;
    if (how === 'sum')
        return ok.reduce((a, b) => a + b, 0);
    if (how === 'max')
        return Math.max(...ok);
    return ok.reduce((a, b) => a + b, 0) / ok.length;
}
/** One value per series after collapsing shard labels (max within a group of shards). */
function combineShards(series) {
    const groups = new Map();
    for (const s of series) {
        const key = Object.keys(s.labels)
            .filter((k) => !SHARD_LABELS.has(k))
            .sort()
            .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
            .join(',');
        const prev = groups.get(key);
        groups.set(key, prev === undefined || Number.isNaN(prev) ? s.value : Number.isNaN(s.value) ? prev : Math.max(prev, s.value));
    }
    return [...groups.values()];
}

;// CONCATENATED MODULE: ./lib/servermetrics/parse.js
/**
 * Prometheus text exposition format (0.0.4, and the parts of OpenMetrics 1.0 a /metrics page
 * commonly carries) → flat samples. Histograms and summaries come out as their plain series
 * (`x_bucket{le="…"}`, `x_sum`, `x_count`); nothing is interpreted beyond one line at a time.
 *
 * Lenient on purpose: a malformed line is skipped and counted, never thrown, so one odd
 * exporter line cannot cost a whole scrape. Handles HELP/TYPE/other comments, `# EOF`,
 * CRLF, label values with escaped `\\`, `\"` and `\n`, trailing commas in label sets,
 * Prometheus 3 quoted (UTF-8) metric and label names, NaN/±Inf values, optional
 * timestamps and OpenMetrics exemplars (ignored).
 *
 * Kept behind {@link MetricsTextParser} so a library parser could replace it without touching
 * the mapping or the observer.
 */
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'unknown', 'info', 'stateset', 'gaugehistogram']);
const SUFFIXES = (/* unused pure expression or super */ null && (['_bucket', '_sum', '_count', '_total', '_created', '_gsum', '_gcount', '_info']));
/** The declared type of a sample's family (`x_bucket` → the TYPE of `x`), if any. */
function typeOf(types, name) {
    const t = types.get(name);
    if (t)
        return t;
    for (const s of SUFFIXES)
        if (name.endsWith(s))
            return types.get(name.slice(0, -s.length));
    return undefined;
}
/** Parses a number as Prometheus writes it: floats, NaN, +Inf, -Inf (case-insensitive). */
function parseValue(tok) {
    switch (tok.toLowerCase()) {
        case 'nan':
            return NaN;
        case '+inf':
        case 'inf':
            return Infinity;
        case '-inf':
            return -Infinity;
    }
    if (tok === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(tok))
        return undefined;
    return Number(tok);
}
function parsePrometheusText(text, opts = {}) {
    const out = { samples: [], types: new Map(), malformed: 0 };
    for (const raw of text.split('\n')) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const i = skipWs(line, 0);
        if (i >= line.length)
            continue;
        if (line[i] === '#') {
            const m = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line.slice(i));
            if (m && TYPES.has(m[2].toLowerCase()))
                out.types.set(m[1], m[2].toLowerCase());
            continue; // HELP, EOF and free comments carry no samples
        }
        const r = parseSampleLine(line, i, opts.accept);
        if (r === 'skip')
            continue;
        if (r === undefined)
            out.malformed++;
        else
            out.samples.push(r);
    }
    return out;
}
const prometheusTextParser = { parse: parsePrometheusText };
const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
function parseSampleLine(line, start, accept) {
    let i = start;
    let name = '';
    if (NAME_START.test(line[i])) {
        while (i < line.length && NAME_CHAR.test(line[i]))
            i++;
        name = line.slice(start, i);
        if (accept && !accept(name))
            return 'skip';
    }
    else if (line[i] !== '{')
        return undefined;
    const labels = {};
    if (name !== '' && line[skipWs(line, i)] === '{')
        i = skipWs(line, i);
    if (line[i] === '{') {
        i++;
        for (;;) {
            i = skipWs(line, i);
            if (line[i] === '}') {
                i++;
                break;
            }
            let key;
            if (line[i] === '"') {
                const s = readQuoted(line, i);
                if (!s)
                    return undefined;
                i = skipWs(line, s.end);
                if (line[i] !== '=') {
                    // Prometheus 3: a lone quoted string inside the braces is the metric name.
                    if (name !== '')
                        return undefined;
                    name = s.value;
                    if (accept && !accept(name))
                        return 'skip';
                    if (line[i] === ',')
                        i++;
                    continue;
                }
                key = s.value;
            }
            else {
                const k0 = i;
                if (!/[a-zA-Z_]/.test(line[i] ?? ''))
                    return undefined;
                while (i < line.length && /[a-zA-Z0-9_]/.test(line[i]))
                    i++;
                key = line.slice(k0, i);
                i = skipWs(line, i);
            }
            if (line[i] !== '=')
                return undefined;
            i = skipWs(line, i + 1);
            const v = readQuoted(line, i);
            if (!v)
                return undefined;
            labels[key] = v.value;
            i = skipWs(line, v.end);
            if (line[i] === ',')
                i++;
            else if (line[i] !== '}')
                return undefined;
        }
    }
    if (name === '')
        return undefined;
    if (Object.keys(labels).length === 0 && line[i - 1] !== '}' && line[i] !== ' ' && line[i] !== '\t')
        return undefined; // `name` must end at a space
    const rest = line
        .slice(i)
        .trim()
        .split(/[ \t]+/);
    const value = parseValue(rest[0] ?? '');
    if (value === undefined)
        return undefined;
    const sample = { name, labels, value };
    let next = 1;
    if (rest[next] !== undefined && rest[next] !== '#') {
        const ts = Number(rest[next]);
        if (rest[next] === '' || !Number.isFinite(ts))
            return undefined;
        sample.timestamp = ts;
        next++;
    }
    // Anything further must be an OpenMetrics exemplar (`# {…} v [ts]`), which we ignore.
    if (rest[next] !== undefined && rest[next] !== '#')
        return undefined;
    return sample;
}
function skipWs(s, i) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t'))
        i++;
    return i;
}
/** Reads a double-quoted string at `i` with \\, \" and \n escapes; other escapes stay literal. */
function readQuoted(s, i) {
    if (s[i] !== '"')
        return undefined;
    let out = '';
    for (let j = i + 1; j < s.length; j++) {
        const c = s[j];
        if (c === '"')
            return { value: out, end: j + 1 };
        if (c === '\\' && j + 1 < s.length) {
            const n = s[++j];
            out += n === 'n' ? '\n' : n === '\\' || n === '"' ? n : '\\' + n;
        }
        else
            out += c;
    }
    return undefined; // unterminated
}

;// CONCATENATED MODULE: ./lib/servermetrics/observer.js
/**
 * Background scraper of server-side metrics, summarised per named window (one per gate phase
 * or level).
 *
 * - Scrapes only while at least one window is open, every `intervalMs`, plus once when a
 *   window begins and once when it ends (so a short window still has both ends for counter
 *   deltas). At most one scrape per source is in flight; a source that is still busy when the
 *   next tick comes is skipped for that tick.
 * - Nothing here blocks the load generator: scrapes are plain async fetches with a timeout,
 *   and only metric names the mapping reads are parsed. Failures (refused, timeout, HTTP
 *   status, bad JSON) are counted per window, never thrown.
 * - kind 'metrics' reads an engine's (or exporter's) Prometheus text page; kind 'prometheus'
 *   asks a Prometheus server's HTTP API (/api/v1/query, instant vectors) one PromQL query
 *   per field. Counter deltas from a Prometheus server are only as fresh as its own scrape
 *   interval, so give windows several of its scrape intervals.
 *
 * - The engine's batch slot count is not on its /metrics page: once per 'metrics' source whose
 *   page shows llama.cpp (or TGI), the observer asks the same server's /props (total_slots,
 *   else the length of /slots) or /info (max_batch_size) — at most two requests per source per
 *   run, never retried; a failure just leaves the count unknown.
 *
 * Window summary: gauges are mean and max over the window's scrapes; the prefix-cache hit
 * rate is Δhits / Δqueries between the window's first and last scrape (counter resets
 * handled as Prometheus does), falling back to the mean of a hit-rate gauge (SGLang, vLLM V0)
 * when there are no counters or no lookups happened. Several sources combine as the
 * mapping combines label sets: running/waiting add up (the max of a sum is bounded by the sum
 * of maxes, which is what we report), usage fractions keep the busiest source.
 */




/** Default PromQL for kind 'prometheus' (vLLM names; DCGM for the GPU). */
const DEFAULT_PROMETHEUS_QUERIES = {
    kv_cache_usage: 'max(vllm:kv_cache_usage_perc or vllm:gpu_cache_usage_perc)',
    prefix_cache_queries_total: 'sum(vllm:prefix_cache_queries_total)',
    prefix_cache_hits_total: 'sum(vllm:prefix_cache_hits_total)',
    requests_running: 'sum(vllm:num_requests_running)',
    requests_waiting: 'sum(vllm:num_requests_waiting)',
    gpu_utilization: 'max(DCGM_FI_DEV_GPU_UTIL) / 100',
    preemptions_total: 'sum(vllm:num_preemptions_total)',
    prompt_tokens_total: 'sum(vllm:prompt_tokens_total)',
    generation_tokens_total: 'sum(vllm:generation_tokens_total)',
};
function startServerObserver(sources, opts = {}) {
    const intervalMs = Math.max(10, opts.intervalMs ?? 1000);
    const timeoutMs = opts.timeoutMs ?? Math.min(5000, Math.max(1000, 2 * intervalMs));
    const parser = opts.parser ?? prometheusTextParser;
    const clock = opts.clock ?? util_clock/* realClock */.d;
    const stopper = new AbortController();
    const windows = new Map();
    const states = sources.map((src) => ({ src, records: [], again: false, slotsAsked: false }));
    let stopped = false;
    const scrape = async (st) => {
        const at = clock.now();
        const signal = AbortSignal.any([stopper.signal, AbortSignal.timeout(timeoutMs)]);
        const headers = { ...opts.headers, ...st.src.headers };
        try {
            if (st.src.kind === 'prometheus')
                return { at, ...(await scrapePrometheus(st.src, headers, signal)) };
            const res = await fetch(st.src.url, { headers: { accept: 'text/plain', ...headers }, signal });
            const body = await res.text();
            if (!res.ok)
                return { at, error: `HTTP ${res.status} from ${(0,url/* redactUrl */.B)(st.src.url)}` };
            const { engines, reading } = mapSamples(parser.parse(body, { accept: isRelevantName }).samples);
            if (!st.slotsAsked && (engines.includes('llamacpp') || engines.includes('tgi'))) {
                st.slotsAsked = true;
                st.slots = await fetchSlots(st.src.url, engines.includes('llamacpp') ? 'llamacpp' : 'tgi', headers, signal);
            }
            return { at, reading, engines };
        }
        catch (e) {
            return { at, error: (0,url/* redactUrl */.B)(describeError(e, st.src.url, timeoutMs)) };
        }
    };
    const kick = (st) => {
        if (st.inflight) {
            st.again = true;
            return st.inflight;
        }
        const p = scrape(st).then((rec) => {
            if (windows.size > 0)
                st.records.push(rec);
        });
        st.inflight = p.finally(() => {
            st.inflight = undefined;
            if (st.again && !stopped && windows.size > 0) {
                st.again = false;
                void kick(st);
            }
        });
        return st.inflight;
    };
    /** Waits until the source has a scrape that started at or after `after`. */
    const fresh = async (st, after) => {
        for (let i = 0; i < 3 && !stopped; i++) {
            const last = st.records.at(-1);
            if (last && last.at >= after)
                return;
            await (st.inflight ?? kick(st));
        }
    };
    // One pending tick at most, and only while a window is open.
    let tick;
    const schedule = () => {
        if (stopped || windows.size === 0 || tick)
            return;
        tick = clock.setTimer(() => {
            tick = undefined;
            if (stopped || windows.size === 0)
                return;
            for (const st of states)
                if (!st.inflight)
                    void kick(st);
            schedule();
        }, intervalMs);
    };
    return {
        beginWindow(name) {
            if (stopped)
                return;
            windows.set(name, clock.now());
            for (const st of states)
                void kick(st);
            schedule();
        },
        async endWindow(name) {
            const begin = windows.get(name);
            if (begin === undefined)
                return undefined;
            const end = clock.now();
            await Promise.all(states.map((st) => fresh(st, end)));
            windows.delete(name);
            const w = summarise(states.map((st) => ({ kind: st.src.kind ?? 'metrics', records: st.records.filter((r) => r.at >= begin), slots: st.slots })));
            // Keep only what open windows still need.
            const oldest = Math.min(...windows.values());
            for (const st of states)
                st.records = windows.size ? st.records.filter((r) => r.at >= oldest) : [];
            if (windows.size === 0) {
                tick?.cancel();
                tick = undefined;
            }
            return w;
        },
        async stop() {
            stopped = true;
            tick?.cancel();
            tick = undefined;
            stopper.abort();
            await Promise.all(states.map((st) => st.inflight));
        },
    };
}
/**
 * The engine's batch slot count from its info endpoint, beside the metrics page: llama.cpp
 * /props total_slots (else the number of entries of /slots), TGI /info max_batch_size.
 * Undefined when the endpoint is missing, disabled or says nothing usable.
 */
async function fetchSlots(metricsUrl, engine, headers, signal) {
    const get = async (path) => {
        try {
            const res = await fetch(new URL(path, metricsUrl), { headers: { accept: 'application/json', ...headers }, signal });
            const text = await res.text();
            return res.ok ? JSON.parse(text) : undefined;
        }
        catch {
            return undefined;
        }
    };
    const count = (x) => (typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : undefined);
    if (engine === 'tgi')
        return count((await get('info'))?.max_batch_size);
    const props = (await get('props'));
    const n = count(props?.total_slots);
    if (n !== undefined || signal.aborted)
        return n;
    const slots = await get('slots');
    return Array.isArray(slots) && slots.length > 0 ? slots.length : undefined;
}
async function scrapePrometheus(src, headers, signal) {
    const base = src.url.replace(/\/+$/, '');
    const endpoint = /\/api\/v1\/query$/.test(base) ? base : `${base}/api/v1/query`;
    const queries = Object.entries({ ...DEFAULT_PROMETHEUS_QUERIES, ...src.query }).filter((e) => typeof e[1] === 'string' && e[1] !== '');
    const results = await Promise.allSettled(queries.map(async ([field, q]) => {
        const res = await fetch(`${endpoint}?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/json', ...headers }, signal });
        const text = await res.text();
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw new Error(`HTTP ${res.status} from ${endpoint}: not JSON`);
        }
        if (body.status !== 'success')
            throw new Error(`Prometheus ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'query failed'} (${field}: ${q})`);
        return [field, promValue(body, FIELD_AGGREGATION[field])];
    }));
    const reading = {};
    let error;
    for (const r of results) {
        if (r.status === 'rejected')
            error ??= describeError(r.reason, endpoint, 0);
        else if (r.value[1] !== undefined)
            reading[r.value[0]] = r.value[1];
    }
    // Any failed query marks the scrape as an error, but the fields that came back still count.
    const ok = results.some((r) => r.status === 'fulfilled');
    return { ...(ok ? { reading, engines: ['prometheus'] } : {}), ...(error !== undefined ? { error } : {}) };
}
/** The value of an instant query: vector results are combined over series; empty → undefined. */
function promValue(body, how) {
    const d = body.data;
    if (!d || !Array.isArray(d.result))
        return undefined;
    if (d.resultType === 'scalar')
        return parseValue(String(d.result[1]));
    if (d.resultType !== 'vector')
        return undefined;
    const values = d.result.map((s) => parseValue(String(s.value?.[1] ?? ''))).filter((v) => v !== undefined);
    return aggregate(values, how);
}
function describeError(e, url, timeoutMs) {
    const err = e;
    if (err?.name === 'TimeoutError')
        return `timed out after ${timeoutMs} ms: ${url}`;
    if (err?.name === 'AbortError')
        return `aborted: ${url}`;
    const cause = err?.cause?.code ?? err?.cause?.message;
    return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}${err?.message?.includes(url) ? '' : `: ${url}`}`;
}
const GAUGES = ['kv_cache_usage', 'requests_running', 'requests_waiting', 'gpu_utilization'];
/** Builds a window summary from each source's records inside the window. */
function summarise(sources) {
    const engines = new Set();
    let samples = 0;
    let errors = 0;
    let lastError;
    const perSource = [];
    for (const s of sources) {
        const ok = s.records.filter((r) => r.reading);
        samples += ok.length;
        for (const r of s.records) {
            if (r.error === undefined)
                continue;
            errors++;
            if (!lastError || r.at >= lastError.at)
                lastError = { at: r.at, msg: r.error };
        }
        for (const r of ok)
            for (const e of r.engines ?? [])
                engines.add(e);
        const sum = { gauges: {}, deltas: {} };
        for (const f of [...GAUGES, 'prefix_cache_hit_rate']) {
            const v = ok.map((r) => r.reading[f]).filter((x) => x !== undefined && Number.isFinite(x));
            if (v.length)
                sum.gauges[f] = { mean: v.reduce((a, b) => a + b, 0) / v.length, max: Math.max(...v) };
        }
        for (const f of FIELDS) {
            if (!COUNTER_FIELDS.has(f))
                continue;
            const pts = ok.map((r) => ({ at: r.at, v: r.reading[f] })).filter((p) => p.v !== undefined && Number.isFinite(p.v));
            if (pts.length < 2)
                continue;
            let delta = 0;
            for (let i = 1; i < pts.length; i++) {
                const d = pts[i].v - pts[i - 1].v;
                delta += d >= 0 ? d : pts[i].v; // a drop means the counter restarted from zero
            }
            sum.deltas[f] = { delta, spanMs: pts.at(-1).at - pts[0].at };
        }
        perSource.push(sum);
    }
    const order = ['vllm', 'sglang', 'tgi', 'llamacpp', 'prometheus', 'dcgm'];
    const w = {
        engine: engines.size ? [...engines].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join('+') : 'unknown',
        samples,
        scrape_errors: errors,
    };
    if (lastError)
        w.last_error = lastError.msg;
    const slots = sources.map((s) => s.slots).filter((n) => n !== undefined);
    if (slots.length)
        w.batch_slots = slots.reduce((a, b) => a + b, 0);
    for (const f of GAUGES) {
        const st = perSource.map((p) => p.gauges[f]).filter((x) => x !== undefined);
        if (!st.length)
            continue;
        const add = FIELD_AGGREGATION[f] === 'sum';
        const comb = (k) => (add ? st.reduce((a, b) => a + b[k], 0) : Math.max(...st.map((x) => x[k])));
        w[f] = { mean: round4(comb('mean')), max: round4(comb('max')) };
    }
    const sumDelta = (f) => {
        const d = perSource.map((p) => p.deltas[f]).filter((x) => x !== undefined);
        return d.length ? d.reduce((a, b) => a + b.delta, 0) : undefined;
    };
    const pre = sumDelta('preemptions_total');
    if (pre !== undefined)
        w.preemptions = pre;
    const q = sumDelta('prefix_cache_queries_total');
    const h = sumDelta('prefix_cache_hits_total');
    if (q !== undefined && h !== undefined && q > 0)
        w.prefix_cache_hit_rate = round4(Math.min(1, h / q));
    else {
        const g = perSource.map((p) => p.gauges.prefix_cache_hit_rate).filter((x) => x !== undefined);
        if (g.length)
            w.prefix_cache_hit_rate = round4(g.reduce((a, b) => a + b.mean, 0) / g.length);
    }
    for (const [f, key] of [
        ['prompt_tokens_total', 'prompt_tokens_per_s'],
        ['generation_tokens_total', 'generation_tokens_per_s'],
    ]) {
        const rates = perSource
            .map((p) => p.deltas[f])
            .filter((d) => d !== undefined && d.spanMs > 0)
            .map((d) => (d.delta / d.spanMs) * 1000);
        if (rates.length)
            w[key] = Math.round(rates.reduce((a, b) => a + b, 0) * 100) / 100;
    }
    return w;
}
function round4(x) {
    return Math.round(x * 10000) / 10000;
}

;// CONCATENATED MODULE: ./lib/servermetrics/bottleneck.js
const SATURATED_RESOURCES = (/* unused pure expression or super */ null && (['batch_slots', 'kv_cache', 'compute', 'gpu_compute', 'queue', 'client', 'unknown']));
const DEFAULT_BOTTLENECK_THRESHOLDS = { kvCacheUsage: 0.9, waitingMean: 1, gpuUtilization: 0.95, runningPlateau: 0.9, decodeSlowdown: 1.3 };
/** What would decide the bottleneck when no server metric does. */
const METRICS_ADVICE = "set server_metrics.target: true to scrape the engine's /metrics (vLLM, SGLang, TGI, llama-server --metrics: running and waiting requests, KV-cache usage) and add a DCGM exporter source for GPU utilisation";
function firstSaturatedResource(windows, thresholds = {}) {
    const t = { ...DEFAULT_BOTTLENECK_THRESHOLDS, ...thresholds };
    const ordered = windows
        .map((w, i) => ({ w, i }))
        .sort((a, b) => a.w.offered - b.w.offered || a.i - b.i)
        .map((x) => x.w)
        .filter((w) => w.valid !== false || w.clientLimited);
    const reference = ordered.find((w) => w.valid !== false && !w.clientLimited && w.summary && w.summary.requests.ok > 0);
    // Past a saturated level that had no server data, only a clear finding at a higher level may still name it.
    let pending;
    for (const lw of ordered) {
        const w = hasData(lw.window) ? lw.window : undefined;
        const found = w ? clear(lw, w, t) : undefined;
        if (found)
            return found;
        if (pending)
            continue;
        if (lw.clientLimited)
            return clientBottleneck(lw);
        if (!lw.saturated)
            continue;
        if (w)
            return weak(lw, w, reference, t);
        pending = {
            resource: 'unknown',
            level: lw.level,
            evidence: lw.window
                ? `${at(lw)} the client saw saturation but no server metrics were scraped during the level${lw.window.scrape_errors ? ` (${lw.window.scrape_errors} scrapes failed: see the level's server column and results.json server.last_error)` : ''}.`
                : `${at(lw)} the client saw saturation but no server metrics were available to name the resource; ${METRICS_ADVICE}.`,
        };
    }
    return pending;
}
function hasData(w) {
    return w !== undefined && w.samples > 0;
}
/** Slot count: the engine's own figure, else the caller's. */
function slotsOf(w, t) {
    if (w.batch_slots !== undefined && w.batch_slots > 0)
        return { n: w.batch_slots, from: "the engine's slot count" };
    if (t.batchSlots !== undefined && t.batchSlots > 0)
        return { n: t.batchSlots, from: 'the configured batch limit' };
    return undefined;
}
/** Server evidence strong enough to name a resource at any level. */
function clear(lw, w, t) {
    const level = lw.level;
    const { kv_cache_usage: kv, requests_running: run, requests_waiting: wait, gpu_utilization: gpu } = w;
    const queued = wait !== undefined && wait.mean >= t.waitingMean;
    const waitText = wait && wait.max > 0 ? `, with ${num(wait.mean)} requests waiting on average (max ${num(wait.max)})` : '';
    const slots = slotsOf(w, t);
    if (slots && run && wait && run.max >= slots.n && (queued || (wait.max > 0 && run.mean >= t.runningPlateau * slots.n))) {
        return { resource: 'batch_slots', level, evidence: `${at(lw)} ${slotsText(slots, run)}${waitText}: the batch slots are the limit.` };
    }
    const pre = w.preemptions !== undefined && w.preemptions > 0 ? w.preemptions : undefined;
    if ((kv && kv.max >= t.kvCacheUsage) || pre !== undefined) {
        const parts = [];
        if (kv)
            parts.push(`the KV cache reached ${pct(kv.max)} full (mean ${pct(kv.mean)})`);
        if (pre !== undefined)
            parts.push(`the engine preempted ${num(pre)} request${pre === 1 ? '' : 's'}`);
        return { resource: 'kv_cache', level, evidence: `${at(lw)} ${parts.join(' and ')}${waitText}.` };
    }
    if (gpu && gpu.mean >= t.gpuUtilization) {
        return { resource: 'gpu_compute', level, evidence: `${at(lw)} GPU utilisation averaged ${pct(gpu.mean)} (max ${pct(gpu.max)})${waitText}.` };
    }
    if (queued && run && run.max > 0 && run.mean >= t.runningPlateau * run.max) {
        return { resource: 'batch_slots', level, evidence: plateauText(lw, w) };
    }
    if (queued) {
        return {
            resource: 'queue',
            level,
            evidence: `${at(lw)} ${num(wait.mean)} requests waited on average (max ${num(wait.max)}) without a full KV cache, batch or GPU to explain it (${readings(w)}).`,
        };
    }
    return undefined;
}
/** At the first client-saturated level: the best explanation the evidence supports. */
function weak(lw, w, ref, t) {
    const level = lw.level;
    const { requests_running: run, requests_waiting: wait } = w;
    const deferred = wait !== undefined && wait.max > 0;
    const slots = slotsOf(w, t);
    if (slots && run && deferred && run.max >= slots.n) {
        return {
            resource: 'batch_slots',
            level,
            evidence: `${at(lw)} ${slotsText(slots, run)}, and up to ${num(wait.max)} requests waited (mean ${num(wait.mean)}): the batch slots are the limit.`,
        };
    }
    // Without a known ceiling, a batch that merely fluctuates near its max is not a plateau: stricter here.
    if (!slots && run && deferred && run.max > 0 && run.mean >= Math.max(0.95, t.runningPlateau) * run.max) {
        return { resource: 'batch_slots', level, evidence: plateauText(lw, w) };
    }
    const decode = decodeSlowdown(lw, ref, t);
    // The queue stayed empty, or short and passing (a request now and then waiting for the next step).
    if (decode && wait && wait.mean < t.waitingMean) {
        const batch = run && ref?.window?.requests_running
            ? ` while the batch grew from ${num(ref.window.requests_running.mean)} to ${num(run.mean)} running requests (max ${num(run.max)})`
            : run
                ? ` with ${num(run.mean)} requests running (max ${num(run.max)})`
                : '';
        const queue = deferred ? `the queue stayed short (${num(wait.mean)} waiting on average, max ${num(wait.max)})` : 'no request waited';
        const kv = w.kv_cache_usage ? `, the KV cache at most ${pct(w.kv_cache_usage.max)} full` : '';
        return { resource: 'compute', level, evidence: `${at(lw)} ${decode}${batch}, and ${queue}${kv}: the decode step is the limit.` };
    }
    if (deferred) {
        return {
            resource: 'queue',
            level,
            evidence: `${at(lw)} up to ${num(wait.max)} requests waited (mean ${num(wait.mean)}) without a full KV cache, batch or GPU to explain it (${readings(w)}).`,
        };
    }
    return {
        resource: 'unknown',
        level,
        evidence: `${at(lw)} the client saw saturation but no server metric explains it (${readings(w)}${decode ? `; ${decode}` : ''}); ${missingAdvice(w, slots !== undefined)}.`,
    };
}
/** "ITL p50 7.6 → 19 ms and TPOT p50 … from level a to b", when the decode step slowed enough. */
function decodeSlowdown(lw, ref, t) {
    const s = lw.summary;
    const r = ref?.summary;
    if (!s || !r || ref === lw || s.requests.ok === 0)
        return undefined;
    const rise = (a, b) => (a > 0 && b > 0 ? b / a : 0);
    const itl = rise(r.itl_ms.p50, s.itl_ms.p50);
    const tpot = rise(r.tpot_ms.p50, s.tpot_ms.p50);
    if (Math.max(itl, tpot) < t.decodeSlowdown)
        return undefined;
    const parts = [];
    if (itl > 0)
        parts.push(`ITL p50 ${ms(r.itl_ms.p50)} → ${ms(s.itl_ms.p50)} ms (p99 ${ms(r.itl_ms.p99)} → ${ms(s.itl_ms.p99)} ms)`);
    if (tpot > 0)
        parts.push(`TPOT p50 ${ms(r.tpot_ms.p50)} → ${ms(s.tpot_ms.p50)} ms`);
    return `${parts.join(' and ')} from level ${ref.level}`;
}
function clientBottleneck(lw) {
    const s = lw.summary;
    const figures = [];
    if (lw.reason)
        figures.push(lw.reason);
    else if (s)
        figures.push(`send lag P99 ${ms(s.send_lag_ms.p99)} ms`);
    if (s && s.offered.kind === 'rate' && s.offered.value > 0)
        figures.push(`${num(s.sent_rps)} of ${num(s.offered.value)} req/s sent`);
    const why = figures.length ? ` (${figures.join('; ')})` : '';
    return {
        resource: 'client',
        level: lw.level,
        evidence: `${at(lw)} the load generator could not keep up${why}, so the endpoint was not measured beyond this load: run the generator on a machine with more free CPU, or lower run.max_in_flight.`,
    };
}
function slotsText(slots, run) {
    return `${num(Math.min(run.max, slots.n))} of ${num(slots.n)} slots were busy (${slots.from}; running mean ${num(run.mean)})`;
}
function plateauText(lw, w) {
    const run = w.requests_running;
    const wait = w.requests_waiting;
    const kvText = w.kv_cache_usage ? ` while the KV cache was at most ${pct(w.kv_cache_usage.max)} full` : '';
    return `${at(lw)} running requests held at about ${num(run.max)} (mean ${num(run.mean)})${kvText}, and ${num(wait.mean)} waited on average (max ${num(wait.max)}): the batch limit is reached.`;
}
/** Which missing metrics would decide the bottleneck, for this engine. */
function missingAdvice(w, slotsKnown) {
    const missing = [];
    if (!w.requests_running || !w.requests_waiting)
        missing.push('running and waiting requests (vLLM num_requests_running/num_requests_waiting, llama.cpp requests_processing/requests_deferred)');
    if (w.engine.includes('llamacpp') && !slotsKnown)
        missing.push("the slot count (llama-server's /props or /slots endpoint)");
    if (!w.kv_cache_usage && !w.engine.includes('llamacpp'))
        missing.push('KV-cache usage (vLLM kv_cache_usage_perc, SGLang token_usage)');
    if (!w.gpu_utilization)
        missing.push('GPU utilisation (scrape a DCGM exporter as a server_metrics source)');
    return missing.length
        ? `metrics that would decide it: ${missing.join('; ')}`
        : 'every mapped metric was below its threshold; the limit may lie outside the engine (network, proxy, rate limiter)';
}
function at(lw) {
    return `At level ${lw.level} (offered ${num(lw.offered)})`;
}
function readings(w) {
    const parts = [];
    if (w.kv_cache_usage)
        parts.push(`KV cache max ${pct(w.kv_cache_usage.max)}`);
    if (w.requests_running)
        parts.push(`running max ${num(w.requests_running.max)}`);
    if (w.batch_slots !== undefined)
        parts.push(`${num(w.batch_slots)} slots`);
    if (w.requests_waiting)
        parts.push(`waiting mean ${num(w.requests_waiting.mean)}`);
    if (w.gpu_utilization)
        parts.push(`GPU mean ${pct(w.gpu_utilization.mean)}`);
    return parts.length ? parts.join(', ') : 'no usable server metrics';
}
function pct(x) {
    return `${Math.round(x * 100)}%`;
}
function num(x) {
    return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
function ms(x) {
    return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

;// CONCATENATED MODULE: ./lib/servermetrics/format.js
/** How a resource reads in a sentence: "batch slots", "KV cache", "compute (decode step)". */
const RESOURCE_LABELS = {
    batch_slots: 'batch slots',
    kv_cache: 'KV cache',
    compute: 'compute (decode step)',
    gpu_compute: 'GPU compute',
    queue: 'queue',
    client: 'client (load generator)',
    unknown: 'unknown',
};
/** One log line for the CLI and the action: "bottleneck: batch slots — At level … ." */
function bottleneckLine(b) {
    return `bottleneck: ${RESOURCE_LABELS[b.resource]} — ${b.evidence}`;
}
function formatServerWindow(w) {
    if (!w || w.samples === 0)
        return w && w.scrape_errors > 0 ? `— (${w.scrape_errors} scrape errors)` : '—';
    const parts = [];
    const pct = (x) => `${Math.round(x * 100)}%`;
    const num = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
    const gauge = (label, g, f) => {
        if (g)
            parts.push(`${label} ${f(g.mean)}${g.max !== g.mean ? ` (max ${f(g.max)})` : ''}`);
    };
    gauge('KV', w.kv_cache_usage, pct);
    if (w.prefix_cache_hit_rate !== undefined)
        parts.push(`prefix hit ${pct(w.prefix_cache_hit_rate)}`);
    gauge('running', w.requests_running, num);
    if (w.batch_slots !== undefined)
        parts.push(`${w.batch_slots} slots`);
    gauge('waiting', w.requests_waiting, num);
    gauge('GPU', w.gpu_utilization, pct);
    if (w.preemptions)
        parts.push(`${num(w.preemptions)} preempted`);
    if (w.scrape_errors > 0)
        parts.push(`${w.scrape_errors} scrape errors`);
    return parts.length ? parts.join(' · ') : '—';
}

;// CONCATENATED MODULE: ./lib/servermetrics/index.js
/** Server-side metrics during load: scrape engine /metrics pages or a Prometheus API, per window. */





/***/ }),

/***/ 19746:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I5: () => (/* binding */ proportionSpread),
/* harmony export */   kD: () => (/* binding */ rateRelativeSpread),
/* harmony export */   o7: () => (/* binding */ latencySpreadFloorMs),
/* harmony export */   xY: () => (/* binding */ percentileSpreadMs)
/* harmony export */ });
/** z for a two-sided 95% interval. */
const Z = 1.96;
/**
 * Half-width of a 95% confidence interval of the p-th percentile (0..100), in the histogram's
 * units ÷ 1000 (ms for our µs histograms), from order statistics: the true quantile lies between
 * the samples of ranks n·q ± z·√(n·q(1−q)). Needs no distribution assumption, but does assume
 * independent samples: pass `independent` (e.g. the number of requests) when the samples come in
 * correlated clumps — every inter-token gap of one request shares its conditions, so a run of
 * 100 requests is not 10,000 independent ITL samples.
 */
function percentileSpreadMs(h, p, independent = h.totalCount) {
    const n = Math.min(h.totalCount, independent);
    // One sample says nothing about its spread: call it ±100 % (JSON has no Infinity).
    if (n < 2)
        return h.maxValue / 1000;
    const q = p / 100;
    const half = Z * Math.sqrt((q * (1 - q)) / n);
    const lo = Math.max(0, (q - half) * 100);
    const hi = Math.min(100, (q + half) * 100);
    const value = h.getValueAtPercentile(p);
    const low = h.getValueAtPercentile(lo);
    const high = h.getValueAtPercentile(hi);
    return Math.max(value - low, high - value) / 1000;
}
/**
 * The smallest spread a latency can honestly claim on a shared machine: what the client itself
 * could have added (its own P99 send lag), a millisecond of timer resolution, and 5 % of the
 * value for run-to-run drift that one run cannot see.
 */
function latencySpreadFloorMs(valueMs, sendLagP99Ms) {
    return Math.max(1, sendLagP99Ms, 0.05 * valueMs);
}
/** Half-width of a 95% Wilson interval for a proportion of k in n (as a proportion). */
function proportionSpread(k, n) {
    if (n <= 0)
        return 1;
    const p = k / n;
    const z2 = Z * Z;
    const denom = 1 + z2 / n;
    return (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
}
/** Relative spread of a rate estimated from n events (Poisson counting noise). */
function rateRelativeSpread(n) {
    return n > 0 ? Z / Math.sqrt(n) : 1;
}


/***/ })

};
