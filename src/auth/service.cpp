#include "auth/service.h"

#include <algorithm>
#include <regex>

#include "auth/password.h"
#include "core/text.h"
#include "core/time.h"

namespace tequio::auth {
namespace {

constexpr auto kCacheTtl = std::chrono::seconds(5);
constexpr auto kLastSeenResolution = std::chrono::seconds(60);

constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.email, u.role, u.area_id, a.name, u.person_id, u.active, "
    "u.locked_until, u.created_at, u.updated_at FROM users u LEFT JOIN areas a ON a.id = u.area_id";

nlohmann::json user_json(const storage::Row& r) {
  auto role = role_from_code(r.str(4));
  auto opt_int = [&](size_t i) { return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(i)); };
  auto opt_str = [&](size_t i) { return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.str(i)); };
  return {{"id", r.i64(0)},
          {"username", r.str(1)},
          {"display_name", r.str(2)},
          {"email", opt_str(3)},
          {"role", r.str(4)},
          {"role_name", role ? std::string(role_info(*role).name) : r.str(4)},
          {"area_id", opt_int(5)},
          {"area_name", opt_str(6)},
          {"person_id", opt_int(7)},
          {"active", r.boolean(8)},
          {"locked_until", opt_str(9)},
          {"created_at", r.str(10)},
          {"updated_at", r.str(11)}};
}

nlohmann::json permissions_json(Role role) {
  nlohmann::json out = nlohmann::json::array();
  for (auto p : role_info(role).permissions) out.push_back(std::string(permission_code(p)));
  return out;
}

bool valid_username(const std::string& u) {
  static const std::regex re("^[a-z0-9][a-z0-9._-]{2,63}$");
  return std::regex_match(u, re);
}

}  // namespace

AuthService::AuthService(storage::Pool& pool, audit::AuditService& audit, AuthConfig config)
    : pool_(pool), audit_(audit), config_(config), dummy_hash_(hash_password(random_token(16))) {}

bool AuthService::ip_throttled(const std::string& ip) {
  std::lock_guard lock(ip_mu_);
  auto it = ip_failures_.find(ip);
  if (it == ip_failures_.end()) return false;
  auto cutoff = std::chrono::steady_clock::now() - config_.ip_window;
  while (!it->second.empty() && it->second.front() < cutoff) it->second.pop_front();
  return static_cast<int>(it->second.size()) >= config_.ip_failures_allowed;
}

void AuthService::note_ip_failure(const std::string& ip) {
  std::lock_guard lock(ip_mu_);
  if (ip_failures_.size() > 100000) ip_failures_.clear();  // bounded memory under a spray attack
  ip_failures_[ip].push_back(std::chrono::steady_clock::now());
}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password,
                                       const std::string& ip, const std::string& user_agent) {
  Actor anon;
  anon.username = username.substr(0, 64);
  anon.ip = ip;
  if (ip_throttled(ip)) {
    audit_.record_now(anon, {"login_failed", "session", "", {{"reason", "throttled"}}});
    return Error::of(ErrorKind::kThrottled, "auth.throttled",
                     "Demasiados intentos fallidos desde esta dirección; espere unos minutos");
  }
  std::optional<storage::Row> row;
  {
    auto conn = pool_.acquire();
    row = conn->query_one(
        "SELECT id, password_hash, active, locked_until, role, display_name, area_id, person_id FROM users "
        "WHERE username = $1",
        {username});
  }
  std::string now = now_iso();
  if (row && !row->is_null(3) && row->str(3) > now) {
    anon.user_id = row->i64(0);
    audit_.record_now(anon, {"login_failed", "user", std::to_string(row->i64(0)), {{"reason", "locked"}}});
    return Error::of(ErrorKind::kLocked, "auth.locked",
                     "La cuenta está bloqueada temporalmente por intentos fallidos; intente de nuevo después de " +
                         row->str(3) + " (UTC) o pida a un administrador que restablezca la contraseña");
  }
  bool ok = verify_password(row ? row->str(1) : dummy_hash_, password);
  if (!row || !ok || !row->boolean(2)) {
    note_ip_failure(ip);
    std::string reason = !row ? "unknown_user" : (!ok ? "bad_password" : "disabled");
    if (row && !ok) {
      anon.user_id = row->i64(0);
      auto conn = pool_.acquire();
      storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
      auto failed = tx.query_one("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
                                 {row->i64(0)});
      if (failed && failed->i64(0) >= config_.lockout_after) {
        std::string until = to_iso(Clock::now() + config_.lockout_for);
        tx.execute("UPDATE users SET failed_logins = 0, locked_until = $1 WHERE id = $2", {until, row->i64(0)});
        reason = "bad_password_locked";
      }
      audit_.record(tx, anon, {"login_failed", "user", std::to_string(row->i64(0)), {{"reason", reason}}});
      tx.commit();
    } else {
      audit_.record_now(anon, {"login_failed", "session", "", {{"reason", reason}}});
    }
    return Error::of(ErrorKind::kUnauthenticated, "auth.invalid_credentials", "Usuario o contraseña incorrectos");
  }

  LoginResult result;
  result.session_token = random_token(32);
  std::string csrf = random_token(24);
  auto expires = Clock::now() + config_.session_absolute;
  result.cookie_max_age = std::chrono::duration_cast<std::chrono::seconds>(config_.session_absolute);
  Actor actor;
  actor.user_id = row->i64(0);
  actor.username = username;
  actor.ip = ip;
  actor.role = role_from_code(row->str(4)).value_or(Role::kSolicitante);
  actor.display_name = row->str(5);
  actor.area_id = row->opt_i64(6);
  actor.person_id = row->opt_i64(7);
  int64_t session_id = 0;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    tx.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1", {actor.user_id});
    session_id = tx.query_one(
                       "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, "
                       "user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id",
                       {sha256_hex(result.session_token), actor.user_id, csrf, now, to_iso(expires), ip,
                        user_agent.substr(0, 256)})
                     ->i64(0);
    audit_.record(tx, actor, {"login", "session", std::to_string(session_id), nlohmann::json::object()});
    tx.commit();
  }
  auto me_json = me(actor);
  if (!me_json) return me_json.error();
  result.me = *me_json;
  result.me["csrf_token"] = csrf;
  return result;
}

void AuthService::logout(const Actor& actor) {
  if (!actor.session_id) return;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    tx.execute("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", {now_iso(), *actor.session_id});
    audit_.record(tx, actor, {"logout", "session", std::to_string(*actor.session_id), nlohmann::json::object()});
    tx.commit();
  }
  std::unique_lock lock(cache_mu_);
  for (auto it = session_cache_.begin(); it != session_cache_.end();)
    it = it->second.auth.actor.session_id == actor.session_id ? session_cache_.erase(it) : std::next(it);
}

void AuthService::forget_user_sessions(int64_t user_id) {
  std::unique_lock lock(cache_mu_);
  for (auto it = session_cache_.begin(); it != session_cache_.end();)
    it = it->second.auth.actor.user_id == user_id ? session_cache_.erase(it) : std::next(it);
}

std::optional<SessionAuth> AuthService::authenticate_session(const std::string& token, const std::string& ip) {
  if (token.size() < 20 || token.size() > 100) return std::nullopt;
  std::string key = sha256_hex(token);
  auto steady_now = std::chrono::steady_clock::now();
  auto wall_now = Clock::now();
  std::string now = to_iso(wall_now);
  std::string idle_cutoff = to_iso(wall_now - config_.session_idle);
  std::string touch_cutoff = to_iso(wall_now - kLastSeenResolution);
  {
    std::shared_lock lock(cache_mu_);
    auto it = session_cache_.find(key);
    if (it != session_cache_.end() && steady_now - it->second.fetched < kCacheTtl &&
        it->second.expires_at > now && it->second.last_seen_at >= touch_cutoff) {
      SessionAuth auth = it->second.auth;
      auth.actor.ip = ip;
      return auth;
    }
  }
  auto conn = pool_.acquire();
  auto row = conn->query_one(
      "SELECT s.id, s.csrf_token, s.expires_at, s.last_seen_at, u.id, u.username, u.display_name, u.role, u.area_id, "
      "u.person_id FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.active = 1",
      {key});
  if (!row || row->str(2) <= now || row->str(3) < idle_cutoff) return std::nullopt;
  auto role = role_from_code(row->str(7));
  if (!role) return std::nullopt;
  SessionAuth auth;
  auth.csrf_token = row->str(1);
  auth.actor.session_id = row->i64(0);
  auth.actor.user_id = row->i64(4);
  auth.actor.username = row->str(5);
  auth.actor.display_name = row->str(6);
  auth.actor.role = *role;
  auth.actor.area_id = row->opt_i64(8);
  auth.actor.person_id = row->opt_i64(9);
  auth.actor.ip = ip;
  std::string last_seen = row->str(3);
  if (last_seen < touch_cutoff) {
    // Idle expiry needs last_seen_at, but writing it on every request would make reads writes.
    conn->execute("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", {now, row->i64(0)});
    last_seen = now;
  }
  std::unique_lock lock(cache_mu_);
  if (session_cache_.size() > 50000) session_cache_.clear();
  session_cache_[key] = CachedSession{auth, row->str(2), last_seen, steady_now};
  return auth;
}

std::optional<Actor> AuthService::authenticate_token(const std::string& token, const std::string& ip) {
  if (token.rfind("tqo_", 0) != 0 || token.size() > 100) return std::nullopt;
  auto conn = pool_.acquire();
  std::string now = now_iso();
  auto row = conn->query_one(
      "SELECT t.id, t.scopes, t.expires_at, t.last_used_at, u.id, u.username, u.display_name, u.role, u.area_id, "
      "u.person_id FROM api_tokens t JOIN users u ON u.id = t.user_id "
      "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1",
      {sha256_hex(token)});
  if (!row) return std::nullopt;
  if (!row->is_null(2) && row->str(2) <= now) return std::nullopt;
  auto role = role_from_code(row->str(7));
  if (!role) return std::nullopt;
  Actor a;
  a.via_token = true;
  auto scopes = nlohmann::json::parse(row->str(1), nullptr, false);
  a.token_can_write = scopes.is_array() && std::find(scopes.begin(), scopes.end(), "write") != scopes.end();
  a.user_id = row->i64(4);
  a.username = row->str(5);
  a.display_name = row->str(6);
  a.role = *role;
  a.area_id = row->opt_i64(8);
  a.person_id = row->opt_i64(9);
  a.ip = ip;
  if (row->is_null(3) || row->str(3) < to_iso(Clock::now() - kLastSeenResolution))
    conn->execute("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", {now, row->i64(0)});
  return a;
}

std::optional<nlohmann::json> AuthService::load_user(storage::Connection& c, int64_t id) {
  auto row = c.query_one(std::string(kUserSelect) + " WHERE u.id = $1", {id});
  if (!row) return std::nullopt;
  return user_json(*row);
}

Result<nlohmann::json> AuthService::me(const Actor& actor) {
  auto conn = pool_.acquire();
  auto user = load_user(*conn, actor.user_id);
  if (!user) return Error::unauthenticated();
  return nlohmann::json{{"user", *user}, {"permissions", permissions_json(actor.role)}};
}

Status AuthService::change_password(const Actor& actor, const std::string& current, const std::string& next) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  std::string hash, username;
  {
    auto conn = pool_.acquire();
    auto row = conn->query_one("SELECT password_hash, username FROM users WHERE id = $1", {actor.user_id});
    if (!row) return Error::unauthenticated();
    hash = row->str(0);
    username = row->str(1);
  }
  if (!verify_password(hash, current))
    return Error::invalid("auth.current_password_wrong", "La contraseña actual no es correcta", "current_password");
  if (auto e = check_password_policy(next, username, "new_password")) return Error::invalid_fields({*e});
  if (next == current)
    return Error::invalid("password.unchanged", "La nueva contraseña debe ser distinta de la actual", "new_password");
  std::string new_hash = hash_password(next);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::string now = now_iso();
  tx.execute("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3",
             {new_hash, now, actor.user_id});
  // Other sessions end: whoever knew the old password is out.
  tx.execute("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id <> $3",
             {now, actor.user_id, actor.session_id.value_or(0)});
  audit_.record(tx, actor, {"update", "user", std::to_string(actor.user_id), {{"password", {{"from", "***"}, {"to", "***"}}}}});
  tx.commit();
  forget_user_sessions(actor.user_id);
  return Ok();
}

Result<nlohmann::json> AuthService::list_sessions(const Actor& actor) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  auto conn = pool_.acquire();
  std::string now = now_iso();
  std::string idle_cutoff = to_iso(Clock::now() - config_.session_idle);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : conn->query(
           "SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE user_id = $1 AND "
           "revoked_at IS NULL AND expires_at > $2 AND last_seen_at >= $3 ORDER BY last_seen_at DESC LIMIT 100",
           {actor.user_id, now, idle_cutoff}))
    items.push_back({{"id", r.i64(0)},
                     {"created_at", r.str(1)},
                     {"last_seen_at", r.str(2)},
                     {"expires_at", r.str(3)},
                     {"ip", r.str(4)},
                     {"user_agent", r.str(5)},
                     {"current", actor.session_id && *actor.session_id == r.i64(0)}});
  return nlohmann::json{{"items", items}};
}

Status AuthService::revoke_session(const Actor& actor, int64_t session_id) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    auto n = tx.execute("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
                        {now_iso(), session_id, actor.user_id});
    if (n == 0) return Error::not_found("session.not_found", "La sesión no existe o ya terminó");
    audit_.record(tx, actor, {"delete", "session", std::to_string(session_id), nlohmann::json::object()});
    tx.commit();
  }
  std::unique_lock lock(cache_mu_);
  for (auto it = session_cache_.begin(); it != session_cache_.end();)
    it = it->second.auth.actor.session_id == session_id ? session_cache_.erase(it) : std::next(it);
  return Ok();
}

Result<nlohmann::json> AuthService::list_tokens(const Actor& actor) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  auto conn = pool_.acquire();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : conn->query("SELECT id, name, scopes, created_at, last_used_at, expires_at, revoked_at FROM "
                                   "api_tokens WHERE user_id = $1 ORDER BY id DESC",
                                   {actor.user_id})) {
    auto opt = [&](size_t i) { return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.str(i)); };
    items.push_back({{"id", r.i64(0)},
                     {"name", r.str(1)},
                     {"scopes", nlohmann::json::parse(r.str(2), nullptr, false)},
                     {"created_at", r.str(3)},
                     {"last_used_at", opt(4)},
                     {"expires_at", opt(5)},
                     {"revoked_at", opt(6)}});
  }
  return nlohmann::json{{"items", items}};
}

Result<nlohmann::json> AuthService::create_token(const Actor& actor, const std::string& name,
                                                 const std::vector<std::string>& scopes,
                                                 std::optional<int64_t> expires_in_days) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  std::vector<FieldError> errors;
  if (scopes.empty()) errors.push_back({"scopes", "token.scopes_required", "Elija al menos un alcance"});
  for (const auto& s : scopes)
    if (s != "read" && s != "write")
      errors.push_back({"scopes", "token.scope_invalid", "Alcance no válido: use \"read\" o \"write\""});
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 730))
    errors.push_back({"expires_in_days", "token.expiry_invalid", "La vigencia debe ser de 1 a 730 días"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string token = "tqo_" + random_token(32);
  nlohmann::json scope_json = scopes;
  std::optional<std::string> expires;
  if (expires_in_days) expires = to_iso(Clock::now() + std::chrono::hours(24 * *expires_in_days));
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  int64_t id = tx.query_one("INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                            {actor.user_id, name, sha256_hex(token), scope_json.dump(), now_iso(), storage::opt(expires)})
                   ->i64(0);
  audit_.record(tx, actor, {"create", "api_token", std::to_string(id), {{"name", {{"from", nullptr}, {"to", name}}},
                                                                           {"scopes", {{"from", nullptr}, {"to", scope_json}}}}});
  tx.commit();
  return nlohmann::json{{"id", id}, {"name", name}, {"scopes", scope_json},
                        {"expires_at", expires ? nlohmann::json(*expires) : nlohmann::json(nullptr)}, {"token", token}};
}

Status AuthService::revoke_token(const Actor& actor, int64_t token_id) {
  if (actor.via_token) return Error::forbidden("auth.session_required", "Esta acción requiere iniciar sesión");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto n = tx.execute("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
                      {now_iso(), token_id, actor.user_id});
  if (n == 0) return Error::not_found("token.not_found", "El token no existe o ya fue revocado");
  audit_.record(tx, actor, {"delete", "api_token", std::to_string(token_id), nlohmann::json::object()});
  tx.commit();
  return Ok();
}

nlohmann::json AuthService::roles() const {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : all_roles())
    items.push_back({{"code", r.code}, {"name", r.name}, {"description", r.description},
                     {"permissions", permissions_json(r.role)}});
  return {{"items", items}};
}

Result<Page> AuthService::list_users(const Actor& actor, const UserFilter& f, const PageRequest& page) {
  if (!actor.can(Permission::kUsersRead)) return Error::forbidden();
  std::string where = " WHERE 1=1";
  storage::Params params;
  if (f.q && !f.q->empty()) {
    params.push_back(storage::like_escape(fold_for_search(*f.q)));
    where += " AND " + storage::contains_clause("u.search_key", 1);
  }
  if (f.role) {
    if (!role_from_code(*f.role)) return Error::invalid("user.role_invalid", "Rol no válido", "role");
    params.push_back(*f.role);
    where += " AND u.role = $" + std::to_string(params.size());
  }
  if (f.active) {
    params.push_back(int64_t{*f.active ? 1 : 0});
    where += " AND u.active = $" + std::to_string(params.size());
  }
  auto conn = pool_.acquire();
  Page out;
  out.request = page;
  out.total = conn->query_one("SELECT COUNT(*) FROM users u" + where, params)->i64(0);
  storage::Params p = params;
  p.push_back(page.per_page);
  p.push_back(page.offset());
  for (const auto& r : conn->query(std::string(kUserSelect) + where + " ORDER BY u.username LIMIT $" +
                                       std::to_string(p.size() - 1) + " OFFSET $" + std::to_string(p.size()),
                                   p))
    out.items.push_back(user_json(r));
  return out;
}

Result<nlohmann::json> AuthService::get_user(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::kUsersRead) && actor.user_id != id) return Error::forbidden();
  auto conn = pool_.acquire();
  auto user = load_user(*conn, id);
  if (!user) return Error::not_found("user.not_found", "El usuario no existe");
  return *user;
}

Status AuthService::validate_refs(storage::Connection& c, std::vector<FieldError>& errors,
                                  std::optional<int64_t> area_id, std::optional<int64_t> person_id) {
  if (area_id && !c.query_one("SELECT 1 FROM areas WHERE id = $1", {*area_id}))
    errors.push_back({"area_id", "user.area_not_found", "El área no existe"});
  if (person_id && !c.query_one("SELECT 1 FROM people WHERE id = $1", {*person_id}))
    errors.push_back({"person_id", "user.person_not_found", "La persona no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  return Ok();
}

Result<nlohmann::json> AuthService::create_user(const Actor& actor, const NewUser& in) {
  if (!actor.can(Permission::kUsersWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!valid_username(in.username))
    errors.push_back({"username", "user.username_invalid",
                      "Use de 3 a 64 caracteres: minúsculas, números, punto, guion o guion bajo"});
  if (!role_from_code(in.role)) errors.push_back({"role", "user.role_invalid", "Rol no válido"});
  if (in.email && !plausible_email(*in.email))
    errors.push_back({"email", "user.email_invalid", "El correo electrónico no es válido"});
  if (auto e = check_password_policy(in.password, in.username, "password")) errors.push_back(*e);
  {
    auto conn = pool_.acquire();
    auto st = validate_refs(*conn, errors, in.area_id, in.person_id);
    if (!st) return st.error();
  }
  std::string hash = hash_password(in.password);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::string now = now_iso();
  int64_t id;
  try {
    id = tx.query_one("INSERT INTO users (username, display_name, email, password_hash, role, area_id, person_id, "
                      "password_changed_at, created_at, updated_at, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                      "$8, $8, $9) RETURNING id",
                      {in.username, in.display_name, storage::opt(in.email), hash, in.role, storage::opt(in.area_id),
                       storage::opt(in.person_id), now, fold_for_search(in.username + " " + in.display_name)})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation())
      return Error::conflict("user.username_taken", "Ya existe un usuario con ese nombre", "username");
    throw;
  }
  auto user = *load_user(*conn, id);
  audit_.record(tx, actor, {"create", "user", std::to_string(id), audit::AuditService::created(user)});
  tx.commit();
  return user;
}

Result<nlohmann::json> AuthService::update_user(const Actor& actor, int64_t id, const UserPatch& patch) {
  if (!actor.can(Permission::kUsersWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (patch.role && !role_from_code(*patch.role)) errors.push_back({"role", "user.role_invalid", "Rol no válido"});
  if (patch.email && *patch.email && !plausible_email(**patch.email))
    errors.push_back({"email", "user.email_invalid", "El correo electrónico no es válido"});
  if (patch.display_name && patch.display_name->empty())
    errors.push_back({"display_name", "required", "Este campo es obligatorio"});
  if (id == actor.user_id && ((patch.active && !*patch.active) || (patch.role && *patch.role != "administrador")))
    errors.push_back({patch.active ? "active" : "role", "user.self_lockout",
                      "No puede desactivar su propia cuenta ni quitarse el rol de administrador"});
  auto conn = pool_.acquire();
  auto st = validate_refs(*conn, errors, patch.area_id ? *patch.area_id : std::nullopt,
                          patch.person_id ? *patch.person_id : std::nullopt);
  if (!st) return st.error();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto before = load_user(*conn, id);
  if (!before) return Error::not_found("user.not_found", "El usuario no existe");
  storage::UpdateBuilder update("users");
  update.set("updated_at", now_iso());
  if (patch.display_name) {
    update.set("display_name", *patch.display_name);
    update.set("search_key", fold_for_search((*before)["username"].get<std::string>() + " " + *patch.display_name));
  }
  if (patch.role) update.set("role", *patch.role);
  if (patch.email) update.set("email", storage::opt(*patch.email));
  if (patch.area_id) update.set("area_id", storage::opt(*patch.area_id));
  if (patch.person_id) update.set("person_id", storage::opt(*patch.person_id));
  if (patch.active) update.set("active", *patch.active);
  update.execute_by_id(tx, id);
  auto after = *load_user(*conn, id);
  audit_.record(tx, actor, {"update", "user", std::to_string(id), audit::AuditService::diff(*before, after)});
  tx.commit();
  forget_user_sessions(id);
  return after;
}

Status AuthService::reset_password(const Actor& actor, int64_t id, const std::string& password) {
  if (!actor.can(Permission::kUsersWrite)) return Error::forbidden();
  std::string username;
  {
    auto conn = pool_.acquire();
    auto row = conn->query_one("SELECT username FROM users WHERE id = $1", {id});
    if (!row) return Error::not_found("user.not_found", "El usuario no existe");
    username = row->str(0);
  }
  if (auto e = check_password_policy(password, username, "password")) return Error::invalid_fields({*e});
  std::string hash = hash_password(password);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::string now = now_iso();
  tx.execute("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2, failed_logins = 0, "
             "locked_until = NULL WHERE id = $3",
             {hash, now, id});
  tx.execute("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", {now, id});
  audit_.record(tx, actor, {"update", "user", std::to_string(id), {{"password", {{"from", "***"}, {"to", "***"}}}}});
  tx.commit();
  forget_user_sessions(id);
  return Ok();
}

std::optional<int64_t> AuthService::user_id_by_username(const std::string& username) {
  auto conn = pool_.acquire();
  auto row = conn->query_one("SELECT id FROM users WHERE username = $1", {username});
  if (!row) return std::nullopt;
  return row->i64(0);
}

void AuthService::record_denial(const Actor& actor, const std::string& what) {
  audit_.record_now(actor, {"denied", "route", what, nlohmann::json::object()});
}

}  // namespace tequio::auth
