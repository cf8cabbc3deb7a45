// The disclosure scan of issue 4 §7: no product that leaves the center may contain a phone number, a name, an
// address or a note of the incidents. Reads the text of every file a product carries (XLSX cells, PDF text runs,
// CSV, JSON, GeoJSON, KML, SVG) and looks for each of them, however it is written: phones as digits whatever the
// separators (951 123 4567, 951-123-4567, +52 951…), names, addresses and notes without regard to case, accents or
// line breaks. Any registry whose products leave the center can be checked with it.
import { unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { pdfTextSegments } from '../../src/reports/heatmaps/index.ts';

export interface ScanFile {
  format: string;
  fileName: string;
  content: Uint8Array;
}

export interface Needles {
  phones: string[];
  names: string[];
  addresses: string[];
  notes: string[];
}

export interface Finding {
  fileName: string;
  kind: keyof Needles;
  value: string;
}

const xmlText = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

/** The text a person or a program can read out of a file. PNG holds pixels only (its SVG source is scanned). */
export function fileText(format: string, content: Uint8Array): string {
  switch (format) {
    case 'pdf':
      return pdfTextSegments(content).join('\n');
    case 'xlsx':
    case 'zip': {
      const entries = unzipSync(content);
      return Object.entries(entries)
        .map(([name, bytes]) => (/\.(xml|rels|csv|json|txt|kml|svg|geojson)$/i.test(name) ? xmlText(new TextDecoder().decode(bytes)) : ''))
        .join('\n');
    }
    case 'png':
      return '';
    case 'svg':
    case 'kml':
      return xmlText(new TextDecoder().decode(content));
    default:
      return new TextDecoder().decode(content);
  }
}

/** Lower case, no accents, words only: «Eufrosina  TLACUILO,» and «eufrosina tlacuilo» read the same. */
const words = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Digit runs of a text, with the usual separators inside a phone number taken out. */
function digitRuns(text: string): string[] {
  const joined = text.replace(/(\d)[\s.\-()/]+(?=\d)/g, '$1');
  return joined.match(/\d{10,13}/g) ?? [];
}

/**
 * Every needle found in any file. Phones are 10 digits; a run of up to 13 digits holding one (+52…) counts. Names,
 * addresses and notes are matched as whole sequences of words, by length, so that thousands of them are looked up
 * at once.
 */
export function scanFiles(files: ScanFile[], needles: Needles): Finding[] {
  const findings: Finding[] = [];
  const phones = new Set(needles.phones.map((p) => p.replace(/\D/g, '')).filter((p) => p.length === 10));
  const sequences = new Map<string, { kind: keyof Needles; value: string }>();
  for (const kind of ['names', 'addresses', 'notes'] as const) {
    for (const value of needles[kind]) {
      const w = words(value);
      if (w.length >= 2) sequences.set(w.join(' '), { kind, value });
    }
  }
  const lengths = [...new Set([...sequences.keys()].map((k) => k.split(' ').length))];
  for (const f of files) {
    const text = fileText(f.format, f.content);
    for (const run of digitRuns(text)) {
      for (let i = 0; i + 10 <= run.length; i++) {
        const p = run.slice(i, i + 10);
        if (phones.has(p)) findings.push({ fileName: f.fileName, kind: 'phones', value: p });
      }
    }
    const w = words(text);
    for (const n of lengths) {
      for (let i = 0; i + n <= w.length; i++) {
        const hit = sequences.get(w.slice(i, i + n).join(' '));
        if (hit) findings.push({ fileName: f.fileName, kind: hit.kind, value: hit.value });
      }
    }
  }
  return findings;
}

/**
 * The personal data of every incident in the database: callers' phones and names, addresses, notes (long enough
 * to be free text rather than a catalog phrase) and the numbers that tips report.
 */
export async function incidentNeedles(db: Kysely<Database>): Promise<Needles> {
  const rows = await db
    .selectFrom('incidents')
    .select(['caller_phone', 'caller_name', 'address', 'notes', 'reported_phone'])
    .where((eb) => eb.or([eb('caller_phone', 'is not', null), eb('caller_name', 'is not', null), eb('address', 'is not', null), eb('notes', 'is not', null), eb('reported_phone', 'is not', null)]))
    .execute();
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];
  return {
    phones: distinct([...rows.map((r) => r.caller_phone), ...rows.map((r) => r.reported_phone)]),
    names: distinct(rows.map((r) => r.caller_name)),
    addresses: distinct(rows.map((r) => r.address)),
    notes: distinct(rows.map((r) => r.notes)).filter((n) => n.length >= 25),
  };
}
