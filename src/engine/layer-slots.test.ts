import { expect } from 'chai';
import { Map as MaplibreMap, type LayerSpecification } from 'maplibre-gl';
import { LayerSlots } from './layer-slots.js';
import { container } from '../../test/harness/engine-harness.js';

const line = (id: string): LayerSpecification => ({ id, type: 'line', source: 'lines' });

describe('LayerSlots', () => {
  let map: MaplibreMap;
  let div: HTMLDivElement;
  beforeEach(async () => {
    div = container([100, 100]);
    map = new MaplibreMap({ container: div, style: { version: 8, sources: { lines: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }, layers: [{ id: 'basemap', type: 'background' }] } });
    await new Promise((resolve) => map.once('style.load', resolve));
  });
  afterEach(() => {
    map.remove();
    div.remove();
  });

  it('puts each layer in its slot, whatever order the slots are filled in, above the basemap', () => {
    const slots = new LayerSlots(map);
    slots.add('alert-markers', [line('marker')]);
    slots.add('area-labels', [line('label-grid'), line('label-town')]);
    slots.add('area-fills', [line('fill')], { unvalidated: true });
    slots.add('staff', [line('staff')]);
    slots.add('area-lines', [line('outline')]);
    slots.add('area-labels', [line('label-district')]);
    expect(map.getLayersOrder()).to.deep.equal(['basemap', 'fill', 'outline', 'staff', 'label-grid', 'label-town', 'label-district', 'marker']);
  });

  it('forgets removed layers, and those removed behind its back', () => {
    const slots = new LayerSlots(map);
    slots.add('area-labels', [line('label')]);
    slots.add('alert-markers', [line('marker')]);
    slots.remove(['label']);
    map.removeLayer('marker');
    slots.add('sites', [line('site')]);
    slots.add('alert-markers', [line('marker')]);
    slots.add('area-fills', [line('fill')]);
    expect(map.getLayersOrder()).to.deep.equal(['basemap', 'fill', 'site', 'marker']);
    expect(slots.layers('area-labels')).to.deep.equal([]);
  });
});
