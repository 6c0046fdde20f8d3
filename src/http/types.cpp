#include "http/types.h"

#include <cctype>

namespace tequio::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = header("cookie");
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

std::string_view Request::content_type() const {
  std::string_view ct = header("content-type");
  auto semi = ct.find(';');
  if (semi != std::string_view::npos) ct = ct.substr(0, semi);
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  return ct;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kUnsupportedMedia: return 415;
    case ErrorKind::kInvalid: return 422;
    case ErrorKind::kLocked: return 423;
    case ErrorKind::kThrottled: return 429;
    case ErrorKind::kUnavailable: return 503;
  }
  return 500;
}

static const char* title_for(int status) {
  switch (status) {
    case 400: return "Solicitud mal formada";
    case 401: return "No autenticado";
    case 403: return "Acceso denegado";
    case 404: return "No encontrado";
    case 405: return "Método no permitido";
    case 409: return "Conflicto";
    case 413: return "Contenido demasiado grande";
    case 415: return "Tipo de contenido no admitido";
    case 422: return "Datos no válidos";
    case 423: return "Cuenta bloqueada";
    case 429: return "Demasiados intentos";
    case 503: return "Servicio no disponible";
    default: return "Error interno";
  }
}

Response Response::problem(const Error& error) {
  int status = status_for(error.kind);
  std::string type_code = error.code;
  for (char& c : type_code)
    if (c == '.' || c == '_') c = '-';
  nlohmann::json body = {{"type", "https://tequio.mx/problems/" + type_code},
                         {"title", title_for(status)},
                         {"status", status},
                         {"detail", error.message},
                         {"code", error.code}};
  if (!error.fields.empty()) {
    auto& arr = body["errors"] = nlohmann::json::array();
    for (const auto& f : error.fields)
      arr.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
  }
  Response r = json(status, body);
  r.content_type = "application/problem+json";
  return r;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
        return std::nullopt;
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      auto k = percent_decode(part.substr(0, eq), true);
      auto v = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
      if (!k || !v) return std::nullopt;
      out.emplace_back(std::move(*k), std::move(*v));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace tequio::http
