// What the benchmark and the soak share: the built pages and the fixture over HTTP, the feed
// server as a child process, and quantiles.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import Koa from 'koa';
import serve from 'koa-static';
import sirv from 'sirv';
import { hostileFile } from '../test/hostile/hostile-files.mjs';

/**
 * bench/dist (or `dist`) at /, the fixtures at /fixtures/ (sirv, Vite's own static server: it
 * answers the range requests PMTiles archives are read with), hostile and oversized input at
 * /hostile/ (test/hostile/hostile-files.mjs).
 */
export function serveBench(root, dist = `${root}bench/dist`) {
  const app = new Koa();
  const pages = serve(dist);
  const serveFixtures = sirv(`${root}fixtures/out`, { dev: true });
  const fixtures = (ctx, next) =>
    new Promise((resolve) => {
      ctx.respond = false;
      serveFixtures(ctx.req, ctx.res, () => {
        ctx.respond = true;
        resolve(next());
      });
      ctx.res.once('finish', resolve);
    });
  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/hostile/')) {
      const file = hostileFile(ctx.path.slice('/hostile/'.length));
      if (!file) return next();
      ctx.type = file.type;
      ctx.body = file.body;
      return;
    }
    if (!ctx.path.startsWith('/fixtures/')) return pages(ctx, next);
    ctx.path = ctx.path.slice('/fixtures'.length);
    return fixtures(ctx, next);
  });
  return new Promise((resolve) => {
    const server = createServer(app.callback()).listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The feed server (full fixture) on a free loopback port, readable from the benchmark's pages on theirs; resolves with its URL once it listens. */
export function startFeed(root, args) {
  const child = spawn(process.execPath, [`${root}server/feed-server.mjs`, '--fixture', `${root}fixtures/out/chongqing`, '--port', '0', '--allow-origin', '*', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/listening on (http:\/\/[\d.]+:\d+)/)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
  });
}

export function median(values) {
  return quantile(values, 0.5);
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}
