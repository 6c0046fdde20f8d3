// Shared by every spec: the demo accounts (one place to change them) and login/logout steps.
import { expect, type Page } from '@playwright/test';

export const ACCOUNTS = {
  admin: { username: 'admin', password: 'Tequio-Admin-2026' },
  solicitante: { username: 'solicitante', password: 'Tequio-Demo-2026' },
  auditor: { username: 'auditor', password: 'Tequio-Demo-2026' },
  /** Técnico of the Departamento de Soporte (its queue's technician). */
  tecnico: { username: 'tecnico', password: 'Tequio-Demo-2026' },
  /** A solicitante of another area (DIF Municipal) than `solicitante` (Dirección de Ingresos). */
  solicitanteDif: { username: 'solicitante.dif', password: 'Tequio-Demo-2026' },
} as const;

export type AccountName = keyof typeof ACCOUNTS;

/** A suffix that keeps names unique across runs against the same data directory. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Navegación principal' });
}

export async function login(page: Page, who: AccountName): Promise<void> {
  const { username, password } = ACCOUNTS[who];
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await page.getByLabel('Usuario', { exact: true }).fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  // The shell is up (on a phone the navigation itself sits behind the menu button).
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  // The session is gone on the server too: the app sends us back to the login page.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
}

/** Creates a top-level area through the UI and returns its name. */
export async function createArea(page: Page, name: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Áreas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Áreas' })).toBeVisible();
  await page.getByRole('button', { name: 'Nueva área' }).click();
  await page.getByLabel('Nombre', { exact: true }).fill(name);
  await page.getByLabel('Tipo', { exact: true }).selectOption('departamento');
  await page.getByRole('button', { name: 'Crear área' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se creó el área «${name}»` })).toBeVisible();
}
