// What a campaign scan reads: the QR on a label holds `<label_base_url>/activos/<id>`, its
// barcode (Code 128) the inventory number; a person may also type the number. And the location
// (building / floor / office) kept between scans of a campaign.

export type ScanTarget = { kind: 'id'; id: string } | { kind: 'number'; number: string };

const ASSET_PATH = /\/activos\/([A-Za-z0-9_-]+)\/?$/;

/** An inventory number as typed: trimmed, upper case, inner spaces removed. */
export function normalizeInventoryNumber(text: string): string {
  return text.trim().replace(/\s+/g, '').toUpperCase();
}

/**
 * What a scanned or typed text points at: an asset id (a URL ending in /activos/<id>) or an
 * inventory number. A URL that is not an asset's page (someone else's QR) gives null.
 */
export function parseScanText(text: string): ScanTarget | null {
  const raw = text.trim();
  if (!raw) return null;
  let path: string | null = null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      path = new URL(raw).pathname;
    } catch {
      return null;
    }
    const m = ASSET_PATH.exec(path);
    return m?.[1] ? { kind: 'id', id: decodeURIComponent(m[1]) } : null;
  }
  // A URL without its scheme ("tequio.example/activos/12") or just the path.
  if (raw.includes('/')) {
    const m = ASSET_PATH.exec(raw.split(/[?#]/)[0] ?? '');
    return m?.[1] ? { kind: 'id', id: m[1] } : null;
  }
  const number = normalizeInventoryNumber(raw);
  return number ? { kind: 'number', number } : null;
}

export interface ScanLocation {
  building: string;
  floor: string;
  office: string;
}

export const EMPTY_LOCATION: ScanLocation = { building: '', floor: '', office: '' };

export function locationKey(campaignId: string): string {
  return `tequio.assets.scan-location.${campaignId}`;
}

/** A stored location, whatever was stored (missing or broken → empty). */
export function readLocation(stored: string | null): ScanLocation {
  if (!stored) return { ...EMPTY_LOCATION };
  try {
    const value = JSON.parse(stored) as Partial<Record<keyof ScanLocation, unknown>>;
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
    return { building: text(value.building), floor: text(value.floor), office: text(value.office) };
  } catch {
    return { ...EMPTY_LOCATION };
  }
}

export function loadLocation(campaignId: string): ScanLocation {
  try {
    return readLocation(localStorage.getItem(locationKey(campaignId)));
  } catch {
    return { ...EMPTY_LOCATION };
  }
}

export function saveLocation(campaignId: string, location: ScanLocation): void {
  try {
    localStorage.setItem(locationKey(campaignId), JSON.stringify(location));
  } catch {
    /* storage unavailable: the fields still hold it for this visit */
  }
}

/** "Palacio · 2 · Sala de juntas", leaving out the empty parts. */
export function formatLocation(loc: Partial<ScanLocation> | null | undefined): string {
  if (!loc) return '';
  return [loc.building, loc.floor, loc.office].map((s) => (s ?? '').trim()).filter(Boolean).join(' · ');
}
