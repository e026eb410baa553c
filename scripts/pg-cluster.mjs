// A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, started on a free
// loopback port (no Unix socket outside that folder), stopped and removed afterwards. Uses
// Debian's server binaries (/usr/lib/postgresql/<version>/bin); as root, it runs them as the
// `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed server's bin folder, or undefined. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Starts a cluster; resolves with its URL and a stop(). */
export async function startCluster() {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (.ci/run installs postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'gm-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let user;
  if (asRoot) {
    const id = (name) => Number(execFileSync('id', [name, 'postgres'], { encoding: 'utf8' }).trim());
    user = { uid: id('-u'), gid: id('-g') };
    chownSync(dir, user.uid, user.gid);
  }
  chmodSync(dir, 0o700);
  const run = (command, args) => {
    const result = spawnSync(join(bin, command), args, { encoding: 'utf8', ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: dir });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  run('initdb', ['-D', data, '-U', 'relay', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`, 'start']);
  return {
    url: `postgres://relay@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
