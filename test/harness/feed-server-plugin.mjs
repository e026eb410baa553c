// A web-test-runner plugin that runs real feed servers (server/feed-server.mjs, as child
// processes on loopback) for the browser tests, which drive it with executeServerCommand:
//   feed-start {args?, port?, journal?} → {id, url, port, journal}  (port and journal: reuse them to restart;
//                                        journal is the relay's SQLite store; `args: ['--store', 'memory']` for none)
//   feed-kill {id}                      → SIGKILL, resolves once the process is gone
//   feed-stop-all                       → kills every server this plugin started
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const servers = new Map();
let nextId = 1;
/** The test pages' origin (the relay serves only allowed origins: the pages are on another port). */
let pagesOrigin = '*';

function start({ args = [], port = 0, journal } = {}) {
  const journalPath = journal ?? join(mkdtempSync(join(tmpdir(), 'gm-feed-')), 'feed.sqlite');
  const child = spawn(process.execPath, [
    'server/feed-server.mjs', '--fixture', 'fixtures/out/sample', '--port', String(port), '--store', journalPath, '--allow-origin', pagesOrigin, '--test-hooks', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const id = String(nextId++);
  servers.set(id, child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`feed server did not start: ${out}`)), 15000);
    const read = (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[\d.]+:(\d+))/);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', read);
      resolve({ id, url: match[1], port: Number(match[2]), journal: journalPath });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      servers.delete(id);
      reject(new Error(`feed server exited (${code}): ${out}`));
    });
  });
}

function kill(id) {
  const child = servers.get(id);
  if (!child) return Promise.resolve(false);
  servers.delete(id);
  return new Promise((resolve) => {
    child.once('exit', () => resolve(true));
    child.kill('SIGKILL');
  });
}

export function feedServerPlugin() {
  return {
    name: 'feed-server',
    serverStart({ config }) {
      const host = config.hostname ?? 'localhost';
      pagesOrigin = [host, host === 'localhost' ? '127.0.0.1' : 'localhost'].map((h) => `${config.protocol ?? 'http:'}//${h}:${config.port}`).join(',');
    },
    async executeCommand({ command, payload }) {
      if (command === 'feed-start') return start(payload);
      if (command === 'feed-kill') return kill(payload.id);
      if (command === 'feed-stop-all') {
        await Promise.all([...servers.keys()].map(kill));
        return true;
      }
      return undefined;
    },
    serverStop: () => Promise.all([...servers.keys()].map(kill)),
  };
}
