// React: the wrappers from `grid-map-components/react` (generated with @lit/react) take
// properties as props and gm- events as onGm… handlers.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GmMap, GmLegend } from 'grid-map-components/react';

const MANIFEST = new URL('../../../fixtures/out/sample/manifest.json', location.href).href;

function App() {
  const [theme, setTheme] = useState<'light' | 'dark' | 'screen'>('light');
  const [selected, setSelected] = useState('—');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <header style={{ display: 'flex', gap: 24, padding: '8px 12px' }}>
        <label>
          Theme{' '}
          <select id="theme" value={theme} onChange={(e) => setTheme(e.target.value as typeof theme)}>
            <option value="light">light</option>
            <option value="dark">dark</option>
            <option value="screen">screen</option>
          </select>
        </label>
        <span>
          Selected: <output id="selected">{selected}</output>
        </span>
      </header>
      <GmMap
        style={{ flex: 1 }}
        src={MANIFEST}
        theme={theme}
        onGmSelect={(e) => e.detail.kind === 'area' && setSelected(`${e.detail.name} (${e.detail.code})`)}
        onGmError={(e) => console.warn('gm-error', e.detail.reason)}
      >
        <GmLegend slot="bottom-right" />
      </GmMap>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
