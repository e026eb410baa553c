import { expect } from 'chai';
import { AreaFlags } from './area-flags.js';

describe('AreaFlags', () => {
  it('lists each flagged area once, in order, and none after take()', () => {
    const flags = new AreaFlags(70);
    for (const i of [33, 0, 69, 33, 31, 32]) flags.add(i);
    expect(flags.count).to.equal(5);
    expect([flags.has(33), flags.has(34), flags.has(69)]).to.deep.equal([true, false, true]);
    expect(flags.take()).to.deep.equal([33, 0, 69, 31, 32]);
    expect(flags.count).to.equal(0);
    expect([0, 31, 32, 33, 69].some((i) => flags.has(i))).to.equal(false);
    flags.add(33);
    expect(flags.take(), 'flagged again after take').to.deep.equal([33]);
  });

  it('flags every area at once, and clears them all', () => {
    const flags = new AreaFlags(65);
    flags.addAll();
    flags.add(64);
    expect(flags.count).to.equal(65);
    expect(flags.take()).to.deep.equal(Array.from({ length: 65 }, (_, i) => i));
    expect(flags.has(64)).to.equal(false);
    expect(new AreaFlags(0).take()).to.deep.equal([]);
  });
});
