/** Workloads beyond the fixed prompt: datasets, synthetic length mixes, multi-turn sessions, model mixes. */
export { parseWorkloadConfig, fixedPromptConfig, prepareWorkload, workloadFromConfig, describeWorkload, workloadFingerprint, datasetDigest, withSalt } from './config.js';
export type { WorkloadConfig } from './config.js';
export { workloadRecord, cacheMarkdown, type WorkloadRecord } from './cache.js';
