import { expect, test } from '@playwright/test';
import { login, mainNav } from './support';

test('a solicitante sees neither Administración nor Auditoría, and the server refuses too', async ({ page }) => {
  await login(page, 'solicitante');
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Áreas' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Administración' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Auditoría' })).toHaveCount(0);

  await page.goto('/admin/users');
  await expect(page.getByText('No tiene permiso para ver esta página.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);

  await page.goto('/audit');
  await expect(page.getByText('No tiene permiso para ver esta página.')).toBeVisible();

  const status = await page.evaluate(async () => {
    const res = await fetch('/api/v1/users', { credentials: 'same-origin' });
    return res.status;
  });
  expect(status).toBe(403);
});

test('a wrong password shows a Spanish error on the login page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Usuario', { exact: true }).fill('admin');
  await page.getByLabel('Contraseña', { exact: true }).fill('contraseña-equivocada');
  await page.getByRole('button', { name: 'Entrar' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/(usuario|contraseña|credenciales)/i);
  await expect(page.getByLabel('Contraseña', { exact: true })).toHaveValue('');
});
