// Outgoing e-mail: composes one plain-text message as RFC 5322 / MIME text, ready for
// SmtpSender (mail/smtp.h). The body is UTF-8 sent as quoted-printable; display names, the
// subject and extra header values become RFC 2047 encoded-words only when they are not plain
// ASCII, so ordinary Spanish subjects stay readable in the raw message.
//
// Contract
// - render() never fails and never lets a caller-supplied value add a header: CR and LF in any
//   header value (names, addresses, subject, ids, extra headers) become spaces, and invalid
//   UTF-8 becomes U+FFFD. It does not validate addresses; check them with valid_address().
// - Message ids are written with their angle brackets, "<…@domain>", as make_message_id()
//   returns them and as parse_message() (mail/inbound.h) reports In-Reply-To and References.
//   render() adds the brackets when a caller left them out.
// - A body that does not end in a line break ends with a quoted-printable soft break, so
//   parse_message(render(m)).text_body == m.text_body byte for byte (line breaks as "\n").
//
// Thread safety: plain functions over values; make_message_id() draws from libsodium.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"

namespace tequio::mail {

// Notifications put this line above the text they quote; parse_message() cuts a reply there,
// so whatever the person wrote above it is the reply. Spanish: people read it.
inline constexpr std::string_view kReplyAboveMarker = "## Escriba su respuesta arriba de esta línea ##";

struct OutgoingMessage {
  std::string from_address, from_name, to_address, to_name, subject, text_body;
  std::string message_id;                   // "<id@domain>"; render() makes one when empty
  std::optional<std::string> in_reply_to;   // the message this one answers, "<id@domain>"
  std::vector<std::string> references;      // the thread, oldest first
  // More headers, e.g. {"Auto-Submitted", "auto-generated"}. Names with characters outside
  // printable ASCII or ':' are dropped, and so are the headers render() writes itself (Date,
  // From, To, Subject, Message-ID, In-Reply-To, References, MIME-Version, Content-*).
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// The whole message: headers and body with CRLF line endings. Date is written in UTC
// ("Mon, 23 Nov 2026 16:00:00 +0000").
std::string render(const OutgoingMessage& message, Timestamp date);

// A fresh, globally unique id "<time.random@domain>". A domain that is empty or not a plain
// host name is replaced by "tequio.invalid".
std::string make_message_id(std::string_view domain);

// An address Tequio will put in a header and an SMTP envelope: plausible_email() (core/text.h)
// and none of the characters that would need quoting there ("()[]\\\":"), no dot at either end
// of the local part, no "..", a local part of at most 64 bytes.
bool valid_address(std::string_view address);

// The encoders render() uses, public so tests can pin their edge cases.
// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: any line break (CRLF, LF or CR) becomes
// CRLF, lines are at most 76 characters with soft breaks, '=' is "=3D", a space or tab before
// a line break is encoded, and so is a '.' that would start a line.
std::string encode_quoted_printable(std::string_view text);
// One header field, "Name: value", folded to lines of at most 76 characters joined by CRLF
// plus a space, without the final CRLF. ASCII values are folded at their own spaces; values
// with other bytes, "=?" or words too long to fold become UTF-8 "B" encoded-words.
std::string encode_header(std::string_view name, std::string_view value);

}  // namespace tequio::mail
