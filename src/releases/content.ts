// The content of a release version as a person writes it, checked and normalised before anything is stored: title
// and text, the area that provided the information (or the exception with its reason), the targets, the images and
// the attached products. Pure: what needs the database (accounts, images, products exist and may be used) is checked
// by the store in the same transaction that writes the version.
import { AREA_LABELS } from '../access/permissions.ts';
import type { TargetKind } from './tables.ts';
import { SOURCE_AREAS, isSourceArea } from './workflow.ts';

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;
export const REASON_MIN = 10;
export const COMMENTS_MAX = 4000;
export const MAX_IMAGES = 4;
export const MAX_PRODUCTS = 10;

export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  press: 'Prensa',
  radio_tv: 'Radio y televisión',
  social: 'Cuenta oficial de red social',
};

export interface TargetInput {
  kind: TargetKind;
  accountId?: number | null;
}

export interface ReleaseContent {
  title: string;
  body: string;
  /** The area whose director validates; optional only for an exception. */
  sourceArea: string | null;
  exception: boolean;
  exceptionReason: string | null;
  targets: TargetInput[];
  imageIds: number[];
  productIds: number[];
}

export type ContentCheck = { ok: true; content: ReleaseContent } | { ok: false; problems: string[] };

const unique = <T>(xs: readonly T[]) => new Set(xs).size === xs.length;

export function checkContent(input: ReleaseContent): ContentCheck {
  const problems: string[] = [];
  const title = input.title.trim().replace(/\s+/g, ' ');
  const body = input.body.replace(/\r\n/g, '\n').trim();
  const exception = input.exception === true;
  const reason = exception ? (input.exceptionReason ?? '').trim() : '';
  const sourceArea = input.sourceArea?.trim() || null;

  if (title.length === 0 || title.length > TITLE_MAX) problems.push(`Escriba el título (hasta ${TITLE_MAX} caracteres).`);
  if (body.length === 0 || body.length > BODY_MAX) problems.push(`Escriba el texto del comunicado (hasta ${BODY_MAX.toLocaleString('es-MX')} caracteres).`);
  if (sourceArea !== null && !isSourceArea(sourceArea)) {
    problems.push(`El área «${sourceArea}» no proporciona información para comunicados; elija una de: ${SOURCE_AREAS.map((a) => AREA_LABELS[a]).join(', ')}.`);
  } else if (!exception && sourceArea === null) {
    problems.push('Elija el área que proporcionó la información: su dirección valida el comunicado. Si la directiva no contempla el caso, márquelo como excepción.');
  }
  if (exception && reason.length < REASON_MIN) {
    problems.push(`Explique por qué la directiva no contempla este caso (al menos ${REASON_MIN} caracteres): la excepción va a Jurídico y a la Dirección General.`);
  }
  if (input.targets.length === 0) problems.push('Elija al menos un destino: prensa, radio y televisión, o una cuenta oficial.');
  const keys: string[] = [];
  for (const t of input.targets) {
    if (t.kind === 'social' && !t.accountId) problems.push('Elija la cuenta oficial en la que se publicará.');
    if (t.kind !== 'social' && t.accountId) problems.push(`El destino «${TARGET_KIND_LABELS[t.kind]}» no lleva cuenta de red social.`);
    keys.push(`${t.kind}:${t.accountId ?? ''}`);
  }
  if (!unique(keys)) problems.push('Hay destinos repetidos.');
  if (input.imageIds.length > MAX_IMAGES) problems.push(`Adjunte a lo más ${MAX_IMAGES} imágenes.`);
  if (!unique(input.imageIds)) problems.push('Hay imágenes repetidas.');
  if (input.productIds.length > MAX_PRODUCTS) problems.push(`Adjunte a lo más ${MAX_PRODUCTS} productos.`);
  if (!unique(input.productIds)) problems.push('Hay productos repetidos.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    content: {
      title,
      body,
      sourceArea,
      exception,
      exceptionReason: exception ? reason : null,
      targets: input.targets.map((t) => ({ kind: t.kind, accountId: t.kind === 'social' ? Number(t.accountId) : null })),
      imageIds: [...input.imageIds],
      productIds: [...input.productIds].sort((a, b) => a - b),
    },
  };
}

/** Whether two normalised contents are the same (an edit that changes nothing makes no new version). */
export function sameContent(a: ReleaseContent, b: ReleaseContent): boolean {
  const key = (c: ReleaseContent) =>
    JSON.stringify([c.title, c.body, c.sourceArea, c.exception, c.exceptionReason, c.targets.map((t) => [t.kind, t.accountId ?? null]), c.imageIds, [...c.productIds].sort((x, y) => x - y)]);
  return key(a) === key(b);
}
