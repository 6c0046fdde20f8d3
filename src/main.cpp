// tequio: the command-line entry point. serve, migrate, demo, user, audit verify, check, backup.
// Settings come from a config file (--config FILE, `key = value` lines named like the flags),
// TEQUIO_* environment variables and flags, in increasing order of precedence.
#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "audit/service.h"
#include "core/text.h"
#include "auth/password.h"
#include "auth/service.h"
#include "http/app.h"
#include "assets/demo.h"
#include "assets/service.h"
#include "helpdesk/demo.h"
#include "helpdesk/service.h"
#include "http/server.h"
#include "mail/smtp.h"
#include "org/demo.h"
#include "org/service.h"
#include "storage/db.h"
#include "storage/migrate.h"

#ifndef TEQUIO_VERSION
#define TEQUIO_VERSION "dev"
#endif

namespace {

using namespace tequio;

struct Settings {
  std::string data_dir = "./data";
  std::string database;  // empty: sqlite under data_dir
  std::string log_level = "info";
  std::string listen = "127.0.0.1";
  int port = 8080;
  size_t max_body = 12 * 1024 * 1024;  // attachments (10 MiB); JSON routes keep 1 MiB
  std::string web_root;
  int io_threads = 2;
  int worker_threads = 2;
  int session_idle_minutes = 30;
  int session_max_hours = 12;
  bool access_log = true;
  std::string sqlite_synchronous = "NORMAL";
  bool trust_proxy = false;
  // Helpdesk e-mail: notifications over SMTP, replies delivered back by the mail server.
  std::string public_url = "http://localhost:8080";
  std::string smtp_host;  // empty: e-mails stay queued in the outbox
  int smtp_port = 25;
  std::string smtp_security = "none";
  std::string smtp_username, smtp_password;
  std::string mail_from = "mesa.servicio@oaxaca.example";
  std::string mail_from_name = "Mesa de servicio DSI";
  std::string inbound_email_token;
  std::string attachment_scan_command;
  int jobs_interval_seconds = 60;
};

struct Runtime {
  storage::DatabaseUrl url;
  std::unique_ptr<storage::Pool> pool;
};

// The helpdesk's periodic work (SLA events, auto-close, recurring tickets) and e-mail
// delivery, on one thread of its own so requests never wait for SMTP.
class BackgroundJobs {
 public:
  BackgroundJobs(helpdesk::HelpdeskService& hd, assets::AssetsService& as, const Settings& s)
      : hd_(hd), as_(as), interval_(s.jobs_interval_seconds) {
    if (!s.smtp_host.empty()) {
      mail::SmtpConfig mc;
      mc.host = s.smtp_host;
      mc.port = s.smtp_port;
      mc.security = s.smtp_security;
      mc.username = s.smtp_username;
      mc.password = s.smtp_password;
      sender_.emplace(mc);
      from_ = s.mail_from;
    } else {
      spdlog::info("sin --smtp-host: las notificaciones quedan en la bandeja de salida");
    }
    thread_ = std::thread([this] { run(); });
  }
  ~BackgroundJobs() { stop(); }
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    auto next_jobs = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      try {
        if (std::chrono::steady_clock::now() >= next_jobs) {
          auto r = hd_.run_jobs();
          if (r.warnings + r.breaches + r.autoclosed + r.recurring_created > 0)
            spdlog::info("mesa de servicio: {} avisos de SLA, {} vencimientos, {} cierres automáticos, {} programados",
                         r.warnings, r.breaches, r.autoclosed, r.recurring_created);
          auto a = as_.run_jobs();
          if (a.loan_reminders + a.overdue_notices > 0)
            spdlog::info("préstamos: {} recordatorios, {} avisos de vencimiento", a.loan_reminders, a.overdue_notices);
          next_jobs = std::chrono::steady_clock::now() + std::chrono::seconds(interval_);
        }
        if (sender_)
          hd_.deliver_mail([this](const std::string& to, const std::string& message) {
            return sender_->send(from_, {to}, message);
          });
      } catch (const std::exception& e) {
        spdlog::error("tareas de la mesa de servicio: {}", e.what());
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; });
    }
  }

  helpdesk::HelpdeskService& hd_;
  assets::AssetsService& as_;
  int interval_;
  std::optional<mail::SmtpSender> sender_;
  std::string from_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

Runtime open_database(const Settings& s, size_t pool_size) {
  Runtime rt;
  std::string url = s.database;
  if (url.empty()) {
    std::filesystem::create_directories(s.data_dir);
    url = "sqlite:" + (std::filesystem::path(s.data_dir) / "tequio.db").string();
  }
  rt.url = storage::DatabaseUrl::parse(url);
  storage::SqliteOptions opts;
  opts.synchronous = s.sqlite_synchronous;
  auto u = rt.url;
  storage::Pool::Factory factory = [u, opts]() -> std::unique_ptr<storage::Connection> {
    if (u.dialect == storage::Dialect::kSqlite) return storage::open_sqlite(u.sqlite_path, opts);
    return storage::open_postgres(u.pg_conninfo);
  };
  rt.pool = std::make_unique<storage::Pool>(factory, pool_size, u.dialect);
  {
    auto conn = rt.pool->acquire();
    auto report = storage::migrate(*conn);
    for (const auto& m : report.applied) spdlog::info("migración aplicada: {}", m);
  }
  return rt;
}

auth::AuthConfig auth_config(const Settings& s) {
  auth::AuthConfig c;
  c.session_idle = std::chrono::minutes(s.session_idle_minutes);
  c.session_absolute = std::chrono::minutes(s.session_max_hours * 60);
  return c;
}

std::string read_password(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("TEQUIO_PASSWORD")) return env;
  std::string line;
  if (isatty(STDIN_FILENO)) std::cerr << "Contraseña: ";
  std::getline(std::cin, line);
  return line;
}

// The config file is the lowest layer: each `key = value` line becomes TEQUIO_KEY unless that
// variable is already set, so flags > environment > file, and every option works in all three.
bool load_config_file(int argc, char** argv) {
  std::string path;
  if (const char* env = std::getenv("TEQUIO_CONFIG")) path = env;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) path = argv[i + 1];
    else if (a.rfind("--config=", 0) == 0) path = a.substr(9);
  }
  if (path.empty()) return true;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "error: no se puede leer el archivo de configuración " << path << "\n";
    return false;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::string t = trim(line);
    if (t.empty() || t[0] == '[' || t[0] == ';') continue;
    auto eq = t.find('=');
    if (eq == std::string::npos) {
      std::cerr << "error: " << path << ":" << n << ": se esperaba clave = valor\n";
      return false;
    }
    std::string key = trim(t.substr(0, eq)), value = trim(t.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    std::string env = "TEQUIO_";
    for (char c : key) env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    setenv(env.c_str(), value.c_str(), 0);
  }
  return true;
}

int print_error(const Error& e) {
  std::cerr << "error: " << e.message << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "libsodium no pudo inicializarse\n";
    return 1;
  }
  Settings s;
  CLI::App app{"Tequio: plataforma de la Dirección de Sistemas de Información"};
  app.set_version_flag("--version", std::string("tequio ") + TEQUIO_VERSION);
  std::string config_path;
  app.add_option("--config", config_path, "Archivo de configuración (clave = valor; por debajo de variables y opciones)")
      ->envname("TEQUIO_CONFIG");
  if (!load_config_file(argc, argv)) return 2;
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--data-dir", s.data_dir, "Directorio de datos")->envname("TEQUIO_DATA_DIR");
  app.add_option("--database", s.database, "URL de la base de datos (sqlite:RUTA o postgresql://…)")
      ->envname("TEQUIO_DATABASE");
  app.add_option("--log-level", s.log_level, "trace, debug, info, warn, error")->envname("TEQUIO_LOG_LEVEL");
  app.add_option("--listen", s.listen, "Dirección de escucha")->envname("TEQUIO_LISTEN");
  app.add_option("--port", s.port, "Puerto")->envname("TEQUIO_PORT")->check(CLI::Range(0, 65535));
  app.add_option("--max-body", s.max_body, "Tamaño máximo del cuerpo en bytes")->envname("TEQUIO_MAX_BODY");
  app.add_option("--web-root", s.web_root, "Directorio de la aplicación web compilada")->envname("TEQUIO_WEB_ROOT");
  app.add_option("--threads", s.io_threads, "Hilos de E/S")->envname("TEQUIO_THREADS")->check(CLI::Range(1, 64));
  app.add_option("--workers", s.worker_threads, "Hilos para trabajo pesado (contraseñas)")
      ->envname("TEQUIO_WORKERS")->check(CLI::Range(1, 64));
  app.add_option("--session-idle-minutes", s.session_idle_minutes, "Minutos de inactividad antes de cerrar sesión")
      ->envname("TEQUIO_SESSION_IDLE_MINUTES")->check(CLI::Range(1, 24 * 60));
  app.add_option("--session-max-hours", s.session_max_hours, "Duración máxima de una sesión en horas")
      ->envname("TEQUIO_SESSION_MAX_HOURS")->check(CLI::Range(1, 24 * 30));
  app.add_option("--access-log", s.access_log, "Bitácora de accesos HTTP (true/false)")->envname("TEQUIO_ACCESS_LOG");
  app.add_option("--sqlite-synchronous", s.sqlite_synchronous, "NORMAL (sobrevive kill -9) o FULL (también cortes de luz)")
      ->envname("TEQUIO_SQLITE_SYNCHRONOUS")->check(CLI::IsMember({"NORMAL", "FULL"}));

  app.add_option("--public-url", s.public_url, "URL pública de Tequio (enlaces en correos)")->envname("TEQUIO_PUBLIC_URL");
  app.add_option("--smtp-host", s.smtp_host, "Servidor SMTP para notificaciones (vacío: no se envían)")
      ->envname("TEQUIO_SMTP_HOST");
  app.add_option("--smtp-port", s.smtp_port, "Puerto SMTP")->envname("TEQUIO_SMTP_PORT")->check(CLI::Range(1, 65535));
  app.add_option("--smtp-security", s.smtp_security, "none, starttls o tls")
      ->envname("TEQUIO_SMTP_SECURITY")
      ->check(CLI::IsMember({"none", "starttls", "tls"}));
  app.add_option("--smtp-username", s.smtp_username, "Usuario SMTP")->envname("TEQUIO_SMTP_USERNAME");
  app.add_option("--smtp-password", s.smtp_password, "Contraseña SMTP (mejor por variable de entorno)")
      ->envname("TEQUIO_SMTP_PASSWORD");
  app.add_option("--mail-from", s.mail_from, "Remitente de las notificaciones (y dirección de respuesta)")
      ->envname("TEQUIO_MAIL_FROM");
  app.add_option("--mail-from-name", s.mail_from_name, "Nombre del remitente")->envname("TEQUIO_MAIL_FROM_NAME");
  app.add_option("--inbound-email-token", s.inbound_email_token,
                 "Token con el que el servidor de correo entrega respuestas (vacío: desactivado)")
      ->envname("TEQUIO_INBOUND_EMAIL_TOKEN");
  app.add_option("--attachment-scan-command", s.attachment_scan_command,
                 "Antivirus para adjuntos (p. ej. \"clamdscan --no-summary\"): recibe la ruta; 0 limpio, 1 infectado")
      ->envname("TEQUIO_ATTACHMENT_SCAN_COMMAND");
  app.add_option("--jobs-interval", s.jobs_interval_seconds, "Segundos entre revisiones de SLA, cierres y programados")
      ->envname("TEQUIO_JOBS_INTERVAL")
      ->check(CLI::Range(1, 3600));
  app.add_option("--trust-proxy", s.trust_proxy, "Confiar en X-Forwarded-Proto/-For de un proxy TLS (true/false)")
      ->envname("TEQUIO_TRUST_PROXY");

  auto* serve = app.add_subcommand("serve", "Inicia el servidor HTTP");
  auto* migrate = app.add_subcommand("migrate", "Aplica las migraciones pendientes");
  int demo_people = 0;
  auto* demo = app.add_subcommand("demo", "Carga datos de demostración (si la base está vacía)");
  demo->add_option("--people", demo_people, "Personas generadas adicionales (para pruebas de carga)")
      ->check(CLI::Range(0, 20000));
  auto* user = app.add_subcommand("user", "Administra cuentas desde la consola");
  user->require_subcommand(1);
  std::string u_name, u_display, u_role, u_password;
  auto* user_add = user->add_subcommand("add", "Crea una cuenta");
  user_add->add_option("--username", u_name)->required();
  user_add->add_option("--display-name", u_display)->required();
  user_add->add_option("--role", u_role)->required();
  user_add->add_option("--password", u_password, "Si se omite: TEQUIO_PASSWORD o entrada estándar");
  auto* user_passwd = user->add_subcommand("passwd", "Cambia la contraseña de una cuenta");
  user_passwd->add_option("--username", u_name)->required();
  user_passwd->add_option("--password", u_password);
  auto* user_disable = user->add_subcommand("disable", "Desactiva una cuenta");
  user_disable->add_option("--username", u_name)->required();
  auto* audit_cmd = app.add_subcommand("audit", "Bitácora de auditoría");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand("verify", "Verifica la cadena de hashes");
  auto* routes = app.add_subcommand("routes", "Lista las rutas HTTP (método y patrón) en JSON");
  auto* check = app.add_subcommand("check", "Verifica la integridad de la base de datos y de la bitácora");
  std::string backup_to;
  auto* backup = app.add_subcommand("backup", "Copia de seguridad consistente en línea");
  backup->add_option("--to", backup_to, "Archivo destino")->required();

  CLI11_PARSE(app, argc, argv);
  // Logs go to stderr so command output on stdout (routes, reports) stays machine-readable.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("tequio"));
  spdlog::set_level(spdlog::level::from_str(s.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);

  try {
    size_t pool_size = static_cast<size_t>(s.io_threads + s.worker_threads + 2);
    Runtime rt = open_database(s, pool_size);
    audit::AuditService audit(*rt.pool);
    auth::AuthService auth(*rt.pool, audit, auth_config(s));
    org::OrgService org(*rt.pool, audit);
    helpdesk::HelpdeskConfig hc;
    hc.data_dir = s.data_dir;
    hc.public_url = s.public_url;
    hc.mail_from_address = s.mail_from;
    hc.mail_from_name = s.mail_from_name;
    hc.inbound_token = s.inbound_email_token;
    hc.attachment_scan_command = s.attachment_scan_command;
    helpdesk::HelpdeskService helpdesk(*rt.pool, audit, hc);
    assets::AssetsConfig ac;
    ac.data_dir = s.data_dir;
    ac.public_url = s.public_url;
    ac.attachment_scan_command = s.attachment_scan_command;
    assets::AssetsService assets(*rt.pool, audit, ac);

    if (*migrate) {
      auto conn = rt.pool->acquire();
      std::cout << "Esquema en la versión " << storage::schema_version(*conn) << " (" << rt.url.describe() << ")\n";
      return 0;
    }
    if (*demo) {
      auto r = org::load_demo(*rt.pool, org, auth, demo_people);
      if (!r) return print_error(r.error());
      if (!r->skipped) {
        auto h = helpdesk::load_demo(*rt.pool, helpdesk);
        if (!h) return print_error(h.error());
        std::cout << "Mesa de servicio: " << h->queues << " colas, " << h->categories << " categorías, " << h->tickets
                  << " tickets de ejemplo.\n";
        auto a = assets::load_demo(*rt.pool, assets);
        if (!a) return print_error(a.error());
        std::cout << "Parque informático: " << a->types << " tipos, " << a->assets << " bienes, " << a->documents
                  << " resguardos.\n";
      }
      if (r->skipped) std::cout << "La base de datos ya tiene datos: no se cargó la demostración.\n";
      else
        std::cout << "Demostración cargada: " << r->areas << " áreas, " << r->positions << " puestos, " << r->people
                  << " personas, " << r->users << " usuarios, " << r->generated_people << " personas generadas.\n";
      return 0;
    }
    if (*user_add) {
      auth::NewUser in{u_name, u_display, u_role, read_password(u_password), {}, {}, {}};
      auto r = auth.create_user(auth::system_actor(), in);
      if (!r) return print_error(r.error());
      std::cout << "Usuario creado: " << u_name << " (id " << (*r)["id"] << ")\n";
      return 0;
    }
    if (*user_passwd || *user_disable) {
      auto id = auth.user_id_by_username(u_name);
      if (!id) return print_error(Error::not_found("user.not_found", "No existe el usuario " + u_name));
      if (*user_passwd) {
        auto st = auth.reset_password(auth::system_actor(), *id, read_password(u_password));
        if (!st) return print_error(st.error());
        std::cout << "Contraseña actualizada para " << u_name << "\n";
      } else {
        auth::UserPatch p;
        p.active = false;
        auto r = auth.update_user(auth::system_actor(), *id, p);
        if (!r) return print_error(r.error());
        std::cout << "Usuario desactivado: " << u_name << "\n";
      }
      return 0;
    }
    if (*audit_verify || *check) {
      int rc = 0;
      if (*check) {
        auto conn = rt.pool->acquire();
        if (rt.url.dialect == storage::Dialect::kSqlite) {
          auto rows = conn->query("PRAGMA integrity_check");
          std::string result = rows.empty() ? "?" : rows[0].str(0);
          auto fk = conn->query("PRAGMA foreign_key_check");
          std::cout << "Integridad SQLite: " << result << "; referencias rotas: " << fk.size() << "\n";
          if (result != "ok" || !fk.empty()) rc = 1;
        } else {
          // Every table must be readable end to end (catches corrupted heap pages).
          for (const char* t : {"areas", "positions", "people", "users", "sessions", "api_tokens", "audit_log",
                                "helpdesk_queues", "helpdesk_categories", "helpdesk_tickets", "helpdesk_entries",
                                "helpdesk_attachments", "mail_outbox", "asset_types", "assets", "asset_events",
                                "custody_documents", "custodies", "asset_loans", "asset_disposals",
                                "inventory_campaigns", "inventory_scans"}) {
            auto n = conn->query_one(std::string("SELECT COUNT(*) FROM ") + t);
            std::cout << "Tabla " << t << ": " << n->i64(0) << " filas\n";
          }
          // B-tree indexes against their tables, where the amcheck extension is installed.
          if (conn->query_one("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")) {
            auto idx = conn->query(
                "SELECT c.oid::bigint, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE am.amname = 'btree' AND n.nspname = current_schema()");
            for (const auto& r : idx) conn->query("SELECT bt_index_check($1::bigint::oid, true)", {r.i64(0)});
            std::cout << "amcheck: " << idx.size() << " índices verificados\n";
          } else {
            std::cout << "amcheck no está instalado: índices no verificados\n";
          }
        }
      }
      auto report = audit.verify();
      if (report.ok) {
        std::cout << "Bitácora íntegra: " << report.entries << " entradas verificadas\n";
      } else {
        std::cout << "BITÁCORA ALTERADA: primera entrada rota: " << report.first_broken_id.value_or(0) << ". "
                  << report.problem << "\n";
        rc = 1;
      }
      return rc;
    }
    if (*backup) {
      if (rt.url.dialect == storage::Dialect::kSqlite) {
        if (std::filesystem::exists(backup_to)) return print_error(Error::conflict("backup.exists", "El archivo destino ya existe"));
        auto conn = rt.pool->acquire();
        conn->execute("VACUUM INTO $1", {backup_to});
        std::cout << "Copia consistente escrita en " << backup_to << "\n";
        return 0;
      }
      std::string cmd = "pg_dump --format=custom --file='" + backup_to + "' --dbname='" + rt.url.pg_conninfo + "'";
      if (backup_to.find('\'') != std::string::npos || rt.url.pg_conninfo.find('\'') != std::string::npos)
        return print_error(Error::invalid("backup.path", "Ruta o URL no admitida"));
      std::cout << "Ejecutando pg_dump hacia " << backup_to << "\n";
      int rc = std::system(cmd.c_str());
      return rc == 0 ? 0 : 1;
    }
    if (*routes) {
      http::App web(http::Services{*rt.pool, audit, auth, org, helpdesk, assets}, http::AppConfig{s.web_root, TEQUIO_VERSION});
      nlohmann::json out = nlohmann::json::array();
      for (const auto& r : web.router().routes())
        out.push_back({{"method", r.method}, {"path", r.pattern},
                       {"public", r.options.access == http::Access::kPublic}});
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    if (*serve) {
      http::App web(http::Services{*rt.pool, audit, auth, org, helpdesk, assets}, http::AppConfig{s.web_root, TEQUIO_VERSION});
      http::ServerConfig sc;
      sc.address = s.listen;
      sc.port = static_cast<uint16_t>(s.port);
      sc.max_body = s.max_body;
      sc.io_threads = s.io_threads;
      sc.worker_threads = s.worker_threads;
      sc.access_log = s.access_log;
      sc.trust_proxy = s.trust_proxy;
      spdlog::info("base de datos: {}", rt.url.describe());
      BackgroundJobs jobs(helpdesk, assets, s);
      int rc = http::run_server(web, sc);
      jobs.stop();
      return rc;
    }
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  return 0;
}
