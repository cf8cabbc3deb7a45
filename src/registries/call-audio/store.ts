// The recordings' files in the data folder, content-addressed: each file is stored once under its SHA-256
// (<dataDir>/audios/ab/cd/abcd…), written to a temporary file first and then linked into place, so that a stored file
// is never overwritten (a second copy of the same bytes finds it already there) and a crash never leaves half a file
// under a hash. Stored files are read-only; every read can be checked against its hash.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, mkdir, open, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { HEADER_BYTES } from './media.ts';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first HEADER_BYTES bytes, for sniffing the type and reading the header. */
  head: Uint8Array;
  /** True when the same bytes were already stored. */
  existed: boolean;
}

export class AudioStoreError extends Error {
  override name = 'AudioStoreError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export class AudioStore {
  constructor(readonly root: string) {}

  static forDataDir(dataDir: string): AudioStore {
    return new AudioStore(join(dataDir, 'audios'));
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new AudioStoreError('huella_invalida', `Huella SHA-256 inválida: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams the bytes into the store, hashing them on the way; `maxBytes` refuses larger inputs. */
  async put(input: Readable, opts: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > max) return cb(new AudioStoreError('archivo_muy_grande', `El archivo excede ${Math.round(max / 1_048_576)} MB.`));
        hash.update(chunk);
        if (headBytes < HEADER_BYTES) {
          head.push(chunk.subarray(0, HEADER_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEADER_BYTES - headBytes);
        }
        cb(null, chunk);
      },
    });
    try {
      await pipeline(input, tap, createWriteStream(tmp, { mode: 0o600 }));
      if ((input as { truncated?: boolean }).truncated) throw new AudioStoreError('archivo_muy_grande', 'El archivo excede el tamaño permitido.');
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      await mkdir(dirname(final), { recursive: true });
      let existed = false;
      try {
        await link(tmp, final);
        await chmod(final, 0o440);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        existed = true;
        // Same name means same content; check it, so that a damaged copy is noticed instead of trusted.
        if ((await this.hashOf(sha256)) !== sha256) {
          throw new AudioStoreError('integridad', `El archivo guardado con la huella ${sha256} está dañado; avise a la administración.`);
        }
      }
      return { sha256, size, head: new Uint8Array(Buffer.concat(head)), existed };
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  /** The SHA-256 of the stored file as it is on disk now; null when it is not there. */
  async hashOf(sha256: string): Promise<string | null> {
    const path = this.pathOf(sha256);
    try {
      const hash = createHash('sha256');
      await pipeline(createReadStream(path), hash);
      return hash.digest('hex');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Throws unless the stored file exists and still has its hash. */
  async verify(sha256: string): Promise<void> {
    const actual = await this.hashOf(sha256);
    if (actual === null) throw new AudioStoreError('archivo_faltante', `No se encuentra el archivo del audio ${sha256.slice(0, 12)}… en el almacén.`);
    if (actual !== sha256) throw new AudioStoreError('integridad', `El archivo del audio ${sha256.slice(0, 12)}… no corresponde a su huella: fue alterado o dañado.`);
  }

  async size(sha256: string): Promise<number> {
    return (await stat(this.pathOf(sha256))).size;
  }

  /** A byte range of a stored file (inclusive end), as a stream. */
  read(sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(sha256), range);
  }

  async readAll(sha256: string): Promise<Uint8Array> {
    const handle = await open(this.pathOf(sha256), 'r');
    try {
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
  }

  /** Deletes a stored file (the purge of a recording past its retention). */
  async remove(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    try {
      await chmod(path, 0o600);
      await rm(path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
