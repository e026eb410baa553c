import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import './work-orders.js';
import '../alert-list/alert-list.js';
import '../live/live.js';
import '../staff/staff.js';
import '../events/events.js';
import type { GmWorkOrders } from './work-orders.component.js';
import type { GmMap } from '../map/map.component.js';
import type { GmLive } from '../live/live.component.js';
import type { GmErrorDetail, GmWorkOrderActionDetail } from '../../event-types.js';
import type { WorkOrder, WorkOrderState } from '../../model/work-order.js';
import { cleanup, clickAt, createMap, drawn, loadSampleIndex, mountMap, until } from '../../../test/harness/map-harness.js';

interface Feed {
  id: string;
  url: string;
  port: number;
  journal: string;
}
const QUIET = ['--tick', '100', '--status-rate', '0', '--staff-rate', '0', '--event-rate', '0', '--alert-every', '0', '--heartbeat', '1000', '--walk-kmh', '0'];


const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const rows = (list: GmWorkOrders) => [...list.shadowRoot!.querySelectorAll<HTMLLIElement>('ul.orders > li')];
const rowOf = (list: GmWorkOrders, id: string) => rows(list).find((li) => li.dataset.id === id);
const actionButton = (li: HTMLElement, action: string) => li.querySelector<HTMLButtonElement>(`[part="action"][data-action="${action}"]`);
/** An order's action button once it can be clicked (a row re-rendered for a new state may still show the send in flight: disabled). */
const enabledAction = (list: GmWorkOrders, id: string, action: string) => {
  const li = rowOf(list, id);
  const button = li ? actionButton(li, action) : null;
  return button && !button.disabled ? button : undefined;
};

/** A console: a map with staff, events, the alert list, the work-order list and (with a feed) a live stream. */
async function openConsole(feed?: Feed): Promise<{ map: GmMap; list: GmWorkOrders; alerts: HTMLElement; errors: GmErrorDetail[]; live?: GmLive }> {
  const map = createMap({}, [1000, 700]);
  const list = document.createElement('gm-work-orders');
  list.slot = 'top-right';
  const alerts = document.createElement('gm-alert-list');
  alerts.slot = 'top-left';
  const errors: GmErrorDetail[] = [];
  map.addEventListener('gm-error', (e) => errors.push(e.detail));
  map.append(document.createElement('gm-staff'), document.createElement('gm-events'), list, alerts);
  let live: GmLive | undefined;
  if (feed) {
    live = document.createElement('gm-live');
    live.src = `${feed.url}/live/sse`;
    map.append(live);
  }
  document.body.append(map);
  await map.ready;
  if (live) await until(() => live!.lastSeq !== undefined && map.alerts.length > 0, 'the first snapshot');
  return { map, list, alerts, errors, live };
}

function order(id: string, gridCode: string, state: WorkOrderState, dueInMin: number, extra: Partial<WorkOrder> = {}): WorkOrder {
  const now = Date.now();
  return {
    id, source: { kind: 'alert', id }, gridCode, board: 'livelihood', level: 'emergency', title: `工单 ${id}`, assignees: [], state,
    stateSince: new Date(now - 60_000).toISOString(), dueAt: new Date(now + dueInMin * 60_000).toISOString(), supervised: false,
    history: [{ at: new Date(now).toISOString(), action: 'open', by: 'test' }], ...extra,
  };
}

describe('<gm-work-orders>', function () {
  this.timeout(90000);
  afterEach(async () => {
    cleanup();
    sessionStorage.clear();
    await executeServerCommand('feed-stop-all');
  });

  it('runs the loop from the alert list: dispatch panel with the nearest staff, send, accept, close with a result', async () => {
    const feed = await executeServerCommand<Feed, object>('feed-start', { args: QUIET });
    const c = await openConsole(feed);
    const alert = c.map.alerts[0];
    // The alert list row's dispatch button opens the panel here.
    const alertRow = [...c.alerts.shadowRoot!.querySelectorAll('li')].find((li) => li.dataset.id === alert.id)!;
    alertRow.querySelector<HTMLButtonElement>('[part="dispatch"]')!.click();
    await c.list.updateComplete;
    const panel = part(c.list, 'panel')!;
    expect(panel, 'the dispatch panel').to.not.equal(null);
    const nearest = c.map.nearestStaff(alert.id, { count: 8 });
    const listed = [...panel.querySelectorAll('[part="panel-staff"] .name')].map((n) => n.textContent);
    expect(listed, 'the nearest staff, nearest first').to.deep.equal(nearest.map((n) => n.staff.name));
    expect((part(c.list, 'panel-send') as HTMLButtonElement).disabled, 'nobody chosen yet').to.equal(true);
    const box = panel.querySelector<HTMLInputElement>(`input[data-staff="${nearest[1].staff.id}"]`)!;
    box.click();
    await c.list.updateComplete;
    (part(c.list, 'panel-note') as HTMLTextAreaElement).value = '请立即上门';
    (part(c.list, 'panel-send') as HTMLButtonElement).click();
    const id = `wo-alert-${alert.id}`;
    await until(() => c.map.workOrder(id)?.state === 'dispatched' && !c.map.engine.workOrders.pending(id), 'dispatched on the relay');
    await until(() => part(c.list, 'panel') === null, 'the panel closed');
    expect(c.map.workOrder(id)!.assignees).to.deep.equal([nearest[1].staff.id]);
    expect(c.map.workOrder(id)!.history.at(-1)!.note).to.equal('请立即上门');
    await until(() => Boolean(rowOf(c.list, id)?.textContent?.includes(nearest[1].staff.name)), 'the row with the assignee');
    // The alert's row shows its order.
    await until(() => Boolean(part(c.alerts, 'list')?.querySelector(`li[data-id="${alert.id}"] [part="order"]`)), 'the order in the alert row');

    await until(() => Boolean(enabledAction(c.list, id, 'accept')), 'the accept button');
    enabledAction(c.list, id, 'accept')!.click();
    await until(() => c.map.workOrder(id)?.state === 'accepted' && !c.map.engine.workOrders.pending(id), 'accepted');
    await until(() => Boolean(enabledAction(c.list, id, 'close')), 'the close button');
    enabledAction(c.list, id, 'close')!.click();
    await c.list.updateComplete;
    expect((part(c.list, 'panel-send') as HTMLButtonElement).disabled, 'close needs its result').to.equal(true);
    const note = part(c.list, 'panel-note') as HTMLTextAreaElement;
    note.value = '老人已送医';
    note.dispatchEvent(new InputEvent('input'));
    await c.list.updateComplete;
    (part(c.list, 'panel-send') as HTMLButtonElement).click();
    await until(() => c.map.workOrder(id)?.state === 'closed' && !c.map.engine.workOrders.pending(id), 'closed');
    await until(() => !rowOf(c.list, id), 'gone from the open orders');
    c.list.filterState = 'all';
    await until(() => Boolean(rowOf(c.list, id)), 'listed among all');
    expect(rowOf(c.list, id)!.dataset.state).to.equal('closed');
  });

  it('lists the most urgent first, filters by state, board and assignee, and pins an alert whose order is overdue on top of the alert list', async () => {
    const c = await openConsole();
    const { grid } = await loadSampleIndex();
    c.map.querySelector('gm-staff')!.upsert([{ id: 'p1', name: '秦明', role: 'grid-worker', status: 'on-duty', updatedAt: Date.now(), lngLat: [106.55, 29.56] }]);
    const alerts = [0, 1, 2].map((i) => ({ id: `a${i}`, level: 'warning' as const, board: 'livelihood' as const, title: `报警 ${i}`, time: Date.now() - i * 1000, gridCode: grid.codes[10 + i] }));
    c.map.raiseAlert(alerts);
    c.map.upsertWorkOrders([
      order('wo-alert-a0', grid.codes[10], 'dispatched', 4, { source: { kind: 'alert', id: 'a0' }, assignees: ['p1'] }),
      order('wo-alert-a2', grid.codes[12], 'reported', -3, { source: { kind: 'alert', id: 'a2' } }),
      order('wo-economy', grid.codes[20], 'accepted', 1, { board: 'economy', stateSince: new Date(Date.now() - 14 * 60_000).toISOString() }),
      order('wo-closed', grid.codes[21], 'closed', 1e6),
    ]);
    await until(() => rows(c.list).length === 3, 'three open orders');
    expect(rows(c.list).map((li) => li.dataset.id), 'overdue, due soon, in time').to.deep.equal(['wo-alert-a2', 'wo-economy', 'wo-alert-a0']);
    expect(rows(c.list).map((li) => li.dataset.light)).to.deep.equal(['overdue', 'due-soon', 'on-time']);
    expect(rowOf(c.list, 'wo-alert-a0')!.textContent, 'the assignee by name').to.include('秦明');
    c.list.filterBoard = 'economy';
    await until(() => rows(c.list).length === 1 && rows(c.list)[0].dataset.id === 'wo-economy', 'board filter');
    c.list.filterBoard = '';
    c.list.filterAssignee = 'p1';
    await until(() => rows(c.list).length === 1 && rows(c.list)[0].dataset.id === 'wo-alert-a0', 'assignee filter');
    c.list.filterAssignee = '';
    c.list.filterState = 'closed';
    await until(() => rows(c.list).length === 1 && rows(c.list)[0].dataset.id === 'wo-closed', 'state filter');
    // 挂单超时: a2's order is overdue, so a2 goes above the newer a0 and a1.
    const alertIds = [...c.alerts.shadowRoot!.querySelectorAll<HTMLLIElement>('ul > li')].map((li) => li.dataset.id);
    expect(alertIds[0]).to.equal('a2');
    expect(c.alerts.shadowRoot!.querySelector('li[data-id="a2"]')!.hasAttribute('data-pinned')).to.equal(true);
    // Names from data are text.
    c.map.upsertWorkOrders([order('wo-x', grid.codes[30], 'reported', 5, { title: '<img src=x onerror=alert(1)>' })]);
    c.list.filterState = 'open';
    await until(() => Boolean(rowOf(c.list, 'wo-x')), 'the hostile title');
    expect(rowOf(c.list, 'wo-x')!.querySelector('img'), 'no element from a title').to.equal(null);
  });

  it('a host that handles gm-work-order-action gets the row\'s action; without a relay the panel says why nothing was sent', async () => {
    const c = await openConsole();
    const { grid } = await loadSampleIndex();
    c.map.upsertWorkOrders([order('o1', grid.codes[5], 'dispatched', 4)]);
    await until(() => Boolean(rowOf(c.list, 'o1')), 'the row');
    const asked: GmWorkOrderActionDetail[] = [];
    const take = (e: CustomEvent<GmWorkOrderActionDetail>) => {
      asked.push(e.detail);
      e.preventDefault();
    };
    c.map.addEventListener('gm-work-order-action', take);
    actionButton(rowOf(c.list, 'o1')!, 'escalate')!.click();
    await until(() => asked.length === 1, 'the request event');
    expect(asked[0]).to.include({ action: 'escalate', order: 'o1' });
    c.map.removeEventListener('gm-work-order-action', take);
    actionButton(rowOf(c.list, 'o1')!, 'return')!.click();
    await c.list.updateComplete;
    const note = part(c.list, 'panel-note') as HTMLTextAreaElement;
    note.value = '不在辖区';
    note.dispatchEvent(new InputEvent('input'));
    await c.list.updateComplete;
    (part(c.list, 'panel-send') as HTMLButtonElement).click();
    await until(() => (part(c.list, 'panel-status')?.textContent ?? '').length > 0 && c.errors.some((e) => e.reason === 'action-unsent'), 'the reason');
  });

  it('opens the panel from an event\'s popup; while the relay is down the panel says the dispatch is queued', async () => {
    const feed = await executeServerCommand<Feed, object>('feed-start', { args: QUIET });
    const c = await openConsole(feed);
    const events = c.map.querySelector('gm-events')!;
    await until(() => events.all().some((e) => e.status !== 'closed'), 'events');
    const event = events.all().find((e) => e.status !== 'closed')!;
    await executeServerCommand('feed-kill', { id: feed.id });
    c.map.requestDispatch({ kind: 'event', id: event.id });
    await c.list.updateComplete;
    expect(part(c.list, 'panel')!.textContent).to.include(event.title);
    part(c.list, 'panel')!.querySelector<HTMLInputElement>('input[data-staff]')!.click();
    await c.list.updateComplete;
    (part(c.list, 'panel-send') as HTMLButtonElement).click();
    await until(() => /服务器|server/.test(part(c.list, 'panel-status')!.textContent ?? ''), 'the panel says it waits for the server');
    // Shown at once as the actions leave it: opened, then dispatched.
    expect(c.map.workOrder(`wo-event-${event.id}`)?.state).to.equal('dispatched');
  });

  it('opens the panel from a click on an alert\'s marker, which selects no area', async () => {
    const c = await openConsole();
    const { grid } = await loadSampleIndex();
    c.map.raiseAlert({ id: 'm1', level: 'emergency', board: 'livelihood', title: '独居老人心率报警', time: Date.now(), gridCode: grid.codes[100] });
    c.map.acknowledgeAlert('m1');
    await drawn(c.map);
    await drawn(c.map);
    const marker = c.map.alerts[0].lngLat;
    // In the middle of the map, clear of the corner panels.
    c.map.getMap()!.jumpTo({ center: marker, zoom: 13 });
    await drawn(c.map);
    const selectedBefore = c.map.selected;
    await clickAt(c.map.getMap()!, marker);
    await until(() => Boolean(part(c.list, 'panel')), 'the dispatch panel');
    expect(part(c.list, 'panel')!.textContent).to.include('独居老人心率报警');
    expect(c.map.selected, 'no area selected by the marker\'s click').to.equal(selectedBefore);
  });

  it('is a control like the others: `for` a map elsewhere on the page', async () => {
    const map = await mountMap({ id: 'm1' });
    const list = document.createElement('gm-work-orders');
    list.htmlFor = 'm1';
    document.body.append(list);
    const { grid } = await loadSampleIndex();
    map.upsertWorkOrders([order('o9', grid.codes[3], 'reported', 5)]);
    await until(() => Boolean(rowOf(list, 'o9')), 'the row');
  });
});
