#!/usr/bin/env node
// npm test: type-check, the fixture tests (node:test) and the browser tests (@web/test-runner in
// headless Chromium), then one plain `N passed, N failed, N skipped` line for the whole run.
// The type-check and the build count as one check each. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from './chromium.mjs';

chromiumPath(); // fail fast, with one clear line, before anything else runs
const work = mkdtempSync(join(tmpdir(), 'gm-test-'));
const total = { passed: 0, failed: 0, skipped: 0 };
const bin = (name) => join('node_modules', '.bin', name);
/** Seconds each phase took, printed at the end (where the run's time goes). */
const phases = [];
let phaseStart = Date.now();
let phaseName;
function phase(name) {
  if (phaseName) phases.push([phaseName, (Date.now() - phaseStart) / 1000]);
  console.log(name ? `— ${name}` : '');
  [phaseName, phaseStart] = [name, Date.now()];
}
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } }).status;

phase('typecheck (tsc --noEmit)');
total[run(bin('tsc'), ['--noEmit']) === 0 ? 'passed' : 'failed']++;

/** Runs node:test files; adds their counts (from TAP) to the total. */
function nodeTests(label, files) {
  phase(`${label} (node --test)`);
  const tap = join(work, `${label.replace(/\W+/g, '-')}.tap`);
  const status = run(process.execPath, [
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const tapCount = (key) => Number(tapText.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  total.passed += tapCount('pass');
  total.failed += tapCount('fail') + (status !== 0 && tapCount('fail') === 0 ? 1 : 0);
  total.skipped += tapCount('skipped') + tapCount('todo');
}
const testFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).map((f) => `${dir}/${f}`);

nodeTests('fixture, gm-prepare and feed-server tests', [...testFiles('fixtures/test'), ...testFiles('test/prepare'), ...testFiles('server/test')]);

phase('build (npm run build: dist/ modules per element, React wrappers, gm.bundle.js, types, custom-elements.json, IDE data)');
total[run('npm', ['run', '--silent', 'build']) === 0 ? 'passed' : 'failed']++;

nodeTests('the built package, the packed tarball in fresh apps, host examples (plain HTML, React, Vue), the fresh-clone demo and strict CSP', testFiles('examples/test'));

phase('browser tests (web-test-runner, headless Chromium)');
const summary = join(work, 'wtr.json');
const wtrStatus = run(bin('wtr'), process.argv.slice(2), { WTR_SUMMARY_FILE: summary, CI: 'true' });
const wtr = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
if (wtrStatus !== 0 && wtr.failed === 0) wtr.failed = 1;
for (const k of Object.keys(total)) total[k] += wtr[k];

phase('Storybook interaction tests (vitest, @storybook/addon-vitest: every story rendered, its play function run)');
const storiesJson = join(work, 'stories.json');
const storiesStatus = run(bin('vitest'), ['run', '--project', 'storybook', '--reporter=default', '--reporter=json', `--outputFile.json=${storiesJson}`]);
const stories = existsSync(storiesJson) ? JSON.parse(readFileSync(storiesJson, 'utf8')) : undefined;
total.passed += stories?.numPassedTests ?? 0;
total.failed += (stories?.numFailedTests ?? 0) + (storiesStatus !== 0 && !stories?.numFailedTests ? 1 : 0);
total.skipped += (stories?.numPendingTests ?? 0) + (stories?.numTodoTests ?? 0);

phase();
// The failed tests' names last but one: CI keeps only the end of the output, and wtr's live
// progress line hides the failures it printed hours of output earlier.
for (const failure of wtr.failures ?? []) console.log(`failed: ${failure}`);
for (const result of stories?.testResults ?? []) for (const t of result.assertionResults ?? []) if (t.status === 'failed') console.log(`failed: ${t.fullName ?? t.title}`);
console.log(`time by phase: ${phases.map(([name, s]) => `${name.split(' (')[0]} ${Math.round(s)} s`).join(', ')}`);
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
