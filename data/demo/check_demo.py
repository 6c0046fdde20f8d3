#!/usr/bin/env python3
"""Validate the referential integrity of data/demo/demo.json (Tequio demo data).

Usage: python3 data/demo/check_demo.py [path/to/demo.json] [--manual path/to/manual.txt]

Exits 0 when the file is consistent, 1 with one message per problem otherwise.
If the organization manual is available (argument --manual, environment variable
TEQUIO_MANUAL, or /work/shared/domain/manual-de-organizacion-dsi.txt), every position's
title, objective and decision field must equal a (whitespace-normalized) line of it, and
every function must equal one of its "·" bullets. Standard library only.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MANUAL = "/work/shared/domain/manual-de-organizacion-dsi.txt"

KINDS = {"dependencia", "direccion", "coordinacion", "departamento", "unidad"}
ROLES = {"administrador", "director", "jefe_departamento", "tecnico", "mesa_ayuda", "solicitante", "auditor"}
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
EMAIL_RE = re.compile(r"^[a-z0-9]+(\.[a-z0-9]+)+@oaxaca\.example$")
EXT_RE = re.compile(r"^[0-9]{4}$")

# DSI subtree exactly as the manual's section VIII.
DSI_TREE = [
    ("DSI", "Dirección de Sistemas de Información", "direccion", "PM"),
    ("DSI-COORD", "Coordinación", "coordinacion", "DSI"),
    ("DSI-INNOV", "Departamento de Innovación Tecnológica", "departamento", "DSI-COORD"),
    ("DSI-DESA", "Departamento de Desarrollo de Aplicaciones", "departamento", "DSI-COORD"),
    ("DSI-SOP", "Departamento de Soporte", "departamento", "DSI-COORD"),
    ("DSI-REDES", "Departamento de Redes y Telecomunicaciones", "departamento", "DSI-COORD"),
]
# The six positions of section IX: key -> (area_code, superior_key).
POSITIONS = {
    "director_dsi": ("DSI", None),
    "coordinador_dsi": ("DSI-COORD", "director_dsi"),
    "jefe_innovacion": ("DSI-INNOV", "coordinador_dsi"),
    "jefe_desarrollo": ("DSI-DESA", "coordinador_dsi"),
    "jefe_soporte": ("DSI-SOP", "coordinador_dsi"),
    "jefe_redes": ("DSI-REDES", "coordinador_dsi"),
}
# Required demo logins: username -> (password, role, area_code or None for "any").
REQUIRED_USERS = {
    "admin": ("Tequio-Admin-2026", "administrador", "DSI"),
    "director": ("Tequio-Demo-2026", "director", "DSI"),
    "jefe.soporte": ("Tequio-Demo-2026", "jefe_departamento", "DSI-SOP"),
    "tecnico": ("Tequio-Demo-2026", "tecnico", "DSI-SOP"),
    "mesa": ("Tequio-Demo-2026", "mesa_ayuda", "DSI-SOP"),
    "solicitante": ("Tequio-Demo-2026", "solicitante", None),
    "auditor": ("Tequio-Demo-2026", "auditor", "CM"),
}
DSI_DEPARTMENTS = ["DSI-INNOV", "DSI-DESA", "DSI-SOP", "DSI-REDES"]

errors = []


def err(msg):
    errors.append(msg)


def norm_ws(s):
    return re.sub(r"\s+", " ", s).strip()


def load_manual(path):
    """Return (lines, bullets) of the manual: every non-empty whitespace-normalized line, and every
    "·" bullet (a bullet the manual split over two lines, the second starting in lower case, is joined)."""
    if not path or not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        raw = f.read().splitlines()
    lines, bullets = set(), []
    blocks, current = [], None  # the "Funciones específicas" bullets of each cédula, in order
    for line in raw:
        t = norm_ws(line)
        if not t:
            continue
        lines.add(t)
        if t.startswith("3.- Funciones específicas"):
            current = []
            blocks.append(current)
        elif re.match(r"^4\.- ", t):
            current = None
        if t.startswith("·"):
            b = norm_ws(t[1:])
            if bullets and b[:1].islower():
                bullets[-1] = bullets[-1] + " " + b
                if current:
                    current[-1] = current[-1] + " " + b
            else:
                bullets.append(b)
                if current is not None:
                    current.append(b)
    return lines, set(bullets), blocks


def require_fields(obj, fields, where):
    ok = True
    if not isinstance(obj, dict):
        err(f"{where}: not an object")
        return False
    missing = [f for f in fields if f not in obj]
    extra = [k for k in obj if k not in fields]
    if missing:
        err(f"{where}: missing fields {missing}")
        ok = False
    if extra:
        err(f"{where}: unexpected fields {extra}")
    return ok


def nonempty_str(v):
    return isinstance(v, str) and v.strip() != "" and v == v.strip() and "  " not in v


def password_ok(username, pw):
    return (isinstance(pw, str) and len(pw) >= 12 and re.search(r"[a-z]", pw) and re.search(r"[A-Z]", pw)
            and re.search(r"[0-9]", pw) and pw.lower() != username.lower())


def main(argv):
    path = os.path.join(HERE, "demo.json")
    manual_path = os.environ.get("TEQUIO_MANUAL", DEFAULT_MANUAL)
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--manual" and args:
            manual_path = args.pop(0)
        else:
            path = a

    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: cannot read {path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(doc, dict) or set(doc) != {"areas", "positions", "people", "users"}:
        print("FAIL: top level must be an object with exactly areas, positions, people, users", file=sys.stderr)
        return 1
    for k in doc:
        if not isinstance(doc[k], list):
            err(f"{k}: must be a list")
    if errors:
        return report()

    # ---- areas ----
    areas = {}
    children = {}
    for i, a in enumerate(doc["areas"]):
        where = f"areas[{i}]"
        if not require_fields(a, ["code", "name", "kind", "parent_code"], where):
            continue
        code = a["code"]
        where = f"area {code!r}"
        if not isinstance(code, str) or not CODE_RE.match(code):
            err(f"{where}: code must be short uppercase ASCII with dashes")
        elif len(code) > 20:
            err(f"{where}: code too long")
        if code in areas:
            err(f"{where}: duplicate code")
        if not nonempty_str(a["name"]):
            err(f"{where}: empty or badly spaced name")
        if a["kind"] not in KINDS:
            err(f"{where}: kind {a['kind']!r} not in {sorted(KINDS)}")
        parent = a["parent_code"]
        if parent is not None and parent not in areas:
            err(f"{where}: parent_code {parent!r} is not an earlier area")
        areas[code] = a
        children.setdefault(parent, []).append(code)
    roots = children.get(None, [])
    if roots != ["PM"]:
        err(f"areas: exactly one root expected (PM, Presidencia Municipal), found {roots}")
    elif areas["PM"]["name"] != "Presidencia Municipal":
        err("area PM must be named 'Presidencia Municipal'")
    for parent, kids in children.items():
        names = [areas[c]["name"] for c in kids if c in areas]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            err(f"areas under {parent!r}: duplicate sibling names {sorted(dup)}")
    for code, name, kind, parent in DSI_TREE:
        a = areas.get(code)
        if a is None:
            err(f"DSI subtree: area {code} missing")
            continue
        if (a["name"], a["kind"], a["parent_code"]) != (name, kind, parent):
            err(f"DSI subtree: area {code} must be ({name!r}, {kind}, parent {parent}), "
                f"found ({a['name']!r}, {a['kind']}, parent {a['parent_code']})")
    dsi_kids = sorted(children.get("DSI-COORD", []))
    if dsi_kids != sorted(DSI_DEPARTMENTS):
        err(f"DSI subtree: Coordinación must have exactly the four departments, found {dsi_kids}")
    if sorted(children.get("DSI", [])) != ["DSI-COORD"]:
        err(f"DSI subtree: Dirección must have only the Coordinación below it, found {children.get('DSI', [])}")
    if "CM" not in areas or not areas["CM"]["name"].startswith("Contraloría Municipal"):
        err("area CM (Contraloría Municipal) is required")
    if "TES" not in areas or areas["TES"]["name"] != "Tesorería Municipal":
        err("area TES (Tesorería Municipal) is required")

    def ancestors(code):
        seen = []
        while code is not None and code in areas and code not in seen:
            seen.append(code)
            code = areas[code]["parent_code"]
        return seen

    dsi_subtree = {c for c in areas if "DSI" in ancestors(c)}

    # ---- positions ----
    manual = load_manual(manual_path)
    positions = {}
    for i, p in enumerate(doc["positions"]):
        where = f"positions[{i}]"
        if not require_fields(p, ["key", "area_code", "title", "objective", "functions", "superior_key",
                                  "decision_field"], where):
            continue
        key = p["key"]
        where = f"position {key!r}"
        if key in positions:
            err(f"{where}: duplicate key")
        positions[key] = p
        if p["area_code"] not in areas:
            err(f"{where}: area_code {p['area_code']!r} does not resolve")
        for fld in ("title", "objective", "decision_field"):
            if not nonempty_str(p[fld]):
                err(f"{where}: {fld} empty or badly spaced")
        fns = p["functions"]
        if not isinstance(fns, list) or not fns:
            err(f"{where}: functions must be a non-empty list")
            fns = []
        for j, fn in enumerate(fns):
            if not nonempty_str(fn):
                err(f"{where}: functions[{j}] empty or badly spaced")
            elif fn[0] in "·•-*" or re.match(r"^\d+[.)-]", fn):
                err(f"{where}: functions[{j}] keeps a bullet or numbering: {fn[:40]!r}")
            elif not fn[0].isupper():
                err(f"{where}: functions[{j}] does not start a sentence (split bullet?): {fn[:40]!r}")
        if len(set(fns)) != len(fns):
            err(f"{where}: duplicate functions")
        if manual is not None:
            m_lines, m_bullets, m_blocks = manual
            order = list(POSITIONS)
            if len(m_blocks) == len(order) and key in order and fns != m_blocks[order.index(key)]:
                err(f"{where}: functions differ from the manual's cédula ({len(fns)} given, "
                    f"{len(m_blocks[order.index(key)])} in the manual, or order/text differs)")
            if isinstance(p["title"], str) and p["title"] not in m_lines and p["title"] + "." not in m_lines:
                err(f"{where}: title is not a line of the manual: {p['title']!r}")
            for fld in ("objective", "decision_field"):
                if isinstance(p[fld], str) and p[fld] not in m_lines:
                    err(f"{where}: {fld} is not verbatim a paragraph of the manual: {p[fld][:60]!r}")
            for j, fn in enumerate(fns):
                if isinstance(fn, str) and fn not in m_bullets:
                    err(f"{where}: functions[{j}] is not verbatim a bullet of the manual: {fn[:60]!r}")
    if set(positions) != set(POSITIONS):
        err(f"positions: expected exactly {sorted(POSITIONS)}, found {sorted(positions)}")
    for key, (area_code, sup) in POSITIONS.items():
        p = positions.get(key)
        if p is None:
            continue
        if p["area_code"] != area_code:
            err(f"position {key!r}: area_code must be {area_code}, found {p['area_code']}")
        if p["superior_key"] != sup:
            err(f"position {key!r}: superior_key must be {sup}, found {p['superior_key']}")
    for key, p in positions.items():
        sup = p["superior_key"]
        if sup is not None and sup not in positions:
            err(f"position {key!r}: superior_key {sup!r} does not resolve")
        seen, k = set(), key
        while k is not None and k in positions:
            if k in seen:
                err(f"position {key!r}: superior chain has a cycle")
                break
            seen.add(k)
            k = positions[k]["superior_key"]

    # ---- people ----
    people_by_email = {}
    exts, names = set(), set()
    holders = {}
    for i, pe in enumerate(doc["people"]):
        where = f"people[{i}]"
        if not require_fields(pe, ["full_name", "area_code", "position_key", "job_title", "email", "extension"],
                              where):
            continue
        where = f"person {pe['full_name']!r}"
        if not nonempty_str(pe["full_name"]) or len(pe["full_name"].split()) < 3:
            err(f"{where}: full_name must be given name(s) and two surnames")
        if pe["full_name"] in names:
            err(f"{where}: duplicate full_name")
        names.add(pe["full_name"])
        if pe["area_code"] not in areas:
            err(f"{where}: area_code {pe['area_code']!r} does not resolve")
        if not nonempty_str(pe["job_title"]):
            err(f"{where}: job_title empty")
        email = pe["email"]
        if not isinstance(email, str) or not EMAIL_RE.match(email):
            err(f"{where}: email {email!r} must be ASCII firstname.lastname@oaxaca.example")
        elif email in people_by_email:
            err(f"{where}: duplicate email {email}")
        else:
            people_by_email[email] = pe
            first = unicodedata.normalize("NFD", pe["full_name"].split()[0].lower())
            first = "".join(c for c in first if unicodedata.category(c) != "Mn")
            if not email.startswith(first + "."):
                err(f"{where}: email {email} does not start with the given name")
        ext = pe["extension"]
        if not isinstance(ext, str) or not EXT_RE.match(ext):
            err(f"{where}: extension {ext!r} must be 4 digits")
        elif ext in exts:
            err(f"{where}: duplicate extension {ext}")
        else:
            exts.add(ext)
            in_dsi = pe["area_code"] in dsi_subtree
            if in_dsi != ext.startswith("2"):
                err(f"{where}: extension {ext} must be in 2000-2999 exactly when the person is in the DSI")
        pk = pe["position_key"]
        if pk is not None:
            if pk not in positions:
                err(f"{where}: position_key {pk!r} does not resolve")
            else:
                if pk in holders:
                    err(f"{where}: position {pk} already held by {holders[pk]['full_name']}")
                holders[pk] = pe
                if positions[pk]["area_code"] != pe["area_code"]:
                    err(f"{where}: holds {pk} but is in {pe['area_code']}, not {positions[pk]['area_code']}")
    for key in POSITIONS:
        if key not in holders:
            err(f"position {key!r}: no person holds it")
    for dep in DSI_DEPARTMENTS:
        staff = [p for p in doc["people"] if isinstance(p, dict) and p.get("area_code") == dep
                 and p.get("position_key") is None]
        if not 3 <= len(staff) <= 6:
            err(f"{dep}: expected 3-6 staff besides the head, found {len(staff)}")
    if not any(isinstance(p, dict) and p.get("area_code") == "DSI-SOP" and "mesa de ayuda" in
               str(p.get("job_title", "")).lower() for p in doc["people"]):
        err("DSI-SOP: a mesa de ayuda operator is required")

    # ---- users ----
    usernames = set()
    users = {}
    for i, u in enumerate(doc["users"]):
        where = f"users[{i}]"
        if not require_fields(u, ["username", "display_name", "role", "area_code", "person_email", "password"],
                              where):
            continue
        un = u["username"]
        where = f"user {un!r}"
        if not isinstance(un, str) or not re.match(r"^[a-z0-9][a-z0-9._-]*$", un):
            err(f"{where}: bad username")
        if un in usernames:
            err(f"{where}: duplicate username")
        usernames.add(un)
        users[un] = u
        if not nonempty_str(u["display_name"]):
            err(f"{where}: display_name empty")
        if u["role"] not in ROLES:
            err(f"{where}: role {u['role']!r} not in {sorted(ROLES)}")
        if u["area_code"] is not None and u["area_code"] not in areas:
            err(f"{where}: area_code {u['area_code']!r} does not resolve")
        pe = None
        if u["person_email"] is not None:
            pe = people_by_email.get(u["person_email"])
            if pe is None:
                err(f"{where}: person_email {u['person_email']!r} does not resolve")
            else:
                if pe["area_code"] != u["area_code"]:
                    err(f"{where}: area {u['area_code']} differs from its person's area {pe['area_code']}")
                if pe["full_name"] != u["display_name"]:
                    err(f"{where}: display_name differs from its person's full_name")
        if not password_ok(un, u["password"]):
            err(f"{where}: password must be >= 12 chars with upper, lower and digit, and differ from username")
    linked = [u["person_email"] for u in users.values() if u.get("person_email")]
    dup_linked = {e for e in linked if linked.count(e) > 1}
    if dup_linked:
        err(f"users: several accounts for the same person: {sorted(dup_linked)}")

    for un, (pw, role, area) in REQUIRED_USERS.items():
        u = users.get(un)
        if u is None:
            err(f"required user {un!r} missing")
            continue
        if u["password"] != pw:
            err(f"user {un!r}: password must be {pw}")
        if u["role"] != role:
            err(f"user {un!r}: role must be {role}")
        if area is not None and u["area_code"] != area:
            err(f"user {un!r}: area must be {area}")
    checks = {
        "admin": lambda u, p: u["person_email"] is None and u["display_name"] == "Administrador del sistema",
        "director": lambda u, p: p is holders.get("director_dsi"),
        "jefe.soporte": lambda u, p: p is holders.get("jefe_soporte"),
        "tecnico": lambda u, p: p is not None and p["area_code"] == "DSI-SOP" and p["position_key"] is None,
        "mesa": lambda u, p: p is not None and p["area_code"] == "DSI-SOP" and "mesa de ayuda" in p["job_title"].lower(),
        "solicitante": lambda u, p: p is not None and "TES" in ancestors(u["area_code"]),
        "auditor": lambda u, p: p is not None and p["area_code"] == "CM",
    }
    for un, ok in checks.items():
        u = users.get(un)
        if u is None:
            continue
        p = people_by_email.get(u["person_email"]) if u["person_email"] else None
        if not ok(u, p):
            err(f"user {un!r}: not linked to the expected person/area")

    if manual is not None and len(manual[2]) != len(POSITIONS):
        print(f"note: {len(manual[2])} 'Funciones específicas' blocks found in the manual; "
              "completeness check skipped", file=sys.stderr)
    if manual is None:
        print(f"note: manual not found at {manual_path!r}; verbatim checks skipped", file=sys.stderr)
    return report(doc)


def report(doc=None):
    if errors:
        for e in errors:
            print(f"FAIL: {e}", file=sys.stderr)
        print(f"{len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"OK: {len(doc['areas'])} areas, {len(doc['positions'])} positions, "
          f"{len(doc['people'])} people, {len(doc['users'])} users")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
