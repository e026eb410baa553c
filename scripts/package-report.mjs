// npm run package-report [-- --repo DIR]: what the package costs its users, measured as they meet
// it. Packs the repository (this one, or another checkout with `--repo`, e.g. an older commit built
// with `npm run build`), installs the tarball into a fresh app (npm, --prefer-offline) and prints
// the tarball's size, the install's size and package count, gm.bundle.js raw and gzip, and what an
// app's Vite build ships when it imports only `GmLegend` from the React wrappers, or only `BOARDS`.
// A report, not a test: it prints figures and asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({ options: { repo: { type: 'string', default: new URL('..', import.meta.url).pathname } } });
const repo = values.repo;
const self = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'gm-package-report-'));

function sh(cwd, cmd, args) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Bytes under a folder (files only, as `du -b` counts them). */
function bytes(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytes(join(path, name)), 0);
}

const kB = (n) => `${(n / 1024).toFixed(0)} kB`;
const MB = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const gz = (file) => gzipSync(readFileSync(file)).length;

try {
  const [packed] = JSON.parse(sh(repo, 'npm', ['pack', '--json', '--pack-destination', work]));
  const tarball = join(work, packed.filename);
  const mapBytes = packed.files.filter((f) => f.path.endsWith('.map')).reduce((s, f) => s + f.size, 0);

  // The install a user gets: the tarball alone in an empty app.
  const bare = join(work, 'bare');
  mkdirSync(bare);
  writeFileSync(join(bare, 'package.json'), JSON.stringify({ name: 'bare', private: true, dependencies: { 'grid-map-components': `file:${tarball}` } }));
  sh(bare, 'npm', ['install', '--prefer-offline', '--no-package-lock']);
  const installed = sh(bare, 'npm', ['ls', '--all', '--parseable']).trim().split('\n').length - 1;

  // An app that imports one wrapper, or one constant, built by Vite.
  const app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  const deps = Object.fromEntries(['vite', 'react', 'react-dom', '@vitejs/plugin-react'].map((d) => [d, self.devDependencies[d]]));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { 'grid-map-components': `file:${tarball}`, ...deps } }));
  sh(app, 'npm', ['install', '--prefer-offline', '--no-package-lock']);
  const exportsOf = JSON.parse(readFileSync(join(app, 'node_modules/grid-map-components/package.json'), 'utf8')).exports;
  const legendFrom = exportsOf['./react/*.js'] ? 'grid-map-components/react/legend.js' : 'grid-map-components/react';
  const boardsFrom = exportsOf['./constants.js'] ? 'grid-map-components/constants.js' : 'grid-map-components';
  const appCost = (name, code) => {
    writeFileSync(join(app, 'src/main.jsx'), code);
    writeFileSync(join(app, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/src/main.jsx"></script>');
    writeFileSync(join(app, 'vite.config.js'), `import react from '@vitejs/plugin-react';\nexport default { plugins: [react()], logLevel: 'error', build: { outDir: 'dist-${name}', chunkSizeWarningLimit: 1e9 } };\n`);
    sh(app, 'npx', ['vite', 'build']);
    const dir = join(app, `dist-${name}/assets`);
    const js = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
    return { raw: js.reduce((s, f) => s + statSync(f).size, 0), gzip: js.reduce((s, f) => s + gz(f), 0) };
  };
  const legend = appCost('legend', `import { createRoot } from 'react-dom/client';\nimport { GmLegend } from '${legendFrom}';\ncreateRoot(document.getElementById('root')).render(<GmLegend />);\n`);
  const reactAlone = appCost('react', `import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(<p>hi</p>);\n`);
  const boards = appCost('boards', `import { BOARDS } from '${boardsFrom}';\ndocument.getElementById('root').textContent = BOARDS.join(' ');\n`);

  const bundle = join(repo, 'dist/gm.bundle.js');
  const rows = [
    ['tarball (packed)', `${kB(packed.size)} (${packed.entryCount} files, ${MB(packed.unpackedSize)} unpacked; source maps ${MB(mapBytes)})`],
    ['install of the tarball alone', `${MB(bytes(join(bare, 'node_modules')))} in node_modules, ${installed} packages`],
    ['dist/gm.bundle.js', existsSync(bundle) ? `${kB(statSync(bundle).size)} raw, ${kB(gz(bundle))} gzip` : '—'],
    [`an app importing only GmLegend (${legendFrom})`, `${kB(legend.raw)} raw, ${kB(legend.gzip)} gzip of JS (React alone: ${kB(reactAlone.raw)}, ${kB(reactAlone.gzip)} gzip)`],
    [`an app importing only BOARDS (${boardsFrom})`, `${kB(boards.raw)} raw, ${kB(boards.gzip)} gzip of JS`],
  ];
  console.log(`\nPackage report for ${repo} (${packed.name}@${packed.version})\n`);
  console.log('| measure | figure |\n| --- | --- |');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
