// Demo releases: the center's official accounts (clearly named as demonstration accounts) and a few releases in
// different states, written through the workflow itself with a plausible past (days and hours ago) so that each demo
// person finds something in "Mis pendientes": a draft and a release returned by Jurídico for Comunicación Social, one
// for the CEE's director to validate, one for Jurídico, an exception for the director general, and one published.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { getUser, SYSTEM_ACTOR } from '../access/users.ts';
import { stateName } from '../reference/geography.ts';
import { svgToPng } from '../reports/render/map-svg.ts';
import { registerAccount, type Account } from './accounts.ts';
import type { ReleaseContent } from './content.ts';
import { announceCurrent, createRelease, editRelease, getRelease, publishRelease, transitionRelease, type ReleaseActor } from './store.ts';
import { storeImage } from './uploads.ts';

const HOUR = 3_600_000;

const compact = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '');

async function actor(db: Kysely<Database>, username: string): Promise<ReleaseActor | null> {
  const u = await getUser(db, username);
  return u && u.active ? { id: u.id, username: u.username, roles: u.roles, area_code: u.area_code, ip: null } : null;
}

/** A 1200 × 675 campaign card (the 16:9 size both networks show whole), marked as a demonstration image. */
function campaignCard(center: string): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
  <rect width="1200" height="675" fill="#1f3a5a"/>
  <rect x="0" y="560" width="1200" height="115" fill="#e0a936"/>
  <text x="80" y="170" font-size="52" font-weight="bold" fill="#ffffff">¿Te llamaron para extorsionarte?</text>
  <text x="80" y="285" font-size="76" font-weight="bold" fill="#ffffff">Cuelga y denuncia al 089</text>
  <text x="80" y="380" font-size="40" fill="#c9d4e2">La denuncia es anónima y gratuita, las 24 horas.</text>
  <text x="80" y="460" font-size="40" fill="#c9d4e2">Emergencias: 9-1-1</text>
  <text x="80" y="630" font-size="38" font-weight="bold" fill="#1f3a5a">${center}</text>
  <text x="1120" y="630" font-size="28" fill="#1f3a5a" text-anchor="end">Imagen de demostración</text>
</svg>`;
  return svgToPng(svg);
}

/**
 * Registers the demo accounts and writes the demo releases, once: nothing happens when accounts exist already or the
 * demo staff (bootstrap.ts) is missing. Returns how many releases it wrote.
 */
export async function seedReleasesDemo(db: Kysely<Database>, opts: { stateCode: string; now?: Date }): Promise<number> {
  const any = await db.selectFrom('release_accounts').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const [comsoc, director, legal, dg] = await Promise.all(['comunicacion', 'director.cee', 'juridico', 'director.general'].map((u) => actor(db, u)));
  if (!comsoc || !director || !legal || !dg) return 0;

  const state = stateName(opts.stateCode) ?? 'Estatal';
  const center = `C4 ${state}`;
  const handle = `C4${compact(state).slice(0, 8)}_demo`;
  const admin = { ...SYSTEM_ACTOR, username: 'demostración' };
  const x = await registerAccount(db, admin, { network: 'x', name: `${center} (cuenta de demostración)`, handle: `@${handle}`, url: `https://x.com/${handle}` });
  const facebook = await registerAccount(db, admin, {
    network: 'facebook',
    name: `${center} (página de demostración)`,
    handle: `C4${compact(state)}.demo`,
    url: `https://www.facebook.com/C4${compact(state)}.demo`,
  });

  const now = opts.now ?? new Date();
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const quiet = (hoursAgo: number) => ({ now: at(hoursAgo), notify: false });
  const rev = async (id: number) => (await getRelease(db, id))!.revision;
  const step = async (who: ReleaseActor, id: number, action: 'submit' | 'approve' | 'return', hoursAgo: number, comments?: string) =>
    transitionRelease(db, who, id, { action, revision: await rev(id), comments }, quiet(hoursAgo));
  const social = (...accounts: Account[]) => accounts.map((a) => ({ kind: 'social' as const, accountId: a.id }));
  const content = (c: Partial<ReleaseContent> & Pick<ReleaseContent, 'title' | 'body' | 'targets'>): ReleaseContent => ({
    sourceArea: 'CEE',
    exception: false,
    exceptionReason: null,
    imageIds: [],
    productIds: [],
    ...c,
  });
  const ids: number[] = [];

  // 1. Published on both accounts a week ago, with its campaign card.
  const card = await storeImage(db, comsoc, 'tarjeta-089-extorsion.png', campaignCard(center));
  const published = await createRelease(
    db,
    comsoc,
    content({
      title: 'Recomendaciones ante llamadas de extorsión',
      body:
        'Si recibes una llamada en la que te piden dinero con amenazas o te dicen que un familiar está detenido o secuestrado: ' +
        'no des información personal, cuelga, comunícate con tu familiar y denuncia al 089. La denuncia es anónima. #Denuncia089',
      targets: social(x, facebook),
      imageIds: [card.id],
    }),
    quiet(200),
  );
  await step(comsoc, published, 'submit', 199);
  await step(director, published, 'approve', 196, 'Las recomendaciones coinciden con el protocolo del 089.');
  await step(legal, published, 'approve', 190, 'Sin observaciones.');
  await step(dg, published, 'approve', 175);
  await publishRelease(db, comsoc, published, { revision: await rev(published), position: 1, url: `https://x.com/${handle}/status/1` }, quiet(172));
  await publishRelease(db, comsoc, published, { revision: await rev(published), position: 2, url: `https://www.facebook.com/C4${compact(state)}.demo/posts/1` }, quiet(171));
  ids.push(published);

  // 2. Returned by Jurídico with its observations: waits for Comunicación Social to correct it.
  const returned = await createRelease(
    db,
    comsoc,
    content({
      title: 'Saldo del fin de semana largo en el 9-1-1',
      body:
        'Durante el fin de semana largo el 9-1-1 atendió 4,812 llamadas. Destaca el auxilio a una mujer agredida el sábado a las 23:40 ' +
        'en la colonia Reforma, que fue trasladada al hospital. Recuerda: el 9-1-1 es solo para emergencias.',
      targets: social(x),
    }),
    quiet(52),
  );
  await step(comsoc, returned, 'submit', 51);
  await step(director, returned, 'approve', 47, 'La cifra de llamadas es la del corte del lunes a las 08:00.');
  await step(
    legal,
    returned,
    'return',
    26,
    'Retire la colonia y la hora de la agresión: con ellas se puede identificar a la víctima (datos personales, Ley General de Protección ' +
      'de Datos Personales en Posesión de Sujetos Obligados). Cite la fuente: «Centro Estatal de Emergencias, C4».',
  );
  ids.push(returned);

  // 3. Waiting for Jurídico, for press, radio and television.
  const inLegal = await createRelease(
    db,
    comsoc,
    content({
      title: 'Uso responsable del 9-1-1: las llamadas improcedentes',
      body:
        'Siete de cada diez llamadas al 9-1-1 no son emergencias: bromas, llamadas colgadas o en silencio. Cada una retrasa la atención ' +
        'de quien sí la necesita. Usa el 9-1-1 con responsabilidad.',
      targets: [{ kind: 'press' }, { kind: 'radio_tv' }],
    }),
    quiet(30),
  );
  await step(comsoc, inLegal, 'submit', 29);
  await step(director, inLegal, 'approve', 6, 'Proporción tomada del reporte mensual del CEE.');
  ids.push(inLegal);

  // 4. Waiting for the CEE's director to validate it, corrected once before it was sent.
  const inValidation = await createRelease(
    db,
    comsoc,
    content({ title: 'Temporada de lluvias: cuándo llamar al 9-1-1', body: 'Ante inundaciones o deslaves llama al 9-1-1.', targets: social(x, facebook) }),
    quiet(5),
  );
  await editRelease(
    db,
    comsoc,
    inValidation,
    await rev(inValidation),
    content({
      title: 'Temporada de lluvias: cuándo llamar al 9-1-1',
      body:
        'Ante inundaciones, deslaves, árboles o cables caídos llama al 9-1-1. Ten a la mano tu ubicación y referencias. ' +
        'No cruces calles ni ríos crecidos.',
      targets: social(x, facebook),
    }),
    { ...quiet(4), comments: 'Se amplían las recomendaciones.' },
  );
  await step(comsoc, inValidation, 'submit', 3);
  ids.push(inValidation);

  // 5. An exception (a joint release with another agency), approved by Jurídico, waiting for the director general.
  const exception = await createRelease(
    db,
    comsoc,
    content({
      title: 'Comunicado conjunto con Protección Civil por el frente frío',
      body:
        'El C4 y la Coordinación Estatal de Protección Civil informan: ante el descenso de temperaturas, abrígate, no uses anafres en ' +
        'espacios cerrados y llama al 9-1-1 ante cualquier emergencia.',
      sourceArea: null,
      exception: true,
      exceptionReason: 'Comunicado conjunto con otra dependencia (Protección Civil): la directiva 6.1.4 no contempla los comunicados conjuntos.',
      targets: [{ kind: 'radio_tv' }, ...social(x)],
    }),
    quiet(27),
  );
  await step(comsoc, exception, 'submit', 26);
  await step(legal, exception, 'approve', 20, 'Procede como excepción; cuide que el logotipo de Protección Civil vaya con su autorización.');
  ids.push(exception);

  // 6. A draft still being written.
  const draft = await createRelease(
    db,
    comsoc,
    content({
      title: 'Campaña: el 089 es anónimo',
      body: 'Borrador: explicar en tres mensajes cortos que el 089 no pide nombre ni muestra el número de quien llama.',
      targets: social(facebook),
    }),
    quiet(1),
  );
  ids.push(draft);

  for (const id of ids) await announceCurrent(db, id);
  return ids.length;
}
