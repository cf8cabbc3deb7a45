// Which stored incident codes are security incidents (CNIE type 3, «Seguridad») once expressed in the report's
// catalog version, and under which code and subtype they count. Pure.
import { cnieEntry, loadCnieCatalogs, toCatalog, type CnieVersion } from '../../reference/index.ts';

export const SECURITY_TYPE = 3;
/** Report code of the incidents whose code has no equivalent in the report's version. */
export const NO_EQUIVALENT = 0;

export interface SecurityCode {
  /** The code in the report's version, or NO_EQUIVALENT. */
  code: number;
  /** Its CNIE subtype (first three digits), or NO_EQUIVALENT. */
  subtype: number;
}

export interface SecurityCodes {
  version: CnieVersion;
  /** Stored codes of each version that count, for the rollup query. */
  stored: Record<CnieVersion, number[]>;
  classify(storedVersion: CnieVersion, code: number): SecurityCode | undefined;
  subtypeName(subtype: number): string;
  codeName(code: number): string;
}

const versionLabel = (v: CnieVersion) => (v === '2' ? '2.0' : '3');

/**
 * An incident is a security incident when its code, expressed in `version`, is of type 3. A code of the other
 * version without an equivalent counts when it was of type 3 where it was recorded, under «Sin equivalencia», so that
 * the totals are the same in either version.
 */
export function securityCodes(version: CnieVersion): SecurityCodes {
  const catalogs = loadCnieCatalogs();
  const byStored = new Map<string, SecurityCode>();
  const stored: Record<CnieVersion, number[]> = { '2': [], '3': [] };
  for (const storedVersion of ['2', '3'] as const) {
    for (const entry of (storedVersion === '2' ? catalogs.v2 : catalogs.v3).values()) {
      let result: SecurityCode | undefined;
      if (storedVersion === version) {
        if (entry.type === SECURITY_TYPE) result = { code: entry.code, subtype: entry.subtype };
      } else {
        const target = toCatalog(entry.code, storedVersion, version);
        const mapped = target === null ? undefined : cnieEntry(version, target);
        if (mapped) {
          if (mapped.type === SECURITY_TYPE) result = { code: mapped.code, subtype: mapped.subtype };
        } else if (entry.type === SECURITY_TYPE) {
          result = { code: NO_EQUIVALENT, subtype: NO_EQUIVALENT };
        }
      }
      if (result) {
        byStored.set(`${storedVersion}|${entry.code}`, result);
        stored[storedVersion].push(entry.code);
      }
    }
  }
  const subtypeNames = new Map<number, string>();
  for (const e of (version === '2' ? catalogs.v2 : catalogs.v3).values()) {
    if (e.type === SECURITY_TYPE && e.subtypeName && !subtypeNames.has(e.subtype)) subtypeNames.set(e.subtype, e.subtypeName);
  }
  const noEquivalent = `Sin equivalencia en el catálogo ${versionLabel(version)}`;
  return {
    version,
    stored: { '2': stored['2'].sort((a, b) => a - b), '3': stored['3'].sort((a, b) => a - b) },
    classify: (storedVersion, code) => byStored.get(`${storedVersion}|${code}`),
    subtypeName: (subtype) => (subtype === NO_EQUIVALENT ? noEquivalent : (subtypeNames.get(subtype) ?? `Subtipo ${subtype}`)),
    codeName: (code) => (code === NO_EQUIVALENT ? noEquivalent : (cnieEntry(version, code)?.name ?? String(code))),
  };
}
