import { useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { Message } from '../components/Message.tsx';
import { s } from '../strings.ts';

export function LoginPage() {
  const auth = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(auth.error?.message ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.login(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : s.app.unexpectedError);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-screen">
      <form className="auth-card" onSubmit={submit} aria-labelledby="login-title">
        <p className="auth-brand">{s.app.name}</p>
        <p className="auth-tagline">{s.app.tagline}</p>
        <h1 id="login-title">{s.login.title}</h1>
        <p className="muted">{s.login.intro}</p>
        {error && <Message kind="error">{error}</Message>}
        <div className="field">
          <label htmlFor="login-username">{s.login.username}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{s.login.password}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? s.login.submitting : s.login.submit}
        </button>
      </form>
    </main>
  );
}
