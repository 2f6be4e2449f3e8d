export const id = 151;
export const ids = [151];
export const modules = {

/***/ 77151:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gateShardCommand: () => (/* binding */ gateShardCommand),
  judgeCommand: () => (/* binding */ judgeCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./lib/config/load.js
var load = __webpack_require__(76264);
// EXTERNAL MODULE: ./lib/app/regression.js
var regression = __webpack_require__(82442);
// EXTERNAL MODULE: ./lib/baseline/baseline.js + 1 modules
var baseline_baseline = __webpack_require__(12009);
// EXTERNAL MODULE: ./lib/load/pacer.js
var pacer = __webpack_require__(43091);
// EXTERNAL MODULE: ./lib/load/shard.js
var shard = __webpack_require__(83740);
// EXTERNAL MODULE: ./lib/load/clock-offset.js
var clock_offset = __webpack_require__(88228);
// EXTERNAL MODULE: ./lib/workload/index.js
var lib_workload = __webpack_require__(34057);
// EXTERNAL MODULE: ./lib/verdict/sla.js
var sla = __webpack_require__(32011);
// EXTERNAL MODULE: ./lib/results/files.js
var files = __webpack_require__(96781);
// EXTERNAL MODULE: ./lib/report/compare-markdown.js
var compare_markdown = __webpack_require__(2463);
// EXTERNAL MODULE: ./lib/report/html.js + 1 modules
var html = __webpack_require__(54919);
// EXTERNAL MODULE: ./lib/report/table.js
var table = __webpack_require__(68330);
// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(99661);
// EXTERNAL MODULE: ./lib/util/url.js
var url = __webpack_require__(47237);
// EXTERNAL MODULE: ./lib/version.js
var version = __webpack_require__(13411);
// EXTERNAL MODULE: ./lib/app/gate.js
var gate = __webpack_require__(94680);
// EXTERNAL MODULE: ./lib/app/level.js
var app_level = __webpack_require__(18469);
// EXTERNAL MODULE: ./lib/app/saturation.js
var saturation = __webpack_require__(29275);
// EXTERNAL MODULE: ./lib/app/compare.js
var compare = __webpack_require__(51872);
// EXTERNAL MODULE: ./lib/app/execute.js + 2 modules
var execute = __webpack_require__(1750);
// EXTERNAL MODULE: ./lib/app/results.js
var results = __webpack_require__(81293);
;// CONCATENATED MODULE: ./lib/app/shard-gate.js
/**
 * The gate on N machines (issue #16). A search cannot be sharded (each level depends on the last),
 * so a sharded gate runs a fixed plan every shard knows in advance: warmup (all shards), the
 * unloaded baseline (shard 1 alone: it is a reference latency, not load), saturation levels around
 * the stored baseline's saturation (0.8×, 1×, 1.2×; the config's saturation.levels without one)
 * and the SLA hold at the operating point. Each shard sends 1/N of every shared level on the slot
 * grid of load/shard.ts and writes its levels with histograms, judging nothing.
 *
 * `judgeShards` then merges each level across the shards (load/shard.ts mergeShards: histograms
 * merged, counts and rates added, start skew / send lag / missing shards checked) and judges the
 * merged levels with the single-runner gate's own code (toLevel, updateBracket, evaluateSla,
 * finish, compareResult, the same report and run directory), so the result reads the same.
 */






















/** Around the baseline's saturation: just below, at and just above the knee. */
const PLAN_FACTORS = [0.8, 1, 1.2];
/** The warmup slot's length at most (the warmup is a few requests; its timeout is for one runner's search). */
const WARMUP_SLOT_S = 30;
/**
 * The fixed plan. Around the baseline's saturation when it has one measured the same way, else the
 * config's saturation.levels; with neither a ConfigError says what to give. The operating point is
 * the baseline's (compare runs hold it, as the single-runner gate does), else sla_validation.rate /
 * concurrency, else operating_point × the baseline's saturation.
 */
function shardGatePlan(config, baseline, count) {
    const s = config.saturation;
    const notes = [];
    const fix = (x) => (s.load === 'concurrency' ? Math.max(count, Math.round(x)) : Math.round(x * 1000) / 1000);
    const knee = baseline && baseline.load === s.load ? baseline.saturation.load_value : null;
    if (baseline && baseline.load !== s.load)
        notes.push(`the baseline measured ${baseline.load}, this config ${s.load}: its saturation does not place the levels`);
    let values;
    let source;
    if (knee !== null && knee > 0) {
        values = [...new Set(PLAN_FACTORS.map((f) => fix(knee * f)))];
        source = 'baseline';
    }
    else if (s.levels.length) {
        values = s.levels.map(fix);
        source = 'config';
    }
    else
        throw new errors/* ConfigError */.xL('sharded gate', [
            'a sharded gate runs a fixed plan that every shard knows in advance: give a baseline with a measured saturation (--baseline, or --record over an earlier baseline), or list saturation.levels in the config (e.g. levels: [8, 16, 24])',
        ]);
    const levels = [];
    if (config.warmup.requests > 0)
        levels.push({
            name: 'warmup',
            phase: 'warmup',
            stage: {
                kind: 'concurrency',
                users: Math.max(count, config.warmup.concurrency),
                thinkMs: 0,
                durationS: Math.min(config.warmup.timeoutS, WARMUP_SLOT_S),
                maxRequests: Math.max(count, config.warmup.requests),
            },
        });
    levels.push({ name: 'baseline', phase: 'baseline', stage: (0,pacer/* stageOf */.gV)(config.baseline.load, config.baseline.value, config.baseline.durationS, s.arrival), only: 1 });
    values.forEach((v, i) => levels.push({ name: `sat-${i + 1}`, phase: 'saturation', value: v, stage: (0,pacer/* stageOf */.gV)(s.load, v, s.levelDurationS, s.arrival, s.thinkMs) }));
    const op = operatingPoint((0,regression/* alignOperatingPoint */.j1)(config, baseline), knee);
    if (config.slaValidation.enabled) {
        if (op)
            levels.push({
                name: 'operating-point',
                phase: 'operating_point',
                value: op.value,
                stage: (0,pacer/* stageOf */.gV)(op.load, op.load === 'concurrency' ? Math.max(count, op.value) : op.value, config.slaValidation.durationS, s.arrival, s.thinkMs),
            });
        else
            notes.push('no SLA hold: the operating point is not known in advance (set sla_validation.rate or .concurrency, or give a baseline)');
    }
    if (config.chaos?.enabled)
        notes.push('chaos: not run by a sharded gate (a fault needs one coordinator); run the chaos command on its own');
    if (config.serverMetrics.fromTarget || config.serverMetrics.sources.length)
        notes.push('server_metrics: not scraped by a sharded gate; the bottleneck is named from client figures only');
    return { source, load: s.load, levels, notes };
}
function operatingPoint(config, knee) {
    const v = config.slaValidation;
    if (v.rate !== undefined)
        return { load: 'rate', value: v.rate };
    if (v.concurrency !== undefined)
        return { load: 'concurrency', value: v.concurrency };
    if (knee === null)
        return undefined;
    const load = config.saturation.load;
    return { load, value: load === 'concurrency' ? Math.max(1, Math.round(knee * v.operatingPoint)) : Math.round(knee * v.operatingPoint * 1000) / 1000 };
}
/** Runs this shard's part of the plan on the slot grid; writes OUT/shard-i/results.json. */
async function runGateShard(unsalted, plan, o, signal, observer) {
    // The salt comes from the config (workload.salt) or is drawn here; the shard's variant keeps its prompts apart anyway.
    const config = (0,execute/* saltedConfig */.u9)(unsalted);
    const { spec } = o;
    const tag = `shard ${spec.index}/${spec.count}`;
    const dir = (0,files/* ensureDir */.A0)((0,external_node_path_.join)(config.run.out, `shard-${spec.index}`));
    const client = o.sender ? undefined : (0,execute/* clientFor */.$V)(config);
    const sender = o.sender ?? client;
    await (0,lib_workload/* prepareWorkload */.V)(config.workload);
    const seed = (0,shard/* shardSeed */.kS)(config.run.seed, spec);
    const workload = (0,lib_workload/* workloadFromConfig */.US)(config.workload, { model: config.target.model, seed, variant: (0,shard/* shardVariant */.cl)(spec) });
    observer.line(`${tag}: workload ${(0,lib_workload/* describeWorkload */.HV)(config.workload)}; plan from the ${plan.source}: ${plan.levels.map((l) => `${l.name}${l.value !== undefined ? ` ${l.value}` : ''}${l.only ? ` (shard ${l.only} alone)` : ''}`).join(', ')}`);
    for (const n of plan.notes)
        observer.line(`${tag}: ${n}`);
    const ref = o.clockRef ?? `${config.target.url.replace(/\/+$/, '')}/models`;
    const clock = ref === 'none'
        ? { source: 'none', offset_ms: null, uncertainty_ms: null, note: 'clock reference none' }
        : await (0,clock_offset/* measureClockOffset */.w)(ref, {
            signal,
            headers: o.clockRef === undefined ? config.target.headers : undefined,
            label: (0,url/* redactUrl */.B)(ref),
            budgetMs: (0,shard/* clockBudgetMs */.UP)(o.startAtMs, Date.now()),
        });
    const now = o.now ?? Date.now;
    observer.line(`${tag}: clock offset ${clock.offset_ms === null ? `unknown (${clock.note})` : `${clock.offset_ms} ms ± ${clock.uncertainty_ms} ms`}; first level due ${new Date(o.startAtMs).toISOString()} (in ${((o.startAtMs - now()) / 1000).toFixed(1)} s)`);
    const run = new shard/* ShardRun */.u({
        spec,
        stages: plan.levels.map((l) => l.stage),
        only: plan.levels.map((l) => l.only),
        startAtMs: o.startAtMs,
        drainMs: config.run.drainS * 1000,
        clock,
        seed,
        now,
        wait: o.wait,
    });
    // The gate's level pipeline (app/level.ts); a shard numbers its requests in its own range.
    const pipeline = new app_level/* LevelPipeline */.Jf({
        sender,
        workload,
        signal,
        clock: o.clock,
        run: { maxInFlight: config.run.maxInFlight, maxSendLagMs: config.run.maxSendLagMs, drainS: run.drainMs / 1000 },
        goodput: config.goodput,
        onProgress: (name, f, n) => observer.bar(name, f, n),
        seq: { next: (spec.index - 1) * shard/* SHARD_SEQ_STRIDE */.xU },
    });
    const levels = [];
    try {
        for (const [i, p] of plan.levels.entries()) {
            const stage = run.stage(i);
            if (!stage || signal.aborted)
                continue;
            await run.waitFor(i, p.name, signal);
            if (signal.aborted)
                break;
            let firstError;
            const onRecord = (r) => {
                if (r.outcome !== 'ok' && r.outcome !== 'cancelled')
                    firstError ??= `${r.outcome}: ${r.error ?? 'no detail'}`;
            };
            const m = await pipeline.measure({ name: p.name, stage, seed: seed + i, onRecord, counted: p.phase !== 'warmup' });
            levels.push({
                name: p.name,
                phase: p.phase,
                summary: m.summary,
                cpu: Math.round(m.cpu * 1000) / 1000,
                drain_expired: m.run?.drainExpired ?? 0,
                ...(p.phase === 'warmup' && firstError ? { first_error: firstError } : {}),
            });
            observer.line(`${tag}: ${p.name} sent ${m.summary.requests.sent}, ok ${m.summary.requests.ok}, started ${run.timings.at(-1).start_lag_ms.toFixed(0)} ms after due`);
        }
    }
    finally {
        await client?.close();
    }
    const doc = {
        schema_version: 1,
        kind: 'gate-shard',
        tool: { name: 'llm-loadgate', version: version/* VERSION */.x },
        name: config.name,
        status: signal.aborted ? 'cancelled' : 'complete',
        target: { url: (0,url/* redactUrl */.B)(config.target.url), model: config.target.model, endpoint: config.target.endpoint },
        fingerprint: (0,gate/* fingerprintOf */.ax)(config),
        plan: { source: plan.source, load: plan.load, levels: plan.levels, notes: plan.notes },
        shard: run.record(),
        levels,
        workload: (0,lib_workload/* workloadRecord */.rN)(config.workload, config.run.seed),
    };
    (0,files/* writeJson */.GF)((0,external_node_path_.join)(dir, 'results.json'), doc);
    return { doc, dir };
}
/**
 * Merges the shards' results and judges them as the single-runner gate would. A run-wide problem
 * (a shard missing, different plans) leaves every level invalid and the run unjudged (no SLA pass,
 * no verdict); a level-only problem (skew, lag) makes that level invalid, as a lagging level is.
 */
async function judgeShards(config, docs, mode, baselinePath, baseline, limits, log) {
    if (docs.length === 0)
        throw new errors/* UsageError */.eb('judge: no shard results given');
    for (const { file, doc } of docs)
        if (doc.kind !== 'gate-shard' || !doc.shard || !Array.isArray(doc.levels))
            throw new errors/* UsageError */.eb(`judge: ${file} is not the results.json of "llm-loadgate gate --shard i/N"`);
    const ref = docs[0].doc;
    const planLevels = ref.plan.levels;
    const shared = planLevels.filter((l) => l.only === undefined).map((l) => l.name);
    const levelOf = (d, name) => d.levels.find((l) => l.name === name);
    // mergeShards aligns a shard's timings and summaries by position: give it the shared levels only, in plan order.
    const merge = (0,shard/* mergeShards */.Ox)(docs.map(({ file, doc }) => {
        const ran = shared.filter((n) => levelOf(doc, n) && doc.shard.levels.some((t) => t.name === n));
        return {
            file,
            status: doc.status,
            shard: { ...doc.shard, levels: ran.map((n) => doc.shard.levels.find((t) => t.name === n)) },
            levels: ran.map((n) => levelOf(doc, n).summary),
        };
    }), limits);
    const problems = [...merge.problems];
    for (const { file, doc } of docs)
        if (doc.name !== ref.name)
            problems.push(`${file} is gate "${doc.name}", not "${ref.name}"`);
    const merged = new Map(merge.summaries.map((s) => [s.name, s]));
    const check = new Map(merge.levels.map((l) => [l.name, l]));
    const cpuOf = (name) => Math.max(0, ...docs.map(({ doc }) => levelOf(doc, name)?.cpu ?? 0));
    const r = (0,gate/* emptyResult */.$)(config);
    r.saturation.strategy = 'steps';
    // Judged with the config the shards ran: the same target, model, workload and SLA.
    for (const { file, doc } of docs) {
        const f = doc.fingerprint;
        const diff = [
            ...(doc.target.url !== r.target.url ? [`target ${doc.target.url}`] : []),
            ...(f.model !== r.fingerprint.model ? [`model ${f.model}`] : []),
            ...(f.workload_hash !== r.fingerprint.workload_hash ? ['workload'] : []),
            ...(f.sla_hash !== r.fingerprint.sla_hash ? ['sla'] : []),
        ];
        if (diff.length)
            problems.push(`${file} ran another config than judge's --config (${diff.join(', ')} differ): judge with the loadgate.yml the shards ran`);
    }
    const shardInvalid = (level, name) => {
        const c = check.get(name);
        const why = [...problems, ...(c?.problems ?? [])];
        if (!c)
            why.push(`no shard ran ${name}`);
        if (why.length === 0)
            return;
        level.valid = false;
        level.invalid_reason = `shards: ${why.join('; ')}`;
    };
    const warm = merged.get('warmup');
    if (warm) {
        const firstError = docs.map(({ doc }) => levelOf(doc, 'warmup')?.first_error).find(Boolean);
        r.warmup = {
            requests: warm.requests.sent,
            ok: warm.requests.ok,
            errors: warm.requests.errors,
            ...(firstError ? { first_error: firstError } : {}),
            ttft_p50_ms: warm.ttft_ms.p50,
        };
        if (warm.requests.sent > 0 && warm.requests.ok === 0) {
            r.status = 'endpoint_down';
            r.error = `warmup: none of ${warm.requests.sent} requests of the shards to ${(0,url/* redactUrl */.B)(config.target.url)} (model ${config.target.model}) succeeded (first: ${firstError ?? 'none recorded'}). Check that the endpoint is up, the URL and model name are right, and the API key (if any) is valid.`;
        }
    }
    const basePlan = planLevels.find((l) => l.phase === 'baseline');
    const baseDoc = basePlan ? docs.find(({ doc }) => doc.shard.index === basePlan.only) : undefined;
    const base = baseDoc ? levelOf(baseDoc.doc, 'baseline') : undefined;
    if (basePlan && !base)
        problems.push(`the baseline level (run by shard ${basePlan.only} alone) is missing: without it the saturation criteria have no reference latency`);
    if (base) {
        r.baseline = (0,app_level/* toLevel */.e3)('baseline', { summary: base.summary, cpu: base.cpu }, config, undefined);
        r.load_minutes += base.summary.duration_s / 60;
    }
    const baseP99 = (0,saturation/* baselineTtftReference */.NS)(r.baseline?.summary)?.value ?? 0;
    let bracket = {};
    for (const p of planLevels.filter((l) => l.phase === 'saturation')) {
        const s = merged.get(p.name);
        if (!s) {
            problems.push(`no shard has ${p.name}`);
            continue;
        }
        const level = (0,app_level/* toLevel */.e3)('saturation', { summary: s, cpu: cpuOf(p.name) }, config, baseP99);
        shardInvalid(level, p.name);
        r.saturation.levels.push(level);
        r.load_minutes += s.duration_s / 60;
        if (level.valid)
            bracket = (0,saturation/* updateBracket */.Y5)(bracket, p.value, level.saturated, s.achieved_rps);
        else
            log(`${p.name} (${p.value}): invalid (${level.invalid_reason}); not used to judge the endpoint`);
    }
    r.saturation.bracket = [bracket.lastGood ?? null, bracket.firstSaturated ?? null];
    r.saturation.precision = bracket.lastGood !== undefined && bracket.firstSaturated !== undefined ? (bracket.firstSaturated - bracket.lastGood) / bracket.lastGood : null;
    r.saturation.load_value = bracket.lastGood ?? null;
    if (bracket.lastGood !== undefined)
        r.saturation.rps = config.saturation.load === 'rate' ? bracket.lastGood : (bracket.lastGoodAchieved ?? null);
    const opPlan = planLevels.find((l) => l.phase === 'operating_point');
    const op = opPlan ? merged.get(opPlan.name) : undefined;
    if (opPlan && op) {
        const level = (0,app_level/* toLevel */.e3)('operating_point', { summary: op, cpu: cpuOf(opPlan.name) }, config, baseP99);
        shardInvalid(level, opPlan.name);
        r.load_minutes += op.duration_s / 60;
        r.operating_point = { load: opPlan.stage.kind, value: opPlan.value, rps: op.achieved_rps, level };
        const checks = (0,sla/* evaluateSla */.Qx)(config.sla, op);
        // An under-loaded hold proves nothing: its checks are shown, but pass is not decided.
        r.sla = { checks, pass: level.valid ? (0,sla/* slaPasses */.cL)(checks) : null };
    }
    if (docs.some(({ doc }) => doc.status !== 'complete'))
        r.status = 'cancelled';
    (0,gate/* finish */.O9)(r, { signal: new AbortController().signal, log }, r.load_minutes);
    // The hold is what the SLA and the verdict read: held by shards that did not run together, it
    // would judge a load that was never applied, so the run is not judged (a saturation level that
    // failed its checks is just left out, as a lagging level is).
    const opProblems = opPlan ? (check.get(opPlan.name)?.problems ?? [`no shard ran ${opPlan.name}`]) : [];
    if (opProblems.length)
        problems.push(`the SLA hold (${opPlan.name}) is invalid (see below), so neither the SLA nor the verdict is judged`);
    const invalid = problems.length > 0;
    // Warmup is not measured: its start skew does not matter.
    const allProblems = [...new Set([...problems, ...merge.levels.filter((l) => l.name !== 'warmup').flatMap((l) => l.problems)])];
    const startedAt = new Date(ref.shard.start_at_ms);
    const dir = (0,files/* newRunDir */.Lh)(config.run.out, `${(0,files/* timestampDirName */.VY)(startedAt)}-sharded`);
    const shardsMd = shardsMarkdown(merge, allProblems, docs.length, ref.plan);
    let markdown = `${withBanner((0,execute/* gateReport */.We)(config, r), invalid ? `> ❌ **Sharded run invalid: not judged.** ${(0,table/* escapeMd */.Xk)(allProblems[0] ?? '', 300)}${allProblems.length > 1 ? ` (and ${allProblems.length - 1} more: see Shards)` : ''}` : undefined)}\n${shardsMd}`;
    const written = (0,results/* writeGateRun */.o)(dir, config, r, markdown, startedAt);
    (0,files/* writeJson */.GF)((0,external_node_path_.join)(dir, 'shards.json'), {
        valid: !invalid && merge.valid,
        problems: allProblems,
        count: merge.count,
        files: docs.map((d) => d.file),
        levels: merge.levels,
        clocks: merge.clocks,
        limits: merge.limits,
        plan: ref.plan,
    });
    const out = { result: r, merge, problems: allProblems, invalid, markdown, dir: written.dir };
    if (invalid || r.status !== 'complete') {
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'summary.md'), markdown);
        return out;
    }
    if (mode === 'record') {
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(baselinePath), { recursive: true });
        (0,files/* writeJson */.GF)(baselinePath, (0,baseline_baseline/* toBaseline */.Fd)(r, r.fingerprint));
        out.baselinePath = baselinePath;
        out.markdown = markdown = `${markdown}\nBaseline recorded to \`${baselinePath}\`.\n`;
    }
    else if (mode === 'compare' && !baseline) {
        out.missingBaseline = true;
        out.markdown = markdown = `${markdown}\n> **No baseline** at \`${baselinePath}\`: nothing to compare with. Record one by running the gate in record mode on the main branch.\n`;
    }
    else if (mode === 'compare' && baseline) {
        const comparison = (0,compare/* compareResult */.R)(baseline, r.measured, r.fingerprint, (0,regression/* alignOperatingPoint */.j1)(config, baseline));
        // The single-runner gate re-measures a borderline figure once; the shards have ended by now.
        if (comparison.verdict === 'inconclusive' || comparison.verdict === 'regression')
            comparison.remeasured.push('not re-measured: a sharded gate is judged after its shards have ended; rerun the workflow to measure again.');
        out.comparison = comparison;
        out.markdown = markdown = `${(0,compare_markdown/* compareMarkdown */.x)(config.name, comparison, baseline, r)}\n${shardsMd}`;
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'comparison.md'), markdown);
        (0,files/* writeJson */.GF)((0,external_node_path_.join)(dir, 'comparison.json'), comparison);
    }
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, 'summary.md'), markdown);
    for (const n of (await (0,html/* writeVisualReport */.ge)(dir, { kind: 'gate', result: r, baseline, comparison: out.comparison }, { charts: (0,html/* chartsWanted */.n4)() })).notes)
        log(n);
    return out;
}
/** The report with a line right under its title (the title stays first: the PR comment's marker reads it). */
function withBanner(md, banner) {
    if (!banner)
        return md;
    const i = md.indexOf('\n\n', md.indexOf('## '));
    return i < 0 ? `${md}\n\n${banner}\n` : `${md.slice(0, i)}\n\n${banner}${md.slice(i)}`;
}
/** The report's Shards section: per level, the shards' start skew and whether it held. */
function shardsMarkdown(m, problems, given, plan) {
    const rows = m.levels.map((l) => `| ${(0,table/* escapeMd */.Xk)(l.name, 60)} | ${l.shards} | ${l.skew_ms === null ? '—' : `${l.skew_ms} ms${l.skew_uncertainty_ms ? ` ± ${l.skew_uncertainty_ms}` : ''}`} | ${l.max_send_lag_p99_ms} ms | ${l.valid ? '✅' : '❌'} |`);
    const clocks = m.clocks.map((c) => `${c.shard}: ${c.offset_ms === null ? 'unknown' : `${c.offset_ms} ± ${c.uncertainty_ms} ms`}`).join(' · ');
    const out = [
        `### Shards`,
        '',
        `${given} shard result${given === 1 ? '' : 's'} of ${m.count} merged (start skew bound ${m.limits.maxSkewMs} ms, send lag P99 bound ${m.limits.maxSendLagMs} ms). Clock offsets against the endpoint: ${clocks || 'none'}.`,
        '',
        ...(plan
            ? [
                `Fixed plan from the ${plan.source === 'baseline' ? "baseline's saturation" : "config's saturation.levels"}: ${plan.levels.map((l) => `${l.name}${l.value !== undefined ? ` ${l.value}` : ''}${l.only ? ` (shard ${l.only} alone)` : ''}`).join(', ')}.${plan.notes.length ? ` ${plan.notes.map((n) => (0,table/* escapeMd */.Xk)(n, 200)).join('; ')}.` : ''}`,
                '',
            ]
            : []),
        '| level | shards | start skew | worst send lag P99 | valid |',
        '| :---- | -----: | ---------: | -----------------: | :---: |',
        ...rows,
        '',
    ];
    if (problems.length)
        out.push(`> **The sharded run is not valid as planned:**`, ...problems.map((p) => `> - ${(0,table/* escapeMd */.Xk)(p, 400)}`), '');
    return out.join('\n');
}

// EXTERNAL MODULE: ./lib/util/duration.js
var duration = __webpack_require__(47402);
// EXTERNAL MODULE: ./lib/cli/errors.js
var cli_errors = __webpack_require__(3467);
// EXTERNAL MODULE: ./lib/cli/gate.js
var cli_gate = __webpack_require__(43743);
// EXTERNAL MODULE: ./lib/app/outcome.js
var outcome = __webpack_require__(44367);
// EXTERNAL MODULE: ./lib/cli/progress.js
var cli_progress = __webpack_require__(79095);
;// CONCATENATED MODULE: ./lib/cli/shard.js
/**
 * The sharded gate from the command line: `gate --shard i/N --start-at T` runs one shard's part of
 * the fixed plan (app/shard-gate.ts) and `judge` merges the N shards' results and judges them as
 * one gate run (same report, run directory, baseline and exit codes as `gate`).
 */













/** `gate --shard i/N --start-at T`: this shard's part of the plan; judged later by `judge`. */
async function gateShardCommand(argv, signal) {
    const { file, over, record, baseline: compareWith, shard } = (0,cli_gate/* gateOverrides */.fY)(argv);
    const config = (0,cli_gate/* withUsageErrors */.Lc)(() => (0,load/* loadConfig */.Z)(file, over));
    return runShard(config, shard ?? {}, record ?? compareWith, signal);
}
async function runShard(config, flags, baselinePath, signal) {
    const errs = [];
    const spec = flags.shard === undefined ? 'give --shard i/N with --start-at' : (0,shard/* parseShard */.uK)(flags.shard);
    const startAt = flags.startAt === undefined ? '--start-at is required with --shard: every shard gets the same time (ISO-8601 with zone, or epoch ms)' : (0,shard/* parseStartAt */.Vq)(flags.startAt);
    for (const p of [spec, startAt])
        if (typeof p === 'string')
            errs.push(p);
    if (flags.clockRef !== undefined && flags.clockRef !== 'none' && !/^https?:\/\/[^/]/.test(flags.clockRef))
        errs.push(`--clock-ref ${JSON.stringify(flags.clockRef)}: expected an http(s) URL or none`);
    if (errs.length || typeof spec === 'string' || typeof startAt === 'string')
        throw new errors/* UsageError */.eb(`gate: ${errs.join('; ')}`);
    // The plan comes from the baseline file when there is one (compare, or record over an earlier one).
    const baseline = baselinePath ? (0,cli_gate/* withUsageErrors */.Lc)(() => (0,regression/* readBaseline */.mF)(baselinePath)) : undefined;
    const plan = (0,cli_gate/* withUsageErrors */.Lc)(() => shardGatePlan(config, baseline, spec.count));
    const progress = new cli_progress/* Progress */.k(process.stderr);
    const { doc, dir } = await runGateShard(config, plan, { spec, startAtMs: startAt, clockRef: flags.clockRef }, signal, progress);
    process.stdout.write(`shard ${spec.index}/${spec.count}: ${doc.levels.length} levels run; results: ${(0,external_node_path_.join)(dir, 'results.json')}\n`);
    return doc.status === 'cancelled' ? cli_errors/* EXIT */.d.cancelled : cli_errors/* EXIT */.d.ok;
}
const JUDGE_HELP = `llm-loadgate judge [--config loadgate.yml] [--record BASELINE.json | --baseline BASELINE.json]
                   [--out DIR] [--max-start-skew ${shard/* DEFAULT_MAX_SKEW_MS */.nA}ms] SHARD_RESULTS... (results.json files or directories)

Merges the results of "llm-loadgate gate --shard i/N" (every shard 1..N once, same plan) level by
level — histograms merged, counts and rates added — and judges the merged levels as "gate" would:
saturation, SLA at the operating point, --record writes the baseline, --baseline compares (borderline
figures are not re-measured: the shards have ended). Writes DIR/<time>-sharded/ (report.md,
summary.md, results.json, shards.json, comparison.*). A level whose shards began more than
--max-start-skew apart or whose shard lagged (run.max_send_lag_ms) is invalid; a missing shard makes
the whole run invalid. Exit codes as "gate", and 3 when the sharded run is invalid.`;
async function judgeCommand(argv) {
    const { values: v, positionals } = (0,external_node_util_.parseArgs)({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            config: { type: 'string', short: 'c' },
            record: { type: 'string' },
            baseline: { type: 'string' },
            out: { type: 'string' },
            'max-start-skew': { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (v.help) {
        process.stdout.write(`${JUDGE_HELP}\n`);
        return cli_errors/* EXIT */.d.ok;
    }
    const errs = [];
    if (v.record && v.baseline)
        errs.push('--record and --baseline exclude each other: record on main, compare on pull requests');
    if (positionals.length === 0)
        errs.push("give the shards' results (their results.json or directories)");
    const skew = v['max-start-skew'] === undefined ? shard/* DEFAULT_MAX_SKEW_MS */.nA : ((0,duration/* parseDuration */.E)(v['max-start-skew']) ?? NaN) * 1000;
    if (!(skew >= 0))
        errs.push(`--max-start-skew ${JSON.stringify(v['max-start-skew'])}: expected a duration like 250ms`);
    if (errs.length)
        throw new errors/* UsageError */.eb(`judge: ${errs.join('; ')}\n\n${JUDGE_HELP}`);
    const config = (0,cli_gate/* withUsageErrors */.Lc)(() => (0,load/* loadConfig */.Z)(v.config, v.out !== undefined ? { run: { out: v.out } } : {}));
    const docs = positionals.map(readShard);
    const mode = v.record ? 'record' : v.baseline ? 'compare' : 'none';
    const path = v.record ?? v.baseline ?? '';
    const baseline = mode === 'compare' ? (0,cli_gate/* withUsageErrors */.Lc)(() => (0,regression/* readBaseline */.mF)(path)) : undefined;
    const j = await judgeShards(config, docs, mode, path, baseline, { maxSkewMs: skew, maxSendLagMs: config.run.maxSendLagMs }, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(`\n${j.markdown}\nresults: ${j.dir}\n`);
    if (j.result.status === 'endpoint_down') {
        process.stderr.write(`${j.result.error}\n`);
        return cli_errors/* EXIT */.d.endpointDown;
    }
    if (j.invalid) {
        process.stderr.write(`judge: the sharded run is invalid:\n  - ${j.problems.join('\n  - ')}\n`);
        return cli_errors/* EXIT */.d.inconclusive;
    }
    if (j.result.status === 'cancelled')
        return cli_errors/* EXIT */.d.cancelled;
    if (j.comparison)
        return (0,outcome/* failureOf */.g5)(j.comparison.verdict, outcome/* CLI_POLICY */.wP, j.result.sla.pass).exitCode;
    // The hold was under-loaded (a shard late or lagging there): its SLA is not decided.
    if (j.result.operating_point && j.result.sla.pass === null)
        return cli_errors/* EXIT */.d.inconclusive;
    return (0,cli_gate/* exitCodeFor */.Rr)(j.result);
}
function readShard(path) {
    let file = path;
    try {
        if ((0,external_node_fs_.statSync)(path).isDirectory())
            file = (0,external_node_path_.join)(path, 'results.json');
    }
    catch {
        // reported below
    }
    try {
        return { file, doc: JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')) };
    }
    catch (e) {
        throw new errors/* UsageError */.eb(`judge: cannot read ${file}: ${e.code ?? e.message}`);
    }
}


/***/ }),

/***/ 88228:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ measureClockOffset)
/* harmony export */ });
/* unused harmony export offsetFromSamples */
/**
 * The offset (reference − local, ms) from samples in the order taken: the first pair of
 * consecutive samples one second apart. Undefined when no tick was seen.
 */
function offsetFromSamples(samples) {
    for (let i = 1; i < samples.length; i++) {
        const a = samples[i - 1];
        const b = samples[i];
        if (a.dateMs === undefined || b.dateMs === undefined || b.dateMs - a.dateMs !== 1000)
            continue;
        // The tick (reference time b.dateMs) lies in (a.sentMs, b.recvMs] on the local clock.
        const tick = (a.sentMs + b.recvMs) / 2;
        return { offsetMs: Math.round(b.dateMs - tick), uncertaintyMs: Math.ceil((b.recvMs - a.sentMs) / 2) };
    }
    return undefined;
}
/** Asks `url` until its Date ticks; never throws (an unreachable reference is recorded as such). */
async function measureClockOffset(url, opts = {}) {
    const budget = opts.budgetMs ?? 2500;
    const interval = opts.intervalMs ?? 4;
    const reference = opts.label ?? url;
    if (budget < 1100)
        return {
            source: 'none',
            offset_ms: null,
            uncertainty_ms: null,
            reference,
            note: `no time to measure before the start (${Math.max(0, Math.round(budget))} ms left; a tick takes up to 1 s to come)`,
        };
    const samples = [];
    const t0 = Date.now();
    let lastError;
    while (Date.now() - t0 < budget && !opts.signal?.aborted) {
        const sentMs = Date.now();
        try {
            const res = await fetch(url, { method: 'GET', headers: opts.headers, signal: AbortSignal.timeout(Math.max(100, budget - (sentMs - t0))) });
            const recvMs = Date.now();
            await res.body?.cancel();
            const d = res.headers.get('date');
            const dateMs = d ? Date.parse(d) : NaN;
            samples.push({ sentMs, recvMs, dateMs: Number.isFinite(dateMs) ? dateMs : undefined });
            if (!Number.isFinite(dateMs))
                return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: 'the reference sends no Date header' };
        }
        catch (e) {
            lastError = e.message;
            samples.push({ sentMs, recvMs: Date.now() });
        }
        const found = offsetFromSamples(samples.slice(-2));
        if (found)
            return { source: 'http-date', offset_ms: found.offsetMs, uncertainty_ms: found.uncertaintyMs, reference };
        const wait = interval - (Date.now() - sentMs);
        if (wait > 0)
            await new Promise((r) => setTimeout(r, wait));
    }
    return { source: 'none', offset_ms: null, uncertainty_ms: null, reference, note: lastError ? `the reference did not answer (${lastError})` : 'no tick of its Date seen in time' };
}


/***/ }),

/***/ 83740:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ox: () => (/* binding */ mergeShards),
/* harmony export */   Rz: () => (/* binding */ shardProblems),
/* harmony export */   UP: () => (/* binding */ clockBudgetMs),
/* harmony export */   Vq: () => (/* binding */ parseStartAt),
/* harmony export */   cl: () => (/* binding */ shardVariant),
/* harmony export */   j2: () => (/* binding */ splitStage),
/* harmony export */   kS: () => (/* binding */ shardSeed),
/* harmony export */   nA: () => (/* binding */ DEFAULT_MAX_SKEW_MS),
/* harmony export */   u: () => (/* binding */ ShardRun),
/* harmony export */   uK: () => (/* binding */ parseShard),
/* harmony export */   xU: () => (/* binding */ SHARD_SEQ_STRIDE)
/* harmony export */ });
/* unused harmony exports SLOT_GUARD_MS, splitCount, phaseMs, shardStage, levelSlots, planHash */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _metrics_merge_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3033);
/* harmony import */ var _util_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(68884);
/**
 * One plan run by N load generators at once (`--shard i/N`), each sending 1/N of every level, all
 * starting each level at the same wall-clock instant; and the checks that make a merged level
 * invalid when the shards did not run it together (a shard missing, started late, or lagging).
 *
 * Splitting: an open-loop level's rate is divided by N; closed-loop users and a request budget
 * are split as evenly as possible, the remainder going to the lowest shards. Constant arrivals
 * are phase-shifted by (i−1) gaps of the full rate, so the shards' sends interleave into the
 * single generator's schedule instead of arriving N at a time; Poisson arrivals get a seed of
 * their own per shard (N independent Poisson streams of rate r/N are one of rate r). Prompts are
 * kept apart by a per-shard workload variant and request ids by a per-shard sequence range.
 *
 * Timing: level k starts at start-at + the sum of the earlier levels' slots, a slot being the
 * level's duration + its drain bound + SLOT_GUARD_MS, so a level always ends before the next one
 * is due and the shards never wait for each other. Pure apart from ShardRun's sleeping.
 */



/** Slack after each level's drain bound before the next level is due. */
const SLOT_GUARD_MS = 250;
/** Request ids of shard i start at (i−1) × this, so the shards' ids never collide. */
const SHARD_SEQ_STRIDE = 1_000_000_000;
/**
 * How long a shard may spend measuring its clock: at most 2.5 s, and never into its first level
 * (a measurement must not make the shard late; without one its offset is recorded as unknown).
 */
function clockBudgetMs(startAtMs, now) {
    return Math.min(2500, startAtMs - now - 200);
}
/** The start skew above which a merged level is invalid, unless configured. */
const DEFAULT_MAX_SKEW_MS = 250;
/** "2/3" → { index: 2, count: 3 }; an error message (what, how to fix) otherwise. */
function parseShard(text) {
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    if (!m)
        return `--shard ${JSON.stringify(text)}: expected i/N, e.g. 2/3 (shard 2 of 3; shards are numbered from 1)`;
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || index < 1 || index > count)
        return `--shard ${text}: expected 1 ≤ i ≤ N (shards are numbered 1..N, e.g. 1/3, 2/3, 3/3)`;
    return { index, count };
}
/**
 * An absolute start time: ISO-8601 with a zone (2026-11-29T04:00:00Z) or epoch milliseconds.
 * An error message otherwise.
 */
function parseStartAt(text) {
    const t = text.trim();
    if (/^\d{10,}$/.test(t))
        return Number(t);
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) {
        const ms = Date.parse(t);
        if (Number.isFinite(ms))
            return ms;
    }
    return `--start-at ${JSON.stringify(text)}: expected an ISO-8601 time with its zone (e.g. 2026-11-29T04:00:00Z) or epoch milliseconds; every shard must get the same value`;
}
/** `total` split in N parts as evenly as possible, the remainder to the lowest shards. */
function splitCount(total, shard) {
    const base = Math.floor(total / shard.count);
    return base + (shard.index <= total % shard.count ? 1 : 0);
}
/**
 * The shard's part of a level. Throws an Error (caught by the caller as a usage problem) when a
 * closed-loop level has fewer users than shards: a shard with no users would send nothing.
 */
function splitStage(stage, shard) {
    const out = { ...stage };
    if (stage.maxRequests !== undefined)
        out.maxRequests = Math.max(1, splitCount(stage.maxRequests, shard));
    if (stage.sizing)
        out.sizing = { ...stage.sizing, minCompletions: Math.max(1, Math.ceil(stage.sizing.minCompletions / shard.count)) };
    if (out.kind === 'rate' && stage.kind === 'rate') {
        out.rate = stage.rate / shard.count;
        if (stage.rateEnd !== undefined)
            out.rateEnd = stage.rateEnd / shard.count;
    }
    else if (out.kind === 'concurrency' && stage.kind === 'concurrency') {
        if (stage.users < shard.count)
            throw new Error(`${stage.users} users cannot be split over ${shard.count} shards (each shard needs at least one): use at least ${shard.count} users or fewer shards`);
        out.users = splitCount(stage.users, shard);
    }
    return out;
}
/**
 * How far behind the level's common start this shard's first send is due: constant arrivals at a
 * steady rate r interleave (shard i sends at (i−1)/r + k·N/r, k = 0, 1, …); 0 otherwise.
 */
function phaseMs(stage, shard) {
    if (stage.kind !== 'rate' || stage.arrival !== 'constant' || stage.rateEnd !== undefined || stage.rate <= 0)
        return 0;
    return ((shard.index - 1) * 1000) / stage.rate;
}
/**
 * The shard's part of a level as it runs: split, and for interleaved constant arrivals ended its
 * phase earlier (it also starts that much later), so the shards together send exactly what one
 * generator would in the level's duration, not a few more at its end.
 */
function shardStage(stage, shard) {
    const out = splitStage(stage, shard);
    const phase = phaseMs(stage, shard);
    if (phase > 0)
        out.durationS = stage.durationS - phase / 1000;
    return out;
}
/** A seed of the shard's own (shard 1 keeps the plan's), so lengths and Poisson gaps are not copies. */
function shardSeed(seed, shard) {
    return shard.index === 1 ? seed : (seed + Math.imul(shard.index - 1, 0x9e3779b1)) >>> 0;
}
/** The workload variant that gives a shard prompts of its own (see workloadFromConfig). */
function shardVariant(shard) {
    return shard.index === 1 ? undefined : `shard-${shard.index}`;
}
/** Each level's start (ms after start-at) and slot length. */
function levelSlots(stages, drainMs) {
    let at = 0;
    return stages.map((s) => {
        const slotMs = s.durationS * 1000 + drainMs + SLOT_GUARD_MS;
        const r = { offsetMs: at, slotMs };
        at += slotMs;
        return r;
    });
}
/**
 * What every shard must agree on: the full (unsplit) levels, who runs a level alone (`only`), the
 * drain, the start and the count.
 */
function planHash(stages, drainMs, startAtMs, count, only) {
    const o = only?.some((x) => x !== undefined) ? { only: only.map((x) => x ?? null) } : {};
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update((0,_util_json_js__WEBPACK_IMPORTED_MODULE_2__/* .stableJson */ ._)({ stages, drainMs, startAtMs, count, ...o }))
        .digest('hex')
        .slice(0, 16);
}
/** A shard's run: the levels it sends and when each is due; records when each actually began. */
class ShardRun {
    slots;
    timings = [];
    spec;
    full;
    only;
    startAtMs;
    drainMs;
    clock;
    seed;
    now;
    wait;
    constructor(o) {
        this.spec = o.spec;
        this.full = o.stages;
        this.only = o.only ?? [];
        this.startAtMs = o.startAtMs;
        this.drainMs = o.drainMs;
        this.clock = o.clock;
        this.seed = o.seed;
        this.now = o.now ?? Date.now;
        this.wait = o.wait ?? sleep;
        this.slots = levelSlots(o.stages, o.drainMs);
    }
    /** This shard's part of level i: split, whole (a level it runs alone), or undefined (another shard's alone). */
    stage(i) {
        const only = this.only[i];
        if (only !== undefined)
            return only === this.spec.index ? this.full[i] : undefined;
        return shardStage(this.full[i], this.spec);
    }
    planned(i) {
        return this.startAtMs + this.slots[i].offsetMs + (this.only[i] === undefined ? phaseMs(this.full[i], this.spec) : 0);
    }
    /** Sleeps until level i is due (at once when it is already past) and records when it began. */
    async waitFor(i, name, signal) {
        const planned = this.planned(i);
        for (let left = planned - this.now(); left > 0 && !signal.aborted; left = planned - this.now())
            await this.wait(Math.min(left, 1000), signal);
        const actual = this.now();
        this.timings.push({
            name,
            planned_start_ms: planned,
            actual_start_ms: actual,
            start_lag_ms: actual - planned,
            phase_ms: this.only[i] === undefined ? Math.round(phaseMs(this.full[i], this.spec) * 1000) / 1000 : 0,
        });
    }
    record() {
        return {
            index: this.spec.index,
            count: this.spec.count,
            start_at: new Date(this.startAtMs).toISOString(),
            start_at_ms: this.startAtMs,
            plan_hash: planHash(this.full, this.drainMs, this.startAtMs, this.spec.count, this.only),
            drain_ms: this.drainMs,
            seed: this.seed,
            clock: this.clock,
            levels: this.timings,
        };
    }
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
        };
        const t = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
    });
}
const label = (s) => `shard ${s.index}/${s.count}`;
/**
 * Merges the shards' results level by level and says which levels are valid. Never throws on a
 * bad set: everything found wrong is a problem named by shard and file.
 */
function mergeShards(results, limits) {
    const problems = [];
    const unsharded = results.filter((r) => !r.shard);
    for (const r of unsharded)
        problems.push(`${r.file} is not a shard's results (run with --shard i/N)`);
    const shards = results.filter((r) => r.shard !== undefined);
    const counts = new Set(shards.map((r) => r.shard.count));
    const count = Math.max(0, ...counts);
    if (counts.size > 1)
        problems.push(`the shards were run with different counts (${[...counts]
            .sort()
            .map((n) => `/${n}`)
            .join(', ')}): every shard must get the same --shard i/N`);
    const byIndex = new Map();
    for (const r of shards)
        byIndex.set(r.shard.index, [...(byIndex.get(r.shard.index) ?? []), r]);
    for (let i = 1; i <= count; i++) {
        const got = byIndex.get(i);
        if (!got)
            problems.push(`shard ${i}/${count} is missing: no results for it among the ${results.length} given; its level${count > 1 ? 's were' : ' was'} under-loaded by 1/${count}, so the result is invalid (did that job fail or its artifact not upload?)`);
        else if (got.length > 1)
            problems.push(`shard ${i}/${count} given ${got.length} times (${got.map((g) => g.file).join(', ')}): give each shard's results once`);
    }
    for (const [i, got] of byIndex)
        if (i > count)
            problems.push(`${got[0].file}: shard ${i}/${got[0].shard.count} is outside 1..${count}`);
    const hashes = new Set(shards.map((r) => r.shard.plan_hash));
    if (hashes.size > 1) {
        const ref = shards[0].shard.plan_hash;
        for (const r of shards)
            if (r.shard.plan_hash !== ref)
                problems.push(`${label(r.shard)} (${r.file}) ran a different plan (levels, drain, --start-at or shard count) than ${label(shards[0].shard)}: every shard must get the same flags apart from --shard`);
    }
    for (const r of shards)
        if (r.status !== 'complete')
            problems.push(`${label(r.shard)} (${r.file}) did not complete (status ${r.status})`);
    const offsets = shards.map((r) => r.shard.clock.offset_ms);
    const allOffsets = offsets.length > 0 && offsets.every((o) => o !== null);
    const nLevels = Math.max(0, ...results.map((r) => r.levels.length));
    const levels = [];
    const summaries = [];
    for (let li = 0; li < nLevels; li++) {
        const name = results.find((r) => r.levels[li]).levels[li].name;
        const lp = [];
        const parts = [];
        const starts = [];
        const corrected = [];
        let lag = 0;
        for (const r of shards) {
            const s = r.levels[li];
            const t = r.shard.levels[li];
            if (!s || !t) {
                lp.push(`${label(r.shard)} (${r.file}) has no level ${li + 1} (${name}): its run stopped early`);
                continue;
            }
            parts.push(s);
            const begin = t.actual_start_ms - t.phase_ms;
            starts.push(begin);
            corrected.push(begin + (r.shard.clock.offset_ms ?? 0));
            lag = Math.max(lag, s.send_lag_ms.p99);
            if (s.send_lag_ms.p99 > limits.maxSendLagMs)
                lp.push(`${label(r.shard)} lagged: P99 send lag ${s.send_lag_ms.p99.toFixed(1)} ms > ${limits.maxSendLagMs} ms in ${name} (that generator could not keep up; use more shards or a bigger runner)`);
        }
        for (const r of unsharded)
            if (r.levels[li])
                parts.push(r.levels[li]);
        const spread = (xs) => (xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : xs.length === 1 ? 0 : null);
        const raw = spread(starts);
        const corr = allOffsets ? spread(corrected) : null;
        const skew = corr ?? raw;
        // Invalid only when the skew exceeds the bound beyond what the offsets' own error could explain.
        const unc = corr === null
            ? 0
            : shards
                .map((r) => r.shard.clock.uncertainty_ms ?? 0)
                .sort((a, b) => b - a)
                .slice(0, 2)
                .reduce((a, b) => a + b, 0);
        if (skew !== null && skew - unc > limits.maxSkewMs) {
            const latest = shards.filter((r) => r.shard.levels[li]).reduce((a, b) => (start(b, li, allOffsets) > start(a, li, allOffsets) ? b : a));
            lp.push(`start skew ${skew.toFixed(0)} ms${unc ? ` ± ${unc} ms` : ''} > ${limits.maxSkewMs} ms in ${name}: ${label(latest.shard)} (${latest.file}) began ${latest.shard.levels[li].start_lag_ms.toFixed(0)} ms after its due time (a late job: give the shards a later --start-at)`);
        }
        const all = [...problems, ...lp];
        levels.push({
            name,
            start_skew_ms: raw === null ? null : round1(raw),
            start_skew_corrected_ms: corr === null ? null : round1(corr),
            skew_ms: skew === null ? null : round1(skew),
            skew_uncertainty_ms: unc,
            max_send_lag_p99_ms: round1(lag),
            shards: parts.length,
            valid: all.length === 0,
            problems: lp,
        });
        if (parts.length)
            summaries.push((0,_metrics_merge_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeSummaries */ .T)(name, parts, 'parallel'));
    }
    const clocks = shards.map((r) => ({ shard: r.shard.index, file: r.file, ...r.shard.clock })).sort((a, b) => a.shard - b.shard);
    return { count, valid: problems.length === 0 && levels.every((l) => l.valid), problems, levels, summaries, clocks, limits };
}
function start(r, li, corrected) {
    const t = r.shard.levels[li];
    return t.actual_start_ms - t.phase_ms + (corrected ? (r.shard.clock.offset_ms ?? 0) : 0);
}
const round1 = (x) => Math.round(x * 10) / 10;
/** The messages that make a merge invalid, run-wide first, one per line. */
function shardProblems(m) {
    return [...m.problems, ...m.levels.flatMap((l) => l.problems)];
}


/***/ })

};
