// The magnetic-media package of a dispatch: a ZIP with the annexes, a SHA-256 manifest in the format of
// `sha256sum` (so that `sha256sum -c` checks it as is) and a «LÉEME» telling the recipient how to verify it on
// Windows, Linux or macOS. Entries carry the issue date, so that the same dispatch gives the same bytes.
import { zipSync, type Zippable } from 'fflate';
import { sha256Hex } from '../reports/products.ts';
import { longDate } from './labels.ts';

export const MANIFEST_NAME = 'MANIFIESTO-SHA256.txt';
export const README_NAME = 'LEEME.txt';
export const ANNEX_DIR = 'anexos';

export interface PackageInput {
  folio: string;
  /** Local day of issue. */
  date: string;
  agencyName: string;
  subject: string;
  files: { fileName: string; content: Uint8Array }[];
}

export interface BuiltPackage {
  zip: Uint8Array;
  manifest: string;
  entries: { path: string; sha256: string; size: number }[];
}

/** sha256sum's text format: one «<hex>  <path>» line per file, LF endings. */
export function manifestText(entries: { path: string; sha256: string }[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

/** Parses a manifest back (what a recipient's checker does). */
export function parseManifest(text: string): { path: string; sha256: string }[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.replace(/\r$/, ''));
      if (!m) throw new Error(`línea de manifiesto no válida: ${line}`);
      return { sha256: m[1]!, path: m[2]! };
    });
}

function readme(p: PackageInput, entries: { path: string }[]): string {
  return [
    `Paquete de información del oficio ${p.folio}`,
    `Destinatario: ${p.agencyName}`,
    `Asunto: ${p.subject}`,
    `Fecha de emisión: ${longDate(p.date)}`,
    '',
    `Contenido (${entries.length} ${entries.length === 1 ? 'archivo' : 'archivos'} en la carpeta «${ANNEX_DIR}»):`,
    ...entries.map((e) => `  - ${e.path}`),
    '',
    `Para comprobar que ningún archivo cambió, compare la huella SHA-256 de cada uno con la de ${MANIFEST_NAME}`,
    '(y con la lista de anexos del oficio impreso):',
    '',
    `  Linux:   sha256sum -c ${MANIFEST_NAME}`,
    `  macOS:   shasum -a 256 -c ${MANIFEST_NAME}`,
    `  Windows (PowerShell): Get-FileHash -Algorithm SHA256 ${ANNEX_DIR}\\*`,
    '',
    'La huella del paquete completo (este archivo ZIP) aparece en el oficio que lo acompaña.',
    '',
  ].join('\r\n');
}

export function buildPackage(p: PackageInput): BuiltPackage {
  const mtime = new Date(`${p.date}T12:00:00Z`);
  const entries = p.files.map((f) => ({ path: `${ANNEX_DIR}/${f.fileName}`, sha256: sha256Hex(f.content), size: f.content.byteLength }));
  const manifest = manifestText(entries);
  const zippable: Zippable = {};
  p.files.forEach((f, i) => {
    zippable[entries[i]!.path] = [f.content, { mtime, level: 6 }];
  });
  const enc = new TextEncoder();
  zippable[MANIFEST_NAME] = [enc.encode(manifest), { mtime, level: 6 }];
  // A byte-order mark so that older Windows editors read the accents right.
  zippable[README_NAME] = [enc.encode(`\ufeff${readme(p, entries)}`), { mtime, level: 6 }];
  return { zip: zipSync(zippable, { mtime }), manifest, entries };
}
