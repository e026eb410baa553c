import { expect } from 'chai';
import {
  cleanup, canvasAlphaAt, createMap, drawn, hideLabels, labelOf, loadSampleIndex, mountMap, pixelAt, token,
} from '../../../test/harness/map-harness.js';
import { backgroundLayers, cssColor, expectColor, errorsOf, over } from '../../../test/harness/map-test-helpers.js';
import { contrastRatio } from '../../model/color-contrast.js';
import '../legend/legend.js';
import '../stats/stats.js';
import '../board-filter/board-filter.js';
import '../breadcrumb/breadcrumb.js';
import '../alert-list/alert-list.js';
import '../search/search.js';
import '../live/live.js';

describe('<gm-map> statuses and themes', () => {
  afterEach(cleanup);

  describe('statuses', () => {
    it('colours exactly the updated grids and, with roll-up-share 0, rolls the worst status up', async () => {
      const el = await mountMap({ detail: 'grid', rollUpShare: 0 });
      const map = el.getMap()!;
      hideLabels(map);
      const index = await loadSampleIndex();
      const [target, ...others] = index.grid.codes;
      const probes = await Promise.all([target, ...others.slice(0, 40)].map(labelOf));
      el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'normal' as const })));
      await drawn(el);
      const normal = token(el, '--gm-status-normal');
      for (const p of probes) expectColor(pixelAt(map, p), normal, 'all normal');

      el.setStatuses([{ code: target, status: 'emergency', board: 'safety' }]);
      await drawn(el);
      expectColor(pixelAt(map, probes[0]), token(el, '--gm-status-emergency'), 'the updated grid');
      for (const p of probes.slice(1)) expectColor(pixelAt(map, p), normal, 'other grids unchanged');

      // Rolled up: the grid's community, town and district are emergency; a sibling community is not.
      const state = (level: string, code: string) =>
        map.getFeatureState({ source: `gm-${level}`, sourceLayer: `${level === 'community' ? 'communities' : `${level}s`}`, id: Number(code) });
      expect(state('community', target.slice(0, 12)).rank).to.equal(4);
      expect(state('town', target.slice(0, 9)).rank).to.equal(4);
      expect(state('district', target.slice(0, 6)).rank).to.equal(4);
      const sibling = index.community.codes.find((c) => c.startsWith(target.slice(0, 9)) && c !== target.slice(0, 12))!;
      expect(state('community', sibling).rank).to.equal(0);

      // And drawn: with the town selected the communities are shown, the target's in emergency.
      el.detail = 'auto';
      el.selected = target.slice(0, 9);
      await el.updateComplete;
      await drawn(el);
      hideLabels(map);
      await drawn(el);
      expectColor(pixelAt(map, await labelOf(target.slice(0, 12))), token(el, '--gm-status-emergency'), 'community rolled up');
      expectColor(pixelAt(map, await labelOf(sibling)), normal, 'sibling community');
    });

    it('colours an area by the status a quarter of its grids hold (a healthy city is not orange); roll-up-share changes the rule live', async () => {
      const el = await mountMap();
      const map = el.getMap()!;
      hideLabels(map);
      const index = await loadSampleIndex();
      // A healthy city: 1 grid in 20 warning, 1 in 8 attention, one emergency, the rest normal.
      const statusOf = (i: number) => (i === 7 ? 'emergency' : i % 20 === 3 ? 'warning' : i % 8 === 1 ? 'attention' : 'normal');
      el.setStatuses(index.grid.codes.map((code, i) => ({ code, status: statusOf(i) as 'normal' })));
      await drawn(el);
      expect(el.statusOf(index.district.codes[0])).to.equal('normal');
      // The district's towns, drawn (its drill-down); the town of the emergency grid among them.
      const townCode = index.grid.codes[7].slice(0, 9);
      const town = await labelOf(townCode);
      el.selected = index.district.codes[0];
      await el.updateComplete;
      await drawn(el);
      hideLabels(map);
      await drawn(el);
      expect(map.queryRenderedFeatures(map.project(town)).map((f) => f.layer.id)).to.include('gm-town-fill');
      expect(el.statusOf(townCode)).to.equal('normal');
      expectColor(pixelAt(map, town), token(el, '--gm-status-normal'), 'the town with the emergency grid');

      el.rollUpShare = 0;
      await el.updateComplete;
      await drawn(el);
      expect(el.statusOf(index.district.codes[0]), 'the worst child').to.equal('emergency');
      expectColor(pixelAt(map, town), token(el, '--gm-status-emergency'), 'share 0: the worst grid colours its town');

      const errors = errorsOf(el);
      el.rollUpShare = 2;
      await el.updateComplete;
      expect(errors.map((e) => e.reason)).to.include('invalid-attribute');
      expect(el.rollUpShare, 'the previous share kept').to.equal(0);
    });

    it('shows the worst status over the active boards only', async () => {
      const el = await mountMap({ detail: 'grid' });
      const map = el.getMap()!;
      hideLabels(map);
      const index = await loadSampleIndex();
      const code = index.grid.codes[5];
      el.setStatuses([{ code, status: 'normal' }, { code, status: 'warning', board: 'economy' }]);
      await drawn(el);
      const at = await labelOf(code);
      expectColor(pixelAt(map, at), token(el, '--gm-status-warning'));
      el.boards = 'party,safety';
      await el.updateComplete;
      await drawn(el);
      expectColor(pixelAt(map, at), token(el, '--gm-status-normal'));
    });

    it('reports unknown codes, statuses and boards once per call and applies the valid updates', async () => {
      const el = await mountMap({ detail: 'grid' });
      const errors = errorsOf(el);
      const index = await loadSampleIndex();
      el.setStatuses([
        { code: '99999999999999', status: 'warning' },
        { code: '11', status: 'warning' },
        { code: index.grid.codes[1], status: 'burning' as never },
        { code: index.grid.codes[2], status: 'warning', board: 'sports' as never },
        { code: index.grid.codes[3], status: 'emergency' },
      ]);
      expect(errors.map((e) => e.reason).sort()).to.deep.equal(['invalid-board', 'invalid-status', 'unknown-code']);
      expect(errors.find((e) => e.reason === 'unknown-code')!.detail.count).to.equal(2);
      await el.updateComplete;
      const message = el.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;
      expect(message.hidden).to.be.false;
      expect(message.textContent).to.contain('编码不存在');
      await drawn(el);
      hideLabels(el.getMap()!);
      await drawn(el);
      expectColor(pixelAt(el.getMap()!, await labelOf(index.grid.codes[3])), token(el, '--gm-status-emergency'));
    });
  });

  describe('themes', () => {
    it('the screen theme passes WCAG AA (4.5:1) for every text of the map and its controls, over any map colour beneath a panel', async () => {
      const el = createMap({ theme: 'screen' });
      const corners = { 'top-left': ['gm-breadcrumb', 'gm-search'], 'top-right': ['gm-board-filter', 'gm-alert-list'], 'bottom-left': ['gm-legend', 'gm-stats'], 'bottom-right': ['gm-live'] };
      for (const [slot, tags] of Object.entries(corners)) for (const tag of tags) el.append(Object.assign(document.createElement(tag), { slot }));
      document.body.append(el);
      await el.ready;
      const index = await loadSampleIndex();
      el.raiseAlert({ id: 'w1', level: 'emergency', board: 'safety', title: '独居老人心率报警', time: Date.now(), gridCode: index.grid.codes[5] });
      el.raiseAlert({ id: 'w2', level: 'attention', board: 'economy', title: '企业用电异常', time: Date.now(), gridCode: index.grid.codes[9] });
      await drawn(el);
      // What can lie beneath a translucent panel: the map's background or any status colour.
      const beneath = ['--gm-map-background', '--gm-status-normal', '--gm-status-attention', '--gm-status-warning', '--gm-status-emergency', '--gm-status-unknown'].map((t) => token(el, t));
      const failures: string[] = [];
      let checked = 0;
      const visit = (root: ParentNode) => {
        for (const node of root.querySelectorAll('*')) {
          if (node.shadowRoot) visit(node.shadowRoot);
          const text = [...node.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join('');
          const box = node.getBoundingClientRect();
          if (!text || box.width === 0 || getComputedStyle(node).visibility === 'hidden') continue;
          const colour = cssColor(getComputedStyle(node).color);
          const layers = backgroundLayers(node);
          for (const under of beneath) {
            const background = layers.reduceRight((acc, layer) => over(layer, acc), under as number[]);
            const ratio = contrastRatio(over(colour, background), background);
            if (ratio < 4.5) failures.push(`${node.localName}.${node.className} "${text.slice(0, 20)}": ${ratio.toFixed(2)}`);
          }
          checked++;
        }
      };
      for (const control of el.children) if (control.shadowRoot) visit(control.shadowRoot);
      visit(el.shadowRoot!);
      expect(checked, 'texts checked').to.be.greaterThan(20);
      expect([...new Set(failures)], 'texts below 4.5:1').to.deep.equal([]);
      // The map's own labels: their colour on their halo.
      expect(contrastRatio(token(el, '--gm-label-color'), token(el, '--gm-label-halo'))).to.be.at.least(4.5);
    });

    for (const theme of ['light', 'dark', 'screen'] as const) {
      it(`draws the ${theme} theme's status colours and background`, async () => {
        const el = await mountMap({ detail: 'grid', theme });
        const map = el.getMap()!;
        hideLabels(map);
        const index = await loadSampleIndex();
        el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'attention' as const })));
        await drawn(el);
        expectColor(pixelAt(map, await labelOf(index.grid.codes[0])), token(el, '--gm-status-attention'));
        const corner: [number, number] = [map.getBounds().getWest() + 1e-4, map.getBounds().getNorth() - 1e-4];
        expectColor(pixelAt(map, corner), token(el, '--gm-map-background'));
        // The canvas is clear there: what shows is the element's own background.
        expect(canvasAlphaAt(map, corner)).to.equal(0);
      });
    }

    it('recolours when the theme changes', async () => {
      const el = await mountMap({ detail: 'grid', theme: 'light' });
      const map = el.getMap()!;
      const index = await loadSampleIndex();
      el.setStatuses(index.grid.codes.map((code) => ({ code, status: 'normal' as const })));
      await drawn(el);
      const at = await labelOf(index.grid.codes[0]);
      el.theme = 'screen';
      await el.updateComplete;
      hideLabels(map);
      await drawn(el);
      expectColor(pixelAt(map, at), token(el, '--gm-status-normal'));
      expect(token(el, '--gm-status-normal')).to.not.deep.equal([46, 125, 50]);
    });
  });
});
