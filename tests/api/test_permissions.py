"""The permission matrix (permission_matrix.json) against the real server: every route of
src/http/openapi.json called by a demo user of every role, and anonymously, with a valid
request (existing ids, valid bodies), so a refusal can only come from permissions."""

import json
import os
import unittest
import urllib.parse
import uuid

from base import ROLE_USERS, ServerTestCase
from harness import Client
from schema import OpenApi

HERE = os.path.dirname(os.path.abspath(__file__))
OPENAPI_PATH = os.path.join(HERE, "..", "..", "src", "http", "openapi.json")
MATRIX_PATH = os.path.join(HERE, "permission_matrix.json")
ROLES = ["administrador", "director", "jefe_departamento", "tecnico", "mesa_ayuda", "solicitante", "auditor",
         "anonymous"]
# docs/api.md, «Roles», and docs/api-helpdesk.md, «Permissions».
HD_REQUEST = {"helpdesk.request"}
HD_READ = HD_REQUEST | {"helpdesk.read_all"}
HD_WORK = HD_READ | {"helpdesk.work"}
HD_MANAGE = HD_WORK | {"helpdesk.manage"}
# docs/api-assets.md, «Permissions».
AS_OWN = {"assets.read_own"}
AS_READ = AS_OWN | {"assets.read_all"}
AS_WRITE = AS_READ | {"assets.write"}
AS_MANAGE = AS_WRITE | {"assets.manage"}
ROLE_PERMISSIONS = {
    "administrador": {"org.read", "org.write", "people.read_all", "users.read", "users.write", "audit.read",
                      "audit.export"} | HD_MANAGE | AS_MANAGE,
    "director": {"org.read", "people.read_all", "users.read", "audit.read", "audit.export"} | HD_MANAGE | AS_MANAGE,
    "jefe_departamento": {"org.read", "people.read_all", "users.read"} | HD_WORK | AS_WRITE,
    "tecnico": {"org.read", "people.read_all"} | HD_WORK | AS_WRITE,
    "mesa_ayuda": {"org.read", "people.read_all"} | HD_WORK | AS_READ,
    "solicitante": {"org.read"} | HD_REQUEST | AS_OWN,
    "auditor": {"org.read", "people.read_all", "users.read", "audit.read", "audit.export"} | HD_READ | AS_READ,
}
INBOUND_TOKEN = "matriz-correo-entrante"
HD = "/api/v1/helpdesk"
# Roles that may take a ticket of the Soporte queue (DSI-SOP staff); administrador and director
# have helpdesk.work but belong to the DSI itself, so take answers 409 ticket.take_other_queue.
SOPORTE_STAFF = ("jefe_departamento", "tecnico", "mesa_ayuda")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def openapi_routes():
    doc = load_json(OPENAPI_PATH)
    return {f"{m.upper()} {p}" for p, ops in doc["paths"].items() for m in ops if m in METHODS}


def uid():
    return uuid.uuid4().hex[:10]


# --- How to call each route validly. A call gets the test, the role (or "anonymous") and
# --- that role's logged-in client; it returns the response and the status expected when
# --- the role is allowed.

def _login(t, role, c):
    creds = ROLE_USERS.get(role, (t.target_user_name, t.target_user_password))
    return Client(t.server.port).post("/api/v1/auth/login", {"username": creds[0], "password": creds[1]}), 200


def _logout(t, role, c):
    if role == "anonymous":
        return c.post("/api/v1/auth/logout"), 204
    other = t.login_as(*ROLE_USERS[role])  # keep the main session alive
    return other.post("/api/v1/auth/logout"), 204


def _change_password(t, role, c):
    current = ROLE_USERS.get(role, ("", "Cualquier-Cosa-2026"))[1]
    # A policy violation: proves access without changing the password.
    return c.post("/api/v1/auth/password", {"current_password": current, "new_password": "corta"}), 422


def _revoke_session(t, role, c):
    if role == "anonymous":
        return c.delete(f"/api/v1/auth/sessions/{t.admin_second_session_id}"), 204
    other = t.login_as(*ROLE_USERS[role])
    sid = [s for s in other.get("/api/v1/auth/sessions").json()["items"] if s["current"]][0]["id"]
    return c.delete(f"/api/v1/auth/sessions/{sid}"), 204


def _revoke_token(t, role, c):
    if role == "anonymous":
        return c.delete(f"/api/v1/auth/tokens/{t.admin_token_id}"), 204
    r = c.post("/api/v1/auth/tokens", {"name": f"matriz {uid()}", "scopes": ["read"]})
    t.assertEqual(r.status, 201, f"{role} no pudo crear un token para revocarlo: {r!r}")
    return c.delete(f"/api/v1/auth/tokens/{r.json()['id']}"), 204


def _fresh_area(t):
    r = t.admin.post("/api/v1/areas", {"name": f"Área desechable {uid()}", "kind": "unidad",
                                       "parent_id": t.target_area_id})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _fresh_person(t):
    r = t.admin.post("/api/v1/people", {"full_name": f"Persona desechable {uid()}", "area_id": t.target_area_id})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


# --- Helpdesk. Ticket routes work on tickets the demo solicitante (Dirección de Ingresos) files
# --- in the catalog's general category (queue Soporte técnico, manual assignment), so the
# --- solicitante is on the requester side; a ticket that must change gets a fresh one per call.

def _sol_ticket(t, title="Ticket de la matriz"):
    r = t.sol.post(f"{HD}/tickets", {"kind": "solicitud", "title": f"{title} {uid()}",
                                     "description": "Creado por la prueba de permisos.",
                                     "category_id": t.general_category_id})
    t.assertEqual(r.status, 201, f"el solicitante no pudo levantar un ticket: {r!r}")
    return r.json()["id"]


def _ticket_for(t, role):
    """A fresh ticket, or for anonymous (refused before any lookup) the shared one."""
    return t.hd_ticket_id if role == "anonymous" else _sol_ticket(t)


def _resolved_ticket(t, role):
    if role == "anonymous":
        return t.hd_ticket_id
    tid = _sol_ticket(t, "Ticket resuelto de la matriz")
    r = t.tec.post(f"{HD}/tickets/{tid}/transition", {"status": "resuelto", "comment": "Resuelto para la matriz."})
    t.assertEqual(r.status, 200, r)
    return tid


def _transition(t, role, c):
    tid = _ticket_for(t, role)
    if role == "solicitante":  # the requester may cancel a new ticket of their own
        return c.post(f"{HD}/tickets/{tid}/transition", {"status": "cancelado", "comment": "Ya no hace falta."}), 200
    return c.post(f"{HD}/tickets/{tid}/transition", {"status": "en_proceso"}), 200


def _take(t, role, c):
    return c.post(f"{HD}/tickets/{_ticket_for(t, role)}/take"), 200 if role in SOPORTE_STAFF else 409


def _merge(t, role, c):
    src = _ticket_for(t, role)
    into = t.hd_ticket_id if role == "anonymous" else _sol_ticket(t, "Destino de fusión")
    return c.post(f"{HD}/tickets/{src}/merge", {"into_id": into}), 200


def _inbound_email(t, role, c):
    # Delivered by the mail server with the inbound token, whoever else the caller is.
    raw = (f"From: Noé Ruiz <noe.ruiz@oaxaca.example>\r\nTo: mesa.servicio@oaxaca.example\r\n"
           f"Subject: RE: [MS-{t.hd_ticket_id}] Ticket de la matriz\r\nMessage-ID: <{uid()}@oaxaca.example>\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\nRespuesta por correo ({role}).\r\n").encode()
    return c.request("POST", f"{HD}/inbound-email", body=raw, content_type="message/rfc822",
                     headers={"Authorization": f"Bearer {INBOUND_TOKEN}"}), 200


def _fresh_day_off(t):
    r = t.admin.post(f"{HD}/days-off", {"date": "2031-03-03", "label": "Día desechable", "source": "Prueba"})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _fresh_recurring(t):
    r = t.admin.post(f"{HD}/recurring", {"title": f"Programado desechable {uid()}", "description": "Prueba",
                                         "category_id": t.general_category_id, "frequency": "daily",
                                         "time": "08:00", "active": False})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _delete_view(t, role, c):
    if role in ("anonymous", "auditor", "solicitante"):  # cannot create one; try the administrador's
        return c.delete(f"{HD}/views/{t.admin_view_id}"), 204
    r = c.post(f"{HD}/views", {"name": f"Vista {uid()}", "query": "status=open"})
    t.assertEqual(r.status, 201, f"{role} no pudo guardar una vista para borrarla: {r!r}")
    return c.delete(f"{HD}/views/{r.json()['id']}"), 204


HELPDESK_CALLS = {
    "GET /api/v1/helpdesk/queues": lambda t, r, c: (c.get(f"{HD}/queues"), 200),
    "PATCH /api/v1/helpdesk/queues/{id}": lambda t, r, c: (
        c.patch(f"{HD}/queues/{t.innovacion_queue_id}", {"name": "Innovación tecnológica"}), 200),
    "GET /api/v1/helpdesk/categories": lambda t, r, c: (c.get(f"{HD}/categories"), 200),
    "GET /api/v1/helpdesk/categories/{id}": lambda t, r, c: (c.get(f"{HD}/categories/{t.general_category_id}"), 200),
    "POST /api/v1/helpdesk/categories": lambda t, r, c: (c.post(f"{HD}/categories", {
        "code": f"MTX-{uid().upper()}", "name": "Categoría de la matriz", "queue_id": t.innovacion_queue_id,
        "kind": "solicitud", "impact": 3, "urgency": 3, "active": False}), 201),
    "PATCH /api/v1/helpdesk/categories/{id}": lambda t, r, c: (
        c.patch(f"{HD}/categories/{t.target_category_id}", {"description": f"Descripción {uid()}"}), 200),
    "GET /api/v1/helpdesk/settings": lambda t, r, c: (c.get(f"{HD}/settings"), 200),
    "PATCH /api/v1/helpdesk/settings": lambda t, r, c: (c.patch(f"{HD}/settings", {"warning_percent": 75}), 200),
    "GET /api/v1/helpdesk/days-off": lambda t, r, c: (c.get(f"{HD}/days-off?year=2026"), 200),
    "POST /api/v1/helpdesk/days-off": lambda t, r, c: (c.post(f"{HD}/days-off", {
        "date": "2031-02-03", "label": "Día de la matriz", "source": "Prueba de permisos"}), 201),
    "DELETE /api/v1/helpdesk/days-off/{id}": lambda t, r, c: (
        c.delete(f"{HD}/days-off/{_fresh_day_off(t) if r != 'anonymous' else 1}"), 204),
    "GET /api/v1/helpdesk/tickets": lambda t, r, c: (c.get(f"{HD}/tickets"), 200),
    "GET /api/v1/helpdesk/tickets/export": lambda t, r, c: (c.get(f"{HD}/tickets/export?format=csv"), 200),
    "POST /api/v1/helpdesk/tickets": lambda t, r, c: (c.post(f"{HD}/tickets", {
        "kind": "solicitud", "title": f"Ticket de {r}", "description": "Prueba de permisos.",
        "category_id": t.general_category_id}), 201),
    "GET /api/v1/helpdesk/tickets/{id}": lambda t, r, c: (c.get(f"{HD}/tickets/{t.hd_ticket_id}"), 200),
    "GET /api/v1/helpdesk/tickets/{id}/entries": lambda t, r, c: (
        c.get(f"{HD}/tickets/{t.hd_ticket_id}/entries"), 200),
    "PATCH /api/v1/helpdesk/tickets/{id}": lambda t, r, c: (
        c.patch(f"{HD}/tickets/{t.hd_ticket_id}", {"title": f"Ticket objetivo {uid()}"}), 200),
    "POST /api/v1/helpdesk/tickets/{id}/transition": _transition,
    "POST /api/v1/helpdesk/tickets/{id}/assign": lambda t, r, c: (
        c.post(f"{HD}/tickets/{_ticket_for(t, r)}/assign", {"assignee_id": t.tecnico_user_id}), 200),
    "POST /api/v1/helpdesk/tickets/{id}/take": _take,
    "POST /api/v1/helpdesk/tickets/{id}/entries": lambda t, r, c: (
        c.post(f"{HD}/tickets/{t.hd_ticket_id}/entries", {"kind": "reply", "body": f"Respuesta de {r}"}), 201),
    "POST /api/v1/helpdesk/tickets/{id}/attachments": lambda t, r, c: (c.request(
        "POST", f"{HD}/tickets/{t.hd_ticket_id}/attachments?filename=matriz.txt",
        body=f"Archivo de {r}\n".encode(), content_type="application/octet-stream"), 201),
    "GET /api/v1/helpdesk/attachments/{id}": lambda t, r, c: (c.get(f"{HD}/attachments/{t.attachment_id}"), 200),
    "POST /api/v1/helpdesk/tickets/{id}/survey": lambda t, r, c: (
        c.post(f"{HD}/tickets/{_resolved_ticket(t, r)}/survey", {"rating": 4}), 200),
    "POST /api/v1/helpdesk/tickets/{id}/merge": _merge,
    "POST /api/v1/helpdesk/tickets/bulk": lambda t, r, c: (c.post(f"{HD}/tickets/bulk", {
        "ids": [_ticket_for(t, r)], "action": "transition", "status": "en_proceso"}), 200),
    "GET /api/v1/helpdesk/views": lambda t, r, c: (c.get(f"{HD}/views"), 200),
    "POST /api/v1/helpdesk/views": lambda t, r, c: (
        c.post(f"{HD}/views", {"name": f"Vista de {r} {uid()}", "query": "status=open"}), 201),
    "DELETE /api/v1/helpdesk/views/{id}": _delete_view,
    "GET /api/v1/helpdesk/stats": lambda t, r, c: (c.get(f"{HD}/stats"), 200),
    "GET /api/v1/helpdesk/reports/monthly": lambda t, r, c: (
        c.get(f"{HD}/reports/monthly?queue_id={t.soporte_queue_id}&month=2026-11"), 200),
    "GET /api/v1/helpdesk/recurring": lambda t, r, c: (c.get(f"{HD}/recurring"), 200),
    "POST /api/v1/helpdesk/recurring": lambda t, r, c: (c.post(f"{HD}/recurring", {
        "title": f"Programado de {r}", "description": "Prueba de permisos", "category_id": t.general_category_id,
        "frequency": "weekly", "day": 1, "time": "09:00", "active": False}), 201),
    "PATCH /api/v1/helpdesk/recurring/{id}": lambda t, r, c: (
        c.patch(f"{HD}/recurring/{t.target_recurring_id}", {"title": f"Programado objetivo {uid()}"}), 200),
    "DELETE /api/v1/helpdesk/recurring/{id}": lambda t, r, c: (
        c.delete(f"{HD}/recurring/{_fresh_recurring(t) if r != 'anonymous' else 1}"), 204),
    "POST /api/v1/helpdesk/inbound-email": _inbound_email,
}


# --- Parque informático (docs/api-assets.md). Reads use what the demo solicitante holds
# --- (OAX-CPU-00001 and its monitor, resguardo RES-…-000001), which every role may read; a
# --- call that consumes an asset (assign, transfer, return, loan, status, disposal…) gets a
# --- fresh one registered by the administrador, so a refusal can only come from permissions.
AS = "/api/v1/assets"
_asset_numbers = iter(range(1, 100000))


def _today_plus(days):
    # The server's dates are local to Mexico City (UTC−6, no daylight saving time).
    import datetime
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=-6)))
    return (now.date() + datetime.timedelta(days=days)).isoformat()


def _fresh_asset(t):
    r = t.admin.post(AS, {"inventory_number": f"OAX-MTX-{next(_asset_numbers):05d}", "type_id": t.as_type_id,
                          "brand": "Dell", "model": "Latitude 3420", "area_id": t.target_area_id})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _asset_for(t, role):
    """A fresh asset in the storeroom, or for anonymous (refused before any lookup) the shared one."""
    return t.as_asset_id if role == "anonymous" else _fresh_asset(t)


def _assigned_asset(t, role):
    aid = _asset_for(t, role)
    if role != "anonymous":
        r = t.admin.post(f"{AS}/custody/assign", {"person_id": t.target_person_id, "asset_ids": [aid]})
        t.assertEqual(r.status, 201, r)
    return aid


def _loan_for(t, role):
    if role == "anonymous":
        return 1
    r = t.admin.post(f"{AS}/loans", {"asset_id": _fresh_asset(t), "person_id": t.target_person_id,
                                     "due_on": _today_plus(7)})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _campaign_for(t, role):
    if role == "anonymous":
        return t.as_campaign_id
    r = t.admin.post(f"{AS}/campaigns", {"name": f"Levantamiento desechable {uid()}", "area_ids": [t.target_area_id]})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


def _disposal_for(t, role):
    if role == "anonymous":
        return t.as_disposal_id
    r = t.admin.post(f"{AS}/disposals", {"asset_ids": [_fresh_asset(t)], "reason": "Obsoleto (matriz)"})
    t.assertEqual(r.status, 201, r)
    return r.json()["id"]


ASSETS_CALLS = {
    "GET /api/v1/assets/types": lambda t, r, c: (c.get(f"{AS}/types"), 200),
    "POST /api/v1/assets/types": lambda t, r, c: (c.post(f"{AS}/types", {
        "code": f"MTX-{uid().upper()}", "name": f"Tipo de la matriz {uid()}",
        "fields": [{"key": "nota", "label": "Nota", "type": "text"}]}), 201),
    "PATCH /api/v1/assets/types/{id}": lambda t, r, c: (
        c.patch(f"{AS}/types/{t.as_target_type_id}", {"name": f"Tipo objetivo {uid()}"}), 200),
    "GET /api/v1/assets/settings": lambda t, r, c: (c.get(f"{AS}/settings"), 200),
    "PATCH /api/v1/assets/settings": lambda t, r, c: (c.patch(f"{AS}/settings", {"folio_prefix": "RES"}), 200),
    "GET /api/v1/assets": lambda t, r, c: (c.get(AS), 200),
    "GET /api/v1/assets/export": lambda t, r, c: (c.get(f"{AS}/export?format=csv&type_id={t.as_type_id}"), 200),
    "GET /api/v1/assets/lookup": lambda t, r, c: (c.get(f"{AS}/lookup?number={t.sol_asset_number}"), 200),
    "POST /api/v1/assets": lambda t, r, c: (c.post(AS, {
        "inventory_number": f"OAX-MTX-{next(_asset_numbers):05d}", "type_id": t.as_type_id, "brand": "HP"}), 201),
    "GET /api/v1/assets/{id}": lambda t, r, c: (c.get(f"{AS}/{t.sol_asset_id}"), 200),
    "PATCH /api/v1/assets/{id}": lambda t, r, c: (c.patch(f"{AS}/{t.as_asset_id}", {"notes": f"Nota {uid()}"}), 200),
    "GET /api/v1/assets/{id}/events": lambda t, r, c: (c.get(f"{AS}/{t.sol_asset_id}/events"), 200),
    "POST /api/v1/assets/{id}/status": lambda t, r, c: (c.post(f"{AS}/{_asset_for(t, r)}/status", {
        "status": "en_reparacion", "reason": "Revisión de la matriz"}), 200),
    "POST /api/v1/assets/{id}/attachments": lambda t, r, c: (c.request(
        "POST", f"{AS}/{t.as_asset_id}/attachments?filename=matriz.txt", body=f"Archivo de {r}\n".encode(),
        content_type="application/octet-stream"), 201),
    "GET /api/v1/assets/attachments/{id}": lambda t, r, c: (c.get(f"{AS}/attachments/{t.as_attachment_id}"), 200),
    "POST /api/v1/assets/custody/assign": lambda t, r, c: (c.post(f"{AS}/custody/assign", {
        "person_id": t.target_person_id, "asset_ids": [_asset_for(t, r)], "notes": f"Asignación de {r}"}), 201),
    "POST /api/v1/assets/custody/transfer": lambda t, r, c: (c.post(f"{AS}/custody/transfer", {
        "asset_ids": [_assigned_asset(t, r)], "to_person_id": t.as_receiver_person_id}), 201),
    "POST /api/v1/assets/custody/return": lambda t, r, c: (c.post(f"{AS}/custody/return", {
        "asset_ids": [_assigned_asset(t, r)]}), 201),
    "GET /api/v1/assets/custody/documents": lambda t, r, c: (c.get(f"{AS}/custody/documents"), 200),
    "GET /api/v1/assets/custody/documents/{id}": lambda t, r, c: (
        c.get(f"{AS}/custody/documents/{t.sol_document_id}"), 200),
    "GET /api/v1/assets/custody/documents/{id}/pdf": lambda t, r, c: (
        c.get(f"{AS}/custody/documents/{t.sol_document_id}/pdf"), 200),
    "GET /api/v1/assets/custody/people/{id}": lambda t, r, c: (c.get(f"{AS}/custody/people/{t.sol_person_id}"), 200),
    "POST /api/v1/assets/custody/people/{id}/no-adeudo": lambda t, r, c: (
        c.post(f"{AS}/custody/people/{t.as_clean_person_id}/no-adeudo", {"notes": f"Solicitada por {r}"}), 201),
    "GET /api/v1/assets/loans": lambda t, r, c: (c.get(f"{AS}/loans"), 200),
    "POST /api/v1/assets/loans": lambda t, r, c: (c.post(f"{AS}/loans", {
        "asset_id": _asset_for(t, r), "person_id": t.target_person_id, "due_on": _today_plus(7)}), 201),
    "POST /api/v1/assets/loans/{id}/return": lambda t, r, c: (
        c.post(f"{AS}/loans/{_loan_for(t, r)}/return", {"condition": "bueno"}), 200),
    "GET /api/v1/assets/labels/formats": lambda t, r, c: (c.get(f"{AS}/labels/formats"), 200),
    "POST /api/v1/assets/labels": lambda t, r, c: (
        c.post(f"{AS}/labels", {"format": "letter-30", "asset_ids": [t.as_asset_id]}), 200),
    "GET /api/v1/assets/campaigns": lambda t, r, c: (c.get(f"{AS}/campaigns"), 200),
    "POST /api/v1/assets/campaigns": lambda t, r, c: (c.post(f"{AS}/campaigns", {
        "name": f"Levantamiento de {r}", "area_ids": [t.target_area_id]}), 201),
    "GET /api/v1/assets/campaigns/{id}": lambda t, r, c: (c.get(f"{AS}/campaigns/{t.as_campaign_id}"), 200),
    "POST /api/v1/assets/campaigns/{id}/scans": lambda t, r, c: (c.post(f"{AS}/campaigns/{t.as_campaign_id}/scans", {
        "inventory_number": t.as_asset_number, "building": "Palacio Municipal"}), 201),
    "GET /api/v1/assets/campaigns/{id}/scans": lambda t, r, c: (
        c.get(f"{AS}/campaigns/{t.as_campaign_id}/scans"), 200),
    "GET /api/v1/assets/campaigns/{id}/report": lambda t, r, c: (
        c.get(f"{AS}/campaigns/{t.as_campaign_id}/report"), 200),
    "POST /api/v1/assets/campaigns/{id}/close": lambda t, r, c: (
        c.post(f"{AS}/campaigns/{_campaign_for(t, r)}/close"), 200),
    "GET /api/v1/assets/disposals": lambda t, r, c: (c.get(f"{AS}/disposals"), 200),
    "POST /api/v1/assets/disposals": lambda t, r, c: (c.post(f"{AS}/disposals", {
        "asset_ids": [_asset_for(t, r)], "reason": f"Obsoleto, solicitado por {r}"}), 201),
    "GET /api/v1/assets/disposals/{id}": lambda t, r, c: (c.get(f"{AS}/disposals/{t.as_disposal_id}"), 200),
    "POST /api/v1/assets/disposals/{id}/approve": lambda t, r, c: (
        c.post(f"{AS}/disposals/{_disposal_for(t, r)}/approve", {"notes": "Procede"}), 200),
    "POST /api/v1/assets/disposals/{id}/reject": lambda t, r, c: (
        c.post(f"{AS}/disposals/{_disposal_for(t, r)}/reject", {"notes": "No procede"}), 200),
    "POST /api/v1/assets/import": lambda t, r, c: (c.request(
        "POST", f"{AS}/import?format=csv&dry_run=true", content_type="application/octet-stream",
        body=f"inventory_number,type,brand\nOAX-MTX-{next(_asset_numbers):05d},CPU,Dell\n"), 200),
}


CALLS = {
    "GET /healthz": lambda t, r, c: (c.get("/healthz"), 200),
    "GET /readyz": lambda t, r, c: (c.get("/readyz"), 200),
    "GET /metrics": lambda t, r, c: (c.get("/metrics"), 200),
    "GET /api/v1/openapi.json": lambda t, r, c: (c.get("/api/v1/openapi.json"), 200),
    "POST /api/v1/auth/login": _login,
    "POST /api/v1/auth/logout": _logout,
    "GET /api/v1/auth/me": lambda t, r, c: (c.get("/api/v1/auth/me"), 200),
    "POST /api/v1/auth/password": _change_password,
    "GET /api/v1/auth/sessions": lambda t, r, c: (c.get("/api/v1/auth/sessions"), 200),
    "DELETE /api/v1/auth/sessions/{id}": _revoke_session,
    "GET /api/v1/auth/tokens": lambda t, r, c: (c.get("/api/v1/auth/tokens"), 200),
    "POST /api/v1/auth/tokens": lambda t, r, c: (
        c.post("/api/v1/auth/tokens", {"name": f"matriz {uid()}", "scopes": ["read"]}), 201),
    "DELETE /api/v1/auth/tokens/{id}": _revoke_token,
    "GET /api/v1/roles": lambda t, r, c: (c.get("/api/v1/roles"), 200),
    "GET /api/v1/users": lambda t, r, c: (c.get("/api/v1/users"), 200),
    "POST /api/v1/users": lambda t, r, c: (c.post("/api/v1/users", {
        "username": f"matriz.{uid()}", "display_name": "Cuenta de la matriz", "role": "tecnico",
        "password": "Matriz-Prueba-2026"}), 201),
    "GET /api/v1/users/{id}": lambda t, r, c: (c.get(f"/api/v1/users/{t.target_user_id}"), 200),
    "PATCH /api/v1/users/{id}": lambda t, r, c: (
        c.patch(f"/api/v1/users/{t.target_user_id}", {"display_name": f"Objetivo {uid()}"}), 200),
    "POST /api/v1/users/{id}/password": lambda t, r, c: (
        c.post(f"/api/v1/users/{t.target_user_id}/password", {"password": f"Matriz-{uid()}-2026"}), 204),
    "GET /api/v1/areas": lambda t, r, c: (c.get("/api/v1/areas"), 200),
    "POST /api/v1/areas": lambda t, r, c: (c.post("/api/v1/areas", {
        "name": f"Área de la matriz {uid()}", "kind": "unidad", "parent_id": t.target_area_id}), 201),
    "GET /api/v1/areas/{id}": lambda t, r, c: (c.get(f"/api/v1/areas/{t.target_area_id}"), 200),
    "PATCH /api/v1/areas/{id}": lambda t, r, c: (
        c.patch(f"/api/v1/areas/{t.target_area_id}", {"name": f"Área objetivo {uid()}"}), 200),
    "DELETE /api/v1/areas/{id}": lambda t, r, c: (c.delete(f"/api/v1/areas/{_fresh_area(t)}"), 204),
    "POST /api/v1/areas/import": lambda t, r, c: (c.request(
        "POST", "/api/v1/areas/import?dry_run=true", content_type="text/csv",
        body=f"code,name,kind,parent_code\nMTX-{uid()},Área importada,unidad,DSI\n"), 200),
    "GET /api/v1/positions": lambda t, r, c: (c.get("/api/v1/positions"), 200),
    "POST /api/v1/positions": lambda t, r, c: (c.post("/api/v1/positions", {
        "area_id": t.target_area_id, "title": f"Puesto de la matriz {uid()}"}), 201),
    "GET /api/v1/positions/{id}": lambda t, r, c: (c.get(f"/api/v1/positions/{t.target_position_id}"), 200),
    "PATCH /api/v1/positions/{id}": lambda t, r, c: (
        c.patch(f"/api/v1/positions/{t.target_position_id}", {"title": f"Puesto objetivo {uid()}"}), 200),
    "GET /api/v1/people": lambda t, r, c: (c.get("/api/v1/people"), 200),
    "POST /api/v1/people": lambda t, r, c: (c.post("/api/v1/people", {
        "full_name": f"Persona de la matriz {uid()}", "area_id": t.target_area_id}), 201),
    # A person of the solicitante's own area, which that role may read.
    "GET /api/v1/people/{id}": lambda t, r, c: (c.get(f"/api/v1/people/{t.solicitante_person_id}"), 200),
    "PATCH /api/v1/people/{id}": lambda t, r, c: (
        c.patch(f"/api/v1/people/{t.target_person_id}", {"job_title": f"Analista {uid()}"}), 200),
    "DELETE /api/v1/people/{id}": lambda t, r, c: (c.delete(f"/api/v1/people/{_fresh_person(t)}"), 204),
    "POST /api/v1/people/import": lambda t, r, c: (c.request(
        "POST", "/api/v1/people/import?dry_run=true", content_type="text/csv",
        body="full_name,area_code,job_title,email,extension\nPersona importada,DSI,Analista,,\n"), 200),
    "GET /api/v1/audit": lambda t, r, c: (c.get("/api/v1/audit"), 200),
    "GET /api/v1/audit/export.csv": lambda t, r, c: (c.get("/api/v1/audit/export.csv"), 200),
    **HELPDESK_CALLS,
    **ASSETS_CALLS,
}


class MatrixCoversOpenApi(unittest.TestCase):
    """No server needed: the three lists of routes must agree."""

    def test_matrix_names_exactly_the_routes_of_openapi(self):
        routes = openapi_routes()
        matrix = load_json(MATRIX_PATH)
        self.assertEqual(matrix["roles"], ROLES)
        named = set(matrix["routes"])
        self.assertFalse(routes - named, f"rutas de openapi.json sin fila en la matriz: {sorted(routes - named)}")
        self.assertFalse(named - routes, f"filas de la matriz que no están en openapi.json: {sorted(named - routes)}")
        for route, row in matrix["routes"].items():
            self.assertEqual(set(row), set(ROLES), f"{route}: faltan o sobran roles")
            for role, v in row.items():
                self.assertIn(v, ("allow", "deny"), f"{route} / {role}")

    def test_every_route_has_a_valid_call_in_this_file(self):
        routes = openapi_routes()
        self.assertFalse(routes - set(CALLS), f"rutas sin llamada de prueba: {sorted(routes - set(CALLS))}")
        self.assertFalse(set(CALLS) - routes, f"llamadas a rutas que no están en openapi.json: "
                                              f"{sorted(set(CALLS) - routes)}")

    def test_openapi_is_3_1_with_problem_and_security_schemes(self):
        doc = load_json(OPENAPI_PATH)
        self.assertTrue(doc["openapi"].startswith("3.1"))
        comp = doc["components"]
        self.assertIn("Problem", comp["schemas"])
        self.assertEqual(comp["securitySchemes"]["cookieAuth"], {**comp["securitySchemes"]["cookieAuth"],
                                                                  "type": "apiKey", "in": "cookie",
                                                                  "name": "tequio_session"})
        self.assertEqual(comp["securitySchemes"]["bearerAuth"]["scheme"], "bearer")
        for path, ops in doc["paths"].items():
            for m, op in ops.items():
                params = {p.get("$ref", p.get("name")) for p in op.get("parameters", [])}
                if "{id}" in path:
                    self.assertIn("#/components/parameters/Id", params, f"{m} {path}")
                if m in ("post", "put", "patch", "delete") and op.get("security", doc["security"]):
                    self.assertIn("#/components/parameters/CsrfToken", params, f"{m} {path}")


class PermissionMatrix(ServerTestCase):
    server_args = ("--inbound-email-token", INBOUND_TOKEN)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.admin
        dsi = cls.area_by_code("DSI")["id"]

        def created(r):
            assert r.status == 201, r
            return r.json()["id"]

        cls.target_area_id = created(a.post("/api/v1/areas", {"name": "Área objetivo de la matriz",
                                                               "kind": "unidad", "parent_id": dsi}))
        cls.target_position_id = created(a.post("/api/v1/positions", {"area_id": cls.target_area_id,
                                                                      "title": "Puesto objetivo"}))
        cls.target_person_id = created(a.post("/api/v1/people", {"full_name": "Persona objetivo",
                                                                 "area_id": cls.target_area_id}))
        cls.target_user_name, cls.target_user_password = "matriz.objetivo", "Matriz-Objetivo-2026"
        cls.target_user_id = created(a.post("/api/v1/users", {
            "username": cls.target_user_name, "display_name": "Objetivo de la matriz", "role": "tecnico",
            "password": cls.target_user_password}))
        cls.admin_token_id = created(a.post("/api/v1/auth/tokens", {"name": "del admin", "scopes": ["read"]}))
        second = Client(cls.server.port)
        second.login(*ROLE_USERS["administrador"])
        cls.admin_second_session_id = [s for s in second.get("/api/v1/auth/sessions").json()["items"]
                                       if s["current"]][0]["id"]
        sol = Client(cls.server.port)
        sol.login(*ROLE_USERS["solicitante"])
        cls.solicitante_area_id = sol.user["area_id"]
        own = sol.get(f"/api/v1/people?area_id={cls.solicitante_area_id}&per_page=1").json()["items"]
        assert own, "el área del solicitante no tiene personas en los datos de demostración"
        cls.solicitante_person_id = own[0]["id"]
        cls.setUpHelpdesk(sol)
        cls.setUpAssets(sol)

    @classmethod
    def setUpHelpdesk(cls, sol):
        a = cls.admin
        cls.sol = sol
        cls.tec = Client(cls.server.port)
        cls.tec.login(*ROLE_USERS["tecnico"])
        cls.tecnico_user_id = cls.tec.user["id"]
        queues = {q["name"]: q["id"] for q in a.get(f"{HD}/queues").json()["items"]}
        cls.soporte_queue_id = queues["Soporte técnico"]
        cls.innovacion_queue_id = queues["Innovación tecnológica"]
        general = a.get(f"{HD}/categories?q=GENERAL&per_page=200").json()["items"]
        cls.general_category_id = [c for c in general if c["code"] == "GENERAL"][0]["id"]

        def created(r):
            assert r.status == 201, r
            return r.json()["id"]

        cls.target_category_id = created(a.post(f"{HD}/categories", {
            "code": "MTX-OBJETIVO", "name": "Categoría objetivo de la matriz", "queue_id": cls.innovacion_queue_id,
            "kind": "solicitud", "impact": 3, "urgency": 3, "active": False}))
        cls.target_recurring_id = created(a.post(f"{HD}/recurring", {
            "title": "Programado objetivo", "description": "Prueba de permisos",
            "category_id": cls.general_category_id, "frequency": "monthly", "day": 1, "time": "08:00",
            "active": False}))
        cls.admin_view_id = created(a.post(f"{HD}/views", {"name": "Vista del administrador", "query": "status=open"}))
        cls.hd_ticket_id = created(sol.post(f"{HD}/tickets", {
            "kind": "solicitud", "title": "Ticket objetivo de la matriz", "description": "Prueba de permisos.",
            "category_id": cls.general_category_id}))
        r = cls.tec.request("POST", f"{HD}/tickets/{cls.hd_ticket_id}/attachments?filename=objetivo.txt",
                            body=b"Adjunto objetivo\n", content_type="application/octet-stream")
        assert r.status == 201, r
        cls.attachment_id = r.json()["attachment"]["id"]
        # A ticket of another area (Dirección de Asistencia Social), with a public attachment.
        dif = Client(cls.server.port)
        dif.login("solicitante.dif", ROLE_USERS["solicitante"][1])
        cls.other_area_ticket_id = created(dif.post(f"{HD}/tickets", {
            "kind": "solicitud", "title": "Ticket ajeno de la matriz", "description": "De otra área.",
            "category_id": cls.general_category_id}))
        r = cls.tec.request("POST", f"{HD}/tickets/{cls.other_area_ticket_id}/attachments?filename=ajeno.txt",
                            body=b"Adjunto ajeno\n", content_type="application/octet-stream")
        assert r.status == 201, r
        cls.other_area_attachment_id = r.json()["attachment"]["id"]

    @classmethod
    def setUpAssets(cls, sol):
        a = cls.admin

        def created(r):
            assert r.status == 201, r
            return r.json()["id"]

        types = {t["code"]: t["id"] for t in a.get(f"{AS}/types").json()["items"]}
        cls.as_type_id = types["LAP"]
        cls.as_target_type_id = created(a.post(f"{AS}/types", {"code": "MTX-OBJETIVO",
                                                               "name": "Tipo objetivo de la matriz"}))
        # What the demo solicitante holds: OAX-CPU-00001 and its resguardo.
        cls.sol_person_id = sol.user["person_id"]
        mine = sol.get(AS).json()["items"]
        cpu = [x for x in mine if x["inventory_number"] == "OAX-CPU-00001"]
        assert cpu, f"el solicitante de demostración no tiene OAX-CPU-00001: {mine}"
        cls.sol_asset_id, cls.sol_asset_number = cpu[0]["id"], cpu[0]["inventory_number"]
        docs = sol.get(f"{AS}/custody/documents?kind=asignacion").json()["items"]
        assert docs, "el solicitante de demostración no tiene resguardos"
        cls.sol_document_id = docs[0]["id"]
        cls.as_receiver_person_id = created(a.post("/api/v1/people", {"full_name": "Persona receptora de la matriz",
                                                                      "area_id": cls.target_area_id}))
        cls.as_clean_person_id = created(a.post("/api/v1/people", {"full_name": "Persona sin bienes de la matriz",
                                                                   "area_id": cls.target_area_id}))
        cls.as_asset_number = "OAX-MTX-99999"
        cls.as_asset_id = created(a.post(AS, {"inventory_number": cls.as_asset_number, "type_id": cls.as_type_id,
                                              "area_id": cls.target_area_id, "building": "Palacio Municipal"}))
        r = a.request("POST", f"{AS}/{cls.as_asset_id}/attachments?filename=factura.txt",
                      body=b"Factura objetivo\n", content_type="application/octet-stream")
        cls.as_attachment_id = created(r)
        cls.as_campaign_id = created(a.post(f"{AS}/campaigns", {"name": "Levantamiento objetivo",
                                                                "area_ids": [cls.target_area_id]}))
        to_dispose = created(a.post(AS, {"inventory_number": "OAX-MTX-99998", "type_id": cls.as_type_id}))
        cls.as_disposal_id = created(a.post(f"{AS}/disposals", {"asset_ids": [to_dispose],
                                                                "reason": "Solicitud objetivo"}))

    def test_solicitante_gets_404_for_another_areas_ticket(self):
        """The "deny by not found" of permission_matrix.json's _about: every ticket route the
        solicitante may use on own-area tickets answers 404 for another area's ticket, revealing
        nothing, and changes nothing."""
        t = self.other_area_ticket_id
        before = self.admin.get(f"{HD}/tickets/{t}").json()
        calls = [
            ("GET", f"{HD}/tickets/{t}", None),
            ("GET", f"{HD}/tickets/{t}/entries", None),
            ("PATCH", f"{HD}/tickets/{t}", {"title": "Cambiado por otra área"}),
            ("POST", f"{HD}/tickets/{t}/transition", {"status": "cancelado", "comment": "No es mío"}),
            ("POST", f"{HD}/tickets/{t}/assign", {"assignee_id": self.tecnico_user_id}),
            ("POST", f"{HD}/tickets/{t}/take", None),
            ("POST", f"{HD}/tickets/{t}/entries", {"kind": "reply", "body": "Respuesta ajena"}),
            ("POST", f"{HD}/tickets/{t}/survey", {"rating": 1}),
            ("GET", f"{HD}/attachments/{self.other_area_attachment_id}", None),
        ]
        for method, path, body in calls:
            with self.subTest(call=f"{method} {path}"):
                r = self.sol.request(method, path, json_body=body)
                self.assertProblem(r, 404)
                self.assertNotIn("Ticket ajeno".encode(), r.body)
                self.assertNotIn(b"Adjunto ajeno", r.body)
        with self.subTest(call="POST attachments"):
            r = self.sol.request("POST", f"{HD}/tickets/{t}/attachments?filename=x.txt", body=b"hola\n",
                                 content_type="application/octet-stream")
            self.assertProblem(r, 404)
        listed = self.sol.all_items(f"{HD}/tickets?scope=all")
        self.assertNotIn(t, [i["id"] for i in listed])
        after = self.admin.get(f"{HD}/tickets/{t}").json()
        self.assertEqual(after, before, "una solicitud negada cambió el ticket")

    def test_every_route_for_every_role(self):
        matrix = load_json(MATRIX_PATH)["routes"]
        clients = {}
        for role in ROLES:
            c = Client(self.server.port)
            if role != "anonymous":
                c.login(*ROLE_USERS[role])
            clients[role] = c
        api = OpenApi(load_json(OPENAPI_PATH))
        denied_wrong, status_wrong, other, undocumented = [], [], [], []
        for route in sorted(set(matrix) & set(CALLS)):
            for role in ROLES:
                expected = matrix[route][role]
                try:
                    resp, ok_status = CALLS[route](self, role, clients[role])
                except AssertionError as e:
                    other.append(f"{route} / {role}: preparación: {e}")
                    continue
                got = f"{resp.status} {resp.body[:160].decode('utf-8', 'replace')!r}"
                if not resp.header("x-request-id"):
                    other.append(f"{route} / {role}: falta X-Request-Id")
                undocumented += [f"{route} / {role}: {e}" for e in self.check_documented(api, route, resp)]
                if expected == "deny":
                    want = 401 if role == "anonymous" else 403
                    if resp.status != want:
                        denied_wrong.append(f"{route} / {role}: debía negarse con {want}, llegó {got}")
                    elif resp.content_type != "application/problem+json":
                        other.append(f"{route} / {role}: negación sin problem+json")
                else:
                    if resp.status in (401, 403):
                        denied_wrong.append(f"{route} / {role}: debía permitirse, llegó {got}")
                    elif resp.status != ok_status:
                        status_wrong.append(f"{route} / {role}: permitido, pero esperaba {ok_status}, llegó {got}")
        report = []
        if denied_wrong:
            report += ["Permisos distintos de la matriz:"] + denied_wrong
        if status_wrong:
            report += ["Llamadas válidas que no respondieron lo esperado:"] + status_wrong
        if undocumented:
            report += ["Respuestas que no coinciden con openapi.json:"] + undocumented
        if other:
            report += ["Otros:"] + other
        if report:
            self.fail("\n" + "\n".join(report))

    @staticmethod
    def check_documented(api, route, resp):
        method, path = route.split(" ", 1)
        try:
            schema = api.response_schema(method, path, resp.status, resp.content_type)
        except KeyError as e:
            return [str(e)]
        if schema is None:
            return [] if not resp.body else [f"{resp.status} con cuerpo no documentado"]
        if resp.content_type.endswith("json"):
            try:
                body = resp.json()
            except ValueError:
                return [f"{resp.status}: JSON inválido"]
        else:
            body = resp.text
        return api.validate(body, schema, f"{resp.status}")

    def test_each_role_has_the_documented_permissions(self):
        for role, (user, password) in ROLE_USERS.items():
            with self.subTest(role=role):
                c = Client(self.server.port)
                body = c.login(user, password).json()
                self.assertEqual(body["user"]["role"], role)
                self.assertEqual(set(body["permissions"]), ROLE_PERMISSIONS[role])

    def test_roles_endpoint_lists_the_documented_roles(self):
        roles = self.admin.get("/api/v1/roles").json()["items"]
        got = {r["code"]: set(r["permissions"]) for r in roles}
        self.assertEqual(got, ROLE_PERMISSIONS)
        names = {r["code"]: r["name"] for r in roles}
        self.assertEqual(names["jefe_departamento"], "Jefe de departamento")
        self.assertEqual(names["tecnico"], "Técnico")

    def test_served_openapi_is_the_one_in_the_tree(self):
        r = self.client().get("/api/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.content_type, "application/json")
        if r.json() != load_json(OPENAPI_PATH):
            self.fail("el servidor sirve un openapi.json distinto de src/http/openapi.json "
                      "(¿binario compilado antes del último cambio del documento?)")


class SolicitanteVisibility(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sol = Client(cls.server.port)
        cls.sol.login(*ROLE_USERS["solicitante"])
        cls.own_area = cls.sol.user["area_id"]
        assert cls.own_area, "el solicitante de demostración no tiene área"

    def test_sees_areas_and_positions(self):
        self.assertEqual(self.sol.total("/api/v1/areas"), self.admin.total("/api/v1/areas"))
        self.assertEqual(self.sol.total("/api/v1/positions"), self.admin.total("/api/v1/positions"))
        pos = self.admin.get("/api/v1/positions?per_page=1").json()["items"][0]
        self.assertEqual(self.sol.get(f"/api/v1/positions/{pos['id']}").status, 200)

    def test_sees_only_people_of_its_own_area(self):
        mine = self.sol.all_items("/api/v1/people")
        self.assertTrue(mine)
        self.assertEqual({p["area_id"] for p in mine}, {self.own_area})
        self.assertEqual(len(mine), self.admin.total(f"/api/v1/people?area_id={self.own_area}"))
        self.assertLess(len(mine), self.admin.total("/api/v1/people"))
        dsi = self.area_by_code("DSI")["id"]
        filtered = self.sol.get(f"/api/v1/people?area_id={dsi}")
        self.assertIn(filtered.status, (200, 403), filtered)
        if filtered.status == 200:
            self.assertEqual(filtered.json()["total"], 0, filtered)
        q = self.sol.get("/api/v1/people?q=" + urllib.parse.quote("Óscar"))  # the DSI director
        self.assertTrue(all(p["area_id"] == self.own_area for p in q.json()["items"]), q)

    def test_person_of_another_area_is_403_or_404(self):
        others = [p for p in self.admin.all_items("/api/v1/people") if p["area_id"] != self.own_area]
        for p in others[:5]:
            with self.subTest(person=p["id"]):
                r = self.sol.get(f"/api/v1/people/{p['id']}")
                self.assertProblem(r, 403, statuses=(403, 404))
                self.assertNotIn(p["full_name"].encode(), r.body)

    def test_no_users_or_audit(self):
        for path in ("/api/v1/users", f"/api/v1/users/{self.admin.user['id']}", "/api/v1/audit",
                     "/api/v1/audit/export.csv", "/api/v1/roles"):
            with self.subTest(path=path):
                self.assertProblem(self.sol.get(path), 403)

