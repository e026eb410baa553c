import type { Translation } from './translation.js';

export const en: Translation = {
  mapLabel: 'Grid map. Arrow keys pan, plus and minus zoom, Enter selects the area at the centre, Escape goes up a level.',
  loading: (loaded, total) => `Loading map data (${loaded}/${total})…`,
  city: 'City',
  status: { normal: 'Normal', attention: 'Attention', warning: 'Warning', emergency: 'Emergency', unknown: 'Unknown' },
  errors: {
    'manifest-unreachable': 'The map data manifest could not be loaded; the map keeps what it shows.',
    'manifest-invalid-json': 'The map data manifest is not valid JSON; the map keeps what it shows.',
    'manifest-invalid': 'The map data manifest is not in the expected format; the map keeps what it shows.',
    'boundaries-unreachable': 'Some boundary data could not be loaded.',
    'boundaries-invalid': 'Some boundary data was malformed and has been skipped.',
    'index-unreachable': 'The area index could not be loaded; names and fly-to are unavailable for now.',
    'index-invalid': 'The area index is malformed; names and fly-to are unavailable for now.',
    'statuses-unreachable': 'Grid statuses could not be loaded.',
    'statuses-invalid': 'Grid status data was malformed and has been skipped.',
    'tiles-unreachable': 'Some map tiles failed to load.',
    'mosaic-unreachable': 'The city-wide grid image could not be loaded; grids are drawn from tiles instead.',
    'mosaic-invalid': 'The city-wide grid image could not be used; grids are drawn from tiles instead.',
    'unknown-code': 'Some area codes do not exist and were skipped.',
    'invalid-status': 'Some grid statuses were not valid and were skipped.',
    'invalid-board': 'Some board names were not valid and were ignored.',
    'invalid-update': 'Some updates were malformed and were skipped.',
    'webgl-unavailable': 'This browser cannot use WebGL, so the map cannot be shown.',
  },
  dismiss: 'Dismiss',
};
