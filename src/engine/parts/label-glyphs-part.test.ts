import { expect } from 'chai';
import { BOUNDARY_LEVELS } from '../../model/codes.js';
import { sharedEngine } from '../../../test/harness/engine-harness.js';

describe('LabelGlyphsPart', function () {
  const engineFixture = sharedEngine(this);

  it('draws the glyph of every character of the area names into the map\'s glyph cache after the load', async () => {
    const index = engineFixture().engine.scene.index!;
    const characters = new Set(BOUNDARY_LEVELS.flatMap((level) => [...index.names(level)].flatMap((name) => [...name])));
    const cached = () => new Set(Object.keys(engineFixture().map().style.glyphManager.entries['sans-serif']?.glyphs.default ?? {}));
    const until = performance.now() + 20_000;
    while ([...characters].some((c) => !cached().has(c)) && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect([...characters].filter((c) => !cached().has(c))).to.deep.equal([]);
  });
});
