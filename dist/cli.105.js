export const id = 105;
export const ids = [105];
export const modules = {

/***/ 82105:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   compareCommand: () => (/* binding */ compareCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57975);
/* harmony import */ var _app_compare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51872);
/* harmony import */ var _app_regression_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(82442);
/* harmony import */ var _verdict_compare_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(68674);
/* harmony import */ var _config_parse_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(89554);
/* harmony import */ var _report_compare_markdown_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2463);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3467);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(99661);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(43743);
/* harmony import */ var _app_outcome_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(44367);
/**
 * `llm-loadgate compare BASELINE RESULTS`: judges a finished run (results.json of `gate`) against
 * a baseline, offline. Prints the markdown verdict; exits 0 pass/improvement, 1 regression,
 * 3 inconclusive (2 for bad input).
 */











const HELP = `llm-loadgate compare BASELINE.json RESULTS.json [--config loadgate.yml]

Judges a gate run against a baseline without sending any request (so without the re-measurement
the gate does for borderline figures). Tolerances come from --config (tolerances:), else the
defaults. Exit codes: 0 pass or improvement, 1 regression, 3 inconclusive, 2 bad input.`;
async function compareCommand(argv) {
    const { positionals, values } = (0,node_util__WEBPACK_IMPORTED_MODULE_1__.parseArgs)({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .EXIT */ .d.ok;
    }
    if (positionals.length !== 2)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`compare: expected two files, BASELINE and RESULTS, got ${positionals.length}\n\n${HELP}`);
    const [basePath, resultsPath] = positionals;
    const baseline = (0,_gate_js__WEBPACK_IMPORTED_MODULE_9__/* .withUsageErrors */ .Lc)(() => (0,_app_regression_js__WEBPACK_IMPORTED_MODULE_3__/* .readBaseline */ .mF)(basePath));
    if (!baseline)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`compare: baseline ${basePath} does not exist; record one with "llm-loadgate gate --record ${basePath}"`);
    const result = readResults(resultsPath);
    // Only the file's tolerances matter offline; they are validated like the rest of a config.
    const tolerances = values.config
        ? (0,_gate_js__WEBPACK_IMPORTED_MODULE_9__/* .withUsageErrors */ .Lc)(() => (0,_config_parse_js__WEBPACK_IMPORTED_MODULE_5__/* .buildConfig */ .fD)({ target: { url: 'http://offline', model: 'offline' }, tolerances: (0,_config_parse_js__WEBPACK_IMPORTED_MODULE_5__/* .readConfigFile */ .RG)(values.config).tolerances ?? {} }, values.config))
            .tolerances
        : _verdict_compare_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_TOLERANCES */ .tD;
    const c = (0,_app_compare_js__WEBPACK_IMPORTED_MODULE_2__/* .compareResult */ .R)(baseline, result.measured, result.fingerprint, { tolerances });
    process.stdout.write(`${(0,_report_compare_markdown_js__WEBPACK_IMPORTED_MODULE_6__/* .compareMarkdown */ .x)(result.name, c, baseline, result)}\n`);
    return (0,_app_outcome_js__WEBPACK_IMPORTED_MODULE_10__/* .failureOf */ .g5)(c.verdict, _app_outcome_js__WEBPACK_IMPORTED_MODULE_10__/* .CLI_POLICY */ .wP).exitCode;
}
function readResults(path) {
    let doc;
    try {
        doc = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        const err = e;
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`compare: cannot read ${path}: ${err.code ?? err.message}; give the results.json of a "llm-loadgate gate" run`);
    }
    if (doc.kind !== 'gate' || !doc.measured || !doc.fingerprint)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UsageError */ .eb(`compare: ${path} is not the results.json of a "llm-loadgate gate" run (kind ${JSON.stringify(doc.kind)})`);
    return doc;
}


/***/ })

};
