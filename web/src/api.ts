// Calls to the Atalaya API: JSON in and out, the session cookie, the CSRF token on state-changing requests, and
// errors as ApiError carrying the server's Spanish message, shown to the user as-is.
import { useCallback, useEffect, useRef, useState } from 'react';
import { s } from './strings.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Problems by form field, when the server names them (field → Spanish messages). */
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';

export function setCsrfToken(token: string) {
  csrfToken = token;
}

export function getCsrfToken(): string {
  return csrfToken;
}

/** Fired when the server says the session ended (401) or that the password must change first (403). */
export const SESSION_EVENT = 'atalaya:session';
export type SessionEventDetail = { reason: 'unauthenticated' | 'must_change_password' };

function announce(reason: SessionEventDetail['reason']) {
  window.dispatchEvent(new CustomEvent<SessionEventDetail>(SESSION_EVENT, { detail: { reason } }));
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Turns a failed response into an ApiError with the server's message (or a generic Spanish one). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let code = 'error';
  let message = s.app.unexpectedError;
  let fields: Record<string, string[]> | undefined;
  try {
    const body = (await res.json()) as { code?: string; message?: string; fields?: Record<string, string[]> };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
    if (body.fields && typeof body.fields === 'object') fields = body.fields;
  } catch {
    // Not JSON (a proxy error page, for instance): keep the generic message.
  }
  return new ApiError(res.status, code, message, fields);
}

export function errorFromBody(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    return new ApiError(status, body.code ?? 'error', body.message ?? s.app.unexpectedError);
  } catch {
    return new ApiError(status, 'error', s.app.unexpectedError);
  }
}

export function noticeSessionProblem(err: ApiError, path: string) {
  if (err.status === 401 && !path.startsWith('/api/auth/')) announce('unauthenticated');
  if (err.status === 403 && err.code === 'cambio_de_contrasena') announce('must_change_password');
}

export async function api<T>(path: string, opts: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'red', s.app.networkError);
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    noticeSessionProblem(err, path);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A multipart upload (a file and its fields), answered with JSON like `api`. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': csrfToken }, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'red', s.app.networkError);
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    noticeSessionProblem(err, path);
    throw err;
  }
  return (await res.json()) as T;
}

/** A POST whose answer is a file to save (a custody package): the browser downloads it under its own name. */
export async function postForDownload(path: string, body: unknown): Promise<{ fileName: string; sha256: string | null }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'red', s.app.networkError);
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    noticeSessionProblem(err, path);
    throw err;
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'descarga';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, sha256: res.headers.get('x-content-sha256') };
}

// Reference data changes rarely: one request per session and path.
const cache = new Map<string, Promise<unknown>>();

export function clearApiCache() {
  cache.clear();
}

export function cachedApi<T>(path: string): Promise<T> {
  let hit = cache.get(path) as Promise<T> | undefined;
  if (!hit) {
    hit = api<T>(path);
    cache.set(path, hit);
    hit.catch(() => cache.delete(path));
  }
  return hit;
}

export function invalidateCache(path: string) {
  cache.delete(path);
}

export interface Loadable<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** Data from a GET; `path` null means "nothing to load yet". Cached across pages when `cached` is set. */
export function useApi<T>(path: string | null, opts: { cached?: boolean } = {}): Loadable<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  const cached = opts.cached ?? false;
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    const ticket = ++latest.current;
    const controller = new AbortController();
    setState((prev) => ({ data: prev.data, loading: true }));
    const request = cached ? cachedApi<T>(path) : api<T>(path, { signal: controller.signal });
    request.then(
      (data) => {
        if (ticket === latest.current) setState({ data, loading: false });
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError' || ticket !== latest.current) return;
        setState({ error: err instanceof ApiError ? err : new ApiError(0, 'error', s.app.unexpectedError), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, cached, tick]);
  const reload = useCallback(() => {
    if (cached && path) invalidateCache(path);
    setTick((t) => t + 1);
  }, [cached, path]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
