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
});
