// What the release tests share: the people of the directive's filters, the center's official accounts, a real PNG,
// and products of each classification (a public one stands for the versión pública that the disclosure pass makes).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { SYSTEM_ACTOR, addUser } from '../../src/access/users.ts';
import { ensureReportCatalog } from '../../src/reports/catalog.ts';
import { storeProduct, type Product } from '../../src/reports/products.ts';
import type { Classification } from '../../src/reports/tables.ts';
import { svgToPng } from '../../src/reports/render/map-svg.ts';
import { registerAccount, type Account } from '../../src/releases/accounts.ts';
import type { ReleaseContent } from '../../src/releases/content.ts';
import type { ReleaseActor } from '../../src/releases/store.ts';

export const PASSWORD = 'clave-de-prueba-segura';

export const STAFF = {
  comunicacion: { area: 'COMSOC', roles: ['communication'], name: 'Lucía Comunicación' },
  comunicacion2: { area: 'COMSOC', roles: ['communication'], name: 'Pedro Comunicación' },
  directorCee: { area: 'CEE', roles: ['area_director'], name: 'Director del CEE' },
  directorCiber: { area: 'CIBER', roles: ['area_director'], name: 'Directora de Policía Cibernética' },
  juridico: { area: 'JUR', roles: ['legal_reviewer'], name: 'Revisora Jurídica' },
  juridico2: { area: 'JUR', roles: ['legal_reviewer'], name: 'Revisor Jurídico' },
  dg: { area: 'DG', roles: ['director_general'], name: 'Directora General', username: 'direccion.general' },
  analista: { area: 'CEE', roles: ['analyst'], name: 'Analista del CEE' },
  admin: { area: 'DG', roles: ['admin'], name: 'Administración' },
} as const;
export type StaffKey = keyof typeof STAFF;

export async function createStaff(db: Kysely<Database>): Promise<Record<StaffKey, ReleaseActor>> {
  const out = {} as Record<StaffKey, ReleaseActor>;
  for (const [key, s] of Object.entries(STAFF) as [StaffKey, (typeof STAFF)[StaffKey]][]) {
    const username = 'username' in s ? s.username : key.toLowerCase();
    const u = await addUser(db, SYSTEM_ACTOR, { username, displayName: s.name, areaCode: s.area, roles: [...s.roles], password: PASSWORD });
    out[key] = { id: u.id, username, roles: u.roles, area_code: u.area_code, ip: '10.0.0.9' };
  }
  return out;
}

export async function registerDemoAccounts(db: Kysely<Database>, admin: ReleaseActor): Promise<{ x: Account; facebook: Account }> {
  const x = await registerAccount(db, admin, { network: 'x', name: 'C4 Oaxaca (prueba)', handle: '@C4Oaxaca_prueba', url: 'https://x.com/C4Oaxaca_prueba' });
  const facebook = await registerAccount(db, admin, { network: 'facebook', name: 'C4 Oaxaca (prueba)', handle: 'C4Oaxaca.prueba', url: 'https://www.facebook.com/C4Oaxaca.prueba' });
  return { x, facebook };
}

export const PNG = svgToPng(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90"><rect width="160" height="90" fill="#1f3a5a"/><text x="12" y="54" font-size="26" fill="#fff">9-1-1</text></svg>',
);

export async function product(db: Kysely<Database>, classification: Classification, period = '2026-03'): Promise<Product> {
  await ensureReportCatalog(db);
  return storeProduct(db, {
    reportType: 'extorsion-089',
    periodKey: period,
    params: { classification },
    paramsKey: `{"classification":"${classification}"}`,
    cnieVersion: '3',
    dataCutAt: new Date('2026-04-02T12:00:00Z'),
    classification,
    userId: null,
    actor: SYSTEM_ACTOR,
    summary: {},
    fileBase: `extorsion-089_${period}`,
    files: [{ format: 'csv', content: new TextEncoder().encode('modalidad,denuncias\nCobro de piso,12\n') }],
  });
}

export function releaseContent(over: Partial<ReleaseContent> = {}): ReleaseContent {
  return {
    title: 'Recomendaciones ante llamadas de extorsión',
    body: 'Si recibe una llamada de extorsión, cuelgue y denuncie al 089. La denuncia es anónima.',
    sourceArea: 'CEE',
    exception: false,
    exceptionReason: null,
    targets: [{ kind: 'press' }],
    imageIds: [],
    productIds: [],
    ...over,
  };
}
