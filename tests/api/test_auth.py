"""Sessions, the lockout after failed logins, API tokens, revoking sessions and the
password policy (docs/api.md, «Auth»)."""

import uuid

from base import ADMIN, ROLE_USERS, ServerTestCase

ALL_PERMISSIONS = {"org.read", "org.write", "people.read_all", "users.read", "users.write",
                   "audit.read", "audit.export",
                   "helpdesk.request", "helpdesk.read_all", "helpdesk.work", "helpdesk.manage",
                   "assets.read_own", "assets.read_all", "assets.write", "assets.manage"}


def unique(prefix):
    return f"{prefix}.{uuid.uuid4().hex[:8]}"


class LoginLogoutMe(ServerTestCase):
    def test_login_returns_user_csrf_permissions_and_a_strict_httponly_cookie(self):
        c = self.client()
        r = c.login(*ADMIN)
        body = r.json()
        self.assertEqual(body["user"]["username"], "admin")
        self.assertEqual(body["user"]["role"], "administrador")
        self.assertEqual(body["user"]["role_name"], "Administrador")
        self.assertTrue(body["csrf_token"])
        self.assertEqual(set(body["permissions"]), ALL_PERMISSIONS)
        for key in ("id", "username", "display_name", "email", "role", "role_name", "area_id", "area_name",
                    "person_id", "active", "locked_until", "created_at", "updated_at"):
            self.assertIn(key, body["user"])
        self.assertNotIn("password_hash", body["user"])
        cookies = [v for v in r.header_all("set-cookie") if v.startswith("tequio_session=")]
        self.assertEqual(len(cookies), 1, r.headers)
        attrs = cookies[0].lower().replace(" ", "")
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=strict", attrs)
        self.assertTrue(r.header("x-request-id"))

    def test_me_has_the_same_shape_as_login(self):
        c = self.client()
        login = c.login("tecnico", ROLE_USERS["tecnico"][1]).json()
        r = self.assertStatus(c.get("/api/v1/auth/me"), 200)
        me = r.json()
        self.assertEqual(me["user"]["username"], "tecnico")
        self.assertEqual(set(me["permissions"]), {"org.read", "people.read_all", "helpdesk.request",
                                                  "helpdesk.read_all", "helpdesk.work", "assets.read_own",
                                                  "assets.read_all", "assets.write"})
        self.assertEqual(me["csrf_token"], login["csrf_token"])
        self.assertEqual(set(me), set(login))

    def test_logout_clears_the_cookie_and_ends_the_session(self):
        c = self.client()
        c.login(*ADMIN)
        old_cookie = dict(c.cookies)
        r = c.post("/api/v1/auth/logout")
        self.assertStatus(r, 204)
        self.assertNotIn("tequio_session", c.cookies, r.headers)
        self.assertProblem(c.get("/api/v1/auth/me"), 401)
        # The old cookie, replayed, is dead too.
        c.cookies = old_cookie
        self.assertProblem(c.get("/api/v1/auth/me"), 401)

    def test_wrong_password_and_unknown_user_look_the_same(self):
        c = self.client()
        a = c.login("director", "no-es-la-contraseña", expect=None)
        b = c.login("nadie.existe", "no-es-la-contraseña", expect=None)
        self.assertProblem(a, 401, code="auth.invalid_credentials")
        self.assertProblem(b, 401, code="auth.invalid_credentials")
        self.assertNotIn("tequio_session", c.cookies)

    def test_me_without_session_is_401(self):
        self.assertProblem(self.client().get("/api/v1/auth/me"), 401)

    def test_bad_and_forged_session_cookies_are_401(self):
        for value in ("garbage", "x" * 64, "' OR '1'='1", "%00", ""):
            c = self.client()
            c.cookies["tequio_session"] = value
            with self.subTest(cookie=value):
                self.assertProblem(c.get("/api/v1/auth/me"), 401)
                self.assertProblem(c.get("/api/v1/people"), 401)


class Lockout(ServerTestCase):
    def test_five_bad_passwords_lock_the_account_even_for_the_right_password(self):
        username, password = unique("bloqueo"), "Bloqueo-Prueba-2026"
        r = self.admin.post("/api/v1/users", {"username": username, "display_name": "Cuenta para bloqueo",
                                              "role": "tecnico", "password": password})
        self.assertStatus(r, 201)
        c = self.client()
        for i in range(4):
            self.assertProblem(c.login(username, f"mala-{i}-xxxxxxxx", expect=None), 401,
                               code="auth.invalid_credentials")
        fifth = c.login(username, "mala-5-xxxxxxxx", expect=None)
        self.assertIn(fifth.status, (401, 423), fifth)
        bad = c.login(username, "mala-6-xxxxxxxx", expect=None)
        p = self.assertProblem(bad, 423, code="auth.locked")
        self.assertTrue(p.get("detail"), p)
        good = c.login(username, password, expect=None)
        self.assertProblem(good, 423, code="auth.locked")
        self.assertNotIn("tequio_session", c.cookies)
        # The admin sees the lock.
        users = self.admin.get(f"/api/v1/users?q={username}").json()["items"]
        self.assertEqual(len(users), 1, users)
        self.assertTrue(users[0]["locked_until"], users[0])
        # Other accounts are not affected.
        self.client().login("mesa", ROLE_USERS["mesa_ayuda"][1])


class ApiTokens(ServerTestCase):
    def bearer(self, token):
        c = self.client()
        c.bearer = token
        return c

    def test_token_create_use_without_csrf_then_revoke(self):
        r = self.admin.post("/api/v1/auth/tokens", {"name": "integración", "scopes": ["read", "write"]})
        self.assertStatus(r, 201)
        tok = r.json()
        self.assertTrue(tok["token"].startswith("tqo_"), tok)
        self.assertEqual(tok["name"], "integración")
        self.assertEqual(sorted(tok["scopes"]), ["read", "write"])

        b = self.bearer(tok["token"])
        me = self.assertStatus(b.get("/api/v1/auth/me"), 200).json()
        self.assertEqual(me["user"]["username"], "admin")
        area = self.area_by_code("DSI")
        before = self.admin.total("/api/v1/people")
        r = b.post("/api/v1/people", {"full_name": "Creada con token", "area_id": area["id"]})
        self.assertStatus(r, 201)  # no X-CSRF-Token: Bearer needs none
        self.assertEqual(self.admin.total("/api/v1/people"), before + 1)

        listed = self.admin.get("/api/v1/auth/tokens").json()["items"]
        mine = [t for t in listed if t["id"] == tok["id"]]
        self.assertEqual(len(mine), 1, listed)
        self.assertNotIn("token", mine[0])
        self.assertTrue(mine[0]["last_used_at"], mine[0])
        self.assertIsNone(mine[0]["revoked_at"])

        self.assertStatus(self.admin.delete(f"/api/v1/auth/tokens/{tok['id']}"), 204)
        self.assertProblem(b.get("/api/v1/auth/me"), 401)
        self.assertProblem(b.post("/api/v1/people", {"full_name": "No debe crearse", "area_id": area["id"]}), 401)
        self.assertEqual(self.admin.total("/api/v1/people"), before + 1)

    def test_read_only_token_cannot_write(self):
        tok = self.assertStatus(self.admin.post("/api/v1/auth/tokens", {"name": "lectura", "scopes": ["read"]}),
                                201).json()
        b = self.bearer(tok["token"])
        self.assertStatus(b.get("/api/v1/people"), 200)
        before = self.admin.total("/api/v1/areas")
        r = b.post("/api/v1/areas", {"name": "No debe crearse", "kind": "unidad"})
        self.assertProblem(r, 403)
        self.assertEqual(self.admin.total("/api/v1/areas"), before)

    def test_garbage_bearer_is_401(self):
        for token in ("tqo_nonexistent", "garbage", "tqo_" + "a" * 200):
            with self.subTest(token=token):
                self.assertProblem(self.bearer(token).get("/api/v1/auth/me"), 401)

    def test_token_body_is_validated(self):
        self.assertProblem(self.admin.post("/api/v1/auth/tokens", {"name": "x", "scopes": ["admin"]}), 422,
                           field="scopes")
        self.assertProblem(self.admin.post("/api/v1/auth/tokens", {"scopes": ["read"]}), 422, field="name")

    def test_cannot_revoke_someone_elses_token(self):
        tok = self.assertStatus(self.admin.post("/api/v1/auth/tokens", {"name": "del admin", "scopes": ["read"]}),
                                201).json()
        other = self.login_as(*ROLE_USERS["director"])
        r = other.delete(f"/api/v1/auth/tokens/{tok['id']}")
        self.assertProblem(r, 404, statuses=(403, 404))
        self.assertStatus(self.bearer(tok["token"]).get("/api/v1/auth/me"), 200)


class SessionRevoke(ServerTestCase):
    def test_revoking_another_own_session_logs_it_out(self):
        a = self.login_as(*ROLE_USERS["mesa_ayuda"])
        b = self.login_as(*ROLE_USERS["mesa_ayuda"])
        sessions = self.assertStatus(a.get("/api/v1/auth/sessions"), 200).json()["items"]
        self.assertGreaterEqual(len(sessions), 2, sessions)
        current = [s for s in sessions if s["current"]]
        self.assertEqual(len(current), 1, sessions)
        for s in sessions:
            for key in ("id", "created_at", "last_seen_at", "expires_at", "ip", "user_agent", "current"):
                self.assertIn(key, s)
        b_id = [s for s in self.assertStatus(b.get("/api/v1/auth/sessions"), 200).json()["items"]
                if s["current"]][0]["id"]
        self.assertNotEqual(b_id, current[0]["id"])
        self.assertStatus(a.delete(f"/api/v1/auth/sessions/{b_id}"), 204)
        self.assertProblem(b.get("/api/v1/auth/me"), 401)
        self.assertStatus(a.get("/api/v1/auth/me"), 200)
        ids = [s["id"] for s in a.get("/api/v1/auth/sessions").json()["items"]]
        self.assertNotIn(b_id, ids)

    def test_cannot_revoke_another_users_session(self):
        victim = self.login_as(*ROLE_USERS["auditor"])
        victim_id = [s for s in victim.get("/api/v1/auth/sessions").json()["items"] if s["current"]][0]["id"]
        attacker = self.login_as(*ROLE_USERS["tecnico"])
        self.assertProblem(attacker.delete(f"/api/v1/auth/sessions/{victim_id}"), 404, statuses=(403, 404))
        self.assertStatus(victim.get("/api/v1/auth/me"), 200)

    def test_admin_password_reset_revokes_that_users_sessions(self):
        username = unique("reinicio")
        created = self.assertStatus(self.admin.post("/api/v1/users", {
            "username": username, "display_name": "Reinicio", "role": "tecnico",
            "password": "Reinicio-Prueba-2026"}), 201).json()
        u = self.login_as(username, "Reinicio-Prueba-2026")
        self.assertStatus(self.admin.post(f"/api/v1/users/{created['id']}/password",
                                          {"password": "Reinicio-Nueva-2027"}), 204)
        self.assertProblem(u.get("/api/v1/auth/me"), 401)
        self.login_as(username, "Reinicio-Nueva-2027")


class PasswordPolicy(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.username = "politica.contrasenas"  # ≥ 12 characters, to test "equal to username"
        cls.password = "Politica-Prueba-2026"
        r = cls.admin.post("/api/v1/users", {"username": cls.username, "display_name": "Política",
                                             "role": "mesa_ayuda", "password": cls.password})
        assert r.status == 201, r

    def change(self, c, current, new):
        return c.post("/api/v1/auth/password", {"current_password": current, "new_password": new})

    def test_policy_errors_name_new_password(self):
        c = self.login_as(self.username, self.password)
        for bad in ("Corta-1", "politica.contrasenas", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "1234567890123"):
            with self.subTest(new_password=bad):
                self.assertProblem(self.change(c, self.password, bad), 422, field="new_password")
        self.assertProblem(c.post("/api/v1/auth/password", {"current_password": self.password}), 422,
                           field="new_password")
        self.assertProblem(c.post("/api/v1/auth/password", {"current_password": self.password,
                                                             "new_password": "Valida-Prueba-2027", "x": 1}), 422)
        # Nothing changed: the old password still works.
        self.login_as(self.username, self.password)

    def test_wrong_current_password_is_refused(self):
        c = self.login_as(self.username, self.password)
        r = self.change(c, "no-es-la-actual-123", "Otra-Valida-Prueba-2027")
        self.assertProblem(r, 422, statuses=(400, 401, 403, 422))
        self.login_as(self.username, self.password)

    def test_zz_valid_change_takes_effect(self):
        c = self.login_as(self.username, self.password)
        self.assertStatus(self.change(c, self.password, "Nueva-Contrasena-2027"), 204)
        self.client().login(self.username, "Nueva-Contrasena-2027")
        self.assertProblem(self.client().login(self.username, self.password, expect=None), 401)
