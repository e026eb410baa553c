import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { find, readyMap, SAMPLE, until } from './story-helpers.js';
import '../src/components/map/map.js';
import '../src/components/staff/staff.js';
import '../src/components/alert-list/alert-list.js';
import '../src/components/work-orders/work-orders.js';
import type { GmMap } from '../src/components/map/map.component.js';
import type { GmWorkOrders } from '../src/components/work-orders/work-orders.component.js';
import type { Alert } from '../src/model/alert.js';
import { allowedActions, dueMinutes, type WorkOrder, type WorkOrderAction, type WorkOrderState } from '../src/model/work-order.js';

const MINUTE = 60_000;
/** The heart-rate alarm the order is for, on a grid of 渝中区, and the grid worker sent (from the sample's staff). */
const GRID = '50010300100601';
const WORKER = 'staff-500103001006-1';
const ALERT: Alert = { id: 'heart', level: 'emergency', board: 'livelihood', title: '独居老人心率异常报警', time: Date.now() - 4 * MINUTE, gridCode: GRID };

/** The actions that led to each state, in order (the order's history). */
const PATH: Record<WorkOrderState, WorkOrderAction[]> = {
  reported: [],
  dispatched: ['dispatch'],
  accepted: ['dispatch', 'accept'],
  'on-site': ['dispatch', 'accept', 'on-site'],
  closed: ['dispatch', 'accept', 'on-site', 'close'],
  returned: ['dispatch', 'return'],
  escalated: ['escalate'],
};

/** The order for the alarm in `state`, which it entered `minutesIn` minutes ago. */
function orderIn(state: WorkOrderState, minutesIn: number): WorkOrder {
  const now = Date.now();
  const since = now - minutesIn * MINUTE;
  const notes: Partial<Record<WorkOrderAction, string>> = { dispatch: '就近派单', close: '老人已送医，家属已通知', return: '非本网格事项' };
  return {
    id: 'wo-alert-heart', source: { kind: 'alert', id: 'heart' }, gridCode: GRID, board: 'livelihood', level: 'emergency', title: ALERT.title,
    assignees: PATH[state].includes('dispatch') ? [WORKER] : [],
    state,
    stateSince: new Date(since).toISOString(),
    dueAt: new Date(state === 'closed' ? 8.64e15 : since + (dueMinutes(state) ?? 0) * MINUTE).toISOString(),
    supervised: state === 'escalated',
    history: [{ at: new Date(since - MINUTE).toISOString(), action: 'open', by: '指挥中心' }, ...PATH[state].map((action) => ({ at: new Date(since).toISOString(), action, by: '指挥中心', ...(notes[action] ? { note: notes[action] } : {}) }))],
  };
}

type Args = { state: WorkOrderState; minutesIn: number; theme: GmMap['theme']; lang: string };

const meta: Meta<Args> = {
  title: 'Emergencies/work orders (闭环派单)',
  component: 'gm-work-orders',
  args: { state: 'dispatched', minutesIn: 1, theme: 'light', lang: 'zh-CN' },
  argTypes: {
    state: { control: 'select', options: Object.keys(PATH) },
    minutesIn: { description: 'Minutes since the order entered its state (its light: green, amber in the last fifth, red past due)', control: { type: 'range', min: 0, max: 130 } },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'screen'] },
    lang: { control: 'inline-radio', options: ['zh-CN', 'en'] },
  },
  render: (args) => html`
    <gm-map style="display: block; height: 100vh;" src=${`${SAMPLE}manifest.json`} theme=${args.theme} lang=${args.lang}
      @gm-ready=${(e: Event) => {
        const map = e.currentTarget as GmMap;
        map.raiseAlert(ALERT);
        map.upsertWorkOrders([orderIn(args.state, args.minutesIn)]);
      }}>
      <gm-staff src=${`${SAMPLE}staff.geojson`}></gm-staff>
      <gm-alert-list slot="top-left"></gm-alert-list>
      <gm-work-orders slot="top-right" filter-state="all"></gm-work-orders>
    </gm-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** The row shows the state, its light and the actions the state allows. */
async function expectRow(canvas: HTMLElement, state: WorkOrderState, light: string) {
  const map = await readyMap(canvas);
  const list = await find<GmWorkOrders>(map, 'gm-work-orders');
  await until(() => Boolean(list.shadowRoot!.querySelector('li[data-id="wo-alert-heart"]')), 'the order listed');
  const row = list.shadowRoot!.querySelector<HTMLElement>('li[data-id="wo-alert-heart"]')!;
  await expect(row.dataset.state).toBe(state);
  await expect(row.dataset.light).toBe(light);
  const actions = [...row.querySelectorAll<HTMLElement>('[part="action"]')].map((b) => b.dataset.action);
  await expect(actions).toEqual(allowedActions(state));
}

/** 待派单: opened for the alarm, nobody sent yet; dispatch or escalate. */
export const Reported: Story = { args: { state: 'reported', minutesIn: 2 }, play: ({ canvasElement }) => expectRow(canvasElement, 'reported', 'on-time') };
/** 已派单: the worker's line to the grid, the worker ringed; amber in the last minute of five. */
export const Dispatched: Story = { args: { state: 'dispatched', minutesIn: 4.5 }, play: ({ canvasElement }) => expectRow(canvasElement, 'dispatched', 'due-soon') };
/** 已接单: accepted, on the way. */
export const Accepted: Story = { args: { state: 'accepted', minutesIn: 3 }, play: ({ canvasElement }) => expectRow(canvasElement, 'accepted', 'on-time') };
/** 已到场: the worker is in the grid. */
export const OnSite: Story = { args: { state: 'on-site', minutesIn: 20 }, play: ({ canvasElement }) => expectRow(canvasElement, 'on-site', 'on-time') };
/** 已办结: closed with its result; off the map, listed under "all". */
export const Closed: Story = { args: { state: 'closed', minutesIn: 1 }, play: ({ canvasElement }) => expectRow(canvasElement, 'closed', 'none') };
/** 已退回: sent back with a reason, to be dispatched again. */
export const Returned: Story = { args: { state: 'returned', minutesIn: 12 }, play: ({ canvasElement }) => expectRow(canvasElement, 'returned', 'overdue') };
/** 督办: escalated — its light pulses on the map like an alarm, red once overdue. */
export const Escalated: Story = { args: { state: 'escalated', minutesIn: 7 }, play: ({ canvasElement }) => expectRow(canvasElement, 'escalated', 'overdue') };
/** An overdue order pins its alarm on top of the alert list (挂单超时). */
export const OverduePinsItsAlert: Story = {
  args: { state: 'reported', minutesIn: 15 },
  play: async ({ canvasElement }) => {
    await expectRow(canvasElement, 'reported', 'overdue');
    const map = await readyMap(canvasElement);
    const alerts = await find<HTMLElement>(map, 'gm-alert-list');
    await until(() => Boolean(alerts.shadowRoot!.querySelector('li[data-id="heart"][data-pinned] [part="order"]')), 'the alarm pinned, with its order');
  },
};
