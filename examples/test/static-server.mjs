// The examples' and CSP tests' web server: the repository's files as they are on disk (no
// transform, no bundler), with the headers a test asks for.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.pbf': 'application/x-protobuf', '.geojson': 'application/json' };

/**
 * Serves the repository (or `root`) on a free loopback port; `route(req, res)` may answer first
 * (return true); `types` overrides the Content-Type of an extension (a mis-configured server).
 * Resolves with [server, origin].
 */
export async function serveRepository(headers = {}, route = () => false, root = ROOT, types = {}) {
  const server = createServer((req, res) => {
    if (route(req, res)) return;
    let file = join(root, normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) return res.writeHead(404).end();
    const type = { 'Content-Type': types[extname(file)] ?? TYPES[extname(file)] ?? 'application/octet-stream', 'Accept-Ranges': 'bytes', ...headers };
    // Byte ranges, as every static server answers them: PMTiles archives are read in ranges.
    const size = statSync(file).size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) return res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      res.writeHead(206, { ...type, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
      return createReadStream(file, { start, end }).pipe(res);
    }
    res.writeHead(200, { ...type, 'Content-Length': size });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${server.address().port}`];
}

/** Run in a page (`page.evaluate(areasDrawn)`): once its gm-map is ready and idle, how many of the hierarchy's areas are rendered. */
export async function areasDrawn() {
  const el = document.querySelector('gm-map');
  await el.ready;
  const map = el.getMap();
  await new Promise((r) => (map.once('idle', r), map.triggerRepaint()));
  return map.queryRenderedFeatures().filter((f) => /^gm-(district|town|community|grid)-/.test(f.layer.id)).length;
}
