import { expect } from 'chai';
import type { Feature, FeatureCollection } from 'geojson';
import { bbox } from '@turf/bbox';
import { pointOnFeature } from '@turf/point-on-feature';
import { isArea } from './area-index.js';
import { prepareLevel } from './boundary-level.js';

describe('prepareLevel', () => {
  it("gives each area turf's box and label point (the box's centre inside it, else a vertex), on the sample's grids and a concave one", async () => {
    const grids = (await (await fetch('/fixtures/out/sample/grids.geojson')).json()) as FeatureCollection;
    // A "C": its box's centre lies in the gap, outside the area.
    const concave: Feature = { type: 'Feature', properties: { code: '50010399999901' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]] } };
    const features = [...grids.features, concave];
    const { entry, rejected } = prepareLevel({ type: 'FeatureCollection', features }, 'grid');
    expect(rejected).to.deep.equal([]);
    features.forEach((feature, i) => {
      expect([entry.labels[2 * i], entry.labels[2 * i + 1]], `label of ${entry.codes.at(i)}`).to.deep.equal(pointOnFeature(feature).geometry.coordinates);
      expect(Array.from(entry.bboxes!).slice(4 * i, 4 * i + 4), `box of ${entry.codes.at(i)}`).to.deep.equal(bbox(feature));
    });
    expect(Array.from(entry.labels).slice(-2), 'the concave area is labelled on itself, not in its gap').to.not.deep.equal([1.5, 1.5]);
  });

  it('refuses exactly the features that are not valid areas (isArea)', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
    const geometries: unknown[] = [
      null,
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], ['1', 1], [0, 0]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [Number.NaN, 1], [0, 0]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [null, 1], [0, 0]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] },
      { type: 'Polygon', coordinates: [] },
      { type: 'Polygon', coordinates: 'x' },
      { type: 'MultiPolygon', coordinates: [[]] },
      { type: 'Polygon', coordinates: [ring] },
      { type: 'MultiPolygon', coordinates: [[ring], [ring]] },
    ];
    const features = geometries.map((geometry, i) => ({ type: 'Feature', properties: { code: `A${i}` }, geometry }) as Feature);
    const { entry, rejected } = prepareLevel({ type: 'FeatureCollection', features }, 'grid');
    expect(entry.codes).to.deep.equal(features.filter((f) => isArea(f)).map((f) => f.properties!.code));
    expect(entry.codes).to.deep.equal(['A10', 'A11']);
    expect(rejected).to.have.length(10);
  });
});
