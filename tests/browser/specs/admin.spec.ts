import { expect, test } from '@playwright/test';
import { login, logout, mainNav, unique } from './support';

test('admin creates a user, changes the role, resets the password and deactivates it', async ({ page }) => {
  const suffix = unique().toLowerCase();
  const username = `prueba.${suffix}`;
  const firstPassword = `Primera-Clave-${suffix}-9`;
  const secondPassword = `Segunda-Clave-${suffix}-7`;
  page.on('dialog', (dialog) => void dialog.accept());

  await login(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Administración' }).click();
  await page.getByRole('link', { name: 'Nuevo usuario' }).click();
  await page.getByLabel('Nombre de usuario').fill(username);
  await page.getByLabel('Nombre para mostrar').fill(`Usuaria de Prueba ${suffix}`);
  await page.getByLabel('Correo electrónico').fill(`${suffix}@oaxaca.example`);
  await page.getByLabel('Rol', { exact: true }).selectOption('tecnico');
  const area = page.getByLabel('Área', { exact: true });
  await area.selectOption((await area.locator('option', { hasText: 'Soporte' }).first().getAttribute('value'))!);
  await page.getByLabel('Contraseña inicial').fill(firstPassword);
  await page.getByLabel('Confirmar contraseña').fill(firstPassword);
  await page.getByRole('button', { name: 'Crear usuario' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se creó el usuario ${username}` })).toBeVisible();

  await page.getByLabel('Buscar usuario', { exact: true }).fill(username);
  await page.getByLabel('Buscar usuario', { exact: true }).press('Enter');
  await page.getByRole('link', { name: username, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Usuario: ${username}` })).toBeVisible();

  await page.getByLabel('Rol', { exact: true }).selectOption('mesa_ayuda');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se guardaron los cambios de ${username}` })).toBeVisible();

  await page.getByLabel('Contraseña nueva', { exact: true }).fill(secondPassword);
  await page.getByLabel('Confirmar contraseña nueva').fill(secondPassword);
  await page.getByRole('button', { name: 'Restablecer contraseña' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se restableció la contraseña de ${username}` })).toBeVisible();

  await page.getByRole('button', { name: 'Desactivar cuenta' }).click();
  await expect(page.getByRole('button', { name: 'Reactivar cuenta' })).toBeVisible();
  await logout(page);

  // A deactivated account cannot sign in, even with the right password.
  await page.getByLabel('Usuario', { exact: true }).fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(secondPassword);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('an API token is shown once, works as a Bearer token, and stops working when revoked', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  const name = `Integración ${unique()}`;
  await login(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Perfil' }).click();

  await page.getByLabel('Nombre del token').fill(name);
  await page.getByRole('button', { name: 'Crear token' }).click();
  const tokenField = page.getByLabel('Token', { exact: true });
  await expect(tokenField).toHaveValue(/^tqo_/);
  const token = await tokenField.inputValue();
  await expect(page.getByRole('button', { name: 'Copiar token' })).toBeVisible();

  const call = (bearer: string) =>
    page.evaluate(async (t) => {
      const res = await fetch('/api/v1/areas?per_page=1', { credentials: 'omit', headers: { Authorization: `Bearer ${t}` } });
      return res.status;
    }, bearer);
  expect(await call(token)).toBe(200);

  await page.getByRole('button', { name: 'Ya lo guardé' }).click();
  await expect(tokenField).toHaveCount(0);
  await page.getByRole('button', { name: `Revocar el token ${name}` }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Revocado');
  expect(await call(token)).toBe(401);
});
