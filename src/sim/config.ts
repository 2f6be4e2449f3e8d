/** YAML config files for the simulator: same shape as SimOptions (camelCase keys). */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { validateOptions } from './options.js';
import type { SimOptions } from './types.js';

/**
 * Reads and validates a YAML (or JSON) config file. Throws a one-line Error that
 * names the file and the offending field.
 */
export async function loadSimConfig(path: string): Promise<Partial<SimOptions>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read sim config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path}: top level must be a mapping of options`);
  try {
    return validateOptions(doc as Record<string, unknown>, 'config');
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
