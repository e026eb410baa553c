import { expect } from 'chai';
import { CodeColumn } from './code-column.js';

describe('CodeColumn', () => {
  it('reads back official codes of one width, finds each by code and tells their digits', () => {
    const codes = ['50010300100101', '50010300200101', '50010300200102'];
    const column = CodeColumn.from(codes);
    expect(column.length).to.equal(3);
    expect([...column]).to.deep.equal(codes);
    expect(column.at(3)).to.equal(undefined);
    expect(column.at(-1), 'no position from the end').to.equal(undefined);
    codes.forEach((code, i) => expect(column.find(code)).to.equal(i));
    expect(column.find('5001030010010')).to.equal(undefined);
    expect(column.find('500103001001011')).to.equal(undefined);
    expect(column.equals(1, codes[1])).to.equal(true);
    expect(column.equals(1, codes[2])).to.equal(false);
    expect(column.equals(7, codes[1])).to.equal(false);
    expect(column.digitsWidth()).to.equal(14);
    expect(column.duplicates()).to.deep.equal([]);
  });

  it('keeps codes of a city\'s own scheme: any length, any characters, a line feed too', () => {
    const codes = ['WG-1', '网格-02', 'A\nB', '', 'WG-1'];
    const column = CodeColumn.from(codes);
    expect([...column]).to.deep.equal(codes);
    expect(column.find('网格-02')).to.equal(1);
    expect(column.find('A\nB')).to.equal(2);
    expect(column.find('')).to.equal(3);
    expect(column.find('WG-1'), 'the first of a code listed twice').to.equal(0);
    expect(column.duplicates()).to.deep.equal(['WG-1']);
    expect(column.equals(1, '网格-02')).to.equal(true);
    expect(column.digitsWidth()).to.equal(-1);
    expect(CodeColumn.from(['12', '123']).digitsWidth(), 'digits of two widths').to.equal(-1);
    expect(CodeColumn.from(['WG-1']).find('网格'), 'a non-ASCII query of an ASCII column').to.equal(undefined);
  });

  it('tells whether a code starts with a code of another column, byte by byte', () => {
    const towns = CodeColumn.from(['500103001', '500103002']);
    const grids = CodeColumn.from(['50010300100101', '50010300200101', '5001']);
    expect(grids.startsWith(0, towns, 0)).to.equal(true);
    expect(grids.startsWith(1, towns, 0)).to.equal(false);
    expect(grids.startsWith(1, towns, 1)).to.equal(true);
    expect(grids.startsWith(2, towns, 0), 'shorter than the prefix').to.equal(false);
  });

  it('is posted to another thread as its parts and finds the same there', () => {
    const codes = Array.from({ length: 20_000 }, (_, i) => String(50010300100000000 + i * 7919));
    const back = CodeColumn.fromParts(structuredClone(CodeColumn.from(codes).parts()));
    expect(back.length).to.equal(codes.length);
    for (let i = 0; i < codes.length; i += 97) expect(back.find(codes[i])).to.equal(i);
    expect(back.at(codes.length - 1)).to.equal(codes[codes.length - 1]);
    const mixed = CodeColumn.fromParts(structuredClone(CodeColumn.from(['甲', 'B-22']).parts()));
    expect([...mixed]).to.deep.equal(['甲', 'B-22']);
  });

  it('lists the duplicates of codes out of order', () => {
    const column = CodeColumn.from(['3', '1', '2', '1', '3', '1']);
    expect(column.duplicates()).to.deep.equal(['1', '3', '1']);
    expect(column.find('1')).to.equal(1);
    expect(column.find('3')).to.equal(0);
  });

  it('keeps of codes that start with their parent\'s only the rest, and reads, finds and compares them whole', () => {
    const towns = CodeColumn.from(['500103001', '500103002', '500104001']);
    const whole = ['50010300101', '50010300201', '50010300202', '500104001999', '50010300101'];
    const parents = Uint32Array.from([0, 1, 1, 2, 0]);
    const rest = CodeColumn.from(whole).restAfterParents(towns, parents)!;
    expect([...rest], 'the bytes after the parent\'s code').to.deep.equal(['01', '01', '02', '999', '01']);
    const column = CodeColumn.afterParents(CodeColumn.fromParts(structuredClone(rest.parts())), towns, parents);
    expect(column.afterParent).to.equal(true);
    expect([...column]).to.deep.equal(whole);
    const posted = CodeColumn.fromParts(structuredClone(column.whole().parts()));
    expect([posted.afterParent, [...posted]], 'whole again, to post to another thread').to.deep.equal([false, whole]);
    expect(posted.find('500104001999')).to.equal(3);
    whole.slice(0, 4).forEach((code, i) => expect(column.find(code), code).to.equal(i));
    expect(column.find('50010300102')).to.equal(undefined);
    expect(column.find('500103001')).to.equal(undefined);
    expect(column.find('X50010300101')).to.equal(undefined);
    expect(column.equals(2, '50010300202')).to.equal(true);
    expect(column.equals(2, '50010300102'), 'its own digits, another parent').to.equal(false);
    expect(column.equals(2, 'x50010300202')).to.equal(false);
    expect(column.duplicates()).to.deep.equal(['50010300101']);
    expect(column.digitsWidth(), 'digits of two widths').to.equal(-1);
    expect(CodeColumn.afterParents(CodeColumn.from(['01', '02']), towns, Uint32Array.from([0, 2])).digitsWidth()).to.equal(11);
    expect(column.startsWith(3, towns, 2)).to.equal(true);
    expect(CodeColumn.from(['50010300101', '500104']).restAfterParents(towns, Uint32Array.from([0, 2])), 'a code shorter than its parent\'s').to.equal(undefined);
    const fixed = CodeColumn.from(['50010300101', '50010300202']);
    expect([...fixed.restAfterParents(towns, Uint32Array.from([0, 1]))!], 'codes of one width').to.deep.equal(['01', '02']);
    expect(fixed.restAfterParents(towns, Uint32Array.from([0, 0])), 'a code of one width under another parent').to.equal(undefined);
    expect(CodeColumn.from(['50010300101', '50010300202']).restAfterParents(CodeColumn.from(['500103001001']), Uint32Array.from([0, 0])), 'parents\' codes longer').to.equal(undefined);
    expect(CodeColumn.from(['50010300101']).restAfterParents(CodeColumn.from([]), Uint32Array.from([0])), 'a parent out of range (an empty level above)').to.equal(undefined);
    expect(CodeColumn.from(['500103001010']).restAfterParents(towns, Uint32Array.from([5])), 'a parent past the level above').to.equal(undefined);
    expect(CodeColumn.from(['网格']).restAfterParents(CodeColumn.from(['网']), Uint32Array.from([0])), 'not ASCII').to.equal(undefined);
  });
});
