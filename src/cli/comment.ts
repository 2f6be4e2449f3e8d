/**
 * `llm-loadgate comment`: posts (or updates in place) the gate's pull-request comment from a
 * report file. For the fork-safe pattern: the untrusted pull_request job runs the gate without
 * secrets and uploads its summary; a workflow_run job with a write token posts it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { upsertComment } from '../action/github.js';
import { EXIT, UsageError } from './errors.js';

const HELP = `llm-loadgate comment --file summary.md --repo OWNER/REPO --pr N [--name GATE]
                     [--token-env GITHUB_TOKEN] [--api-url https://api.github.com] [--only-if-exists]

Creates the gate's comment on the pull request, or updates the one it created before.`;

export async function commentCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      file: { type: 'string' },
      repo: { type: 'string' },
      pr: { type: 'string' },
      name: { type: 'string', default: 'default' },
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
  if (!v.file) errs.push('--file is required: the markdown report to post (summary.md of a run)');
  if (!owner || !repo) errs.push(`--repo ${JSON.stringify(v.repo ?? '')}: expected OWNER/REPO`);
  const pr = Number(v.pr);
  if (!Number.isInteger(pr) || pr <= 0) errs.push(`--pr ${JSON.stringify(v.pr ?? '')}: expected a pull-request number`);
  const token = process.env[v['token-env']];
  if (!token) errs.push(`--token-env ${v['token-env']}: that environment variable is empty; it must hold a token that may write issue comments`);
  if (errs.length) throw new UsageError(`comment: ${errs.join('\n  - ')}\n\n${HELP}`);
  let body: string;
  try {
    body = readFileSync(v.file!, 'utf8');
  } catch (e) {
    throw new UsageError(`comment: cannot read --file ${v.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const res = await upsertComment({ apiUrl: v['api-url'], token: token!, owner: owner!, repo: repo!, issueNumber: pr }, v.name, body, { onlyIfExists: v['only-if-exists'] });
  if (res.action === 'forbidden') {
    process.stderr.write(`${res.warning}\n`);
    return EXIT.usage;
  }
  process.stdout.write(`comment ${res.action}${res.url ? `: ${res.url}` : ''}\n`);
  return EXIT.ok;
}
