// Serving the built web app: files under the web root only (no traversal), long-lived
// caching for hashed assets, no-cache for index.html, SPA fallback for client routes.
#pragma once
#include <optional>
#include <string>

#include "http/types.h"

namespace tequio::http {

std::optional<Response> serve_static(const std::string& web_root, const Request& req);

}  // namespace tequio::http
