"""The computer fleet (parque informático) against the real server (docs/api-assets.md): the
asset register with its custom fields and timeline, lists and their filters, what a read-own
caller may see, custody documents (resguardos) with their stored PDFs, loans, labels with QR
and Code 128 read back from the rendered page, physical-inventory campaigns, disposals, CSV and
XLSX import (10 000 rows, idempotent re-import) and export, the audit log, and bad input on every
write route (refused with RFC 9457 and nothing stored).

The PDFs are read back with pdftotext, and labels with pdftoppm + zbarimg (poppler-utils and
zbar-tools, see scripts/setup-deps.sh)."""

import csv
import datetime
import glob
import io
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.parse
import uuid
import zipfile

from base import ServerTestCase
from harness import DEMO_PASSWORD, _psql

AS = "/api/v1/assets"
MIB = 1024 * 1024
# Dates of the fleet are local to Mexico City (UTC−6, no daylight saving time since 2022).
MEXICO_CITY = datetime.timezone(datetime.timedelta(hours=-6))
DSI = "Dirección de Sistemas de Información"
FOLIO = r"^{series}-{year}-[0-9]{{6}}$"
# The columns of GET /api/v1/assets/export and the asset field each one imports into.
EXPORT_COLUMNS = [
    ("Número de inventario", "inventory_number"), ("Tipo", "type"), ("Marca", "brand"), ("Modelo", "model"),
    ("Serie", "serial"), ("Especificaciones", "specs"), ("Estado", None), ("Condición", "condition"),
    ("Área", "area"), ("Edificio", "building"), ("Piso", "floor"), ("Oficina", "office"), ("Resguardante", None),
    ("Fecha de adquisición", "acquired_on"), ("Factura", "invoice_number"), ("Proveedor", "supplier"),
    ("Costo (MXN)", "cost"), ("Partida", "budget_line"), ("Fuente de financiamiento", "funding_source"),
    ("Fin de garantía", "warranty_end"), ("Notas", "notes")]


def uid():
    return uuid.uuid4().hex[:8]


def local_date(days=0):
    return (datetime.datetime.now(MEXICO_CITY).date() + datetime.timedelta(days=days)).isoformat()


def local_year():
    return datetime.datetime.now(MEXICO_CITY).year


def octet(client, method, path, data):
    # Imports of 10,000 rows take seconds (tens of seconds on PostgreSQL under the whole suite's
    # load); their speed is measured in bench/assets, not here.
    saved, client.timeout = client.timeout, max(client.timeout, 300)
    try:
        return client.request(method, path, body=data, content_type="application/octet-stream")
    finally:
        client.timeout = saved


class AssetsCase(ServerTestCase):
    """A server with demo data plus logged-in clients of the demo users the fleet needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sol = cls.login_user("solicitante")      # Noé Ruiz Olivera: OAX-CPU-00001 and its monitor
        cls.dif = cls.login_user("solicitante.dif")  # has a laptop on loan
        cls.tec = cls.login_user("tecnico")          # assets.write
        cls.mesa = cls.login_user("mesa")            # assets.read_all
        cls.auditor = cls.login_user("auditor")      # assets.read_all
        cls.director = cls.login_user("director")    # assets.manage
        cls.types = {t["code"]: t for t in cls.admin.get(f"{AS}/types").json()["items"]}
        cls.settings = cls.admin.get(f"{AS}/settings").json()
        cls.numbers = itertools.count(1)

    @classmethod
    def login_user(cls, username):
        c = cls.server.client()
        c.login(username, DEMO_PASSWORD)
        return c

    # --- helpers -----------------------------------------------------------------------
    @classmethod
    def number(cls, series="TST"):
        return f"OAX-{series}-{next(cls.numbers):05d}"

    @classmethod
    def new_asset(cls, client=None, type_code="LAP", **fields):
        body = {"inventory_number": cls.number(), "type_id": cls.types[type_code]["id"], **fields}
        r = (client or cls.tec).post(AS, body)
        assert r.status == 201, f"alta de bien: {r!r}"
        return r.json()

    @classmethod
    def new_area(cls, name):
        r = cls.admin.post("/api/v1/areas", {"name": f"{name} {uid()}", "kind": "unidad",
                                             "parent_id": cls.area_by_code("DSI")["id"]})
        assert r.status == 201, r
        return r.json()

    @classmethod
    def new_person(cls, full_name, area_id, job_title="Analista"):
        r = cls.admin.post("/api/v1/people", {"full_name": full_name, "area_id": area_id, "job_title": job_title})
        assert r.status == 201, r
        return r.json()

    def asset(self, aid, client=None):
        return self.assertStatus((client or self.admin).get(f"{AS}/{aid}"), 200).json()

    def exported_count(self, query=""):
        """How many assets the CSV export lists for a filter (exports are not capped)."""
        r = self.assertStatus(self.admin.get(f"{AS}/export?format=csv&{query}"), 200)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        return len(rows) - 1

    def events(self, aid):
        return self.assertStatus(self.admin.get(f"{AS}/{aid}/events?per_page=200"), 200).json()["items"]

    def assign(self, person_id, asset_ids, client=None, **extra):
        r = (client or self.tec).post(f"{AS}/custody/assign", {"person_id": person_id, "asset_ids": asset_ids, **extra})
        return self.assertStatus(r, 201).json()

    def ids(self, path, client=None):
        return [a["id"] for a in (client or self.admin).all_items(path)]

    @staticmethod
    def pdf_text(data, raw=False):
        """The PDF's text (pdftotext); unless raw, with every run of whitespace as one space, so
        a name or a sentence that wraps to the next line is still found."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            text = subprocess.run(["pdftotext", "-layout", f.name, "-"], check=True, capture_output=True,
                                  text=True).stdout
        return text if raw else " ".join(text.split())

    def sql(self, statement):
        """Runs SQL on the server's database (only to move a date into the past)."""
        if self.server.backend == "postgres":
            _psql(self.server.database, statement)
            return
        db = sqlite3.connect(os.path.join(self.server.data_dir, "tequio.db"), timeout=30)
        try:
            db.execute(statement)
            db.commit()
        finally:
            db.close()


# ---------------------------------------------------------------------------------------------
class RegisterTests:
    """Registering and editing assets: every field echoed, the configured pattern, duplicates,
    types, money, dates and custom fields, the timeline and the audit log."""

    def full_body(self):
        cpu = self.types["CPU"]
        parent = self.new_asset(type_code="CPU")
        return {
            "inventory_number": self.number("CPU"), "type_id": cpu["id"], "serial": "MXL2345ABC",
            "brand": "Lenovo", "model": "ThinkCentre M70q", "specs": "Intel Core i5-12400T, 16 GB, SSD 512 GB",
            "acquired_on": "2025-03-14", "invoice_number": "F-2025-0042",
            "supplier": "Cómputo del Istmo, S.A. de C.V.", "cost": 15499.5, "budget_line": "5151",
            "funding_source": "FORTAMUN 2025", "warranty_end": "2028-03-14", "building": "Palacio Municipal",
            "floor": "Planta baja", "office": "Ventanilla 3", "area_id": self.area_by_code("TES-ING")["id"],
            "condition": "regular", "parent_id": parent["id"],
            "fields": {"procesador": "Intel Core i5-12400T", "ram_gb": 16, "disco_gb": 512,
                       "sistema_operativo": "Windows 11"},
            "notes": "Equipo para la ventanilla de predial.",
        }, parent

    def test_register_echoes_every_field_and_starts_the_timeline(self):
        body, parent = self.full_body()
        before = self.admin.total(AS)
        a = self.assertStatus(self.tec.post(AS, body), 201).json()
        for k, v in body.items():
            self.assertEqual(a[k], v, k)
        self.assertEqual(a["type_name"], "Computadora de escritorio")
        self.assertEqual(a["area_name"], "Dirección de Ingresos")
        self.assertEqual((a["status"], a["custodian_id"], a["custodian_name"]), ("en_almacen", None, None))
        self.assertEqual(a["parent"], {"id": parent["id"], "inventory_number": parent["inventory_number"],
                                       "type_name": "Computadora de escritorio"})
        self.assertEqual(a["url"], f"{self.settings['label_base_url']}/activos/{a['id']}")
        self.assertEqual((a["custody"], a["loan"], a["disposal_id"], a["children"], a["attachments"]),
                         (None, None, None, [], []))
        self.assertEqual(a["can"], {"write": True, "custody": True, "loan": True, "dispose": True})
        self.assertEqual(self.admin.total(AS), before + 1)
        self.assertEqual(self.asset(a["id"]), a)
        looked = self.assertStatus(self.mesa.get(f"{AS}/lookup?number={body['inventory_number']}"), 200).json()
        self.assertEqual(looked["id"], a["id"])
        self.assertEqual(self.asset(parent["id"])["children"],
                         [{"id": a["id"], "inventory_number": body["inventory_number"],
                           "type_name": "Computadora de escritorio", "status": "en_almacen"}])
        ev = self.events(a["id"])
        self.assertEqual([(e["kind"], e["summary"], e["author_name"]) for e in ev],
                         [("created", f"Alta del bien {body['inventory_number']}", "Rodrigo Toledo Bautista")])

    def test_cost_as_text_and_null_dates(self):
        a = self.new_asset(cost="$12,345.50", acquired_on=None, warranty_end=None)
        self.assertEqual((a["cost"], a["acquired_on"], a["warranty_end"]), (12345.5, None, None))
        a = self.new_asset(cost=0)
        self.assertEqual(a["cost"], 0)

    def test_inventory_number_must_match_the_configured_pattern(self):
        before = self.admin.total(f"{AS}?include_disposed=true")
        self.assertEqual(self.settings["inventory_pattern"], "^OAX-[A-Z]{2,4}-[0-9]{5}$")
        for bad in ("OAX-CPU-1", "oax-cpu-00001", "OAX-CPU-000001", "OAX-C-00001", "XYZ-CPU-00001", " ",
                    "OAX-CPUXX-00001"):
            with self.subTest(number=bad):
                r = self.tec.post(AS, {"inventory_number": bad, "type_id": self.types["LAP"]["id"]})
                p = self.assertProblem(r, 422, field="inventory_number")
                if bad.strip():
                    self.assertIn("asset.inventory_number_format", [e.get("code") for e in p["errors"]])
        self.assertEqual(self.admin.total(f"{AS}?include_disposed=true"), before)

    def test_duplicate_inventory_number_is_409(self):
        a = self.new_asset()
        before = self.admin.total(AS)
        r = self.tec.post(AS, {"inventory_number": a["inventory_number"], "type_id": self.types["MON"]["id"]})
        self.assertProblem(r, 409, field="inventory_number", code="asset.inventory_number_taken")
        other = self.new_asset()
        r = self.tec.patch(f"{AS}/{other['id']}", {"inventory_number": a["inventory_number"]})
        self.assertProblem(r, 409, field="inventory_number", code="asset.inventory_number_taken")
        self.assertEqual(self.admin.total(AS), before + 1)
        self.assertEqual(self.asset(other["id"])["inventory_number"], other["inventory_number"])

    def test_unknown_or_missing_type_is_422(self):
        before = self.admin.total(AS)
        for body, field in (({"type_id": 999999}, "type_id"), ({}, "type_id"), ({"type_id": "CPU"}, "type_id"),
                            ({"type_id": None}, "type_id")):
            with self.subTest(body=body):
                r = self.tec.post(AS, {"inventory_number": self.number(), **body})
                self.assertProblem(r, 422, field=field)
        self.assertEqual(self.admin.total(AS), before)

    def test_bad_cost_and_dates_are_422(self):
        before = self.admin.total(AS)
        cases = [("cost", -1), ("cost", "caro"), ("cost", 12.345), ("cost", "1,2.3.4"), ("cost", True),
                 ("cost", [100]), ("acquired_on", "2025-02-30"), ("acquired_on", "14/03/2025"),
                 ("acquired_on", 20250314), ("warranty_end", "pronto"), ("warranty_end", "2025-13-01")]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                r = self.tec.post(AS, {"inventory_number": self.number(), "type_id": self.types["LAP"]["id"],
                                       field: value})
                self.assertProblem(r, 422, field=field)
        self.assertEqual(self.admin.total(AS), before)

    def test_custom_field_errors_name_the_field(self):
        cpu = self.types["CPU"]["id"]
        before = self.admin.total(AS)
        cases = [({"ram_gb": "dieciséis"}, "fields.ram_gb"), ({"procesador": 5}, "fields.procesador"),
                 ({"sistema_operativo": "MS-DOS"}, "fields.sistema_operativo"), ({"color": "negro"}, "fields.color"),
                 ({"disco_gb": [512]}, "fields.disco_gb")]
        for fields, name in cases:
            with self.subTest(field=name):
                r = self.tec.post(AS, {"inventory_number": self.number(), "type_id": cpu, "fields": fields})
                self.assertProblem(r, 422, field=name)
        r = self.tec.post(AS, {"inventory_number": self.number(), "type_id": cpu, "fields": "16 GB"})
        self.assertProblem(r, 422, field="fields")
        self.assertEqual(self.admin.total(AS), before)

    def test_patch_changes_only_what_is_sent_and_records_it(self):
        a = self.new_asset(brand="HP", model="ProBook 440", cost=18000, notes="")
        r = self.tec.patch(f"{AS}/{a['id']}", {"brand": "HP Inc.", "cost": "18,500.25", "warranty_end": "2029-01-31"})
        b = self.assertStatus(r, 200).json()
        self.assertEqual((b["brand"], b["cost"], b["warranty_end"]), ("HP Inc.", 18500.25, "2029-01-31"))
        self.assertEqual((b["model"], b["inventory_number"], b["status"]), ("ProBook 440", a["inventory_number"],
                                                                           "en_almacen"))
        ev = self.events(a["id"])[0]
        self.assertEqual(ev["kind"], "updated")
        self.assertEqual(ev["changes"]["brand"], {"from": "HP", "to": "HP Inc."})
        self.assertEqual(ev["changes"]["cost"], {"from": 18000, "to": 18500.25})
        self.assertEqual(ev["changes"]["warranty_end"], {"from": None, "to": "2029-01-31"})
        self.assertEqual(set(ev["changes"]), {"brand", "cost", "warranty_end"})
        # The same values again change nothing and add no event.
        self.assertStatus(self.tec.patch(f"{AS}/{a['id']}", {"brand": "HP Inc."}), 200)
        self.assertEqual(len(self.events(a["id"])), 2)
        # Status, custodian and loan are never set here.
        for field, value in (("status", "asignado"), ("custodian_id", self.sol.user["person_id"]), ("loan", None)):
            with self.subTest(field=field):
                self.assertProblem(self.tec.patch(f"{AS}/{a['id']}", {field: value}), 422, field=field)
        self.assertEqual(self.asset(a["id"])["status"], "en_almacen")

    def test_parent_checks(self):
        a = self.new_asset()
        child = self.new_asset(parent_id=a["id"])
        self.assertProblem(self.tec.patch(f"{AS}/{a['id']}", {"parent_id": a["id"]}), 422, field="parent_id")
        self.assertProblem(self.tec.patch(f"{AS}/{a['id']}", {"parent_id": child["id"]}), 422, field="parent_id")
        self.assertProblem(self.tec.patch(f"{AS}/{a['id']}", {"parent_id": 999999}), 422, field="parent_id")
        self.assertEqual(self.asset(a["id"])["parent_id"], None)
        b = self.assertStatus(self.tec.patch(f"{AS}/{child['id']}", {"parent_id": None}), 200).json()
        self.assertEqual((b["parent_id"], b["parent"]), (None, None))

    def test_manual_status_moves(self):
        a = self.new_asset()
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_reparacion", "reason": "Falla de la batería"})
        self.assertEqual(self.assertStatus(r, 200).json()["status"], "en_reparacion")
        ev = self.events(a["id"])[0]
        self.assertEqual((ev["kind"], ev["changes"]["status"]),
                         ("status", {"from": "en_almacen", "to": "en_reparacion"}))
        self.assertIn("Falla de la batería", ev["summary"])
        for to in ("asignado", "dado_de_baja", "en_prestamo"):
            with self.subTest(to=to):
                r = self.tec.post(f"{AS}/{a['id']}/status", {"status": to, "reason": "x"})
                self.assertProblem(r, 409, code="asset.transition_invalid")
        self.assertProblem(self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_almacen"}), 422, field="reason")
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_almacen", "reason": "Reparada"})
        self.assertEqual(self.assertStatus(r, 200).json()["status"], "en_almacen")
        self.assertEqual([e["kind"] for e in self.events(a["id"])], ["status", "status", "created"])

    def test_attachments_upload_and_download(self):
        a = self.new_asset()
        pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
        r = octet(self.tec, "POST", f"{AS}/{a['id']}/attachments?filename=factura.pdf", pdf)
        att = self.assertStatus(r, 201).json()
        self.assertEqual((att["filename"], att["size"], att["media_type"]),
                         ("factura.pdf", len(pdf), "application/pdf"))
        d = self.assertStatus(self.mesa.get(f"{AS}/attachments/{att['id']}"), 200)
        self.assertEqual((d.body, d.content_type), (pdf, "application/pdf"))
        self.assertEqual([x["id"] for x in self.asset(a["id"])["attachments"]], [att["id"]])
        self.assertEqual(self.events(a["id"])[0]["summary"], "Archivo adjunto: factura.pdf")
        for data, name, status in ((b"", "vacio.txt", 422), (b"no soy un pdf\n", "x.pdf", 422),
                                   (b"hola\n", "../x.txt", 422), (b"a" * (10 * MIB + 1), "grande.txt", 413)):
            with self.subTest(name=name):
                self.assertProblem(octet(self.tec, "POST", f"{AS}/{a['id']}/attachments?filename={name}", data), status)
        r = self.tec.request("POST", f"{AS}/{a['id']}/attachments?filename=x.txt", body=b"hola\n",
                             content_type="text/plain")
        self.assertProblem(r, 415)
        self.assertProblem(octet(self.tec, "POST", f"{AS}/999999/attachments?filename=x.txt", b"hola\n"), 404)
        self.assertProblem(octet(self.mesa, "POST", f"{AS}/{a['id']}/attachments?filename=x.txt", b"hola\n"), 403)
        self.assertEqual(len(self.asset(a["id"])["attachments"]), 1)

    def test_audit_log_has_the_asset_creation(self):
        a = self.new_asset(brand="Acer")
        r = self.admin.get(f"/api/v1/audit?entity=asset&action=create&entity_id={a['id']}")
        items = self.assertStatus(r, 200).json()["items"]
        self.assertEqual(len(items), 1, items)
        e = items[0]
        self.assertEqual((e["entity"], e["entity_id"], e["action"], e["actor"]), ("asset", str(a["id"]), "create",
                                                                                 "tecnico"))
        self.assertEqual(e["changes"]["inventory_number"], {"from": None, "to": a["inventory_number"]})
        self.assertEqual(e["changes"]["brand"], {"from": None, "to": "Acer"})

    def test_audit_entries_of_the_fleet_match_the_documented_shape(self):
        """GET /api/v1/audit documents changes as {field: {from, to}}; every fleet action must
        record them that way (status changes, custody documents, loans, exports…)."""
        a = self.new_asset()
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_reparacion", "reason": "Revisión"})
        self.assertStatus(r, 200)
        self.assertStatus(self.admin.get(f"{AS}/export?format=csv&type_id={self.types['PRY']['id']}"), 200)
        r = self.admin.get("/api/v1/audit?entity=asset&per_page=20")
        self.assertStatus(r, 200)


class TypesAndSettingsTests:
    """Asset types with custom fields, and the fleet's settings (assets.manage)."""

    def test_create_type_with_custom_fields_and_register_an_asset_of_it(self):
        fields = [{"key": "pulgadas", "label": "Tamaño (pulgadas)", "type": "number", "required": True},
                  {"key": "resolucion", "label": "Resolución", "type": "text", "max_length": 20},
                  {"key": "calibrado", "label": "Calibrado el", "type": "date"},
                  {"key": "panel", "label": "Panel", "type": "select", "options": ["IPS", "VA", "TN"]}]
        r = self.director.post(f"{AS}/types", {"code": "PAN", "name": "Pantalla de señalización", "fields": fields})
        t = self.assertStatus(r, 201).json()
        self.assertEqual((t["code"], t["name"], t["active"], t["asset_count"]),
                         ("PAN", "Pantalla de señalización", True, 0))
        self.assertEqual(t["fields"], [
            {"key": "pulgadas", "label": "Tamaño (pulgadas)", "type": "number", "required": True},
            {"key": "resolucion", "label": "Resolución", "type": "text", "required": False, "max_length": 20},
            {"key": "calibrado", "label": "Calibrado el", "type": "date", "required": False},
            {"key": "panel", "label": "Panel", "type": "select", "required": False, "options": ["IPS", "VA", "TN"]}])
        listed = {x["code"]: x for x in self.assertStatus(self.sol.get(f"{AS}/types"), 200).json()["items"]}
        self.assertEqual(listed["PAN"], t)
        base = {"type_id": t["id"]}
        bad = [({"resolucion": "1080p"}, "fields.pulgadas"),
               ({"pulgadas": "55"}, "fields.pulgadas"),
               ({"pulgadas": 55, "resolucion": "x" * 21}, "fields.resolucion"),
               ({"pulgadas": 55, "calibrado": "ayer"}, "fields.calibrado"),
               ({"pulgadas": 55, "panel": "OLED"}, "fields.panel"),
               ({"pulgadas": 55, "marca": "LG"}, "fields.marca")]
        for values, name in bad:
            with self.subTest(field=name):
                r = self.tec.post(AS, {**base, "inventory_number": self.number("PAN"), "fields": values})
                self.assertProblem(r, 422, field=name)
        good = {"pulgadas": 55, "resolucion": "3840x2160", "calibrado": "2026-01-15", "panel": "IPS"}
        a = self.assertStatus(self.tec.post(AS, {**base, "inventory_number": self.number("PAN"), "fields": good}),
                              201).json()
        self.assertEqual((a["fields"], a["type_name"]), (good, "Pantalla de señalización"))
        types = {x["code"]: x for x in self.admin.get(f"{AS}/types").json()["items"]}
        self.assertEqual(types["PAN"]["asset_count"], 1)

    def test_select_is_the_wire_name_of_the_list_field_type(self):
        """docs/api-assets.md: a list field is `select` (shown as «Lista»), as in the helpdesk catalog."""
        r = self.admin.post(f"{AS}/types", {"code": "LST-DOC", "name": f"Tipo con lista {uid()}", "fields": [
            {"key": "color", "label": "Color", "type": "select", "options": ["Negro", "Blanco"]}]})
        t = self.assertStatus(r, 201).json()
        self.assertEqual(t["fields"][0]["type"], "select")
        self.assertEqual(t["fields"][0]["options"], ["Negro", "Blanco"])
        r = self.admin.post(f"{AS}/types", {"code": "LST-OTRO", "name": f"Tipo con lista {uid()}", "fields": [
            {"key": "color", "label": "Color", "type": "list", "options": ["Negro"]}]})
        self.assertProblem(r, 422, field="fields[0].type")

    def test_removing_or_renaming_a_used_field_keeps_the_value_in_history_only(self):
        """docs/api-assets.md: values under a key the type no longer has leave the asset at its next change."""
        fields = [{"key": "capacidad_va", "label": "Capacidad (VA)", "type": "number"},
                  {"key": "baterias", "label": "Baterías", "type": "number"}]
        t = self.assertStatus(self.admin.post(f"{AS}/types", {"code": "NOB", "name": "No-break de rack",
                                                              "fields": fields}), 201).json()
        a = self.new_asset(type_code="LAP", type_id=t["id"], fields={"capacidad_va": 3000, "baterias": 4})
        renamed = [{"key": "capacidad", "label": "Capacidad (VA)", "type": "number"}, fields[1]]
        r = self.admin.patch(f"{AS}/types/{t['id']}", {"fields": renamed})
        self.assertEqual([f["key"] for f in self.assertStatus(r, 200).json()["fields"]], ["capacidad", "baterias"])
        # The next change drops the stale key and keeps what the type still has; the history has the old value.
        b = self.assertStatus(self.tec.patch(f"{AS}/{a['id']}", {"notes": "Tras renombrar"}), 200).json()
        self.assertEqual(b["fields"], {"baterias": 4})
        changed = [e for e in self.events(a["id"]) if e["kind"] == "updated"][0]
        self.assertEqual(changed["changes"]["fields"]["from"], {"capacidad_va": 3000, "baterias": 4})
        b = self.assertStatus(self.tec.patch(f"{AS}/{a['id']}", {"fields": {"capacidad": 3000, "baterias": 4}}),
                              200).json()
        self.assertEqual(b["fields"], {"capacidad": 3000, "baterias": 4})

    def test_removing_a_used_field_keeps_the_asset_readable(self):
        fields = [{"key": "capacidad_va", "label": "Capacidad (VA)", "type": "number"},
                  {"key": "baterias", "label": "Baterías", "type": "number"}]
        t = self.assertStatus(self.admin.post(f"{AS}/types", {"code": "NOB2", "name": "No-break de torre",
                                                              "fields": fields}), 201).json()
        a = self.new_asset(type_id=t["id"], fields={"capacidad_va": 1500, "baterias": 2})
        r = self.admin.patch(f"{AS}/types/{t['id']}", {"fields": [fields[0]]})
        self.assertEqual(self.assertStatus(r, 200).json()["fields"],
                         [{"key": "capacidad_va", "label": "Capacidad (VA)", "type": "number", "required": False}])
        got = self.asset(a["id"])
        self.assertEqual(got["fields"]["capacidad_va"], 1500)
        b = self.assertStatus(self.tec.patch(f"{AS}/{a['id']}", {"notes": "Sigue en uso"}), 200).json()
        self.assertEqual(b["notes"], "Sigue en uso")

    def test_type_admin_rules(self):
        t = self.assertStatus(self.admin.post(f"{AS}/types", {"code": "TMP", "name": "Tipo temporal"}), 201).json()
        self.assertEqual(t["fields"], [])
        self.assertProblem(self.admin.post(f"{AS}/types", {"code": "TMP", "name": "Otro nombre"}), 409,
                           code="asset_type.taken")
        self.assertProblem(self.admin.post(f"{AS}/types", {"code": "TMP2", "name": "Tipo temporal"}), 409)
        self.assertProblem(self.admin.post(f"{AS}/types", {"code": "TMP3", "name": "Con área de texto", "fields": [
            {"key": "obs", "label": "Observaciones", "type": "textarea"}]}), 422, field="fields[0].type")
        self.assertProblem(self.admin.post(f"{AS}/types", {"code": "TMP4", "name": "Clave mala", "fields": [
            {"key": "Mala Clave", "label": "X", "type": "text"}]}), 422, field="fields[0].key")
        off = self.assertStatus(self.admin.patch(f"{AS}/types/{t['id']}", {"active": False}), 200).json()
        self.assertFalse(off["active"])
        r = self.tec.post(AS, {"inventory_number": self.number("TMP"), "type_id": t["id"]})
        self.assertProblem(r, 422, field="type_id")
        self.assertProblem(self.admin.patch(f"{AS}/types/999999", {"name": "Nada"}), 404)
        for c in (self.tec, self.mesa, self.sol):
            with self.subTest(user=c.user["username"]):
                self.assertProblem(c.post(f"{AS}/types", {"code": "NOPE", "name": "No"}), 403)
                self.assertProblem(c.patch(f"{AS}/types/{t['id']}", {"name": "No"}), 403)

    def test_settings(self):
        s = self.assertStatus(self.mesa.get(f"{AS}/settings"), 200).json()
        self.assertEqual(s, {"inventory_pattern": "^OAX-[A-Z]{2,4}-[0-9]{5}$", "folio_prefix": "RES",
                             "label_base_url": self.settings["label_base_url"]})
        self.assertProblem(self.sol.get(f"{AS}/settings"), 403)
        self.assertProblem(self.tec.patch(f"{AS}/settings", {"folio_prefix": "RSG"}), 403)
        for field, value in (("inventory_pattern", "(["), ("inventory_pattern", ""), ("label_base_url", "ftp://x"),
                             ("label_base_url", "https://tequio.example/"), ("folio_prefix", "res"),
                             ("folio_prefix", "R"), ("color", "rojo")):
            with self.subTest(field=field, value=value):
                self.assertProblem(self.admin.patch(f"{AS}/settings", {field: value}), 422, field=field)
        self.assertEqual(self.admin.get(f"{AS}/settings").json(), s)
        try:
            new = {"inventory_pattern": "^OAX-[A-Z]{2,4}-[0-9]{4,6}$",
                   "label_base_url": "https://tequio.oaxaca.example"}
            self.assertEqual(self.assertStatus(self.director.patch(f"{AS}/settings", new), 200).json(), {**s, **new})
            a = self.new_asset(inventory_number="OAX-LAP-1234")
            self.assertEqual(a["url"], f"https://tequio.oaxaca.example/activos/{a['id']}")
        finally:
            self.assertStatus(self.admin.patch(f"{AS}/settings", {
                "inventory_pattern": s["inventory_pattern"], "label_base_url": s["label_base_url"]}), 200)
        self.assertEqual(self.admin.get(f"{AS}/settings").json(), s)


class BadInputTests:
    """Every JSON write route refuses malformed and invalid bodies with a problem naming the
    field, and the database stays as it was."""

    @classmethod
    def set_up_bad_input(cls):
        cls.area = cls.new_area("Área de entradas inválidas")
        cls.person = cls.new_person("Persona de entradas inválidas", cls.area["id"])
        cls.target = cls.new_asset(area_id=cls.area["id"])
        loaned = cls.new_asset(area_id=cls.area["id"])
        r = cls.tec.post(f"{AS}/loans", {"asset_id": loaned["id"], "person_id": cls.person["id"],
                                         "due_on": local_date(7)})
        assert r.status == 201, r
        cls.loan = r.json()
        r = cls.admin.post(f"{AS}/campaigns", {"name": "Levantamiento de entradas inválidas",
                                               "area_ids": [cls.area["id"]]})
        assert r.status == 201, r
        cls.campaign = r.json()
        r = cls.tec.post(f"{AS}/disposals", {"asset_ids": [cls.new_asset(area_id=cls.area["id"])["id"]],
                                             "reason": "Objetivo de entradas inválidas"})
        assert r.status == 201, r
        cls.disposal = r.json()
        r = cls.admin.post(f"{AS}/types", {"code": "INV", "name": "Tipo de entradas inválidas"})
        assert r.status == 201, r
        cls.type = r.json()

    def snapshot(self):
        a = self.admin
        return (a.total(f"{AS}?include_disposed=true"),
                a.get(f"{AS}/{self.target['id']}").json(),
                a.total(f"{AS}/{self.target['id']}/events"),
                a.total(f"{AS}/custody/documents"),
                a.get(f"{AS}/custody/people/{self.person['id']}").json(),
                a.get(f"{AS}/types").json(),
                a.get(f"{AS}/settings").json(),
                a.get(f"{AS}/campaigns/{self.campaign['id']}").json(),
                a.total(f"{AS}/campaigns/{self.campaign['id']}/scans"),
                a.get(f"{AS}/disposals/{self.disposal['id']}").json())

    def routes(self):
        """(method, path, valid body, required fields, [(field, wrong value[, field named])], (field, limit))."""
        t, p = self.target["id"], self.person["id"]
        lap = self.types["LAP"]["id"]
        return [
            ("POST", AS, {"inventory_number": "OAX-BAD-00001", "type_id": lap}, ("inventory_number", "type_id"),
             [("inventory_number", 5), ("type_id", "uno"), ("type_id", 1.5), ("type_id", True), ("brand", ["x"]),
              ("cost", "caro"), ("cost", -5), ("acquired_on", 20260101), ("warranty_end", "ayer"),
              ("area_id", "DSI"), ("area_id", 999999), ("parent_id", 999999), ("condition", "excelente"),
              ("fields", "x"), ("fields", {"nada": 1}, "fields.nada"), ("notes", 7)],
             ("brand", 100)),
            ("PATCH", f"{AS}/{t}", {"notes": "Otra nota"}, (),
             [("inventory_number", "mal"), ("type_id", 999999), ("status", "asignado"), ("custodian_id", p),
              ("cost", "x"), ("warranty_end", "2026-02-30"), ("parent_id", t), ("condition", 3),
              ("fields", {"nada": 1}, "fields.nada")],
             ("notes", 4000)),
            ("POST", f"{AS}/types", {"code": "NUEVO", "name": "Tipo nuevo"}, ("code", "name"),
             [("code", "minúsculas"), ("code", 5), ("name", False), ("fields", "x"), ("active", "sí"),
              ("fields", [{"key": "Mal", "label": "x", "type": "text"}], "fields[0].key"),
              ("fields", [{"key": "x", "label": "x", "type": "boolean"}], "fields[0].type")],
             ("name", 120)),
            ("PATCH", f"{AS}/types/{self.type['id']}", {"name": "Otro nombre"}, (),
             [("code", "a b"), ("active", 1), ("fields", [{"key": "x"}], "fields[0].label")], ("name", 120)),
            ("PATCH", f"{AS}/settings", {"folio_prefix": "RES"}, (),
             [("inventory_pattern", "(["), ("inventory_pattern", 5), ("label_base_url", "ftp://x"),
              ("folio_prefix", "res"), ("folio_prefix", None)], None),
            ("POST", f"{AS}/{t}/status", {"status": "en_reparacion", "reason": "Revisión"}, ("status", "reason"),
             [("status", "perdido"), ("status", 1), ("reason", 5), ("reason", "  ")], ("reason", 1000)),
            ("POST", f"{AS}/custody/assign", {"person_id": p, "asset_ids": [t]}, ("person_id", "asset_ids"),
             [("person_id", "x"), ("person_id", 999999), ("asset_ids", []), ("asset_ids", "1"), ("asset_ids", [0]),
              ("asset_ids", [t, t]), ("asset_ids", [999999]), ("asset_ids", list(range(1, 502))),
              ("condition", "nuevo"), ("notes", 5)],
             ("notes", 2000)),
            ("POST", f"{AS}/custody/transfer", {"asset_ids": [t], "to_person_id": p}, ("asset_ids", "to_person_id"),
             [("to_person_id", "x"), ("to_person_id", 999999), ("asset_ids", [999999]), ("asset_ids", {"id": t})],
             ("notes", 2000)),
            ("POST", f"{AS}/custody/return", {"asset_ids": [t]}, ("asset_ids",),
             [("asset_ids", []), ("asset_ids", ["x"]), ("asset_ids", [999999])], ("notes", 2000)),
            ("POST", f"{AS}/custody/people/{p}/no-adeudo", {"notes": "Para su finiquito"}, (),
             [("notes", 5), ("notes", ["x"])], ("notes", 2000)),
            ("POST", f"{AS}/loans", {"asset_id": t, "person_id": p, "due_on": local_date(7)},
             ("asset_id", "person_id", "due_on"),
             [("asset_id", "x"), ("asset_id", 999999), ("person_id", 999999), ("due_on", "mañana"),
              ("due_on", local_date(-1)), ("due_on", local_date(366)), ("due_on", 20270101)],
             ("notes", 2000)),
            ("POST", f"{AS}/loans/{self.loan['id']}/return", {"condition": "bueno"}, (),
             [("condition", "nuevo"), ("notes", 5)], ("notes", 2000)),
            ("POST", f"{AS}/labels", {"format": "letter-30", "asset_ids": [t]}, ("format",),
             [("format", "carta"), ("format", 3), ("skip", 30), ("skip", -1), ("skip", "x"), ("asset_ids", [999999]),
              ("asset_ids", "x"), ("filter", {"color": "rojo"}, "filter.color"),
              ("filter", {"type_id": "x"}, "filter.type_id")],
             ("format", 40)),
            ("POST", f"{AS}/campaigns", {"name": "Levantamiento", "area_ids": [self.area["id"]]}, ("name", "area_ids"),
             [("area_ids", []), ("area_ids", [999999]), ("area_ids", "1"), ("name", 5), ("name", " ")],
             ("name", 200)),
            ("POST", f"{AS}/campaigns/{self.campaign['id']}/scans", {"inventory_number": "OAX-NOX-00001"},
             ("inventory_number",), [("inventory_number", 5), ("building", ["x"]), ("note", {"a": 1})],
             ("inventory_number", 60)),
            ("POST", f"{AS}/disposals", {"asset_ids": [t], "reason": "Obsoleto"}, ("asset_ids", "reason"),
             [("asset_ids", [999999]), ("reason", "  "), ("opinion_ref", 5)], ("reason", 2000)),
            ("POST", f"{AS}/disposals/{self.disposal['id']}/approve", {"notes": "Procede"}, (),
             [("notes", 5), ("opinion_ref", [1])], ("notes", 2000)),
            ("POST", f"{AS}/disposals/{self.disposal['id']}/reject", {"notes": "No procede"}, (),
             [("notes", ""), ("notes", 5)], ("notes", 2000)),
        ]

    def check(self, method, path, raw, status, field=None, statuses=None, client=None,
              content_type="application/json"):
        before = self.snapshot()
        if isinstance(raw, (dict, list)):
            raw = json.dumps(raw, ensure_ascii=False).encode()
        r = (client or self.admin).request(method, path, body=raw, content_type=content_type)
        self.assertProblem(r, status, field=field, statuses=statuses)
        self.assertEqual(self.snapshot(), before, f"{method} {path}: la base cambió tras una solicitud rechazada")
        return r

    def test_malformed_json_is_400(self):
        for method, path, *_ in self.routes():
            for raw in (b'{"notes": ', b"no es json", b'{"a":1}}'):
                with self.subTest(route=f"{method} {path}", body=raw):
                    self.check(method, path, raw, 400)

    def test_body_that_is_not_an_object_is_refused(self):
        for method, path, *_ in self.routes():
            with self.subTest(route=f"{method} {path}"):
                self.check(method, path, b"[]", 422, statuses=(400, 422))

    def test_unknown_field_is_422(self):
        for method, path, valid, *_ in self.routes():
            with self.subTest(route=f"{method} {path}"):
                self.check(method, path, {**valid, "es_admin": True}, 422, field="es_admin")

    def test_missing_required_field_is_422(self):
        for method, path, valid, required, *_ in self.routes():
            for field in required:
                with self.subTest(route=f"{method} {path}", field=field):
                    body = dict(valid)
                    body.pop(field)
                    self.check(method, path, body, 422, field=field)

    def test_wrong_types_and_values_are_422_naming_the_field(self):
        for method, path, valid, _, wrong, _ in self.routes():
            for field, value, *named in wrong:
                with self.subTest(route=f"{method} {path}", field=field, value=value):
                    self.check(method, path, {**valid, field: value}, 422, field=named[0] if named else field)

    def test_over_long_strings_are_422(self):
        for method, path, valid, _, _, long in self.routes():
            if not long:
                continue
            field, limit = long
            with self.subTest(route=f"{method} {path}", field=field):
                self.check(method, path, {**valid, field: "x" * (limit + 1)}, 422, field=field)

    def test_wrong_content_type_is_415(self):
        for method, path, valid, *_ in self.routes():
            with self.subTest(route=f"{method} {path}"):
                self.check(method, path, json.dumps(valid).encode(), 415, content_type="text/plain")

    def test_bad_query_parameters_and_ids(self):
        for path in (f"{AS}?status=perdido", f"{AS}?warranty=roja", f"{AS}?sort=precio", f"{AS}?type_id=x",
                     f"{AS}?per_page=500", f"{AS}?include_disposed=tal", f"{AS}?q=" + "x" * 201,
                     f"{AS}/export?format=pdf", f"{AS}/export?status=perdido", f"{AS}/lookup",
                     f"{AS}/lookup?number=%20", f"{AS}/custody/documents?kind=otro",
                     f"{AS}/custody/documents?person_id=x", f"{AS}/{self.target['id']}/events?page=0",
                     f"{AS}/campaigns/{self.campaign['id']}/report?format=doc",
                     f"{AS}/campaigns/{self.campaign['id']}/scans?per_page=0"):
            with self.subTest(path=path):
                self.assertProblem(self.admin.get(path), 422, statuses=(400, 422))
        for path in (f"{AS}/abc/events", f"{AS}/0", f"{AS}/99999999", f"{AS}/lookup?number=OAX-NOX-99999",
                     f"{AS}/custody/documents/99999999", f"{AS}/custody/documents/99999999/pdf",
                     f"{AS}/custody/people/99999999", f"{AS}/campaigns/99999999", f"{AS}/disposals/99999999",
                     f"{AS}/attachments/99999999"):
            with self.subTest(path=path):
                self.assertProblem(self.admin.get(path), 404, statuses=(400, 404, 422))

    def test_bad_import_requests(self):
        before = self.snapshot()
        csv_ok = "inventory_number,type\nOAX-QQQ-00001,LAP\n".encode()
        cases = [
            ("format=pdf", csv_ok, "format"),
            ("format=csv", b"", "file"),
            ("format=csv&dry_run=tal", csv_ok, "dry_run"),
            ("format=csv&mapping=" + urllib.parse.quote("{no es json"), csv_ok, "mapping"),
            ("format=csv&mapping=" + urllib.parse.quote(json.dumps({"Clave": "inventory_number"})), csv_ok,
             "mapping.Clave"),
            ("format=csv&mapping=" + urllib.parse.quote(json.dumps({"type": "color"})), csv_ok, "mapping.type"),
            ("format=csv&mapping=" + urllib.parse.quote(json.dumps({"inventory_number": "serial", "type": "type"})),
             csv_ok, "mapping"),
            ("format=csv", "tipo,marca\nLAP,Dell\n".encode(), "mapping"),
            ("format=xlsx", b"PK\x03\x04 no es un xlsx", None),
        ]
        for query, body, field in cases:
            with self.subTest(query=query):
                r = octet(self.admin, "POST", f"{AS}/import?{query}", body)
                self.assertProblem(r, 422, field=field, statuses=(400, 422))
        r = self.admin.request("POST", f"{AS}/import?format=csv&dry_run=false", body=csv_ok, content_type="text/csv")
        self.assertProblem(r, 415)
        self.assertProblem(octet(self.tec, "POST", f"{AS}/import?format=csv&dry_run=false", csv_ok), 403)
        self.assertEqual(self.snapshot(), before)
        self.assertProblem(self.admin.get(f"{AS}/lookup?number=OAX-QQQ-00001"), 404)


class Register(RegisterTests, TypesAndSettingsTests, BadInputTests, AssetsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_up_bad_input()


# ---------------------------------------------------------------------------------------------
class ListTests:
    """Lists with filters and pages over a dedicated area, so other tests cannot change the counts."""

    @classmethod
    def set_up_lists(cls):
        cls.list_area = cls.new_area("Área de listas")
        cls.holder = cls.new_person("Anaís Güémez Ríos", cls.list_area["id"])
        area = cls.list_area["id"]
        cls.listed = {}
        specs = [("vigente", "LAP", {"warranty_end": local_date(200), "building": "Torre A"}),
                 ("por_vencer", "LAP", {"warranty_end": local_date(30), "building": "Torre A"}),
                 ("vencida", "LAP", {"warranty_end": local_date(-1), "building": "Torre B"}),
                 ("hoy", "MON", {"warranty_end": local_date(0), "building": "Torre B"}),
                 ("serie", "MON", {"serial": "SNQ-XYZ-777", "brand": "Hisense"}),
                 ("asignado", "MON", {}),
                 ("reparacion", "PRY", {}),
                 ("baja", "PRY", {})]
        for i in range(4):
            specs.append((f"relleno{i}", "TAB", {}))
        for name, code, extra in specs:
            cls.listed[name] = cls.new_asset(type_code=code, area_id=area, **extra)
        r = cls.tec.post(f"{AS}/custody/assign", {"person_id": cls.holder["id"],
                                                  "asset_ids": [cls.listed["asignado"]["id"]]})
        assert r.status == 201, r
        r = cls.tec.post(f"{AS}/{cls.listed['reparacion']['id']}/status", {"status": "en_reparacion", "reason": "Foco"})
        assert r.status == 200, r
        r = cls.tec.post(f"{AS}/disposals", {"asset_ids": [cls.listed["baja"]["id"]], "reason": "Lámpara fundida"})
        assert r.status == 201, r
        r = cls.admin.post(f"{AS}/disposals/{r.json()['id']}/approve", {"notes": "Procede"})
        assert r.status == 200, r

    def in_area(self, query="", client=None):
        return set(self.ids(f"{AS}?area_id={self.list_area['id']}{query}", client))

    def expect(self, *names):
        return {self.listed[n]["id"] for n in names}

    def test_filters(self):
        everything = set(self.listed) - {"baja"}
        self.assertEqual(self.in_area(), self.expect(*everything))
        self.assertEqual(self.in_area(f"&type_id={self.types['MON']['id']}"), self.expect("hoy", "serie", "asignado"))
        self.assertEqual(self.in_area("&status=asignado"), self.expect("asignado"))
        self.assertEqual(self.in_area("&status=en_reparacion"), self.expect("reparacion"))
        self.assertEqual(self.in_area(f"&custodian_id={self.holder['id']}"), self.expect("asignado"))
        self.assertEqual(set(self.ids(f"{AS}?custodian_id={self.holder['id']}")), self.expect("asignado"))
        self.assertEqual(self.in_area("&building=" + urllib.parse.quote("Torre A")),
                         self.expect("vigente", "por_vencer"))
        self.assertEqual(self.in_area("&warranty=vigente"), self.expect("vigente", "por_vencer", "hoy"))
        self.assertEqual(self.in_area("&warranty=por_vencer"), self.expect("por_vencer", "hoy"))
        self.assertEqual(self.in_area("&warranty=vencida"), self.expect("vencida"))
        self.assertEqual(self.in_area(f"&type_id={self.types['LAP']['id']}&warranty=vigente"),
                         self.expect("vigente", "por_vencer"))

    def test_search_matches_number_serial_brand_model_and_custodian_without_accents(self):
        serie = self.listed["serie"]
        for q in ("SNQ-XYZ-777", "snq-xyz", "hisense", serie["inventory_number"].lower()):
            with self.subTest(q=q):
                self.assertEqual(set(self.ids(f"{AS}?q=" + urllib.parse.quote(q))), {serie["id"]})
        for q in ("anais guemez", "Anaís Güémez", "GUEMEZ RIOS"):
            with self.subTest(q=q):
                self.assertEqual(set(self.ids(f"{AS}?q=" + urllib.parse.quote(q))), self.expect("asignado"))
        self.assertEqual(self.in_area("&q=" + urllib.parse.quote("no existe tal cosa")), set())
        for q in ("'", "%", "_", "100%_x", "a' OR '1'='1"):
            with self.subTest(q=q):
                self.assertEqual(self.assertStatus(self.admin.get(f"{AS}?q=" + urllib.parse.quote(q)), 200).json()
                                 ["total"], 0)

    def test_pagination_and_sort(self):
        area = self.list_area["id"]
        expected = sorted((a["inventory_number"], a["id"]) for n, a in self.listed.items() if n != "baja")
        pages = []
        for page in (1, 2, 3, 4):
            body = self.assertStatus(self.admin.get(f"{AS}?area_id={area}&per_page=5&page={page}"), 200).json()
            self.assertEqual((body["total"], body["page"], body["per_page"]), (11, page, 5))
            pages.append([(a["inventory_number"], a["id"]) for a in body["items"]])
        self.assertEqual([len(p) for p in pages], [5, 5, 1, 0])
        self.assertEqual(pages[0] + pages[1] + pages[2], expected)
        desc = self.admin.get(f"{AS}?area_id={area}&sort=-inventory_number&per_page=200").json()["items"]
        self.assertEqual([(a["inventory_number"], a["id"]) for a in desc], expected[::-1])

    def test_disposed_assets_are_hidden_unless_asked_for(self):
        baja = self.listed["baja"]["id"]
        self.assertNotIn(baja, self.in_area())
        self.assertIn(baja, self.in_area("&include_disposed=true"))
        self.assertEqual(self.in_area("&status=dado_de_baja"), {baja})
        self.assertEqual(len(self.in_area("&include_disposed=true")), 12)
        self.assertEqual(self.asset(baja)["status"], "dado_de_baja")
        self.assertProblem(self.tec.patch(f"{AS}/{baja}", {"notes": "x"}), 409, code="asset.disposed")


class VisibilityTests:
    """assets.read_own: one's own custody and loans only; anything else does not exist."""

    def test_solicitante_lists_only_the_assets_in_their_custody(self):
        me = self.sol.user["person_id"]
        mine = self.assertStatus(self.sol.get(AS), 200).json()
        self.assertEqual({a["inventory_number"] for a in mine["items"]}, {"OAX-CPU-00001", "OAX-MON-00001"})
        self.assertEqual({a["id"] for a in mine["items"]}, set(self.ids(f"{AS}?custodian_id={me}")))
        self.assertTrue(all(a["custodian_id"] == me for a in mine["items"]))
        # Filters cannot widen it.
        other_area = self.area_by_code("DSI-REDES")["id"]
        self.assertEqual(self.sol.get(f"{AS}?area_id={other_area}").json()["total"], 0)
        self.assertEqual(self.sol.get(f"{AS}?include_disposed=true").json()["total"], 2)
        self.assertEqual(self.sol.get(f"{AS}?q=OAX").json()["total"], 2)
        own = self.assertStatus(self.sol.get(f"{AS}/{mine['items'][0]['id']}"), 200).json()
        self.assertEqual(own["can"], {"write": False, "custody": False, "loan": False, "dispose": False})
        self.assertEqual(own["custody"]["folio"], f"RES-{local_year()}-000001")

    def test_loans_count_as_ones_own(self):
        items = self.assertStatus(self.dif.get(AS), 200).json()["items"]
        self.assertEqual([a["status"] for a in items], ["en_prestamo"])
        a = self.assertStatus(self.dif.get(f"{AS}/{items[0]['id']}"), 200).json()
        self.assertEqual((a["loan"]["person_id"], a["loan"]["state"], a["type_name"]),
                         (self.dif.user["person_id"], "activo", "Laptop"))
        self.assertEqual(a["loan"]["due_on"], local_date(10))

    def test_another_asset_is_not_found_for_the_solicitante(self):
        me = self.sol.user["person_id"]
        other = [a for a in self.admin.all_items(f"{AS}?status=asignado") if a["custodian_id"] != me][0]
        other = self.asset(other["id"])
        number = other["inventory_number"]
        for path in (f"{AS}/{other['id']}", f"{AS}/{other['id']}/events", f"{AS}/lookup?number={number}"):
            with self.subTest(path=path):
                r = self.sol.get(path)
                self.assertProblem(r, 404, code="asset.not_found")
                self.assertNotIn(number.encode(), r.body)
        doc = other["custody"]["document_id"]
        self.assertProblem(self.sol.get(f"{AS}/custody/documents/{doc}"), 404)
        self.assertProblem(self.sol.get(f"{AS}/custody/documents/{doc}/pdf"), 404)
        self.assertProblem(self.sol.get(f"{AS}/custody/people/{other['custodian_id']}"), 404)
        docs = self.assertStatus(self.sol.get(f"{AS}/custody/documents?person_id={other['custodian_id']}"),
                                 200).json()["items"]
        self.assertEqual({d["person_id"] for d in docs}, {self.sol.user["person_id"]})
        page = self.assertStatus(self.sol.get(f"{AS}/custody/people/{self.sol.user['person_id']}"), 200).json()
        self.assertEqual({a["inventory_number"] for a in page["assets"]}, {"OAX-CPU-00001", "OAX-MON-00001"})
        self.assertEqual(page["person"]["full_name"], "Noé Ruiz Olivera")

    def test_solicitante_cannot_write_or_reach_what_needs_read_all(self):
        own = self.sol.get(AS).json()["items"][0]
        before = (self.asset(own["id"]), self.admin.total(f"{AS}?include_disposed=true"),
                  self.admin.total(f"{AS}/custody/documents"))
        writes = [("POST", AS, {"inventory_number": self.number(), "type_id": self.types["LAP"]["id"]}),
                  ("PATCH", f"{AS}/{own['id']}", {"notes": "Mío"}),
                  ("POST", f"{AS}/{own['id']}/status", {"status": "en_reparacion", "reason": "No prende"}),
                  ("POST", f"{AS}/custody/return", {"asset_ids": [own["id"]]}),
                  ("POST", f"{AS}/custody/assign", {"person_id": self.sol.user["person_id"], "asset_ids": [own["id"]]}),
                  ("POST", f"{AS}/custody/people/{self.sol.user['person_id']}/no-adeudo", {}),
                  ("POST", f"{AS}/loans", {"asset_id": own["id"], "person_id": self.sol.user["person_id"],
                                           "due_on": local_date(3)}),
                  ("POST", f"{AS}/labels", {"format": "letter-30", "asset_ids": [own["id"]]}),
                  ("POST", f"{AS}/disposals", {"asset_ids": [own["id"]], "reason": "Ya no sirve"})]
        for method, path, body in writes:
            with self.subTest(call=f"{method} {path}"):
                self.assertProblem(self.sol.request(method, path, json_body=body), 403)
        r = octet(self.sol, "POST", f"{AS}/{own['id']}/attachments?filename=x.txt", b"hola\n")
        self.assertProblem(r, 403)
        for path in (f"{AS}/settings", f"{AS}/export?format=csv", f"{AS}/labels/formats"):
            with self.subTest(path=path):
                self.assertProblem(self.sol.get(path), 403)
        self.assertEqual((self.asset(own["id"]), self.admin.total(f"{AS}?include_disposed=true"),
                          self.admin.total(f"{AS}/custody/documents")), before)

    def test_auditor_reads_everything_and_changes_nothing(self):
        self.assertEqual(self.auditor.total(AS), self.admin.total(AS))
        some = self.listed["vigente"]
        self.assertEqual(self.assertStatus(self.auditor.get(f"{AS}/{some['id']}"), 200).json()["inventory_number"],
                         some["inventory_number"])
        self.assertProblem(self.auditor.patch(f"{AS}/{some['id']}", {"notes": "x"}), 403)
        self.assertProblem(self.auditor.post(f"{AS}/custody/assign", {"person_id": self.holder["id"],
                                                                      "asset_ids": [some["id"]]}), 403)
        self.assertEqual(self.asset(some["id"])["status"], "en_almacen")


class ExportTests:
    """Export to CSV and XLSX; the XLSX goes back in through the import unchanged."""

    def test_csv_export_has_the_header_and_one_row_per_asset(self):
        area = self.list_area["id"]
        r = self.assertStatus(self.mesa.get(f"{AS}/export?format=csv&area_id={area}"), 200)
        self.assertEqual(r.content_type, "text/csv")
        self.assertIn(f'filename="bienes-{local_date()}.csv"', r.header("content-disposition"))
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        self.assertEqual(rows[0], [c for c, _ in EXPORT_COLUMNS])
        listed = self.admin.all_items(f"{AS}?area_id={area}")
        self.assertEqual([row[0] for row in rows[1:]], [a["inventory_number"] for a in listed])
        by_number = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
        assigned = by_number[self.listed["asignado"]["inventory_number"]]
        self.assertEqual((assigned["Estado"], assigned["Resguardante"], assigned["Área"], assigned["Tipo"]),
                         ("Asignado", "Anaís Güémez Ríos", self.list_area["name"], "Monitor"))
        self.assertEqual(by_number[self.listed["vencida"]["inventory_number"]]["Fin de garantía"], local_date(-1))
        self.assertNotIn(self.listed["baja"]["inventory_number"], by_number)
        r = self.assertStatus(self.mesa.get(f"{AS}/export?format=csv&area_id={area}&include_disposed=true"), 200)
        self.assertEqual(len(r.body.decode("utf-8-sig").strip().splitlines()), len(rows) + 1)

    def test_xlsx_export_imports_back_unchanged(self):
        r = self.assertStatus(self.admin.get(f"{AS}/export?format=xlsx"), 200)
        self.assertEqual(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertTrue(r.body.startswith(b"PK\x03\x04"))
        total = self.admin.total(AS)
        mapping = urllib.parse.quote(json.dumps(dict(EXPORT_COLUMNS), ensure_ascii=False))
        before = self.asset(self.listed["vigente"]["id"])
        imp = octet(self.admin, "POST", f"{AS}/import?format=xlsx&dry_run=false&mapping={mapping}", r.body)
        report = self.assertStatus(imp, 200).json()
        self.assertEqual(report, {"dry_run": False, "total": total, "created": 0, "updated": 0, "unchanged": total,
                                  "rejected": []})
        self.assertEqual(self.asset(self.listed["vigente"]["id"]), before)
        self.assertEqual(self.admin.total(AS), total)


class CampaignTests:
    """Physical inventory: scans reconciled against the register of the campaign's areas."""

    def test_campaign_scans_report_and_close(self):
        area = self.new_area("Área del levantamiento")
        place = {"building": "Palacio Municipal", "floor": "Planta baja", "office": "Caja 1"}
        a1, a2, a3 = (self.new_asset(area_id=area["id"], **place) for _ in range(3))
        elsewhere = self.new_asset(area_id=self.area_by_code("DSI-REDES")["id"])
        r = self.director.post(f"{AS}/campaigns", {"name": "Levantamiento de Cajas 2026", "area_ids": [area["id"]],
                                                   "notes": "Cierre de ejercicio"})
        c = self.assertStatus(r, 201).json()
        self.assertEqual((c["status"], c["closed_at"], c["areas"]), ("abierta", None,
                                                                     [{"id": area["id"], "name": area["name"]}]))
        self.assertEqual(c["counts"], {"expected": 3, "encontrado": 0, "otra_ubicacion": 0, "faltante": 3,
                                       "desconocido": 0, "scanned": 0})
        scans = f"{AS}/campaigns/{c['id']}/scans"

        def scan(number, **where):
            return self.assertStatus(self.tec.post(scans, {"inventory_number": number, **where}), 201).json()

        s = scan(a1["inventory_number"], **place)
        self.assertEqual((s["result"], s["asset_id"], s["scanned_by_name"]), ("encontrado", a1["id"],
                                                                             "Rodrigo Toledo Bautista"))
        self.assertEqual(scan(a2["inventory_number"], **place)["result"], "encontrado")
        s = scan(a2["inventory_number"], **{**place, "office": "Caja 2"}, note="Lo movieron")  # again: updates
        self.assertEqual((s["result"], s["office"], s["note"]), ("otra_ubicacion", "Caja 2", "Lo movieron"))
        s = scan("OAX-NOX-99999", building="Palacio Municipal")
        self.assertEqual((s["result"], s["asset_id"]), ("desconocido", None))
        self.assertEqual(scan(elsewhere["inventory_number"])["result"], "desconocido")
        self.assertEqual(self.events(a1["id"])[0]["kind"], "scan")

        counts = {"expected": 3, "encontrado": 1, "otra_ubicacion": 1, "faltante": 1, "desconocido": 2, "scanned": 4}
        self.assertEqual(self.assertStatus(self.mesa.get(f"{AS}/campaigns/{c['id']}"), 200).json()["counts"], counts)
        listed = self.assertStatus(self.mesa.get(scans), 200).json()
        self.assertEqual(listed["total"], 4)
        self.assertEqual({x["inventory_number"] for x in listed["items"]},
                         {a1["inventory_number"], a2["inventory_number"], "OAX-NOX-99999",
                          elsewhere["inventory_number"]})
        report = self.assertStatus(self.mesa.get(f"{AS}/campaigns/{c['id']}/report?format=json"), 200).json()
        self.assertEqual(report["campaign"]["counts"], counts)
        rows = {r["inventory_number"]: r for r in report["rows"]}
        self.assertEqual({n: r["result"] for n, r in rows.items()}, {
            a1["inventory_number"]: "encontrado", a2["inventory_number"]: "otra_ubicacion",
            a3["inventory_number"]: "faltante", "OAX-NOX-99999": "desconocido",
            elsewhere["inventory_number"]: "desconocido"})
        self.assertEqual((rows[a2["inventory_number"]]["registered_location"],
                          rows[a2["inventory_number"]]["found_location"]),
                         ("Palacio Municipal / Planta baja / Caja 1", "Palacio Municipal / Planta baja / Caja 2"))
        self.assertEqual(rows[a3["inventory_number"]]["found_location"], "")

        pdf = self.assertStatus(self.mesa.get(f"{AS}/campaigns/{c['id']}/report?format=pdf"), 200)
        self.assertEqual(pdf.content_type, "application/pdf")
        text = self.pdf_text(pdf.body)
        for needle in ("Levantamiento de Cajas 2026", a3["inventory_number"], "Faltante", "En otra ubicación", DSI):
            self.assertIn(needle, text)
        xlsx = self.assertStatus(self.mesa.get(f"{AS}/campaigns/{c['id']}/report?format=xlsx"), 200)
        self.assertEqual(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        with zipfile.ZipFile(io.BytesIO(xlsx.body)) as z:
            content = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/"))
        for needle in (a1["inventory_number"], a3["inventory_number"], "Ubicación encontrada", "Faltante"):
            self.assertIn(needle, content)

        self.assertProblem(self.tec.post(f"{AS}/campaigns/{c['id']}/close"), 403)
        closed = self.assertStatus(self.director.post(f"{AS}/campaigns/{c['id']}/close"), 200).json()
        self.assertEqual(closed["status"], "cerrada")
        self.assertIsNotNone(closed["closed_at"])
        self.assertEqual(closed["counts"], counts)
        self.assertProblem(self.tec.post(scans, {"inventory_number": a3["inventory_number"], **place}), 409,
                           code="campaign.closed")
        self.assertProblem(self.director.post(f"{AS}/campaigns/{c['id']}/close"), 409, code="campaign.closed")
        self.assertEqual(self.mesa.get(f"{AS}/campaigns/{c['id']}").json()["counts"], counts)

    def test_campaign_permissions(self):
        area = self.new_area("Área de permisos del levantamiento")
        self.assertProblem(self.tec.post(f"{AS}/campaigns", {"name": "No", "area_ids": [area["id"]]}), 403)
        c = self.assertStatus(self.admin.post(f"{AS}/campaigns", {"name": "Sí", "area_ids": [area["id"]]}), 201).json()
        r = self.mesa.post(f"{AS}/campaigns/{c['id']}/scans", {"inventory_number": "OAX-NOX-00001"})
        self.assertProblem(r, 403)
        self.assertProblem(self.sol.get(f"{AS}/campaigns/{c['id']}"), 403)
        self.assertEqual(self.mesa.get(f"{AS}/campaigns/{c['id']}").json()["counts"]["scanned"], 0)

    def test_campaign_list_by_status(self):
        area = self.new_area("Área de la lista de levantamientos")
        r = self.admin.post(f"{AS}/campaigns", {"name": "Lista", "area_ids": [area["id"]]})
        c = self.assertStatus(r, 201).json()
        open_ = self.assertStatus(self.mesa.get(f"{AS}/campaigns?status=abierta&per_page=200"), 200).json()
        self.assertIn(c["id"], [x["id"] for x in open_["items"]])
        self.assertTrue(all(x["status"] == "abierta" for x in open_["items"]))
        self.assertProblem(self.mesa.get(f"{AS}/campaigns?status=perdida"), 422, field="status")


class DisposalTests:
    """Bajas: requested by assets.write, decided by assets.manage."""

    def test_asset_in_custody_must_be_returned_first(self):
        person = self.new_person("Persona con resguardo para baja", self.new_area("Área de bajas")["id"])
        a = self.new_asset()
        self.assign(person["id"], [a["id"]])
        before = self.asset(a["id"])
        r = self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"]], "reason": "Obsoleto"})
        self.assertProblem(r, 409, field="asset_ids", code="disposal.in_custody")
        self.assertEqual(self.asset(a["id"]), before)
        self.assertStatus(self.tec.post(f"{AS}/custody/return", {"asset_ids": [a["id"]]}), 201)
        d = self.assertStatus(self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"]], "reason": "Obsoleto"}),
                              201).json()
        self.assertEqual(d["assets"][0]["status"], "baja_en_tramite")

    def test_request_and_approve(self):
        a, b = self.new_asset(), self.new_asset(type_code="MON")
        r = self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"], b["id"]], "reason": "Equipo obsoleto",
                                              "opinion_ref": "DT-2026-014"})
        d = self.assertStatus(r, 201).json()
        self.assertRegex(d["folio"], FOLIO.format(series="BAJ", year=local_year()))
        self.assertEqual((d["status"], d["reason"], d["opinion_ref"], d["requested_by_name"], d["decided_at"]),
                         ("solicitada", "Equipo obsoleto", "DT-2026-014", "Rodrigo Toledo Bautista", None))
        self.assertEqual({x["id"]: x["status"] for x in d["assets"]},
                         {a["id"]: "baja_en_tramite", b["id"]: "baja_en_tramite"})
        got = self.asset(a["id"], self.tec)
        self.assertEqual((got["status"], got["disposal_id"], got["can"]["dispose"], got["can"]["custody"]),
                         ("baja_en_tramite", d["id"], False, False))
        self.assertProblem(self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"]], "reason": "Otra vez"}), 409,
                           code="disposal.asset_not_available")
        self.assertProblem(self.tec.post(f"{AS}/disposals/{d['id']}/approve", {"notes": "Yo no decido"}), 403)
        self.assertEqual(self.assertStatus(self.auditor.get(f"{AS}/disposals/{d['id']}"), 200).json(), d)
        r = self.director.post(f"{AS}/disposals/{d['id']}/approve", {"notes": "Procede"})
        ok = self.assertStatus(r, 200).json()
        self.assertEqual((ok["status"], ok["decision_notes"], ok["decided_by_name"]),
                         ("aprobada", "Procede", self.director.user["display_name"]))
        self.assertIsNotNone(ok["decided_at"])
        for x in (a, b):
            self.assertEqual(self.asset(x["id"])["status"], "dado_de_baja")
            self.assertNotIn(x["id"], self.ids(f"{AS}?q={x['inventory_number']}"))
            self.assertIn(x["id"], self.ids(f"{AS}?q={x['inventory_number']}&include_disposed=true"))
        self.assertEqual([e["kind"] for e in self.events(a["id"])][:2], ["disposal", "disposal"])
        self.assertProblem(self.director.post(f"{AS}/disposals/{d['id']}/approve", {}), 409, code="disposal.decided")
        self.assertProblem(self.director.post(f"{AS}/disposals/{d['id']}/reject", {"notes": "Tarde"}), 409)
        self.assertProblem(self.tec.patch(f"{AS}/{a['id']}", {"notes": "x"}), 409, code="asset.disposed")

    def test_reject_requires_notes_and_returns_the_assets_to_storage(self):
        a = self.new_asset()
        d = self.assertStatus(self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"]], "reason": "Pantalla rota"}),
                              201).json()
        for body in ({}, {"notes": ""}, {"notes": "   "}):
            with self.subTest(body=body):
                self.assertProblem(self.admin.post(f"{AS}/disposals/{d['id']}/reject", body), 422, field="notes")
        self.assertEqual(self.admin.get(f"{AS}/disposals/{d['id']}").json()["status"], "solicitada")
        self.assertEqual(self.asset(a["id"])["status"], "baja_en_tramite")
        no = self.assertStatus(self.admin.post(f"{AS}/disposals/{d['id']}/reject",
                                               {"notes": "Se puede reparar"}), 200).json()
        self.assertEqual((no["status"], no["decision_notes"]), ("rechazada", "Se puede reparar"))
        self.assertEqual(self.asset(a["id"])["status"], "en_almacen")

    def test_disposal_list_by_status(self):
        a = self.new_asset()
        d = self.assertStatus(self.tec.post(f"{AS}/disposals", {"asset_ids": [a["id"]], "reason": "Lista"}),
                              201).json()
        listed = self.assertStatus(self.mesa.get(f"{AS}/disposals?status=solicitada&per_page=200"), 200).json()
        self.assertIn(d["id"], [x["id"] for x in listed["items"]])
        self.assertTrue(all(x["status"] == "solicitada" for x in listed["items"]))
        self.assertProblem(self.mesa.get(f"{AS}/disposals?status=perdida"), 422, field="status")


class ListsCampaignsDisposals(ListTests, VisibilityTests, ExportTests, CampaignTests, DisposalTests, AssetsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_up_lists()


# ---------------------------------------------------------------------------------------------
class CustodyTests:
    """Resguardos: assign, transfer, return and the carta de no adeudo, each with its stored PDF."""

    @classmethod
    def set_up_custody(cls):
        cls.ingresos = cls.area_by_code("TES-ING")

    def test_assign_writes_the_resguardo_with_its_pdf(self):
        person = self.new_person("José Ángel Ñúñez Pérez", self.ingresos["id"], "Auxiliar de cobranza")
        cpu = self.new_asset(type_code="CPU", brand="Dell", model="OptiPlex 3000", serial="CN0ÑAB123")
        mon = self.new_asset(type_code="MON", brand="Dell", model="P2422H", parent_id=cpu["id"])
        doc = self.assign(person["id"], [cpu["id"], mon["id"]], notes="Equipo de la ventanilla 4", condition="bueno")
        self.assertRegex(doc["folio"], FOLIO.format(series="RES", year=local_year()))
        self.assertEqual((doc["kind"], doc["person_id"], doc["person_name"], doc["position"], doc["area_name"]),
                         ("asignacion", person["id"], "José Ángel Ñúñez Pérez", "Auxiliar de cobranza",
                          "Dirección de Ingresos"))
        self.assertEqual((doc["previous_id"], doc["notes"], doc["asset_count"], doc["created_by_name"]),
                         (None, "Equipo de la ventanilla 4", 2, "Rodrigo Toledo Bautista"))
        self.assertEqual([x["inventory_number"] for x in doc["assets"]], [cpu["inventory_number"],
                                                                          mon["inventory_number"]])
        self.assertEqual(doc["pdf_url"], f"{AS}/custody/documents/{doc['id']}/pdf")
        for x in (cpu, mon):
            got = self.asset(x["id"])
            self.assertEqual((got["status"], got["custodian_id"], got["custodian_name"], got["area_id"]),
                             ("asignado", person["id"], "José Ángel Ñúñez Pérez", self.ingresos["id"]))
            self.assertEqual((got["custody"]["document_id"], got["custody"]["folio"]), (doc["id"], doc["folio"]))
            ev = self.events(x["id"])[0]
            self.assertEqual((ev["kind"], ev["document_id"]), ("custody", doc["id"]))
            self.assertIn(doc["folio"], ev["summary"])
        self.assertEqual(self.assertStatus(self.mesa.get(f"{AS}/custody/documents/{doc['id']}"), 200).json(), doc)

        pdf = self.assertStatus(self.mesa.get(doc["pdf_url"]), 200)
        self.assertEqual(pdf.content_type, "application/pdf")
        self.assertTrue(pdf.body.startswith(b"%PDF-"))
        self.assertIn(f'filename="{doc["folio"]}.pdf"', pdf.header("content-disposition"))
        text = self.pdf_text(pdf.body)
        for needle in ("RESGUARDO DE BIENES INFORMÁTICOS", doc["folio"], "José Ángel Ñúñez Pérez",
                       "Auxiliar de cobranza", "Dirección de Ingresos", cpu["inventory_number"],
                       mon["inventory_number"], "CN0ÑAB123", DSI, "Equipo de la ventanilla 4"):
            self.assertIn(needle, text)
        again = self.assertStatus(self.admin.get(doc["pdf_url"]), 200)
        self.assertEqual(again.body, pdf.body, "el PDF guardado cambió entre descargas")

    def test_only_assets_in_storage_can_be_assigned(self):
        person = self.new_person("Persona para asignar", self.ingresos["id"])
        other = self.new_person("Otra persona para asignar", self.ingresos["id"])
        held, free = self.new_asset(), self.new_asset()
        self.assign(person["id"], [held["id"]])
        before = (self.asset(held["id"]), self.asset(free["id"]), self.admin.total(f"{AS}/custody/documents"))
        r = self.tec.post(f"{AS}/custody/assign", {"person_id": other["id"], "asset_ids": [free["id"], held["id"]]})
        self.assertProblem(r, 409, code="custody.asset_not_available")
        self.assertEqual((self.asset(held["id"]), self.asset(free["id"]), self.admin.total(f"{AS}/custody/documents")),
                         before)
        inactive = self.new_person("Persona dada de baja", self.ingresos["id"])
        self.assertStatus(self.admin.delete(f"/api/v1/people/{inactive['id']}"), 204)
        r = self.tec.post(f"{AS}/custody/assign", {"person_id": inactive["id"], "asset_ids": [free["id"]]})
        self.assertProblem(r, 422, field="person_id", statuses=(404, 422))
        self.assertEqual(self.asset(free["id"])["status"], "en_almacen")

    def test_transfer_closes_the_old_custody_and_opens_a_new_one(self):
        first = self.new_person("Beatriz Ordóñez Cruz", self.ingresos["id"])
        second = self.new_person("Martín Peña Jiménez", self.area_by_code("TES-EGR")["id"], "Contador")
        a, b = self.new_asset(), self.new_asset(type_code="MON")
        old = self.assign(first["id"], [a["id"], b["id"]])
        r = self.tec.post(f"{AS}/custody/transfer", {"asset_ids": [a["id"], b["id"]], "to_person_id": second["id"],
                                                     "notes": "Cambio de adscripción"})
        out = self.assertStatus(r, 201).json()
        self.assertEqual(len(out["closed"]), 1)
        closed, opened = out["closed"][0], out["opened"]
        self.assertEqual((closed["kind"], closed["person_id"], closed["previous_id"], closed["previous_folio"]),
                         ("devolucion", first["id"], old["id"], old["folio"]))
        self.assertEqual((opened["kind"], opened["person_id"], opened["previous_id"], opened["previous_folio"]),
                         ("transferencia", second["id"], old["id"], old["folio"]))
        self.assertEqual(opened["area_name"], self.area_by_code("TES-EGR")["name"])
        self.assertEqual({x["id"] for x in opened["assets"]}, {a["id"], b["id"]})
        self.assertEqual({x["id"] for x in closed["assets"]}, {a["id"], b["id"]})
        for d in (closed, opened):
            self.assertRegex(d["folio"], FOLIO.format(series="RES", year=local_year()))
        self.assertEqual(len({old["folio"], closed["folio"], opened["folio"]}), 3)
        for x in (a, b):
            got = self.asset(x["id"])
            self.assertEqual((got["status"], got["custodian_id"], got["custody"]["document_id"]),
                             ("asignado", second["id"], opened["id"]))
            ev = self.events(x["id"])
            self.assertEqual([e["kind"] for e in ev], ["transfer", "custody", "created"])
            self.assertEqual(ev[0]["document_id"], opened["id"])
            self.assertEqual(ev[0]["changes"]["custodian"], {"from": "Beatriz Ordóñez Cruz",
                                                             "to": "Martín Peña Jiménez"})
        self.assertEqual({x["id"] for x in self.assertStatus(self.tec.get(
            f"{AS}/custody/people/{first['id']}"), 200).json()["assets"]}, set())
        text = self.pdf_text(self.admin.get(opened["pdf_url"]).body)
        for needle in ("Transferencia de resguardo", "Sustituye al resguardo", old["folio"], "Martín Peña Jiménez",
                       a["inventory_number"], b["inventory_number"]):
            self.assertIn(needle, text)
        text = self.pdf_text(self.admin.get(closed["pdf_url"]).body)
        for needle in ("CONSTANCIA DE DEVOLUCIÓN DE BIENES", "Beatriz Ordóñez Cruz", a["inventory_number"]):
            self.assertIn(needle, text)

    def test_transfer_refusals(self):
        person = self.new_person("Persona de transferencias", self.ingresos["id"])
        free, held = self.new_asset(), self.new_asset()
        self.assign(person["id"], [held["id"]])
        before = (self.asset(free["id"]), self.asset(held["id"]), self.admin.total(f"{AS}/custody/documents"))
        r = self.tec.post(f"{AS}/custody/transfer", {"asset_ids": [free["id"]], "to_person_id": person["id"]})
        self.assertProblem(r, 409, code="custody.not_in_custody")
        r = self.tec.post(f"{AS}/custody/transfer", {"asset_ids": [held["id"]], "to_person_id": person["id"]})
        self.assertProblem(r, 409, code="custody.same_person")
        r = self.tec.post(f"{AS}/custody/return", {"asset_ids": [free["id"]]})
        self.assertProblem(r, 409, code="custody.not_in_custody")
        self.assertEqual((self.asset(free["id"]), self.asset(held["id"]), self.admin.total(f"{AS}/custody/documents")),
                         before)

    def test_return_and_no_adeudo(self):
        person = self.new_person("Guadalupe Núñez Vásquez", self.ingresos["id"], "Cajera")
        a, b = self.new_asset(), self.new_asset(type_code="MON")
        self.assign(person["id"], [a["id"], b["id"]])
        no_adeudo = f"{AS}/custody/people/{person['id']}/no-adeudo"
        docs = self.admin.total(f"{AS}/custody/documents")
        r = self.tec.post(no_adeudo, {"notes": "Baja por renuncia"})
        p = self.assertProblem(r, 409, code="custody.has_assets")
        self.assertIn("2", p["detail"])
        self.assertEqual(self.admin.total(f"{AS}/custody/documents"), docs)

        out = self.assertStatus(self.tec.post(f"{AS}/custody/return", {"asset_ids": [a["id"]],
                                                                       "notes": "Devuelve la laptop"}), 201).json()
        self.assertEqual(len(out["documents"]), 1)
        ret = out["documents"][0]
        self.assertEqual((ret["kind"], ret["person_id"], [x["id"] for x in ret["assets"]]),
                         ("devolucion", person["id"], [a["id"]]))
        got = self.asset(a["id"])
        self.assertEqual((got["status"], got["custodian_id"], got["custody"]), ("en_almacen", None, None))
        self.assertEqual(self.events(a["id"])[0]["kind"], "return")
        self.assertEqual(self.events(a["id"])[0]["document_id"], ret["id"])
        self.assertProblem(self.tec.post(no_adeudo, {}), 409, code="custody.has_assets")

        self.assertStatus(self.tec.post(f"{AS}/custody/return", {"asset_ids": [b["id"]]}), 201)
        nad = self.assertStatus(self.tec.post(no_adeudo, {"notes": "Baja por renuncia"}), 201).json()
        self.assertRegex(nad["folio"], FOLIO.format(series="NAD", year=local_year()))
        self.assertEqual((nad["kind"], nad["person_name"], nad["assets"], nad["asset_count"]),
                         ("no_adeudo", "Guadalupe Núñez Vásquez", [], 0))
        pdf = self.assertStatus(self.admin.get(nad["pdf_url"]), 200)
        self.assertEqual(pdf.content_type, "application/pdf")
        text = self.pdf_text(pdf.body)
        for needle in ("NO ADEUDO", "Guadalupe Núñez Vásquez", "Cajera", "Dirección de Ingresos", nad["folio"], DSI,
                       "Baja por renuncia"):
            self.assertIn(needle, text)
        page = self.assertStatus(self.tec.get(f"{AS}/custody/people/{person['id']}"), 200).json()
        self.assertEqual((page["assets"], page["loans"]), ([], []))
        self.assertEqual([d["kind"] for d in page["documents"]], ["no_adeudo", "devolucion", "devolucion",
                                                                   "asignacion"])
        listed = self.assertStatus(self.mesa.get(f"{AS}/custody/documents?person_id={person['id']}&kind=devolucion"),
                                   200).json()
        self.assertEqual((listed["total"], {d["kind"] for d in listed["items"]}), (2, {"devolucion"}))
        self.assertNotIn("assets", listed["items"][0])

    def test_asset_under_repair_keeps_its_custodian_and_is_returned_from_repair(self):
        person = self.new_person("Persona con equipo en reparación", self.ingresos["id"])
        a = self.new_asset()
        self.assign(person["id"], [a["id"]])
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_reparacion", "reason": "Teclado dañado"})
        got = self.assertStatus(r, 200).json()
        self.assertEqual((got["status"], got["custodian_id"]), ("en_reparacion", person["id"]))
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_almacen", "reason": "x"})
        self.assertProblem(r, 409, code="asset.transition_invalid")
        r = self.tec.post(f"{AS}/{a['id']}/status", {"status": "asignado", "reason": "Reparado"})
        got = self.assertStatus(r, 200).json()
        self.assertEqual((got["status"], got["custodian_id"]), ("asignado", person["id"]))

    def test_return_from_repair_stays_in_repair_without_custodian(self):
        """docs/api-assets.md: an asset en_reparacion stays en_reparacion, now without custodian."""
        person = self.new_person("Persona que devuelve desde reparación", self.ingresos["id"])
        a = self.new_asset()
        self.assign(person["id"], [a["id"]])
        self.assertStatus(self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_reparacion", "reason": "Pantalla"}),
                          200)
        self.assertStatus(self.tec.post(f"{AS}/custody/return", {"asset_ids": [a["id"]]}), 201)
        got = self.asset(a["id"])
        self.assertEqual((got["custodian_id"], got["status"]), (None, "en_reparacion"))
        # Repaired, it goes back to storage (no custodian to return it to).
        self.assertStatus(self.tec.post(f"{AS}/{a['id']}/status", {"status": "en_almacen", "reason": "Reparada"}), 200)
        self.assertEqual(self.asset(a["id"])["status"], "en_almacen")


class LoanTests:
    """Préstamos: from storage, due today to a year ahead, overdue after the due date."""

    def test_loan_create_return_and_refusals(self):
        person = self.new_person("Laura Díaz Ordaz", self.ingresos["id"])
        a = self.new_asset()
        r = self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"], "due_on": local_date(0),
                                          "notes": "Curso de capacitación"})
        loan = self.assertStatus(r, 201).json()
        self.assertEqual((loan["asset_id"], loan["inventory_number"], loan["person_id"], loan["person_name"],
                          loan["area_name"], loan["due_on"], loan["returned_at"], loan["state"], loan["notes"]),
                         (a["id"], a["inventory_number"], person["id"], "Laura Díaz Ordaz", "Dirección de Ingresos",
                          local_date(0), None, "activo", "Curso de capacitación"))
        got = self.asset(a["id"])
        self.assertEqual((got["status"], got["loan"]["id"], got["loan"]["state"], got["can"]["loan"]),
                         ("en_prestamo", loan["id"], "activo", False))
        self.assertEqual(self.events(a["id"])[0]["kind"], "loan")
        page = self.assertStatus(self.tec.get(f"{AS}/custody/people/{person['id']}"), 200).json()
        self.assertEqual([(l["id"], l["state"]) for l in page["loans"]], [(loan["id"], "activo")])
        self.assertProblem(self.tec.post(f"{AS}/custody/people/{person['id']}/no-adeudo", {}), 409,
                           code="custody.has_assets")
        r = self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"], "due_on": local_date(1)})
        self.assertProblem(r, 409, code="loan.asset_not_available")
        self.assertProblem(self.tec.post(f"{AS}/custody/assign", {"person_id": person["id"], "asset_ids": [a["id"]]}),
                           409)

        back = self.assertStatus(self.tec.post(f"{AS}/loans/{loan['id']}/return",
                                               {"condition": "regular", "notes": "Con un rayón"}), 200).json()
        self.assertEqual(back["state"], "devuelto")
        self.assertIsNotNone(back["returned_at"])
        got = self.asset(a["id"])
        self.assertEqual((got["status"], got["loan"], got["condition"]), ("en_almacen", None, "regular"))
        self.assertEqual(self.events(a["id"])[0]["kind"], "loan_return")
        self.assertProblem(self.tec.post(f"{AS}/loans/{loan['id']}/return", {}), 409, code="loan.already_returned")
        self.assertProblem(self.tec.post(f"{AS}/loans/99999999/return", {}), 404)
        self.assertStatus(self.tec.post(f"{AS}/custody/people/{person['id']}/no-adeudo", {}), 201)

    def test_loan_of_an_assigned_asset_is_409(self):
        person = self.new_person("Persona con resguardo y préstamo", self.ingresos["id"])
        a = self.new_asset()
        self.assign(person["id"], [a["id"]])
        r = self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"], "due_on": local_date(5)})
        self.assertProblem(r, 409, field="asset_id", code="loan.asset_not_available")
        self.assertEqual((self.asset(a["id"])["status"], self.asset(a["id"])["loan"]), ("asignado", None))

    def test_due_date_limits(self):
        person = self.new_person("Persona de fechas de préstamo", self.ingresos["id"])
        a = self.new_asset()
        for due in (local_date(-1), local_date(366), "2026-02-30", "mañana"):
            with self.subTest(due=due):
                r = self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"], "due_on": due})
                self.assertProblem(r, 422, field="due_on")
        self.assertEqual(self.asset(a["id"])["status"], "en_almacen")
        r = self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"], "due_on": local_date(365)})
        self.assertEqual(self.assertStatus(r, 201).json()["due_on"], local_date(365))

    def test_a_loan_past_its_due_date_is_overdue(self):
        person = self.new_person("Persona con préstamo vencido", self.ingresos["id"])
        a = self.new_asset()
        loan = self.assertStatus(self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"],
                                                               "due_on": local_date(0)}), 201).json()
        self.assertEqual(self.asset(a["id"])["loan"]["state"], "activo")  # due today: still activo
        self.sql(f"UPDATE asset_loans SET due_on = '{local_date(-1)}' WHERE id = {loan['id']}")
        self.assertEqual(self.asset(a["id"])["loan"]["state"], "vencido")
        page = self.assertStatus(self.tec.get(f"{AS}/custody/people/{person['id']}"), 200).json()
        self.assertEqual([(l["id"], l["state"]) for l in page["loans"]], [(loan["id"], "vencido")])
        back = self.assertStatus(self.tec.post(f"{AS}/loans/{loan['id']}/return", {}), 200).json()
        self.assertEqual(back["state"], "devuelto")

    def test_loan_lists_by_state_and_person(self):
        person = self.new_person("Persona de la lista de préstamos", self.ingresos["id"])
        a, b = self.new_asset(), self.new_asset()
        l1 = self.assertStatus(self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"],
                                                             "due_on": local_date(3)}), 201).json()
        l2 = self.assertStatus(self.tec.post(f"{AS}/loans", {"asset_id": b["id"], "person_id": person["id"],
                                                             "due_on": local_date(0)}), 201).json()
        self.sql(f"UPDATE asset_loans SET due_on = '{local_date(-2)}' WHERE id = {l2['id']}")
        listed = self.assertStatus(self.mesa.get(f"{AS}/loans?person_id={person['id']}"), 200).json()
        self.assertEqual({(x["id"], x["state"]) for x in listed["items"]},
                         {(l1["id"], "activo"), (l2["id"], "vencido")})
        overdue = self.assertStatus(self.mesa.get(f"{AS}/loans?person_id={person['id']}&state=vencido"), 200).json()
        self.assertEqual([x["id"] for x in overdue["items"]], [l2["id"]])
        self.assertProblem(self.mesa.get(f"{AS}/loans?state=perdido"), 422, field="state")
        # The demo solicitante.dif sees their own loan only.
        own = self.assertStatus(self.dif.get(f"{AS}/loans?person_id={person['id']}"), 200).json()["items"]
        self.assertEqual({x["person_id"] for x in own}, {self.dif.user["person_id"]})

    def test_loan_state_activo_excludes_overdue_loans(self):
        """docs/api-assets.md: Loan state is activo, vencido (due date passed) or devuelto."""
        person = self.new_person("Persona con préstamos activo y vencido", self.ingresos["id"])
        a, b = self.new_asset(), self.new_asset()
        self.assertStatus(self.tec.post(f"{AS}/loans", {"asset_id": a["id"], "person_id": person["id"],
                                                        "due_on": local_date(3)}), 201)
        late = self.assertStatus(self.tec.post(f"{AS}/loans", {"asset_id": b["id"], "person_id": person["id"],
                                                               "due_on": local_date(0)}), 201).json()
        self.sql(f"UPDATE asset_loans SET due_on = '{local_date(-2)}' WHERE id = {late['id']}")
        active = self.assertStatus(self.mesa.get(f"{AS}/loans?person_id={person['id']}&state=activo"), 200).json()
        self.assertEqual({x["state"] for x in active["items"]}, {"activo"})


class LabelTests:
    """Labels: a Code 128 with the inventory number and a QR with the asset's page."""

    def decode_first_page(self, pdf):
        d = tempfile.mkdtemp(prefix="etiquetas-")
        try:
            with open(os.path.join(d, "e.pdf"), "wb") as f:
                f.write(pdf)
            subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", os.path.join(d, "e.pdf"),
                            os.path.join(d, "p")], check=True, capture_output=True)
            png = glob.glob(os.path.join(d, "p*.png"))
            self.assertEqual(len(png), 1, png)
            r = subprocess.run(["zbarimg", "--raw", "-q", png[0]], capture_output=True, text=True)
            return set(r.stdout.split())
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_formats(self):
        formats = {f["code"]: f for f in self.assertStatus(self.tec.get(f"{AS}/labels/formats"), 200).json()["items"]}
        self.assertEqual(set(formats), {"letter-30", "letter-20", "letter-10", "a4-24", "a4-65"})
        self.assertEqual((formats["letter-30"]["columns"], formats["letter-30"]["rows"], formats["letter-30"]["page"]),
                         (3, 10, "letter"))
        self.assertProblem(self.mesa.get(f"{AS}/labels/formats"), 403)

    def test_labels_carry_the_qr_url_and_the_barcode(self):
        assets = [self.new_asset(brand="Dell", model="Latitude 3440"), self.new_asset(type_code="MON"),
                  self.new_asset(type_code="PRY")]
        r = self.tec.post(f"{AS}/labels", {"format": "letter-30", "asset_ids": [a["id"] for a in assets]})
        self.assertStatus(r, 200)
        self.assertEqual(r.content_type, "application/pdf")
        self.assertIn(f'filename="etiquetas-{local_date()}.pdf"', r.header("content-disposition"))
        found = self.decode_first_page(r.body)
        base = self.settings["label_base_url"]
        expected = {f"{base}/activos/{a['id']}" for a in assets} | {a["inventory_number"] for a in assets}
        self.assertEqual(found, expected)
        self.assertEqual({f"{base}/activos/{a['id']}" for a in assets}, {a["url"] for a in assets})
        text = self.pdf_text(r.body)
        for a in assets:
            self.assertIn(a["inventory_number"], text)

    def test_labels_by_filter_and_skip(self):
        area = self.new_area("Área de etiquetas")
        assets = [self.new_asset(area_id=area["id"]) for _ in range(2)]
        r = self.tec.post(f"{AS}/labels", {"format": "letter-10", "skip": 9, "filter": {"area_id": area["id"]}})
        self.assertStatus(r, 200)
        # Skipping 9 of 10 positions leaves one label on page 1; the other goes to page 2.
        first = self.decode_first_page(r.body)
        self.assertEqual(len(first), 2, first)
        self.assertIn(assets[0]["inventory_number"], first)
        self.assertEqual(self.pdf_text(r.body, raw=True).count("\f"), 2)

    def test_label_refusals(self):
        a = self.new_asset()
        cases = [({"format": "carta", "asset_ids": [a["id"]]}, "format"),
                 ({"format": "letter-30"}, "asset_ids"),
                 ({"format": "letter-30", "asset_ids": [a["id"]], "skip": 30}, "skip"),
                 ({"format": "letter-30", "asset_ids": [999999]}, "asset_ids"),
                 ({"format": "letter-30", "filter": {"area_id": "x"}}, "filter.area_id"),
                 ({"format": "letter-30", "filter": {"nada": 1}}, "filter.nada")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertProblem(self.tec.post(f"{AS}/labels", body), 422, field=field)
        self.assertProblem(self.auditor.post(f"{AS}/labels", {"format": "letter-30", "asset_ids": [a["id"]]}), 403)


# ---------------------------------------------------------------------------------------------
class ImportTests:
    """Import: 10 000 rows with bad ones reported one by one, idempotent re-import, dry run."""

    ROWS = 10000

    @classmethod
    def set_up_import(cls):
        cls.mapping = {"No. Inventario": "inventory_number", "Clase": "type", "Marca": "brand", "Modelo": "model",
                       "Serie": "serial", "Adquirido": "acquired_on", "Importe": "cost", "Inmueble": "building",
                       "Dependencia": "area", "Estado físico": "condition", "Comentario": None}
        cls.header = list(cls.mapping)

    def csv(self, rows):
        def cell(v):
            v = str(v)
            return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v
        return ("\n".join(",".join(cell(v) for v in row) for row in [self.header] + rows) + "\n").encode("utf-8")

    def good_row(self, n, series="ZZ"):
        return [f"OAX-{series}-{n:05d}", "Laptop" if n % 2 else "LAP", "Lenovo", "ThinkPad E14 Gen 5", f"SN{n:07d}",
                "15/01/2025" if n % 3 == 0 else "2025-01-15", "18,990.50" if n % 2 else "18990.5",
                "Palacio Municipal", "TES-ING" if n % 2 else "Dirección de Ingresos", "Bueno", "sin importar"]

    def post(self, body, query="format=csv&dry_run=false", mapping=None, client=None):
        m = urllib.parse.quote(json.dumps(mapping or self.mapping, ensure_ascii=False))
        return octet(client or self.admin, "POST", f"{AS}/import?{query}&mapping={m}", body)

    def test_ten_thousand_rows_with_bad_ones_then_reimport(self):
        rows, rejected = [], []
        bad = {  # data row index → (what to change, field, words of the reason)
            100: ("type", "Cafetera", "type", "Tipo de bien desconocido"),
            2100: ("type", "CPUX", "type", "Tipo de bien desconocido"),
            4100: ("type", "", "type", "Falta el tipo"),
            6100: ("type", "Televisión", "type", "Tipo de bien desconocido"),
            200: ("acquired_on", "2025-02-30", "acquired_on", "Fecha no válida"),
            2200: ("acquired_on", "31/02/2025", "acquired_on", "Fecha no válida"),
            4200: ("acquired_on", "ayer", "acquired_on", "Fecha no válida"),
            6200: ("acquired_on", "2025/01/15", "acquired_on", "Fecha no válida"),
            300: ("number", "OAX-ZZ-00001", "inventory_number", "se repite"),
            2300: ("number", "OAX-ZZ-00002", "inventory_number", "se repite"),
            4300: ("number", "OAX-ZZ-03000", "inventory_number", "se repite"),
            9999: ("number", "OAX-ZZ-09000", "inventory_number", "se repite"),
            400: ("number", "OAX-Z9-00400", "inventory_number", "formato"),
            2400: ("number", "oax-zz-02400", "inventory_number", "formato"),
            4400: ("number", "OAX-ZZ-4400", "inventory_number", "formato"),
            6400: ("number", "ZZ-06400", "inventory_number", "formato"),
            500: ("cost", "caro", "cost", "costo"),
            2500: ("cost", "-5", "cost", "costo"),
            4500: ("cost", "1.234", "cost", "costo"),
            6500: ("cost", "12,34.5.6", "cost", "costo"),
        }
        column = {"type": 1, "acquired_on": 5, "cost": 6, "number": 0}
        good = 0
        for i in range(self.ROWS):
            row = self.good_row(i + 1)
            if i in bad:
                what, value, field, words = bad[i]
                row[column[what]] = value
                rejected.append((i + 2, row[0], field, words))
            else:
                good += 1
            rows.append(row)
        self.assertEqual((good, len(rejected)), (self.ROWS - 20, 20))
        body = self.csv(rows)
        before = self.exported_count()

        report = self.assertStatus(self.post(body), 200).json()
        self.assertEqual({k: report[k] for k in ("dry_run", "total", "created", "updated", "unchanged")},
                         {"dry_run": False, "total": self.ROWS, "created": good, "updated": 0, "unchanged": 0})
        got = sorted((r["row"], r["inventory_number"], r["field"], r["reason"]) for r in report["rejected"])
        self.assertEqual([g[:3] for g in got], [r[:3] for r in sorted(rejected)])
        for (_, _, _, reason), (_, _, _, words) in zip(got, sorted(rejected)):
            self.assertIn(words.lower(), reason.lower())
        # The list stops counting past 2,000 (total_capped); the export counts every asset.
        self.assertEqual(self.exported_count(), before + good)
        self.assertEqual(self.exported_count("q=OAX-ZZ"), good)
        listed = self.assertStatus(self.admin.get(f"{AS}?q=OAX-ZZ&per_page=50"), 200).json()
        self.assertEqual((listed["total"], listed.get("total_capped")), (2001, True))
        # One audit entry for the whole import, naming every created inventory number.
        entry = self.assertStatus(self.admin.get("/api/v1/audit?entity=asset_import&per_page=1"), 200).json()["items"][0]
        self.assertEqual(len(entry["changes"]["created"]["to"]), good)
        self.assertIn("OAX-ZZ-00003", entry["changes"]["created"]["to"])
        a = self.assertStatus(self.admin.get(f"{AS}/lookup?number=OAX-ZZ-00003"), 200).json()
        self.assertEqual((a["type_name"], a["brand"], a["serial"], a["acquired_on"], a["cost"], a["building"],
                          a["area_name"], a["condition"], a["status"]),
                         ("Laptop", "Lenovo", "SN0000003", "2025-01-15", 18990.5, "Palacio Municipal",
                          "Dirección de Ingresos", "bueno", "en_almacen"))
        self.assertEqual([e["summary"] for e in self.events(a["id"])], ["Alta por importación"])
        for i in (100, 200, 500):  # rows refused for type, date, cost: their numbers were not created
            self.assertProblem(self.admin.get(f"{AS}/lookup?number=OAX-ZZ-{i + 1:05d}"), 404)

        again = self.assertStatus(self.post(body), 200).json()
        self.assertEqual({k: again[k] for k in ("dry_run", "total", "created", "updated", "unchanged")},
                         {"dry_run": False, "total": self.ROWS, "created": 0, "updated": 0, "unchanged": good})
        self.assertEqual(again["rejected"], report["rejected"])
        self.assertEqual(self.exported_count(), before + good)
        self.assertEqual(len(self.events(a["id"])), 1)

    def test_dry_run_writes_nothing(self):
        rows = [self.good_row(n, "DRY") for n in range(1, 51)]
        rows.append(["OAX-DRY-9", "LAP", "", "", "", "", "", "", "", "", ""])
        body = self.csv(rows)
        before = self.admin.total(f"{AS}?include_disposed=true")
        audit = self.admin.total("/api/v1/audit?entity=asset")
        for query in ("format=csv&dry_run=true", "format=csv"):
            with self.subTest(query=query):
                report = self.assertStatus(self.post(body, query), 200).json()
                self.assertEqual({k: report[k] for k in ("dry_run", "total", "created", "updated", "unchanged")},
                                 {"dry_run": True, "total": 51, "created": 50, "updated": 0, "unchanged": 0})
                self.assertEqual([(r["row"], r["field"]) for r in report["rejected"]], [(52, "inventory_number")])
        self.assertEqual(self.admin.total(f"{AS}?include_disposed=true"), before)
        self.assertEqual(self.admin.total("/api/v1/audit?entity=asset"), audit)
        self.assertProblem(self.admin.get(f"{AS}/lookup?number=OAX-DRY-00001"), 404)
        report = self.assertStatus(self.post(body), 200).json()
        self.assertEqual((report["dry_run"], report["created"]), (False, 50))
        self.assertEqual(self.admin.total(f"{AS}?include_disposed=true"), before + 50)

    def test_existing_numbers_update_only_the_columns_present(self):
        a = self.new_asset(brand="HP", model="EliteBook 840", serial="SN-ORIG", notes="Nota original",
                           cost=21000)
        header = ["inventario", "marca", "costo"]
        body = ("\n".join([",".join(header), f"{a['inventory_number']},HP Inc.,\"22,000.00\""]) + "\n").encode()
        report = self.assertStatus(octet(self.admin, "POST", f"{AS}/import?format=csv&dry_run=false", body),
                                   200).json()
        self.assertEqual((report["created"], report["updated"], report["unchanged"], report["rejected"]),
                         (0, 1, 0, []))
        got = self.asset(a["id"])
        self.assertEqual((got["brand"], got["cost"], got["model"], got["serial"], got["notes"]),
                         ("HP Inc.", 22000, "EliteBook 840", "SN-ORIG", "Nota original"))
        ev = self.events(a["id"])[0]
        self.assertEqual((ev["kind"], ev["summary"]), ("updated", "Datos actualizados por importación"))
        self.assertEqual(ev["changes"]["brand"], {"from": "HP", "to": "HP Inc."})
        report = self.assertStatus(octet(self.admin, "POST", f"{AS}/import?format=csv&dry_run=false", body),
                                   200).json()
        self.assertEqual((report["updated"], report["unchanged"]), (0, 1))

    def test_numeric_custom_fields_import_from_text_cells(self):
        """A CSV cell is text: a `number` custom field (CPU ram_gb) must accept "16"."""
        body = b"inventory_number,type,fields.ram_gb,fields.procesador\nOAX-CPU-88888,CPU,16,Intel Core i7\n"
        report = self.assertStatus(octet(self.admin, "POST", f"{AS}/import?format=csv&dry_run=false", body),
                                   200).json()
        self.assertEqual((report["created"], report["rejected"]), (1, []))
        a = self.admin.get(f"{AS}/lookup?number=OAX-CPU-88888").json()
        self.assertEqual(a["fields"], {"ram_gb": 16, "procesador": "Intel Core i7"})

    def test_who_may_import(self):
        body = self.csv([self.good_row(1, "WHO")])
        for c in (self.tec, self.mesa, self.sol):
            with self.subTest(user=c.user["username"]):
                self.assertProblem(self.post(body, client=c), 403)
        self.assertProblem(self.admin.get(f"{AS}/lookup?number=OAX-WHO-00001"), 404)
        self.assertEqual(self.assertStatus(self.post(body, client=self.director), 200).json()["created"], 1)


# One server per class costs seconds (demo data), so the themes above share three servers.
class CustodyLoansLabelsImport(CustodyTests, LoanTests, LabelTests, ImportTests, AssetsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_up_custody()
        cls.set_up_import()
