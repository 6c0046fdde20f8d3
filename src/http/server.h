// The HTTP/1.1 server (Boost.Beast + Asio C++20 coroutines). The only file that includes
// Beast: its headers cost ~19 s per translation unit.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "http/app.h"

namespace tequio::http {

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  size_t max_body = 1024 * 1024;
  int io_threads = 2;
  int worker_threads = 2;  // argon2id and other CPU-heavy requests
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds shutdown_grace{15};
  bool access_log = true;
  // Behind a TLS-terminating proxy: take X-Forwarded-Proto/-For from it (never from clients directly).
  bool trust_proxy = false;
};

// Serves until SIGINT/SIGTERM, then stops accepting, lets in-flight requests finish
// (up to shutdown_grace) and returns 0. Throws when the address cannot be bound.
int run_server(App& app, const ServerConfig& config);

}  // namespace tequio::http
