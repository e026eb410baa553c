// The examples' and CSP tests' web server: the repository's files as they are on disk (no
// transform, no bundler), with the headers a test asks for.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.pbf': 'application/x-protobuf', '.geojson': 'application/json' };

/** Serves the repository on a free loopback port; `route(req, res)` may answer first (return true). Resolves with [server, origin]. */
export async function serveRepository(headers = {}, route = () => false) {
  const server = createServer((req, res) => {
    if (route(req, res)) return;
    let file = join(ROOT, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(ROOT) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${server.address().port}`];
}
