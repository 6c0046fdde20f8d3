import { expect, test } from '@playwright/test';
import { createArea, login, logout, mainNav, unique } from './support';

test('admin creates an area and a person in it, finds both in the directory, logs out', async ({ page }) => {
  const suffix = unique();
  const areaName = `Unidad de Pruebas ${suffix}`;
  const personName = `Xóchitl Ramírez Prueba ${suffix}`;

  await login(page, 'admin');
  await createArea(page, areaName);

  // The new area is in the tree.
  const tree = page.getByTestId('area-tree');
  await expect(tree.getByText(areaName, { exact: true })).toBeVisible();

  // A person in that area.
  await mainNav(page).getByRole('link', { name: 'Servidores públicos' }).click();
  await page.getByRole('link', { name: 'Nuevo servidor público' }).click();
  await page.getByLabel('Nombre completo').fill(personName);
  const areaSelect = page.getByLabel('Área', { exact: true });
  const areaValue = await areaSelect.locator('option', { hasText: areaName }).getAttribute('value');
  expect(areaValue).toBeTruthy();
  await areaSelect.selectOption(areaValue!);
  await page.getByLabel('Cargo').fill('Analista de pruebas');
  await page.getByLabel('Correo electrónico').fill(`prueba.${suffix.toLowerCase()}@oaxaca.gob.mx`);
  await page.getByLabel('Extensión').fill('1234');
  await page.getByRole('button', { name: 'Registrar' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se registró a ${personName}` })).toBeVisible();

  // Search without accents and in lower case: the server matches accent- and case-insensitively.
  await page.goto('/directorio/personas');
  const search = page.getByLabel('Buscar', { exact: true });
  await search.fill(`xochitl ramirez prueba ${suffix.toLowerCase()}`);
  await search.press('Enter');
  const row = page.getByRole('row').filter({ hasText: personName });
  await expect(row).toBeVisible();
  await expect(row).toContainText(areaName);

  // The area filter narrows the list to that area.
  await page.getByLabel('Buscar', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  await page.getByLabel('Área', { exact: true }).selectOption(areaValue!);
  await expect(page.getByRole('row').filter({ hasText: personName })).toBeVisible();
  await expect(page.getByText('1 resultado(s)')).toBeVisible();

  // Back in the tree, the area is still there after a reload.
  await page.goto('/directorio/areas');
  await expect(page.getByTestId('area-tree').getByText(areaName, { exact: true })).toBeVisible();

  await logout(page);
});

test('an invalid e-mail is reported next to the field', async ({ page }) => {
  await login(page, 'admin');
  await page.goto('/directorio/personas/nueva');
  await page.getByLabel('Nombre completo').fill(`Persona Correo Malo ${unique()}`);
  const areaSelect = page.getByLabel('Área', { exact: true });
  const firstArea = await areaSelect.locator('option:not([value=""])').first().getAttribute('value');
  await areaSelect.selectOption(firstArea!);
  const email = page.getByLabel('Correo electrónico');
  await email.fill('esto-no-es-un-correo');
  await page.getByRole('button', { name: 'Registrar' }).click();

  await expect(page.getByRole('alert')).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await email.getAttribute('aria-describedby');
  expect(describedBy).toBeTruthy();
  const message = page.locator(`[id="${describedBy!.split(' ').pop()}"]`);
  await expect(message).toBeVisible();
  await expect(message).not.toBeEmpty();
});
