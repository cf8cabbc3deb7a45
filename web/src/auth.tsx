// The session as the web app knows it: who is logged in, their permissions, and the CSRF token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, SESSION_EVENT, api, clearApiCache, setCsrfToken, type SessionEventDetail } from './api.ts';
import type { SessionAnswer, User } from './types.ts';

type Status = 'loading' | 'anonymous' | 'signed-in';

interface AuthValue {
  status: Status;
  user: User | null;
  /** A problem reaching the server while checking the session. */
  error: ApiError | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  changePassword(current: string, next: string): Promise<void>;
  can(permission: string): boolean;
  retry(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  const accept = useCallback((answer: SessionAnswer) => {
    setCsrfToken(answer.csrfToken);
    setUser(answer.user);
    setStatus('signed-in');
    setError(null);
  }, []);

  const forget = useCallback(() => {
    setCsrfToken('');
    clearApiCache();
    setUser(null);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    let alive = true;
    api<SessionAnswer>('/api/auth/me').then(
      (answer) => alive && accept(answer),
      (err: unknown) => {
        if (!alive) return;
        if (err instanceof ApiError && err.status !== 401 && err.status !== 403) setError(err);
        forget();
      },
    );
    return () => {
      alive = false;
    };
  }, [accept, forget, attempt]);

  useEffect(() => {
    const onSession = (e: Event) => {
      const { reason } = (e as CustomEvent<SessionEventDetail>).detail;
      if (reason === 'unauthenticated') forget();
      else setUser((u) => (u ? { ...u, must_change_password: true } : u));
    };
    window.addEventListener(SESSION_EVENT, onSession);
    return () => window.removeEventListener(SESSION_EVENT, onSession);
  }, [forget]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      error,
      async login(username, password) {
        clearApiCache();
        accept(await api<SessionAnswer>('/api/auth/login', { method: 'POST', body: { username, password } }));
      },
      async logout() {
        try {
          await api('/api/auth/logout', { method: 'POST' });
        } finally {
          forget();
        }
      },
      async changePassword(current, next) {
        accept(await api<SessionAnswer>('/api/auth/password', { method: 'POST', body: { current, next } }));
      },
      can(permission) {
        return !!user && user.permissions.includes(permission);
      },
      retry() {
        setStatus('loading');
        setAttempt((a) => a + 1);
      },
    }),
    [status, user, error, accept, forget],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
