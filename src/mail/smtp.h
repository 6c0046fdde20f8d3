// Sending mail: hands a rendered message (mail/message.h) to an SMTP server with libcurl.
// One connection per send(); no queue and no retries here — the caller (a background job)
// decides when to try again.
//
// Contract
// - send() returns Ok once the server accepted the message for every recipient. Otherwise
//   Error "mail.send_failed" (ErrorKind::kUnavailable) with a Spanish message that names the
//   server and includes libcurl's error text and the server's last reply, e.g. "550 5.1.1 …".
//   The password never appears in it. Addresses that are not valid_address() give
//   "mail.invalid_address" (ErrorKind::kInvalid) before any connection is made.
// - security: "none" (plain SMTP, no STARTTLS even if offered), "starttls" (STARTTLS required;
//   fails if the server does not offer it), "tls" (implicit TLS, smtps://, usually port 465).
//   Certificates are verified against the system store. Credentials are sent only when
//   username is not empty; with "none" they travel in clear, so use that only on a trusted
//   network.
// - timeout_seconds bounds the whole exchange, connection included.
//
// Thread safety: an SmtpSender holds only its configuration; send() may run concurrently on
// many threads (each call has its own curl handle; curl_global_init runs once, guarded by
// std::call_once, and libcurl is told never to use signals).
#pragma once
#include <string>
#include <vector>

#include "core/result.h"

namespace tequio::mail {

struct SmtpConfig {
  std::string host;
  int port = 25;
  std::string security = "none";  // none | starttls | tls
  std::string username, password;
  int timeout_seconds = 15;
  std::string helo_domain;        // name given in EHLO; empty lets libcurl choose
};

class SmtpSender {
 public:
  explicit SmtpSender(SmtpConfig config);

  // envelope_from may be empty (a bounce, "MAIL FROM:<>"). rendered_message must use CRLF
  // line endings, as render() produces; lines starting with '.' are escaped by libcurl.
  Status send(const std::string& envelope_from, const std::vector<std::string>& recipients,
              const std::string& rendered_message) const;

 private:
  SmtpConfig config_;
};

}  // namespace tequio::mail
