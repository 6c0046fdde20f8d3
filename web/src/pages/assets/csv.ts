// Reading the header row of a CSV file in the browser, for the import's column mapping. Only the
// first record is parsed: quoted fields (with "" for a quote and line breaks inside), the usual
// delimiters (comma, semicolon — Excel in es-MX — or tab), a UTF-8 BOM, and Windows-1252 files.

/** The file's text: UTF-8 when it is valid UTF-8 (BOM dropped), else Windows-1252 (old Excel). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The delimiter of the first line: the most frequent of , ; and tab outside quotes (comma on a tie). */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  let best = ',';
  for (const d of [';', '\t']) if ((counts[d] ?? 0) > (counts[best] ?? 0)) best = d;
  return best;
}

/** The first record of a CSV text, as its trimmed fields. */
export function readCsvHeader(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))): string[] {
  const text = input.replace(/^\uFEFF/, '');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field);
  const out = fields.map((f) => f.trim());
  return out.length === 1 && out[0] === '' ? [] : out;
}

/** The header of a CSV file, reading only its beginning. */
export async function readCsvFileHeader(file: Blob): Promise<string[]> {
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  return readCsvHeader(decodeText(head));
}

/** The import's format from a file's name: csv or xlsx (null when neither). */
export function importFormat(filename: string): 'csv' | 'xlsx' | null {
  const m = /\.([a-z0-9]+)$/i.exec(filename.trim());
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  return null;
}

/** Every record of a CSV text (quotes, "" escapes, line breaks inside quotes, CRLF or LF). */
export function parseCsv(input: string, delimiter = detectDelimiter(input.replace(/^\uFEFF/, ''))): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    any = true;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
    } else field += ch;
  }
  if (any || field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Records as comma-separated CSV (quoted where needed), lines ending in CRLF. */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}

/**
 * The bytes to upload for a CSV file: as they are when the file is already comma-separated
 * UTF-8; otherwise (semicolons or tabs, as Excel in es-MX saves, or Windows-1252 text) rewritten
 * as comma-separated UTF-8, which is what the server reads.
 */
export function csvForUpload(bytes: Uint8Array): { data: Uint8Array; converted: boolean } {
  let utf8 = true;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    utf8 = false;
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  if (utf8 && delimiter === ',') return { data: bytes, converted: false };
  return { data: new TextEncoder().encode(toCsv(parseCsv(text, delimiter))), converted: true };
}
