import { expect } from 'chai';
import { readIndexJson } from './area-index.js';
import { packIndex, unpackIndex } from './packed-index.js';

const json = () => ({
  district: { codes: ['500103'], names: ['渝中区'], labels: [106.5, 29.55], bboxes: [106.4, 29.5, 106.6, 29.6] },
  town: { codes: ['500103001', '500103002', '500103003'], names: ['七星岗街道', '解放碑街道', '七星岗街道'], labels: [1, 2, 3, 4, 5, 6], bboxes: new Array(12).fill(0) },
});

describe('packIndex / unpackIndex', () => {
  it('gives back the checked index: strings, repeated names as one string, numbers in typed arrays', () => {
    const checked = readIndexJson(json());
    const { packed, transfer } = packIndex(checked);
    expect(transfer.length, 'codes, names, labels and boxes of two levels, the towns\' parent links').to.equal(9);
    expect(checked.levels.town!.codes).to.have.property('afterParent', true);
    const back = unpackIndex(structuredClone(packed)).levels;
    expect([...back.town!.codes]).to.deep.equal(['500103001', '500103002', '500103003']);
    expect([...back.town!.names]).to.deep.equal(['七星岗街道', '解放碑街道', '七星岗街道']);
    expect(Array.from(back.town!.labels)).to.deep.equal([1, 2, 3, 4, 5, 6].map((d) => d * 1e7));
    expect(back.town!.labels).to.be.instanceOf(Int32Array);
    expect(Array.from(back.district!.bboxes!)).to.deep.equal([1064000000, 295000000, 1066000000, 296000000]);
  });

  it('keeps codes and names as they are (a line feed from hostile input too), and a level with no area', () => {
    const input = json();
    input.town.codes[1] = 'A\nB';
    input.town.names[2] = '第一行\n第二行';
    const back = unpackIndex(structuredClone(packIndex(readIndexJson(input)).packed)).levels;
    expect(back.town!.codes.at(1)).to.equal('A\nB');
    expect([...back.town!.names]).to.deep.equal(['七星岗街道', '解放碑街道', '第一行\n第二行']);
    const empty = unpackIndex(structuredClone(packIndex(readIndexJson({ district: { codes: [], names: [], labels: [] } })).packed)).levels;
    expect([...empty.district!.codes]).to.deep.equal([]);
  });
});
