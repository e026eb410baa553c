// `npm run soak`'s page: the demo's screen on the full fixture, following a feed server at
// 1,000 status changes and 20,000 staff positions a second (alerts raised, acknowledged and
// resolved, events moving), with a drill-down and a board change every few seconds — a day of a
// command centre, compressed. The runner (bench/soak.mjs) samples heap, DOM and frames.
import '../../src/index.js';
import { FIXTURE } from './measure.js';
import { BOARDS } from '../../src/model/board.js';

const el = document.querySelector('gm-map')!;
const params = new URLSearchParams(location.search);
el.src = `${FIXTURE}manifest.json`;
el.querySelector('gm-sites')!.src = `${FIXTURE}sites.geojson`;

/** Frame intervals since the last read (the runner reads and clears them). */
const frames: number[] = [];
let last = 0;
const tick = (t: number) => {
  if (last) frames.push(t - last);
  last = t;
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

await el.ready;
const live = document.createElement('gm-live');
live.src = params.get('feed')!;
el.append(live);

// The operators: every `every` seconds a drill-down into a random town (and back up the next
// time), and the active boards changed.
const index = await (await fetch(`${FIXTURE}areas.json`)).json();
const towns: string[] = index.town.codes;
const every = Number(params.get('every') ?? 10);
let step = 0;
const operate = () => {
  step++;
  el.selected = step % 2 ? towns[(step * 7919) % towns.length] : '';
  el.boards = step % 3 === 0 ? '' : BOARDS.filter((_, i) => (step + i) % 2 === 0).join(',');
};
let operator = setInterval(operate, every * 1000);

/**
 * Brings the screen to the same state for every sample — the city view, every board, the camera
 * at rest with its tiles loaded — so that samples compare like with like (a drilled-in town holds
 * its tiles and the staff's icons; the city view does not). The feed goes on meanwhile.
 */
async function settle(): Promise<void> {
  clearInterval(operator);
  el.selected = '';
  el.boards = '';
  // Not 'idle': with the feed drawing every frame the map is never idle. The camera at rest and
  // every tile loaded is the same state.
  const map = el.getMap()!;
  const deadline = performance.now() + 15000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  while ((map.isMoving() || !map.areTilesLoaded()) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Tiles held by all sources' out-of-view caches, a bounded growth of the heap (they fill as
 * drill-downs visit new towns). MapLibre has no public count; its TileCache
 * is the object with an `order` list, found by shape because the build renames private fields.
 */
function cachedTiles(): number {
  const managers = (el.getMap()!.style as unknown as { tileManagers: Record<string, object> }).tileManagers;
  let total = 0;
  for (const manager of Object.values(managers)) {
    for (const value of Object.values(manager)) if (Array.isArray(value?.order)) total += value.order.length;
  }
  return total;
}

Object.assign(window, {
  soak: {
    /** Frame intervals since the previous call. */
    frames: () => frames.splice(0),
    live: () => ({ state: live.state, ...live.stats, alerts: el.alerts.length, cachedTiles: cachedTiles() }),
    settle,
    /** The operators go on after a sample. */
    resume: () => {
      clearInterval(operator);
      operator = setInterval(operate, every * 1000);
    },
  },
});
