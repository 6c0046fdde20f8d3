#!/usr/bin/env python3
"""Fills a Tequio demo database with a municipality's computer fleet, for the benchmark.

    generate.py --sqlite DATA_DIR/tequio.db [--assets 200000] [--seed N] [--now ISO]
    generate.py --postgres postgresql://tequio@127.0.0.1:PORT/tequio_test [...]

Run it after `tequio demo` (schema, the 58 areas, people, users, the 16 asset types and the
demo's ~60 assets). It adds N assets with one "created" timeline event each:

- areas: a skewed (Zipf, s = 0.8) share over the demo's areas in a seeded order, so a few areas
  hold most of the fleet, as the treasury, public security or the civil registry do;
- types: a municipal mix (monitors and desktops first, then phones, UPS, laptops, printers…)
  with brands, models, specs, costs and custom fields per model;
- statuses: asignado 58 %, en_almacen 30 %, en_reparacion 4 % (half still in custody),
  dado_de_baja 8 %; about 60 % of the assets have a custodian, an active person of the asset's
  area (anyone, if the area has nobody). Only `assets.custodian_person_id` is written: no
  custody documents (resguardos), loans or disposals, whose PDFs the server would have to
  render;
- inventory numbers OAX-<type code>-<5 digits>, per type after the highest number the type
  already has (the demo's pattern ^OAX-[A-Z]{2,4}-[0-9]{5}$ allows 99,999 per type);
- search_key exactly as the server writes it: fold_for_search("number serial brand model
  custodian") (src/assets/common.cpp, src/core/text.cpp); timestamps as to_iso
  (src/core/time.cpp): 2026-11-25T17:00:00.000Z.

SQLite: python's sqlite3 in one transaction with the journal off, then ANALYZE and back to WAL.
PostgreSQL: COPY through psql (indexes kept: 200,000 rows do not need them dropped), identity
sequences moved past the new ids, VACUUM ANALYZE.
The same seed gives the same data on both backends (the demo gives both the same ids).
"""
import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
import time

PG_ENV = dict(os.environ, PGCLIENTENCODING="UTF8")
DAY_MS = 86_400_000
MAX_PER_TYPE = 99_999

_LATIN1_FROM = "".join(chr(c) for c in range(0xC0, 0x100))
_LATIN1_TO = "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty"
FOLD_TABLE = {ord(a): b for a, b in zip(_LATIN1_FROM, _LATIN1_TO) if b not in "*/"}


def fold(text):
    """fold_for_search in src/core/text.cpp: ASCII lower case, Latin-1 letters to their base letter.
    (str.lower() would also lower non-ASCII capitals; the server leaves them, but after the table
    they are base letters anyway, and the data here has no other non-ASCII capitals.)"""
    return text.lower().translate(FOLD_TABLE)


_MSEC = [f".{m:03d}Z" for m in range(1000)]


def iso(ms):
    """to_iso in src/core/time.cpp."""
    s, m = divmod(ms, 1000)
    return dt.datetime.fromtimestamp(s, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + _MSEC[m]


def day(ms):
    return dt.datetime.fromtimestamp(ms // 1000, dt.timezone.utc).date()


# ---- catalog -----------------------------------------------------------------------------------------
# Per type code: (share of the fleet in %, warranty years, budget line, models).
# A model: (brand, model, specs, cost in pesos, fields JSON, serial prefix).
SO = ["Windows 10", "Windows 11", "Ubuntu 22.04"]
CATALOG = {
    "MON": (23.0, 3, "5151", [
        ("Dell", "P2222H", "Monitor LED 21.5\"", 3499, {"pulgadas": 21.5}, "CN0"),
        ("HP", "V22v G5", "Monitor LED 21.45\" Full HD", 2899, {"pulgadas": 21.45}, "3CM"),
        ("Lenovo", "ThinkVision E22-28", "Monitor IPS 21.5\"", 3199, {"pulgadas": 21.5}, "V90"),
        ("Samsung", "LS24C310", "Monitor IPS 24\"", 2799, {"pulgadas": 24}, "H4Z"),
        ("Acer", "V227Q", "Monitor VA 21.5\"", 2199, {"pulgadas": 21.5}, "MMT")]),
    "CPU": (22.0, 3, "5151", [
        ("Dell", "OptiPlex 7090", "Intel Core i5-10505, 16 GB RAM, SSD 512 GB", 16899,
         {"procesador": "Intel Core i5-10505", "ram_gb": 16, "disco_gb": 512, "sistema_operativo": "Windows 11"}, "CN0"),
        ("HP", "ProDesk 400 G7", "Intel Core i5-10500, 8 GB RAM, SSD 256 GB", 14590,
         {"procesador": "Intel Core i5-10500", "ram_gb": 8, "disco_gb": 256, "sistema_operativo": "Windows 10"}, "MXL"),
        ("Lenovo", "ThinkCentre M70s", "Intel Core i5-12400, 16 GB RAM, SSD 512 GB", 17450,
         {"procesador": "Intel Core i5-12400", "ram_gb": 16, "disco_gb": 512, "sistema_operativo": "Windows 11"}, "MJ0"),
        ("Dell", "Vostro 3020", "Intel Core i3-13100, 8 GB RAM, SSD 512 GB", 11990,
         {"procesador": "Intel Core i3-13100", "ram_gb": 8, "disco_gb": 512, "sistema_operativo": "Windows 11"}, "CN0"),
        ("HP", "ProDesk 600 G1", "Intel Core i5-4590, 4 GB RAM, HDD 500 GB", 9800,
         {"procesador": "Intel Core i5-4590", "ram_gb": 4, "disco_gb": 500, "sistema_operativo": "Windows 10"}, "MXL"),
        ("Acer", "Veriton X2690G", "Intel Core i5-12400, 8 GB RAM, SSD 256 GB", 12300,
         {"procesador": "Intel Core i5-12400", "ram_gb": 8, "disco_gb": 256, "sistema_operativo": "Ubuntu 22.04"}, "DTV")]),
    "TEL": (11.0, 1, "5651", [
        ("Yealink", "SIP-T31P", "Teléfono IP de 2 líneas, PoE", 1290, {}, "80"),
        ("Grandstream", "GRP2602P", "Teléfono IP de 4 líneas, PoE", 1150, {}, "20"),
        ("Cisco", "CP-7841", "Teléfono IP de 4 líneas", 3650, {}, "FCH")]),
    "UPS": (9.0, 2, "5151", [
        ("APC", "Back-UPS BX1500M", "No-break 1500 VA, 8 contactos", 3890, {"va": 1500}, "3B2"),
        ("CyberPower", "CP1000AVRLCD", "No-break 1000 VA", 2350, {"va": 1000}, "CRF"),
        ("Koblenz", "5216 USB/R", "No-break 1500 VA, 6 contactos", 1990, {"va": 1500}, "KB"),
        ("Tripp Lite", "SMART1500LCDT", "No-break 1500 VA interactivo", 5290, {"va": 1500}, "281")]),
    "LAP": (9.0, 3, "5151", [
        ("Lenovo", "ThinkPad E14 Gen 4", "AMD Ryzen 5 5625U, 16 GB RAM, SSD 512 GB", 18990,
         {"procesador": "AMD Ryzen 5 5625U", "ram_gb": 16, "sistema_operativo": "Windows 11"}, "PF3"),
        ("HP", "ProBook 440 G9", "Intel Core i5-1235U, 8 GB RAM, SSD 512 GB", 17400,
         {"procesador": "Intel Core i5-1235U", "ram_gb": 8, "sistema_operativo": "Windows 11"}, "5CD"),
        ("Dell", "Latitude 3420", "Intel Core i5-1135G7, 8 GB RAM, SSD 256 GB", 16200,
         {"procesador": "Intel Core i5-1135G7", "ram_gb": 8, "sistema_operativo": "Windows 10"}, "CN0")]),
    "IMP": (7.0, 1, "5151", [
        ("HP", "LaserJet Pro M404dn", "Impresora láser monocromática, dúplex, red", 5890,
         {"tecnologia": "Láser", "color": "Monocromática"}, "PHB"),
        ("Epson", "EcoTank L6270", "Multifuncional de tinta continua, Wi-Fi", 6590,
         {"tecnologia": "Inyección de tinta", "color": "Color"}, "X5D"),
        ("Brother", "MFC-L5900DW", "Multifuncional láser monocromática", 9450,
         {"tecnologia": "Láser", "color": "Monocromática"}, "U64"),
        ("Zebra", "ZD421", "Impresora térmica de etiquetas", 7800, {"tecnologia": "Térmica", "color": "Monocromática"}, "D4J")]),
    "ESC": (3.0, 1, "5151", [
        ("Fujitsu", "fi-7160", "Escáner de documentos dúplex, 60 ppm", 21900, {}, "A1B"),
        ("Epson", "DS-530 II", "Escáner de documentos dúplex, 35 ppm", 11500, {}, "X6D")]),
    "TAB": (3.0, 1, "5151", [
        ("Samsung", "Galaxy Tab A8", "Tableta 10.5\", 64 GB", 4999, {}, "R9W"),
        ("Lenovo", "Tab M10", "Tableta 10.1\", 64 GB", 3999, {}, "HA1")]),
    "PRY": (2.0, 2, "5151", [
        ("Epson", "PowerLite E20", "Proyector 3LCD 3400 lúmenes", 10990, {}, "X4K"),
        ("BenQ", "MS560", "Proyector DLP 4000 lúmenes", 8990, {}, "PDK")]),
    "AP": (2.5, 3, "5151", [
        ("Ubiquiti", "UniFi U6 Pro", "Punto de acceso Wi-Fi 6", 3890, {}, "F4E"),
        ("TP-Link", "EAP245", "Punto de acceso Wi-Fi 5", 2190, {}, "22B")]),
    "SW": (2.0, 5, "5150", [
        ("Cisco", "Catalyst 2960-X 48", "48 puertos Gigabit PoE+, 4 SFP", 63500, {"puertos": 48, "administrable": "Sí"}, "FOC"),
        ("TP-Link", "TL-SG1024D", "24 puertos Gigabit no administrable", 2190, {"puertos": 24, "administrable": "No"}, "22A"),
        ("HPE Aruba", "Instant On 1930 24G", "24 puertos Gigabit administrable, 4 SFP", 7990,
         {"puertos": 24, "administrable": "Sí"}, "CN2")]),
    "RTR": (0.5, 3, "5150", [
        ("MikroTik", "RB4011iGS+", "Router 10 puertos Gigabit, SFP+", 4590, {}, "D4C"),
        ("Cisco", "ISR 1111-8P", "Router de servicios integrados", 28900, {}, "FGL")]),
    "SRV": (0.4, 5, "5150", [
        ("Dell", "PowerEdge R740", "2× Xeon Silver 4214, 128 GB RAM, 8× SAS 1.2 TB", 245000,
         {"procesador": "2× Intel Xeon Silver 4214", "ram_gb": 128, "rack_u": 2}, "CN0"),
        ("HPE", "ProLiant DL380 Gen10", "Xeon Silver 4210R, 64 GB RAM, 4× SAS 2.4 TB", 198000,
         {"procesador": "Intel Xeon Silver 4210R", "ram_gb": 64, "rack_u": 2}, "MXQ")]),
    "FW": (0.1, 3, "5150", [
        ("Fortinet", "FortiGate 100F", "Firewall de nueva generación", 98000, {"licencia_hasta": "2027-06-30"}, "FG1")]),
    "NAS": (0.2, 3, "5150", [
        ("Synology", "DS1621+", "NAS de 6 bahías, 6× 8 TB", 56000, {"capacidad_tb": 48}, "21A"),
        ("QNAP", "TS-464", "NAS de 4 bahías, 4× 4 TB", 23900, {"capacidad_tb": 16}, "Q23")]),
    "OTR": (5.3, 1, "5151", [
        ("Logitech", "C920", "Cámara web Full HD", 1490, {}, "LZ"),
        ("Steren", "BOC-850", "Bocinas amplificadas", 990, {}, "ST"),
        ("Honeywell", "Voyager 1250g", "Lector de código de barras", 2450, {}, "HW"),
        ("Epson", "TM-T20III", "Impresora de tickets", 4300, {}, "X4T")]),
}
SUPPLIERS = ["Comercializadora de Equipo de Cómputo del Sureste, S.A. de C.V.", "Sistemas y Redes de Oaxaca, S.A. de C.V.",
             "Distribuidora Informática del Pacífico, S.A. de C.V.", "Tecnología Integral Antequera, S.C.",
             "Papelería y Cómputo Monte Albán, S.A. de C.V.", "Soluciones Digitales Guelaguetza, S.A. de C.V."]
FUNDING = ["Recursos fiscales municipales", "Participaciones federales (Ramo 28)", "FORTAMUN (Ramo 33)",
           "FAISMUN (Ramo 33)", "Donación"]
BUILDINGS = ["Palacio Municipal", "Edificio de Gobierno", "Base de Policía Vial", "Centro de Salud Municipal",
             "Mercado 20 de Noviembre", "Unidad Deportiva", "Casa de la Cultura", "Agencia Municipal Candiani",
             "Agencia Municipal San Juan Chapultepec", "Centro Administrativo Norte", "Bodega Municipal"]
FLOORS = ["Sótano", "Planta baja", "Primer piso", "Segundo piso", "Tercer piso"]
OFFICES = ["Ventanillas", "Recepción", "Jefatura", "Área de captura", "Sala de juntas", "Archivo", "Dirección",
           "Coordinación", "Cubículo 1", "Cubículo 2", "Cubículo 3", "Cubículo 4", "Mostrador", "Almacén",
           "Caja 1", "Caja 2", "Caja 3", "Módulo de atención"]
STATUSES = [("asignado", 58.0), ("en_almacen", 30.0), ("en_reparacion", 4.0), ("dado_de_baja", 8.0)]
ASSET_COLS = ["id", "inventory_number", "type_id", "serial", "brand", "model", "specs", "acquired_on", "invoice_number",
              "supplier", "cost_cents", "budget_line", "funding_source", "warranty_end", "building", "floor", "office",
              "area_id", "status", "condition", "custodian_person_id", "parent_id", "fields", "notes", "search_key",
              "created_at", "updated_at"]
EVENT_COLS = ["id", "asset_id", "kind", "summary", "changes", "author_id", "author_name", "document_id", "created_at"]
SERIAL_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def jdump(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Db:
    """Reads the demo's reference data from SQLite or PostgreSQL (through psql)."""

    def __init__(self, sqlite_path=None, pg_url=None):
        self.sqlite_path, self.pg_url = sqlite_path, pg_url
        self.conn = sqlite3.connect(sqlite_path, isolation_level=None) if sqlite_path else None

    def rows(self, sql):
        if self.conn:
            return [tuple("" if v is None else str(v) for v in r) for r in self.conn.execute(sql)]
        out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", self.pg_url, "-c", sql],
                             check=True, capture_output=True, text=True, encoding="utf-8", env=PG_ENV).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def load_reference(db):
    ref = {"areas": [(int(r[0]), r[1]) for r in db.rows("SELECT id, COALESCE(code, '') FROM areas WHERE active = 1 ORDER BY id")],
           "people": [(int(r[0]), r[1], int(r[2])) for r in
                      db.rows("SELECT id, full_name, area_id FROM people WHERE active = 1 ORDER BY id")],
           "types": {r[1]: int(r[0]) for r in db.rows("SELECT id, code FROM asset_types")},
           "max_asset": int(db.rows("SELECT COALESCE(MAX(id), 0) FROM assets")[0][0]),
           "max_event": int(db.rows("SELECT COALESCE(MAX(id), 0) FROM asset_events")[0][0]),
           "numbers": {}}
    for (number,) in db.rows("SELECT inventory_number FROM assets"):
        parts = number.split("-")
        if len(parts) == 3 and parts[0] == "OAX" and parts[2].isdigit():
            ref["numbers"][parts[1]] = max(ref["numbers"].get(parts[1], 0), int(parts[2]))
    author = db.rows("SELECT id, display_name FROM users WHERE username = 'tecnico'")
    ref["author"] = (int(author[0][0]), author[0][1]) if author else (None, "Sistema")
    pattern = db.rows("SELECT value FROM asset_settings WHERE key = 'inventory_pattern'")
    ref["pattern"] = json.loads(pattern[0][0]) if pattern else None
    return ref


def cumulative(weights):
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


class Generator:
    def __init__(self, ref, n, seed, now_ms):
        self.ref, self.n, self.now_ms = ref, n, now_ms
        self.rng = rng = random.Random(seed)
        missing = [c for c in CATALOG if c not in ref["types"]]
        if missing:
            raise SystemExit(f"faltan tipos de bien de la demostración: {', '.join(missing)} (¿corrió `tequio demo`?)")
        # Areas: Zipf s = 0.8 over a seeded order.
        areas = [a for a, _ in ref["areas"]]
        rng.shuffle(areas)
        self.areas = areas
        self.area_cum = cumulative([1.0 / (k + 1) ** 0.8 for k in range(len(areas))])
        self.people_by_area = {}
        for pid, name, area in ref["people"]:
            self.people_by_area.setdefault(area, []).append((pid, name))
        self.codes = list(CATALOG)
        self.type_cum = cumulative([CATALOG[c][0] for c in self.codes])
        self.status_cum = cumulative([w for _, w in STATUSES])
        self.next_number = {c: ref["numbers"].get(c, 0) for c in self.codes}
        # Where each area sits (a building per area, a couple of floors).
        self.area_place = {a: (rng.choice(BUILDINGS), rng.sample(FLOORS, 2)) for a in areas}
        self.counts = {}
        self.custodied = 0
        self.first_ms = now_ms - 10 * 365 * DAY_MS

    def pick(self, cum):
        return self._bisect(cum, self.rng.random() * cum[-1])

    @staticmethod
    def _bisect(cum, x):
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def serial(self, prefix):
        return prefix + "".join(self.rng.choice(SERIAL_CHARS) for _ in range(10 - len(prefix)))

    def rows(self):
        rng, ref = self.rng, self.ref
        author_id, author_name = ref["author"]
        asset_id, event_id = ref["max_asset"], ref["max_event"]
        for _ in range(self.n):
            asset_id += 1
            event_id += 1
            code = self.codes[self.pick(self.type_cum)]
            share, warranty_years, budget_line, models = CATALOG[code]
            self.next_number[code] += 1
            if self.next_number[code] > MAX_PER_TYPE:
                raise SystemExit(f"el tipo {code} pasaría de {MAX_PER_TYPE:,} números de inventario (OAX-{code}-NNNNN): "
                                 "use menos bienes")
            number = f"OAX-{code}-{self.next_number[code]:05d}"
            brand, model, specs, cost, fields, prefix = models[int(rng.random() ** 1.3 * len(models))]
            area = self.areas[self.pick(self.area_cum)]
            status = STATUSES[self.pick(self.status_cum)][0]
            custodian = None
            if status == "asignado" or (status == "en_reparacion" and rng.random() < 0.5):
                people = self.people_by_area.get(area) or ref["people"]
                p = rng.choice(people)
                custodian = (p[0], p[1])
                self.custodied += 1
            self.counts[status] = self.counts.get(status, 0) + 1
            # Bought over the last 10 years (more recently, more of them); registered some days later.
            acquired_ms = self.now_ms - int((rng.random() ** 1.4) * 10 * 365 * DAY_MS) - 30 * DAY_MS
            acquired = day(acquired_ms)
            created_ms = acquired_ms + rng.randint(1, 25) * DAY_MS + rng.randint(8 * 3600, 16 * 3600) * 1000 + \
                rng.randint(0, 999)
            created_ms = min(created_ms, self.now_ms - DAY_MS)
            updated_ms = created_ms + int((self.now_ms - created_ms) * (1 - rng.random() ** 0.35))
            try:
                warranty = acquired.replace(year=acquired.year + warranty_years)
            except ValueError:  # 29 February
                warranty = acquired.replace(year=acquired.year + warranty_years, day=28)
            condition = "malo" if status == "dado_de_baja" and rng.random() < 0.7 else \
                ("bueno", "bueno", "bueno", "regular", "malo")[int(rng.random() ** 1.5 * 4.5)]
            building, floors = self.area_place[area]
            serial = self.serial(prefix)
            custodian_name = custodian[1] if custodian else ""
            search = fold(f"{number} {serial} {brand} {model} {custodian_name}")
            cost_cents = int(cost * 100 * (0.9 + 0.2 * rng.random()))
            yield ((asset_id, number, ref["types"][code], serial, brand, model, specs, acquired.isoformat(),
                    f"F-{acquired.year}-{rng.randint(100, 9999)}", rng.choice(SUPPLIERS), cost_cents, budget_line,
                    rng.choice(FUNDING), warranty.isoformat(), building, rng.choice(floors), rng.choice(OFFICES),
                    area, status, condition, custodian[0] if custodian else None, None, jdump(fields), "", search,
                    iso(created_ms), iso(updated_ms)),
                   (event_id, asset_id, "created", f"Alta del bien {number}", None, author_id, author_name, None,
                    iso(created_ms)))


# ---- sinks -----------------------------------------------------------------------------------------


class SqliteSink:
    def __init__(self, path):
        self.conn = c = sqlite3.connect(path, isolation_level=None)
        c.execute("PRAGMA journal_mode=OFF")
        c.execute("PRAGMA synchronous=OFF")
        c.execute("PRAGMA cache_size=-500000")
        c.execute("BEGIN")
        self.a_sql = f"INSERT INTO assets ({', '.join(ASSET_COLS)}) VALUES ({', '.join('?' * len(ASSET_COLS))})"
        self.e_sql = f"INSERT INTO asset_events ({', '.join(EVENT_COLS)}) VALUES ({', '.join('?' * len(EVENT_COLS))})"

    def write(self, assets, events):
        self.conn.executemany(self.a_sql, assets)
        self.conn.executemany(self.e_sql, events)

    def finish(self):
        c = self.conn
        c.execute("COMMIT")
        t = time.time()
        c.execute("ANALYZE")
        c.execute("PRAGMA journal_mode=WAL")
        c.close()
        print(f"   ANALYZE: {time.time() - t:.1f} s", flush=True)


def copy_escape(v):
    if v is None:
        return "\\N"
    if isinstance(v, str):
        if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
            v = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return v
    return str(v)


class PostgresSink:
    def __init__(self, url):
        self.url = url
        self.copy_a = self.copier(f"COPY assets ({', '.join(ASSET_COLS)}) FROM STDIN")
        self.copy_e = None
        self.events = []

    def script(self, sql):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url], input=sql, text=True, encoding="utf-8",
                       env=PG_ENV, check=True, stdout=subprocess.DEVNULL)

    def copier(self, copy_sql):
        # psql reads the COPY data from its own standard input ("pstdin").
        return subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url, "-c",
                                 copy_sql.replace("FROM STDIN", "FROM PSTDIN").replace("COPY", "\\copy")],
                                stdin=subprocess.PIPE, text=True, encoding="utf-8", env=PG_ENV, bufsize=1 << 20)

    @staticmethod
    def lines(rows):
        return "".join("\t".join(copy_escape(v) for v in row) + "\n" for row in rows)

    def write(self, assets, events):
        self.copy_a.stdin.write(self.lines(assets))
        self.events.append(self.lines(events))  # after the assets: the events reference them

    def finish(self):
        t = time.time()
        self.copy_a.stdin.close()
        if self.copy_a.wait() != 0:
            raise SystemExit("COPY assets falló")
        self.copy_e = self.copier(f"COPY asset_events ({', '.join(EVENT_COLS)}) FROM STDIN")
        for chunk in self.events:
            self.copy_e.stdin.write(chunk)
        self.copy_e.stdin.close()
        if self.copy_e.wait() != 0:
            raise SystemExit("COPY asset_events falló")
        print(f"   COPY terminado: {time.time() - t:.1f} s", flush=True)
        t = time.time()
        self.script("SELECT setval(pg_get_serial_sequence('assets', 'id'), (SELECT MAX(id) FROM assets));"
                    "SELECT setval(pg_get_serial_sequence('asset_events', 'id'), (SELECT MAX(id) FROM asset_events));")
        self.script("VACUUM (ANALYZE) assets; VACUUM (ANALYZE) asset_events;")
        print(f"   secuencias y VACUUM ANALYZE: {time.time() - t:.1f} s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--sqlite", metavar="DB")
    g.add_argument("--postgres", metavar="URL")
    ap.add_argument("--assets", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--now", help="ISO-8601 UTC instant taken as now (default: the clock)")
    a = ap.parse_args()
    now_ms = int((dt.datetime.fromisoformat(a.now.replace("Z", "+00:00")) if a.now else
                  dt.datetime.now(dt.timezone.utc)).timestamp() * 1000)
    t0 = time.time()
    db = Db(sqlite_path=a.sqlite, pg_url=a.postgres)
    ref = load_reference(db)
    if db.conn:
        db.conn.close()
    if not ref["types"] or not ref["people"]:
        raise SystemExit("la base no tiene la demostración (tequio demo)")
    if ref["pattern"] != "^OAX-[A-Z]{2,4}-[0-9]{5}$":
        print(f"aviso: el patrón de inventario es {ref['pattern']!r}, no el de la demostración", file=sys.stderr)
    gen = Generator(ref, a.assets, a.seed, now_ms)
    sink = SqliteSink(a.sqlite) if a.sqlite else PostgresSink(a.postgres)
    assets, events = [], []
    for asset, event in gen.rows():
        assets.append(asset)
        events.append(event)
        if len(assets) >= 20_000:
            sink.write(assets, events)
            assets, events = [], []
    if assets:
        sink.write(assets, events)
    print(f"   generado: {a.assets:,} bienes y {a.assets:,} eventos de alta; {gen.custodied:,} con resguardante "
          f"({100 * gen.custodied / max(1, a.assets):.1f} %) ({time.time() - t0:.1f} s)", flush=True)
    sink.finish()
    print("   estados: " + ", ".join(f"{k} {v:,}" for k, v in sorted(gen.counts.items(), key=lambda kv: -kv[1])))
    print("   números más altos por tipo: " + ", ".join(f"{c} {gen.next_number[c]:,}" for c in gen.codes))
    print(f"GENERATE_SECONDS {time.time() - t0:.0f}")


if __name__ == "__main__":
    main()
