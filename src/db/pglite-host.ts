// Worker thread that owns the embedded PGlite database. PGlite runs on the thread that calls it, so keeping it
// here lets the HTTP server's thread answer requests while a long import or query runs. Clients talk to it
// through MessagePorts (see worker-driver.ts); every port may open transactions, which PGlite serialises.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { HostRequest, HostResponse } from './worker-protocol.ts';
import { serializeDbError } from './worker-protocol.ts';
import { DATE_OID, INT8_OID, NUMERIC_OID, asIs, toNumber } from './type-parsers.ts';

interface OpenTx {
  tx: Transaction;
  finish: (commit: boolean) => void;
  done: Promise<void>;
}

const { dataDir } = workerData as { dataDir: string };
const pg = await PGlite.create({
  dataDir,
  parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber, [DATE_OID]: asIs },
});

const transactions = new Map<number, OpenTx>();
let nextTx = 1;

function target(tx: number | undefined) {
  if (tx === undefined) return pg;
  const open = transactions.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.tx;
}

async function begin(): Promise<number> {
  const id = nextTx++;
  let started!: () => void;
  const ready = new Promise<void>((r) => (started = r));
  let finish!: (commit: boolean) => void;
  const decided = new Promise<boolean>((r) => (finish = r));
  const done = pg.transaction(async (tx) => {
    transactions.set(id, { tx, finish, done });
    started();
    if (!(await decided)) await tx.rollback();
  });
  // A failure to begin surfaces through `done` before `ready` resolves.
  await Promise.race([ready, done]);
  return id;
}

async function end(id: number, commit: boolean): Promise<void> {
  const open = transactions.get(id);
  if (!open) throw new Error(`transaction ${id} is not open`);
  transactions.delete(id);
  open.finish(commit);
  if (commit) await open.done;
  else await open.done.catch(() => {});
}

async function handle(req: HostRequest): Promise<HostResponse> {
  switch (req.op) {
    case 'query': {
      const r = await target(req.tx).query<Record<string, unknown>>(req.sql, [...req.params], { rowMode: 'object' });
      return { id: req.id, ok: true, rows: r.rows, affectedRows: r.affectedRows };
    }
    case 'copy': {
      const sql = req.sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
      const r = await target(req.tx).query(sql, [], { blob: new Blob([req.data]) });
      return { id: req.id, ok: true, rows: [], affectedRows: r.affectedRows };
    }
    case 'begin':
      return { id: req.id, ok: true, tx: await begin() };
    case 'commit':
    case 'rollback':
      await end(req.tx, req.op === 'commit');
      return { id: req.id, ok: true };
  }
}

function serve(port: MessagePort) {
  port.on('message', (msg: HostRequest | { op: 'attach'; port: MessagePort } | { op: 'close' }) => {
    if (msg.op === 'attach') return serve(msg.port);
    if (msg.op === 'close') {
      void pg.close().then(() => parentPort!.postMessage({ closed: true }));
      return;
    }
    handle(msg).then(
      (res) => port.postMessage(res),
      (err) => port.postMessage({ id: msg.id, ok: false, error: serializeDbError(err) } satisfies HostResponse),
    );
  });
}

serve(parentPort!);
parentPort!.postMessage({ ready: true });
