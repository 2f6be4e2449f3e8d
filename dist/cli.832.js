export const id = 832;
export const ids = [832];
export const modules = {

/***/ 9832:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  abCommand: () => (/* binding */ abCommand)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./lib/app/execute.js + 2 modules
var execute = __webpack_require__(1750);
// EXTERNAL MODULE: ./lib/cli/errors.js
var errors = __webpack_require__(3467);
// EXTERNAL MODULE: ./lib/util/errors.js
var util_errors = __webpack_require__(99661);
// EXTERNAL MODULE: ./lib/cli/gate.js
var gate = __webpack_require__(43743);
// EXTERNAL MODULE: ./lib/app/outcome.js
var outcome = __webpack_require__(44367);
// EXTERNAL MODULE: ./lib/config/load.js
var load = __webpack_require__(76264);
// EXTERNAL MODULE: ./lib/cli/progress.js
var cli_progress = __webpack_require__(79095);
// EXTERNAL MODULE: ./lib/target/command.js
var command = __webpack_require__(16672);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
// EXTERNAL MODULE: ./lib/util/url.js
var url = __webpack_require__(47237);
;// CONCATENATED MODULE: ./lib/target/readiness.js
/**
 * Waits for a freshly deployed endpoint to be ready, then checks that "ready" was true.
 *
 * Many servers answer their readiness probe (/health, /v1/models) before they can serve a
 * completion: the model is still loading, warming up or compiling graphs. A load test started at
 * that moment measures startup, not capacity. So after the probe says ready, `checkHonesty` sends
 * one real completion and, if it fails, keeps trying until one works, and reports how long the
 * probe was early. The completion sender is injected so this module knows nothing of the client.
 */




/** Longest wait for one probe answer; a slow probe must not eat the whole timeout. */
const ATTEMPT_TIMEOUT_MS = 3000;
const MAX_BODY = 1 << 20;
/** No new attempt with less time than this left: it could only time out and hide the real error. */
const MIN_ATTEMPT_MS = 50;
/** waitReady's default pauses between probes: from the first to the steady one, doubling. */
const FIRST_INTERVAL_MS = 100;
const DEFAULT_INTERVAL_MS = 1000;
/** Polls the probe until it answers 2xx (and lists `model`, if given) or timeoutMs passes. */
async function waitReady(o) {
    checkMs('waitReady timeoutMs', o.timeoutMs);
    const path = o.path ?? '/v1/models';
    const url = probeUrl(o.baseUrl, path);
    const pause = (attempt) => o.intervalMs ?? Math.min(DEFAULT_INTERVAL_MS, FIRST_INTERVAL_MS * 2 ** (attempt - 1));
    const started = external_node_perf_hooks_.performance.now();
    const deadline = started + o.timeoutMs;
    const agent = new undici/* Agent */.g6({ keepAliveTimeout: 1000, connect: { timeout: ATTEMPT_TIMEOUT_MS } });
    const result = { ready: false, path, timeToReadyMs: 0, attempts: 0 };
    const every = o.progressEveryMs ?? 15_000;
    let reportedAt = started;
    try {
        for (;;) {
            if (o.signal?.aborted) {
                result.lastError = 'cancelled';
                break;
            }
            const left = deadline - external_node_perf_hooks_.performance.now();
            if (result.attempts > 0 && left < MIN_ATTEMPT_MS) {
                await sleep(left, o.signal);
                break;
            }
            result.attempts++;
            const a = await probeOnce(url, agent, o, Math.ceil(Math.max(MIN_ATTEMPT_MS, Math.min(ATTEMPT_TIMEOUT_MS, left))));
            if (a.status !== undefined)
                result.lastStatus = a.status;
            if (a.ready) {
                result.ready = true;
                delete result.lastError;
                break;
            }
            result.lastError = a.error;
            const now = external_node_perf_hooks_.performance.now();
            if (o.onProgress && now - reportedAt >= every && deadline - now >= MIN_ATTEMPT_MS) {
                reportedAt = now;
                o.onProgress({ elapsedMs: now - started, attempts: result.attempts, lastStatus: result.lastStatus, lastError: result.lastError });
            }
            await sleep(Math.min(pause(result.attempts), deadline - external_node_perf_hooks_.performance.now()), o.signal);
        }
    }
    finally {
        result.timeToReadyMs = external_node_perf_hooks_.performance.now() - started;
        await agent.close().catch(() => undefined);
    }
    return result;
}
async function probeOnce(url, agent, o, timeoutMs) {
    const signals = [AbortSignal.timeout(timeoutMs), ...(o.signal ? [o.signal] : [])];
    try {
        const res = await (0,undici/* request */.Em)(url, { method: 'GET', headers: { accept: 'application/json', ...o.headers }, dispatcher: agent, signal: AbortSignal.any(signals) });
        const status = res.statusCode;
        const body = await readLimited(res.body);
        if (status < 200 || status >= 300)
            return { ready: false, status, error: `HTTP ${status}${bodyMessage(body)}` };
        if (o.model === undefined || !isModelsPath(o.path ?? '/v1/models'))
            return { ready: true, status };
        const listed = listedModels(body);
        if (listed === undefined)
            return { ready: false, status, error: `HTTP ${status} but the body is not an OpenAI model list, so model "${o.model}" cannot be checked` };
        if (!listed.includes(o.model))
            return { ready: false, status, error: `model "${o.model}" is not listed yet (listed: ${listed.join(', ') || 'none'})` };
        return { ready: true, status };
    }
    catch (e) {
        if (o.signal?.aborted)
            return { ready: false, error: 'cancelled' };
        const err = e;
        if (err.name === 'TimeoutError' || err.name === 'AbortError')
            return { ready: false, error: `no answer within ${Math.round(timeoutMs)} ms` };
        const code = err.code ?? err.cause?.code;
        const msg = err.cause?.message ?? err.message ?? String(e);
        return { ready: false, error: code && !msg.includes(code) ? `${code}: ${msg}` : msg };
    }
}
/**
 * URL of a probe path. Paths under /v1/ are joined to the API base without doubling /v1
 * (http://h/v1 + /v1/models → http://h/v1/models); other paths such as /health live at the server
 * root, i.e. the base without its trailing /v1 (http://h/v1 + /health → http://h/health).
 */
function probeUrl(baseUrl, path) {
    if (!path.startsWith('/'))
        throw new util_errors/* UsageError */.eb(`readiness path "${path}" must start with "/", e.g. /v1/models or /health.`);
    return `${(0,url/* serverRoot */.C)(baseUrl)}${path}`;
}
function isModelsPath(path) {
    return /^\/v1\/models\/?$/.test(path);
}
function listedModels(body) {
    try {
        const v = JSON.parse(body);
        if (!Array.isArray(v?.data))
            return undefined;
        return v.data.map((m) => (typeof m?.id === 'string' ? m.id : '')).filter((id) => id !== '');
    }
    catch {
        return undefined;
    }
}
/** ": message" from an error body (OpenAI error JSON or short text), or ''. */
function bodyMessage(body) {
    let m = body;
    try {
        const v = JSON.parse(body);
        m = typeof v.error === 'string' ? v.error : (v.error?.message ?? v.message ?? '');
    }
    catch {
        /* plain text */
    }
    const s = String(m).replace(/\s+/g, ' ').trim();
    return s ? `: ${s.length > 120 ? `${s.slice(0, 120)}…` : s}` : '';
}
async function readLimited(body) {
    const parts = [];
    let size = 0;
    for await (const chunk of body) {
        parts.push(Buffer.from(chunk));
        size += chunk.length;
        if (size >= MAX_BODY)
            break;
    }
    return Buffer.concat(parts).toString('utf8');
}
/** Right after the probe said ready: sends completions until one succeeds or timeoutMs passes. */
async function checkHonesty(o) {
    checkMs('checkHonesty timeoutMs', o.timeoutMs);
    const started = performance.now();
    const deadline = started + o.timeoutMs;
    const interval = o.intervalMs ?? 1000;
    const probe = o.probe ? `The readiness probe ${o.probe}` : 'The readiness probe';
    const r = { honest: false, firstAttemptOk: false, reallyReadyAfterMs: null, attempts: 0 };
    let lastError = '';
    for (;;) {
        const sentAt = performance.now();
        if (o.signal?.aborted && r.attempts > 0)
            break;
        if (r.attempts > 0 && deadline - sentAt < MIN_ATTEMPT_MS) {
            await sleep(deadline - sentAt, o.signal);
            break;
        }
        r.attempts++;
        const a = await sendBounded(o.send, Math.max(MIN_ATTEMPT_MS, deadline - sentAt), o.signal);
        if (a.ok) {
            r.reallyReadyAfterMs = r.attempts === 1 ? 0 : sentAt - started;
            r.firstAttemptOk = r.honest = r.attempts === 1;
            if (!r.honest)
                r.finding = `${probe} said ready ${seconds(r.reallyReadyAfterMs)} before completions succeeded (first completion: "${r.firstError}"; ${r.attempts - 1} failed ${plural(r.attempts - 1, 'attempt')}).`;
            return r;
        }
        r.firstError ??= a.detail;
        lastError = a.detail;
        await sleep(Math.min(interval, deadline - performance.now()), o.signal);
    }
    const waited = performance.now() - started;
    const how = o.signal?.aborted ? 'before the check was cancelled' : `within ${seconds(waited)}`;
    r.finding = `${probe} said ready, but no completion succeeded ${how} (${r.attempts} ${plural(r.attempts, 'attempt')}; first: "${r.firstError}"${r.attempts > 1 ? `; last: "${lastError}"` : ''}).`;
    return r;
}
/** Calls send with a signal that aborts at the deadline; a throw or a hang counts as a failure. */
async function sendBounded(send, ms, outer) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), Math.ceil(ms));
    const gaveUp = new Promise((resolve) => {
        ctl.signal.addEventListener('abort', () => resolve({ ok: false, detail: outer?.aborted ? 'cancelled' : `no result within ${seconds(ms)}` }), { once: true });
    });
    const onOuter = () => ctl.abort();
    outer?.addEventListener('abort', onOuter, { once: true });
    if (outer?.aborted)
        ctl.abort();
    try {
        return await Promise.race([send(ctl.signal).catch((e) => ({ ok: false, detail: e?.message ?? String(e) })), gaveUp]);
    }
    finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onOuter);
    }
}
function checkMs(what, ms) {
    if (!Number.isFinite(ms) || ms < 0)
        throw new util_errors/* UsageError */.eb(`${what} must be a non-negative number of milliseconds, got ${ms}.`);
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted || ms <= 0)
            return resolve();
        const done = () => {
            clearTimeout(t);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const t = setTimeout(done, Math.ceil(ms));
        signal?.addEventListener('abort', done, { once: true });
    });
}
/** 2100 → "2.1 s"; 850 → "850 ms". */
function seconds(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
function plural(n, word) {
    return n === 1 ? word : `${word}s`;
}

// EXTERNAL MODULE: ./lib/util/duration.js
var duration = __webpack_require__(47402);
;// CONCATENATED MODULE: ./lib/cli/ab.js
/**
 * `llm-loadgate ab`: live A/B capacity of two targets with the same workload and levels, run
 * interleaved. Prints the headline and the table; writes results.json and report.md.
 */











const HELP = `llm-loadgate ab --config loadgate.yml --a URL --b URL [--a-label A] [--b-label B] [--out DIR]
                [--a-deploy CMD] [--b-deploy CMD] [--readiness-timeout 10m]

--a-deploy/--b-deploy start each side (a command run without a shell, as in the action's
deploy-command), wait until its /v1/models lists the model, and stop it at the end.

Runs the config's saturation levels (strategy steps: levels: [...]) against both targets,
interleaved A B, B A, …, and reports each side's capacity (mode capacity-at-sla: the highest
level whose SLA holds), the headline "B sustains X % more … than A at …", and the verdict of B
against A with the baseline rules. Exit codes as for compare: 0 pass/improvement, 1 regression,
3 inconclusive, 2 bad usage.`;
async function abCommand(argv, signal) {
    const { values: v } = (0,external_node_util_.parseArgs)({
        args: argv,
        strict: true,
        options: {
            config: { type: 'string', short: 'c' },
            a: { type: 'string' },
            b: { type: 'string' },
            'a-label': { type: 'string', default: 'A' },
            'b-label': { type: 'string', default: 'B' },
            model: { type: 'string' },
            out: { type: 'string' },
            'a-deploy': { type: 'string' },
            'b-deploy': { type: 'string' },
            'readiness-timeout': { type: 'string', default: '10m' },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (v.help) {
        process.stdout.write(`${HELP}\n`);
        return errors/* EXIT */.d.ok;
    }
    if (!v.a || !v.b)
        throw new util_errors/* UsageError */.eb(`ab: --a URL and --b URL are both required\n\n${HELP}`);
    const timeoutS = (0,duration/* parseDuration */.E)(v['readiness-timeout']);
    if (timeoutS === undefined)
        throw new util_errors/* UsageError */.eb(`ab: --readiness-timeout ${JSON.stringify(v['readiness-timeout'])}: expected a duration like 30s or 10m`);
    const config = (0,gate/* withUsageErrors */.Lc)(() => (0,load/* loadConfig */.Z)(v.config, { target: { url: v.a, model: v.model }, run: v.out ? { out: v.out } : undefined }));
    const progress = new cli_progress/* Progress */.k(process.stderr);
    const deployed = [];
    try {
        for (const [label, url, cmd] of [
            [v['a-label'], v.a, v['a-deploy']],
            [v['b-label'], v.b, v['b-deploy']],
        ]) {
            if (!cmd)
                continue;
            const child = (0,command/* startCommand */.S0)((0,command/* parseCommand */.RM)(cmd, `--${label === v['a-label'] ? 'a' : 'b'}-deploy`), { onLine: (l) => progress.line(`[${label}] ${l}`) });
            deployed.push(child.pid);
            const ready = await waitReady({ baseUrl: url, timeoutMs: timeoutS * 1000, model: config.target.model, signal });
            if (!ready.ready)
                throw new util_errors/* UsageError */.eb(`ab: ${label} at ${url} was not ready after ${timeoutS} s (last: ${ready.lastStatus ?? ready.lastError ?? 'no answer'})`, errors/* EXIT */.d.endpointDown);
            progress.line(`${label}: ready after ${(ready.timeToReadyMs / 1000).toFixed(1)} s`);
        }
        const { result, dir, markdown } = await (0,execute/* executeAb */.l5)(config, [
            { label: v['a-label'], url: v.a },
            { label: v['b-label'], url: v.b },
        ], signal, progress);
        process.stdout.write(`\n${markdown}\nresults: ${dir}\n`);
        return (0,outcome/* failureOf */.g5)(result.status === 'cancelled' ? 'cancelled' : result.verdict, outcome/* CLI_POLICY */.wP).exitCode;
    }
    finally {
        await Promise.all(deployed.map((pid) => (0,command/* killTree */.TP)(pid)));
    }
}


/***/ })

};
