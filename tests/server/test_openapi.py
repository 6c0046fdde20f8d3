"""The OpenAPI document and the router agree: every route the server has is described, and
every described operation exists. Also checks the served document is the embedded file.

Usage: python3 tests/server/test_openapi.py --bin build/tequio
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")


def described_operations():
    with open(os.path.join(ROOT, "src", "http", "openapi.json"), encoding="utf-8") as f:
        doc = json.load(f)
    ops = set()
    for path, item in doc["paths"].items():
        for method in item:
            if method in METHODS:
                ops.add((method.upper(), path))
    return doc, ops


def router_operations():
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([BIN, "routes", "--data-dir", d], capture_output=True, text=True, check=True).stdout
    return {(r["method"], r["path"]) for r in json.loads(out)}, json.loads(out)


class OpenApi(unittest.TestCase):
    def test_document_is_openapi_3_1(self):
        doc, _ = described_operations()
        self.assertTrue(doc["openapi"].startswith("3.1"))
        self.assertIn("title", doc["info"])

    def test_every_route_is_described_and_every_description_is_routed(self):
        _, described = described_operations()
        routed, _ = router_operations()
        self.assertEqual(sorted(routed - described), [], "routes missing from openapi.json")
        self.assertEqual(sorted(described - routed), [], "openapi.json describes routes the server lacks")

    def test_public_routes_are_marked_without_security(self):
        doc, _ = described_operations()
        _, routes = router_operations()
        for r in routes:
            op = doc["paths"][r["path"]][r["method"].lower()]
            if r["public"]:
                self.assertEqual(op.get("security"), [], f"{r['method']} {r['path']} is public: security must be []")
            else:
                self.assertNotEqual(op.get("security"), [], f"{r['method']} {r['path']} needs authentication")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args, rest = parser.parse_known_args()
    BIN = os.path.abspath(args.bin)
    unittest.main(argv=[sys.argv[0], "-v", *rest])
