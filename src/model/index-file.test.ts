import { expect } from 'chai';
import { AreaIndex, readIndexJson } from './area-index.js';
import { isIndexFile, readIndexFile } from './index-file.js';
import { indexFile } from '../../prepare/lib/index-file.mjs';

const bytesOf = async (url: string) => (await fetch(url)).arrayBuffer();

/** Everything an index tells of its areas, level by level (codes, names, points, boxes, parents). */
function contents(index: AreaIndex) {
  const { parents } = index.hierarchy();
  return index.levels.map((level) => ({
    level,
    areas: Array.from({ length: index.count(level) }, (_, i) => index.at(level, i)),
    parents: Array.from(parents[level]!),
  }));
}

/** The file with its header changed by `edit` (the sections kept as they are). */
function withHeader(file: ArrayBuffer, edit: (header: { levels: Record<string, unknown>[] }) => void): ArrayBuffer {
  const view = new DataView(file);
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(file, 12, length)));
  edit(header);
  const data = new Uint8Array(file, Math.ceil((12 + length) / 8) * 8);
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + encoded.length) / 8) * 8;
  const out = new Uint8Array(start + data.length);
  out.set(new Uint8Array(file, 0, 8));
  new DataView(out.buffer).setUint32(8, encoded.length, true);
  out.set(encoded, 12);
  out.set(data, start);
  return out.buffer;
}

describe('readIndexFile (areas.bin)', () => {
  for (const fixture of ['sample', 'sample-micro', 'chongqing']) {
    it(`reads gm-prepare's areas.bin of the ${fixture} fixture as areas.json reads`, async () => {
      const file = await bytesOf(`/fixtures/out/${fixture}/areas.bin`);
      expect(isIndexFile(file)).to.equal(true);
      const fromFile = AreaIndex.fromChecked(readIndexFile(file));
      const fromJson = AreaIndex.fromChecked(readIndexJson(await (await fetch(`/fixtures/out/${fixture}/areas.json`)).json()));
      expect(fromFile.levels).to.deep.equal(fromJson.levels);
      expect(contents(fromFile)).to.deep.equal(contents(fromJson));
      expect(fromFile.codes(fromFile.finest).afterParent, 'the finest codes kept after their parents\'').to.equal(true);
    });
  }

  it('refuses a file cut short, of another version, or whose header is not JSON', async () => {
    const file = await bytesOf('/fixtures/out/sample/areas.bin');
    expect(() => readIndexFile(file.slice(0, file.byteLength - 100))).to.throw(/outside the file/);
    expect(() => readIndexFile(file.slice(0, 30))).to.throw(/ends inside its header/);
    const v2 = file.slice(0);
    new DataView(v2).setUint32(4, 2, true);
    expect(() => readIndexFile(v2)).to.throw(/version 2/);
    const garbled = file.slice(0);
    new Uint8Array(garbled)[12] = 0x7b + 1;
    expect(() => readIndexFile(garbled)).to.throw(/header is not JSON/);
    expect(isIndexFile(new TextEncoder().encode('{"district":{}}').buffer)).to.equal(false);
  });

  it('refuses counts, positions and levels that do not agree', async () => {
    const file = await bytesOf('/fixtures/out/sample/areas.bin');
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels[1].count = (h.levels[1].count as number) + 1)))).to.throw(/"town" codes are not 12 of 9 bytes/);
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels[3].names = ['第1网格'])))).to.throw(/"grid" area \d+ has no name/);
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels[0].level = 'village')))).to.throw(/out of place or unknown: "village"/);
    expect(() => readIndexFile(withHeader(file, (h) => h.levels.reverse()))).to.throw(/out of place/);
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels[2].labels = [0, 1e9])))).to.throw(/community labels lie outside the file/);
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels[3].parents = h.levels[3].nameOf)))).to.throw(/"grid" parents are not 2 or 4 bytes each/);
    expect(() => readIndexFile(withHeader(file, (h) => (h.levels = [])))).to.throw(/no level/);
    const longName = 'x'.repeat(1000);
    const cut = readIndexFile(withHeader(file, (h) => ((h.levels[0].names as string[])[0] = longName)));
    expect(cut.cutNames).to.deep.equal([`500103: ${'x'.repeat(20)}…`]);
    const unused = readIndexFile(withHeader(file, (h) => (h.levels[0].names as string[]).push(longName)));
    expect(unused.cutNames, 'a long name no area has').to.deep.equal([`district: ${'x'.repeat(20)}…`]);
  });

  it('reads a city of its own scheme: three levels, codes of any length and script, parents given, many names', () => {
    const grids = Array.from({ length: 300 }, (_, i) => `网格-${i}`);
    const json = {
      district: { codes: ['YZ'], names: ['渝中'], labels: [106.5, 29.55], bboxes: [106.4, 29.5, 106.6, 29.6] },
      town: { codes: ['JD-1', 'JD-22'], names: ['甲', '乙'], labels: [1, 2, 3, 4], bboxes: [0, 0, 1, 1, 2, 2, 3, 3], parents: [0, 0] },
      grid: { codes: grids, names: grids.map((g) => `${g}号`), labels: grids.flatMap((_, i) => [i / 1000, -i / 1000]), parents: grids.map((_, i) => i % 2) },
    };
    const file = indexFile(structuredClone(json)).buffer as ArrayBuffer;
    const fromFile = AreaIndex.fromChecked(readIndexFile(file));
    expect(contents(fromFile)).to.deep.equal(contents(AreaIndex.fromJson(json)));
    expect(fromFile.pathOf('网格-7')).to.deep.equal(['YZ', 'JD-22', '网格-7']);
    expect(fromFile.get('网格-299')!.label).to.deep.equal([0.299, -0.299]);
    const parents = withHeader(file, (h) => ((h.levels[2].parents as number[])[1] = 598));
    expect(() => readIndexFile(parents), 'a parents section cut short').to.throw(/grid parents are 598 bytes, not 600/);
  });
});
