/**
 * `llm-loadgate comment`: posts (or updates in place) the gate's pull-request comment from a
 * report file. For the fork-safe pattern: the untrusted pull_request job runs the gate without
 * secrets and uploads its summary; a workflow_run job with a write token posts it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { upsertComment } from '../action/github.js';
import { EXIT } from './errors.js';
import { UsageError } from '../util/errors.js';

const HELP = `llm-loadgate comment --file RUN_DIR|summary.md --repo OWNER/REPO [--pr N] [--name GATE]
                     [--token-env GITHUB_TOKEN] [--api-url https://api.github.com] [--only-if-exists]

Creates the gate's comment on the pull request, or updates the one it created before.
--pr and --name default to the comment.json a pull-request run writes beside summary.md.`;

export async function commentCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      file: { type: 'string' },
      repo: { type: 'string' },
      pr: { type: 'string' },
      name: { type: 'string' },
      'token-env': { type: 'string', default: 'GITHUB_TOKEN' },
      'api-url': { type: 'string', default: process.env.GITHUB_API_URL ?? 'https://api.github.com' },
      'only-if-exists': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  const errs: string[] = [];
  const [owner, repo] = (v.repo ?? '').split('/');
  const file = v.file && existsSync(v.file) && statSync(v.file).isDirectory() ? join(v.file, 'summary.md') : v.file;
  const meta = file ? commentMeta(join(dirname(file), 'comment.json')) : {};
  const prText = v.pr ?? (meta.pr === undefined ? undefined : String(meta.pr));
  const name = v.name ?? (typeof meta.name === 'string' ? meta.name : 'default');
  if (!file) errs.push('--file is required: the markdown report to post (a run directory, or its summary.md)');
  if (!owner || !repo) errs.push(`--repo ${JSON.stringify(v.repo ?? '')}: expected OWNER/REPO`);
  const pr = Number(prText);
  if (!prText || !/^\d+$/.test(prText) || !Number.isSafeInteger(pr) || pr <= 0)
    errs.push(`--pr ${JSON.stringify(prText ?? '')}: expected a pull-request number (or a comment.json beside the report)`);
  const token = process.env[v['token-env']];
  if (!token) errs.push(`--token-env ${v['token-env']}: that environment variable is empty; it must hold a token that may write issue comments`);
  if (errs.length) throw new UsageError(`comment: ${errs.join('\n  - ')}\n\n${HELP}`);
  let body: string;
  try {
    body = readFileSync(file!, 'utf8');
  } catch (e) {
    throw new UsageError(`comment: cannot read --file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (meta.cancelled === true) {
    process.stdout.write(`the gate run was cancelled: its partial report is not posted (the comment on #${pr} is left as it was)\n`);
    return EXIT.ok;
  }
  const res = await upsertComment({ apiUrl: v['api-url'], token: token!, owner: owner!, repo: repo!, issueNumber: pr }, name, body, { onlyIfExists: v['only-if-exists'] });
  if (res.action === 'forbidden') {
    process.stderr.write(`${res.warning}\n`);
    return EXIT.usage;
  }
  process.stdout.write(`comment ${res.action}${res.url ? `: ${res.url}` : ''}\n`);
  return EXIT.ok;
}

/** comment.json (gate name, pull request) written beside summary.md by a pull-request run; {} when absent. */
function commentMeta(path: string): { name?: unknown; pr?: unknown; cancelled?: unknown } {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; pr?: unknown; cancelled?: unknown };
  } catch {
    throw new UsageError(`comment: ${path} is not valid JSON; it is written by the gate run beside summary.md (or pass --pr and --name)`);
  }
}
