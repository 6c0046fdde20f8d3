import { expect, test } from '@playwright/test';
import { createArea, login, logout, mainNav, unique } from './support';

test('the auditor sees the admin\'s actions in the audit log and can export them', async ({ page }) => {
  const areaName = `Área Auditada ${unique()}`;
  await login(page, 'admin');
  await createArea(page, areaName);
  await logout(page);

  await login(page, 'auditor');
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Administración' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Auditoría' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Auditoría' })).toBeVisible();

  await page.getByLabel('Usuario (actor)').fill('admin');
  await page.getByLabel('Entidad').selectOption('area');
  await page.getByLabel('Acción').selectOption('create');
  await page.getByRole('button', { name: 'Aplicar filtros' }).click();
  await expect(page).toHaveURL(/actor=admin/);
  await expect(page).toHaveURL(/entity=area/);

  const row = page.getByRole('row').filter({ hasText: areaName });
  await expect(row.first()).toBeVisible();
  await expect(row.first()).toContainText('admin');
  await expect(row.first()).toContainText('Alta');
  await expect(row.first()).toContainText('→');

  const exportLink = page.getByRole('link', { name: 'Exportar CSV' });
  const href = await exportLink.getAttribute('href');
  expect(href).toContain('/api/v1/audit/export.csv');
  expect(href).toContain('actor=admin');
  expect(href).toContain('action=create');
  const csv = await page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }, href!);
  expect(csv.status).toBe(200);
  expect(csv.type).toContain('text/csv');
  expect(csv.body).toContain(areaName);
});
