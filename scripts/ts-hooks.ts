/**
 * Lets Node 24 run the TypeScript sources of src/ directly (for benchmarks and test child
 * processes, which run outside vitest): `./x.js` imports resolve to `./x.ts`, and files under src/
 * are transformed (not just stripped), since src/ uses constructor parameter properties.
 */
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

const SRC = new URL('../src/', import.meta.url).href;
let registered = false;

export function runTsSources(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (e) {
        if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(`${specifier.slice(0, -3)}.ts`, context);
        throw e;
      }
    },
    load(url, context, next) {
      if (url.startsWith(SRC) && url.endsWith('.ts')) {
        const code = readFileSync(fileURLToPath(url), 'utf8');
        return { format: 'module', source: stripTypeScriptTypes(code, { mode: 'transform', sourceUrl: url }), shortCircuit: true };
      }
      return next(url, context);
    },
  });
}
