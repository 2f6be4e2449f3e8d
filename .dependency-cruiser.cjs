/**
 * The house plan of src/, checked by `npm run check:deps` (part of `npm test`, so .ci/run runs it).
 * docs/ARCHITECTURE.md's "may import" column is this table: keep the two the same.
 *
 *   entries (cli/, action/) → app/ → domain (config, results, baseline, report, workload, load,
 *   client, verdict, servermetrics, target) → metrics/, util/;  sim/ imports nothing else from src/.
 *
 * Type-only imports count (tsPreCompilationDeps): a type in the wrong place is the usual cause of
 * an import that runs up a layer. The fix is to move the definition down, not to add an exception.
 */

/** Folder (or file) → what in src/ it may import besides itself and src/version.ts. */
const DOMAIN = ['config', 'results', 'baseline', 'report', 'workload', 'load', 'client', 'verdict', 'servermetrics', 'target', 'metrics', 'util'];
const MAY_IMPORT = {
  util: [],
  metrics: ['util'],
  client: ['metrics', 'util'],
  servermetrics: ['metrics', 'util'],
  target: ['util'],
  load: ['client', 'metrics', 'sim', 'util'],
  workload: ['load', 'client', 'metrics', 'util'],
  // SLA rules are part of the config: verdict/ may use config/types.ts for types only (rule below).
  verdict: ['metrics', 'util', 'config/types.ts'],
  config: ['verdict', 'workload', 'load', 'client', 'target', 'util'],
  results: ['config', 'verdict', 'servermetrics', 'metrics', 'util'],
  baseline: ['results', 'verdict', 'metrics', 'util'],
  report: ['results', 'baseline', 'verdict', 'servermetrics', 'config', 'metrics', 'util'],
  app: DOMAIN.concat('sim'),
  action: ['app', ...DOMAIN],
  // `llm-loadgate comment` posts through the action's comment upsert; `sim` starts the simulator.
  cli: ['app', 'action/github.ts', 'sim', ...DOMAIN],
  // The simulator could ship alone: nothing from the rest of src/.
  sim: [],
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const target = (t) => (t.endsWith('.ts') ? `${escape(t)}$` : `${escape(t)}/`);

const layerRules = Object.entries(MAY_IMPORT).map(([from, allowed]) => ({
  name: `${from}-may-import`,
  comment: `src/${from}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing else from src/'} (docs/ARCHITECTURE.md, "may import").`,
  severity: 'error',
  from: { path: `^src/${escape(from)}/` },
  to: {
    path: '^src/',
    pathNot: `^src/(${[from, ...allowed].map(target).join('|')}${from === 'sim' ? '' : '|version\\.ts$'})`,
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: move the shared definition into a module both can import (a leaf).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'verdict-config-types-only',
      comment: 'verdict/ reads the SLA rule types of config/types.ts, never config code.',
      severity: 'error',
      from: { path: '^src/verdict/' },
      to: { path: '^src/config/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing (a moved or deleted module).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
