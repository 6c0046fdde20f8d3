"""Health endpoints, list shape and paging, search, and the shape of created objects
(docs/api.md «Conventions», «Health», «People», «Areas»)."""

import urllib.parse

from base import ServerTestCase

PERSON_KEYS = {"id", "full_name", "area_id", "area_name", "position_id", "position_title", "job_title", "email",
               "extension", "active", "created_at", "updated_at"}
AREA_KEYS = {"id", "parent_id", "code", "name", "kind", "active", "path", "created_at", "updated_at"}


class Health(ServerTestCase):
    def test_healthz_readyz_metrics(self):
        c = self.client()
        r = self.assertStatus(c.get("/healthz"), 200)
        self.assertEqual(r.text.strip(), "ok")
        self.assertTrue(r.header("x-request-id"))
        r = self.assertStatus(c.get("/readyz"), 200)
        self.assertEqual(r.json(), {"status": "ready"})
        r = self.assertStatus(c.get("/metrics"), 200)
        self.assertTrue(r.content_type.startswith("text/plain"), r)
        self.assertIn("# TYPE", r.text)

    def test_request_ids_differ(self):
        c = self.client()
        ids = {c.get("/healthz").header("x-request-id") for _ in range(5)}
        self.assertEqual(len(ids), 5)


class ListsAndSearch(ServerTestCase):
    def test_list_shape_and_paging(self):
        r = self.assertStatus(self.admin.get("/api/v1/people?page=2&per_page=10"), 200).json()
        self.assertEqual(set(r), {"items", "total", "page", "per_page"})
        self.assertEqual((r["page"], r["per_page"]), (2, 10))
        self.assertEqual(len(r["items"]), 10)
        first = self.admin.get("/api/v1/people?page=1&per_page=10").json()["items"]
        self.assertFalse({p["id"] for p in first} & {p["id"] for p in r["items"]})
        everyone = self.admin.all_items("/api/v1/people", per_page=37)
        self.assertEqual(len(everyone), r["total"])
        self.assertEqual(len({p["id"] for p in everyone}), r["total"])
        self.assertEqual(set(everyone[0]), PERSON_KEYS)
        default = self.admin.get("/api/v1/people").json()
        self.assertEqual(default["per_page"], 50)

    def test_areas_default_to_200_per_page_ordered_by_path(self):
        r = self.admin.get("/api/v1/areas").json()
        self.assertEqual(r["per_page"], 200)
        paths = [a["path"] for a in r["items"]]
        self.assertEqual(len(paths), r["total"])
        self.assertEqual(set(r["items"][0]), AREA_KEYS)
        child = self.area_by_code("PM-SP")
        self.assertEqual(child["path"], "Presidencia Municipal / Secretaría Particular")

    def test_search_is_accent_and_case_insensitive(self):
        for q in ("oscar castellanos", "ÓSCAR", "Óscar Castellanos", "oscar.castellanos@"):
            with self.subTest(q=q):
                items = self.admin.get("/api/v1/people?q=" + urllib.parse.quote(q)).json()["items"]
                self.assertIn("Óscar Castellanos Lagunas", [p["full_name"] for p in items])
        items = self.admin.get("/api/v1/people?q=2101").json()["items"]  # extension
        self.assertIn("Óscar Castellanos Lagunas", [p["full_name"] for p in items])

    def test_create_person_returns_201_with_the_documented_shape(self):
        area = self.area_by_code("DSI-SOP")
        r = self.assertStatus(self.admin.post("/api/v1/people", {
            "full_name": "  Zoé Martínez Cruz  ", "area_id": area["id"], "job_title": "Analista",
            "email": "zoe.martinez@prueba.example", "extension": "2999"}), 201)
        p = r.json()
        self.assertEqual(set(p), PERSON_KEYS)
        self.assertEqual(p["full_name"], "Zoé Martínez Cruz")
        self.assertEqual(p["area_name"], area["name"])
        self.assertIs(p["active"], True)
        self.assertRegex(p["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        dup = self.admin.post("/api/v1/people", {"full_name": "Otra", "area_id": area["id"],
                                                 "email": "zoe.martinez@prueba.example"})
        self.assertProblem(dup, 409)
        self.assertStatus(self.admin.patch(f"/api/v1/people/{p['id']}", {"active": False}), 200)
        self.assertIs(self.admin.get(f"/api/v1/people/{p['id']}").json()["active"], False)
        self.assertStatus(self.admin.delete(f"/api/v1/people/{p['id']}"), 204)
        self.assertProblem(self.admin.get(f"/api/v1/people/{p['id']}"), 404)

    def test_area_with_children_cannot_be_deleted(self):
        parent = self.area_by_code("DSI")
        self.assertProblem(self.admin.delete(f"/api/v1/areas/{parent['id']}"), 409)
        self.assertStatus(self.admin.get(f"/api/v1/areas/{parent['id']}"), 200)

    def test_writes_are_audited(self):
        area = self.area_by_code("DSI")
        p = self.admin.post("/api/v1/people", {"full_name": "Auditada", "area_id": area["id"]}).json()
        entries = self.admin.get("/api/v1/audit?action=create&per_page=20").json()["items"]
        mine = [e for e in entries if str(e["entity_id"]) == str(p["id"]) and e["entity"] in ("person", "people")
                and e["changes"].get("full_name", {}).get("to") == "Auditada"]
        self.assertEqual(len(mine), 1, entries[:3])
        self.assertEqual(mine[0]["actor"], "admin")
        self.assertTrue(mine[0]["hash"])
