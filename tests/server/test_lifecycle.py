"""Server lifecycle as an operator sees it: configuration file and environment, graceful
shutdown on SIGTERM, refusal of a database newer than the binary, audit tampering caught by
`tequio audit verify`, online backup. Drives the real binary on SQLite.

Usage: python3 tests/server/test_lifecycle.py --bin build/tequio
"""
import argparse
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

BIN = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = None if body is None else json.dumps(body).encode()
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    conn.request(method, path, body=data, headers=h)
    resp = conn.getresponse()
    out = (resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), resp.read())
    conn.close()
    return out


def wait_ready(port, proc, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early with {proc.returncode}")
        try:
            if request(port, "GET", "/readyz", timeout=1)[0] == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server not ready")


def run(*args, env=None, check=True):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} failed: {p.stdout}{p.stderr}")
    return p


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        run("demo", "--data-dir", self.dir)
        self.proc = None

    def tearDown(self):
        if self.proc:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
        self.tmp.cleanup()

    def start(self, *args, env=None):
        self.proc = subprocess.Popen([BIN, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env)
        return self.proc

    def test_config_file_sets_port_and_environment_overrides_it(self):
        port_file, port_env = free_port(), free_port()
        cfg = os.path.join(self.dir, "tequio.ini")
        with open(cfg, "w") as f:
            f.write(f"port = {port_file}\ndata-dir = {self.dir}\naccess-log = false\n")
        self.start("--config", cfg)
        wait_ready(port_file, self.proc)
        self.proc.terminate()
        self.assertEqual(self.proc.wait(10), 0)
        self.proc.stdout.close()
        env = dict(os.environ, TEQUIO_PORT=str(port_env))
        self.start("--config", cfg, env=env)
        wait_ready(port_env, self.proc)
        with self.assertRaises(OSError):
            request(port_file, "GET", "/healthz", timeout=1)

    def test_sigterm_lets_in_flight_requests_finish(self):
        port = free_port()
        self.start("--data-dir", self.dir, "--port", str(port), "--workers", "1")
        wait_ready(port, self.proc)
        results = []

        def login():
            # argon2id makes each login take ~100 ms on one worker: several are in flight at once.
            try:
                results.append(request(port, "POST", "/api/v1/auth/login",
                                       {"username": "admin", "password": "Tequio-Admin-2026"})[0])
            except OSError as e:
                results.append(repr(e))

        threads = [threading.Thread(target=login) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.15)
        self.proc.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(30)
        self.assertEqual(self.proc.wait(20), 0)
        self.assertEqual(results, [200] * 4, "every accepted request got its answer")
        out = self.proc.stdout.read().decode()
        self.assertIn("señal", out)
        with self.assertRaises(OSError):
            request(port, "GET", "/healthz", timeout=1)

    def test_database_newer_than_the_binary_is_refused(self):
        db = sqlite3.connect(os.path.join(self.dir, "tequio.db"))
        db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')")
        db.commit()
        db.close()
        p = run("migrate", "--data-dir", self.dir, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("9999", p.stdout + p.stderr)
        port = free_port()
        self.start("--data-dir", self.dir, "--port", str(port))
        self.assertNotEqual(self.proc.wait(20), 0)

    def test_audit_verify_names_the_edited_entry(self):
        ok = run("audit", "verify", "--data-dir", self.dir)
        self.assertIn("Bitácora íntegra", ok.stdout)
        db = sqlite3.connect(os.path.join(self.dir, "tequio.db"))
        db.execute("UPDATE audit_log SET changes = '{\"full_name\":{\"to\":\"Otra persona\"}}' WHERE id = 42")
        db.commit()
        db.close()
        bad = run("audit", "verify", "--data-dir", self.dir, check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("primera entrada rota: 42", bad.stdout)

    def test_audit_verify_names_a_deleted_entry(self):
        db = sqlite3.connect(os.path.join(self.dir, "tequio.db"))
        db.execute("DELETE FROM audit_log WHERE id = 17")
        db.commit()
        db.close()
        bad = run("audit", "verify", "--data-dir", self.dir, check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("primera entrada rota: 17", bad.stdout)

    def test_backup_is_a_consistent_copy(self):
        target = os.path.join(self.dir, "copia.db")
        run("backup", "--to", target, "--data-dir", self.dir)
        src = sqlite3.connect(os.path.join(self.dir, "tequio.db"))
        dst = sqlite3.connect(target)
        for table in ("areas", "people", "users", "audit_log"):
            self.assertEqual(src.execute(f"SELECT COUNT(*) FROM {table}").fetchone(),
                             dst.execute(f"SELECT COUNT(*) FROM {table}").fetchone())
        self.assertEqual(dst.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        again = run("backup", "--to", target, "--data-dir", self.dir, check=False)
        self.assertNotEqual(again.returncode, 0, "an existing file is never overwritten")

    def test_request_id_is_echoed_or_generated(self):
        port = free_port()
        self.start("--data-dir", self.dir, "--port", str(port))
        wait_ready(port, self.proc)
        status, headers, _ = request(port, "GET", "/healthz", headers={"X-Request-Id": "abc-123"})
        self.assertEqual(headers.get("x-request-id"), "abc-123")
        status, headers, _ = request(port, "GET", "/healthz", headers={"X-Request-Id": "bad id with spaces"})
        self.assertNotEqual(headers.get("x-request-id"), "bad id with spaces")
        self.assertTrue(headers.get("x-request-id"))
        status, headers, body = request(port, "GET", "/metrics")
        self.assertEqual(status, 200)
        text = body.decode()
        self.assertIn('tequio_http_requests_total{method="GET",route="/healthz",status="200"}', text)
        self.assertIn("tequio_http_request_duration_seconds_bucket", text)
        self.assertIn("tequio_db_pool_in_use", text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args, rest = parser.parse_known_args()
    BIN = os.path.abspath(args.bin)
    unittest.main(argv=[sys.argv[0], "-v", *rest])
