import { expect } from 'chai';
import { NameColumn } from './name-column.js';

describe('NameColumn', () => {
  it('keeps each name once and a byte per area while there are at most 256 of them, more past that', () => {
    const names = ['第1院落', '第2院落', '第1院落', '<b>x</b>'];
    const column = NameColumn.from(names);
    expect([...column]).to.deep.equal(names);
    expect(column.distinct).to.deep.equal(['第1院落', '第2院落', '<b>x</b>']);
    expect(column.parts().of).to.be.instanceOf(Uint8Array);
    expect([column.at(4), column.at(-1)]).to.deep.equal([undefined, undefined]);
    const many = Array.from({ length: 300 }, (_, i) => `院${i}`);
    const wide = NameColumn.fromParts(structuredClone(NameColumn.from(many).parts()));
    expect(wide.parts().of).to.be.instanceOf(Uint16Array);
    expect(wide.at(299)).to.equal('院299');
  });
});
