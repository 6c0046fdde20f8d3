#!/usr/bin/env python3
"""kill -9 durability test: every write the server acknowledged (2xx) must survive.

  python3 tests/crash/crash_test.py --bin build/tequio --backend sqlite --cycles 20
  python3 tests/crash/crash_test.py --bin build/tequio --backend postgres --pg-url postgresql://…/tequio_test

Loads demo data once, then per cycle: start `tequio serve`, wait for /readyz, log in as admin,
run concurrent writers (POST /api/v1/people) and SIGKILL the server after a random
0.3–2.0 s. At each restart the acknowledged people of the previous cycle are looked up;
at the end everything acknowledged is checked once more, and `tequio check` and
`tequio audit verify` must pass. Prints `crash: …` and `N passed, M failed` (N+M = cycles,
plus one failure per failed integrity command) and exits non-zero on any loss.

On PostgreSQL a fresh database is created beside the one in --pg-url and dropped at the end
(unless --keep or --pg-use-url-as-is)."""

import argparse
import http.client
import os
import random
import sys
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "api"))

from harness import ADMIN, Client, Server, add_server_args, check_server_args  # noqa: E402


class Writer(threading.Thread):
    """Creates people until told to stop or the server goes away; remembers the names
    whose creation was acknowledged with a 2xx."""

    def __init__(self, port, csrf, cookies, area_ids, tag, rng_seed):
        super().__init__(daemon=True)
        self.client = Client(port, timeout=10)
        self.client.csrf = csrf
        self.client.cookies = dict(cookies)
        self.area_ids = area_ids
        self.tag = tag
        self.rng = random.Random(rng_seed)
        self.stop = threading.Event()
        self.acked = []      # names
        self.unknown = []    # sent, no answer (the kill came first)
        self.refused = []    # answered, but not 2xx: (status, body)

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            name = f"Caída {self.tag} n{n:05d}"
            body = {"full_name": name, "area_id": self.rng.choice(self.area_ids),
                    "email": f"{self.tag.replace(' ', '.').lower()}.n{n}@caida.example"}
            try:
                r = self.client.post("/api/v1/people", body)
            except (OSError, http.client.HTTPException):
                if not self.stop.is_set():
                    self.unknown.append(name)
                # Server gone: stop unless it was a hiccup before the kill.
                if self.stop.is_set():
                    break
                time.sleep(0.01)
                continue
            if 200 <= r.status < 300:
                self.acked.append(name)
            else:
                self.refused.append((r.status, r.body[:200]))


def names_present(client, names):
    """Which of `names` exist: all people are paged through once (q= per name would be
    O(n) requests)."""
    present = set()
    for p in client.all_items("/api/v1/people"):
        present.add(p["full_name"])
    return {n for n in names if n in present}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_server_args(ap)
    ap.add_argument("--pg-use-url-as-is", action="store_true",
                    help="usar la base de --pg-url tal cual en lugar de crear una nueva")
    ap.add_argument("--cycles", type=int, default=20)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--data-dir", help="directorio de datos (por omisión uno temporal)")
    ap.add_argument("--seed", type=int, help="semilla del azar (se imprime para repetir)")
    ap.add_argument("--min-kill", type=float, default=0.3)
    ap.add_argument("--max-kill", type=float, default=2.0)
    ap.add_argument("--keep", action="store_true", help="conservar datos al terminar")
    args = ap.parse_args()
    if check_server_args(args):
        return 2

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    run_tag = uuid.uuid4().hex[:6]
    server = Server(args.bin, args.backend, args.pg_url, data_dir=args.data_dir, keep=args.keep,
                    fresh_pg_database=not args.pg_use_url_as_is, db_prefix="tequio_crash",
                    extra_args=["--access-log", "false"])
    where = server.database or server.data_dir
    print(f"crash: backend {args.backend}, {args.cycles} ciclos, {args.writers} escritores, semilla {seed}, "
          f"datos en {where}", flush=True)

    acked_all = []           # (cycle, name)
    unknown_total = 0
    refused_total = 0
    passed = failed = 0
    lost_total = 0
    problems = []
    try:
        server.load_demo()
        pending = []          # acknowledged in the previous cycle, not yet verified
        for cycle in range(1, args.cycles + 2):  # the extra start only verifies
            t0 = time.monotonic()
            server.port = None  # a fresh port: rebinding right after kill -9 is not what is tested
            server.start(ready_timeout=60)
            admin = server.client()
            admin.login(*ADMIN)
            if pending:
                prev = cycle - 1
                found = names_present(admin, [n for _, n in pending])
                lost = [n for _, n in pending if n not in found]
                lost_total += len(lost)
                if lost:
                    failed += 1
                    problems.append(f"ciclo {prev}: {len(lost)} de {len(pending)} escrituras confirmadas se "
                                    f"perdieron, p. ej. {lost[:3]}")
                else:
                    passed += 1
                pending = []
            if cycle > args.cycles:
                break
            areas = admin.all_items("/api/v1/areas")
            area_ids = [a["id"] for a in areas]
            writers = [Writer(server.port, admin.csrf, admin.cookies, area_ids, f"r{run_tag} c{cycle:02d} w{w}",
                              rng.randrange(1 << 30)) for w in range(args.writers)]
            for w in writers:
                w.start()
            delay = rng.uniform(args.min_kill, args.max_kill)
            time.sleep(delay)
            server.kill()
            for w in writers:
                w.stop.set()
            for w in writers:
                w.join(15)
            acked = [n for w in writers for n in w.acked]
            unknown = sum(len(w.unknown) for w in writers)
            refused = [x for w in writers for x in w.refused]
            unknown_total += unknown
            refused_total += len(refused)
            pending = [(cycle, n) for n in acked]
            acked_all.extend(pending)
            print(f"  ciclo {cycle:2d}: kill -9 a los {delay:.2f} s, {len(acked)} confirmadas, "
                  f"{len(refused)} rechazadas, {unknown} sin respuesta ({time.monotonic() - t0:.1f} s)", flush=True)
            if refused:
                print(f"    rechazos, p. ej.: {refused[:2]}", flush=True)
            server.proc = None

        # The server from the verification start is still running: check everything.
        all_names = [n for _, n in acked_all]
        found = names_present(admin, all_names)
        missing = [n for n in all_names if n not in found]
        if missing and not lost_total:
            problems.append(f"verificación final: faltan {len(missing)}, p. ej. {missing[:3]}")
            failed += 1
        lost_total = max(lost_total, len(missing))
        dupes = len(all_names) - len(set(all_names))
        if dupes:
            problems.append(f"{dupes} nombres confirmados repetidos (error de la prueba)")
        server.stop()
        for cmd in (["check"], ["audit", "verify"]):
            r = server.cli(*cmd, check=False)
            out = r.stdout.decode("utf-8", "replace").strip()
            if r.returncode != 0:
                failed += 1
                problems.append(f"tequio {' '.join(cmd)} → código {r.returncode}: {out[-800:]}")
            else:
                print(f"  tequio {' '.join(cmd)}: ok {('(' + out.splitlines()[-1] + ')') if out else ''}",
                      flush=True)
    except Exception as e:  # a server that will not come back is a failure, not a crash of the test
        failed += 1
        problems.append(f"error: {e}")
    finally:
        server.cleanup()

    for p in problems:
        print("FALLA: " + p, flush=True)
    if refused_total:
        print(f"aviso: {refused_total} escrituras respondidas con error (no cuentan como confirmadas)")
    print(f"crash: {args.cycles} cycles, {len(acked_all)} acknowledged writes, {lost_total} lost "
          f"({unknown_total} unanswered at kill time; seed {seed})")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and lost_total == 0 and passed == args.cycles else 1


if __name__ == "__main__":
    sys.exit(main())
