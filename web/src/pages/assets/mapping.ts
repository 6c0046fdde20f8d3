// The import's column mapping: which asset field each column of the file fills. Suggested from the
// header's words (Spanish or the field names, accents and case ignored); the user can change it.

export const IMPORT_FIELDS = [
  'inventory_number',
  'type',
  'serial',
  'brand',
  'model',
  'specs',
  'acquired_on',
  'invoice_number',
  'supplier',
  'cost',
  'budget_line',
  'funding_source',
  'warranty_end',
  'building',
  'floor',
  'office',
  'area',
  'condition',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Headers that mean each field, folded (see foldHeader). The field's own name is added too. */
const SYNONYMS: Record<ImportField, string[]> = {
  inventory_number: [
    'numero de inventario',
    'numero inventario',
    'no de inventario',
    'no inventario',
    'num inventario',
    'num de inventario',
    'n inventario',
    'inventario',
    'clave de inventario',
    'clave inventario',
    'folio de inventario',
  ],
  type: ['tipo', 'tipo de bien', 'tipo de equipo', 'clase', 'categoria'],
  serial: ['serie', 'numero de serie', 'no de serie', 'no serie', 'num serie', 'num de serie', 'serial', 'n s', 'ns'],
  brand: ['marca', 'fabricante'],
  model: ['modelo'],
  specs: ['especificaciones', 'caracteristicas', 'especificaciones tecnicas', 'descripcion'],
  acquired_on: ['fecha de adquisicion', 'fecha adquisicion', 'adquisicion', 'fecha de compra', 'fecha compra'],
  invoice_number: ['factura', 'numero de factura', 'no de factura', 'no factura', 'num factura', 'folio de factura'],
  supplier: ['proveedor'],
  cost: ['costo', 'costo de adquisicion', 'precio', 'valor', 'importe', 'monto'],
  budget_line: ['partida', 'partida presupuestal', 'partida presupuestaria'],
  funding_source: ['fuente de financiamiento', 'fuente', 'origen del recurso', 'recurso', 'fondo'],
  warranty_end: ['garantia', 'fin de garantia', 'fin garantia', 'vencimiento de garantia', 'garantia hasta', 'vigencia de garantia'],
  building: ['edificio', 'inmueble', 'sede'],
  floor: ['piso', 'planta', 'nivel'],
  office: ['oficina', 'local', 'cubiculo', 'ubicacion'],
  area: ['area', 'area de adscripcion', 'adscripcion', 'unidad administrativa', 'departamento', 'dependencia'],
  condition: ['condicion', 'estado fisico', 'estado de conservacion', 'conservacion'],
  notes: ['notas', 'observaciones', 'comentarios', 'nota'],
};

/** "Núm. de Inventario" → "num de inventario": accents, case and punctuation ignored. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface CustomFieldTarget {
  key: string;
  label: string;
}

/** A mapping target: an asset field, or `fields.<key>` for a type's custom field. */
export function customTarget(key: string): string {
  return `fields.${key}`;
}

/**
 * A suggested mapping: each header → the field it most likely fills ('' when none). A field is
 * suggested for one column only (the first that names it).
 */
export function suggestMapping(headers: string[], custom: CustomFieldTarget[] = []): Record<string, string> {
  const table = new Map<string, string>();
  for (const field of IMPORT_FIELDS) {
    table.set(foldHeader(field), field);
    for (const s of SYNONYMS[field]) if (!table.has(s)) table.set(s, field);
  }
  for (const c of custom) {
    for (const name of [c.key, c.label, customTarget(c.key)]) {
      const folded = foldHeader(name);
      if (folded && !table.has(folded)) table.set(folded, customTarget(c.key));
    }
  }
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const header of headers) {
    const target = table.get(foldHeader(header)) ?? '';
    if (target && !used.has(target)) {
      used.add(target);
      out[header] = target;
    } else out[header] = '';
  }
  return out;
}

/** The `mapping` parameter: only the columns that are mapped. */
export function mappingForApi(mapping: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [header, target] of Object.entries(mapping)) if (header.trim() && target) out[header.trim()] = target;
  return out;
}

/** Targets chosen for more than one column. */
export function duplicateTargets(mapping: Record<string, string>): string[] {
  const seen = new Map<string, number>();
  for (const target of Object.values(mapping)) if (target) seen.set(target, (seen.get(target) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1).map(([target]) => target);
}

/** Whether the inventory number (how rows are matched) is mapped. */
export function mapsInventoryNumber(mapping: Record<string, string>): boolean {
  return Object.values(mapping).includes('inventory_number');
}
