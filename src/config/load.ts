/**
 * The one way a command or the action gets its Config: an optional loadgate.yml plus overrides
 * (flags or action inputs) merged over it, all validated together by the published schema.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { buildConfig, mergeRaw, readConfigFile, type RawConfig } from './parse.js';
import type { Config } from './types.js';

/** Loads a Config from an optional file plus overrides; throws ConfigError listing every problem. */
export function loadConfig(file: string | undefined, over: RawConfig): Config {
  const base = file ? readConfigFile(file) : {};
  const config = buildConfig(mergeRaw(base, stripUndefined(over)), file ?? 'flags');
  // A dataset path in the file is relative to the file, wherever the command runs from.
  const ds = config.workload.dataset;
  if (file && ds && !isAbsolute(ds.path)) ds.path = resolve(dirname(file), ds.path);
  return config;
}

function stripUndefined(x: RawConfig): RawConfig {
  const out: RawConfig = {};
  for (const [k, v] of Object.entries(x)) {
    if (v === undefined) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = stripUndefined(v as RawConfig);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
