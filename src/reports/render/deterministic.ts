// Products must be reproducible: the same data and parameters give byte-identical files. Office files are zip
// archives whose entries carry the time they were written, and PDFs carry creation dates, so every renderer
// stamps this fixed instant instead of the clock.
import { unzipSync, zipSync, type Zippable } from 'fflate';

export const FIXED_DOCUMENT_DATE = new Date('2000-01-01T00:00:00Z');

/** Rewrites a zip archive with the same entries, in the same order, stamped with FIXED_DOCUMENT_DATE. */
export function normalizeZip(archive: Uint8Array): Uint8Array {
  const entries = unzipSync(archive);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(entries)) out[name] = [data, { mtime: FIXED_DOCUMENT_DATE, level: 6 }];
  return zipSync(out, { mtime: FIXED_DOCUMENT_DATE });
}
