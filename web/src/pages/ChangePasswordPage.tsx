import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';

/** Change of one's own password; `forced` when the password is temporary and nothing else may be used first. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const auth = useAuth();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) {
      setError(s.password.mismatch);
      return;
    }
    setBusy(true);
    try {
      await auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  const form = (
    <form className={forced ? 'auth-card' : 'panel narrow'} onSubmit={submit} aria-labelledby="password-title">
      {forced && <p className="auth-brand">{s.app.name}</p>}
      <h1 id="password-title">{s.password.title}</h1>
      <p className="muted">{forced ? s.password.forcedIntro : s.password.intro}</p>
      {error && <Message kind="error">{error}</Message>}
      {done && <Message kind="success">{s.password.done}</Message>}
      <div className="field">
        <label htmlFor="pw-current">{s.password.current}</label>
        <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pw-next">{s.password.next}</label>
        <input
          id="pw-next"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="pw-hint"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <p id="pw-hint" className="hint">
          {s.password.hint}
        </p>
      </div>
      <div className="field">
        <label htmlFor="pw-confirm">{s.password.confirm}</label>
        <input id="pw-confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? s.password.submitting : s.password.submit}
        </button>
        {forced ? (
          <button type="button" className="button button-quiet" onClick={() => auth.logout()}>
            {s.header.logout}
          </button>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => navigate(-1)}>
            {s.password.cancel}
          </button>
        )}
      </div>
    </form>
  );

  return forced ? <main className="auth-screen">{form}</main> : form;
}
