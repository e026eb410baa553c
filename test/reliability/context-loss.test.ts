// WebGL context loss: the GPU process restarts, a driver resets, the OS reclaims memory — a wall
// screen must come back by itself. After WEBGL_lose_context loses and restores the context, the map
// draws the same statuses, staff and alerts as before (compared pixel by pixel).
import { expect } from 'chai';
import '../../src/components/staff/staff.js';
import type { GmMap } from '../../src/components/map/map.component.js';
import type { GmErrorDetail } from '../../src/event-types.js';
import type { Staff } from '../../src/model/staff.js';
import { SAMPLE, cleanup, drawn, hideLabels, labelOf, loadSampleIndex, mountMap, pixelAt, sampleItems } from '../harness/map-harness.js';

const NOW = Date.parse('2026-11-01T01:00:00.000Z');

function waitFor(target: EventTarget, name: string): Promise<void> {
  return new Promise((resolve) => target.addEventListener(name, () => resolve(), { once: true }));
}

describe('WebGL context loss', function () {
  this.timeout(90000);
  after(cleanup);

  it('after the context is lost and restored, the map draws its statuses, staff and alerts again', async () => {
    const el: GmMap = await mountMap({ detail: 'grid' });
    const errors: GmErrorDetail[] = [];
    el.addEventListener('gm-error', (e) => errors.push(e.detail));
    const grids = (await loadSampleIndex()).grid.codes;
    const statuses = ['warning', 'emergency', 'attention', 'unknown'] as const;
    el.setStatuses(grids.slice(0, 40).map((code, i) => ({ code, status: statuses[i % 4] })));
    const staff = document.createElement('gm-staff');
    staff.clock = () => NOW;
    staff.items = (await sampleItems<Staff>('staff.geojson')).slice(0, 50);
    el.append(staff);
    el.raiseAlert({ id: 'a', level: 'emergency', board: 'safety', title: '报警', time: NOW, gridCode: grids[100] });
    el.acknowledgeAlert('a'); // not flashing: the same pixels frame after frame
    const map = el.getMap()!;
    hideLabels(map);
    await drawn(el);
    await drawn(el);
    const probes = [...(await Promise.all(grids.slice(0, 40).map(labelOf))), ...staff.all().map((s) => s.lngLat), el.alerts[0].lngLat];
    const before = probes.map((p) => pixelAt(map, p).join());
    expect(new Set(before).size, 'the probes show several colours').to.be.greaterThan(3);

    const gl = map.getCanvas().getContext('webgl2') as WebGL2RenderingContext;
    const lose = gl.getExtension('WEBGL_lose_context')!;
    const lost = waitFor(map.getCanvas(), 'webglcontextlost');
    lose.loseContext();
    await lost;
    // The browser may give the context back or not: either way the element makes its map anew
    // (MapLibre restores only a snapshot of the style, without feature-state or custom layers) and
    // puts its statuses, layers and alerts back on it.
    lose.restoreContext();
    for (let i = 0; i < 200 && (el.getMap() === map || !el.getMap()?.isStyleLoaded()); i++) await new Promise((r) => setTimeout(r, 50));
    const again = el.getMap()!;
    expect(again, 'a new map').to.not.equal(map);
    await drawn(el);
    hideLabels(again);
    await drawn(el);
    await drawn(el);
    expect(again.getCenter().toArray().map((v) => v.toFixed(4)), 'the same view').to.deep.equal(map.getCenter().toArray().map((v) => v.toFixed(4)));
    const after = probes.map((p) => pixelAt(again, p).join());
    const differing = before.map((b, i) => (b === after[i] ? '' : `${i}: ${b} → ${after[i]}`)).filter(Boolean);
    expect(differing, 'pixels that differ after the restore').to.deep.equal([]);
    expect(errors).to.deep.equal([]);

    // And it goes on: a status set after the restore is drawn.
    el.setStatuses([{ code: grids[0], status: 'normal' }]);
    await drawn(el);
    expect(pixelAt(again, probes[0]).join()).to.not.equal(before[0]);

    // A view the user moved to survives a loss; a new src afterwards is fitted as usual.
    const fitted = again.getCenter().toArray();
    again.jumpTo({ center: [fitted[0] + 0.01, fitted[1] + 0.005], zoom: again.getZoom() + 1 });
    const moved = again.getCenter().toArray().map((v) => v.toFixed(4));
    (again.getCanvas().getContext('webgl2') as WebGL2RenderingContext).getExtension('WEBGL_lose_context')!.loseContext();
    for (let i = 0; i < 200 && (el.getMap() === again || !el.getMap()?.isStyleLoaded()); i++) await new Promise((r) => setTimeout(r, 50));
    await drawn(el);
    const third = el.getMap()!;
    expect(third.getCenter().toArray().map((v) => v.toFixed(4)), 'the moved view kept').to.deep.equal(moved);
    el.src = `${SAMPLE}?again`;
    await el.ready;
    expect(third.getCenter().toArray().map((v) => v.toFixed(3)), 'a new src is fitted').to.deep.equal(fitted.map((v) => v.toFixed(3)));
  });
});
