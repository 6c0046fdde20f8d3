"""Hostile and malformed input: CSRF, bad JSON bodies on the two main write routes,
oversized bodies, SQL metacharacters, path traversal in static paths. Every refusal must be
an RFC 9457 problem, and must leave the database as it was."""

import json

from base import INDEX_MARKER, ServerTestCase

ONE_MIB = 1024 * 1024


class Csrf(ServerTestCase):
    def snapshot(self):
        return (self.admin.total("/api/v1/people"), self.admin.total("/api/v1/areas"),
                self.admin.get(f"/api/v1/people/{self.person_id}").json())

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_id = cls.area_by_code("DSI")["id"]
        r = cls.admin.post("/api/v1/people", {"full_name": "Persona CSRF", "area_id": cls.area_id})
        assert r.status == 201, r
        cls.person_id = r.json()["id"]

    def test_writes_without_or_with_a_wrong_csrf_token_are_403_and_change_nothing(self):
        before = self.snapshot()
        other = self.client()
        other.login("admin", "Tequio-Admin-2026")  # a valid token, but of another session
        tokens = {"sin encabezado": None, "vacío": "", "inventado": "abc123", "de otra sesión": other.csrf}
        for label, token in tokens.items():
            headers = {"X-CSRF-Token": token} if token is not None else {}
            calls = [
                ("POST", "/api/v1/people", {"full_name": "No debe existir", "area_id": self.area_id}),
                ("PATCH", f"/api/v1/people/{self.person_id}", {"full_name": "Cambiada sin CSRF"}),
                ("DELETE", f"/api/v1/people/{self.person_id}", None),
                ("POST", "/api/v1/areas", {"name": "Área sin CSRF", "kind": "unidad"}),
                ("POST", "/api/v1/auth/tokens", {"name": "sin csrf", "scopes": ["read"]}),
                ("POST", "/api/v1/auth/logout", None),
            ]
            for method, path, body in calls:
                with self.subTest(token=label, call=f"{method} {path}"):
                    r = self.admin.request(method, path, json_body=body, csrf=False, headers=headers)
                    self.assertProblem(r, 403, code="csrf")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(len(self.admin.get("/api/v1/auth/tokens").json()["items"]), 0)
        self.assertStatus(self.admin.get("/api/v1/auth/me"), 200)  # logout without CSRF did nothing

    def test_reads_need_no_csrf(self):
        self.assertStatus(self.admin.get("/api/v1/people", csrf=False), 200)


class BadInput(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_id = cls.area_by_code("DSI")["id"]

    def totals(self):
        return self.admin.total("/api/v1/people"), self.admin.total("/api/v1/areas")

    def post_raw(self, path, body, content_type="application/json"):
        return self.admin.request("POST", path, body=body, content_type=content_type)

    def check_refused(self, path, body, status, field=None, statuses=None, content_type="application/json"):
        before = self.totals()
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
        r = self.post_raw(path, body, content_type)
        self.assertProblem(r, status, field=field, statuses=statuses)
        self.assertEqual(self.totals(), before, "la base cambió tras una solicitud rechazada")
        return r

    def valid(self, path):
        if path.endswith("/people"):
            return {"full_name": "Persona Válida", "area_id": self.area_id, "email": "valida@prueba.example"}
        return {"name": "Área Válida", "kind": "unidad", "parent_id": self.area_id}

    ROUTES = ("/api/v1/people", "/api/v1/areas")

    def test_malformed_json_is_400(self):
        for path in self.ROUTES:
            for raw in (b'{"full_name": ', b"{'name': 'x'}", b"not json", b'{"a":1}}', b"",
                        b'{"name": "x", "name": }'):
                with self.subTest(route=path, body=raw):
                    self.check_refused(path, raw, 400)

    def test_body_that_is_not_an_object_is_refused(self):
        for path in self.ROUTES:
            for raw in (b"[]", b"null", b'"texto"', b"42"):
                with self.subTest(route=path, body=raw):
                    self.check_refused(path, raw, 422, statuses=(400, 422))

    def test_wrong_types_are_422_naming_the_field(self):
        people = [("full_name", 123), ("full_name", ["a"]), ("area_id", "uno"), ("area_id", 1.5),
                  ("area_id", True), ("email", 5), ("active", "sí"), ("extension", {"x": 1})]
        areas = [("name", 42), ("kind", 3), ("parent_id", "raíz"), ("code", ["x"])]
        for path, cases in (("/api/v1/people", people), ("/api/v1/areas", areas)):
            for field, value in cases:
                with self.subTest(route=path, field=field, value=value):
                    body = self.valid(path)
                    body[field] = value
                    self.check_refused(path, body, 422, field=field)

    def test_missing_required_field_is_422(self):
        for path, fields in (("/api/v1/people", ("full_name", "area_id")), ("/api/v1/areas", ("name", "kind"))):
            for field in fields:
                with self.subTest(route=path, field=field):
                    body = self.valid(path)
                    del body[field]
                    self.check_refused(path, body, 422, field=field)
        self.check_refused("/api/v1/people", {}, 422, field="full_name")

    def test_empty_and_blank_required_strings_are_422(self):
        for value in ("", "   "):
            body = self.valid("/api/v1/people")
            body["full_name"] = value
            self.check_refused("/api/v1/people", body, 422, field="full_name")

    def test_unknown_field_is_422(self):
        for path in self.ROUTES:
            with self.subTest(route=path):
                body = self.valid(path)
                body["is_admin"] = True
                self.check_refused(path, body, 422, field="is_admin")

    def test_over_long_string_is_422(self):
        for path, field in (("/api/v1/people", "full_name"), ("/api/v1/people", "email"),
                            ("/api/v1/people", "extension"), ("/api/v1/areas", "name"), ("/api/v1/areas", "code")):
            with self.subTest(route=path, field=field):
                body = self.valid(path)
                body[field] = "x" * 10000
                self.check_refused(path, body, 422, field=field)

    def test_invalid_utf8_is_400(self):
        for path in self.ROUTES:
            for raw in (b'{"full_name": "Jos\xe9 P\xe9rez", "area_id": 1, "name": "\xff\xfe", "kind": "unidad"}',
                        b'{"full_name": "\xc3\x28", "name": "\xc3\x28", "kind": "unidad", "area_id": 1}',
                        b'{"full_name": "\xed\xa0\x80", "name": "\xed\xa0\x80", "kind": "unidad", "area_id": 1}'):
                with self.subTest(route=path, body=raw):
                    self.check_refused(path, raw, 400)

    def test_oversized_body_is_413(self):
        for path in self.ROUTES:
            with self.subTest(route=path):
                body = self.valid(path)
                body["job_title" if path.endswith("people") else "name"] = "x" * (ONE_MIB + 1000)
                self.check_refused(path, body, 413)

    def test_wrong_content_type_is_refused(self):
        for path in self.ROUTES:
            raw = json.dumps(self.valid(path)).encode()
            for ct in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
                with self.subTest(route=path, content_type=ct):
                    self.check_refused(path, raw, 415, statuses=(400, 415), content_type=ct)

    def test_sql_metacharacters_are_stored_verbatim_and_harmless(self):
        names = [
            "Robert'); DROP TABLE people;--",
            "O'Brien \"el\" 100% _x_ \\ ; --",
            "x' OR '1'='1",
            "Ñandú $$ quote $$ ) ; SELECT pg_sleep(5); --",
        ]
        before_people, before_areas = self.totals()
        created = []
        for i, name in enumerate(names):
            r = self.admin.post("/api/v1/people", {"full_name": name, "area_id": self.area_id,
                                                   "email": f"sql{i}@prueba.example",
                                                   "job_title": "Jefe'; --"})
            self.assertStatus(r, 201)
            created.append(r.json())
            self.assertEqual(r.json()["full_name"], name)
        area_name = "Área'; DELETE FROM areas; --"
        ra = self.admin.post("/api/v1/areas", {"name": area_name, "kind": "unidad", "code": "SQL_1--x",
                                               "parent_id": self.area_id})
        self.assertStatus(ra, 201)
        self.assertEqual(ra.json()["name"], area_name)
        self.assertEqual(self.admin.get(f"/api/v1/areas/{ra.json()['id']}").json()["code"], "SQL_1--x")
        for p, name in zip(created, names):
            got = self.assertStatus(self.admin.get(f"/api/v1/people/{p['id']}"), 200).json()
            self.assertEqual(got["full_name"], name)
            self.assertEqual(got["job_title"], "Jefe'; --")
        self.assertEqual(self.totals(), (before_people + len(names), before_areas + 1))
        # Search strings with quotes and LIKE wildcards match literally.
        import urllib.parse as up
        q = lambda s: self.admin.get("/api/v1/people?q=" + up.quote(s)).json()  # noqa: E731
        self.assertEqual(q("' OR '1'='1")["total"], 1)
        self.assertEqual([i["full_name"] for i in q("100%")["items"]], [names[1]])
        self.assertEqual([i["full_name"] for i in q("_x_")["items"]], [names[1]])
        self.assertEqual(q("%")["total"], 1)
        self.assertEqual(q("zzz%' --")["total"], 0)
        self.assertEqual(self.totals(), (before_people + len(names), before_areas + 1))

    def test_bad_query_parameters_are_refused_cleanly(self):
        for path in ("/api/v1/people?page=0", "/api/v1/people?per_page=201", "/api/v1/people?page=abc",
                     "/api/v1/people?area_id=x", "/api/v1/people?active=quiz%C3%A1s", "/api/v1/people?q=%zz",
                     "/api/v1/areas?per_page=-1"):
            with self.subTest(path=path):
                r = self.admin.get(path)
                self.assertProblem(r, 422, statuses=(400, 422))

    def test_bad_ids_in_paths(self):
        for path in ("/api/v1/people/abc", "/api/v1/people/-1", "/api/v1/people/0",
                     "/api/v1/people/99999999999999999999", "/api/v1/people/1;DROP", "/api/v1/areas/1.5"):
            with self.subTest(path=path):
                r = self.admin.get(path)
                self.assertProblem(r, 404, statuses=(400, 404, 422))
        self.assertProblem(self.admin.get("/api/v1/people/987654"), 404)


class StaticPaths(ServerTestCase):
    TRAVERSALS = [
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd%00.js",
        "/api/v1/../../../../etc/passwd",
        "/api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ]
    # Decoded once these are literal names, not "..": a 404 or the app shell is fine.
    LITERAL = ["/%252e%252e/%252e%252e/etc/passwd", "/....//....//etc/passwd", "//etc/passwd"]

    def test_traversal_never_serves_files_outside_the_web_root(self):
        c = self.client()
        for path in self.TRAVERSALS:
            with self.subTest(path=path):
                r = c.get(path)
                self.assertNotIn(b"root:x:0:0", r.body)
                self.assertIn(r.status, (400, 404), r)
        for path in self.LITERAL:
            with self.subTest(path=path):
                r = c.get(path)
                self.assertNotIn(b"root:x:0:0", r.body)
                if r.status == 200:
                    self.assertIn(INDEX_MARKER, r.text)
                else:
                    self.assertIn(r.status, (400, 404), r)

    def test_web_root_files_are_served(self):
        c = self.client()
        self.assertIn(INDEX_MARKER, self.assertStatus(c.get("/"), 200).text)
        self.assertIn("tequio", self.assertStatus(c.get("/assets/app.js"), 200).text)
        self.assertIn(c.get("/assets/no-existe.js").status, (404,))

    def test_unknown_api_path_is_a_problem_404(self):
        self.assertProblem(self.client().get("/api/v1/no-existe"), 404)
