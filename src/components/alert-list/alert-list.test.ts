import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import './alert-list.js';
import type { GmAlertList } from './alert-list.component.js';
import type { Alert } from '../../model/alert.js';
import type { GmMap } from '../map/map.component.js';
import { cleanup, createMap, loadSampleIndex, mountMap } from '../../../test/harness/map-harness.js';

const NOW = Date.parse('2026-11-01T01:00:00.000Z');
const MINUTE = 60_000;

async function sampleAlerts(): Promise<Alert[]> {
  const grids = (await loadSampleIndex()).grid.codes;
  const base = { board: 'safety' as const, gridCode: grids[10] };
  return [
    { ...base, id: 'old-attention', level: 'attention', title: '占道经营', time: NOW - 50 * MINUTE },
    { ...base, id: 'new-emergency', level: 'emergency', title: '<b>独居老人</b>心率报警', time: NOW - 2 * MINUTE, gridCode: grids[20], board: 'livelihood' },
    { ...base, id: 'pinned-warning', level: 'warning', title: '防汛值守', time: NOW - 90 * MINUTE, pinned: true },
    { ...base, id: 'old-emergency', level: 'emergency', title: '燃气泄漏', time: NOW - 30 * MINUTE },
  ];
}

const rows = (list: GmAlertList) => [...list.shadowRoot!.querySelectorAll('li')];
const focused = (list: GmAlertList) => list.shadowRoot!.activeElement;

/** A map holding the sample alerts, with a list inside it. */
async function listWithSampleAlerts(): Promise<{ map: GmMap; list: GmAlertList; alerts: Alert[] }> {
  const map = await mountMap();
  const list = document.createElement('gm-alert-list');
  map.append(list);
  const alerts = await sampleAlerts();
  map.raiseAlert(alerts);
  await list.updateComplete;
  return { map, list, alerts };
}

describe('<gm-alert-list>', () => {
  afterEach(cleanup);

  it('lists pinned first, then by level, then newest, with place and age, names as text', async () => {
    const map = await mountMap();
    const list = document.createElement('gm-alert-list');
    list.slot = 'top-right';
    list.clock = () => NOW;
    map.append(list);
    map.raiseAlert(await sampleAlerts());
    await list.updateComplete;
    expect(rows(list).map((r) => r.querySelector('.title')!.textContent)).to.deep.equal(['预警防汛值守', '紧急<b>独居老人</b>心率报警', '紧急燃气泄漏', '关注占道经营']);
    expect(list.shadowRoot!.querySelector('li b'), 'no HTML from data').to.be.null;
    const grid = (await loadSampleIndex()).grid;
    const i = grid.codes.indexOf((await sampleAlerts())[1].gridCode!);
    const meta = rows(list)[1].querySelector('.meta')!.textContent!;
    expect(meta).to.contain(grid.names[i]);
    expect(meta.split(' › ')).to.have.length(3);
    expect(meta).to.contain('2 分钟前');
    // The new emergency is announced.
    expect(list.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('心率报警');
  });

  it('is operable by keyboard: arrows move between rows, Enter flies, acknowledge and resolve buttons work', async () => {
    const map = await mountMap();
    const list = document.createElement('gm-alert-list');
    list.slot = 'top-right';
    map.append(list);
    map.raiseAlert(await sampleAlerts());
    await list.updateComplete;
    list.shadowRoot!.querySelector<HTMLButtonElement>('button.open')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(list)).to.equal(rows(list)[1].querySelector('button.open'));
    const moved = new Promise((r) => map.getMap()!.once('moveend', r));
    await sendKeys({ press: 'Enter' });
    await moved;
    const target = map.alerts.find((a) => a.id === 'new-emergency')!;
    expect(map.getMap()!.getCenter().lng).to.be.closeTo(target.lngLat[0], 0.001);

    await sendKeys({ press: 'Tab' });
    expect(focused(list)?.getAttribute('part')).to.equal('acknowledge');
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    expect(map.alerts.find((a) => a.id === 'new-emergency')!.acknowledged).to.be.true;
    expect(rows(list)[1].hasAttribute('data-acknowledged')).to.be.true;

    rows(list)[1].querySelector<HTMLButtonElement>('[part="resolve"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    expect(map.alerts.map((a) => a.id)).to.not.include('new-emergency');
    expect(rows(list)).to.have.length(3);
  });

  it('keeps the focus on the same alert when a new one is raised above it', async () => {
    const { map, list, alerts } = await listWithSampleAlerts();
    const second = rows(list)[1];
    const id = second.dataset.id!;
    second.querySelector<HTMLButtonElement>('[part="acknowledge"]')!.focus();
    map.raiseAlert({ ...alerts[3], id: 'newest-emergency', title: '新的紧急事项', time: NOW });
    await list.updateComplete;
    expect(rows(list)[2].dataset.id).to.equal(id);
    expect(focused(list)).to.equal(rows(list)[2].querySelector('[part="acknowledge"]'));
  });

  it('draws only the new row when an alert is raised above the others', async () => {
    const { map, list, alerts } = await listWithSampleAlerts();
    const before = new Map(rows(list).map((li) => [li.dataset.id!, li]));
    map.raiseAlert({ ...alerts[3], id: 'newest-emergency', title: '新的紧急事项', time: NOW });
    await list.updateComplete;
    const after = rows(list);
    expect(after).to.have.length(before.size + 1);
    const redrawn = after.filter((li) => li.dataset.id !== 'newest-emergency' && before.get(li.dataset.id!) !== li);
    expect(redrawn.map((li) => li.dataset.id), 'rows drawn anew').to.deep.equal([]);
  });

  it('leaves no nodes behind as alerts are raised and resolved for a long time', async () => {
    const map = await mountMap();
    const list = document.createElement('gm-alert-list');
    map.append(list);
    const base = (await sampleAlerts())[0];
    const levels = ['emergency', 'warning', 'attention'] as const;
    const alert = (n: number): Alert => ({ ...base, id: `a${n}`, level: levels[n % 3], title: `事项${n}`, time: NOW - (n % 7) * MINUTE });
    const countNodes = () => {
      const walker = document.createTreeWalker(list.shadowRoot!, NodeFilter.SHOW_ALL);
      let n = 0;
      while (walker.nextNode()) n++;
      return n;
    };
    map.raiseAlert(Array.from({ length: 30 }, (_, n) => alert(n)));
    await list.updateComplete;
    const start = countNodes();
    // 20 rounds: the oldest 10 resolved, 10 new raised (at every level, so rows move and are removed in the middle).
    for (let round = 1; round <= 20; round++) {
      for (let n = (round - 1) * 10; n < round * 10; n++) map.resolveAlert(`a${n}`);
      map.raiseAlert(Array.from({ length: 10 }, (_, i) => alert(round * 10 + 20 + i)));
      await list.updateComplete;
    }
    expect(rows(list)).to.have.length(30);
    expect(countNodes()).to.equal(start);
  });

  it('serves a map elsewhere on the page with `for`, even one added after it', async () => {
    const list = document.createElement('gm-alert-list');
    list.htmlFor = 'wall-map';
    document.body.append(list);
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[part="empty"]')).to.exist;
    const map = createMap();
    map.id = 'wall-map';
    document.body.append(map);
    await map.ready;
    map.raiseAlert((await sampleAlerts()).slice(0, 2));
    await list.updateComplete;
    expect(rows(list).map((r) => r.dataset.level)).to.deep.equal(['emergency', 'attention']);
  });
});
