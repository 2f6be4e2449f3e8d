/** Bundled CLI entry (dist/cli.js): runs the command and exits with its code. */
import { main } from './main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
