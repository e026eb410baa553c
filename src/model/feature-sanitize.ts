// What may go into a feature's properties on its way to MapLibre's worker. MapLibre sends GeoJSON
// to its worker through its own serializer, which refuses any object whose `constructor` is not a
// class it registered: one feature with a property named `constructor` (or a Date, a Map…) made
// the whole level fail to load ("can't serialize object of unregistered class"). Vector tiles hold
// only strings, numbers and booleans anyway, so those are what a feature keeps.
import { MAX_TEXT_LENGTH } from './map-item.js';

/** Property names never passed on: they name an object's prototype machinery, not data. */
const RESERVED = new Set(['constructor', '__proto__', 'prototype']);

/** A feature's properties as MapLibre may take them, and what was dropped or cut on the way. */
export interface SanitizedProperties {
  properties: Record<string, string | number | boolean>;
  /** The names of the properties dropped (reserved names, objects, arrays) or cut (texts over MAX_TEXT_LENGTH). */
  problems: string[];
}

/**
 * Copies a feature's properties keeping only strings (cut at MAX_TEXT_LENGTH), finite numbers and
 * booleans under names that are not reserved; `null` and non-finite numbers are left out quietly.
 */
export function sanitizeProperties(input: unknown): SanitizedProperties {
  const properties: Record<string, string | number | boolean> = {};
  const problems: string[] = [];
  if (!input || typeof input !== 'object') return { properties, problems };
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key];
    if (RESERVED.has(key)) problems.push(`${key.slice(0, 40)}: reserved name`);
    else if (typeof value === 'string') {
      if (value.length > MAX_TEXT_LENGTH) problems.push(`${key.slice(0, 40)}: text cut to ${MAX_TEXT_LENGTH} characters`);
      properties[key] = value.length > MAX_TEXT_LENGTH ? value.slice(0, MAX_TEXT_LENGTH) : value;
    } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') properties[key] = value;
    else if (value !== null && value !== undefined && typeof value !== 'number') problems.push(`${key.slice(0, 40)}: ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return { properties, problems };
}
