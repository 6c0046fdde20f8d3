#include "mail/message.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "core/text.h"
#include "mail/inbound.h"

namespace tequio::mail {
namespace {

constexpr size_t kMaxLine = 76;  // RFC 2045 (body) and RFC 2047 (lines with encoded-words)
constexpr char kHex[] = "0123456789ABCDEF";

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// Header values come from users (subjects, names): no CR or LF may survive, nor NUL, and
// the text must be valid UTF-8 before it is encoded as such.
std::string header_safe(std::string_view value) {
  std::string s = to_utf8(value, "utf-8");
  for (char& c : s)
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  return s;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Length in bytes of the UTF-8 sequence starting with lead byte c (text is valid UTF-8).
size_t utf8_seq_len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  return 2;
}

// UTF-8 text as "B" encoded-words that never split a character. The first word fits in
// first_room characters when that leaves space for a few characters; every word is at most
// 75 characters (RFC 2047 §2).
std::vector<std::string> encoded_words(std::string_view utf8, size_t first_room) {
  constexpr size_t kOverhead = 12;  // "=?UTF-8?B?" + "?="
  auto max_bytes = [](size_t room) { return room < kOverhead ? 0 : (room - kOverhead) / 4 * 3; };
  size_t limit = max_bytes(std::min<size_t>(first_room, 75));
  if (limit < 6) limit = max_bytes(75);
  std::vector<std::string> words;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    while (end < utf8.size()) {
      size_t n = utf8_seq_len(static_cast<unsigned char>(utf8[end]));
      if (end + n - start > limit) break;
      end += n;
    }
    if (end == start) end = std::min(utf8.size(), start + 1);  // unreachable for valid UTF-8
    words.push_back("=?UTF-8?B?" + base64(utf8.substr(start, end - start)) + "?=");
    start = end;
    limit = max_bytes(75);
  }
  return words;
}

// Joins "Name:" and segments (each but possibly the first starting with whitespace), folding
// before a segment whenever the line would pass 76 characters.
std::string fold(std::string_view name, const std::vector<std::string>& segments) {
  std::string out(name);
  out += ':';
  size_t line = out.size();
  for (const auto& seg : segments) {
    if (line + seg.size() > kMaxLine && line > 0 && !seg.empty() && is_wsp(seg[0])) {
      out += "\r\n";
      line = 0;
    }
    out += seg;
    line += seg.size();
  }
  return out;
}

bool needs_encoding(std::string_view s) {
  if (s.find("=?") != std::string_view::npos) return true;
  for (unsigned char c : s)
    if (c >= 0x7F || (c < 0x20 && c != '\t')) return true;
  return false;
}

// An unstructured value split where it may be folded: runs of whitespace stay with the word
// after them, so folding inserts CRLF and unfolding gives back the exact text.
std::vector<std::string> ascii_segments(std::string_view value) {
  std::vector<std::string> segs;
  size_t i = 0;
  while (i < value.size()) {
    size_t j = i;
    while (j < value.size() && is_wsp(value[j])) ++j;
    while (j < value.size() && !is_wsp(value[j])) ++j;
    segs.emplace_back(value.substr(i, j - i));
    i = j;
  }
  if (!segs.empty() && !is_wsp(segs[0][0])) segs[0] = " " + segs[0];
  return segs;
}

std::vector<std::string> word_segments(std::string_view utf8, size_t prefix_len) {
  size_t room = kMaxLine > prefix_len + 1 ? kMaxLine - prefix_len - 1 : 0;
  std::vector<std::string> segs;
  for (auto& w : encoded_words(utf8, room)) segs.push_back(" " + w);
  return segs;
}

bool atext(unsigned char c) {
  if (std::isalnum(c)) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

// "Name <address>", the name as atoms, a quoted string or encoded-words as it requires.
std::string address_header(std::string_view header, std::string_view address, std::string_view name) {
  std::string addr = header_safe(address);
  std::string display = trim(header_safe(name));
  std::vector<std::string> segs;
  if (display.empty()) {
    segs.push_back(" " + trim(addr));
    return fold(header, segs);
  }
  if (needs_encoding(display)) {
    segs = word_segments(display, header.size() + 1);
  } else {
    bool atoms = true;
    for (unsigned char c : display)
      if (!atext(c) && c != ' ') atoms = false;
    if (atoms) {
      segs = ascii_segments(display);
    } else {
      std::string quoted = "\"";
      for (char c : display) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
      }
      quoted += '"';
      if (quoted.size() + header.size() + 2 <= kMaxLine) segs.push_back(" " + quoted);
      else segs = word_segments(display, header.size() + 1);
    }
  }
  segs.push_back(" <" + trim(addr) + ">");
  return fold(header, segs);
}

// "<id@domain>" from whatever the caller kept: no whitespace, brackets added when missing.
std::string msg_id(std::string_view id) {
  std::string s;
  for (char c : header_safe(id))
    if (!is_wsp(c)) s += c;
  if (s.empty()) return s;
  if (s.front() != '<') s.insert(s.begin(), '<');
  if (s.back() != '>') s += '>';
  return s;
}

bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c < 33 || c > 126 || c == ':') return false;
  return true;
}

bool reserved_header(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kOurs = {
      "date", "from", "to", "subject", "message-id", "in-reply-to", "references", "mime-version",
      "content-type", "content-transfer-encoding", "content-disposition"};
  std::string lower = ascii_lower(name);
  for (auto h : kOurs)
    if (lower == h) return true;
  return lower.rfind("content-", 0) == 0;
}

std::string rfc5322_date(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t secs = Clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string domain_of(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

}  // namespace

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t col = 0;
  auto put = [&](char c, bool encode) {
    if (c == '.' && col == 0) encode = true;  // a lone "." line would end an SMTP DATA
    size_t width = encode ? 3 : 1;
    if (col + width > kMaxLine - 1) {  // keep room for the soft break's '='
      out += "=\r\n";
      col = 0;
      if (c == '.') encode = true, width = 3;
    }
    if (encode) {
      auto u = static_cast<unsigned char>(c);
      out += '=';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
    col += width;
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t eol = text.find_first_of("\r\n", i);
    size_t end = eol == std::string_view::npos ? text.size() : eol;
    for (size_t k = i; k < end; ++k) {
      auto c = static_cast<unsigned char>(text[k]);
      bool last = k + 1 == end;
      bool literal = (c >= 33 && c <= 126 && c != '=') || (is_wsp(static_cast<char>(c)) && !last);
      put(static_cast<char>(c), !literal);
    }
    if (eol == std::string_view::npos) {
      out += "=\r\n";  // no final line break in the text: say so with a soft break
      break;
    }
    out += "\r\n";
    col = 0;
    i = eol + ((text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n') ? 2 : 1);
  }
  return out;
}

std::string encode_header(std::string_view name, std::string_view value) {
  std::string v = header_safe(value);
  if (v.empty()) return std::string(name) + ":";
  if (!needs_encoding(v)) {
    auto segs = ascii_segments(v);
    bool fits = true;
    for (size_t i = 0; i < segs.size(); ++i)
      if (segs[i].size() + (i == 0 ? name.size() + 1 : 0) > kMaxLine) fits = false;
    if (fits) return fold(name, segs);
  }
  return fold(name, word_segments(v, name.size() + 1));
}

std::string render(const OutgoingMessage& m, Timestamp date) {
  std::string id = msg_id(m.message_id);
  if (id.empty()) id = make_message_id(domain_of(m.from_address));
  std::string out;
  auto line = [&](std::string header) {
    out += header;
    out += "\r\n";
  };
  line("Date: " + rfc5322_date(date));
  line(address_header("From", m.from_address, m.from_name));
  line(address_header("To", m.to_address, m.to_name));
  line(encode_header("Subject", m.subject));
  line("Message-ID: " + id);
  if (m.in_reply_to) {
    std::string reply_to = msg_id(*m.in_reply_to);
    if (!reply_to.empty()) line("In-Reply-To: " + reply_to);
  }
  std::vector<std::string> refs;
  for (const auto& r : m.references) {
    std::string ref = msg_id(r);
    if (!ref.empty()) refs.push_back(" " + ref);
  }
  if (!refs.empty()) line(fold("References", refs));
  line("MIME-Version: 1.0");
  line("Content-Type: text/plain; charset=UTF-8");
  line("Content-Transfer-Encoding: quoted-printable");
  for (const auto& [name, value] : m.extra_headers)
    if (valid_header_name(name) && !reserved_header(name)) line(encode_header(name, value));
  out += "\r\n";
  out += encode_quoted_printable(to_utf8(m.text_body, "utf-8"));
  return out;
}

std::string make_message_id(std::string_view domain) {
  bool plain = !domain.empty() && domain.size() <= 253 && domain.front() != '.' && domain.back() != '.';
  for (unsigned char c : domain)
    if (!(std::isalnum(c) || c == '.' || c == '-')) plain = false;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
  return "<" + std::to_string(ms) + "." + random_token(15) + "@" +
         (plain ? ascii_lower(domain) : std::string("tequio.invalid")) + ">";
}

bool valid_address(std::string_view address) {
  if (!plausible_email(address)) return false;
  if (address.find_first_of("()[]\\\":") != std::string_view::npos) return false;
  if (address.find("..") != std::string_view::npos) return false;
  auto at = address.find('@');
  auto local = address.substr(0, at);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
  return valid_utf8(address);
}

}  // namespace tequio::mail
