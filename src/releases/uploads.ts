// Uploaded release images: checked by their bytes (images.ts), stored once with their SHA-256, never changed. A
// version of a release names the images it shows; the same file uploaded twice by the same person is one image.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendAudit } from '../access/audit.ts';
import type { Actor } from '../access/users.ts';
import { ReleaseError } from './errors.ts';
import { inspectImage } from './images.ts';
import type { ImageView } from './store.ts';

/** The file name as given, without path separators, quotes or control characters (it reaches headers and pages). */
const cleanName = (name: string) =>
  ([...name].map((ch) => (ch < ' ' || ch === '/' || ch === '\\' || ch === '"' ? '_' : ch)).join('').trim() || 'imagen').slice(0, 200);

export async function storeImage(db: Kysely<Database>, actor: Actor & { id: number }, fileName: string, bytes: Uint8Array): Promise<ImageView> {
  const name = cleanName(fileName);
  const check = inspectImage(bytes, name);
  if (!check.ok) throw new ReleaseError(check.code, check.message, check.code === 'imagen_muy_grande' ? 413 : 400);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('release_images')
      .select(['id', 'file_name', 'media_type', 'size', 'width', 'height', 'sha256'])
      .where('sha256', '=', sha256)
      .where('uploaded_by', '=', actor.id)
      .executeTakeFirst();
    const row =
      existing ??
      (await trx
        .insertInto('release_images')
        .values({
          file_name: name,
          media_type: check.image.mediaType,
          size: bytes.byteLength,
          width: check.image.width,
          height: check.image.height,
          sha256,
          content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          uploaded_by: actor.id,
        })
        .returning(['id', 'file_name', 'media_type', 'size', 'width', 'height', 'sha256'])
        .executeTakeFirstOrThrow());
    if (!existing) {
      await appendAudit(trx, {
        actorId: actor.id,
        actor: actor.username,
        ip: actor.ip ?? null,
        action: 'releases.image.upload',
        entity: 'release_image',
        entityId: row.id,
        details: { fileName: name, mediaType: row.media_type, size: row.size, width: row.width, height: row.height, sha256 },
      });
    }
    return { id: Number(row.id), fileName: row.file_name, mediaType: row.media_type, size: row.size, width: row.width, height: row.height, sha256: row.sha256 };
  });
}

export async function getImage(db: Kysely<Database>, id: number): Promise<(ImageView & { content: Uint8Array }) | undefined> {
  const row = await db.selectFrom('release_images').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    width: row.width,
    height: row.height,
    sha256: row.sha256,
    content: new Uint8Array(row.content),
  };
}
