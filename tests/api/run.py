#!/usr/bin/env python3
"""End-to-end API tests against the real tequio binary.

  python3 tests/api/run.py --bin build/tequio --backend sqlite
  python3 tests/api/run.py --bin build/tequio --backend postgres --pg-url postgresql://tequio@127.0.0.1:PORT/tequio_test
  python3 tests/api/run.py --bin build/tequio -k Csrf -v     # only tests whose name contains "Csrf"

Each TestCase class gets its own server with demo data (its own data directory and, on
PostgreSQL, its own database created beside the one in --pg-url and dropped afterwards).
Prints unittest's usual report; exits non-zero on any failure."""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import base  # noqa: E402
from harness import add_server_args, check_server_args  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_server_args(ap)
    ap.add_argument("-k", action="append", dest="patterns", help="solo pruebas cuyo nombre contenga esto")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--keep", action="store_true", help="conservar directorios y bases de datos")
    ap.add_argument("--failfast", action="store_true")
    args = ap.parse_args()

    if check_server_args(args):
        return 2
    base.CONFIG.update(bin=os.path.abspath(args.bin), backend=args.backend, pg_url=args.pg_url, keep=args.keep)

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [f"*{p}*" for p in args.patterns]
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    print(f"API: backend {args.backend}, binario {base.CONFIG['bin']}", flush=True)
    result = unittest.TextTestRunner(verbosity=2 if args.verbose else 1, failfast=args.failfast).run(suite)
    # Subtests report one failure each; count tests (or failed class set-ups) once.
    failed = {getattr(t, "test_case", t).id() for t, _ in result.failures + result.errors}
    skipped = len(result.skipped)
    passed = max(0, result.testsRun - len(failed) - skipped)
    print(f"api: {passed} passed, {len(failed)} failed, {skipped} skipped", flush=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
