// Where the system Chromium is, and how to start it: shared by the tests, the benchmark and the
// screenshot script. Nothing here downloads a browser.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/** Chromium's path from CHROME_PATH or the usual system paths; exits with one clear line when none is found. */
export function chromiumPath() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    fail(`CHROME_PATH=${fromEnv} does not exist`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) fail('no Chromium found');
  return found;
}

function fail(what) {
  console.error(
    `Chromium missing: ${what}. Install Debian's package (sudo apt-get install -y chromium fonts-noto-cjk) or set CHROME_PATH to a Chromium/Chrome binary.`,
  );
  process.exit(1);
}

/**
 * Headless flags known to work here (see docs/tooling.md): software WebGL through SwiftShader
 * without the deprecation error, and no background traffic on a machine with no internet.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
