// src/mail/message.h: rendering outgoing mail — quoted-printable, encoded-words, folding,
// header injection, and the round trip through parse_message() (mail/inbound.h).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/text.h"
#include "expect_result.h"
#include "mail/inbound.h"
#include "mail/message.h"

namespace tequio::mail {
namespace {

using tequio::testing::Succeeded;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

std::string header_block(const std::string& message) { return message.substr(0, message.find("\r\n\r\n") + 2); }
std::string body_of(const std::string& message) { return message.substr(message.find("\r\n\r\n") + 4); }

// Every line ends in CRLF: no bare CR or LF anywhere.
bool only_crlf(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')) return false;
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
  }
  return true;
}

// The names of the header fields, i.e. the header lines that are not continuations.
std::vector<std::string> header_names(const std::string& message) {
  std::vector<std::string> names;
  for (const auto& line : lines_of(header_block(message)))
    if (!line.empty() && line[0] != ' ' && line[0] != '\t') names.push_back(line.substr(0, line.find(':')));
  return names;
}

Timestamp at(const char* iso) { return *parse_iso(iso); }

OutgoingMessage sample() {
  OutgoingMessage m;
  m.from_address = "mesa@oaxaca.example";
  m.from_name = "Mesa de servicio";
  m.to_address = "juan.perez@oaxaca.example";
  m.to_name = "Juan Pérez";
  m.subject = "[MS-123] Falla de impresora";
  m.text_body = "Hola Juan,\nsu solicitud fue registrada.\n";
  m.message_id = "<abc.123@oaxaca.example>";
  return m;
}

// ---------------------------------------------------------------------------------------------
// Quoted-printable

TEST(MailQuotedPrintable, PlainAsciiLinesPassThroughWithCrlf) {
  EXPECT_EQ(encode_quoted_printable("Hola\nmundo\n"), "Hola\r\nmundo\r\n");
  EXPECT_EQ(encode_quoted_printable("a\r\nb\rc\n"), "a\r\nb\r\nc\r\n");
}

TEST(MailQuotedPrintable, EqualsSignAndNonAsciiBytesAreEscaped) {
  EXPECT_EQ(encode_quoted_printable("a=b\n"), "a=3Db\r\n");
  EXPECT_EQ(encode_quoted_printable("año\n"), "a=C3=B1o\r\n");
  EXPECT_EQ(encode_quoted_printable("\xF0\x9F\x98\x80\n"), "=F0=9F=98=80\r\n");
  EXPECT_EQ(encode_quoted_printable("tab\tin\x01side\n"), "tab\tin=01side\r\n");
}

TEST(MailQuotedPrintable, TrailingWhitespaceIsEncoded) {
  EXPECT_EQ(encode_quoted_printable("fin \n"), "fin=20\r\n");
  EXPECT_EQ(encode_quoted_printable("fin\t\nx  y\n"), "fin=09\r\nx  y\r\n");
  EXPECT_EQ(encode_quoted_printable("  \n"), " =20\r\n");
}

TEST(MailQuotedPrintable, TextWithoutFinalLineBreakEndsWithASoftBreak) {
  EXPECT_EQ(encode_quoted_printable("sin salto"), "sin salto=\r\n");
  EXPECT_EQ(encode_quoted_printable(""), "");
  EXPECT_EQ(decode_quoted_printable(encode_quoted_printable("sin salto")), "sin salto");
}

TEST(MailQuotedPrintable, ADotThatWouldStartALineIsEncoded) {
  EXPECT_EQ(encode_quoted_printable(".\n.oculto\n"), "=2E\r\n=2Eoculto\r\n");
  EXPECT_EQ(encode_quoted_printable("a.b\n"), "a.b\r\n");
}

TEST(MailQuotedPrintable, LongLinesGetSoftBreaksAndNoLineExceeds76) {
  std::string long_line(200, 'x');
  std::string encoded = encode_quoted_printable(long_line + "\n");
  for (const auto& line : lines_of(encoded)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(decode_quoted_printable(encoded), long_line + "\r\n");
}

TEST(MailQuotedPrintable, SoftBreaksNeverSplitAnEscape) {
  // Shift the escapes across every position of the line limit.
  for (size_t prefix = 0; prefix < 80; ++prefix) {
    std::string text = std::string(prefix, 'a') + std::string(30, '=') + "ñ" + std::string(40, 'b') + ". \n";
    std::string encoded = encode_quoted_printable(text);
    for (const auto& line : lines_of(encoded)) {
      EXPECT_LE(line.size(), 76u);
      // A soft break '=' is last; any other '=' starts a complete escape on the same line.
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '=' && i + 1 < line.size()) {
          EXPECT_LE(i + 3, line.size()) << line;
        }
      }
      EXPECT_NE(line.front(), '.');
      EXPECT_NE(line.back(), ' ');
    }
    std::string crlf_text = text.substr(0, text.size() - 1) + "\r\n";
    EXPECT_EQ(decode_quoted_printable(encoded), crlf_text) << prefix;
  }
}

// ---------------------------------------------------------------------------------------------
// Header fields

TEST(MailHeader, AsciiValuesStayReadable) {
  EXPECT_EQ(encode_header("Subject", "[MS-123] Falla de impresora"), "Subject: [MS-123] Falla de impresora");
  EXPECT_EQ(encode_header("Subject", ""), "Subject:");
}

TEST(MailHeader, LongAsciiValuesFoldAtTheirOwnSpaces) {
  std::string value;
  for (int i = 0; i < 30; ++i) value += "palabra" + std::to_string(i) + " ";
  value.pop_back();
  std::string header = encode_header("Subject", value);
  for (const auto& line : lines_of(header)) EXPECT_LE(line.size(), 76u);
  // Unfolding (removing each CRLF) gives the value back.
  std::string unfolded = header;
  for (size_t i; (i = unfolded.find("\r\n")) != std::string::npos;) unfolded.erase(i, 2);
  EXPECT_EQ(unfolded, "Subject: " + value);
}

TEST(MailHeader, NonAsciiValuesBecomeUtf8EncodedWords) {
  EXPECT_EQ(encode_header("Subject", "Impresión"), "Subject: =?UTF-8?B?SW1wcmVzacOzbg==?=");
  EXPECT_EQ(decode_header_text("=?UTF-8?B?SW1wcmVzacOzbg==?="), "Impresión");
}

TEST(MailHeader, TextThatLooksLikeAnEncodedWordIsEncoded) {
  std::string header = encode_header("Subject", "=?UTF-8?B?SG9sYQ==?=");
  EXPECT_NE(header, "Subject: =?UTF-8?B?SG9sYQ==?=");
  EXPECT_EQ(decode_header_text(header.substr(9)), "=?UTF-8?B?SG9sYQ==?=");
}

TEST(MailHeader, LongNonAsciiValuesFoldIntoShortWordsThatKeepCharactersWhole) {
  std::string value;
  for (int i = 0; i < 12; ++i) value += "Señal débil en la oficina de Tesorería 😀 ";
  std::string header = encode_header("Subject", value);
  auto lines = lines_of(header);
  EXPECT_GT(lines.size(), 5u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 76u) << lines[i];
    std::string word = i == 0 ? lines[i].substr(9) : lines[i].substr(1);
    EXPECT_LE(word.size(), 75u);
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    EXPECT_TRUE(valid_utf8(decode_header_text(word))) << "a word splits a character: " << word;
  }
  std::string unfolded = header.substr(9);
  EXPECT_EQ(decode_header_text(unfolded), value);
}

TEST(MailHeader, AWordTooLongToFoldIsEncoded) {
  std::string url = "https://intranet.oaxaca.example/" + std::string(100, 'a');
  std::string header = encode_header("Subject", "Ver " + url);
  for (const auto& line : lines_of(header)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(decode_header_text(header.substr(9)), "Ver " + url);
}

// ---------------------------------------------------------------------------------------------
// render()

TEST(MailRender, WritesTheStandardHeadersAndAQuotedPrintableUtf8Body) {
  std::string raw = render(sample(), at("2026-11-23T16:00:00Z"));
  EXPECT_TRUE(only_crlf(raw));
  std::string headers = header_block(raw);
  EXPECT_NE(headers.find("Date: Mon, 23 Nov 2026 16:00:00 +0000\r\n"), std::string::npos) << headers;
  EXPECT_NE(headers.find("From: Mesa de servicio <mesa@oaxaca.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("To: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(headers.find(" <juan.perez@oaxaca.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Subject: [MS-123] Falla de impresora\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <abc.123@oaxaca.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_EQ(headers.find("In-Reply-To"), std::string::npos);
  EXPECT_EQ(headers.find("References"), std::string::npos);
  EXPECT_EQ(body_of(raw), "Hola Juan,\r\nsu solicitud fue registrada.\r\n");
  for (const auto& line : lines_of(raw)) EXPECT_LE(line.size(), 78u) << line;
}

TEST(MailRender, DateIsInUtcWithTheRfc5322DayAndMonthNames) {
  std::string raw = render(sample(), at("2027-02-07T05:04:03Z"));
  EXPECT_NE(raw.find("Date: Sun, 07 Feb 2027 05:04:03 +0000\r\n"), std::string::npos);
}

TEST(MailRender, DisplayNamesAreQuotedOrEncodedAsNeeded) {
  OutgoingMessage m = sample();
  m.from_name = "Mesa de servicio, \"DTI\"";
  m.to_name = "";
  std::string raw = render(m, at("2026-11-23T16:00:00Z"));
  EXPECT_NE(raw.find("From: \"Mesa de servicio, \\\"DTI\\\"\" <mesa@oaxaca.example>\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find("To: juan.perez@oaxaca.example\r\n"), std::string::npos);
  auto parsed = parse_message(raw);
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->from_name, "Mesa de servicio, \"DTI\"");
}

TEST(MailRender, ThreadHeadersCarryBracketedIds) {
  OutgoingMessage m = sample();
  m.message_id = "nuevo.1@oaxaca.example";  // brackets added
  m.in_reply_to = "<previo.1@oaxaca.example>";
  for (int i = 0; i < 6; ++i) m.references.push_back("<ref." + std::to_string(i) + ".abcdefghij@oaxaca.example>");
  std::string raw = render(m, at("2026-11-23T16:00:00Z"));
  EXPECT_NE(raw.find("Message-ID: <nuevo.1@oaxaca.example>\r\n"), std::string::npos);
  EXPECT_NE(raw.find("In-Reply-To: <previo.1@oaxaca.example>\r\n"), std::string::npos);
  for (const auto& line : lines_of(header_block(raw))) EXPECT_LE(line.size(), 76u) << line;
  auto parsed = parse_message(raw);
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->message_id, "<nuevo.1@oaxaca.example>");
  EXPECT_EQ(parsed->references, m.references);
}

TEST(MailRender, MakesAMessageIdWhenNoneIsGiven) {
  OutgoingMessage m = sample();
  m.message_id.clear();
  auto parsed = parse_message(render(m, at("2026-11-23T16:00:00Z")));
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->message_id.front(), '<');
  EXPECT_NE(parsed->message_id.find("@oaxaca.example>"), std::string::npos);
}

TEST(MailRender, ExtraHeadersAreWrittenButCannotReplaceOursOrBreakTheHeader) {
  OutgoingMessage m = sample();
  m.extra_headers = {{"Auto-Submitted", "auto-generated"},
                     {"X-Tequio-Ticket", "MS-123"},
                     {"Subject", "otro asunto"},
                     {"Content-Type", "text/html"},
                     {"Bad Name", "x"},
                     {"Bad:Name", "x"},
                     {"X-Nota", "Revisión\r\nBcc: espia@evil.example"}};
  std::string raw = render(m, at("2026-11-23T16:00:00Z"));
  auto names = header_names(raw);
  std::vector<std::string> expected = {"Date",         "From",        "To",
                                       "Subject",      "Message-ID",  "MIME-Version",
                                       "Content-Type", "Content-Transfer-Encoding",
                                       "Auto-Submitted", "X-Tequio-Ticket", "X-Nota"};
  EXPECT_EQ(names, expected);
  EXPECT_NE(raw.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_EQ(raw.find("otro asunto"), std::string::npos);
}

TEST(MailRender, CrOrLfInAnyHeaderValueCannotInjectAHeader) {
  OutgoingMessage m = sample();
  const std::string evil = "\r\nBcc: espia@evil.example\r\n\r\ncuerpo falso";
  m.subject = "Asunto" + evil;
  m.from_name = "Mesa" + evil;
  m.to_name = "Juan" + evil;
  m.to_address = "juan@oaxaca.example" + evil;
  m.message_id = "<id@x>\r\nX-Evil: 2";
  m.in_reply_to = "<a@x>\nX-Evil: 3";
  m.references = {"<b@x>\rX-Evil: 4"};
  m.extra_headers = {{"X-Nota", "uno\ndos" + evil}};
  std::string raw = render(m, at("2026-11-23T16:00:00Z"));
  EXPECT_TRUE(only_crlf(raw));
  std::set<std::string> names;
  for (const auto& n : header_names(raw)) names.insert(n);
  EXPECT_EQ(names.count("Bcc"), 0u);
  EXPECT_EQ(names.count("X-Evil"), 0u);
  EXPECT_EQ(names.size(), 11u);  // the 10 of a reply plus X-Nota, each once
  EXPECT_EQ(body_of(raw), "Hola Juan,\r\nsu solicitud fue registrada.\r\n");
  auto parsed = parse_message(raw);
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->subject, "Asunto  Bcc: espia@evil.example    cuerpo falso");

  m.from_address = "mesa@oaxaca.example\nX-Evil: 1";
  raw = render(m, at("2026-11-23T16:00:00Z"));
  EXPECT_TRUE(only_crlf(raw));
  names.clear();
  for (const auto& n : header_names(raw)) names.insert(n);
  EXPECT_EQ(names.count("X-Evil"), 0u);
}

TEST(MailRender, InvalidUtf8InTheBodyBecomesReplacementCharacters) {
  OutgoingMessage m = sample();
  m.text_body = "caf\xE9 ok";
  auto parsed = parse_message(render(m, at("2026-11-23T16:00:00Z")));
  ASSERT_TRUE(Succeeded(parsed));
  EXPECT_EQ(parsed->text_body, "caf\xEF\xBF\xBD ok");
}

TEST(MailRender, RoundTripsThroughParseMessageExactly) {
  struct Case {
    std::string subject, body;
  };
  std::vector<Case> cases = {
      {"Falla de impresora", "Hola"},
      {"Señor Núñez: ¿ya quedó el equipo? ñ á é í ó ú ü", "Año nuevo, contraseña nueva.\nÁrea de Tesorería 😀\n"},
      {"😀🎉 emoji al inicio y al final 🚀", "línea con espacio al final \nlínea con tab al final\t\n\n\ndoble vacío"},
      {std::string(120, 'x'), std::string(300, 'y') + "\n" + std::string(5, '=') + "\n.punto inicial\n."},
      {"Larguísimo " + std::string(40, 'a') + " ñandú " + std::string(60, 'b') + " pingüino", "=3D no es un escape\n=\n"},
      {"[MS-42] Re: Re: respuesta", "Mensaje\r\ncon CRLF\r\n"},
  };
  for (const auto& c : cases) {
    OutgoingMessage m = sample();
    m.subject = c.subject;
    m.text_body = c.body;
    m.from_name = "Mesa de servicio — Dirección de Tecnologías";
    m.in_reply_to = "<notificacion.77@oaxaca.example>";
    m.references = {"<a.1@oaxaca.example>", "<notificacion.77@oaxaca.example>"};
    std::string raw = render(m, at("2026-11-23T16:00:00Z"));
    EXPECT_TRUE(only_crlf(raw));
    for (const auto& line : lines_of(raw)) EXPECT_LE(line.size(), 78u) << line;
    auto parsed = parse_message(raw);
    ASSERT_TRUE(Succeeded(parsed)) << raw;
    std::string expected_body = c.body;
    for (size_t i; (i = expected_body.find("\r\n")) != std::string::npos;) expected_body.erase(i, 1);
    EXPECT_EQ(parsed->subject, c.subject);
    EXPECT_EQ(parsed->text_body, expected_body) << raw;
    EXPECT_EQ(parsed->in_reply_to, m.in_reply_to);
    EXPECT_EQ(parsed->references, m.references);
    EXPECT_EQ(parsed->from_name, m.from_name);
    EXPECT_EQ(parsed->from_address, m.from_address);
    EXPECT_EQ(parsed->to_addresses, std::vector<std::string>{m.to_address});
    EXPECT_EQ(parsed->message_id, m.message_id);
  }
}

// ---------------------------------------------------------------------------------------------
// Ids and addresses

TEST(MailMessageId, IsBracketedUniqueAndNamesTheDomain) {
  std::set<std::string> ids;
  for (int i = 0; i < 500; ++i) ids.insert(make_message_id("oaxaca.example"));
  EXPECT_EQ(ids.size(), 500u);
  std::string id = *ids.begin();
  EXPECT_EQ(id.front(), '<');
  EXPECT_EQ(id.back(), '>');
  EXPECT_NE(id.find("@oaxaca.example>"), std::string::npos);
  EXPECT_EQ(id.find_first_of(" \r\n\"(),:;[]\\"), std::string::npos) << id;
}

TEST(MailMessageId, ReplacesADomainThatIsNotAPlainHostName) {
  EXPECT_NE(make_message_id("").find("@tequio.invalid>"), std::string::npos);
  EXPECT_NE(make_message_id("evil>\r\nX: y").find("@tequio.invalid>"), std::string::npos);
  EXPECT_NE(make_message_id("Oaxaca.Example").find("@oaxaca.example>"), std::string::npos);
}

TEST(MailAddress, AcceptsOrdinaryAddresses) {
  EXPECT_TRUE(valid_address("mesa@oaxaca.example"));
  EXPECT_TRUE(valid_address("juan.perez+123@sub.oaxaca.example"));
  EXPECT_TRUE(valid_address("o'brien@x.mx"));
}

TEST(MailAddress, RejectsWhatWouldBreakAHeaderOrAnEnvelope) {
  EXPECT_FALSE(valid_address(""));
  EXPECT_FALSE(valid_address("sin-arroba"));
  EXPECT_FALSE(valid_address("a@b"));
  EXPECT_FALSE(valid_address("a b@x.mx"));
  EXPECT_FALSE(valid_address("a@x.mx\r\nRCPT TO:<b@y.mx>"));
  EXPECT_FALSE(valid_address("<a@x.mx>"));
  EXPECT_FALSE(valid_address("\"a\"@x.mx"));
  EXPECT_FALSE(valid_address("a:b@x.mx"));
  EXPECT_FALSE(valid_address("a..b@x.mx"));
  EXPECT_FALSE(valid_address(".a@x.mx"));
  EXPECT_FALSE(valid_address("a.@x.mx"));
  EXPECT_FALSE(valid_address(std::string(65, 'a') + "@x.mx"));
  EXPECT_FALSE(valid_address("a@b@x.mx"));
}

TEST(MailReplyMarker, IsTheSpanishLineNotificationsCarry) {
  EXPECT_EQ(kReplyAboveMarker, "## Escriba su respuesta arriba de esta línea ##");
  EXPECT_TRUE(valid_utf8(kReplyAboveMarker));
}

}  // namespace
}  // namespace tequio::mail
