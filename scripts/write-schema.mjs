// Writes schema/loadgate.schema.json from the compiled schema (lib/config/schema.js), for editors.
import { mkdirSync, writeFileSync } from 'node:fs';
const { CONFIG_SCHEMA } = await import('../lib/config/schema.js');
mkdirSync('schema', { recursive: true });
writeFileSync('schema/loadgate.schema.json', `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
