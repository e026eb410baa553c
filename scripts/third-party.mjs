// The third-party notices of a bundle: for each npm package whose modules went into it, its name,
// version, licence and full licence text, read from node_modules at build time (so the notices
// always match what was bundled). Used by vite.config.ts for dist/THIRD-PARTY-NOTICES.txt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** The package directory of a module inside node_modules (scoped names included); undefined outside. */
function packageDirOf(id) {
  const path = id.replace(/^\0/, '').split('?')[0];
  const at = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (at < 0) return undefined;
  const rest = path.slice(at + '/node_modules/'.length).split(sep);
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  return join(path.slice(0, at), 'node_modules', name);
}

function licenceText(dir) {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying|notice)(\.|$|-)/i.test(f));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/** The notices text for these module ids (a bundle's `moduleIds`). */
export function noticesFor(moduleIds) {
  const dirs = [...new Set(moduleIds.map(packageDirOf).filter(Boolean))].filter((dir) => existsSync(join(dir, 'package.json')));
  const packages = dirs
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
  const sections = packages.map(({ dir, pkg }) => {
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the text below');
    const text = licenceText(dir) ?? licenceText(dirname(dir)) ?? `(no licence file in the package; its package.json says ${licence})`;
    return `${pkg.name} ${pkg.version} — ${licence}\n${'-'.repeat(72)}\n${text}\n`;
  });
  return [
    'THIRD-PARTY NOTICES for gm.bundle.js',
    '',
    `gm.bundle.js (and maplibre-gl-worker.mjs beside it) contain code of these ${packages.length} packages, under the licences below.`,
    `Packages: ${packages.map(({ pkg }) => `${pkg.name}@${pkg.version} (${typeof pkg.license === 'string' ? pkg.license : 'see below'})`).join(', ')}.`,
    '',
    ...sections,
  ].join('\n');
}
