// How recording files name the incident they belong to, for the bulk attach of a folder:
//   CENTRO_FOLIO.ext        e.g. OAX_OAX-2026-03-000123.wav
//   CENTRO_FOLIO_N.ext      several recordings of one incident: N = 1, 2, … (up to 3 digits)
//   FOLIO.ext, FOLIO_N.ext  only with --center CLAVE (all files of the folder belong to that center)
// CENTRO is a call center's code (letters and digits) and FOLIO the incident's folio as the center writes it
// (letters, digits, «-», «.», «/» written as «~»; no «_»). The extension is not trusted: the type comes from the
// bytes. Matching is exact on the folio, ignoring case in the center code.
export interface RecordingName {
  center: string;
  folio: string;
  part: number | null;
}

const FOLIO = /^[A-Za-z0-9][A-Za-z0-9.~-]*$/;

export function parseRecordingName(fileName: string, opts: { center?: string; centers: ReadonlySet<string> }): RecordingName | { error: string } {
  const m = /^(.+)\.([A-Za-z0-9]{2,5})$/.exec(fileName);
  if (!m) return { error: 'el nombre no sigue el patrón CENTRO_FOLIO[_N].ext' };
  const tokens = m[1]!.split('_');
  const wanted = opts.center?.toUpperCase();
  let center: string;
  let rest: string[];
  if (tokens.length >= 2 && opts.centers.has(tokens[0]!.toUpperCase())) {
    center = tokens[0]!.toUpperCase();
    rest = tokens.slice(1);
    if (wanted && wanted !== center) return { error: `el nombre indica el centro ${center}, distinto de --center ${wanted}` };
  } else if (wanted) {
    center = wanted;
    rest = tokens;
  } else if (tokens.length >= 2 && /^[A-Za-z][A-Za-z0-9]{1,9}$/.test(tokens[0]!)) {
    return { error: `el centro «${tokens[0]}» del nombre no está registrado` };
  } else {
    return { error: 'el nombre no indica el centro (CENTRO_FOLIO.ext) y no se dio --center' };
  }
  let part: number | null = null;
  if (rest.length === 2 && /^\d{1,3}$/.test(rest[1]!)) {
    part = Number(rest[1]);
    rest = rest.slice(0, 1);
  }
  if (rest.length !== 1 || !FOLIO.test(rest[0]!)) return { error: 'el nombre no sigue el patrón CENTRO_FOLIO[_N].ext (el folio no admite «_» ni espacios)' };
  return { center, folio: rest[0]!.replace(/~/g, '/'), part };
}
