// Mesa de servicio: a request from the portal to the technician and back; what a requester may
// (not) see; field errors of the catalog's extra fields; a disguised attachment.
import { expect, test, type Page } from '@playwright/test';
import { login, logout, mainNav, unique, type AccountName } from './support';

async function switchTo(page: Page, who: AccountName): Promise<void> {
  await logout(page);
  await login(page, who);
}

/** Files a request from the portal; returns the ticket's page URL and number (MS-n). */
async function fileRequest(
  page: Page,
  category: string,
  title: string,
  description: string,
  extra: Record<string, string> = {},
): Promise<{ url: string; number: string }> {
  await mainNav(page).getByRole('link', { name: 'Nueva solicitud' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nueva solicitud' })).toBeVisible();
  await page.getByLabel('Buscar en el catálogo').fill(category.split(' ')[0]!.toLowerCase());
  await page.getByRole('link', { name: category, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: category })).toBeVisible();
  await page.getByLabel('Título', { exact: true }).fill(title);
  await page.getByLabel('Descripción', { exact: true }).fill(description);
  for (const [label, value] of Object.entries(extra)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await page.getByRole('button', { name: 'Enviar solicitud' }).click();
  const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^MS-\\d+ · ${title}$`) });
  await expect(heading).toBeVisible();
  const number = /^(MS-\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
  expect(number).toMatch(/^MS-\d+$/);
  await expect(page).toHaveURL(/\/mesa\/tickets\/\d+$/);
  return { url: new URL(page.url()).pathname, number };
}

test('an employee files a request, the technician resolves it, the employee confirms and rates it', async ({ page }) => {
  const suffix = unique();
  const title = `Instalación de LibreOffice ${suffix}`;
  const reply = `Hola, hoy por la tarde paso a instalarlo (${suffix}).`;
  const solution = 'Se instaló LibreOffice 24.2 y se verificó con el usuario.';
  const comment = `Muy buena atención, gracias ${suffix}.`;

  // The employee files it from the portal, choosing a catalog category and filling its extra field.
  await login(page, 'solicitante');
  await page.goto('/mesa/nueva');
  await expect(page.getByRole('heading', { level: 2, name: /Soporte/ }).first()).toBeVisible();
  const { url, number } = await fileRequest(page, 'Instalación de software', title, 'Necesito LibreOffice en la ventanilla 3.', {
    'Software requerido': 'LibreOffice 24',
  });
  await expect(page.getByRole('status').filter({ hasText: `Se registró su solicitud ${number}` })).toBeVisible();
  await expect(page.getByText('LibreOffice 24', { exact: true })).toBeVisible();
  await expect(page.locator('.hd-ticket-badges')).toContainText('Nuevo');
  await expect(page.locator('.hd-ticket-badges')).toContainText('Solicitud');

  // It is in "Mis solicitudes".
  await mainNav(page).getByRole('link', { name: 'Mis solicitudes' }).click();
  await expect(page.getByRole('row').filter({ hasText: title })).toBeVisible();

  // The technician finds it in the Bandeja, takes it, replies and resolves it.
  await switchTo(page, 'tecnico');
  await mainNav(page).getByRole('link', { name: 'Bandeja' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bandeja' })).toBeVisible();
  const search = page.getByLabel('Buscar', { exact: true });
  await search.fill(suffix);
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${suffix}`));
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Sin asignar');
  await row.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${number} · ${title}` })).toBeVisible();
  await page.getByRole('button', { name: 'Tomar', exact: true }).click();
  await expect(page.getByTestId('assignee')).toHaveText('Rodrigo Toledo Bautista');
  await page.getByLabel('Respuesta', { exact: true }).fill(reply);
  await page.getByRole('button', { name: 'Enviar respuesta' }).click();
  await expect(page.getByTestId('timeline')).toContainText(reply);
  await page.getByRole('button', { name: 'Resolver', exact: true }).click();
  await page.getByLabel('Solución', { exact: true }).fill(solution);
  await page.getByRole('button', { name: 'Marcar como resuelto' }).click();
  await expect(page.locator('.hd-ticket-badges')).toContainText('Resuelto');
  await expect(page.getByTestId('timeline')).toContainText(solution);

  // The employee sees the reply and the solution, confirms it and rates the service.
  await switchTo(page, 'solicitante');
  await page.goto(url);
  await expect(page.getByTestId('timeline')).toContainText(reply);
  await expect(page.getByTestId('timeline')).toContainText(solution);
  await page.getByRole('button', { name: 'Confirmar solución' }).click();
  await expect(page.locator('.hd-ticket-badges')).toContainText('Cerrado');
  await page.getByRole('radio', { name: '5 de 5 estrellas' }).check();
  await page.getByLabel('Comentario (opcional)').fill(comment);
  await page.getByRole('button', { name: 'Enviar calificación' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Gracias por calificar la atención.' })).toBeVisible();
  await expect(page.getByTestId('satisfaction')).toContainText('5 de 5');
  await expect(page.getByRole('button', { name: 'Enviar calificación' })).toHaveCount(0);

  // The technician sees the rating.
  await switchTo(page, 'tecnico');
  await page.goto(url);
  await expect(page.getByTestId('satisfaction')).toContainText('5 de 5');
  await expect(page.getByText(comment, { exact: true })).toBeVisible();
});

test('a requester gets "no encontrada" for another area\'s ticket and never sees internal notes', async ({ page }) => {
  const suffix = unique();

  // A ticket of another area (DIF Municipal).
  await login(page, 'solicitanteDif');
  const other = await fileRequest(page, 'Falla de equipo de cómputo', `No enciende el monitor ${suffix}`, 'El monitor de recepción no enciende.');

  // The solicitante of Dirección de Ingresos files their own, and cannot open the DIF one.
  await switchTo(page, 'solicitante');
  const own = await fileRequest(page, 'Falla de equipo de cómputo', `Teclado sin respuesta ${suffix}`, 'Varias teclas no responden.', {
    'Número de inventario': 'OAX-CPU-0012',
  });
  await page.goto(other.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Solicitud no encontrada' })).toBeVisible();
  await expect(page.getByText(`No enciende el monitor ${suffix}`)).toHaveCount(0);

  // The technician adds an internal note and a public reply to the solicitante's ticket.
  const note = `Nota interna: revisar garantía con el proveedor ${suffix}`;
  const publicReply = `Vamos a revisar el teclado ${suffix}.`;
  await switchTo(page, 'tecnico');
  await page.goto(own.url);
  await page.getByLabel('Nota interna (solo la ve el personal de la DSI)').check();
  await page.getByLabel('Texto de la nota interna').fill(note);
  await page.getByRole('button', { name: 'Guardar nota interna' }).click();
  const noteEntry = page.getByTestId('timeline').locator('li').filter({ hasText: note });
  await expect(noteEntry).toBeVisible();
  await expect(noteEntry).toContainText('Nota interna');
  await page.getByLabel('Nota interna (solo la ve el personal de la DSI)').uncheck();
  await page.getByLabel('Respuesta', { exact: true }).fill(publicReply);
  await page.getByRole('button', { name: 'Enviar respuesta' }).click();
  await expect(page.getByTestId('timeline')).toContainText(publicReply);

  // The requester sees the reply but neither the note nor any "Nota interna".
  await switchTo(page, 'solicitante');
  await page.goto(own.url);
  await expect(page.getByTestId('timeline')).toContainText(publicReply);
  await expect(page.getByTestId('timeline')).not.toContainText(note);
  await expect(page.getByText('Nota interna')).toHaveCount(0);
  await expect(page.getByLabel('Nota interna (solo la ve el personal de la DSI)')).toHaveCount(0);
  const body = await page.evaluate(async (path) => {
    const res = await fetch(`/api/v1/helpdesk/tickets/${path.split('/').pop()}`, { credentials: 'same-origin' });
    return res.text();
  }, own.url);
  expect(body).not.toContain(note);
});

test('a request without its required extra fields shows the errors in Spanish under each field', async ({ page }) => {
  await login(page, 'solicitante');
  await page.goto('/mesa/nueva');
  await page.getByLabel('Buscar en el catálogo').fill('cuenta de red');
  await page.getByRole('link', { name: 'Alta de cuenta de red', exact: true }).click();
  // Required extra fields are marked.
  for (const label of ['Nombre completo', 'Puesto', 'Perfil solicitado', 'Jefe que autoriza']) {
    await expect(page.getByLabel(label, { exact: true })).toHaveAttribute('required', '');
  }
  await expect(page.getByLabel('Perfil solicitado', { exact: true }).locator('option')).toHaveText(['Seleccione…', 'Básico', 'Avanzado', 'Administrador']);
  await page.getByLabel('Título', { exact: true }).fill(`Cuenta para personal nuevo ${unique()}`);
  await page.getByLabel('Descripción', { exact: true }).fill('Ingresa una persona nueva a la Dirección de Ingresos.');
  await page.getByLabel('Puesto', { exact: true }).fill('Auxiliar administrativo');
  await page.getByRole('button', { name: 'Enviar solicitud' }).click();

  await expect(page.getByRole('alert').first()).toBeVisible();
  for (const label of ['Nombre completo', 'Perfil solicitado', 'Jefe que autoriza']) {
    const input = page.getByLabel(label, { exact: true });
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const errorId = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
    expect(errorId, label).toBeTruthy();
    const message = page.locator(`[id="${errorId}"]`);
    await expect(message).toBeVisible();
    await expect(message).toHaveText(/[a-záéíóúñ]/i);
    await expect(message).not.toHaveText(/\b(required|missing|field)\b/i);
  }
  // The field that was filled has no error, and nothing was filed.
  await expect(page.getByLabel('Puesto', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/mesa\/nueva/);
});

test('a text file disguised as foto.png is refused with a Spanish message', async ({ page }) => {
  await login(page, 'solicitante');
  await fileRequest(page, 'Falla de equipo de cómputo', `Pantalla con rayas ${unique()}`, 'La pantalla muestra rayas verticales.');
  await page.getByLabel('Archivo', { exact: true }).setInputFiles({
    name: 'foto.png',
    mimeType: 'image/png',
    buffer: Buffer.from('Esto es texto, no una imagen PNG.\n'),
  });
  await page.getByRole('button', { name: 'Adjuntar archivo' }).click();
  const alert = page.getByRole('alert').filter({ hasText: /archivo|tipo|permit/i });
  await expect(alert).toBeVisible();
  await expect(alert).not.toHaveText(/not allowed|invalid/i);
  await expect(page.getByTestId('timeline').getByRole('link', { name: 'foto.png' })).toHaveCount(0);

  // A real PNG goes through and is listed with its download link.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.getByLabel('Archivo', { exact: true }).setInputFiles({ name: 'pantalla.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Adjuntar archivo' }).click();
  await expect(page.getByTestId('timeline').getByRole('link', { name: 'pantalla.png' })).toBeVisible();
});

test('the Bandeja keeps its filters in the URL, marks search matches and lists its keyboard shortcuts', async ({ page }) => {
  const suffix = unique();
  await login(page, 'solicitante');
  await fileRequest(page, 'Falla de equipo de cómputo', `La impresora ${suffix} atasca hojas`, 'Se atora el papel.');
  await switchTo(page, 'tecnico');
  await page.goto(`/mesa/bandeja?status=open&q=${suffix}`);
  await expect(page.getByLabel('Estado', { exact: true })).toHaveValue('open');
  const row = page.getByRole('row').filter({ hasText: suffix });
  await expect(row).toBeVisible();
  await expect(row.locator('mark').first()).toBeVisible();
  // A search term with markup stays text.
  await page.goto(`/mesa/bandeja?q=${encodeURIComponent('<b>x</b>')}`);
  await expect(page.locator('main b')).toHaveCount(0);

  await page.goto('/mesa/bandeja?status=open');
  await page.locator('main h1').click();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Atajos de teclado' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Abrir el ticket marcado');
  await dialog.getByRole('button', { name: 'Cerrar' }).click();
  await expect(dialog).toBeHidden();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Buscar', { exact: true })).toBeFocused();

  // "Mi trabajo" = open tickets assigned to me.
  await page.getByRole('link', { name: 'Mi trabajo' }).click();
  await expect(page).toHaveURL(/status=open/);
  await expect(page).toHaveURL(/assignee_id=me/);
  await expect(page.getByLabel('Asignado a', { exact: true })).toHaveValue('me');
});

/** Files a ticket through the API as the signed-in user (faster than the form, for setting up). */
async function fileByApi(page: Page, categoryName: string, title: string): Promise<{ id: number; number: string }> {
  return page.evaluate(
    async ({ categoryName, title }) => {
      const me = await (await fetch('/api/v1/auth/me', { credentials: 'same-origin' })).json();
      const cats = await (await fetch('/api/v1/helpdesk/categories?per_page=200', { credentials: 'same-origin' })).json();
      const cat = cats.items.find((c: { name: string }) => c.name === categoryName);
      const res = await fetch('/api/v1/helpdesk/tickets', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ kind: cat.kind === 'ambos' ? 'reporte' : cat.kind, title, description: 'Creado para una prueba.', category_id: cat.id, fields: {} }),
      });
      if (res.status !== 201) throw new Error(`POST /helpdesk/tickets → ${res.status} ${await res.text()}`);
      const t = await res.json();
      return { id: t.id as number, number: t.number as string };
    },
    { categoryName, title },
  );
}

test('the technician saves a view, and bulk actions report each ticket that could not change', async ({ page }) => {
  const suffix = unique();
  await login(page, 'solicitante');
  const a = await fileByApi(page, 'Falla de impresora o escáner', `Impresora ${suffix} uno`);
  const b = await fileByApi(page, 'Falla de impresora o escáner', `Impresora ${suffix} dos`);
  await switchTo(page, 'tecnico');
  await page.goto(`/mesa/bandeja?q=${suffix}`);
  await expect(page.getByRole('row').filter({ hasText: `Impresora ${suffix}` })).toHaveCount(2);

  // A saved view is the query string; it comes back with one click, and can be deleted.
  await page.getByText('Guardar los filtros como vista').click();
  await page.getByLabel('Nombre de la vista').fill(`Impresoras ${suffix}`);
  await page.getByRole('button', { name: 'Guardar vista', exact: true }).click();
  const viewLink = page.getByRole('link', { name: `Impresoras ${suffix}` });
  await expect(viewLink).toBeVisible();
  await page.goto('/mesa/bandeja');
  await page.getByRole('link', { name: `Impresoras ${suffix}` }).click();
  await expect(page).toHaveURL(new RegExp(`q=${suffix}`));
  await expect(page.getByLabel('Buscar', { exact: true })).toHaveValue(suffix);

  // Closing new tickets is not allowed: each failure is listed with its reason.
  await page.getByRole('checkbox', { name: `Seleccionar ${a.number}` }).check();
  await page.getByRole('checkbox', { name: `Seleccionar ${b.number}` }).check();
  await expect(page.getByRole('heading', { name: '2 ticket(s) seleccionado(s)' })).toBeVisible();
  await page.getByLabel('Acción', { exact: true }).selectOption('transition');
  await page.getByLabel('Nuevo estado').selectOption('cerrado');
  await page.getByRole('button', { name: 'Aplicar a la selección' }).click();
  const outcome = page.locator('.hd-bulk-outcome');
  await expect(outcome).toContainText('Se actualizaron 0 ticket(s).');
  await expect(outcome).toContainText('2 ticket(s) no se pudieron cambiar');
  await expect(outcome.getByRole('listitem').filter({ hasText: a.number })).toContainText(/Nuevo/);

  // Assigning them works for both.
  await page.getByLabel('Acción', { exact: true }).selectOption('assign');
  await page.locator('.hd-bulk').getByLabel('Asignado a', { exact: true }).selectOption({ label: 'Rodrigo Toledo Bautista' });
  await page.getByRole('button', { name: 'Aplicar a la selección' }).click();
  await expect(page.locator('.hd-bulk-outcome')).toContainText('Se actualizaron 2 ticket(s).');
  await expect(page.getByRole('row').filter({ hasText: `Impresora ${suffix} uno` })).toContainText('Rodrigo Toledo Bautista');

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: `Eliminar la vista Impresoras ${suffix}` }).click();
  await expect(page.getByRole('link', { name: `Impresoras ${suffix}` })).toHaveCount(0);
});

test('an administrator adds a catalog category with extra fields, and the portal asks for them in order', async ({ page }) => {
  const suffix = unique();
  const name = `Préstamo de proyector ${suffix}`;
  await login(page, 'admin');
  await mainNav(page).getByRole('link', { name: 'Catálogo y SLA' }).click();
  await page.getByRole('button', { name: 'Nueva categoría' }).click();
  await page.getByLabel('Clave', { exact: true }).fill(`SOP-PROY-${suffix}`);
  await page.getByLabel('Nombre', { exact: true }).fill(name);
  await page.getByLabel('Cola', { exact: true }).first().selectOption({ label: 'Soporte técnico (Departamento de Soporte)' });
  await page.getByLabel('Tipo', { exact: true }).selectOption('solicitud');

  // Two fields; the second is moved above the first.
  await page.getByRole('button', { name: 'Agregar campo' }).click();
  await page.getByLabel('Etiqueta').nth(0).fill('Fecha del evento');
  await expect(page.getByLabel('Clave interna').nth(0)).toHaveValue('fecha_del_evento');
  await page.getByLabel('Tipo de dato').nth(0).selectOption('date');
  await page.getByLabel('Obligatorio').nth(0).check();
  await page.getByRole('button', { name: 'Agregar campo' }).click();
  await page.getByLabel('Etiqueta').nth(1).fill('Sala');
  await page.getByLabel('Tipo de dato').nth(1).selectOption('select');
  // A list without options is caught before anything is sent.
  await page.getByRole('button', { name: 'Crear categoría' }).click();
  await expect(page.getByText('Escriba al menos una opción.')).toBeVisible();
  await page.getByLabel('Opciones').fill('Sala de Cabildo\nAuditorio');
  await page.getByRole('button', { name: 'Subir el campo Sala' }).click();
  await page.getByRole('button', { name: 'Crear categoría' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Se creó la categoría «${name}»` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('2');

  // A day off of the municipality: added, listed, deleted; the law's are read-only.
  await page.getByRole('link', { name: 'Días inhábiles' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Ley Federal del Trabajo' }).first()).toContainText('Por ley');
  const year = await page.getByLabel('Año').inputValue();
  await page.getByLabel('Fecha', { exact: true }).fill(`${year}-10-31`);
  await page.getByLabel('Motivo', { exact: true }).fill(`Día del servidor público municipal ${suffix}`);
  await page.getByLabel('Fundamento', { exact: true }).fill('Acuerdo de Cabildo');
  await page.getByRole('button', { name: 'Agregar', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: `Día del servidor público municipal ${suffix}` });
  await expect(row).toContainText('Administrativo');
  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: /Eliminar/ }).click();
  await expect(row).toHaveCount(0);

  // The portal shows the new category under its queue, with its fields in the chosen order.
  await switchTo(page, 'solicitante');
  await page.goto('/mesa/nueva');
  await page.getByLabel('Buscar en el catálogo').fill('proyector');
  await page.getByRole('link', { name, exact: true }).click();
  const labels = await page.locator('fieldset:has(legend:text("Datos adicionales")) label').allTextContents();
  expect(labels).toEqual(['Sala', 'Fecha del evento']);
  await expect(page.getByLabel('Sala', { exact: true }).locator('option')).toHaveText(['Seleccione…', 'Sala de Cabildo', 'Auditorio']);
  await expect(page.getByLabel('Fecha del evento')).toHaveAttribute('type', 'date');
});

test('the Tablero shows the period\'s figures as cards and charts, and links the monthly PDF and the exports', async ({ page }) => {
  await login(page, 'tecnico');
  await mainNav(page).getByRole('link', { name: 'Tablero' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tablero de la mesa de servicio' })).toBeVisible();
  await expect(page.getByText('Tickets abiertos')).toBeVisible();
  const byQueue = page.getByRole('figure', { name: 'Abiertos por cola' });
  await expect(byQueue.getByRole('img', { name: 'Abiertos por cola' })).toBeVisible();
  await byQueue.getByText('Ver los datos en tabla').click();
  await expect(byQueue.getByRole('row').filter({ hasText: 'Soporte técnico' })).toBeVisible();

  // The period lives in the URL.
  await page.getByLabel('Desde').fill('2026-01-01');
  await page.getByLabel('Hasta').fill('2026-12-31');
  await page.getByRole('button', { name: 'Ver', exact: true }).click();
  await expect(page).toHaveURL(/from=2026-01-01/);
  await expect(page.getByText(/^Del 1 ene 2026 al 31 dic 2026$/)).toBeVisible();

  // The monthly report of a queue is a PDF.
  await page.getByRole('region', { name: 'Informe mensual (PDF)' }).getByLabel('Cola').selectOption({ label: 'Soporte técnico' });
  const link = page.getByRole('link', { name: 'Descargar informe mensual (PDF)' });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/api\/v1\/helpdesk\/reports\/monthly\?queue_id=\d+&month=\d{4}-\d{2}$/);
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');

  // The Bandeja's export links carry its filters.
  await page.goto('/mesa/bandeja?status=open&priority=3');
  const csv = await page.getByRole('link', { name: 'Exportar CSV' }).getAttribute('href');
  expect(csv).toContain('format=csv');
  expect(csv).toContain('status=open');
  expect(csv).toContain('priority=3');
  const res = await page.request.get(csv!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('csv');
});
