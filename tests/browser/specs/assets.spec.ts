// Parque informático: an asset registered, assigned in custody (the resguardo PDF names the person
// and the inventory number), transferred, and its labels printed; a solicitante sees only their
// own assets ("Mis bienes") and reaches an asset from its QR link after logging in; a physical
// inventory campaign scanned by typed number on a phone-sized screen.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { login, logout, mainNav, unique } from './support';

interface AssetType {
  id: number | string;
  code: string;
  name: string;
  active: boolean;
  fields: { key: string; label: string; type: 'text' | 'number' | 'date' | 'list'; required: boolean; options?: string[] }[];
}

/** The API, as the logged-in browser user (session cookie + CSRF token), for test setup. */
async function apiAs(page: Page) {
  const meRes = await page.request.get('/api/v1/auth/me');
  expect(meRes.ok()).toBeTruthy();
  const me = (await meRes.json()) as { csrf_token: string };
  const headers = { 'X-CSRF-Token': me.csrf_token, Accept: 'application/json' };
  return {
    async get<T>(path: string): Promise<T> {
      const r = await page.request.get(`/api/v1${path}`, { headers });
      expect(r.ok(), `GET ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return (await r.json()) as T;
    },
    async post<T>(path: string, data: unknown): Promise<T> {
      const r = await page.request.post(`/api/v1${path}`, { headers, data });
      expect(r.ok(), `POST ${path}: ${r.status()} ${await r.text()}`).toBeTruthy();
      return (await r.json()) as T;
    },
  };
}
type Api = Awaited<ReturnType<typeof apiAs>>;

function itemsOf<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

/** An active asset type of the demo data, preferably one without required custom fields. */
async function pickType(api: Api): Promise<AssetType> {
  const types = itemsOf(await api.get<AssetType[] | { items: AssetType[] }>('/assets/types')).filter((t) => t.active);
  expect(types.length, 'the demo data has asset types').toBeGreaterThan(0);
  return types.find((t) => !t.fields.some((f) => f.required)) ?? types[0]!;
}

/** A fresh inventory number that fits the configured pattern (e.g. ^OAX-[A-Z]{2,4}-[0-9]{5}$). */
let pattern: RegExp | null = null;
async function loadPattern(api: Api): Promise<void> {
  const settings = await api.get<{ inventory_pattern: string }>('/assets/settings');
  pattern = new RegExp(settings.inventory_pattern);
}
function inventoryNumber(type: AssetType): string {
  const codes = [...new Set([type.code.toUpperCase(), 'PRB', 'TST', 'QA'])];
  for (let tries = 0; tries < 200; tries++) {
    const code = codes[tries % codes.length]!;
    const digits = 4 + (tries % 3);
    const candidate = `OAX-${code}-${String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, '0')}`;
    if (!pattern || pattern.test(candidate)) return candidate;
  }
  throw new Error(`no inventory number fits ${String(pattern)}`);
}

function sampleFields(type: AssetType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of type.fields.filter((x) => x.required))
    out[f.key] = f.type === 'number' ? 8 : f.type === 'date' ? '2026-01-15' : f.type === 'list' ? (f.options?.[0] ?? 'x') : 'Prueba';
  return out;
}

async function createAsset(api: Api, extra: Record<string, unknown> = {}): Promise<{ id: number | string; inventory_number: string }> {
  const type = await pickType(api);
  await loadPattern(api);
  return api.post('/assets', { inventory_number: inventoryNumber(type), type_id: type.id, brand: 'HP', model: `ProDesk ${unique()}`, fields: sampleFields(type), ...extra });
}

async function personId(api: Api, name: string): Promise<number | string> {
  const people = await api.get<{ items: { id: number | string; full_name: string }[] }>(`/people?q=${encodeURIComponent(name)}`);
  const person = people.items.find((p) => p.full_name === name);
  expect(person, `person ${name}`).toBeTruthy();
  return person!.id;
}

/** Chooses a person in a PersonSelect: types in its search box, then picks the match. */
async function choosePerson(page: Page, label: string, name: string): Promise<void> {
  await page.getByLabel(`Buscar persona para «${label}»`).fill(name);
  const select = page.getByLabel(label, { exact: true });
  const option = select.locator('option', { hasText: name });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute('value'))!);
}

/** The text of a downloaded PDF (after checking it is one), whitespace folded. */
async function pdfText(download: Download): Promise<string> {
  const file = await download.path();
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

test('register an asset, assign it in custody, download the resguardo, transfer it and print its label', async ({ page }) => {
  const first = 'Noé Ruiz Olivera';
  const second = 'Fernanda Figueroa Hernández';
  await login(page, 'tecnico');
  const api = await apiAs(page);
  const type = await pickType(api);
  await loadPattern(api);
  const number = inventoryNumber(type);
  const model = `Latitude ${unique()}`;

  // Register it from the list.
  await mainNav(page).getByRole('link', { name: 'Bienes informáticos', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bienes informáticos' })).toBeVisible();
  await page.getByRole('link', { name: 'Registrar bien' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registrar bien' })).toBeVisible();
  // A number out of the configured pattern: the server's message appears beside the field.
  const numberField = page.getByLabel('Número de inventario', { exact: true });
  await numberField.fill('ABC-1');
  await page.getByLabel('Tipo de bien', { exact: true }).selectOption({ label: type.name });
  await page.getByRole('button', { name: 'Registrar bien' }).click();
  await expect(numberField).toHaveAttribute('aria-invalid', 'true');
  await expect(numberField).toBeFocused();
  await expect(page.locator('.field--invalid .field-error').first()).toContainText(/formato/i);
  await numberField.fill(number.toLowerCase());
  for (const f of type.fields.filter((x) => x.required)) {
    const field = page.getByLabel(f.label, { exact: true });
    if (f.type === 'list') await field.selectOption(f.options![0]!);
    else await field.fill(f.type === 'number' ? '8' : f.type === 'date' ? '2026-01-15' : 'Prueba');
  }
  await page.getByLabel('Marca', { exact: true }).fill('Dell');
  await page.getByLabel('Modelo', { exact: true }).fill(model);
  await page.getByLabel('Número de serie', { exact: true }).fill(`SN${unique()}`);
  await page.getByLabel('Costo (MXN)', { exact: true }).fill('15,999.90');
  await page.getByRole('button', { name: 'Registrar bien' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${number} · `) })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Se registró el bien ${number}.` })).toBeVisible();
  await expect(page.getByTestId('asset-status')).toContainText('En almacén');
  const assetUrl = new URL(page.url()).pathname;
  expect(assetUrl).toMatch(/^\/activos\/[^/]+$/);

  // Assign it in custody: one document, downloadable at once.
  await page.getByRole('link', { name: 'Asignar en resguardo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Asignar en resguardo' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: number })).toBeVisible();
  await choosePerson(page, 'Servidor público que recibe', first);
  await page.getByRole('button', { name: 'Generar resguardo' }).click();
  await expect(page.getByRole('status').filter({ hasText: `a nombre de ${first}` })).toBeVisible();
  await expect(page.getByTestId('document-person')).toHaveText(first);
  const folio = (await page.getByTestId('folio').textContent())!.trim();
  const [resguardo] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Descargar resguardo (PDF)' }).click()]);
  const text = await pdfText(resguardo);
  expect(text).toContain(first);
  expect(text).toContain(number);
  expect(text).toContain(folio);

  // The asset now shows its custodian and document.
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByTestId('custodian')).toContainText(first);
  await expect(page.getByTestId('asset-status')).toContainText('Asignado');
  await expect(page.getByRole('link', { name: folio })).toBeVisible();

  // Transfer it to someone else: a devolución for the first and a transferencia for the second.
  await page.getByRole('button', { name: 'Transferir resguardo' }).click();
  const dialog = page.getByRole('dialog', { name: /Transferir resguardo/ });
  await expect(dialog).toBeVisible();
  await choosePerson(page, 'Nuevo resguardante', second);
  await dialog.getByRole('button', { name: 'Transferir', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Se transfirió el resguardo a ${second}` })).toBeVisible();
  await expect(page.getByTestId('custodian')).toContainText(second);
  const generated = page.getByRole('region', { name: 'Documentos generados' });
  await expect(generated).toContainText('Transferencia');
  await expect(generated).toContainText('Devolución');
  await expect(page.getByTestId('timeline')).toBeVisible();

  // Print its label from the list: select the row, "Imprimir etiquetas", download the PDF.
  await page.goto(`/activos?q=${encodeURIComponent(number)}`);
  const row = page.getByRole('row').filter({ hasText: number });
  await expect(row).toBeVisible();
  await expect(row).toContainText(second);
  await row.getByRole('checkbox', { name: `Seleccionar ${number}` }).check();
  await page.getByRole('region', { name: /1 bien\(es\) seleccionado/ }).getByRole('button', { name: 'Imprimir etiquetas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Imprimir etiquetas' })).toBeVisible();
  await expect(page.getByTestId('labels-count')).toContainText('1 etiqueta(s)');
  const [labels] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar etiquetas (PDF)' }).click()]);
  expect(await pdfText(labels)).toContain(number);
  await expect(page.getByRole('status').filter({ hasText: 'Se descargaron 1 etiqueta(s).' })).toBeVisible();
});

test('a solicitante sees only their own assets, and an asset link works after logging in', async ({ page }) => {
  await login(page, 'tecnico');
  const api = await apiAs(page);
  const mine = await createAsset(api);
  const other = await createAsset(api);
  await api.post('/assets/custody/assign', { person_id: await personId(api, 'Noé Ruiz Olivera'), asset_ids: [mine.id], notes: '' });
  await api.post('/assets/custody/assign', { person_id: await personId(api, 'Rosa Morales Ortiz'), asset_ids: [other.id], notes: '' });
  await logout(page);

  await login(page, 'solicitante');
  const nav = mainNav(page);
  await expect(nav.getByRole('link', { name: 'Bienes informáticos' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Mis bienes', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mis bienes' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: mine.inventory_number })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: other.inventory_number })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Registrar bien' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Exportar CSV' })).toHaveCount(0);

  // /activos itself shows the same: only their own.
  await page.goto(`/activos?q=${encodeURIComponent(other.inventory_number)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Mis bienes' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: other.inventory_number })).toHaveCount(0);

  // Another person's asset is "not found"; their own opens.
  await page.goto(`/activos/${other.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Bien no encontrado' })).toBeVisible();

  // The label's QR link (…/activos/<id>) opened while logged out leads there after logging in.
  await logout(page);
  await page.goto(`/activos/${mine.id}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Usuario', { exact: true }).fill('solicitante');
  await page.getByLabel('Contraseña', { exact: true }).fill('Tequio-Demo-2026');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(new RegExp(`/activos/${mine.id}$`));
  await expect(page.getByTestId('inventory-number')).toHaveText(mine.inventory_number);
  await expect(page.getByTestId('custodian')).toContainText('Noé Ruiz Olivera');
  await expect(page.getByRole('button', { name: 'Transferir resguardo' })).toHaveCount(0);
});

test('a physical inventory campaign is scanned by typed number on a phone', async ({ page }) => {
  const suffix = unique();
  const areaName = `Almacén de pruebas ${suffix}`;
  await login(page, 'admin');
  const api = await apiAs(page);
  const area = await api.post<{ id: number | string }>('/areas', { name: areaName, kind: 'departamento' });
  const asset = await createAsset(api, { area_id: area.id, building: 'Palacio Municipal', floor: '1', office: 'Sala 3' });

  // The campaign is opened on a desktop (assets.manage), over that area.
  await page.goto('/activos/levantamientos');
  await expect(page.getByRole('heading', { level: 1, name: 'Levantamientos de inventario' })).toBeVisible();
  await page.getByRole('button', { name: 'Nuevo levantamiento' }).click();
  await page.getByLabel('Nombre', { exact: true }).fill(`Levantamiento ${suffix}`);
  await page.getByLabel('Filtrar áreas').fill(suffix);
  await page.getByRole('checkbox', { name: areaName }).check();
  await page.getByRole('button', { name: 'Abrir levantamiento' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Levantamiento ${suffix}` })).toBeVisible();
  await expect(page.getByTestId('count-expected')).toContainText('1');

  // On a phone: the location, then the typed number (lower case, as a person types it).
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  await page.getByLabel('Edificio', { exact: true }).fill('Palacio Municipal');
  await page.getByLabel('Piso', { exact: true }).fill('1');
  await page.getByLabel('Oficina', { exact: true }).fill('Sala 3');
  const numberBox = page.getByLabel('Número de inventario', { exact: true });
  await numberBox.fill(asset.inventory_number.toLowerCase());
  await page.getByRole('button', { name: 'Registrar', exact: true }).click();
  const last = page.getByTestId('last-scan');
  await expect(last).toContainText(asset.inventory_number);
  await expect(last).toContainText(/Encontrado|En otra ubicación/);
  await expect(page.getByTestId('count-scanned')).toContainText('1');
  await expect(numberBox).toHaveValue('');

  // A number that is not registered is "Desconocido".
  await numberBox.fill('OAX-ZZZ-999999');
  await numberBox.press('Enter');
  await expect(last).toContainText('OAX-ZZZ-999999');
  await expect(last).toContainText('Desconocido');

  // The location is remembered between visits; nothing overflows sideways on the phone.
  await page.reload();
  await expect(page.getByLabel('Edificio', { exact: true })).toHaveValue('Palacio Municipal');
  await expect(page.getByLabel('Oficina', { exact: true })).toHaveValue('Sala 3');
  await expect(page.getByTestId('count-desconocido')).toContainText('1');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The reconciliation lists the asset with its result.
  const recon = page.getByRole('region', { name: 'Conciliación' });
  await expect(recon.getByRole('row').filter({ hasText: asset.inventory_number })).toBeVisible();
});
