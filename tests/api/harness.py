"""Drives a real tequio process for the API and crash tests: fresh data (and a fresh
PostgreSQL database when asked), start/stop/kill, and a small HTTP client that keeps the
session cookie and the CSRF token. Python standard library only."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

ADMIN = ("admin", "Tequio-Admin-2026")
DEMO_PASSWORD = "Tequio-Demo-2026"
# Demo user of each role (data/demo/demo.json).
ROLE_USERS = {
    "administrador": ("admin", "Tequio-Admin-2026"),
    "director": ("director", DEMO_PASSWORD),
    "jefe_departamento": ("jefe.soporte", DEMO_PASSWORD),
    "tecnico": ("tecnico", DEMO_PASSWORD),
    "mesa_ayuda": ("mesa", DEMO_PASSWORD),
    "solicitante": ("solicitante", DEMO_PASSWORD),
    "auditor": ("auditor", DEMO_PASSWORD),
}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def add_server_args(ap):
    """The options every script that drives a real tequio shares."""
    ap.add_argument("--bin", required=True, help="ruta al ejecutable tequio")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--pg-url", help="URL de PostgreSQL (con --backend postgres)")


def check_server_args(args):
    """Returns 0 when the options from add_server_args are usable, else prints why and returns 2."""
    if not os.access(args.bin, os.X_OK):
        print(f"no existe o no es ejecutable: {args.bin}", file=sys.stderr)
        return 2
    if args.backend == "postgres" and not args.pg_url:
        print("--backend postgres necesita --pg-url", file=sys.stderr)
        return 2
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name-lower, value)
        self.body = body
        self.method = self.path = None  # of the request, set by Client

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return None

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def content_type(self):
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        snippet = self.body[:300].decode("utf-8", "replace")
        return f"<{self.status} {self.header('content-type')} {snippet!r}>"


class Client:
    """One browser-like user agent: keeps cookies and the CSRF token from login/me."""

    def __init__(self, port, host="127.0.0.1", timeout=30):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.csrf = None
        self.bearer = None
        self.user = None

    def request(self, method, path, body=None, json_body=None, headers=None, csrf=True,
                content_type=None):
        hdrs = {"User-Agent": "tequio-api-tests"}
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            content_type = content_type or "application/json"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None:
            hdrs["Content-Type"] = content_type or "application/json"
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.bearer:
            hdrs["Authorization"] = "Bearer " + self.bearer
        if csrf and self.csrf and method in UNSAFE:
            hdrs["X-CSRF-Token"] = self.csrf
        if headers:
            for k, v in headers.items():
                if v is None:
                    hdrs.pop(k, None)
                else:
                    hdrs[k] = v
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in hdrs.items():
                conn.putheader(k, v)
            if body is not None or method in UNSAFE:
                conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders()
            if body:
                try:
                    conn.send(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server may answer (413) before reading everything
            r = conn.getresponse()
            resp = Response(r.status, [(k.lower(), v) for k, v in r.getheaders()], r.read())
            resp.method, resp.path = method, path
        finally:
            conn.close()
        self._take_cookies(resp)
        return resp

    def _take_cookies(self, resp):
        for sc in resp.header_all("set-cookie"):
            first, _, attrs = sc.partition(";")
            name, _, value = first.strip().partition("=")
            attrs_l = attrs.lower().replace(" ", "")
            if value == "" or "max-age=0" in attrs_l or "expires=thu,01jan1970" in attrs_l:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json_body=None, **kw):
        return self.request("POST", path, json_body=json_body, **kw)

    def patch(self, path, json_body=None, **kw):
        return self.request("PATCH", path, json_body=json_body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password, expect=200):
        r = self.post("/api/v1/auth/login", {"username": username, "password": password})
        if expect is not None and r.status != expect:
            raise AssertionError(f"login {username}: esperaba {expect}, llegó {r!r}")
        if r.status == 200:
            data = r.json()
            self.csrf = data.get("csrf_token")
            self.user = data.get("user")
        return r

    def total(self, path):
        """The `total` of a list endpoint (asserts 200)."""
        sep = "&" if "?" in path else "?"
        r = self.get(f"{path}{sep}per_page=1")
        if r.status != 200:
            raise AssertionError(f"GET {path}: {r!r}")
        return r.json()["total"]

    def all_items(self, path, per_page=200):
        items, page = [], 1
        sep = "&" if "?" in path else "?"
        while True:
            r = self.get(f"{path}{sep}page={page}&per_page={per_page}")
            if r.status != 200:
                raise AssertionError(f"GET {path} page {page}: {r!r}")
            data = r.json()
            items.extend(data["items"])
            if not data["items"] or len(items) >= data["total"]:
                return items
            page += 1


def _psql(url, sql):
    # libpq URLs work as psql's dbname argument.
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def with_database(url, dbname):
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((p.scheme, p.netloc, "/" + dbname, p.query, p.fragment))


def create_pg_database(url, prefix):
    """Creates an empty database beside the one in `url` (the role needs CREATEDB) and
    returns its URL, so each suite starts from nothing without touching `url`'s data."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        _psql(url, f'CREATE DATABASE "{name}"')
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"no pude crear la base {name} en {url}: {e.stderr.decode(errors='replace')}")
    return with_database(url, name)


def drop_pg_database(url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    admin_url = with_database(url, "postgres")
    try:
        _psql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except subprocess.CalledProcessError as e:
        print(f"aviso: no pude borrar la base {name}: {e.stderr.decode(errors='replace')}", file=sys.stderr)


def clean_env():
    """The environment for tequio without TEQUIO_* settings inherited from the caller: a
    stray TEQUIO_DATABASE would otherwise point a SQLite run at PostgreSQL."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TEQUIO_")}


class Server:
    """A tequio data directory (and optionally a PostgreSQL database) plus its process."""

    def __init__(self, binary, backend="sqlite", pg_url=None, data_dir=None, keep=False,
                 extra_args=(), fresh_pg_database=True, web_root=None, db_prefix="tequio_api"):
        self.binary = os.path.abspath(binary)
        self.backend = backend
        self.keep = keep
        self.extra_args = list(extra_args)
        self.web_root = web_root
        self.own_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="tequio-test-")
        os.makedirs(self.data_dir, exist_ok=True)
        self.log_path = os.path.join(self.data_dir, "server.log")
        self.proc = None
        self.port = None
        self.own_db = False
        self.database = None
        if backend == "postgres":
            if not pg_url:
                raise ValueError("--backend postgres necesita --pg-url")
            if fresh_pg_database:
                self.database = create_pg_database(pg_url, db_prefix)
                self.own_db = True
            else:
                self.database = pg_url
        elif backend != "sqlite":
            raise ValueError(f"backend desconocido: {backend}")

    def db_args(self):
        args = ["--data-dir", self.data_dir]
        if self.database:
            args += ["--database", self.database]
        return args

    def cli(self, *args, check=True, timeout=600):
        """Runs `tequio ARGS --data-dir … [--database …]`; returns CompletedProcess."""
        cmd = [self.binary, *args, *self.db_args()]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, env=clean_env())
        if check and r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} → {r.returncode}\n{r.stdout.decode(errors='replace')}")
        return r

    def load_demo(self, *extra):
        return self.cli("demo", *extra)

    def start(self, port=None, ready_timeout=60):
        self.port = port or self.port or free_port()
        cmd = [self.binary, "serve", *self.db_args(), "--listen", "127.0.0.1", "--port", str(self.port)]
        if self.web_root:
            cmd += ["--web-root", self.web_root]
        cmd += self.extra_args
        self.command = cmd
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=clean_env())
        log.close()
        self.wait_ready(ready_timeout)
        return self

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tequio terminó con código {self.proc.returncode} al arrancar\n{self.log_tail()}")
            try:
                r = Client(self.port, timeout=2).get("/readyz")
                if r.status == 200:
                    return
                last = r
            except OSError as e:
                last = e
            time.sleep(0.05)
        raise RuntimeError(f"tequio no estuvo listo en {timeout} s ({last!r})\n{self.log_tail()}")

    def log_tail(self, n=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def client(self):
        return Client(self.port)

    def kill(self):
        """SIGKILL: no chance to flush anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self):
        self.stop()
        if self.keep:
            print(f"datos conservados en {self.data_dir}" + (f" y {self.database}" if self.own_db else ""),
                  file=sys.stderr)
            return
        if self.own_db:
            drop_pg_database(self.database)
        if self.own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
