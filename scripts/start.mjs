#!/usr/bin/env node
// npm start: the command-centre demo. Runs the live feed server (server/feed-server.mjs, on
// loopback :5174, the full Chongqing fixture, its log in var/relay.sqlite) and the Vite dev server (:5173), which proxies
// /live/* to the feed so the page reads it from its own origin. Extra arguments go to the feed
// server (e.g. `npm start -- --status-rate 1000 --staff-rate 20000`). Work orders' times run ten
// times fast (`--due-scale 0.1`: an order left hanging goes overdue in a minute, not ten), so the demo
// shows the whole loop in a few minutes. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const FEED_PORT = process.env.GM_FEED_PORT ?? '5174';
/** The relay's store: the demo's log is kept across restarts (`GM_RELAY_STORE`: another file, or `memory`). */
const STORE = process.env.GM_RELAY_STORE ?? join('var', 'relay.sqlite');
/** The demo's port (`GM_DEMO_PORT`: the fresh-clone test runs it on a free one). */
const DEMO_PORT = process.env.GM_DEMO_PORT ?? '5173';
const children = [
  spawn(process.execPath, ['server/feed-server.mjs', '--port', FEED_PORT, '--store', STORE, '--due-scale', '0.1', ...process.argv.slice(2)], { stdio: 'inherit' }),
  spawn(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), '--host', '127.0.0.1', '--port', DEMO_PORT, '--strictPort'], {
    stdio: 'inherit',
    env: { ...process.env, GM_FEED_PORT: FEED_PORT },
  }),
];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.once('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
