// The one way the UI talks to the server: fetch with the session cookie, the CSRF header on
// unsafe methods, and RFC 9457 problem+json turned into ApiError.
import type { FieldError, Me, Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** Message for one field, if the server reported one. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 except from the login call itself (bad credentials are shown in the form). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** `/api/v1` + path + query string without empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Raw body (e.g. text/csv, or a file's bytes) with its content type instead of JSON. */
  rawBody?: { contentType: string; data: string | Blob | ArrayBuffer };
}

async function parseProblem(res: Response): Promise<Problem> {
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return { ...body, status: typeof body.status === 'number' ? body.status : res.status };
    } catch {
      /* fall through to a bare problem */
    }
  }
  return { status: res.status };
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | Blob | ArrayBuffer | undefined;
  if (opts.rawBody) {
    headers['Content-Type'] = opts.rawBody.contentType;
    body = opts.rawBody.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(method, path, opts);
  } catch {
    throw new ApiError({ status: 0, code: 'network' });
  }
  if (res.status === 403 && UNSAFE.has(method)) {
    // A stale CSRF token (e.g. after logging in from another tab): refresh it once and retry.
    const problem = await parseProblem(res.clone());
    if (problem.code === 'csrf') {
      const me = await fetch(apiUrl('/auth/me'), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (me.ok) {
        setCsrfToken(((await me.json()) as Me).csrf_token);
        res = await send(method, path, opts);
      }
    }
  }
  if (!res.ok) {
    const problem = await parseProblem(res);
    if (res.status === 401 && path !== '/auth/login') onUnauthorized?.();
    throw new ApiError(problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: (path: string) => request<void>('DELETE', path),
  /** Sends raw bytes (e.g. an attachment) as application/octet-stream. */
  upload: <T>(path: string, data: Blob | ArrayBuffer, query?: Query) =>
    request<T>('POST', path, { query, rawBody: { contentType: 'application/octet-stream', data } }),
};
