"""What every API suite shares: a fresh server with demo data per TestCase class, and the
assertions for RFC 9457 problems. run.py fills CONFIG from the command line."""

import json
import os
import re
import tempfile
import unittest
import urllib.parse

from harness import ADMIN, ROLE_USERS, Server  # noqa: F401  (re-exported for the suites)
from schema import OpenApi

OPENAPI_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "http", "openapi.json")
with open(OPENAPI_PATH, encoding="utf-8") as _f:
    OPENAPI = OpenApi(json.load(_f))
# The most specific template first (fewest parameters), as the server's router chooses:
# /api/v1/assets/loans before /api/v1/assets/{id}.
_TEMPLATES = sorted(((re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$"), p)
                     for p in OPENAPI.doc["paths"]), key=lambda t: t[1].count("{"))


def documented_route(method, raw_path):
    """The OpenAPI path template `raw_path` falls under for `method`, or None."""
    path = urllib.parse.urlsplit(raw_path).path
    for rx, template in _TEMPLATES:
        if rx.match(path) and method.lower() in OPENAPI.doc["paths"][template]:
            return template
    return None

CONFIG = {
    "bin": os.environ.get("TEQUIO_BIN", "build/tequio"),
    "backend": os.environ.get("TEQUIO_BACKEND", "sqlite"),
    "pg_url": os.environ.get("TEQUIO_PG_URL"),
    "keep": False,
}

PROBLEM_TYPE_PREFIX = "https://tequio.mx/problems/"
INDEX_MARKER = "<!-- tequio-api-tests index -->"


class ServerTestCase(unittest.TestCase):
    """One fresh server (own data dir, own database, demo data) for the whole class."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.web_root = tempfile.mkdtemp(prefix="tequio-web-")
        with open(os.path.join(cls.web_root, "index.html"), "w") as f:
            f.write(f"<!doctype html><title>Tequio</title>{INDEX_MARKER}\n")
        os.makedirs(os.path.join(cls.web_root, "assets"))
        with open(os.path.join(cls.web_root, "assets", "app.js"), "w") as f:
            f.write("console.log('tequio');\n")
        cls.server = Server(CONFIG["bin"], CONFIG["backend"], CONFIG["pg_url"], keep=CONFIG["keep"],
                            web_root=cls.web_root, extra_args=cls.server_args)
        try:
            cls.server.load_demo()
            cls.server.start()
        except Exception:
            cls.server.cleanup()
            raise
        cls.admin = cls.server.client()
        cls.admin.login(*ADMIN)
        cls._areas_by_code = None

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        import shutil
        shutil.rmtree(cls.web_root, ignore_errors=True)

    # --- helpers -----------------------------------------------------------------------
    def client(self):
        return self.server.client()

    def login_as(self, username, password):
        c = self.client()
        c.login(username, password)
        return c

    @classmethod
    def area_by_code(cls, code):
        if cls._areas_by_code is None:
            items = cls.admin.all_items("/api/v1/areas")
            cls._areas_by_code = {a.get("code"): a for a in items}
        return cls._areas_by_code[code]

    def assertProblem(self, resp, status, field=None, code=None, statuses=None):
        """Asserts an RFC 9457 problem with `status` (or one of `statuses`); `field`, when
        given, must be named in errors[].field; `code` must equal the problem's code."""
        want = statuses or (status,)
        self.assertIn(resp.status, want, f"estado inesperado: {resp!r}")
        self.assertEqual(resp.content_type, "application/problem+json", f"no es problem+json: {resp!r}")
        try:
            p = resp.json()
        except (ValueError, UnicodeDecodeError):
            self.fail(f"problem+json que no es JSON: {resp!r}")
        self.assertIsInstance(p.get("type"), str, p)
        self.assertTrue(p["type"].startswith(PROBLEM_TYPE_PREFIX), p)
        self.assertIsInstance(p.get("title"), str, p)
        self.assertTrue(p["title"], p)
        self.assertEqual(p.get("status"), resp.status, p)
        if code is not None:
            self.assertEqual(p.get("code"), code, p)
        if field is not None:
            fields = [e.get("field") for e in p.get("errors", [])]
            self.assertIn(field, fields, f"errors[] no nombra {field!r}: {json.dumps(p, ensure_ascii=False)}")
            for e in p.get("errors", []):
                self.assertIsInstance(e.get("message"), str, p)
        self.assertTrue(resp.header("x-request-id"), f"falta X-Request-Id: {resp!r}")
        self.assertDocumented(resp)
        return p

    def assertStatus(self, resp, status):
        self.assertEqual(resp.status, status, repr(resp))
        self.assertDocumented(resp)
        return resp

    def assertDocumented(self, resp):
        """The status, content type and body are the ones openapi.json gives for the route."""
        if not resp.method:
            return
        template = documented_route(resp.method, resp.path)
        if template is None:
            return
        where = f"{resp.method} {resp.path} → {resp.status}"
        try:
            schema = OPENAPI.response_schema(resp.method, template, resp.status, resp.content_type)
        except KeyError as e:
            self.fail(f"{where}: {e}")
        if schema is None:
            self.assertFalse(resp.body, f"{where}: cuerpo no documentado")
            return
        body = resp.json() if resp.content_type.endswith("json") else resp.text
        errors = OPENAPI.validate(body, schema)
        self.assertFalse(errors, f"{where}: no coincide con openapi.json: {errors[:5]}")
