#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tequio::http {
namespace fs = std::filesystem;

namespace {

std::string mime_for(const fs::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Response file_response(const fs::path& p, std::string body, bool immutable) {
  Response r;
  r.status = 200;
  r.content_type = mime_for(p);
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace

std::optional<Response> serve_static(const std::string& web_root, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (web_root.empty()) return std::nullopt;
  const std::string& path = req.path;  // already percent-decoded
  // Refuse anything that could climb out of the web root, whatever its encoding.
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return Response::problem(Error::not_found());
  std::string rel = path.substr(1);
  for (size_t start = 0; start <= rel.size();) {
    size_t end = rel.find('/', start);
    std::string seg = rel.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (seg == ".." || seg == ".") return Response::problem(Error::not_found());
    if (end == std::string::npos) break;
    start = end + 1;
  }
  fs::path root = fs::path(web_root);
  std::error_code ec;
  if (!rel.empty()) {
    fs::path file = root / rel;
    if (fs::is_regular_file(file, ec)) {
      auto canon_root = fs::weakly_canonical(root, ec);
      auto canon_file = fs::weakly_canonical(file, ec);
      auto r = canon_file.string();
      if (r.rfind(canon_root.string() + "/", 0) != 0) return Response::problem(Error::not_found());
      if (auto body = read_file(file)) return file_response(file, std::move(*body), rel.rfind("assets/", 0) == 0);
    }
    // Missing files under /assets/ or with an extension are real 404s, not the app shell.
    if (rel.rfind("assets/", 0) == 0 || fs::path(rel).has_extension()) return Response::problem(Error::not_found());
  }
  fs::path index = root / "index.html";
  if (auto body = read_file(index)) return file_response(index, std::move(*body), false);
  return std::nullopt;
}

}  // namespace tequio::http
