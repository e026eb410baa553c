import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';
import { serveBench } from '../bench/serve.mjs';
const root = new URL('..', import.meta.url).pathname;
const server = await serveBench(root);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
for (const fixture of ['chongqing', 'chongqing-micro']) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/gm.html?fixture=${fixture}`);
  await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: 300000 });
  const cdp = await context.newCDPSession(page);
  const pageUsage = await cdp.send('Runtime.getHeapUsage');
  const { targetInfos } = await cdp.send('Target.getTargets');
  const results = [];
  let next = 1;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => { const m = JSON.parse(message); pending.get(`${sessionId}:${m.id}`)?.(m.result ?? m.error); });
  const ask = (sessionId, method, params = {}) => new Promise((resolve) => { setTimeout(() => resolve({usedSize: 0}), 2000); const id = next++; pending.set(`${sessionId}:${id}`, resolve); cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }); });
  for (const t of targetInfos.filter((t) => t.type === 'worker')) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
    await ask(sessionId, 'Runtime.evaluate', { expression: 'typeof gc === "function" && gc()' });
    results.push([t.url.slice(-40), await ask(sessionId, 'Runtime.getHeapUsage')]);
  }
  const wrong = [];
  for (const t of targetInfos.filter((t) => t.type === 'worker')) {
    const session = await cdp.send("Target.attachToTarget", { targetId: t.targetId, flatten: true }).catch(() => undefined); if (!session) continue;
    wrong.push(await cdp.send('Runtime.getHeapUsage', undefined, session.sessionId));
  }
  console.log(fixture, 'page', (pageUsage.usedSize / 2 ** 20).toFixed(1), 'page perf', await page.evaluate(() => { gc(); return (performance.memory.usedJSHeapSize / 2 ** 20).toFixed(1); }));
  for (const [url, u] of results) console.log('  worker (own session)', url, (u.usedSize / 2 ** 20).toFixed(1));
  for (const u of wrong) console.log('  as bench/run.mjs asks', (u.usedSize / 2 ** 20).toFixed(1));
  await context.close();
}
await browser.close(); server.close();
