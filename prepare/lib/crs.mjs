// Coordinates: what gm-prepare accepts as it is, what it reprojects (proj4) and what it refuses.
import proj4 from 'proj4';

/** Longitude/latitude systems used as they are: WGS84 and China's CGCS2000 differ by centimetres. */
const GEOGRAPHIC = new Set(['EPSG:4326', 'EPSG:4490', 'EPSG:4610', 'EPSG:4214', 'CRS84', 'OGC:CRS84', 'WGS84', 'CGCS2000']);

/**
 * CGCS2000 Gauss–Krüger projections (EPSG:4491–4554), the systems Chinese survey data comes in,
 * as proj4 definitions made from their published parameters (proj4 ships none of them):
 * 6° zones 13–23 with and without the zone prefix, 3° zones 25–45 with and without it.
 */
function cgcs2000GaussKruger(code) {
  const tmerc = (lon0, x0) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
  if (code >= 4491 && code <= 4501) return tmerc((code - 4491 + 13) * 6 - 3, (code - 4491 + 13) * 1e6 + 5e5);
  if (code >= 4502 && code <= 4512) return tmerc(75 + (code - 4502) * 6, 5e5);
  if (code >= 4513 && code <= 4533) return tmerc((code - 4513 + 25) * 3, (code - 4513 + 25) * 1e6 + 5e5);
  if (code >= 4534 && code <= 4554) return tmerc(75 + (code - 4534) * 3, 5e5);
  return undefined;
}

/** Thrown for input the user must fix; the CLI prints its message alone (no stack). */
export class InputError extends Error {}

/**
 * A function from the input's coordinates to WGS84 longitude/latitude, or null when they already are.
 * @param {string|undefined} crs  `EPSG:n`, a proj4 string, WKT (a .prj file), or undefined (WGS84)
 * @param {string} where  the file, for the message
 */
export function toWgs84(crs, where) {
  if (!crs) return null;
  const text = crs.trim();
  if (/^gcj02-approximate$/i.test(text)) return gcj02ToWgs84;
  if (/gcj.?02|火星|mars/i.test(text)) {
    throw new InputError(
      `${where}: coordinates in GCJ-02 (the offset system of Chinese web maps) cannot be converted exactly. ` +
        'Convert them with the tool of the service they came from, or pass --from gcj02-approximate to apply the public approximate inverse (about 1–2 m off).',
    );
  }
  const epsg = text.match(/^(?:EPSG|urn:ogc:def:crs:EPSG::?)[: ]*(\d+)$/i)?.[1];
  if (epsg) {
    const name = `EPSG:${epsg}`;
    if (GEOGRAPHIC.has(name)) return null;
    const definition = cgcs2000GaussKruger(Number(epsg)) ?? (proj4.defs(name) ? name : undefined);
    if (!definition) throw new InputError(`${where}: unknown coordinate system ${name}; pass its proj4 definition with --from "+proj=…"`);
    return converter(definition, where);
  }
  if (GEOGRAPHIC.has(text.toUpperCase()) || /urn:ogc:def:crs:OGC:1\.3:CRS84/i.test(text)) return null;
  if (/^GEOGCS\[/i.test(text) && !/PROJCS/i.test(text)) return null; // a geographic .prj (WGS 84, CGCS2000)
  return converter(text, where);
}

function converter(definition, where) {
  let projection;
  try {
    projection = proj4(definition, 'EPSG:4326');
  } catch (error) {
    throw new InputError(`${where}: cannot read the coordinate system (${error.message ?? error}): ${definition.slice(0, 80)}`);
  }
  return ([x, y]) => projection.forward([x, y]);
}

/**
 * GCJ-02 → WGS84 by the public approximate inverse (the forward offset applied once and
 * subtracted): only when the user asks for it, as the offset is a secret and this is 1–2 m off.
 * Written here because the packages that do it (gcoord, coordtransform) would be a dependency
 * for one formula.
 */
function gcj02ToWgs84([lng, lat]) {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng - dLng, lat - dLat];
}

/** The geometry with every position passed through `f` (a new object). */
export function mapPositions(geometry, f) {
  const walk = (c) => {
    if (!Array.isArray(c)) throw new TypeError('malformed coordinates');
    return Array.isArray(c[0]) ? c.map(walk) : f(c);
  };
  return { ...geometry, coordinates: walk(geometry.coordinates) };
}
