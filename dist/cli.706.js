export const id = 706;
export const ids = [706];
export const modules = {

/***/ 10706:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   reportCommand: () => (/* binding */ reportCommand)
/* harmony export */ });
/* unused harmony export readRunSource */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57975);
/* harmony import */ var _app_regression_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(82442);
/* harmony import */ var _report_html_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(54919);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(99661);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(43743);
/**
 * `llm-loadgate report RUN_DIR [--baseline FILE] [--out DIR]`: re-draws report.html and
 * plots/*.png from a run directory's results.json (a gate run or an A/B run), so older runs can be
 * drawn too. With --baseline the baseline's curve is overlaid; a comparison.json in the run
 * directory brings its verdict along.
 */








const HELP = `llm-loadgate report RUN_DIR [--baseline BASELINE.json] [--out DIR]

Draws report.html (one self-contained page: verdict, latency/throughput/cost/error/server curves
against load, the SLA table, every level) and plots/*.png from RUN_DIR/results.json, written by
"llm-loadgate gate", "demo" or "ab". RUN_DIR may also be the results.json itself.
  --baseline FILE   overlay a recorded baseline's curve (each run at its own measured loads)
  --out DIR         write there instead of RUN_DIR`;
async function reportCommand(argv) {
    const { positionals, values } = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { baseline: { type: 'string', short: 'b' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.ok;
    }
    if (positionals.length !== 1)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: expected one run directory, got ${positionals.length}\n\n${HELP}`);
    const src = readRunSource(positionals[0], values.baseline);
    const dir = values.out ?? src.dir;
    const written = await (0,_report_html_js__WEBPACK_IMPORTED_MODULE_4__/* .writeVisualReport */ .ge)(dir, src.source);
    process.stdout.write(`${written.html}\n${written.plots.length} plots in ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'plots')}\n`);
    for (const n of written.notes)
        process.stderr.write(`report: ${n}\n`);
    return _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .EXIT */ .d.ok;
}
/** Reads and checks a run directory; every problem is a UsageError that says what to give instead. */
function readRunSource(path, baselinePath) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${path} does not exist; give the run directory that "llm-loadgate gate" wrote (it holds results.json)`);
    const isDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory();
    const dir = isDir ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    const file = isDir ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, 'results.json') : path;
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${path} has no results.json; give the run directory that "llm-loadgate gate" wrote`);
    let doc;
    try {
        doc = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    }
    catch (e) {
        const err = e;
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: cannot read ${file}: ${err.code ?? err.message}`);
    }
    if (!doc || typeof doc !== 'object')
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${file} is not a results file of llm-loadgate (not a JSON object)`);
    if (doc.kind === 'gate') {
        const r = doc;
        if (!r.saturation || !Array.isArray(r.saturation.levels) || !r.sla || !r.target)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${file} looks like a gate result but lacks saturation, sla or target; was it edited or truncated?`);
        const baseline = baselinePath ? (0,_gate_js__WEBPACK_IMPORTED_MODULE_7__/* .withUsageErrors */ .Lc)(() => (0,_app_regression_js__WEBPACK_IMPORTED_MODULE_3__/* .readBaseline */ .mF)(baselinePath)) : undefined;
        if (baselinePath && !baseline)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: baseline ${baselinePath} does not exist`);
        const comparison = readComparison((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'comparison.json'));
        return { dir, source: { kind: 'gate', result: r, baseline, comparison } };
    }
    if (doc.kind === 'ab') {
        const r = doc;
        if (!Array.isArray(r.sides) || r.sides.length !== 2 || !r.sides.every((s) => Array.isArray(s?.levels)))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${file} looks like an A/B result but lacks its two sides' levels; was it edited or truncated?`);
        if (baselinePath)
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb('report: --baseline applies to gate runs; an A/B run already compares its two sides');
        return { dir, source: { kind: 'ab', result: r } };
    }
    const hint = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(file) === 'results.json' && Array.isArray(doc.levels) ? ' (the output of "load" has no saturation search or SLA to draw)' : '';
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UsageError */ .eb(`report: ${file} is not the results.json of a gate or A/B run (kind ${JSON.stringify(doc.kind ?? null)})${hint}`);
}
function readComparison(path) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return undefined;
    try {
        const c = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
        return c && typeof c.verdict === 'string' && Array.isArray(c.metrics) && Array.isArray(c.notes) && Array.isArray(c.remeasured) ? c : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ })

};
