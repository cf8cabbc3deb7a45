// Default call centers (CALLEs) of a state and the municipalities each one covers. Pure: no database.
import { loadStateGeography, type Municipality } from './geography.ts';

export interface CallCenterDefault {
  code: string;
  name: string;
  /** Municipality whose centroid anchors the coverage; null for a single center that covers everything. */
  seatCode: string | null;
  /** Expected seat name, checked against the catalog so that a changed data file cannot silently move a seat. */
  seatName: string | null;
}

// Oaxaca's five CALLEs and the municipality where each sits. Coverage is derived from these seats below.
const OAXACA_CENTERS: CallCenterDefault[] = [
  { code: 'OAX', name: 'CALLE Oaxaca (Centro Estatal de Emergencias)', seatCode: '20067', seatName: 'Oaxaca de Juárez' },
  { code: 'MIX', name: 'CALLE Mixteca', seatCode: '20039', seatName: 'Heroica Ciudad de Huajuapan de León' },
  { code: 'COS', name: 'CALLE Costa', seatCode: '20324', seatName: 'San Pedro Pochutla' },
  { code: 'CUE', name: 'CALLE Cuenca', seatCode: '20184', seatName: 'San Juan Bautista Tuxtepec' },
  { code: 'IST', name: 'CALLE Istmo', seatCode: '20043', seatName: 'Heroica Ciudad de Juchitán de Zaragoza' },
];

const STATE_WIDE_CENTER: CallCenterDefault = { code: 'EST', name: 'CALLE Estatal', seatCode: null, seatName: null };

export function defaultCallCenters(stateCode: string): CallCenterDefault[] {
  return stateCode === '20' ? OAXACA_CENTERS : [STATE_WIDE_CENTER];
}

/** Squared distance on a plane scaled by cos(latitude): enough to rank nearby seats within one state. */
function planarDistance2(a: readonly [number, number], b: readonly [number, number]): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dx = (a[0] - b[0]) * k;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/** Center code for every municipality: the center whose seat centroid is nearest to the municipality's centroid. */
export function assignByNearestSeat(
  municipalities: readonly Municipality[],
  seats: readonly { centerCode: string; centroid: readonly [number, number] }[],
): Map<string, string> {
  const coverage = new Map<string, string>();
  for (const m of municipalities) {
    let best = seats[0];
    for (const s of seats) if (planarDistance2(m.centroid, s.centroid) < planarDistance2(m.centroid, best!.centroid)) best = s;
    if (best) coverage.set(m.code, best.centerCode);
  }
  return coverage;
}

/**
 * Default coverage of a state: municipality code → center code, every municipality to exactly one center.
 * For Oaxaca each municipality goes to the CALLE whose seat is nearest. This is a starting point for the
 * administrator to edit, NOT the official division of the state's emergency regions.
 */
export function defaultCoverage(stateCode: string): Map<string, string> {
  const geography = loadStateGeography(stateCode);
  const centers = defaultCallCenters(stateCode);
  const seats = centers.flatMap((c) => {
    if (c.seatCode === null) return [];
    const seat = geography.municipalities.find((m) => m.code === c.seatCode);
    if (!seat || seat.name !== c.seatName) {
      throw new Error(`La sede de ${c.name} (${c.seatCode} ${c.seatName}) no coincide con el catálogo de municipios`);
    }
    return [{ centerCode: c.code, centroid: seat.centroid }];
  });
  if (seats.length === 0) {
    return new Map(geography.municipalities.map((m) => [m.code, centers[0]!.code]));
  }
  return assignByNearestSeat(geography.municipalities, seats);
}
