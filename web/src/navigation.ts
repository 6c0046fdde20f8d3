// What the app offers, per permission, and the DSI departments with the modules still to come.
// Modules that are not built are listed as "no disponible": there are no placeholder pages.
import { ASSETS_MANAGE, ASSETS_READ_ALL, ASSETS_READ_OWN, ASSETS_WRITE } from './api/assets';
import type { Permission } from './api/types';
import type { MessageKey } from './i18n';

export interface NavLinkSpec {
  to: string;
  label: MessageKey;
  description: MessageKey;
  /** Needed to see the link; a list means any one of them. */
  permission?: Permission | readonly Permission[];
}

export interface NavGroupSpec {
  label: MessageKey;
  links: NavLinkSpec[];
}

export const NAV_GROUPS: NavGroupSpec[] = [
  {
    label: 'nav.group.general',
    links: [{ to: '/', label: 'nav.home', description: 'home.link.home' }],
  },
  {
    label: 'nav.group.directory',
    links: [
      { to: '/directorio/areas', label: 'nav.areas', description: 'home.link.areas', permission: 'org.read' },
      { to: '/directorio/personas', label: 'nav.people', description: 'home.link.people', permission: 'org.read' },
      { to: '/directorio/puestos', label: 'nav.positions', description: 'home.link.positions', permission: 'org.read' },
    ],
  },
  {
    label: 'nav.group.helpdesk',
    links: [
      { to: '/mesa/nueva', label: 'nav.hd.new', description: 'home.link.hd.new', permission: 'helpdesk.request' },
      { to: '/mesa/solicitudes', label: 'nav.hd.mine', description: 'home.link.hd.mine', permission: 'helpdesk.request' },
      { to: '/mesa/bandeja', label: 'nav.hd.queue', description: 'home.link.hd.queue', permission: ['helpdesk.work', 'helpdesk.read_all'] },
      { to: '/mesa/tablero', label: 'nav.hd.dashboard', description: 'home.link.hd.dashboard', permission: 'helpdesk.read_all' },
      { to: '/mesa/catalogo', label: 'nav.hd.catalog', description: 'home.link.hd.catalog', permission: 'helpdesk.manage' },
    ],
  },
  {
    label: 'nav.group.assets',
    links: [
      { to: '/activos', label: 'nav.assets.list', description: 'home.link.assets.list', permission: ASSETS_READ_ALL },
      { to: '/activos/mis-bienes', label: 'nav.assets.mine', description: 'home.link.assets.mine', permission: ASSETS_READ_OWN },
      { to: '/activos/resguardos', label: 'nav.assets.custody', description: 'home.link.assets.custody', permission: ASSETS_READ_ALL },
      { to: '/activos/prestamos', label: 'nav.assets.loans', description: 'home.link.assets.loans', permission: ASSETS_READ_ALL },
      { to: '/activos/etiquetas', label: 'nav.assets.labels', description: 'home.link.assets.labels', permission: ASSETS_WRITE },
      { to: '/activos/levantamientos', label: 'nav.assets.campaigns', description: 'home.link.assets.campaigns', permission: ASSETS_READ_ALL },
      { to: '/activos/bajas', label: 'nav.assets.disposals', description: 'home.link.assets.disposals', permission: ASSETS_READ_ALL },
      { to: '/activos/importar', label: 'nav.assets.import', description: 'home.link.assets.import', permission: ASSETS_MANAGE },
      { to: '/activos/tipos', label: 'nav.assets.types', description: 'home.link.assets.types', permission: ASSETS_MANAGE },
    ],
  },
  {
    label: 'nav.group.control',
    links: [
      { to: '/admin/users', label: 'nav.admin', description: 'home.link.admin', permission: 'users.write' },
      { to: '/audit', label: 'nav.audit', description: 'home.link.audit', permission: 'audit.read' },
    ],
  },
  {
    label: 'nav.group.account',
    links: [{ to: '/perfil', label: 'nav.profile', description: 'home.link.profile' }],
  },
];

/** Whether a user with these permissions (`can`) may use something that needs `permission`. */
export function permitted(can: (p: Permission) => boolean, permission: Permission | readonly Permission[] | undefined): boolean {
  if (!permission) return true;
  return typeof permission === 'string' ? can(permission) : permission.some((p) => can(p));
}

export interface DepartmentSpec {
  name: MessageKey;
  modules: MessageKey[];
}

/** Section VIII of the organization manual: the Dirección, its Coordinación and four departments. */
export const DSI_DEPARTMENTS: DepartmentSpec[] = [
  { name: 'dept.direccion', modules: ['module.plan', 'module.transparency'] },
  { name: 'dept.coordinacion', modules: ['module.projects'] },
  { name: 'dept.innovacion', modules: ['module.innovation'] },
  { name: 'dept.desarrollo', modules: ['module.systems'] },
  { name: 'dept.soporte', modules: ['module.inventory', 'module.maintenance'] },
  { name: 'dept.redes', modules: ['module.network', 'module.backups'] },
];
