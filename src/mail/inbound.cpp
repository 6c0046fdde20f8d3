#include "mail/inbound.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>

#include "core/text.h"
#include "mail/message.h"

namespace tequio::mail {
namespace {

constexpr int kMaxDepth = 10;

bool is_wsp(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void rtrim(std::string& s) {
  while (!s.empty() && is_space(s.back())) s.pop_back();
}

// ---------------------------------------------------------------------------------------------
// Characters and charsets


// Valid UTF-8 as it is; each maximal invalid subpart becomes U+FFFD (Unicode §3.9); NUL dropped.
std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c != 0) out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    if (len == 0) {
      append_utf8(out, 0xFFFD);
      ++i;
      continue;
    }
    size_t k = 1;
    for (; k < len && i + k < s.size(); ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
    }
    if (k == len) out.append(s.substr(i, len));
    else append_utf8(out, 0xFFFD);
    i += k;
  }
  return out;
}

// windows-1252 0x80–0x9F; the five unassigned bytes keep their C1 code points (as WHATWG does).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string from_single_byte(std::string_view s, bool latin9) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (unsigned char c : s) {
    uint32_t cp = c;
    if (c >= 0x80 && c <= 0x9F) cp = kCp1252High[c - 0x80];
    if (latin9) {
      switch (c) {
        case 0xA4: cp = 0x20AC; break;
        case 0xA6: cp = 0x0160; break;
        case 0xA8: cp = 0x0161; break;
        case 0xB4: cp = 0x017D; break;
        case 0xB8: cp = 0x017E; break;
        case 0xBC: cp = 0x0152; break;
        case 0xBD: cp = 0x0153; break;
        case 0xBE: cp = 0x0178; break;
        default: break;
      }
    }
    if (cp != 0) append_utf8(out, cp);
  }
  return out;
}

std::string through_iconv(std::string_view s, const std::string& charset, bool& ok) {
  ok = false;
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out;
  char buf[4096];
  char* in = const_cast<char*>(s.data());
  size_t in_left = s.size();
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof buf;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, static_cast<size_t>(o - buf));
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno != EILSEQ && errno != EINVAL) break;
    append_utf8(out, 0xFFFD);  // skip one undecodable byte and go on
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  char* o = buf;
  size_t o_left = sizeof buf;
  iconv(cd, nullptr, nullptr, &o, &o_left);
  out.append(buf, static_cast<size_t>(o - buf));
  iconv_close(cd);
  ok = true;
  return sanitize_utf8(out);
}

// ---------------------------------------------------------------------------------------------
// Lines, headers and entities

struct Line {
  std::string_view text;  // without its line break
  size_t next;            // where the following line starts
};

Line next_line(std::string_view s, size_t pos) {
  size_t nl = s.find('\n', pos);
  size_t end = nl == std::string_view::npos ? s.size() : nl;
  std::string_view text = s.substr(pos, end - pos);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return {text, nl == std::string_view::npos ? s.size() : nl + 1};
}

struct Header {
  std::string name;   // lower case
  std::string value;  // unfolded, trimmed, still encoded
};

struct Entity {
  std::vector<Header> headers;
  std::string_view body;

  const std::string* get(std::string_view name) const {
    for (const auto& h : headers)
      if (h.name == name) return &h.value;
    return nullptr;
  }
  std::string_view value(std::string_view name) const {
    const std::string* v = get(name);
    return v ? std::string_view(*v) : std::string_view();
  }
};

// A header line's name, or empty when the line is not "name: value".
std::string_view header_name(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);  // obsolete "Name :"
  if (name.empty()) return {};
  for (unsigned char c : name)
    if (c < 33 || c > 126) return {};
  return name;
}

// Splits header and body. The message itself (strict) must have a blank line after a header
// block that starts with a header; a MIME part may have no headers or no body.
std::optional<Entity> split_entity(std::string_view s, bool strict) {
  Entity e;
  size_t pos = 0;
  if (strict && starts_with(s, "From ")) pos = next_line(s, 0).next;  // mbox envelope line
  while (pos < s.size()) {
    Line line = next_line(s, pos);
    if (line.text.empty()) {
      e.body = s.substr(line.next);
      return e;
    }
    if (is_wsp(line.text[0])) {
      if (!e.headers.empty()) e.headers.back().value += line.text;
      else if (strict) return std::nullopt;
    } else if (auto name = header_name(line.text); !name.empty()) {
      std::string_view value = line.text.substr(line.text.find(':') + 1);
      e.headers.push_back({ascii_lower(name), std::string(value)});
    } else if (e.headers.empty()) {
      if (strict) return std::nullopt;
      e.body = s;  // a part that starts with its text
      return e;
    }
    pos = line.next;
  }
  if (strict) return std::nullopt;
  return e;
}

void finish_headers(Entity& e) {
  for (auto& h : e.headers) h.value = std::string(trim_view(h.value));
}

// ---------------------------------------------------------------------------------------------
// Structured header values

struct MediaType {
  std::string type;                          // lower case "type/subtype"
  std::map<std::string, std::string> params; // names lower case; RFC 2231 values decoded
  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "type/subtype; a=b; c="d"" with RFC 2231 continuations (name*0*=, name*1=) and charsets.
MediaType parse_media(std::string_view value, std::string_view default_type) {
  MediaType m;
  size_t semi = value.find(';');
  std::string type = ascii_lower(trim_view(value.substr(0, semi)));
  if (size_t paren = type.find('('); paren != std::string::npos) type = std::string(trim_view(type.substr(0, paren)));
  m.type = type.find('/') == std::string::npos ? std::string(default_type) : type;
  if (semi == std::string_view::npos) return m;

  struct Piece {
    int index;
    bool extended;
    std::string value;
  };
  std::map<std::string, std::vector<Piece>> pieces;
  size_t i = semi;
  while (i < value.size()) {
    while (i < value.size() && (is_space(value[i]) || value[i] == ';')) ++i;
    size_t name_start = i;
    while (i < value.size() && value[i] != '=' && value[i] != ';') ++i;
    std::string name = ascii_lower(trim_view(value.substr(name_start, i - name_start)));
    if (i >= value.size() || value[i] != '=') continue;
    ++i;
    while (i < value.size() && is_wsp(value[i])) ++i;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      ++i;
      while (i < value.size() && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        v += value[i++];
      }
      if (i < value.size()) ++i;
    } else {
      size_t start = i;
      while (i < value.size() && value[i] != ';') ++i;
      v = std::string(trim_view(value.substr(start, i - start)));
    }
    if (name.empty()) continue;
    size_t star = name.find('*');
    if (star == std::string::npos) {
      pieces[name].push_back({-1, false, std::move(v)});
      continue;
    }
    std::string base = name.substr(0, star);
    std::string rest = name.substr(star + 1);
    bool extended = !rest.empty() && rest.back() == '*';
    if (extended) rest.pop_back();
    int index = 0;
    if (rest.empty()) extended = true;  // "name*=" is a single extended value
    else if (rest.size() <= 3 && std::all_of(rest.begin(), rest.end(), is_digit)) index = std::stoi(rest);
    else continue;
    pieces[base].push_back({index, extended, std::move(v)});
  }
  for (auto& [name, list] : pieces) {
    bool rfc2231 = std::any_of(list.begin(), list.end(), [](const Piece& p) { return p.index >= 0; });
    if (!rfc2231) {
      m.params[name] = list.front().value;
      continue;
    }
    std::stable_sort(list.begin(), list.end(), [](const Piece& a, const Piece& b) { return a.index < b.index; });
    std::string charset, bytes;
    bool first = true;
    for (const auto& p : list) {
      if (p.index < 0) continue;  // the RFC 2231 form wins over a plain one
      std::string_view text = p.value;
      if (first && p.extended) {
        size_t q1 = text.find('\'');
        size_t q2 = q1 == std::string_view::npos ? q1 : text.find('\'', q1 + 1);
        if (q2 != std::string_view::npos) {
          charset = std::string(text.substr(0, q1));
          text = text.substr(q2 + 1);
        }
      }
      bytes += p.extended ? percent_decode(text) : std::string(text);
      first = false;
    }
    m.params[name] = to_utf8(bytes, charset);
  }
  return m;
}

std::string strip_comments(std::string_view s) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      out += c;
      if (c == '\\' && i + 1 < s.size()) out += s[++i];
      else if (c == '"') quoted = false;
    } else if (depth > 0) {
      if (c == '\\') ++i;
      else if (c == '(') ++depth;
      else if (c == ')') --depth;
    } else if (c == '(') {
      depth = 1;
    } else {
      if (c == '"') quoted = true;
      out += c;
    }
  }
  return out;
}

std::string first_comment(std::string_view s) {
  size_t open = s.find('(');
  if (open == std::string_view::npos) return {};
  size_t close = s.find(')', open);
  return std::string(s.substr(open + 1, (close == std::string_view::npos ? s.size() : close) - open - 1));
}

std::string unquote_phrase(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') continue;
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return out;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  rtrim(out);
  return out;
}

struct Mailbox {
  std::string name, address;
};

// An address list: "Name" <a@b>, Name <c@d>, e@f (Name), group: g@h; — malformed pieces skipped.
std::vector<Mailbox> parse_addresses(std::string_view value) {
  std::vector<std::string> items;
  std::string cur;
  int comment = 0;
  bool quoted = false, angle = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      cur += c;
      if (c == '\\' && i + 1 < value.size()) cur += value[++i];
      else if (c == '"') quoted = false;
      continue;
    }
    if (comment > 0) {
      cur += c;
      if (c == '\\' && i + 1 < value.size()) cur += value[++i];
      else if (c == '(') ++comment;
      else if (c == ')') --comment;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(') comment = 1;
    else if (c == '<') angle = true;
    else if (c == '>') angle = false;
    if (!angle && (c == ',' || c == ';')) {
      items.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (!angle && c == ':') {  // "group:" — the group's name is not an address
      cur.clear();
      continue;
    }
    cur += c;
  }
  items.push_back(std::move(cur));

  std::vector<Mailbox> out;
  for (const auto& item : items) {
    Mailbox mb;
    std::string plain = strip_comments(item);
    size_t lt = plain.rfind('<');
    if (lt != std::string::npos) {
      size_t gt = plain.find('>', lt);
      std::string addr = plain.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
      if (size_t route = addr.rfind(':'); route != std::string::npos) addr = addr.substr(route + 1);
      mb.address = std::string(trim_view(addr));
      mb.name = collapse_spaces(decode_header_text(unquote_phrase(trim_view(plain.substr(0, lt)))));
    } else {
      mb.address = std::string(trim_view(plain));
      mb.name = collapse_spaces(decode_header_text(first_comment(item)));
    }
    if (mb.address.find('@') == std::string::npos) continue;
    if (mb.address.find_first_of(" \t\r\n") != std::string::npos) continue;
    mb.address = sanitize_utf8(mb.address);
    out.push_back(std::move(mb));
  }
  return out;
}

// Message ids "<…>" in order; bare ids with '@' are accepted and given brackets.
std::vector<std::string> parse_msg_ids(std::string_view value) {
  std::vector<std::string> ids;
  size_t i = 0;
  while ((i = value.find('<', i)) != std::string_view::npos) {
    size_t gt = value.find('>', i);
    if (gt == std::string_view::npos) break;
    std::string id;
    for (char c : value.substr(i + 1, gt - i - 1))
      if (!is_space(c)) id += c;
    if (!id.empty()) ids.push_back("<" + sanitize_utf8(id) + ">");
    i = gt + 1;
  }
  if (ids.empty()) {
    std::string token;
    std::string text(value);
    text += ' ';
    for (char c : text) {
      if (is_space(c) || c == ',') {
        if (token.find('@') != std::string::npos) ids.push_back("<" + sanitize_utf8(token) + ">");
        token.clear();
      } else {
        token += c;
      }
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Bodies

std::string transfer_decode(std::string_view body, std::string_view encoding) {
  std::string enc = ascii_lower(trim_view(encoding));
  if (enc == "base64") return decode_base64(body);
  if (enc == "quoted-printable") return decode_quoted_printable(body);
  return std::string(body);
}

std::string normalize_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// RFC 3676: joins lines a format=flowed sender broke at a trailing space.
std::string unflow(std::string_view text, bool delsp) {
  std::string out;
  bool prev_flowed = false, first = true;
  size_t prev_depth = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    size_t depth = 0;
    while (depth < line.size() && line[depth] == '>') ++depth;
    std::string_view content = line.substr(depth);
    if (!content.empty() && content[0] == ' ') content.remove_prefix(1);
    bool flowed = !content.empty() && content.back() == ' ' && content != "-- ";
    if (!(prev_flowed && depth == prev_depth)) {
      if (!first) out += '\n';
      if (depth > 0) out += std::string(depth, '>') + " ";
    }
    out += content;
    if (flowed && delsp) out.pop_back();
    prev_flowed = flowed;
    prev_depth = depth;
    first = false;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

// Inner multipart bodies between "--boundary" lines; an unterminated last part is kept.
std::vector<std::string_view> split_multipart(std::string_view body, std::string_view boundary) {
  std::vector<std::string_view> parts;
  std::string delimiter = "--" + std::string(boundary);
  bool in_part = false;
  size_t part_start = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t line_start = pos;
    Line line = next_line(body, pos);
    pos = line.next;
    if (!starts_with(line.text, delimiter)) continue;
    std::string_view rest = line.text.substr(delimiter.size());
    bool closing = starts_with(rest, "--");
    if (closing) rest.remove_prefix(2);
    if (!trim_view(rest).empty()) continue;  // a longer boundary that merely starts the same
    if (in_part) {
      size_t end = line_start;
      if (end > part_start && body[end - 1] == '\n') --end;
      if (end > part_start && body[end - 1] == '\r') --end;
      parts.push_back(body.substr(part_start, end - part_start));
    }
    if (closing) return parts;
    in_part = true;
    part_start = line.next;
  }
  if (in_part && part_start < body.size()) parts.push_back(body.substr(part_start));
  return parts;
}

std::string clean_filename(std::string_view raw) {
  std::string name = decode_header_text(raw);
  std::replace(name.begin(), name.end(), '\\', '/');
  if (size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
  out = std::string(trim_view(out));
  if (out == "." || out == "..") out.clear();
  if (out.size() > 255) {
    size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

std::string extension_for(std::string_view media_type) {
  static const std::map<std::string_view, std::string_view> kKnown = {
      {"application/pdf", ".pdf"}, {"image/png", ".png"},      {"image/jpeg", ".jpg"},
      {"image/gif", ".gif"},       {"text/plain", ".txt"},     {"text/html", ".html"},
      {"text/csv", ".csv"},        {"text/calendar", ".ics"}, {"message/rfc822", ".eml"}};
  auto it = kKnown.find(media_type);
  return it == kKnown.end() ? ".bin" : std::string(it->second);
}

struct BodyText {
  std::string text;
  bool plain = false;  // came from text/plain (else converted from HTML)
  bool any = false;    // some text part was found
  bool blank() const { return trim_view(text).empty(); }
};

class Walker {
 public:
  explicit Walker(std::vector<InboundMessage::Attachment>& attachments) : attachments_(attachments) {}

  BodyText walk(const Entity& e, int depth) {
    if (depth > kMaxDepth) return {};
    MediaType ct = parse_media(e.value("content-type"), "text/plain");
    std::string disposition;
    MediaType disp;
    if (const std::string* d = e.get("content-disposition")) {
      disp = parse_media(*d, "");
      size_t semi = d->find(';');
      disposition = ascii_lower(trim_view(std::string_view(*d).substr(0, semi)));
    }
    if (starts_with(ct.type, "multipart/")) {
      std::string boundary = ct.param("boundary");
      if (!boundary.empty()) return walk_multipart(e, ct, boundary, depth);
      ct.type = "text/plain";
    }
    std::string filename = disp.param("filename");
    if (filename.empty()) filename = ct.param("name");
    filename = clean_filename(filename);
    std::string content = transfer_decode(e.body, e.value("content-transfer-encoding"));

    bool text_part = ct.type == "text/plain" || ct.type == "text/html";
    if (text_part && disposition != "attachment" && filename.empty()) {
      BodyText r;
      r.any = true;
      r.plain = ct.type == "text/plain";
      std::string text = normalize_newlines(to_utf8(content, ct.param("charset")));
      if (!r.plain) text = html_to_text(text);
      else if (ascii_lower(ct.param("format")) == "flowed") text = unflow(text, ascii_lower(ct.param("delsp")) == "yes");
      r.text = std::move(text);
      return r;
    }
    if (filename.empty()) filename = "adjunto-" + std::to_string(attachments_.size() + 1) + extension_for(ct.type);
    attachments_.push_back({std::move(filename), ct.type, std::move(content)});
    return {};
  }

 private:
  BodyText walk_multipart(const Entity& e, const MediaType& ct, const std::string& boundary, int depth) {
    std::vector<BodyText> texts;
    for (std::string_view part : split_multipart(e.body, boundary)) {
      auto sub = split_entity(part, false);
      if (!sub) continue;
      finish_headers(*sub);
      BodyText t = walk(*sub, depth + 1);
      if (t.any) texts.push_back(std::move(t));
    }
    if (texts.empty()) return {};
    if (ct.type == "multipart/alternative") {
      for (auto& t : texts)
        if (t.plain && !t.blank()) return std::move(t);
      for (auto& t : texts)
        if (!t.blank()) return std::move(t);
      return std::move(texts.front());
    }
    BodyText all;
    all.any = true;
    for (auto& t : texts) {
      if (t.blank()) continue;
      if (!all.text.empty() && all.text.back() != '\n') all.text += '\n';
      all.text += t.text;
      all.plain = all.plain || t.plain;
    }
    return all;
  }

  std::vector<InboundMessage::Attachment>& attachments_;
};

// ---------------------------------------------------------------------------------------------
// HTML

std::string decode_entity(std::string_view name) {
  static const std::map<std::string_view, uint32_t> kNamed = {
      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
      {"nbsp", ' '},     {"aacute", 0xE1},  {"eacute", 0xE9},  {"iacute", 0xED},  {"oacute", 0xF3},
      {"uacute", 0xFA},  {"Aacute", 0xC1},  {"Eacute", 0xC9},  {"Iacute", 0xCD},  {"Oacute", 0xD3},
      {"Uacute", 0xDA},  {"ntilde", 0xF1},  {"Ntilde", 0xD1},  {"uuml", 0xFC},    {"Uuml", 0xDC},
      {"iexcl", 0xA1},   {"iquest", 0xBF},  {"laquo", 0xAB},   {"raquo", 0xBB},   {"copy", 0xA9},
      {"reg", 0xAE},     {"deg", 0xB0},     {"ordf", 0xAA},    {"ordm", 0xBA},    {"euro", 0x20AC},
      {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
      {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bull", 0x2022},  {"middot", 0xB7}};
  std::string out;
  if (!name.empty() && name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return {};
    for (char c : digits) {
      int v = hex ? hex_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
      if (v < 0) return {};
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    append_utf8(out, cp);
    return out;
  }
  auto it = kNamed.find(name);
  if (it != kNamed.end()) append_utf8(out, it->second);
  return out;
}

bool is_block_tag(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "p",  "div", "tr",  "li",       "ul",      "ol",      "table",  "h1",     "h2",   "h3", "h4", "h5",
      "h6", "hr",  "pre", "blockquote", "section", "article", "header", "footer", "dl",   "dt", "dd", "address"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

size_t find_ci(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Replies

bool is_rule_line(std::string_view t) {
  if (t.size() < 3) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return c == '_' || c == '-' || c == '='; });
}

bool opens_original_message(std::string_view lower) {
  if (!starts_with(lower, "---")) return false;
  return lower.find("mensaje original") != std::string_view::npos ||
         lower.find("original message") != std::string_view::npos;
}

bool is_attribution(std::string_view lower) {
  bool opens = starts_with(lower, "el ") || starts_with(lower, "on ");
  return opens && (ends_with(lower, "escribió:") || ends_with(lower, "wrote:") || ends_with(lower, "escribio:"));
}

bool starts_outlook_block(const std::vector<std::string_view>& lines, size_t i) {
  std::string lower = ascii_lower(trim_view(lines[i]));
  if (!starts_with(lower, "de:") && !starts_with(lower, "from:")) return false;
  for (size_t k = i + 1; k < lines.size() && k <= i + 4; ++k) {
    std::string next = ascii_lower(trim_view(lines[k]));
    if (starts_with(next, "enviado:") || starts_with(next, "enviado el:") || starts_with(next, "sent:") ||
        starts_with(next, "fecha:") || starts_with(next, "date:"))
      return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public decoders

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  std::string cs;
  for (char c : trim_view(charset))
    if (c != '"' && c != '\'') cs += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (cs == "utf-8" || cs == "utf8") return sanitize_utf8(bytes);
  if (cs == "iso-8859-1" || cs == "iso8859-1" || cs == "iso_8859-1" || cs == "latin1" || cs == "latin-1" ||
      cs == "l1" || cs == "cp819" || cs == "windows-1252" || cs == "cp1252" || cs == "x-cp1252")
    return from_single_byte(bytes, false);  // ISO-8859-1 labels mean windows-1252 in practice
  if (cs == "iso-8859-15" || cs == "iso8859-15" || cs == "latin9" || cs == "latin-9")
    return from_single_byte(bytes, true);
  bool known_ascii = cs.empty() || cs == "us-ascii" || cs == "ascii" || cs == "ansi_x3.4-1968";
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
  };
  bool plain_name = !cs.empty() && cs.size() <= 40 && std::all_of(cs.begin(), cs.end(), name_char);
  if (!known_ascii && plain_name) {
    bool ok = false;
    std::string out = through_iconv(bytes, cs, ok);
    if (ok) return out;
  }
  // Unlabelled or unknown: UTF-8 when it is, else the usual Western Windows charset.
  return valid_utf8(bytes) ? sanitize_utf8(bytes) : from_single_byte(bytes, false);
}

std::string decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=') { acc = 0; bits = 0; continue; }  // padding ends a group
    else continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '=') {
      if (i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
        out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
        i += 3;
        continue;
      }
      size_t j = i + 1;
      while (j < s.size() && is_wsp(s[j])) ++j;
      if (j == s.size()) { i = j; continue; }                                 // soft break at the end
      if (s[j] == '\n') { i = j + 1; continue; }                              // soft break
      if (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') { i = j + 2; continue; }
      out += c;  // a stray '=' stays as it is
      ++i;
      continue;
    }
    if (is_wsp(c)) {  // whitespace before a line break was added in transport (RFC 2045 §6.7)
      size_t j = i;
      while (j < s.size() && is_wsp(s[j])) ++j;
      if (j == s.size() || s[j] == '\r' || s[j] == '\n') { i = j; continue; }
      out.append(s.substr(i, j - i));
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::string decode_header_text(std::string_view s) {
  std::string out, raw, pending, pending_charset, spaces;
  bool last_encoded = false;
  auto flush_pending = [&] {
    if (!pending.empty()) out += to_utf8(pending, pending_charset);
    pending.clear();
  };
  auto flush_raw = [&] {
    if (!raw.empty()) out += to_utf8(raw, "");
    raw.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '?') {
      size_t q1 = s.find('?', i + 2);
      size_t end = (q1 != std::string_view::npos && q1 + 2 < s.size() && s[q1 + 2] == '?') ? s.find("?=", q1 + 3)
                                                                                         : std::string_view::npos;
      if (end != std::string_view::npos) {
        std::string_view charset = s.substr(i + 2, q1 - i - 2);
        char enc = static_cast<char>(std::tolower(static_cast<unsigned char>(s[q1 + 1])));
        std::string_view text = s.substr(q1 + 3, end - q1 - 3);
        bool ok = !charset.empty() && (enc == 'b' || enc == 'q') &&
                  charset.find_first_of(" \t\r\n") == std::string_view::npos &&
                  text.find_first_of(" \t\r\n") == std::string_view::npos;
        if (ok) {
          std::string cs(charset.substr(0, charset.find('*')));  // RFC 2231 language suffix
          std::string bytes;
          if (enc == 'b') {
            bytes = decode_base64(text);
          } else {
            for (size_t k = 0; k < text.size(); ++k) {
              if (text[k] == '_') bytes += ' ';
              else if (text[k] == '=' && k + 2 < text.size() && hex_value(text[k + 1]) >= 0 && hex_value(text[k + 2]) >= 0) {
                bytes += static_cast<char>(hex_value(text[k + 1]) * 16 + hex_value(text[k + 2]));
                k += 2;
              } else {
                bytes += text[k];
              }
            }
          }
          if (!last_encoded) {  // whitespace between two encoded-words is not text
            raw += spaces;
            flush_raw();
          }
          spaces.clear();
          if (ascii_lower(cs) != ascii_lower(pending_charset)) flush_pending();
          pending_charset = cs;
          pending += bytes;  // a character may be split across adjacent words
          last_encoded = true;
          i = end + 2;
          continue;
        }
      }
    }
    if (is_space(s[i])) {
      spaces += s[i] == '\t' || s[i] == ' ' ? s[i] : ' ';
      ++i;
      continue;
    }
    flush_pending();
    raw += spaces;
    spaces.clear();
    raw += s[i];
    last_encoded = false;
    ++i;
  }
  flush_pending();
  raw += spaces;
  flush_raw();
  return out;
}

std::string html_to_text(std::string_view html) {
  std::string out;
  bool line_start = true, pending_space = false;
  int quote_depth = 0;
  auto text = [&](std::string_view t) {
    if (line_start) {
      for (int k = 0; k < quote_depth; ++k) out += "> ";
      line_start = false;
    } else if (pending_space) {
      out += ' ';
    }
    pending_space = false;
    out += t;
  };
  auto newline = [&] {
    if (!line_start) out += '\n';
    line_start = true;
    pending_space = false;
  };
  auto paragraph = [&] {
    newline();
    if (!out.empty() && !ends_with(out, "\n\n")) out += '\n';
  };
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (starts_with(html.substr(i), "<!--")) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      size_t j = i + 1;
      bool closing = j < html.size() && html[j] == '/';
      if (closing) ++j;
      size_t name_start = j;
      while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      std::string tag = ascii_lower(html.substr(name_start, j - name_start));
      size_t end = html.find('>', j);
      if (tag.empty() && !(j < html.size() && (html[j] == '!' || html[j] == '?'))) {
        text("<");  // a lone '<' in text
        ++i;
        continue;
      }
      i = end == std::string_view::npos ? html.size() : end + 1;
      if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
        size_t close = find_ci(html, "</" + tag, i);
        size_t gt = close == std::string_view::npos ? close : html.find('>', close);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (tag == "br") {
        if (line_start && !out.empty()) out += '\n';  // an empty line the author made
        newline();
      } else if (tag == "p") {
        paragraph();
      } else if (tag == "blockquote") {
        newline();
        quote_depth = std::max(0, quote_depth + (closing ? -1 : 1));
      } else if (tag == "li" && !closing) {
        newline();
        text("- ");
        pending_space = false;
      } else if (is_block_tag(tag)) {
        newline();
      } else if (tag == "td" || tag == "th") {
        pending_space = true;
      }
      continue;
    }
    if (c == '&') {
      size_t semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string decoded = decode_entity(html.substr(i + 1, semi - i - 1));
        if (!decoded.empty()) {
          text(decoded);
          i = semi + 1;
          continue;
        }
      }
      text("&");
      ++i;
      continue;
    }
    if (is_space(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < html.size() && html[j] != '<' && html[j] != '&' && !is_space(html[j])) ++j;
    text(html.substr(i, j - i));
    i = j;
  }
  // Tidy: no trailing spaces on lines, at most one empty line in a row, no blank ends.
  std::string tidy;
  size_t blank_run = 0;
  size_t pos = 0;
  while (pos <= out.size()) {
    size_t nl = out.find('\n', pos);
    std::string line = out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    rtrim(line);
    if (line.empty() || line == ">" || trim_view(line).find_first_not_of("> ") == std::string_view::npos) {
      if (!tidy.empty() && blank_run++ == 0) tidy += '\n';
    } else {
      blank_run = 0;
      tidy += line;
      tidy += '\n';
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  rtrim(tidy);
  return tidy;
}

std::string extract_reply(std::string_view body) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t nl = body.find('\n', pos);
    lines.push_back(body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  size_t cut = lines.size();
  bool seen_text = false;
  for (size_t i = 0; i < lines.size() && cut == lines.size(); ++i) {
    std::string_view t = trim_view(lines[i]);
    if (t.find(kReplyAboveMarker) != std::string_view::npos) { cut = i; break; }
    if (!t.empty() && t[0] == '>') {
      if (seen_text) cut = i;
      continue;  // a quotation before any text of its own: an interleaved reply, keep it
    }
    std::string lower = ascii_lower(t);
    if (opens_original_message(lower) || starts_outlook_block(lines, i)) { cut = i; break; }
    // Attribution lines, which clients wrap: "El lun, 23 nov 2026 a las 10:00, Mesa <\nm@x> escribió:"
    // A wrapped one starts with a date, so its first line has a digit and no final period.
    bool may_wrap = std::any_of(t.begin(), t.end(), is_digit) && !ends_with(t, ".");
    std::string joined(t);
    for (size_t k = i; k < lines.size() && k < i + 3; ++k) {
      if (k > i) {
        std::string next = ascii_lower(trim_view(lines[k]));
        if (!may_wrap || next.empty() || starts_with(next, "el ") || starts_with(next, "on ")) break;
        joined += ' ';
        joined += next;
      }
      if (is_attribution(ascii_lower(joined))) { cut = i; break; }
    }
    if (cut != lines.size()) break;
    if (!t.empty()) seen_text = true;
  }
  while (cut > 0 && (trim_view(lines[cut - 1]).empty() || is_rule_line(trim_view(lines[cut - 1])))) --cut;
  std::string out;
  for (size_t i = 0; i < cut; ++i) {
    std::string_view line = lines[i];
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    out += line;
    if (i + 1 < cut) out += '\n';
  }
  rtrim(out);
  return out;
}

Result<InboundMessage> parse_message(std::string_view raw) {
  auto entity = split_entity(raw, true);
  if (!entity)
    return Error::bad_request("mail.malformed",
                              "El mensaje no tiene el formato de un correo: faltan los encabezados o la "
                              "línea en blanco que los separa del cuerpo");
  finish_headers(*entity);
  const Entity& e = *entity;

  InboundMessage m;
  auto from = parse_addresses(e.value("from"));
  if (from.empty())
    return Error::bad_request("mail.malformed", "El mensaje no indica un remitente válido (From)");
  m.from_address = from.front().address;
  m.from_name = from.front().name;
  m.subject = decode_header_text(e.value("subject"));
  std::replace(m.subject.begin(), m.subject.end(), '\t', ' ');
  m.subject = std::string(trim_view(m.subject));
  auto ids = parse_msg_ids(e.value("message-id"));
  if (!ids.empty()) m.message_id = ids.front();
  auto reply_to = parse_msg_ids(e.value("in-reply-to"));
  if (!reply_to.empty()) m.in_reply_to = reply_to.front();
  m.references = parse_msg_ids(e.value("references"));
  for (const auto& h : e.headers)
    if (h.name == "to" || h.name == "cc")
      for (auto& mb : parse_addresses(h.value)) m.to_addresses.push_back(std::move(mb.address));

  Walker walker(m.attachments);
  BodyText body = walker.walk(e, 0);
  m.text_body = std::move(body.text);
  m.reply_text = extract_reply(m.text_body);
  return m;
}

std::optional<int64_t> ticket_number_from(const InboundMessage& message, std::string_view subject_tag) {
  auto digits_value = [](std::string_view s) -> std::optional<int64_t> {
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), is_digit)) return std::nullopt;
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
  };
  if (!subject_tag.empty()) {
    std::string subject = ascii_lower(message.subject);
    std::string open = "[" + ascii_lower(subject_tag) + "-";
    size_t i = 0;
    while ((i = subject.find(open, i)) != std::string::npos) {
      size_t start = i + open.size();
      size_t close = subject.find(']', start);
      if (close != std::string::npos)
        if (auto n = digits_value(std::string_view(subject).substr(start, close - start))) return n;
      i = start;
    }
  }
  for (const auto& address : message.to_addresses) {
    size_t at = address.rfind('@');
    if (at == std::string::npos) continue;
    std::string_view local = std::string_view(address).substr(0, at);
    size_t plus = local.rfind('+');
    if (plus == std::string_view::npos) continue;
    if (auto n = digits_value(local.substr(plus + 1))) return n;
  }
  return std::nullopt;
}

}  // namespace tequio::mail
