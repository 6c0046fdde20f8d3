"""The helpdesk (mesa de servicio) against the real server (docs/api-helpdesk.md): the
acceptance flow from the catalog to the satisfaction survey, what a solicitante may and may
not see or do, the status machine, bad input on every write route (refused with RFC 9457 and
nothing stored), attachments, priority, SLA clocks and pauses, assignment and escalation,
saved views and bulk actions, catalog administration, and the e-mail round trip through a real
SMTP server (tests/support/smtp_sink.py)."""

import email
import email.message
import email.policy
import json
import os
import shutil
import signal
import smtplib
import struct
import subprocess
import tempfile
import time
import urllib.parse
import uuid
import zlib

from base import ServerTestCase
from harness import DEMO_PASSWORD, free_port

HD = "/api/v1/helpdesk"
HERE = os.path.dirname(os.path.abspath(__file__))
SMTP_SINK = os.path.join(HERE, "..", "support", "smtp_sink.py")
# The sink needs aiosmtpd: Debian's python3-aiosmtpd lives beside /usr/bin/python3.
SINK_PYTHON = os.environ.get("TEQUIO_PYTHON", "/usr/bin/python3")
REPLY_MARKER = "## Escriba su respuesta arriba de esta línea ##"
MIB = 1024 * 1024


def uid():
    return uuid.uuid4().hex[:8]


def png_bytes():
    """A real 1×1 PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


class HelpdeskCase(ServerTestCase):
    """A server with demo data plus logged-in clients for the demo users the helpdesk needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sol = cls.login_user("solicitante")          # Noé Ruiz, Dirección de Ingresos
        cls.dif = cls.login_user("solicitante.dif")      # Noé Bolaños, Dirección de Asistencia Social
        cls.tec = cls.login_user("tecnico")              # Rodrigo Toledo, Soporte
        cls.tec_redes = cls.login_user("tecnico.redes")  # Juan Castellanos, Redes
        cls.mesa = cls.login_user("mesa")
        cls.auditor = cls.login_user("auditor")
        cls.categories = {c["code"]: c for c in cls.admin.all_items(f"{HD}/categories")}
        cls.queues = {q["name"]: q for q in cls.admin.get(f"{HD}/queues").json()["items"]}

    @classmethod
    def login_user(cls, username):
        c = cls.server.client()
        c.login(username, DEMO_PASSWORD)
        return c

    # --- helpers -----------------------------------------------------------------------
    def file(self, client, code="GENERAL", kind="solicitud", title=None, fields=None, **extra):
        body = {"kind": kind, "title": title or f"Ticket de prueba {uid()}",
                "description": "Descripción del ticket de prueba.", "category_id": self.categories[code]["id"]}
        if fields is not None:
            body["fields"] = fields
        body.update(extra)
        r = client.post(f"{HD}/tickets", body)
        self.assertStatus(r, 201)
        return r.json()

    def ticket(self, tid, client=None):
        return self.assertStatus((client or self.admin).get(f"{HD}/tickets/{tid}"), 200).json()

    def move(self, client, tid, status, comment=None, expect=200):
        body = {"status": status}
        if comment is not None:
            body["comment"] = comment
        r = client.post(f"{HD}/tickets/{tid}/transition", body)
        if expect == 200:
            self.assertStatus(r, 200)
        return r

    def resolved(self, client=None):
        t = self.file(client or self.sol)
        self.move(self.tec, t["id"], "resuelto", "Se atendió en sitio.")
        return t["id"]

    @staticmethod
    def stable(t):
        """A ticket without what the clock alone changes (SLA states), to compare before/after."""
        t = json.loads(json.dumps(t))
        t.pop("sla_state", None)
        for k in ("response_sla", "resolution_sla"):
            if isinstance(t.get(k), dict):
                t[k].pop("state", None)
                t[k].pop("explanation", None)
                t[k].pop("paused_minutes", None)
        t.pop("can", None)
        t.pop("allowed_transitions", None)
        return t


# ---------------------------------------------------------------------------------------------
class AcceptanceFlowTests:
    """From the catalog to the satisfaction survey (the acceptance flow)."""

    def test_software_request_from_catalog_to_rating(self):
        # The solicitante finds the category in the catalog, with its required extra field.
        found = self.assertStatus(self.sol.get(f"{HD}/categories?q=instalacion"), 200).json()["items"]
        cat = [c for c in found if c["name"] == "Instalación de software"]
        self.assertEqual(len(cat), 1, found)
        cat = cat[0]
        spec = {f["key"]: f for f in cat["fields"]}
        self.assertTrue(spec["software"]["required"])
        body = {"kind": "solicitud", "title": "Instalar LibreOffice en caja 2",
                "description": "Se requiere la paquetería de oficina para capturar los cortes.",
                "category_id": cat["id"]}
        before = self.admin.total(f"{HD}/tickets")
        self.assertProblem(self.sol.post(f"{HD}/tickets", body), 422, field="fields.software")
        self.assertEqual(self.admin.total(f"{HD}/tickets"), before)

        r = self.sol.post(f"{HD}/tickets", {**body, "fields": {"software": "LibreOffice 24.8"}})
        t = self.assertStatus(r, 201).json()
        tid = t["id"]
        self.assertEqual(t["number"], f"MS-{tid}")
        self.assertEqual((t["status"], t["kind"], t["channel"]), ("nuevo", "solicitud", "portal"))
        self.assertEqual(t["priority"], 4)  # category impact 3 + urgency 3
        self.assertEqual(t["requester_name"], "Noé Ruiz Olivera")
        self.assertEqual(t["area_name"], "Dirección de Ingresos")
        self.assertEqual(t["queue_name"], "Soporte técnico")
        self.assertEqual(t["fields"], {"software": "LibreOffice 24.8"})
        self.assertIn(tid, [i["id"] for i in self.sol.all_items(f"{HD}/tickets?scope=mine")])

        # The técnico takes it, replies and resolves it with a solution.
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{tid}/take"), 200).json()
        self.assertEqual((t["status"], t["assignee_id"]), ("asignado", self.tec.user["id"]))
        self.assertStatus(self.tec.post(f"{HD}/tickets/{tid}/entries",
                                        {"kind": "reply", "body": "Paso a instalarlo a las 11:00."}), 201)
        self.assertIsNotNone(self.ticket(tid)["first_response_at"])
        solution = "Se instaló LibreOffice 24.8 y se probó la captura de cortes."
        t = self.move(self.tec, tid, "resuelto", solution).json()
        self.assertEqual(t["status"], "resuelto")
        self.assertIsNotNone(t["resolved_at"])

        # The solicitante confirms and rates it.
        seen = self.ticket(tid, self.sol)
        self.assertTrue(seen["can"]["confirm"])
        self.assertTrue(seen["can"]["rate"])
        self.assertIn("cerrado", seen["allowed_transitions"])
        t = self.move(self.sol, tid, "cerrado").json()
        self.assertEqual(t["status"], "cerrado")
        self.assertIsNotNone(t["closed_at"])
        t = self.assertStatus(self.sol.post(f"{HD}/tickets/{tid}/survey",
                                            {"rating": 5, "comment": "Muy rápido, gracias."}), 200).json()
        self.assertEqual(t["satisfaction"]["rating"], 5)
        self.assertEqual(t["satisfaction"]["comment"], "Muy rápido, gracias.")
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/survey", {"rating": 1}), 409)
        self.assertEqual(self.ticket(tid)["satisfaction"]["rating"], 5)

        # The timeline tells the story, in order, to the solicitante too.
        timeline = self.ticket(tid, self.sol)["timeline"]
        steps = []
        for e in timeline:
            ch = e["changes"] or {}
            if e["kind"] == "event" and "status" in ch:
                steps.append(("status", ch["status"]["from"], ch["status"]["to"]))
            elif e["kind"] == "event" and "rating" in ch:
                steps.append(("rating", ch["rating"]["to"]))
            elif e["kind"] == "reply":
                steps.append(("reply", e["body"]))
        self.assertEqual(steps, [
            ("status", "nuevo", "asignado"),
            ("reply", "Paso a instalarlo a las 11:00."),
            ("status", "asignado", "resuelto"),
            ("reply", solution),
            ("status", "resuelto", "cerrado"),
            ("rating", 5),
        ])
        take = [e for e in timeline if e["kind"] == "event" and "assignee" in (e["changes"] or {})][0]
        self.assertEqual(take["changes"]["assignee"]["to"], "Rodrigo Toledo Bautista")
        self.assertTrue(all(e["visibility"] == "public" for e in timeline))
        self.assertEqual(self.ticket(tid, self.sol)["timeline_total"], len(timeline))

    def test_final_tickets_accept_no_more_conversation(self):
        tid = self.resolved()
        self.move(self.sol, tid, "cerrado")
        before = self.ticket(tid)
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/entries", {"kind": "reply", "body": "¿Sigue?"}), 409)
        self.assertProblem(self.tec.post(f"{HD}/tickets/{tid}/entries", {"kind": "note", "body": "x"}), 409)
        self.assertEqual(self.ticket(tid)["timeline_total"], before["timeline_total"])


# ---------------------------------------------------------------------------------------------
class SolicitanteVisibilityTests:
    """What a solicitante sees: own area only (others are 404), never internal notes."""

    @classmethod
    def set_up_visibility(cls):
        cls.word = "zorzalinterno"  # appears only in an internal note
        r = cls.dif.post(f"{HD}/tickets", {"kind": "reporte", "title": "Impresora atascada en asistencia social",
                                           "description": "La impresora de la oficina atasca cada hoja.",
                                           "category_id": cls.categories["SOP-IMPRESORA"]["id"]})
        assert r.status == 201, r
        cls.other = r.json()
        r = cls.sol.post(f"{HD}/tickets", {"kind": "reporte", "title": "Falla del equipo de ventanilla",
                                           "description": "El equipo de ventanilla 4 no enciende.",
                                           "category_id": cls.categories["SOP-FALLA-EQUIPO"]["id"]})
        assert r.status == 201, r
        cls.own = r.json()
        r = cls.tec.post(f"{HD}/tickets/{cls.own['id']}/entries",
                         {"kind": "note", "body": f"Revisar garantía con el proveedor ({cls.word})."})
        assert r.status == 201, r
        cls.note_id = r.json()["id"]
        r = cls.tec.post(f"{HD}/tickets/{cls.own['id']}/entries",
                         {"kind": "reply", "body": "Mañana revisamos el equipo de ventanilla."})
        assert r.status == 201, r

    def test_another_areas_ticket_is_not_found_and_not_listed(self):
        oid = self.other["id"]
        r = self.sol.get(f"{HD}/tickets/{oid}")
        self.assertProblem(r, 404, code="ticket.not_found")
        self.assertNotIn(b"asistencia", r.body)
        self.assertProblem(self.sol.get(f"{HD}/tickets/{oid}/entries"), 404)
        for query in ("", "?scope=all", "?scope=area", "?scope=mine", "?scope=assigned",
                      "?q=impresora", f"?area_id={self.other['area_id']}", "?status=nuevo"):
            with self.subTest(query=query):
                items = self.sol.all_items(f"{HD}/tickets{query}")
                self.assertNotIn(oid, [i["id"] for i in items])
                self.assertTrue(all(i["area_id"] == self.own["area_id"] for i in items), items)
        # The owner of that ticket and the staff do see it.
        self.assertStatus(self.dif.get(f"{HD}/tickets/{oid}"), 200)
        self.assertIn(oid, [i["id"] for i in self.tec.all_items(f"{HD}/tickets?q=impresora")])

    def test_internal_notes_are_hidden_from_the_solicitante(self):
        tid = self.own["id"]
        staff = self.ticket(tid, self.tec)
        self.assertIn(self.note_id, [e["id"] for e in staff["timeline"]])
        mine = self.ticket(tid, self.sol)
        self.assertEqual(mine["timeline_total"], staff["timeline_total"] - 1)
        self.assertNotIn(self.note_id, [e["id"] for e in mine["timeline"]])
        self.assertTrue(all(e["visibility"] == "public" for e in mine["timeline"]))
        self.assertNotIn(self.word.encode(), self.sol.get(f"{HD}/tickets/{tid}").body)
        entries = self.sol.all_items(f"{HD}/tickets/{tid}/entries")
        self.assertEqual(len(entries), mine["timeline_total"])
        self.assertNotIn(self.note_id, [e["id"] for e in entries])
        self.assertNotIn(self.word.encode(), self.sol.get(f"{HD}/tickets/{tid}/entries").body)
        self.assertFalse(mine["can"]["note"])

    def test_full_text_search_never_matches_internal_notes_for_the_solicitante(self):
        r = self.assertStatus(self.sol.get(f"{HD}/tickets?q={self.word}"), 200).json()
        self.assertEqual(r["total"], 0, r)
        self.assertNotIn(self.word, json.dumps(r))
        r = self.assertStatus(self.tec.get(f"{HD}/tickets?q={self.word}"), 200).json()
        self.assertEqual([i["id"] for i in r["items"]], [self.own["id"]])
        self.assertIn(f"«{self.word}»", r["items"][0]["highlight"])
        # A public word of the same conversation is found by both.
        for c in (self.sol, self.tec):
            r = self.assertStatus(c.get(f"{HD}/tickets?q=ventanilla"), 200).json()
            self.assertIn(self.own["id"], [i["id"] for i in r["items"]])

    def test_linked_tickets_of_another_area_stay_hidden(self):
        # Staff link another area's ticket as a child of the solicitante's ticket: the solicitante
        # must not learn its title through the parent's "children".
        parent = self.file(self.sol, title="Caída general de la red en Ingresos")
        child = self.file(self.dif, title="Caso reservado de asistencia social")
        self.assertStatus(self.tec.patch(f"{HD}/tickets/{child['id']}", {"parent_id": parent["id"]}), 200)
        staff = self.ticket(parent["id"], self.tec)
        self.assertIn(child["id"], [c["id"] for c in staff["children"]])
        r = self.assertStatus(self.sol.get(f"{HD}/tickets/{parent['id']}"), 200)
        self.assertNotIn("Caso reservado".encode(), r.body, "el solicitante ve el título de un ticket de otra área")
        self.assertNotIn(child["id"], [c["id"] for c in r.json()["children"]])

    def test_a_parent_of_another_area_is_refused_like_one_that_does_not_exist(self):
        # Otherwise the answer tells which ticket numbers exist, and the other area would see
        # this ticket's title among its children.
        total = self.admin.total(f"{HD}/tickets")
        body = {"kind": "solicitud", "title": "Relacionado", "description": "x",
                "category_id": self.categories["GENERAL"]["id"]}
        missing = self.sol.post(f"{HD}/tickets", {**body, "parent_id": 99999999})
        self.assertProblem(missing, 422, field="parent_id")
        other = self.sol.post(f"{HD}/tickets", {**body, "parent_id": self.other["id"]})
        self.assertProblem(other, 422, field="parent_id")
        self.assertEqual(other.json()["errors"], missing.json()["errors"])
        self.assertEqual(self.admin.total(f"{HD}/tickets"), total)
        self.assertEqual(self.ticket(self.other["id"])["children"], [])

    def test_solicitante_cannot_write_notes_or_work_the_ticket(self):
        tid = self.own["id"]
        before = self.stable(self.ticket(tid))
        r = self.sol.post(f"{HD}/tickets/{tid}/entries", {"kind": "note", "body": "Nota del solicitante"})
        self.assertProblem(r, 403)
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": self.sol.user["id"]}), 403)
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": self.tec.user["id"]}), 403)
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/take"), 403)
        self.assertProblem(self.sol.patch(f"{HD}/tickets/{tid}", {"title": "Cambiado", "priority": 1,
                                                                  "priority_reason": "urge"}), 403)
        self.assertProblem(self.sol.post(f"{HD}/tickets/{tid}/merge", {"into_id": self.other["id"]}), 403)
        self.assertProblem(self.sol.post(f"{HD}/tickets/bulk", {"ids": [tid], "action": "transition",
                                                                "status": "resuelto", "comment": "x"}), 403)
        for status in ("en_proceso", "en_espera_solicitante", "en_espera_proveedor", "resuelto", "cerrado",
                       "asignado", "nuevo"):
            with self.subTest(status=status):
                r = self.move(self.sol, tid, status, "Lo muevo yo", expect=None)
                self.assertProblem(r, 409, statuses=(403, 409))
        self.assertEqual(self.stable(self.ticket(tid)), before)
        self.assertEqual(self.ticket(tid, self.sol)["allowed_transitions"], ["cancelado"])  # still nuevo

    def test_solicitante_replies_and_cancels_own_ticket(self):
        t = self.file(self.sol, title="Solicitud que se cancela")
        self.assertTrue(t["can"]["cancel"])
        self.assertEqual(t["allowed_transitions"], ["cancelado"])
        r = self.sol.post(f"{HD}/tickets/{t['id']}/entries", {"kind": "reply", "body": "Agrego un dato."})
        e = self.assertStatus(r, 201).json()
        self.assertEqual((e["kind"], e["visibility"], e["via"]), ("reply", "public", "web"))
        self.assertProblem(self.move(self.sol, t["id"], "cancelado", expect=None), 422, field="comment")
        self.assertEqual(self.ticket(t["id"])["status"], "nuevo")
        self.assertEqual(self.move(self.sol, t["id"], "cancelado", "Ya no hace falta").json()["status"], "cancelado")

    def test_auditor_reads_everything_but_changes_nothing(self):
        tid = self.own["id"]
        seen = self.ticket(tid, self.auditor)
        self.assertIn(self.note_id, [e["id"] for e in seen["timeline"]])
        self.assertFalse(seen["can"]["work"])
        before = self.stable(self.ticket(tid))
        self.assertProblem(self.auditor.post(f"{HD}/tickets/{tid}/entries", {"kind": "reply", "body": "x"}), 403)
        self.assertProblem(self.auditor.post(f"{HD}/tickets/{tid}/entries", {"kind": "note", "body": "x"}), 403)
        self.assertProblem(self.move(self.auditor, tid, "en_proceso", expect=None), 403)
        self.assertProblem(self.auditor.patch(f"{HD}/tickets/{tid}", {"title": "x"}), 403)
        self.assertEqual(self.stable(self.ticket(tid)), before)


# ---------------------------------------------------------------------------------------------
class StatusMachineTests:
    """docs/api-helpdesk.md, «Allowed transitions»."""

    def refused_move(self, client, tid, status, comment=None, code="ticket.transition_invalid"):
        before = self.stable(self.ticket(tid))
        r = self.move(client, tid, status, comment, expect=None)
        self.assertProblem(r, 409, code=code)
        self.assertEqual(self.stable(self.ticket(tid)), before, f"{status}: el ticket cambió")

    def test_invalid_transitions_are_409_and_change_nothing(self):
        t = self.file(self.sol)
        tid = t["id"]
        for status in ("nuevo", "asignado", "cerrado", "en_espera_solicitante", "en_espera_proveedor"):
            with self.subTest(desde="nuevo", a=status):
                self.refused_move(self.tec, tid, status, "comentario")
        self.move(self.tec, tid, "en_proceso")
        for status in ("en_proceso", "nuevo", "asignado", "cerrado"):
            with self.subTest(desde="en_proceso", a=status):
                self.refused_move(self.tec, tid, status, "comentario")
        self.move(self.tec, tid, "resuelto", "Listo")
        for status in ("nuevo", "asignado", "en_espera_solicitante", "en_espera_proveedor", "cancelado", "resuelto"):
            with self.subTest(desde="resuelto", a=status):
                self.refused_move(self.tec, tid, status, "comentario")
        self.move(self.tec, tid, "cerrado")
        for status in ("en_proceso", "resuelto", "cancelado", "nuevo"):
            with self.subTest(desde="cerrado", a=status):
                self.refused_move(self.tec, tid, status, "comentario")
        c = self.file(self.sol)
        self.move(self.tec, c["id"], "cancelado", "Duplicado")
        for status in ("en_proceso", "resuelto", "cerrado"):
            with self.subTest(desde="cancelado", a=status):
                self.refused_move(self.tec, c["id"], status, "comentario")

    def test_unknown_status_is_422(self):
        tid = self.file(self.sol)["id"]
        before = self.stable(self.ticket(tid))
        for status in ("bogus", "Resuelto", ""):
            with self.subTest(status=status):
                self.assertProblem(self.move(self.tec, tid, status, expect=None), 422, field="status")
        self.assertEqual(self.stable(self.ticket(tid)), before)

    def test_resolving_needs_a_solution(self):
        tid = self.file(self.sol)["id"]
        before = self.stable(self.ticket(tid))
        for comment in (None, "", "   \n"):
            with self.subTest(comment=comment):
                r = self.move(self.tec, tid, "resuelto", comment, expect=None)
                self.assertProblem(r, 422, field="comment")
        self.assertEqual(self.stable(self.ticket(tid)), before)
        t = self.move(self.tec, tid, "resuelto", "Se cambió el cable de red.").json()
        self.assertEqual(t["timeline"][-1]["body"], "Se cambió el cable de red.")
        self.assertEqual(t["timeline"][-1]["visibility"], "public")

    def test_requester_reopens_within_the_window_with_a_comment(self):
        tid = self.resolved()
        self.assertTrue(self.ticket(tid, self.sol)["can"]["reopen"])
        before = self.stable(self.ticket(tid))
        for comment in (None, "  "):
            self.assertProblem(self.move(self.sol, tid, "en_proceso", comment, expect=None), 422, field="comment")
        self.assertEqual(self.stable(self.ticket(tid)), before)
        t = self.move(self.sol, tid, "en_proceso", "Volvió a fallar esta mañana.").json()
        self.assertEqual(t["status"], "en_proceso")
        self.assertEqual(t["reopen_count"], 1)
        self.assertIsNone(t["resolved_at"])
        self.assertEqual(t["timeline"][-1]["body"], "Volvió a fallar esta mañana.")
        # Staff resolve it again; the requester confirms.
        self.move(self.tec, tid, "resuelto", "Se reemplazó la fuente.")
        self.assertEqual(self.move(self.sol, tid, "cerrado").json()["status"], "cerrado")

    def test_waiting_for_the_requester_and_the_requesters_reply(self):
        tid = self.file(self.sol)["id"]
        self.move(self.tec, tid, "en_proceso")
        t = self.move(self.tec, tid, "en_espera_solicitante").json()
        self.assertEqual(t["sla_state"], "paused")
        self.assertEqual(t["resolution_sla"]["state"], "paused")
        self.assertIsNone(t["resolution_sla"]["due_at"])
        self.assertIsNone(t["resolution_due_at"])
        self.assertIn("pausa", t["resolution_sla"]["explanation"])
        r = self.sol.post(f"{HD}/tickets/{tid}/entries", {"kind": "reply", "body": "Ya reinicié el equipo."})
        self.assertStatus(r, 201)
        t = self.ticket(tid)
        self.assertEqual(t["status"], "en_proceso")
        self.assertNotEqual(t["sla_state"], "paused")
        self.assertIn(t["resolution_sla"]["state"], ("ok", "warning", "breached"))
        self.assertIsNotNone(t["resolution_sla"]["due_at"])
        self.assertIsNotNone(t["resolution_due_at"])
        events = [e["changes"]["status"] for e in t["timeline"] if e["kind"] == "event" and "status" in (e["changes"] or {})]
        self.assertEqual(events[-1], {"from": "en_espera_solicitante", "to": "en_proceso"})


# ---------------------------------------------------------------------------------------------
class PrioritySlaAssignmentTests:
    """Priority matrix, SLA clocks and pauses, assignment and escalation, views, bulk, merge."""

    def test_priority_is_derived_from_impact_and_urgency(self):
        expected = {(1, 1): 1, (1, 2): 2, (2, 1): 2, (2, 2): 3, (1, 3): 3, (3, 1): 3, (2, 3): 4, (3, 2): 4,
                    (3, 3): 4}
        for (impact, urgency), priority in expected.items():
            with self.subTest(impact=impact, urgency=urgency):
                t = self.file(self.mesa, requester_person_id=self.sol.user["person_id"], channel="telefono",
                              impact=impact, urgency=urgency)
                self.assertEqual((t["impact"], t["urgency"], t["priority"]), (impact, urgency, priority))
                self.assertIsNone(t["priority_reason"])
                self.assertEqual(t["requester_name"], "Noé Ruiz Olivera")
                self.assertEqual(t["channel"], "telefono")
        # Categories carry their own impact and urgency: RED-SIN-INTERNET is 2 + 1 → alta.
        t = self.file(self.sol, "RED-SIN-INTERNET", "reporte")
        self.assertEqual((t["impact"], t["urgency"], t["priority"]), (2, 1, 2))

    def test_overriding_the_priority_needs_a_reason(self):
        total = self.admin.total(f"{HD}/tickets")
        body = {"kind": "solicitud", "title": "Prioridad a mano", "description": "x",
                "category_id": self.categories["GENERAL"]["id"], "impact": 3, "urgency": 3, "priority": 1}
        self.assertProblem(self.mesa.post(f"{HD}/tickets", body), 422, field="priority_reason")
        self.assertProblem(self.mesa.post(f"{HD}/tickets", {**body, "priority_reason": "   "}), 422,
                           field="priority_reason")
        self.assertEqual(self.admin.total(f"{HD}/tickets"), total)
        t = self.assertStatus(self.mesa.post(f"{HD}/tickets", {**body, "priority_reason": "Cobro de predial detenido"}),
                              201).json()
        self.assertEqual((t["priority"], t["priority_reason"]), (1, "Cobro de predial detenido"))
        # The same rule on PATCH; the change is a timeline event and brings the new SLA target.
        t = self.file(self.sol)
        self.assertEqual(t["priority"], 3)  # GENERAL: 2 + 2
        before = self.stable(self.ticket(t["id"]))
        self.assertProblem(self.tec.patch(f"{HD}/tickets/{t['id']}", {"priority": 1}), 422, field="priority_reason")
        self.assertEqual(self.stable(self.ticket(t["id"])), before)
        r = self.tec.patch(f"{HD}/tickets/{t['id']}", {"priority": 1, "priority_reason": "Afecta la caja general"})
        t2 = self.assertStatus(r, 200).json()
        self.assertEqual((t2["priority"], t2["priority_reason"]), (1, "Afecta la caja general"))
        self.assertEqual(t2["resolution_sla"]["target_minutes"], 240)
        ev = t2["timeline"][-1]
        self.assertEqual(ev["kind"], "event")
        self.assertEqual(ev["changes"]["priority"], {"from": 3, "to": 1})
        # Changing impact/urgency derives the priority again (the reason goes away).
        t3 = self.assertStatus(self.tec.patch(f"{HD}/tickets/{t['id']}", {"impact": 3, "urgency": 3}), 200).json()
        self.assertEqual((t3["priority"], t3["priority_reason"]), (4, None))

    def test_the_solicitante_cannot_set_priority_channel_or_requester(self):
        total = self.admin.total(f"{HD}/tickets")
        base = {"kind": "solicitud", "title": "x", "description": "x", "category_id": self.categories["GENERAL"]["id"]}
        for field, value in (("impact", 1), ("urgency", 1), ("priority", 1), ("priority_reason", "urge"),
                             ("channel", "telefono"), ("requester_person_id", self.dif.user["person_id"])):
            with self.subTest(field=field):
                self.assertProblem(self.sol.post(f"{HD}/tickets", {**base, field: value}), 422, field=field)
        self.assertEqual(self.admin.total(f"{HD}/tickets"), total)

    def test_every_ticket_has_both_sla_clocks_explained_in_spanish(self):
        for code, kind in (("GENERAL", "solicitud"), ("RED-SIN-INTERNET", "reporte"), ("SOP-SOFTWARE", "solicitud")):
            with self.subTest(category=code):
                fields = {"software": "7-Zip"} if code == "SOP-SOFTWARE" else None
                t = self.file(self.sol, code, kind, fields=fields)
                for clock in ("response_sla", "resolution_sla"):
                    sla = t[clock]
                    self.assertEqual(set(sla), {"target_minutes", "due_at", "state", "explanation", "paused_minutes"})
                    self.assertIsNotNone(sla["due_at"])
                    self.assertGreater(sla["due_at"], t["created_at"])
                    self.assertIn(sla["state"], ("ok", "warning", "breached"))
                    self.assertIn("hábiles", sla["explanation"])
                    self.assertIn("calendario", sla["explanation"])
                    self.assertEqual(sla["paused_minutes"], 0)
                self.assertEqual(t["resolution_due_at"], t["resolution_sla"]["due_at"])
                self.assertGreaterEqual(t["resolution_sla"]["target_minutes"], t["response_sla"]["target_minutes"])
        # And on the list.
        for item in self.tec.get(f"{HD}/tickets?per_page=20").json()["items"]:
            self.assertIn("sla_state", item)
            self.assertIn("resolution_due_at", item)

    def test_waiting_for_a_provider_pauses_the_clock_too(self):
        tid = self.file(self.sol)["id"]
        self.move(self.tec, tid, "en_proceso")
        t = self.move(self.tec, tid, "en_espera_proveedor").json()
        self.assertEqual((t["sla_state"], t["resolution_sla"]["state"]), ("paused", "paused"))
        self.assertIsNone(t["resolution_sla"]["due_at"])
        t = self.move(self.tec, tid, "en_proceso").json()
        self.assertIsNotNone(t["resolution_sla"]["due_at"])
        self.assertNotEqual(t["resolution_sla"]["state"], "paused")

    def test_assigning_to_a_technician_of_another_department_is_422(self):
        tid = self.file(self.sol)["id"]  # queue Soporte técnico
        before = self.stable(self.ticket(tid))
        r = self.tec.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": self.tec_redes.user["id"]})
        self.assertProblem(r, 422, field="assignee_id")
        r = self.tec.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": self.sol.user["id"]})
        self.assertProblem(r, 422, field="assignee_id")
        self.assertEqual(self.stable(self.ticket(tid)), before)
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": self.mesa.user["id"]}),
                              200).json()
        self.assertEqual((t["status"], t["assignee_id"]), ("asignado", self.mesa.user["id"]))
        # Unassigning an asignado ticket returns it to nuevo.
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{tid}/assign", {"assignee_id": None}), 200).json()
        self.assertEqual((t["status"], t["assignee_id"]), ("nuevo", None))

    def test_escalating_to_another_queue_needs_a_reason(self):
        tid = self.file(self.sol)["id"]
        self.assertStatus(self.tec.post(f"{HD}/tickets/{tid}/take"), 200)
        redes = self.queues["Redes y telecomunicaciones"]["id"]
        before = self.stable(self.ticket(tid))
        for body in ({"assignee_id": None, "queue_id": redes}, {"assignee_id": None, "queue_id": redes, "reason": " "}):
            self.assertProblem(self.tec.post(f"{HD}/tickets/{tid}/assign", body), 422, field="reason")
        self.assertEqual(self.stable(self.ticket(tid)), before)
        reason = "Es un problema del enlace del edificio, no del equipo."
        r = self.tec.post(f"{HD}/tickets/{tid}/assign",
                          {"assignee_id": self.tec_redes.user["id"], "queue_id": redes, "reason": reason})
        t = self.assertStatus(r, 200).json()
        self.assertEqual((t["queue_id"], t["queue_name"]), (redes, "Redes y telecomunicaciones"))
        self.assertEqual(t["assignee_id"], self.tec_redes.user["id"])
        ev = t["timeline"][-1]
        self.assertEqual(ev["kind"], "event")
        self.assertEqual(ev["changes"]["queue"], {"from": "Soporte técnico", "to": "Redes y telecomunicaciones"})
        self.assertEqual(ev["changes"]["reason"], reason)
        self.assertEqual(ev["author_name"], "Rodrigo Toledo Bautista")
        # An unknown queue is refused.
        self.assertProblem(self.tec.post(f"{HD}/tickets/{tid}/assign",
                                         {"assignee_id": None, "queue_id": 999999, "reason": "x"}), 422,
                           field="queue_id")

    def test_round_robin_queue_assigns_by_itself(self):
        self.assertEqual(self.queues["Redes y telecomunicaciones"]["assignment"], "round_robin")
        for _ in range(2):
            t = self.file(self.sol, "RED-SIN-INTERNET", "reporte")
            self.assertEqual(t["status"], "asignado")
            # Technicians first: the department head only gets tickets when no técnico is active.
            self.assertEqual(t["assignee_id"], self.tec_redes.user["id"])
            ev = t["timeline"][0]
            self.assertEqual((ev["kind"], ev["via"], ev["author_id"]), ("event", "sistema", None))
            self.assertEqual(ev["changes"]["rule"], "auto")
        # "auto" on a manual queue leaves it unassigned; on a round-robin queue it picks.
        manual = self.file(self.sol)
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{manual['id']}/assign", {"assignee_id": "auto"}), 200).json()
        self.assertIsNone(t["assignee_id"])
        redes = self.queues["Redes y telecomunicaciones"]["id"]
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{manual['id']}/assign",
                                            {"assignee_id": "auto", "queue_id": redes, "reason": "Es de red"}),
                              200).json()
        self.assertEqual((t["queue_id"], t["assignee_id"]), (redes, self.tec_redes.user["id"]))

    def test_saved_views_crud(self):
        c = self.tec
        name = f"Mis abiertos {uid()}"
        v = self.assertStatus(c.post(f"{HD}/views", {"name": name, "query": "status=open&scope=assigned"}), 201).json()
        self.assertEqual((v["name"], v["query"]), (name, "status=open&scope=assigned"))
        items = self.assertStatus(c.get(f"{HD}/views"), 200).json()["items"]
        self.assertIn(v["id"], [i["id"] for i in items])
        self.assertProblem(c.post(f"{HD}/views", {"name": name, "query": "status=nuevo"}), 409)
        # Views are per user: another one neither sees nor deletes it.
        self.assertNotIn(v["id"], [i["id"] for i in self.mesa.get(f"{HD}/views").json()["items"]])
        self.assertProblem(self.mesa.delete(f"{HD}/views/{v['id']}"), 404)
        self.assertStatus(c.delete(f"{HD}/views/{v['id']}"), 204)
        self.assertNotIn(v["id"], [i["id"] for i in c.get(f"{HD}/views").json()["items"]])
        self.assertProblem(c.delete(f"{HD}/views/{v['id']}"), 404)
        n = len(c.get(f"{HD}/views").json()["items"])
        self.assertProblem(c.post(f"{HD}/views", {"name": "x", "query": "a\nb"}), 422, field="query")
        self.assertEqual(len(c.get(f"{HD}/views").json()["items"]), n)

    def test_bulk_action_reports_each_failure(self):
        a = self.file(self.sol)["id"]
        b = self.file(self.sol)["id"]
        closed = self.resolved()
        self.move(self.sol, closed, "cerrado")
        closed_before = self.stable(self.ticket(closed))
        r = self.tec.post(f"{HD}/tickets/bulk", {"ids": [a, closed, b, 999999], "action": "transition",
                                                 "status": "en_proceso"})
        res = self.assertStatus(r, 200).json()
        self.assertEqual(res["updated"], [a, b])
        failed = {f["id"]: f for f in res["failed"]}
        self.assertEqual(set(failed), {closed, 999999})
        self.assertEqual(failed[closed]["code"], "ticket.transition_invalid")
        self.assertEqual(failed[999999]["code"], "ticket.not_found")
        self.assertTrue(all(f["message"] for f in res["failed"]))
        self.assertEqual(self.ticket(a)["status"], "en_proceso")
        self.assertEqual(self.ticket(b)["status"], "en_proceso")
        self.assertEqual(self.stable(self.ticket(closed)), closed_before)
        # Priority in bulk follows the single-ticket rule: a reason when it differs.
        res = self.tec.post(f"{HD}/tickets/bulk", {"ids": [a], "action": "priority", "priority": 1}).json()
        self.assertEqual((res["updated"], [f["id"] for f in res["failed"]]), ([], [a]))
        self.assertIn(res["failed"][0]["code"], ("validation", "ticket.priority_reason_required"))
        self.assertEqual(self.ticket(a)["priority"], 3)
        res = self.tec.post(f"{HD}/tickets/bulk", {"ids": [a, b], "action": "assign",
                                                   "assignee_id": self.mesa.user["id"]}).json()
        self.assertEqual(res, {"updated": [a, b], "failed": []})

    def test_merge_closes_the_duplicate(self):
        dup = self.file(self.sol, title="Duplicado")["id"]
        into = self.file(self.sol, title="Original")["id"]
        t = self.assertStatus(self.tec.post(f"{HD}/tickets/{dup}/merge", {"into_id": into}), 200).json()
        self.assertEqual(t["id"], into)
        self.assertEqual(t["timeline"][-1]["kind"], "note")
        src = self.ticket(dup)
        self.assertEqual((src["status"], src["merged_into_id"]), ("cerrado", into))
        self.assertProblem(self.tec.post(f"{HD}/tickets/{into}/merge", {"into_id": into}), 422, field="into_id")


# ---------------------------------------------------------------------------------------------
class BadInputTests:
    """Every JSON write route refuses malformed and invalid bodies with a problem naming the
    field, and the database stays as it was."""

    @classmethod
    def set_up_bad_input(cls):
        cls.target = cls.sol.post(f"{HD}/tickets", {"kind": "solicitud", "title": "Ticket objetivo",
                                                    "description": "Para entradas inválidas.",
                                                    "category_id": cls.categories["GENERAL"]["id"]}).json()
        cls.other = cls.sol.post(f"{HD}/tickets", {"kind": "solicitud", "title": "Otro ticket",
                                                   "description": "Destino de fusiones inválidas.",
                                                   "category_id": cls.categories["GENERAL"]["id"]}).json()
        r = cls.admin.post(f"{HD}/recurring", {"title": "Programado objetivo", "description": "x",
                                               "category_id": cls.categories["GENERAL"]["id"],
                                               "frequency": "daily", "time": "08:00", "active": False})
        assert r.status == 201, r
        cls.recurring_id = r.json()["id"]
        cls.innovacion = cls.queues["Innovación tecnológica"]["id"]
        cls.category_id = cls.categories["INN-DICTAMEN"]["id"]

    def snapshot(self):
        a = self.admin
        return (a.total(f"{HD}/tickets"),
                self.stable(self.ticket(self.target["id"])),
                self.stable(self.ticket(self.other["id"])),
                a.total(f"{HD}/categories"),
                a.get(f"{HD}/categories/{self.category_id}").json(),
                a.get(f"{HD}/settings").json(),
                a.get(f"{HD}/days-off?year=2027").json(),
                a.get(f"{HD}/recurring").json(),
                self.tec.get(f"{HD}/views").json(),
                a.get(f"{HD}/queues").json())

    def routes(self):
        """(method, path, valid body, required fields, [(field, wrong value)], (field, limit))."""
        t, o = self.target["id"], self.other["id"]
        gen = self.categories["GENERAL"]["id"]
        return [
            ("POST", f"{HD}/tickets",
             {"kind": "solicitud", "title": "Válido", "description": "Válida", "category_id": gen},
             ("kind", "title", "description", "category_id"),
             [("kind", 1), ("kind", "queja"), ("title", 5), ("title", ["x"]), ("description", {"a": 1}),
              ("category_id", "uno"), ("category_id", 1.5), ("category_id", True), ("category_id", 999999),
              ("impact", "alto"), ("impact", 7), ("priority", 0), ("channel", "fax"), ("assets", "OAX-1"),
              ("assets", [1]), ("fields", "x"), ("parent_id", "x"), ("parent_id", 999999),
              ("requester_person_id", 999999), ("title", "")],
             ("title", 200)),
            ("PATCH", f"{HD}/tickets/{t}", {"title": "Nuevo título"}, (),
             [("title", 3), ("title", ""), ("kind", "queja"), ("impact", 0), ("urgency", "alta"), ("priority", 9),
              ("category_id", 999999), ("parent_id", t), ("duplicate_of_id", 999999),
              ("fields", {"nada": 1}, "fields.nada"), ("assets", [""]), ("priority_reason", 5)],
             ("description", 20000)),
            ("POST", f"{HD}/tickets/{t}/transition", {"status": "en_proceso"}, ("status",),
             [("status", 1), ("status", "bogus"), ("comment", ["x"])], ("comment", 20000)),
            ("POST", f"{HD}/tickets/{t}/assign", {"assignee_id": self.tec.user["id"]}, ("assignee_id",),
             [("assignee_id", "alguien"), ("assignee_id", 1.5), ("assignee_id", 999999), ("queue_id", "x"),
              ("reason", 3)],
             ("reason", 2000)),
            ("POST", f"{HD}/tickets/{t}/entries", {"kind": "reply", "body": "Hola"}, ("kind", "body"),
             [("kind", "chat"), ("kind", 2), ("body", 3), ("body", "  "), ("body", None)], ("body", 20000)),
            ("POST", f"{HD}/tickets/{t}/merge", {"into_id": o}, ("into_id",),
             [("into_id", "dos"), ("into_id", 999999), ("into_id", t)], None),
            ("POST", f"{HD}/tickets/bulk", {"ids": [t], "action": "transition", "status": "en_proceso"},
             ("action", "ids"),
             [("ids", "1"), ("ids", [0]), ("ids", ["x"]), ("ids", []), ("ids", list(range(1, 202))),
              ("action", "borrar"), ("status", 3), ("priority", "alta")],
             ("comment", 20000)),
            ("POST", f"{HD}/views", {"name": "Vista válida", "query": "status=open"}, ("name", "query"),
             [("name", 1), ("query", ["status=open"])], ("name", 100)),
            ("POST", f"{HD}/categories",
             {"code": "NUEVA-VALIDA", "name": "Nueva", "queue_id": self.innovacion, "kind": "solicitud",
              "impact": 3, "urgency": 3},
             ("code", "name", "queue_id", "kind", "impact", "urgency"),
             [("code", "minúsculas"), ("code", 7), ("name", False), ("queue_id", 999999), ("kind", "otro"),
              ("impact", 4), ("urgency", "1"), ("response_minutes", 0), ("resolution_minutes", "x"),
              ("fields", {"key": "x"}), ("active", "sí")],
             ("name", 200)),
            ("PATCH", f"{HD}/categories/{self.category_id}", {"name": "Otro nombre"}, (),
             [("code", "a b"), ("kind", 3), ("impact", 0), ("fields", [{"key": "x"}], "fields[0].label"),
              ("queue_id", 999999)],
             ("description", 4000)),
            ("PATCH", f"{HD}/queues/{self.innovacion}", {"name": "Innovación"}, (),
             [("assignment", "azar"), ("active", 1), ("name", ""), ("name", 5)], ("name", 200)),
            ("POST", f"{HD}/days-off", {"date": "2027-03-01", "label": "Asueto", "source": "Acuerdo"},
             ("date", "label", "source"),
             [("date", "2027-02-30"), ("date", 20270301), ("to", "2027-02-01"), ("to", "2028-06-01"),
              ("label", 3)],
             ("label", 200)),
            ("POST", f"{HD}/recurring",
             {"title": "Respaldo", "description": "Revisar respaldos", "category_id": self.categories["GENERAL"]["id"],
              "frequency": "weekly", "day": 1, "time": "08:00"},
             ("title", "description", "category_id", "frequency", "time"),
             [("frequency", "hourly"), ("day", 9), ("day", "lunes"), ("time", "8am"), ("time", "25:00"),
              ("category_id", 999999), ("active", "no")],
             ("title", 200)),
            ("PATCH", f"{HD}/recurring/{self.recurring_id}", {"title": "Otro"}, (),
             [("frequency", "yearly"), ("time", "99:99"), ("title", 1)], ("description", 20000)),
            ("PATCH", f"{HD}/settings", {"warning_percent": 80}, (),
             [("warning_percent", 0), ("warning_percent", 100), ("warning_percent", "75"), ("reopen_days", -1),
              ("autoclose_days", 0), ("sla_targets", []), ("calendar", "lunes"),
              ("sla_targets", [{"priority": 1, "response_minutes": 60, "resolution_minutes": 30}])],
             None),
        ]

    def send(self, method, path, raw, client=None, content_type="application/json"):
        c = client or (self.tec if "/tickets" in path or "/views" in path else self.admin)
        return c.request(method, path, body=raw, content_type=content_type)

    def check(self, method, path, raw, status, field=None, statuses=None, code=None):
        before = self.snapshot()
        if isinstance(raw, (dict, list)):
            raw = json.dumps(raw, ensure_ascii=False).encode()
        r = self.send(method, path, raw)
        self.assertProblem(r, status, field=field, statuses=statuses, code=code)
        self.assertEqual(self.snapshot(), before, f"{method} {path}: la base cambió tras una solicitud rechazada")
        return r

    def test_malformed_json_is_400(self):
        for method, path, *_ in self.routes():
            for raw in (b'{"title": ', b"{'a': 1}", b"no es json", b'{"a":1}}', b""):
                with self.subTest(route=f"{method} {path}", body=raw):
                    self.check(method, path, raw, 400)

    def test_body_that_is_not_an_object_is_refused(self):
        for method, path, *_ in self.routes():
            for raw in (b"[]", b"null", b"42"):
                with self.subTest(route=f"{method} {path}", body=raw):
                    self.check(method, path, raw, 422, statuses=(400, 422))

    def test_unknown_field_is_422(self):
        for method, path, valid, *_ in self.routes():
            with self.subTest(route=f"{method} {path}"):
                self.check(method, path, {**valid, "es_admin": True}, 422, field="es_admin")

    def test_missing_required_field_is_422(self):
        for method, path, valid, required, *_ in self.routes():
            for field in required:
                with self.subTest(route=f"{method} {path}", field=field):
                    body = dict(valid)
                    body.pop(field, None)
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

    def test_invalid_utf8_and_wrong_content_type(self):
        for method, path, valid, *_ in self.routes():
            with self.subTest(route=f"{method} {path}", case="utf8"):
                raw = json.dumps(valid).encode()[:-1] + b', "zz": "\xff\xfe"}'
                self.check(method, path, raw, 400)
            with self.subTest(route=f"{method} {path}", case="content-type"):
                before = self.snapshot()
                r = self.send(method, path, json.dumps(valid).encode(), content_type="text/plain")
                self.assertProblem(r, 415)
                self.assertEqual(self.snapshot(), before)

    def test_oversized_json_body_is_413(self):
        for method, path, valid, *_ in self.routes()[:2]:
            with self.subTest(route=f"{method} {path}"):
                self.check(method, path, {**valid, "description": "x" * (MIB + 10)}, 413)

    def test_field_values_are_validated_against_the_category(self):
        base = {"kind": "solicitud", "title": "Cuenta nueva", "description": "x",
                "category_id": self.categories["RED-CUENTA"]["id"]}
        good = {"nombre_completo": "Ana Pérez", "puesto": "Analista", "perfil": "Básico",
                "jefe_autoriza": "Titular de Ingresos"}
        cases = [({k: v for k, v in good.items() if k != "puesto"}, "fields.puesto"),
                 ({**good, "perfil": "Root"}, "fields.perfil"),
                 ({**good, "area": "Ingresos"}, "fields.area"),
                 ({**good, "area": 999999}, "fields.area"),
                 ({**good, "extra": "x"}, "fields.extra"),
                 ({**good, "puesto": "x" * 201}, "fields.puesto"),
                 ({**good, "nombre_completo": 5}, "fields.nombre_completo")]
        for fields, name in cases:
            with self.subTest(field=name):
                self.check("POST", f"{HD}/tickets", {**base, "fields": fields}, 422, field=name)
        self.assertStatus(self.tec.post(f"{HD}/tickets", {**base, "fields": good}), 201)

    def test_bad_query_parameters_and_ids(self):
        for path in (f"{HD}/tickets?status=perdido", f"{HD}/tickets?scope=todos", f"{HD}/tickets?sort=titulo",
                     f"{HD}/tickets?priority=9", f"{HD}/tickets?assignee_id=yo", f"{HD}/tickets?sla=rojo",
                     f"{HD}/tickets?queue_id=x", f"{HD}/tickets?per_page=500", f"{HD}/tickets?q=%20%2B%2B",
                     f"{HD}/tickets?updated_since=ayer", f"{HD}/categories?kind=otro", f"{HD}/categories?active=tal",
                     f"{HD}/days-off?year=26", f"{HD}/tickets/{self.target['id']}/entries?page=0"):
            with self.subTest(path=path):
                self.assertProblem(self.tec.get(path), 422, statuses=(400, 422))
        for path in (f"{HD}/tickets/abc", f"{HD}/tickets/0", f"{HD}/tickets/-1", f"{HD}/tickets/99999999",
                     f"{HD}/categories/1.5", f"{HD}/attachments/99999999"):
            with self.subTest(path=path):
                self.assertProblem(self.tec.get(path), 404, statuses=(400, 404, 422))

    def test_sql_and_search_metacharacters_are_harmless(self):
        title = "Robert'); DROP TABLE helpdesk_tickets;-- 100% _x_"
        t = self.file(self.sol, title=title)
        self.assertEqual(self.ticket(t["id"])["title"], title)
        for q in ("'", "\"", "100%", "_x_", "robert'); drop", "NOT", "a OR b", "x*", ":*", "(", "&", "!"):
            with self.subTest(q=q):
                r = self.tec.get(f"{HD}/tickets?q=" + urllib.parse.quote(q))
                self.assertIn(r.status, (200, 422), r)
                if r.status == 422:
                    self.assertProblem(r, 422, field="q")


# ---------------------------------------------------------------------------------------------
class AttachmentTests:
    """Uploads checked by content, size and name; downloads byte-identical."""

    @classmethod
    def set_up_attachments(cls):
        r = cls.sol.post(f"{HD}/tickets", {"kind": "reporte", "title": "Pantalla con error",
                                           "description": "Adjunto captura.",
                                           "category_id": cls.categories["SOP-FALLA-EQUIPO"]["id"]})
        assert r.status == 201, r
        cls.att_tid = r.json()["id"]

    def upload(self, data, filename, client=None, content_type="application/octet-stream", tid=None):
        path = f"{HD}/tickets/{tid or self.att_tid}/attachments"
        if filename is not None:
            path += "?filename=" + urllib.parse.quote(filename, safe="")
        return (client or self.sol).request("POST", path, body=data, content_type=content_type)

    def refused(self, data, filename, status, code=None, content_type="application/octet-stream"):
        before = self.ticket(self.att_tid)["timeline_total"]
        r = self.upload(data, filename, content_type=content_type)
        self.assertProblem(r, status, code=code)
        self.assertEqual(self.ticket(self.att_tid)["timeline_total"], before, "se agregó una entrada")
        return r

    def test_valid_files_upload_and_download_byte_identical(self):
        files = [("captura.png", png_bytes(), "image/png"), ("oficio.pdf", PDF, "application/pdf"),
                 ("bitácora año 2026.txt", "Línea 1\nLínea 2 con ñ\n".encode(), "text/plain"),
                 ("datos.csv", b"a,b\n1,2\n", "text/plain")]
        for name, data, media_type in files:
            with self.subTest(file=name):
                before = self.ticket(self.att_tid)["timeline_total"]
                r = self.upload(data, name)
                e = self.assertStatus(r, 201).json()
                self.assertEqual((e["kind"], e["visibility"], e["body"]), ("attachment", "public", name))
                self.assertEqual(e["attachment"]["filename"], name)
                self.assertEqual(e["attachment"]["size"], len(data))
                self.assertEqual(e["attachment"]["media_type"], media_type)
                self.assertEqual(self.ticket(self.att_tid)["timeline_total"], before + 1)
                for c in (self.sol, self.tec):
                    d = self.assertStatus(c.get(f"{HD}/attachments/{e['attachment']['id']}"), 200)
                    self.assertEqual(d.body, data)
                    self.assertEqual(d.content_type, media_type)
                    cd = d.header("content-disposition") or ""
                    self.assertTrue(cd.startswith("attachment;"), cd)
                    self.assertIn("filename*=UTF-8''" + urllib.parse.quote(name, safe=""), cd)
                    self.assertEqual(d.header("x-content-type-options"), "nosniff")
        # Another area cannot download them.
        att = [e for e in self.ticket(self.att_tid)["timeline"] if e["kind"] == "attachment"][0]["attachment"]
        self.assertProblem(self.dif.get(f"{HD}/attachments/{att['id']}"), 404)

    def test_oversized_file_is_413(self):
        r = self.refused(b"a" * (10 * MIB + 1), "grande.txt", 413, code="attachment.too_large")
        self.assertIn("10", r.json()["detail"])
        self.assertStatus(self.upload(b"a" * (10 * MIB), "justo.txt"), 201)

    def test_disguised_and_unknown_types_are_422(self):
        self.refused(b"No soy una imagen\n", "foto.png", 422, code="attachment.type_not_allowed")
        self.refused(png_bytes(), "foto.pdf", 422, code="attachment.type_not_allowed")
        self.refused(PDF, "oficio.txt", 422, code="attachment.type_not_allowed")
        self.refused(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "setup.exe", 422, code="attachment.type_not_allowed")
        self.refused(b"#!/bin/sh\nrm -rf /\n\x00", "script.txt", 422, code="attachment.type_not_allowed")
        self.refused(b"PK\x03\x04" + b"\x00" * 40, "archivo.zip", 422, code="attachment.type_not_allowed")
        self.refused(b"<html><script>alert(1)</script></html>", "pagina.html", 422, code="attachment.type_not_allowed")

    def test_empty_file_is_422(self):
        self.refused(b"", "vacio.txt", 422, code="attachment.empty")

    def test_paths_and_control_characters_in_the_name_are_422(self):
        for name in ("../x.txt", "a/b.txt", "c:\\x.txt", "..\\..\\x.txt", "/etc/passwd", "", "  ", "..",
                     "linea\nnueva.txt", "nul\x00.txt", "x" * 197 + ".txt"):
            with self.subTest(name=name):
                self.refused(b"hola\n", name, 422, code="attachment.filename_invalid")
        with self.subTest(name="sin filename"):
            self.refused(b"hola\n", None, 422, code="attachment.filename_invalid")

    def test_upload_without_csrf_token_is_403(self):
        before = self.ticket(self.att_tid)["timeline_total"]
        r = self.sol.request("POST", f"{HD}/tickets/{self.att_tid}/attachments?filename=x.txt", body=b"hola\n",
                             content_type="application/octet-stream", csrf=False)
        self.assertProblem(r, 403, code="csrf")
        self.assertEqual(self.ticket(self.att_tid)["timeline_total"], before)

    def test_wrong_content_type_is_415(self):
        for ct in ("application/json", "text/plain", "image/png", "multipart/form-data; boundary=x"):
            with self.subTest(content_type=ct):
                self.refused(png_bytes(), "captura.png", 415, content_type=ct)

    def test_who_may_attach(self):
        before = self.ticket(self.att_tid)["timeline_total"]
        self.assertProblem(self.upload(b"hola\n", "x.txt", client=self.dif), 404)
        self.assertProblem(self.upload(b"hola\n", "x.txt", client=self.auditor), 403)
        self.assertEqual(self.ticket(self.att_tid)["timeline_total"], before)
        self.assertStatus(self.upload(b"hola\n", "x.txt", client=self.tec), 201)


# ---------------------------------------------------------------------------------------------
# One server per class costs seconds (demo data), so the themes above share two servers.
class Tickets(AcceptanceFlowTests, SolicitanteVisibilityTests, StatusMachineTests, PrioritySlaAssignmentTests,
              HelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_up_visibility()


class InputAndAttachments(BadInputTests, AttachmentTests, HelpdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_up_bad_input()
        cls.set_up_attachments()


# ---------------------------------------------------------------------------------------------
class CatalogAdmin(HelpdeskCase):
    def test_create_category_with_field_specs_and_file_a_ticket_in_it(self):
        fields = [{"key": "equipo", "label": "Equipo", "type": "text", "required": True, "max_length": 40},
                  {"key": "sede", "label": "Sede", "type": "select", "required": True,
                   "options": ["Palacio municipal", "Tesorería"]},
                  {"key": "fecha", "label": "Fecha preferida", "type": "date"},
                  {"key": "urgente", "label": "¿Urgente?", "type": "boolean"}]
        total = self.admin.total(f"{HD}/categories")
        r = self.admin.post(f"{HD}/categories", {
            "code": "SOP-PROYECTOR", "name": "Préstamo de proyector", "description": "Para reuniones.",
            "queue_id": self.queues["Soporte técnico"]["id"], "kind": "solicitud", "impact": 3, "urgency": 2,
            "fields": fields})
        cat = self.assertStatus(r, 201).json()
        self.assertEqual((cat["priority"], cat["queue_name"], cat["active"]), (4, "Soporte técnico", True))
        self.assertEqual([f["key"] for f in cat["fields"]], ["equipo", "sede", "fecha", "urgente"])
        self.assertEqual(cat["fields"][1]["options"], ["Palacio municipal", "Tesorería"])
        self.assertEqual(self.admin.total(f"{HD}/categories"), total + 1)
        self.assertEqual(self.assertStatus(self.sol.get(f"{HD}/categories/{cat['id']}"), 200).json(), cat)
        self.assertProblem(self.admin.post(f"{HD}/categories", {
            "code": "SOP-PROYECTOR", "name": "Otra", "queue_id": self.queues["Soporte técnico"]["id"],
            "kind": "solicitud", "impact": 3, "urgency": 3}), 409)
        body = {"kind": "solicitud", "title": "Proyector para cabildo", "description": "x", "category_id": cat["id"]}
        self.assertProblem(self.sol.post(f"{HD}/tickets", {**body, "fields": {"equipo": "Epson"}}), 422,
                           field="fields.sede")
        self.assertProblem(self.sol.post(f"{HD}/tickets", {**body, "fields": {"equipo": "Epson", "sede": "Tesorería",
                                                                               "fecha": "mañana"}}), 422,
                           field="fields.fecha")
        self.assertProblem(self.sol.post(f"{HD}/tickets", {**body, "kind": "reporte",
                                                           "fields": {"equipo": "Epson", "sede": "Tesorería"}}),
                           422, field="kind")
        t = self.file(self.sol, title="Proyector", **{"category_id": cat["id"]},
                      fields={"equipo": " Epson ", "sede": "Tesorería", "urgente": True})
        self.assertEqual(t["fields"], {"equipo": "Epson", "sede": "Tesorería", "urgente": True})
        # Deactivated: requesters no longer see or use it; managers still do.
        self.assertStatus(self.admin.patch(f"{HD}/categories/{cat['id']}", {"active": False}), 200)
        self.assertProblem(self.sol.get(f"{HD}/categories/{cat['id']}"), 404)
        self.assertNotIn(cat["id"], [c["id"] for c in self.sol.all_items(f"{HD}/categories")])
        self.assertIn(cat["id"], [c["id"] for c in self.admin.all_items(f"{HD}/categories")])
        self.assertProblem(self.sol.post(f"{HD}/tickets", {**body, "fields": {"equipo": "x", "sede": "Tesorería"}}),
                           422, field="category_id")

    def test_invalid_field_specs_are_422_naming_the_field(self):
        good = {"key": "equipo", "label": "Equipo", "type": "text"}
        cases = [([good, {"key": "Mal Clave", "label": "x", "type": "text"}], "fields[1].key"),
                 ([good, {**good}], "fields[1].key"),
                 ([{"key": "x", "label": "", "type": "text"}], "fields[0].label"),
                 ([{"key": "x", "label": "X", "type": "color"}], "fields[0].type"),
                 ([{"key": "x", "label": "X", "type": "select"}], "fields[0].options"),
                 ([{"key": "x", "label": "X", "type": "select", "options": ["a", "a"]}], "fields[0].options"),
                 ([{"key": "x", "label": "X", "type": "text", "options": ["a"]}], "fields[0].options"),
                 ([{"key": "x", "label": "X", "type": "text", "max_length": 0}], "fields[0].max_length"),
                 ([{"key": "x", "label": "X", "type": "text", "required": "sí"}], "fields[0].required"),
                 ([{"key": "x", "label": "X", "type": "text", "color": "rojo"}], "fields[0].color"),
                 ([good, "texto"], "fields[1]"),
                 ({"key": "x"}, "fields")]
        total = self.admin.total(f"{HD}/categories")
        for fields, name in cases:
            with self.subTest(field=name, fields=fields):
                r = self.admin.post(f"{HD}/categories", {
                    "code": f"MAL-{uid().upper()}", "name": "Mal", "queue_id": self.queues["Soporte técnico"]["id"],
                    "kind": "reporte", "impact": 2, "urgency": 2, "fields": fields})
                self.assertProblem(r, 422, field=name)
        self.assertEqual(self.admin.total(f"{HD}/categories"), total)
        cat = self.categories["SOP-IMPRESORA"]
        before = self.admin.get(f"{HD}/categories/{cat['id']}").json()
        r = self.admin.patch(f"{HD}/categories/{cat['id']}", {"fields": [{"key": "1x", "label": "X", "type": "text"}]})
        self.assertProblem(r, 422, field="fields[0].key")
        self.assertEqual(self.admin.get(f"{HD}/categories/{cat['id']}").json(), before)

    def test_settings_patch_validation(self):
        before = self.assertStatus(self.admin.get(f"{HD}/settings"), 200).json()
        self.assertEqual(before["calendar"]["working_weekdays"], [1, 2, 3, 4, 5])
        self.assertEqual(len(before["sla_targets"]), 4)
        targets = [{"priority": p, "response_minutes": 30 * p, "resolution_minutes": 240 * p} for p in (1, 2, 3, 4)]
        cases = [({"calendar": {"working_hours": [{"from": "25:00", "to": "26:00"}]}}, "calendar.working_hours"),
                 ({"calendar": {"working_hours": [{"from": "16:00", "to": "08:00"}]}}, "calendar.working_hours"),
                 ({"calendar": {"working_hours": [{"from": "08:00", "to": "12:00"},
                                                  {"from": "11:00", "to": "15:00"}]}}, "calendar.working_hours"),
                 ({"calendar": {"working_hours": []}}, "calendar.working_hours"),
                 ({"calendar": {"working_weekdays": [0, 1]}}, "calendar.working_weekdays"),
                 ({"calendar": {"working_weekdays": [1, 1]}}, "calendar.working_weekdays"),
                 ({"calendar": {"working_weekdays": []}}, "calendar.working_weekdays"),
                 ({"calendar": {"zona": "UTC"}}, "calendar.zona"),
                 ({"sla_targets": targets[:3]}, "sla_targets"),
                 ({"sla_targets": [{**t, "response_minutes": 0} for t in targets]}, "sla_targets"),
                 ({"sla_targets": [dict(targets[0], priority=1)] * 4}, "sla_targets"),
                 ({"warning_percent": 100}, "warning_percent"),
                 ({"reopen_days": 61}, "reopen_days"),
                 ({"autoclose_days": "3"}, "autoclose_days"),
                 ({"zona_horaria": "UTC"}, "zona_horaria"),
                 ({"warning_percent": 80, "reopen_days": -2}, "reopen_days")]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertProblem(self.admin.patch(f"{HD}/settings", body), 422, field=field)
        self.assertEqual(self.admin.get(f"{HD}/settings").json(), before)
        self.assertProblem(self.mesa.patch(f"{HD}/settings", {"warning_percent": 80}), 403)
        after = self.assertStatus(self.admin.patch(f"{HD}/settings", {
            "warning_percent": 80, "reopen_days": 3, "sla_targets": targets,
            "calendar": {"working_hours": [{"from": "08:30", "to": "15:30"}]}}), 200).json()
        self.assertEqual((after["warning_percent"], after["reopen_days"], after["autoclose_days"]), (80, 3, 3))
        self.assertEqual(after["sla_targets"], targets)
        self.assertEqual(after["calendar"]["working_hours"], [{"from": "08:30", "to": "15:30"}])
        self.assertEqual(after["calendar"]["working_weekdays"], [1, 2, 3, 4, 5])
        self.assertIn("08:30", after["calendar"]["describe"])
        self.assertEqual(self.sol.get(f"{HD}/settings").json(), after)
        # The calendar's name is part of what may change (only describe is derived).
        named = self.assertStatus(self.admin.patch(f"{HD}/settings", {"calendar": {"name": "Calendario DSI 2027"}}),
                                  200).json()
        self.assertEqual(named["calendar"]["name"], "Calendario DSI 2027")
        self.assertEqual(named["calendar"]["working_hours"], [{"from": "08:30", "to": "15:30"}])
        self.assertStatus(self.admin.patch(f"{HD}/settings", {"calendar": {"name": before["calendar"]["name"]}}), 200)
        # A new ticket gets the new target for its priority (GENERAL: media → 3 × 240).
        t = self.file(self.sol)
        self.assertEqual(t["resolution_sla"]["target_minutes"], 720)
        self.assertStatus(self.admin.patch(f"{HD}/settings", {
            "warning_percent": before["warning_percent"], "reopen_days": before["reopen_days"],
            "sla_targets": before["sla_targets"],
            "calendar": {"working_hours": before["calendar"]["working_hours"]}}), 200)
        self.assertEqual(self.admin.get(f"{HD}/settings").json(), before)

    def test_days_off_add_list_delete(self):
        def admin_days(year):
            items = self.assertStatus(self.admin.get(f"{HD}/days-off?year={year}"), 200).json()["items"]
            return [d for d in items if d["kind"] == "admin"]

        law = self.sol.get(f"{HD}/days-off?year=2027").json()["items"]
        self.assertIn("2027-09-16", [d["date"] for d in law if d["kind"] == "ley"])
        self.assertTrue(all(d["id"] is None for d in law if d["kind"] == "ley"))
        before = admin_days(2027)
        r = self.admin.post(f"{HD}/days-off", {"date": "2027-12-12", "label": "Día de la Virgen de Guadalupe",
                                               "source": "Acuerdo de cabildo 45/2027"})
        day = self.assertStatus(r, 201).json()
        self.assertEqual((day["date"], day["kind"]), ("2027-12-12", "admin"))
        r = self.admin.post(f"{HD}/days-off", {"date": "2027-12-20", "to": "2027-12-31",
                                               "label": "Vacaciones de invierno", "source": "Calendario oficial"})
        period = self.assertStatus(r, 201).json()
        self.assertEqual(period["to"], "2027-12-31")
        listed = admin_days(2027)
        self.assertEqual(len(listed), len(before) + 2)
        self.assertIn(("2027-12-12", "Día de la Virgen de Guadalupe"), [(d["date"], d["label"]) for d in listed])
        self.assertIn((period["id"], "2027-12-20", "2027-12-31"), [(d["id"], d["date"], d.get("to")) for d in listed])
        self.assertProblem(self.mesa.post(f"{HD}/days-off", {"date": "2027-12-13", "label": "x", "source": "x"}), 403)
        self.assertProblem(self.mesa.delete(f"{HD}/days-off/{day['id']}"), 403)
        self.assertStatus(self.admin.delete(f"{HD}/days-off/{day['id']}"), 204)
        self.assertStatus(self.admin.delete(f"{HD}/days-off/{period['id']}"), 204)
        self.assertEqual(admin_days(2027), before)
        self.assertProblem(self.admin.delete(f"{HD}/days-off/{day['id']}"), 404)

    def test_queue_rule_change(self):
        qid = self.queues["Innovación tecnológica"]["id"]
        q = self.assertStatus(self.admin.patch(f"{HD}/queues/{qid}", {"assignment": "least_open"}), 200).json()
        self.assertEqual(q["assignment"], "least_open")
        t = self.file(self.sol, "INN-DICTAMEN", fields={"bien": "Switch de 24 puertos"})
        self.assertEqual(t["status"], "asignado")
        self.assertIsNotNone(t["assignee_id"])
        self.assertStatus(self.admin.patch(f"{HD}/queues/{qid}", {"assignment": "manual"}), 200)
        self.assertEqual(self.file(self.sol, "INN-DICTAMEN", fields={"bien": "Licencias"})["status"], "nuevo")


# ---------------------------------------------------------------------------------------------
class EmailRoundTrip(HelpdeskCase):
    """Notifications out through a real SMTP server and replies back in: the sink stores what
    tequio sends and, like a postfix pipe, forwards what it receives to inbound-email."""

    TOKEN = "correo-entrante-" + uuid.uuid4().hex

    @classmethod
    def setUpClass(cls):
        cls.maildir = tempfile.mkdtemp(prefix="tequio-mail-")
        cls.smtp_port = free_port()
        cls.sink = None
        cls.server_args = ("--smtp-host", "127.0.0.1", "--smtp-port", str(cls.smtp_port), "--jobs-interval", "1",
                           "--inbound-email-token", cls.TOKEN, "--mail-from", "mesa.servicio@oaxaca.example")
        try:
            super().setUpClass()
        except Exception:
            shutil.rmtree(cls.maildir, ignore_errors=True)
            raise
        try:
            cls.start_sink()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def start_sink(cls):
        url = f"http://127.0.0.1:{cls.server.port}{HD}/inbound-email"
        cls.sink_log = open(os.path.join(cls.maildir, "sink.log"), "wb")
        cls.sink = subprocess.Popen([SINK_PYTHON, SMTP_SINK, "--port", str(cls.smtp_port), "--maildir", cls.maildir,
                                     "--forward-url", url, "--forward-token", cls.TOKEN],
                                    stdout=cls.sink_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if cls.sink.poll() is not None:
                raise RuntimeError(f"smtp_sink.py terminó al arrancar (¿falta aiosmtpd en {SINK_PYTHON}?):\n"
                                   + open(os.path.join(cls.maildir, "sink.log"), errors="replace").read())
            try:
                with smtplib.SMTP("127.0.0.1", cls.smtp_port, timeout=2) as s:
                    s.noop()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("smtp_sink.py no escuchó a tiempo")

    @classmethod
    def tearDownClass(cls):
        if cls.sink and cls.sink.poll() is None:
            cls.sink.send_signal(signal.SIGTERM)
            try:
                cls.sink.wait(10)
            except subprocess.TimeoutExpired:
                cls.sink.kill()
                cls.sink.wait()
        if getattr(cls, "sink_log", None):
            cls.sink_log.close()
        shutil.rmtree(cls.maildir, ignore_errors=True)
        super().tearDownClass()

    # --- helpers -----------------------------------------------------------------------
    def wait_for_mail(self, predicate, timeout=45):
        """The first stored message (email.message.EmailMessage) for which predicate holds."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            for name in sorted(os.listdir(self.maildir)):
                if not name.endswith(".eml"):
                    continue
                with open(os.path.join(self.maildir, name), "rb") as f:
                    msg = email.message_from_binary_file(f, policy=email.policy.default)
                with open(os.path.join(self.maildir, name[:-4] + ".json"), encoding="utf-8") as f:
                    envelope = json.load(f)
                if predicate(msg, envelope):
                    return msg, envelope
                seen.append(str(msg["subject"]))
            time.sleep(0.3)
        self.fail(f"no llegó el correo esperado en {timeout} s; llegaron: {sorted(set(seen))}\n"
                  f"{self.server.log_tail()}")

    def post_email(self, raw, token=None, content_type="message/rfc822"):
        return self.client().request("POST", f"{HD}/inbound-email", body=raw, content_type=content_type,
                                     headers={"Authorization": f"Bearer {token or self.TOKEN}"})

    @staticmethod
    def message(sender, subject, body, to="mesa.servicio@oaxaca.example", extra=""):
        return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{uid()}@oaxaca.example>\r\n"
                f"Date: Wed, 25 Nov 2026 10:00:00 -0600\r\nMIME-Version: 1.0\r\n{extra}"
                f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}").encode()

    # --- tests ---------------------------------------------------------------------------
    def test_notification_out_and_reply_in_through_smtp(self):
        t = self.file(self.sol, "SOP-SOFTWARE", title="Instalar visor de planos",
                      fields={"software": "Visor DWG"})
        number = t["number"]
        msg, envelope = self.wait_for_mail(
            lambda m, e: f"[{number}]" in str(m["subject"]) and "noe.ruiz@oaxaca.example" in e["rcpt_tos"])
        self.assertEqual(envelope["mail_from"], "mesa.servicio@oaxaca.example")
        self.assertIn("mesa.servicio@oaxaca.example", str(msg["from"]))
        self.assertIn("noe.ruiz@oaxaca.example", str(msg["to"]))
        self.assertEqual(str(msg["auto-submitted"]), "auto-generated")
        self.assertIn("Instalar visor de planos", str(msg["subject"]))
        notification = msg.get_body(preferencelist=("plain",)).get_content()
        self.assertTrue(notification.startswith(REPLY_MARKER), notification[:200])
        self.assertIn(number, notification)

        # Noé answers from his mail client, quoting the notification below his text.
        reply = "Buen día. El equipo es el de la caja 2,\ninventario OAX-CPU-0877. Gracias."
        quoted = "\n".join("> " + line for line in notification.splitlines())
        body = (f"{reply}\n\nEl mié, 25 nov 2026 a las 09:12, Mesa de servicio DSI "
                f"<mesa.servicio@oaxaca.example> escribió:\n{quoted}\n")
        out = email.message.EmailMessage()
        out["From"] = "Noé Ruiz Olivera <noe.ruiz@oaxaca.example>"
        out["To"] = "mesa.servicio@oaxaca.example"
        out["Subject"] = f"RE: {msg['subject']}"
        out["In-Reply-To"] = str(msg["message-id"])
        out["References"] = str(msg["message-id"])
        out.set_content(body)
        total = self.ticket(t["id"])["timeline_total"]
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30) as s:
            refused = s.send_message(out, from_addr="noe.ruiz@oaxaca.example",
                                     to_addrs=["mesa.servicio@oaxaca.example"])
        self.assertEqual(refused, {})  # the sink forwarded it and tequio accepted it (else 451)
        after = self.ticket(t["id"])
        self.assertEqual(after["timeline_total"], total + 1)
        entry = after["timeline"][-1]
        self.assertEqual((entry["kind"], entry["visibility"], entry["via"]), ("reply", "public", "correo"))
        self.assertEqual(entry["body"], reply)
        self.assertEqual(entry["author_name"], "Noé Ruiz Olivera")
        self.assertNotIn("Escriba su respuesta", entry["body"])
        self.assertNotIn(">", entry["body"])
        self.assertEqual(self.ticket(t["id"], self.sol)["timeline"][-1]["body"], reply)

    def test_reply_by_email_resumes_a_ticket_waiting_for_the_requester(self):
        t = self.file(self.sol)
        self.move(self.tec, t["id"], "en_proceso")
        self.move(self.tec, t["id"], "en_espera_solicitante")
        raw = self.message("noe.ruiz@oaxaca.example", f"Re: [{t['number']}] {t['title']}", "Listo, ya reinicié.\n")
        r = self.assertStatus(self.post_email(raw), 200).json()
        self.assertEqual((r["status"], r["ticket_id"], r["number"]), ("added", t["id"], t["number"]))
        after = self.ticket(t["id"])
        self.assertEqual(after["status"], "en_proceso")
        self.assertNotEqual(after["resolution_sla"]["state"], "paused")
        self.assertIn({"from": "en_espera_solicitante", "to": "en_proceso"},
                      [e["changes"]["status"] for e in after["timeline"] if e["kind"] == "event"
                       and "status" in (e["changes"] or {})])

    def test_unknown_sender_is_422_and_nothing_is_stored(self):
        t = self.file(self.sol)
        total = self.admin.total(f"{HD}/tickets")
        timeline = self.ticket(t["id"])["timeline_total"]
        for subject in (f"RE: [{t['number']}] x", "Solicitud nueva"):
            with self.subTest(subject=subject):
                raw = self.message("desconocido@ejemplo.example", subject, "Hola, soy un extraño.\n")
                self.assertProblem(self.post_email(raw), 422, code="mail.sender_unknown")
        self.assertEqual(self.admin.total(f"{HD}/tickets"), total)
        self.assertEqual(self.ticket(t["id"])["timeline_total"], timeline)

    def test_wrong_or_missing_token_is_401(self):
        t = self.file(self.sol)
        timeline = self.ticket(t["id"])["timeline_total"]
        raw = self.message("noe.ruiz@oaxaca.example", f"RE: [{t['number']}] x", "No debe entrar.\n")
        self.assertProblem(self.post_email(raw, token="otro-token"), 401)
        self.assertProblem(self.post_email(raw, token=self.TOKEN + "x"), 401)
        r = self.client().request("POST", f"{HD}/inbound-email", body=raw, content_type="message/rfc822")
        self.assertProblem(r, 401)
        # A user's session or API token is not the mail server's token either.
        tok = self.sol.post("/api/v1/auth/tokens", {"name": "correo", "scopes": ["read", "write"]}).json()["token"]
        self.assertProblem(self.post_email(raw, token=tok), 401)
        r = self.sol.request("POST", f"{HD}/inbound-email", body=raw, content_type="message/rfc822")
        self.assertProblem(r, 401)
        self.assertEqual(self.ticket(t["id"])["timeline_total"], timeline)

    def test_other_inbound_refusals(self):
        t = self.file(self.sol)
        other = self.file(self.dif)
        timeline = (self.ticket(t["id"])["timeline_total"], self.ticket(other["id"])["timeline_total"])
        # Another area's ticket does not exist for this sender.
        raw = self.message("noe.ruiz@oaxaca.example", f"RE: [{other['number']}] x", "Me meto.\n")
        self.assertProblem(self.post_email(raw), 404)
        self.assertProblem(self.post_email(self.message("noe.ruiz@oaxaca.example", "RE: [MS-999999] x", "x\n")), 404)
        self.assertProblem(self.post_email(b"esto no es un correo"), 400)
        raw = self.message("noe.ruiz@oaxaca.example", f"RE: [{t['number']}] x", "x\n")
        self.assertProblem(self.post_email(raw, content_type="text/plain"), 415)
        # Our own notifications coming back are ignored (no loops).
        raw = self.message("mesa.servicio@oaxaca.example", f"[{t['number']}] Recibimos su solicitud", "x\n")
        r = self.assertStatus(self.post_email(raw), 200).json()
        self.assertEqual(r["status"], "ignored")
        self.assertEqual((self.ticket(t["id"])["timeline_total"], self.ticket(other["id"])["timeline_total"]),
                         timeline)

    def test_new_request_by_email_goes_to_the_general_category(self):
        total = self.admin.total(f"{HD}/tickets")
        raw = self.message("Noé Ruiz Olivera <noe.ruiz@oaxaca.example>", "No puedo entrar al sistema de nómina",
                           "Me aparece «usuario bloqueado» desde esta mañana.\n")
        r = self.assertStatus(self.post_email(raw), 201).json()
        self.assertEqual(r["status"], "created")
        t = self.ticket(r["ticket_id"])
        self.assertEqual(self.admin.total(f"{HD}/tickets"), total + 1)
        self.assertEqual((t["channel"], t["category_id"], t["requester_name"]),
                         ("correo", self.categories["GENERAL"]["id"], "Noé Ruiz Olivera"))
        self.assertEqual(t["title"], "No puedo entrar al sistema de nómina")
        self.assertIn("usuario bloqueado", t["description"])
