#!/usr/bin/env node
/**
 * The report test opens report.html in a real headless Chromium, and the PNG plots' text needs a
 * TrueType font. Run before `npm test` (the `pretest` script): finds a Chromium, or installs
 * Debian's `chromium` and `fonts-dejavu-core` with apt-get when it runs as root; otherwise says
 * exactly what to install and exits 1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser the tests use: LOADGATE_CHROMIUM, else the first of the usual paths that exists. */
export function findChromium() {
  const own = process.env.LOADGATE_CHROMIUM;
  if (own) return existsSync(own) ? own : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

function main() {
  if (findChromium()) return;
  if (process.env.LOADGATE_CHROMIUM) {
    console.error(`LOADGATE_CHROMIUM=${process.env.LOADGATE_CHROMIUM} does not exist: point it at a Chromium or Chrome binary.`);
    process.exit(1);
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('installing Chromium and a font for the report tests (apt-get install chromium fonts-dejavu-core)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (findChromium()) return;
  }
  console.error(
    'The report tests need a headless Chromium. Install one (Debian/Ubuntu: sudo apt-get install -y chromium fonts-dejavu-core),\n' +
      'or set LOADGATE_CHROMIUM to a Chromium or Chrome binary, then run npm test again.',
  );
  process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
