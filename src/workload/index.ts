/** Workloads beyond the fixed prompt: datasets, synthetic length mixes, multi-turn sessions, model mixes. */
export { WORKLOAD_SCHEMA } from './schema.js';
export { parseWorkloadConfig, fixedPromptConfig, prepareWorkload, workloadFromConfig, describeWorkload, workloadFingerprint, datasetDigest, workloadKind, needsTokenizer } from './config.js';
export type { WorkloadConfig, WorkloadKind, WorkloadFactoryOptions } from './config.js';
export { parseDataset, loadDataset, DatasetError, DatasetWorkload, DATASET_FORMATS } from './datasets.js';
export type { Dataset, DatasetItem, DatasetFormat, DatasetOrder } from './datasets.js';
export { lengthSampler, checkDist, describeDist, distMean, type LengthDist, type HistogramBucket } from './distributions.js';
export { SyntheticWorkload, MIX_PRESETS, exactOutputFields, TAG_PURPOSE, type MixClass, type SharedPrefix } from './synthetic.js';
export { SessionWorkload, type SessionWorkloadOptions } from './sessions.js';
export { ModelMixWorkload } from './models.js';
export { PromptBuilder } from './prompt.js';
export { loadTokenizer, loadedTokenizer, TOKENIZER_FAMILIES, type Tokenizer, type TokenizerFamily } from './tokenizer.js';
export { expectedPrefixHitRate, workloadRecord, cacheMarkdown, cacheFindings, FIXED_PROMPT_NOTE, FAR_ABOVE, type WorkloadRecord, type CacheLevel } from './cache.js';
export { drawSalt, withSalt, uniquePrompts, defaultMix, DEFAULT_INPUT_TOKENS } from './config.js';
export { uniqueTag } from './prompt.js';
