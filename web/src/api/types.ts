// Shapes of the resources in docs/api.md. Field names follow the server's JSON exactly.

/** Identifiers are opaque: the UI never computes with them, only compares String(id). */
export type Id = string | number;

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'people.read_all'
  | 'users.read'
  | 'users.write'
  | 'audit.read'
  | 'audit.export'
  | 'helpdesk.request'
  | 'helpdesk.read_all'
  | 'helpdesk.work'
  | 'helpdesk.manage'
  | 'assets.read_own'
  | 'assets.read_all'
  | 'assets.write'
  | 'assets.manage';

export interface User {
  id: Id;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  role_name: string;
  area_id: Id | null;
  area_name: string | null;
  person_id: Id | null;
  active: boolean;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface Me {
  user: User;
  csrf_token: string;
  permissions: Permission[];
}

export interface ListPage<T> {
  items: T[];
  /** With total_capped the server stopped counting: there are at least this many. */
  total: number;
  total_capped?: boolean;
  page: number;
  per_page: number;
}

export interface Items<T> {
  items: T[];
}

export interface Role {
  code: string;
  name: string;
  description: string;
  permissions: Permission[];
}

export const AREA_KINDS = ['dependencia', 'direccion', 'coordinacion', 'departamento', 'unidad'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export interface Area {
  id: Id;
  parent_id: Id | null;
  code: string | null;
  name: string;
  kind: AreaKind;
  active: boolean;
  path: string;
  created_at: string;
  updated_at: string;
}

export interface Position {
  id: Id;
  area_id: Id | null;
  area_name: string | null;
  title: string;
  objective: string | null;
  functions: string[];
  superior_position_id: Id | null;
  superior_title: string | null;
  decision_field: string | null;
  created_at: string;
  updated_at: string;
}

export interface Person {
  id: Id;
  full_name: string;
  area_id: Id;
  area_name: string | null;
  position_id: Id | null;
  position_title: string | null;
  job_title: string | null;
  email: string | null;
  extension: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Session {
  id: Id;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface ApiToken {
  id: Id;
  name: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface NewApiToken {
  id: Id;
  name: string;
  scopes: string[];
  token: string;
}

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'login', 'login_failed', 'logout', 'denied', 'export'] as const;

export interface AuditEntry {
  id: Id;
  at: string;
  actor_user_id: Id | null;
  actor: string | null;
  ip: string | null;
  action: string;
  entity: string | null;
  entity_id: Id | null;
  changes: Record<string, { from?: unknown; to?: unknown }> | null;
  hash: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface FieldError {
  field: string;
  code?: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}
