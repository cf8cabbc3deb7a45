// The audit log, newest first, with a check of the hash chain.
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../format.ts';
import { s } from '../strings.ts';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  details: unknown;
}

type Verification = { ok: true; count: number } | { ok: false; brokenSeq: number; reason: string; count: number };

const PAGE = 100;

export function AuditPage() {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = async (beforeSeq?: number) => {
    try {
      const r = await api<{ entries: AuditRow[] }>('/api/audit', { query: { limit: PAGE, beforeSeq } });
      setRows((prev) => (beforeSeq ? [...prev, ...r.entries] : r.entries));
      setMore(r.entries.length === PAGE);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await api<Verification>('/api/audit/verify'));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div className="page">
      <h1>{s.audit.title}</h1>
      <p className="muted">{s.audit.intro}</p>
      {error && <Message kind="error">{error}</Message>}
      <p>
        <button type="button" className="button" onClick={verify} disabled={verifying}>
          {verifying ? s.audit.verifying : s.audit.verify}
        </button>
      </p>
      {verification &&
        (verification.ok ? (
          <Message kind="success">{s.audit.verifyOk(fmtNumber(verification.count))}</Message>
        ) : (
          <Message kind="error">{s.audit.verifyBroken(String(verification.brokenSeq), verification.reason)}</Message>
        ))}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{s.audit.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.audit.seq}</th>
              <th scope="col">{s.audit.at}</th>
              <th scope="col">{s.audit.actor}</th>
              <th scope="col">{s.audit.ip}</th>
              <th scope="col">{s.audit.action}</th>
              <th scope="col">{s.audit.entity}</th>
              <th scope="col">{s.audit.details}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <td className="nowrap">{fmtDateTime(r.at, true)}</td>
                <td>{r.actor}</td>
                <td>{r.ip ?? s.app.dash}</td>
                <td className="code">{r.action}</td>
                <td>
                  {r.entity}
                  {r.entity_id ? ` ${r.entity_id}` : ''}
                </td>
                <td className="details">
                  <code>{r.details ? JSON.stringify(r.details) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <p>
          <button type="button" className="button" onClick={() => load(rows[rows.length - 1]?.seq)}>
            {s.audit.more}
          </button>
        </p>
      )}
    </div>
  );
}
