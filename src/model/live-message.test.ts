import { expect } from 'chai';
import { readLiveMessage } from './live-message.js';

describe('readLiveMessage', () => {
  it('reads work-order changes and snapshots with orders, and refuses a malformed one with its seq', () => {
    const order = { id: 'wo-alert-a1', state: 'dispatched', assignees: ['s1'] };
    const changes = readLiveMessage(JSON.stringify({ seq: 5, type: 'orders', upsert: [order] }));
    expect(changes).to.have.property('message');
    expect((changes as { message: { type: string } }).message.type).to.equal('orders');
    const snapshot = readLiveMessage(JSON.stringify({ seq: 4, type: 'snapshot', orders: [order] }));
    expect(snapshot).to.have.property('message');
    expect(readLiveMessage(JSON.stringify({ seq: 6, type: 'orders', upsert: { id: 'x' } }))).to.deep.equal({ problem: 'orders.upsert is not an array', seq: 6 });
    expect(readLiveMessage(JSON.stringify({ seq: 7, type: 'snapshot', orders: 'all' }))).to.deep.equal({ problem: 'snapshot.orders is not an array', seq: 7 });
    expect(readLiveMessage(JSON.stringify({ seq: 8, type: 'work' }))).to.deep.equal({ problem: 'unknown type work', seq: 8 });
  });
});
