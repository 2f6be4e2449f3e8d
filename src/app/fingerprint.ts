/**
 * What makes two runs comparable: the same model, workload and SLA rules. The workload hash covers
 * everything that shapes the requests, so a changed prompt or max_tokens is never silently compared.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/types.js';
import { datasetDigest, workloadFingerprint } from '../workload/index.js';
import { stableJson } from '../util/json.js';
import { redactUrl } from '../util/url.js';

export function workloadHash(c: Config): string {
  const w = { endpoint: c.target.endpoint, stream: c.target.stream, model: c.target.model, workload: workloadFingerprint(c.workload) };
  const h = createHash('sha256').update(stableJson(w));
  // A dataset is compared by content, not by path: an edited file is a different workload.
  if (c.workload.dataset) h.update(datasetDigest(c.workload.dataset.path));
  return h.digest('hex').slice(0, 16);
}

/** The configuration as it may be stored: header values, key material and credentials in URLs never leave the process. */
export function publicConfig(c: Config): unknown {
  return {
    ...c,
    target: { ...c.target, url: redactUrl(c.target.url), headers: Object.fromEntries(Object.keys(c.target.headers).map((k) => [k, '<redacted>'])) },
    serverMetrics: { ...c.serverMetrics, sources: c.serverMetrics.sources.map((s) => ({ ...s, url: redactUrl(s.url) })) },
  };
}
