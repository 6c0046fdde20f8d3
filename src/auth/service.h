// Accounts and access: login with throttling and lockout, cookie sessions with idle and
// absolute expiry, CSRF tokens, API tokens, users and roles administration.
//
// Thread safety: every method may be called from any thread. Session lookups are cached in
// memory for a few seconds; a revoke on this server takes effect at once, on another server
// within kCacheTtl.
#pragma once
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "audit/service.h"
#include "auth/model.h"
#include "core/json_input.h"
#include "core/paging.h"
#include "core/result.h"
#include "storage/db.h"

namespace tequio::auth {

struct AuthConfig {
  std::chrono::minutes session_idle{30};
  std::chrono::minutes session_absolute{12 * 60};
  int lockout_after = 5;                    // consecutive failures for one account
  std::chrono::minutes lockout_for{15};
  int ip_failures_allowed = 30;             // failures from one address per window
  std::chrono::minutes ip_window{10};
};

struct LoginResult {
  std::string session_token;  // goes into the cookie, never stored in clear
  nlohmann::json me;          // {user, csrf_token, permissions}
  std::chrono::seconds cookie_max_age{0};
};

struct SessionAuth {
  Actor actor;
  std::string csrf_token;
};

struct NewUser {
  std::string username, display_name, role, password;
  std::optional<std::string> email;
  std::optional<int64_t> area_id, person_id;
};

struct UserPatch {
  std::optional<std::string> display_name, role;
  Nullable<std::string> email;
  Nullable<int64_t> area_id, person_id;
  std::optional<bool> active;
};

struct UserFilter {
  std::optional<std::string> q, role;
  std::optional<bool> active;
};

class AuthService {
 public:
  AuthService(storage::Pool& pool, audit::AuditService& audit, AuthConfig config);

  // Slow (argon2id): call from a worker thread.
  Result<LoginResult> login(const std::string& username, const std::string& password, const std::string& ip,
                            const std::string& user_agent);
  void logout(const Actor& actor);
  std::optional<SessionAuth> authenticate_session(const std::string& token, const std::string& ip);
  std::optional<Actor> authenticate_token(const std::string& token, const std::string& ip);
  Result<nlohmann::json> me(const Actor& actor);

  Status change_password(const Actor& actor, const std::string& current, const std::string& next);
  Result<nlohmann::json> list_sessions(const Actor& actor);
  Status revoke_session(const Actor& actor, int64_t session_id);
  Result<nlohmann::json> list_tokens(const Actor& actor);
  Result<nlohmann::json> create_token(const Actor& actor, const std::string& name,
                                      const std::vector<std::string>& scopes, std::optional<int64_t> expires_in_days);
  Status revoke_token(const Actor& actor, int64_t token_id);

  nlohmann::json roles() const;
  Result<Page> list_users(const Actor& actor, const UserFilter& filter, const PageRequest& page);
  Result<nlohmann::json> get_user(const Actor& actor, int64_t id);
  Result<nlohmann::json> create_user(const Actor& actor, const NewUser& in);
  Result<nlohmann::json> update_user(const Actor& actor, int64_t id, const UserPatch& patch);
  Status reset_password(const Actor& actor, int64_t id, const std::string& password);
  // For the command line: find a user id by username.
  std::optional<int64_t> user_id_by_username(const std::string& username);

  // Records a permission denial in the audit log.
  void record_denial(const Actor& actor, const std::string& what);

 private:
  struct CachedSession {
    SessionAuth auth;
    std::string expires_at;
    std::string last_seen_at;
    std::chrono::steady_clock::time_point fetched;
  };
  bool ip_throttled(const std::string& ip);
  void note_ip_failure(const std::string& ip);
  void forget_user_sessions(int64_t user_id);
  std::optional<nlohmann::json> load_user(storage::Connection& c, int64_t id);
  Status validate_refs(storage::Connection& c, std::vector<FieldError>& errors, std::optional<int64_t> area_id,
                       std::optional<int64_t> person_id);

  storage::Pool& pool_;
  audit::AuditService& audit_;
  AuthConfig config_;
  std::string dummy_hash_;  // verified against for unknown users, so timing does not reveal them

  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> session_cache_;
  std::mutex ip_mu_;
  std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> ip_failures_;
};

}  // namespace tequio::auth
