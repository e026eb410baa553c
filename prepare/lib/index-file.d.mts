// Types of index-file.mjs for the map's TypeScript (its tests write files with it).

/** An index in areas.json's form: per level, parallel arrays. */
export interface AreaIndexJsonLevels {
  [level: string]: { codes: string[]; names: string[]; labels: number[]; bboxes?: number[]; parents?: number[] };
}

export const INDEX_FILE_MAGIC: string;
export const INDEX_FILE_VERSION: number;
/** The bytes of areas.bin for an index in areas.json's form. */
export function indexFile(index: AreaIndexJsonLevels): Uint8Array;
