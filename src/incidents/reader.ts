// Streams the records of an import file in batches, in bounded memory: CSV, a JSON array, or NDJSON, in UTF-8 or
// Latin-1. A record that cannot even be read (wrong number of columns, broken JSON) still comes out, with its
// line, its raw text and the reason, so that nothing in the file is silently lost.
import { createInterface } from 'node:readline';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import Papa from 'papaparse';
import streamArrayModule from 'stream-json/streamers/stream-array.js';
import type { RejectReason } from './normalize.ts';

export type FileFormat = 'csv' | 'json' | 'ndjson';
export type Encoding = 'utf-8' | 'latin1';

/**
 * Column name → position in a record's values. CSV files fix it with their header; JSON files grow it as new keys
 * appear, so one index serves every record of a file.
 */
export type ColumnIndex = ReadonlyMap<string, number>;

export interface SourceRecord {
  line: number;
  raw: string;
  /** Values by position in `columns`; a column the record lacks is undefined. */
  values: (string | undefined)[] | null;
  columns: ColumnIndex;
  error?: RejectReason;
}

/** What a validator reads of a record: its values and where each column is. */
export type RecordValues = Pick<SourceRecord, 'values' | 'columns'>;

/** A record's value of a column, or undefined when it has none. */
export function valueOf(record: RecordValues, column: string): string | undefined {
  const i = record.columns.get(column);
  return i === undefined ? undefined : record.values?.[i];
}

export interface ReadOptions {
  format: FileFormat;
  /** Declared encoding; 'auto' decides from the first bytes (valid UTF-8, else Latin-1). */
  encoding: Encoding | 'auto';
  delimiter?: string;
  batchSize?: number;
  /** Called with the count of bytes consumed so far. */
  onBytes?: (bytes: number) => void;
  onEncoding?: (encoding: Encoding) => void;
}

export function formatOfFile(name: string): FileFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.json')) return 'json';
  return null;
}

const SNIFF_BYTES = 1 << 20;

/** Decodes bytes to text, choosing the encoding from the first megabyte when not declared. */
class Decoder extends Transform {
  #decoder: TextDecoder | null = null;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #bytes = 0;

  constructor(private readonly declared: Encoding | 'auto', private readonly opts: Pick<ReadOptions, 'onBytes' | 'onEncoding'>) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.setEncoding('utf8');
  }

  #choose(sample: Buffer) {
    let enc: Encoding = this.declared === 'auto' ? 'utf-8' : this.declared;
    if (this.declared === 'auto') {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      } catch {
        enc = 'latin1';
      }
    }
    this.opts.onEncoding?.(enc);
    // 'latin1' in WHATWG is windows-1252, a superset that also covers the curly quotes Windows exports contain.
    this.#decoder = new TextDecoder(enc, { ignoreBOM: false });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.#bytes += chunk.length;
    this.opts.onBytes?.(this.#bytes);
    if (!this.#decoder) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#pendingBytes < SNIFF_BYTES) return cb();
      const all = Buffer.concat(this.#pending);
      this.#pending = [];
      this.#choose(all);
      return cb(null, this.#decoder!.decode(all, { stream: true }));
    }
    cb(null, this.#decoder.decode(chunk, { stream: true }));
  }

  override _flush(cb: TransformCallback) {
    if (!this.#decoder) {
      const all = Buffer.concat(this.#pending);
      this.#choose(all);
      return cb(null, this.#decoder!.decode(all));
    }
    cb(null, this.#decoder.decode());
  }
}

/** Yields batches of records from a byte stream. */
export async function* readRecordBatches(input: Readable, opts: ReadOptions): AsyncGenerator<SourceRecord[]> {
  const batchSize = opts.batchSize ?? 5000;
  const text = input.pipe(new Decoder(opts.encoding, opts));
  input.on('error', (err) => text.destroy(err));
  const chunks =
    opts.format === 'csv' ? csvRecords(text, opts.delimiter ?? ',') : opts.format === 'ndjson' ? ndjsonRecords(text) : jsonRecords(text);
  let batch: SourceRecord[] = [];
  for await (const chunk of chunks) {
    for (const r of chunk) {
      batch.push(r);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/**
 * CSV records with their raw text and line, a block at a time (one await per block, not per record). The text is
 * cut into blocks that end at a record boundary (a newline outside quotes), and each block is parsed at once by
 * PapaParse; its cursor gives each record's raw text back.
 */
async function* csvRecords(text: Readable, delimiter: string): AsyncGenerator<SourceRecord[]> {
  let columns: Map<string, number> | null = null;
  let width = 0;
  let pending = '';
  let quoted = false; // inside a quoted field at the end of `pending`
  let scanned = 0; // how much of `pending` the quote scan has covered
  let line = 1; // line number where `pending` starts

  function parseBlock(block: string): SourceRecord[] {
    const out: SourceRecord[] = [];
    let prev = 0;
    Papa.parse<string[]>(block, {
      delimiter,
      newline: block.includes('\r\n') ? '\r\n' : '\n',
      step: (r) => {
        const start = prev;
        const end = r.meta.cursor;
        prev = end;
        const startLine = line;
        line += countNewlines(block, start, end); // more than one only when a quoted field holds a newline
        let rawEnd = end;
        if (block.charCodeAt(rawEnd - 1) === 10) rawEnd--;
        if (block.charCodeAt(rawEnd - 1) === 13) rawEnd--;
        const raw = block.slice(start, rawEnd);
        if (r.data.length === 1 && r.data[0]!.trim() === '') return; // blank line
        if (!columns) {
          columns = new Map(r.data.map((h, i) => [(i === 0 ? h.replace(/^\uFEFF/, '') : h).trim(), i]));
          width = r.data.length;
          return;
        }
        const cols: ColumnIndex = columns;
        if (r.errors.length > 0) {
          out.push({ line: startLine, raw, values: null, columns: cols, error: { code: 'csv_ilegible', message: `Registro CSV ilegible: ${r.errors[0]!.message}` } });
        } else if (r.data.length !== width) {
          out.push({
            line: startLine,
            raw,
            values: null,
            columns: cols,
            error: { code: 'columnas_incorrectas', message: `La fila tiene ${r.data.length} columnas y el encabezado ${width}.` },
          });
        } else {
          out.push({ line: startLine, raw, values: r.data, columns: cols });
        }
      },
    });
    return out;
  }

  for await (const chunk of text as AsyncIterable<string>) {
    pending += chunk;
    // Find the last newline that is outside quotes: everything before it is complete records.
    let cut = -1;
    for (let i = scanned; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) cut = i;
    }
    scanned = pending.length;
    if (cut < 0) continue;
    const block = pending.slice(0, cut + 1);
    pending = pending.slice(cut + 1);
    scanned = pending.length;
    // The quote state at the end of `pending` did not change by removing a prefix that ended outside quotes.
    yield parseBlock(block);
  }
  if (pending.trim() !== '') yield parseBlock(pending.endsWith('\n') ? pending : pending + '\n');
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Positions for the keys of JSON records, assigned as keys first appear. */
class JsonColumns {
  readonly index = new Map<string, number>();

  record(line: number, raw: string, value: unknown): SourceRecord {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { line, raw, values: null, columns: this.index, error: { code: 'json_no_objeto', message: 'El registro no es un objeto JSON.' } };
    }
    const values: (string | undefined)[] = [];
    for (const [k, v] of Object.entries(value)) {
      let i = this.index.get(k);
      if (i === undefined) this.index.set(k, (i = this.index.size));
      values[i] = v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return { line, raw, values, columns: this.index };
  }
}

/** Records handed on in chunks of this many, so that consumers await once per chunk. */
const CHUNK = 500;

async function* ndjsonRecords(text: Readable): AsyncGenerator<SourceRecord[]> {
  const columns = new JsonColumns();
  let line = 0;
  let chunk: SourceRecord[] = [];
  for await (const raw of createInterface({ input: text, crlfDelay: Infinity })) {
    line++;
    const trimmed = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      chunk.push({ line, raw, values: null, columns: columns.index, error: { code: 'json_invalido', message: `JSON ilegible: ${(err as Error).message}` } });
      continue;
    }
    chunk.push(columns.record(line, raw, value));
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

async function* jsonRecords(text: Readable): AsyncGenerator<SourceRecord[]> {
  const columns = new JsonColumns();
  const stream = streamArrayModule.withParserAsStream();
  text.pipe(stream);
  text.on('error', (err) => stream.destroy(err));
  let chunk: SourceRecord[] = [];
  try {
    for await (const { key, value } of stream as AsyncIterable<{ key: number; value: unknown }>) {
      chunk.push(columns.record(key + 1, JSON.stringify(value), value));
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (err) {
    throw new Error(`El archivo no es un arreglo JSON válido: ${(err as Error).message}`, { cause: err });
  }
  if (chunk.length) yield chunk;
}
