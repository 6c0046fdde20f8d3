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
# docs/api.md, «Roles».
ROLE_PERMISSIONS = {
    "administrador": {"org.read", "org.write", "people.read_all", "users.read", "users.write", "audit.read",
                      "audit.export"},
    "director": {"org.read", "people.read_all", "users.read", "audit.read", "audit.export"},
    "jefe_departamento": {"org.read", "people.read_all", "users.read"},
    "tecnico": {"org.read", "people.read_all"},
    "mesa_ayuda": {"org.read", "people.read_all"},
    "solicitante": {"org.read"},
    "auditor": {"org.read", "people.read_all", "users.read", "audit.read", "audit.export"},
}
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

