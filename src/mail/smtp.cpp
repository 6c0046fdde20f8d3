#include "mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "mail/message.h"

namespace tequio::mail {
namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

// The server's replies (never what we send, which holds the AUTH exchange): the last one is
// what an error message quotes.
int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* last = static_cast<std::string*>(user);
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (!line.empty()) *last = std::string(line.substr(0, 500));
  return 0;
}

std::string without(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t i = 0; (i = text.find(secret, i)) != std::string::npos;) text.replace(i, secret.size(), "***");
  return text;
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {}

Status SmtpSender::send(const std::string& envelope_from, const std::vector<std::string>& recipients,
                        const std::string& rendered_message) const {
  if (!envelope_from.empty() && !valid_address(envelope_from))
    return Error::invalid("mail.invalid_address", "La dirección del remitente no es válida: " + envelope_from);
  if (recipients.empty()) return Error::invalid("mail.invalid_address", "El correo no tiene destinatarios");
  for (const auto& r : recipients)
    if (!valid_address(r)) return Error::invalid("mail.invalid_address", "La dirección del destinatario no es válida: " + r);

  const std::string scheme = config_.security == "tls" ? "smtps" : "smtp";
  const std::string server = scheme + "://" + url_host(config_.host) + ":" + std::to_string(config_.port);
  auto failed = [&](const std::string& detail) {
    return Error::of(ErrorKind::kUnavailable, "mail.send_failed",
                     without("No se pudo enviar el correo por " + server + ": " + detail, config_.password));
  };
  if (config_.security != "none" && config_.security != "starttls" && config_.security != "tls")
    return failed("el modo de seguridad \"" + config_.security + "\" no existe (use none, starttls o tls)");
  if (config_.host.empty() || config_.host.find_first_of("/@?# \r\n") != std::string::npos)
    return failed("el nombre del servidor no es válido");
  if (config_.port <= 0 || config_.port > 65535) return failed("el puerto no es válido");

  init_curl_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return failed("no se pudo iniciar libcurl");
  CURL* c = curl.get();

  std::string url = server + "/";
  for (char ch : config_.helo_domain)  // libcurl takes the EHLO name from the URL path
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-') url += ch;

  std::unique_ptr<curl_slist, SlistDeleter> rcpt;
  for (const auto& r : recipients) {
    curl_slist* next = curl_slist_append(rcpt.get(), ("<" + r + ">").c_str());
    if (!next) return failed("sin memoria");
    if (next != rcpt.get()) {  // the first node becomes the list's head
      (void)rcpt.release();
      rcpt.reset(next);
    }
  }
  const std::string from = "<" + envelope_from + ">";
  Upload upload{rendered_message, 0};
  std::string last_reply;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  long timeout = std::max(1, config_.timeout_seconds);

  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_USE_SSL, config_.security == "starttls" ? CURLUSESSL_ALL : CURLUSESSL_NONE);
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rendered_message.size()));
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &last_reply);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // feeds on_debug; nothing is printed

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return Ok();
  std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
  if (!last_reply.empty()) detail += "; respuesta del servidor: " + last_reply;
  return failed(detail);
}

}  // namespace tequio::mail
