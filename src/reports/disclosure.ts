// What the generators' disclosure passes share: the Spanish reasons, reading a computed figure, and putting a
// table back in order once some of its figures are the mark (a sorted position would tell how small they are).
import { suppressionMethodology, type SuppressionResult } from '../analytics/table-suppression.ts';
import { SUPPRESSED, type DisclosureRules, type Redaction, type Suppressed } from './types.ts';

/** The reason every suppressed count gives; it never says whether the figure was small or a complement. */
export const suppressionWhy = (minCount: number) =>
  `Control de divulgación: conteo menor que ${minCount} o cifra complementaria que permitiría deducir uno de los totales.`;

export const derivedWhy = 'Se calcula a partir de una cifra suprimida.';

/** A figure of computed data; a pass run on data that already carries marks is a bug. */
export function figure(v: number | Suppressed): number {
  if (v === SUPPRESSED) throw new Error('El control de divulgación se aplica a cifras calculadas, no a una versión ya suprimida.');
  return v;
}

/** Published rows by `value` descending, then suppressed ones in the order of `key`: no position reveals a size. */
export function publishedFirst<T>(rows: T[], value: (r: T) => number | Suppressed, key: (r: T) => string): T[] {
  const shown = rows.filter((r) => value(r) !== SUPPRESSED).sort((a, b) => (value(b) as number) - (value(a) as number) || key(a).localeCompare(key(b)));
  const hidden = rows.filter((r) => value(r) === SUPPRESSED).sort((a, b) => key(a).localeCompare(key(b)));
  return [...shown, ...hidden];
}

/** Collects the redactions of a pass in the order the product shows its tables. */
export class RedactionList {
  readonly items: Redaction[] = [];

  add(r: Redaction): void {
    this.items.push(r);
  }

  /** A suppressed count of a table. */
  count(where: string, item: string, minCount: number, what = 'Conteo'): void {
    this.add({ field: 'count', action: 'suprimido', what, where, item, why: suppressionWhy(minCount) });
  }
}

/** The methodology sentences of a pass that suppressed table cells. */
export function tableMethodology(rules: DisclosureRules, result: SuppressionResult, cells: number): string[] {
  return [
    suppressionMethodology(rules.minCount),
    `En esta versión se suprimieron ${result.suppressed.size.toLocaleString('es-MX')} de ${cells.toLocaleString('es-MX')} cifras de sus tablas.`,
  ];
}
