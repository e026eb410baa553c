import { expect } from 'chai';
import { AreaIndex } from './area-index.js';
import { codesAreIds } from './codes.js';

/** An areas.json level of these codes (labels at 0,0; `parents` when given). */
const level = (codes: string[], parents?: number[]) => ({ codes, names: codes.map((c) => `name ${c}`), labels: codes.flatMap(() => [0, 0]), ...(parents ? { parents } : {}) });

describe('AreaIndex', () => {
  it('reads the official scheme: levels by code length, parents by prefix, codes as ids', () => {
    const index = AreaIndex.fromJson({
      district: level(['500103']),
      town: level(['500103001', '500103002']),
      community: level(['500103001001', '500103002001']),
      grid: level(['50010300100101', '50010300200101', '50010300200102']),
    });
    expect(index.levels).to.deep.equal(['district', 'town', 'community', 'grid']);
    expect(index.finest).to.equal('grid');
    expect(index.pathOf('50010300200102')).to.deep.equal(['500103', '500103002', '500103002001', '50010300200102']);
    expect(index.parentOf('500103')).to.equal('');
    expect(index.idOf('grid', 2)).to.equal(50010300200102);
    expect(index.codeOfId('grid', 50010300200102)).to.equal('50010300200102');
    expect(index.indexOfId('grid', 50010300200102), 'a code as id: its position').to.equal(2);
    expect(index.indexOfId('grid', 50010300200103)).to.equal(undefined);
    expect(index.pathAt('grid', 2)).to.deep.equal(index.pathOf('50010300200102'));
    expect(index.childLevel('city')).to.equal('district');
    expect(index.codes('grid').afterParent, 'grid codes kept as the digits after their community\'s').to.equal(true);
    expect(index.get('50010300200101')).to.include({ level: 'grid', index: 1, name: 'name 50010300200101' });
    expect(index.levelOf('50010300200103')).to.equal(undefined);
  });

  it('reads three levels with codes of their own: parents from areas.json, positions as ids', () => {
    const index = AreaIndex.fromJson({
      district: level(['YZ']),
      town: level(['JD-01', 'JD-02'], [0, 0]),
      grid: level(['WG-1', 'WG-2', 'WG-3'], [1, 0, 1]),
    });
    expect(index.levels).to.deep.equal(['district', 'town', 'grid']);
    expect(index.childLevel('town')).to.equal('grid');
    expect(index.levelOf('JD-02')).to.equal('town');
    expect(index.pathOf('WG-3')).to.deep.equal(['YZ', 'JD-02', 'WG-3']);
    expect(index.idOf('grid', 2)).to.equal(3);
    expect(index.codeOfId('grid', 2)).to.equal('WG-2');
    expect(index.codeOfId('grid', 9)).to.equal(undefined);
    expect(index.indexOfId('grid', 3), 'a position as id: the area at it').to.equal(2);
    expect(index.indexOfId('grid', 0)).to.equal(undefined);
    expect(index.pathAt('grid', 2), 'by position, along the parent links').to.deep.equal(['YZ', 'JD-02', 'WG-3']);
    expect(index.pathAt('town', 0)).to.deep.equal(['YZ', 'JD-01']);
    const store = index.hierarchy();
    expect([...store.parents.grid!]).to.deep.equal([1, 0, 1]);
    index.useCodesAsIds(['grid']);
    expect(index.idOf('grid', 2), 'a codeField level: the code itself').to.equal('WG-3');
  });

  it('finds parents by the longest code that starts a child\'s, when codes nest but are not official', () => {
    const index = AreaIndex.fromJson({ town: level(['A', 'AB']), grid: level(['AB-1', 'A-2', 'AB-3']) });
    expect(index.pathOf('AB-1')).to.deep.equal(['AB', 'AB-1']);
    expect(index.pathOf('A-2')).to.deep.equal(['A', 'A-2']);
    expect(index.parentOf('AB-3')).to.equal('AB');
  });

  it('gives label points and boxes back as parsed, to the 7th decimal, though held as Int32', () => {
    const index = AreaIndex.fromJson({
      district: { codes: ['500103'], names: ['渝中区'], labels: [106.5512345, 29.55], bboxes: [106.4, -29.5000001, 179.9999999, 29.6] },
      grid: { codes: ['50010300100101'], names: ['第1网格'], labels: [-179.123456, 89.9] },
    });
    expect(index.get('500103')!.label).to.deep.equal([106.5512345, 29.55]);
    expect(index.get('500103')!.bbox).to.deep.equal([106.4, -29.5000001, 179.9999999, 29.6]);
    expect(index.get('50010300100101')!.label).to.deep.equal([-179.123456, 89.9]);
    expect(index.labelPoints('grid')).to.be.instanceOf(Int32Array);
  });

  it('links to parents past the 65,536th area of the level above (links of 16 bits would wrap)', () => {
    const towns = Array.from({ length: 70_000 }, (_, i) => `T${i}`);
    const given = AreaIndex.fromJson({ town: level(towns), grid: level(['G1'], [69_999]) });
    expect(given.pathOf('G1'), 'parents given').to.deep.equal(['T69999', 'G1']);
    const found = AreaIndex.fromJson({ town: level(towns), grid: level(['T69999-1']) });
    expect(found.pathOf('T69999-1'), 'parents found by prefix').to.deep.equal(['T69999', 'T69999-1']);
  });

  it('keeps whole the codes of a level under an empty one (no parent to share a code with)', () => {
    const index = AreaIndex.fromJson({ town: level([]), grid: level(['A1', 'A2']) });
    expect([...index.codes('grid')]).to.deep.equal(['A1', 'A2']);
    expect(index.codes('grid').afterParent).to.equal(false);
    expect(index.get('A2')).to.include({ code: 'A2', level: 'grid', index: 1 });
  });

  it('refuses unknown levels, codes that are not strings and parents out of range', () => {
    expect(() => AreaIndex.fromJson({ village: level(['1']) })).to.throw(/unknown level "village"/);
    expect(() => AreaIndex.fromJson({})).to.throw(/no level/);
    expect(() => AreaIndex.fromJson({ district: { ...level(['1']), codes: [1] } })).to.throw(/not a string/);
    expect(() => AreaIndex.fromJson({ district: level(['A']), grid: level(['B'], [3]) })).to.throw(/parents/);
  });

  it('takes codes as ids only when every code of a level is a number without a leading zero', () => {
    expect(codesAreIds(['500103', '1'])).to.equal(true);
    expect(codesAreIds(['0501'])).to.equal(false);
    expect(codesAreIds(['1234567890123456'])).to.equal(false);
    expect(codesAreIds(['12', 'A1'])).to.equal(false);
  });
});
