import { expect } from 'chai';
import { SearchIndex, type SearchEntry } from './search-index.js';

const area = (id: string, name: string): SearchEntry => ({ kind: 'town', id, code: id, name });

describe('SearchIndex', () => {
  it('is built again when the entries it is given change in number (a layer’s items that loaded after the first search)', async () => {
    const index = new SearchIndex();
    const areas = [area('500103001', '七星岗街道'), area('500103003', '解放碑街道')];
    await index.build(areas);
    expect(index.query('学校')).to.deep.equal([]);
    const site: SearchEntry = { kind: 'site', id: 's1', code: '50010300100301', name: '人和街小学校', lngLat: [106.56, 29.56] };
    await index.build([...areas, site]);
    expect(index.size).to.equal(3);
    expect(index.query('学校').map((h) => h.id)).to.deep.equal(['s1']);
    expect(index.query('JFB')[0]).to.include({ id: '500103003' });
  });

  it('a build replaced while it runs leaves one complete index, not two interleaved', async () => {
    const index = new SearchIndex();
    const many = Array.from({ length: 20_000 }, (_, i) => area(String(500103000000 + i), `第${i}网格`));
    const first = index.build(many);
    const second = index.build(many.slice(0, 10));
    await Promise.all([first, second]);
    expect(index.size).to.equal(10);
    expect(index.query('第9网格').map((h) => h.id)).to.deep.equal([String(500103000009)]);
  });

  it('finds an area by a code of the city\'s own scheme, from its start, in any case', async () => {
    const index = new SearchIndex();
    await index.build([area('JD-01', '七星岗街道'), { kind: 'grid', id: 'WG-0101', code: 'WG-0101', name: '第1网格' }, area('500103003', '解放碑街道')]);
    expect(index.query('wg-01').map((h) => h.id)).to.deep.equal(['WG-0101']);
    expect(index.query('JD-0').map((h) => h.id)).to.deep.equal(['JD-01']);
    expect(index.query('5001').map((h) => h.id)).to.deep.equal(['500103003']);
    expect(index.query('-01').map((h) => h.id), 'from the start only').to.deep.equal([]);
  });
});
