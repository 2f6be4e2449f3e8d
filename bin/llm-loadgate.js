#!/usr/bin/env node
// The CLI, from the committed bundle (dist/cli.js, self-contained), so it runs without a build step.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `llm-loadgate needs Node.js 22 or newer (24 recommended); this is ${process.version}.\n` +
      'In a clone after npm ci, run it as "npx llm-loadgate …": npx puts the Node 24 that npm installed first on PATH.',
  );
  process.exit(2);
}
await import('../dist/cli.js');
