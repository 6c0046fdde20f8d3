// Inbound e-mail: turns one received raw message (RFC 5322 / MIME, as a mail server hands it
// over) into the few things the helpdesk needs: who wrote, about which thread, what they wrote
// above the quoted notification, and the attached files.
//
// Contract
// - parse_message() never throws or crashes on any input and does not limit size (the caller
//   does). It fails only with "mail.malformed" (ErrorKind::kBadRequest): no blank line between
//   header and body, a first line that is not a header, or no usable From address.
// - Every text field is valid UTF-8 without NUL bytes: charsets are converted (UTF-8,
//   US-ASCII, ISO-8859-1/-15 and windows-1252 built in, others through iconv), undecodable
//   bytes become U+FFFD. Body line breaks are "\n".
// - Message ids keep their angle brackets, "<id@domain>", as mail/message.h writes them.
// - Multiparts nest at most 10 deep; deeper parts are ignored.
// - Attachment contents are the decoded bytes, untouched; names lose any directory part.
//
// Thread safety: plain functions over values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tequio::mail {

struct InboundMessage {
  std::string from_address, from_name, subject, message_id;
  std::optional<std::string> in_reply_to;
  std::vector<std::string> references;     // oldest first
  std::vector<std::string> to_addresses;   // every address in To and Cc, as written
  std::string text_body;                   // UTF-8, decoded; text/html only when no text/plain
  std::string reply_text;                  // text_body without the quoted earlier message
  struct Attachment {
    std::string filename, media_type;      // media_type lower case, e.g. "application/pdf"
    std::string content;                   // decoded bytes
  };
  std::vector<Attachment> attachments;
};

Result<InboundMessage> parse_message(std::string_view raw);

// The ticket a reply is about: a subject tag "[<tag>-<n>]" anywhere in the subject, any case
// ("RE: [ms-123] Falla"), else a plus address among the recipients ("mesa+123@…"). Only
// positive numbers count.
std::optional<int64_t> ticket_number_from(const InboundMessage& message, std::string_view subject_tag);

// The decoders parse_message() uses, public so tests can pin their edge cases.
// reply_text from a body: cut at the first line that opens a quotation (kReplyAboveMarker,
// "-----Mensaje original-----", "El … escribió:", "On … wrote:", an Outlook "De:/Enviado:"
// block, or a '>' line after some unquoted text), without trailing whitespace on any line or
// at the end.
std::string extract_reply(std::string_view text_body);
// Header text with RFC 2047 encoded-words decoded and converted to UTF-8.
std::string decode_header_text(std::string_view value);
// Bytes in a charset (any case, e.g. "iso-8859-1") as valid UTF-8 without NUL bytes. An empty
// or unknown charset means UTF-8 when the bytes are valid UTF-8, else windows-1252.
std::string to_utf8(std::string_view bytes, std::string_view charset);
// Lenient decoders: characters that do not belong are skipped.
std::string decode_base64(std::string_view text);
std::string decode_quoted_printable(std::string_view text);
// Visible text of an HTML fragment: tags dropped, entities decoded, blocks on their own lines,
// blockquote lines prefixed with "> ".
std::string html_to_text(std::string_view html);

}  // namespace tequio::mail
