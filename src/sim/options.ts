/**
 * Validation and defaults for SimOptions, shared by startSim, YAML configs and the CLI.
 * Errors are one-line Error messages naming the field and what is allowed.
 */
import { resolveProfile } from './profiles.js';
import { validateFaults } from './faults.js';
import { ROUTINGS, type ModelSpec, type Profile, type Routing, type SimOptions } from './types.js';

export const DEFAULT_OPTIONS: SimOptions = {
  host: '127.0.0.1',
  port: 0,
  profile: 'llama-8b-h100',
  replicas: 1,
  routing: 'round-robin',
  speedup: 1,
  seed: 1,
  models: [],
  faults: {},
  startupDelayMs: 0,
  modelsReadyBeforeCompletions: false,
};

/** A model after defaults were applied. */
export interface ResolvedModel {
  name: string;
  profile: Profile;
  replicas: number;
  routing: Routing;
}

const KEYS = new Set(Object.keys(DEFAULT_OPTIONS));

/** Checks a partial options object (e.g. parsed YAML); throws on the first bad field. */
export function validateOptions(o: Record<string, unknown>, where = 'options'): Partial<SimOptions> {
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new Error(`${where}.${k} is not an option; known: ${[...KEYS].join(', ')}`);
  if (o.host !== undefined && typeof o.host !== 'string') throw new Error(`${where}.host must be a string`);
  if (o.port !== undefined && !(Number.isInteger(o.port) && (o.port as number) >= 0 && (o.port as number) <= 65535)) throw new Error(`${where}.port must be an integer 0-65535`);
  if (o.replicas !== undefined) positiveInt(o.replicas, `${where}.replicas`);
  if (o.routing !== undefined) routing(o.routing, `${where}.routing`);
  if (o.speedup !== undefined && !(typeof o.speedup === 'number' && o.speedup > 0 && Number.isFinite(o.speedup))) throw new Error(`${where}.speedup must be a number > 0`);
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new Error(`${where}.seed must be an integer`);
  if (o.startupDelayMs !== undefined && !(typeof o.startupDelayMs === 'number' && o.startupDelayMs >= 0)) throw new Error(`${where}.startupDelayMs must be a number >= 0`);
  if (o.modelsReadyBeforeCompletions !== undefined && typeof o.modelsReadyBeforeCompletions !== 'boolean')
    throw new Error(`${where}.modelsReadyBeforeCompletions must be true or false`);
  if (o.profile !== undefined) profileOf(o.profile, `${where}.profile`);
  if (o.faults !== undefined) validateFaults(o.faults, `${where}.faults`);
  if (o.models !== undefined) {
    if (!Array.isArray(o.models)) throw new Error(`${where}.models must be a list`);
    o.models.forEach((m: unknown, i: number) => validateModel(m, `${where}.models[${i}]`));
  }
  return o as Partial<SimOptions>;
}

function validateModel(m: unknown, where: string): void {
  if (!m || typeof m !== 'object') throw new Error(`${where} must be an object with a name`);
  const r = m as Record<string, unknown>;
  for (const k of Object.keys(r))
    if (!['name', 'profile', 'replicas', 'routing'].includes(k)) throw new Error(`${where}.${k} is not a model field; known: name, profile, replicas, routing`);
  if (typeof r.name !== 'string' || r.name === '') throw new Error(`${where}.name must be a non-empty string`);
  if (r.replicas !== undefined) positiveInt(r.replicas, `${where}.replicas`);
  if (r.routing !== undefined) routing(r.routing, `${where}.routing`);
  if (r.profile !== undefined) profileOf(r.profile, `${where}.profile`);
}

function positiveInt(v: unknown, where: string): void {
  if (!Number.isInteger(v) || (v as number) < 1) throw new Error(`${where} must be a positive integer, got ${JSON.stringify(v)}`);
}

function routing(v: unknown, where: string): void {
  if (!ROUTINGS.includes(v as Routing)) throw new Error(`${where} must be one of ${ROUTINGS.join(', ')}, got ${JSON.stringify(v)}`);
}

function profileOf(v: unknown, where: string): Profile {
  if (typeof v !== 'string' && (!v || typeof v !== 'object')) throw new Error(`${where} must be a profile name or an object`);
  try {
    return resolveProfile(v as string);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}

/** Applies defaults and resolves models; throws on invalid input. */
export function resolveOptions(partial: Partial<SimOptions> = {}): { options: SimOptions; models: ResolvedModel[] } {
  validateOptions(partial as Record<string, unknown>);
  const options: SimOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(partial) };
  const base = resolveProfile(options.profile);
  const specs: ModelSpec[] = options.models.length > 0 ? options.models : [{ name: base.servedModelName }];
  const models = specs.map((s) => ({
    name: s.name,
    profile: s.profile !== undefined ? resolveProfile(s.profile) : base,
    replicas: s.replicas ?? options.replicas,
    routing: s.routing ?? options.routing,
  }));
  const names = new Set<string>();
  for (const m of models) {
    if (names.has(m.name)) throw new Error(`models: "${m.name}" is listed twice`);
    names.add(m.name);
  }
  return { options, models };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
