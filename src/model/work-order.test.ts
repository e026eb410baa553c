import { expect } from 'chai';
import { actionNeeds, allowedActions, dueMinutes, nextLightChange, orderLight, projectedOrder, requestProblem, WORK_ORDER_STATES, workOrderProblem, type WorkOrder } from './work-order.js';

const order = (overrides: Partial<WorkOrder> = {}): WorkOrder => ({
  id: 'wo-alert-a1',
  source: { kind: 'alert', id: 'a1' },
  gridCode: '50010300100301',
  board: 'livelihood',
  level: 'emergency',
  title: '独居老人心率报警',
  assignees: [],
  state: 'reported',
  stateSince: '2026-11-01T01:00:00.000Z',
  dueAt: '2026-11-01T01:10:00.000Z',
  supervised: false,
  history: [{ at: '2026-11-01T01:00:00.000Z', action: 'open', by: 'anonymous' }],
  ...overrides,
});

describe('work orders (the flow the relay judges by)', () => {
  it('offers each state its actions: dispatch from reported, returned or escalated; nothing once closed', () => {
    expect(allowedActions('reported')).to.deep.equal(['dispatch', 'escalate']);
    expect(allowedActions('dispatched')).to.deep.equal(['accept', 'on-site', 'close', 'return', 'escalate']);
    expect(allowedActions('on-site')).to.deep.equal(['close', 'return', 'escalate']);
    expect(allowedActions('escalated')).to.deep.equal(['dispatch']);
    expect(allowedActions('closed')).to.deep.equal([]);
    expect(actionNeeds('dispatch')).to.equal('assignees');
    expect(actionNeeds('close')).to.equal('note');
    expect(actionNeeds('accept')).to.equal(undefined);
    for (const state of WORK_ORDER_STATES) if (state !== 'closed') expect(dueMinutes(state), state).to.be.greaterThan(0);
  });

  it('lights an order green within its time, amber in the last fifth, red once overdue, none when closed', () => {
    const since = Date.parse('2026-11-01T01:00:00.000Z');
    const o = order();
    expect(orderLight(o, since + 60_000)).to.equal('on-time');
    expect(orderLight(o, since + 8 * 60_000 + 1)).to.equal('due-soon');
    expect(orderLight(o, since + 10 * 60_000)).to.equal('overdue');
    expect(orderLight(order({ state: 'closed' }), since + 60 * 60_000)).to.equal(undefined);
  });

  it('says why an order from the feed cannot be used', () => {
    expect(workOrderProblem(order())).to.equal(undefined);
    expect(workOrderProblem(null)).to.equal('not an object');
    expect(workOrderProblem(order({ id: '' }))).to.equal('no id');
    expect(workOrderProblem(order({ state: 'lost' as never }))).to.equal('unknown state');
    expect(workOrderProblem(order({ assignees: [3] as never }))).to.equal('assignees not a list of ids');
    expect(workOrderProblem(order({ dueAt: 'soon' }))).to.equal('unreadable times');
  });

  it('knows when a light next changes: due soon at the state\'s last fifth, then overdue, then never', () => {
    const o = order();
    const t = (iso: string) => Date.parse(iso);
    expect(nextLightChange(o, t('2026-11-01T01:00:00.000Z'))).to.equal(t('2026-11-01T01:08:00.000Z'));
    expect(nextLightChange(o, t('2026-11-01T01:08:30.000Z'))).to.equal(t('2026-11-01T01:10:00.000Z'));
    expect(nextLightChange(o, t('2026-11-01T01:11:00.000Z'))).to.equal(Infinity);
    expect(nextLightChange(order({ state: 'closed' }), 0)).to.equal(Infinity);
  });

  it('checks a request before it is sent, and projects an accepted action\'s state and times', () => {
    expect(requestProblem({ action: 'close', order: 'o' })).to.match(/needs a note/);
    expect(requestProblem({ action: 'dispatch', order: 'o', assignees: [] })).to.match(/assignees/);
    expect(requestProblem({ action: 'dispatch', order: 'o', assignees: Array.from({ length: 11 }, (_, i) => `p${i}`) })).to.match(/assignees/);
    expect(requestProblem({ action: 'acknowledge' })).to.match(/alert/);
    expect(requestProblem({ action: 'fly' as never })).to.match(/action/);
    expect(requestProblem({ action: 'return', order: 'o', note: 'x'.repeat(501) })).to.match(/500/);
    expect(requestProblem({ action: 'open', source: { kind: 'event', id: 'e1' } })).to.equal(undefined);
    const now = Date.parse('2026-11-01T01:05:00.000Z');
    const moved = projectedOrder(order(), 'dispatch', now, ['p1', 'p1', 'p2']);
    expect(moved.state).to.equal('dispatched');
    expect(moved.assignees).to.deep.equal(['p1', 'p2']);
    expect(Date.parse(moved.dueAt) - now).to.equal(dueMinutes('dispatched')! * 60_000);
    expect(projectedOrder(order(), 'escalate', now).supervised).to.equal(true);
  });
});
