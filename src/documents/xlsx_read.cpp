// Reading the first worksheet of an .xlsx (see xlsx_read.h). The archive is opened with
// libzip from memory; the few XML parts needed are read through a small pull scanner that
// knows elements, attributes, text, CDATA, comments and processing instructions — enough for
// SpreadsheetML, and it never expands DTD entities. Every entry read counts against one
// budget of uncompressed bytes, and so does the text handed back (shared strings can be
// repeated in many cells, so the output is bounded too).
#include "documents/xlsx_read.h"

#include "core/text.h"

#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tequio {
namespace {

constexpr size_t kMaxColumns = 16384;  // XFD, Excel's limit

Error invalid_xlsx() {
  return Error::invalid("import.xlsx_invalid", "El archivo no es un libro de Excel (.xlsx) legible", "file");
}

std::string human_size(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MB";
  if (bytes >= 1024) return std::to_string(bytes / 1024) + " KB";
  return std::to_string(bytes) + " bytes";
}

Error too_large(size_t limit) {
  return Error::invalid("import.xlsx_too_large",
                        "El libro de Excel es demasiado grande una vez descomprimido (límite: " +
                            human_size(limit) + ")",
                        "file");
}

Error too_many_rows(size_t limit) {
  return Error::invalid("import.too_many_rows",
                        "La hoja tiene más de " + std::to_string(limit) + " filas con datos", "file");
}

// ---- text helpers --------------------------------------------------------------------------


int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `raw` with the five predefined entities and character references resolved. Anything
// else that starts with '&' is kept literally (documents that reach us are not validated).
void append_unescaped(std::string& out, std::string_view raw) {
  size_t i = 0;
  while (i < raw.size()) {
    size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      return;
    }
    out.append(raw.substr(i, amp - i));
    size_t semi = raw.find(';', amp + 1);
    if (semi == std::string_view::npos || semi - amp > 12) {
      out += '&';
      i = amp + 1;
      continue;
    }
    std::string_view ent = raw.substr(amp + 1, semi - amp - 1);
    bool ok = true;
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() >= 2 && ent[0] == '#') {
      uint32_t cp = 0;
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) ok = false;
      for (char c : digits) {
        int d = hex ? hex_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (d < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (ok) append_utf8(out, cp);
    } else {
      ok = false;
    }
    if (!ok) {
      out += '&';
      i = amp + 1;
    } else {
      i = semi + 1;
    }
  }
}

std::string unescaped(std::string_view raw) {
  std::string out;
  append_unescaped(out, raw);
  return out;
}

// OOXML string escapes (ST_Xstring): "_xHHHH_" stands for one UTF-16 code unit; Excel writes
// "_x005F_" for a literal underscore that would otherwise start such an escape.
std::string decode_ooxml_escapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto unit_at = [&](size_t i) -> int32_t {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
    int32_t v = 0;
    for (size_t k = i + 2; k < i + 6; ++k) {
      int d = hex_value(s[k]);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  };
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    int32_t u = unit_at(i);
    if (u < 0) {
      out += s[i++];
      continue;
    }
    i += 7;
    uint32_t cp = static_cast<uint32_t>(u);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      int32_t low = unit_at(i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
        i += 7;
      }
    }
    append_utf8(out, cp);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<size_t> parse_size(std::string_view s) {
  size_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// ---- XML pull scanner ----------------------------------------------------------------------

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view local_name(std::string_view qname) {
  size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

struct XmlToken {
  enum class Kind { kStart, kEnd, kText, kCData, kEof, kError };
  Kind kind = Kind::kEof;
  std::string_view name;   // local name, for kStart and kEnd
  std::string_view attrs;  // raw attribute text, for kStart
  bool self_closing = false;
  std::string_view text;   // raw (still escaped) for kText, literal for kCData
};

// Looks up an attribute by local name (any prefix but "xmlns"); nullopt when absent.
std::optional<std::string> xml_attr(std::string_view attrs, std::string_view name) {
  size_t i = 0;
  const size_t n = attrs.size();
  while (i < n) {
    while (i < n && is_xml_space(attrs[i])) ++i;
    size_t name_start = i;
    while (i < n && attrs[i] != '=' && !is_xml_space(attrs[i])) ++i;
    std::string_view qname = attrs.substr(name_start, i - name_start);
    while (i < n && is_xml_space(attrs[i])) ++i;
    if (i >= n || attrs[i] != '=') return std::nullopt;  // malformed: stop looking
    ++i;
    while (i < n && is_xml_space(attrs[i])) ++i;
    if (i >= n || (attrs[i] != '"' && attrs[i] != '\'')) return std::nullopt;
    char quote = attrs[i++];
    size_t value_start = i;
    while (i < n && attrs[i] != quote) ++i;
    if (i >= n) return std::nullopt;
    std::string_view value = attrs.substr(value_start, i - value_start);
    ++i;
    size_t colon = qname.find(':');
    bool is_ns = qname == "xmlns" || (colon != std::string_view::npos && qname.substr(0, colon) == "xmlns");
    if (!is_ns && local_name(qname) == name) return unescaped(value);
  }
  return std::nullopt;
}

class XmlScanner {
 public:
  explicit XmlScanner(std::string_view doc) : s_(doc) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  XmlToken next() {
    XmlToken t;
    while (true) {
      if (pos_ >= s_.size()) {
        t.kind = XmlToken::Kind::kEof;
        return t;
      }
      if (s_[pos_] != '<') {
        size_t lt = s_.find('<', pos_);
        if (lt == std::string_view::npos) lt = s_.size();
        t.kind = XmlToken::Kind::kText;
        t.text = s_.substr(pos_, lt - pos_);
        pos_ = lt;
        return t;
      }
      std::string_view rest = s_.substr(pos_);
      if (rest.substr(0, 4) == "<!--") {
        if (!skip_past("-->")) return error();
        continue;
      }
      if (rest.substr(0, 9) == "<![CDATA[") {
        size_t end = s_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return error();
        t.kind = XmlToken::Kind::kCData;
        t.text = s_.substr(pos_ + 9, end - pos_ - 9);
        pos_ = end + 3;
        return t;
      }
      if (rest.substr(0, 2) == "<?") {
        if (!skip_past("?>")) return error();
        continue;
      }
      if (rest.substr(0, 2) == "<!") {  // DOCTYPE: skipped, internal subset included, never expanded
        size_t i = pos_ + 2;
        int brackets = 0;
        while (i < s_.size() && (s_[i] != '>' || brackets > 0)) {
          if (s_[i] == '[') ++brackets;
          else if (s_[i] == ']' && brackets > 0) --brackets;
          ++i;
        }
        if (i >= s_.size()) return error();
        pos_ = i + 1;
        continue;
      }
      if (rest.substr(0, 2) == "</") {
        size_t gt = s_.find('>', pos_);
        if (gt == std::string_view::npos) return error();
        std::string_view name = s_.substr(pos_ + 2, gt - pos_ - 2);
        while (!name.empty() && is_xml_space(name.back())) name.remove_suffix(1);
        t.kind = XmlToken::Kind::kEnd;
        t.name = local_name(name);
        pos_ = gt + 1;
        return t;
      }
      // Start tag: name, then attributes up to the '>' that is not inside a quoted value.
      size_t i = pos_ + 1;
      while (i < s_.size() && !is_xml_space(s_[i]) && s_[i] != '>' && s_[i] != '/') ++i;
      std::string_view name = s_.substr(pos_ + 1, i - pos_ - 1);
      if (name.empty()) return error();
      size_t attrs_start = i;
      char quote = 0;
      while (i < s_.size()) {
        char c = s_[i];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
        ++i;
      }
      if (i >= s_.size()) return error();
      std::string_view attrs = s_.substr(attrs_start, i - attrs_start);
      t.self_closing = !attrs.empty() && attrs.back() == '/';
      if (t.self_closing) attrs.remove_suffix(1);
      t.kind = XmlToken::Kind::kStart;
      t.name = local_name(name);
      t.attrs = attrs;
      pos_ = i + 1;
      return t;
    }
  }

 private:
  bool skip_past(std::string_view marker) {
    size_t end = s_.find(marker, pos_ + 2);
    if (end == std::string_view::npos) return false;
    pos_ = end + marker.size();
    return true;
  }
  XmlToken error() {
    pos_ = s_.size();
    XmlToken t;
    t.kind = XmlToken::Kind::kError;
    return t;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

void append_text(std::string& out, const XmlToken& t) {
  if (t.kind == XmlToken::Kind::kText) append_unescaped(out, t.text);
  else if (t.kind == XmlToken::Kind::kCData) out.append(t.text);
}

// Consumes tokens up to the end of the element `end_name` (whose start was just read) and
// returns its text content. With `rich`, only <t> text counts and phonetic runs (<rPh>) are
// left out: that is how <si> and <is> hold plain and rich-text strings alike.
std::optional<std::string> read_element_text(XmlScanner& xml, std::string_view end_name, bool rich) {
  std::string out;
  int depth = 0;        // nested elements with the same name as the container
  int in_t = 0, in_rph = 0;
  while (true) {
    XmlToken t = xml.next();
    switch (t.kind) {
      case XmlToken::Kind::kEof:
      case XmlToken::Kind::kError:
        return std::nullopt;
      case XmlToken::Kind::kText:
      case XmlToken::Kind::kCData:
        if (!rich || (in_t > 0 && in_rph == 0)) append_text(out, t);
        break;
      case XmlToken::Kind::kStart:
        if (t.self_closing) break;
        if (t.name == end_name) ++depth;
        if (t.name == "t") ++in_t;
        if (t.name == "rPh") ++in_rph;
        break;
      case XmlToken::Kind::kEnd:
        if (t.name == end_name) {
          if (depth == 0) return out;
          --depth;
        }
        if (t.name == "t" && in_t > 0) --in_t;
        if (t.name == "rPh" && in_rph > 0) --in_rph;
        break;
    }
  }
}

// ---- zip access ----------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class Archive {
 public:
  Archive(zip_t* z, size_t budget) : zip_(z), budget_(budget), limit_(budget) {}

  bool has(const std::string& name) const { return locate(name) >= 0; }

  // nullopt and *error set when the entry is missing (kMissing) or unreadable/too large.
  enum class ReadError { kNone, kMissing, kInvalid, kTooLarge };
  std::optional<std::string> read(const std::string& name, ReadError* error) {
    *error = ReadError::kNone;
    zip_int64_t index = locate(name);
    if (index < 0) {
      *error = ReadError::kMissing;
      return std::nullopt;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0) {
      *error = ReadError::kInvalid;
      return std::nullopt;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > budget_) {
      *error = ReadError::kTooLarge;
      return std::nullopt;
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
    if (!f) {
      *error = ReadError::kInvalid;
      return std::nullopt;
    }
    std::string out;
    if (st.valid & ZIP_STAT_SIZE) out.reserve(static_cast<size_t>(st.size));
    char buf[65536];
    while (true) {
      zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
      if (n < 0) {
        *error = ReadError::kInvalid;
        return std::nullopt;
      }
      if (n == 0) break;
      if (static_cast<zip_uint64_t>(n) > budget_) {  // the declared size lied
        *error = ReadError::kTooLarge;
        return std::nullopt;
      }
      budget_ -= static_cast<size_t>(n);
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

  size_t limit() const { return limit_; }

 private:
  zip_int64_t locate(const std::string& name) const {
    return zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE | ZIP_FL_ENC_GUESS);
  }

  std::unique_ptr<zip_t, ZipCloser> zip_;
  size_t budget_;
  size_t limit_;
};

// Resolves a relationship target against the folder of the part that owns the relationships.
std::string resolve_target(std::string_view base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                           : std::string(base_dir) + std::string(target);
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= joined.size()) {
    size_t slash = joined.find('/', i);
    if (slash == std::string::npos) slash = joined.size();
    std::string seg = joined.substr(i, slash - i);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string dir_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

struct Relationship {
  std::string id, type, target;
  bool external = false;
};

std::optional<std::vector<Relationship>> parse_rels(std::string_view doc) {
  std::vector<Relationship> out;
  XmlScanner xml(doc);
  while (true) {
    XmlToken t = xml.next();
    if (t.kind == XmlToken::Kind::kEof) return out;
    if (t.kind == XmlToken::Kind::kError) return std::nullopt;
    if (t.kind != XmlToken::Kind::kStart || t.name != "Relationship") continue;
    Relationship r;
    r.id = xml_attr(t.attrs, "Id").value_or("");
    r.type = xml_attr(t.attrs, "Type").value_or("");
    r.target = xml_attr(t.attrs, "Target").value_or("");
    r.external = iequals(xml_attr(t.attrs, "TargetMode").value_or(""), "External");
    if (!r.external && !r.target.empty()) out.push_back(std::move(r));
  }
}

const Relationship* find_by_type(const std::vector<Relationship>& rels, std::string_view type_suffix) {
  for (const auto& r : rels)
    if (ends_with(r.type, type_suffix)) return &r;
  return nullptr;
}

// ---- numbers and dates ---------------------------------------------------------------------

// Rounds a digit string (no leading zeros) to `keep` significant digits; returns true when the
// carry added a digit in front (the decimal point then moves one place right).
bool round_digits(std::string& digits, size_t keep) {
  if (digits.size() <= keep) return false;
  bool up = digits[keep] >= '5';
  digits.resize(keep);
  if (!up) return false;
  for (size_t i = keep; i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return false;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
  digits.pop_back();
  return true;
}

// A numeric cell's text as written, except that integral values lose ".0" artifacts and the
// exponent form ("1.2345E+5" → "123450"), and binary floating-point noise beyond Excel's 15
// significant digits is rounded away ("12.199999999999999" → "12.2").
std::string number_text(std::string_view v) {
  while (!v.empty() && is_xml_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_xml_space(v.back())) v.remove_suffix(1);
  size_t i = 0;
  bool negative = false;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) negative = v[i++] == '-';
  size_t int_start = i;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  std::string_view int_part = v.substr(int_start, i - int_start);
  std::string_view frac_part;
  if (i < v.size() && v[i] == '.') {
    size_t frac_start = ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    frac_part = v.substr(frac_start, i - frac_start);
  }
  if (int_part.empty() && frac_part.empty()) return std::string(v);
  long exponent = 0;
  bool has_exponent = false;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    has_exponent = true;
    ++i;
    bool exp_negative = false;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) exp_negative = v[i++] == '-';
    size_t exp_start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9' && exponent < 100000) exponent = exponent * 10 + (v[i++] - '0');
    if (i == exp_start) return std::string(v);
    if (exp_negative) exponent = -exponent;
  }
  if (i != v.size()) return std::string(v);

  // value = 0.<digits> × 10^point
  std::string digits = std::string(int_part) + std::string(frac_part);
  long point = static_cast<long>(int_part.size()) + exponent;
  size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return "0";
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  digits.erase(digits.find_last_not_of('0') + 1);

  auto integral = [&] { return point >= static_cast<long>(digits.size()); };
  bool rounded = false;
  if (!integral() && digits.size() > 15) {
    if (round_digits(digits, 15)) ++point;
    size_t last = digits.find_last_not_of('0');
    if (last == std::string::npos) return "0";
    digits.erase(last + 1);
    rounded = true;
  }
  if (point > 330 || point < -330) return std::string(v);  // absurd magnitudes: leave alone
  std::string sign = negative ? "-" : "";
  if (integral()) return sign + digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  if (!has_exponent && !rounded) return std::string(v);
  std::string out = sign;
  if (point <= 0) {
    out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else {
    out += digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
  }
  return out;
}

// Days since 1970-01-01 → civil date (H. Hinnant's algorithm).
std::string iso_from_days(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
  return buf;
}

// Serial day number → ISO date, or nullopt when it is not a representable date. In the 1900
// system Excel counts a 29 February 1900 that never was (serial 60): serials from 61 on are
// days since 1899-12-30, those below since 1899-12-31, and 60 itself is no date.
std::optional<std::string> iso_from_serial(std::string_view v, bool date1904) {
  while (!v.empty() && is_xml_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_xml_space(v.back())) v.remove_suffix(1);
  double serial = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(serial)) return std::nullopt;
  double day = std::floor(serial + 1e-9);
  if (date1904) {
    if (day < 0 || day > 2957003) return std::nullopt;
    return iso_from_days(static_cast<long long>(day) - 24107);  // 1904-01-01 is day -24107
  }
  if (day < 1 || day == 60 || day > 2958465) return std::nullopt;
  long long days = static_cast<long long>(day);
  return iso_from_days(days >= 61 ? days - 25569 : days - 25568);
}

// Custom number format codes: a date when the first section shows a day, month or year (an
// "m" counts as month unless hours or seconds make it minutes). Literal text ("..."), escaped
// characters, padding (_x, *x) and [..] sections (colours, locales, elapsed time) are skipped.
bool is_date_format_code(std::string_view code) {
  bool date = false, month = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      std::string_view inner = code.substr(i + 1, end - i - 1);
      if (!inner.empty() && (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 's' || inner[0] == 'S' ||
                             inner[0] == 'm' || inner[0] == 'M'))
        time = true;  // [h]:mm elapsed time
      i = end;
      continue;
    }
    if (iequals(code.substr(i, 5), "AM/PM")) {
      time = true;
      i += 4;
      continue;
    }
    if (iequals(code.substr(i, 3), "A/P")) {
      time = true;
      i += 2;
      continue;
    }
    switch (c) {
      case 'd': case 'D': case 'y': case 'Y': date = true; break;
      case 'm': case 'M': month = true; break;
      case 'h': case 'H': case 's': case 'S': time = true; break;
      default: break;
    }
  }
  return date || (month && !time);
}

// Built-in formats that show a date (time-only ones, 18–21 and 45–47, are left as numbers);
// 27–31, 36, 50, 51, 54, 57 and 58 are the East Asian locale dates.
bool is_builtin_date_format(size_t id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 || id == 50 || id == 51 ||
         id == 54 || id == 57 || id == 58;
}

// ---- parts ---------------------------------------------------------------------------------

struct Workbook {
  std::string first_sheet_rel_id;
  bool date1904 = false;
};

std::optional<Workbook> parse_workbook(std::string_view doc) {
  Workbook wb;
  XmlScanner xml(doc);
  bool in_sheets = false, seen_root = false;
  while (true) {
    XmlToken t = xml.next();
    if (t.kind == XmlToken::Kind::kEof) break;
    if (t.kind == XmlToken::Kind::kError) return std::nullopt;
    if (t.kind == XmlToken::Kind::kEnd && t.name == "sheets") in_sheets = false;
    if (t.kind != XmlToken::Kind::kStart) continue;
    if (!seen_root) {
      if (t.name != "workbook") return std::nullopt;
      seen_root = true;
    }
    if (t.name == "workbookPr") {
      std::string v = xml_attr(t.attrs, "date1904").value_or("");
      wb.date1904 = v == "1" || iequals(v, "true");
    } else if (t.name == "sheets" && !t.self_closing) {
      in_sheets = true;
    } else if (in_sheets && t.name == "sheet" && wb.first_sheet_rel_id.empty()) {
      wb.first_sheet_rel_id = xml_attr(t.attrs, "id").value_or("");
    }
  }
  if (!seen_root) return std::nullopt;
  return wb;
}

std::optional<std::vector<std::string>> parse_shared_strings(std::string_view doc) {
  std::vector<std::string> out;
  XmlScanner xml(doc);
  while (true) {
    XmlToken t = xml.next();
    if (t.kind == XmlToken::Kind::kEof) return out;
    if (t.kind == XmlToken::Kind::kError) return std::nullopt;
    if (t.kind != XmlToken::Kind::kStart || t.name != "si") continue;
    if (t.self_closing) {
      out.emplace_back();
      continue;
    }
    auto text = read_element_text(xml, "si", true);
    if (!text) return std::nullopt;
    out.push_back(decode_ooxml_escapes(std::move(*text)));
  }
}

// For each cellXfs entry (the cell's s attribute indexes it): does it format a date?
std::optional<std::vector<bool>> parse_date_styles(std::string_view doc) {
  std::map<size_t, bool> custom;  // numFmtId → is a date
  std::vector<size_t> xf_formats;
  XmlScanner xml(doc);
  bool in_numfmts = false, in_cellxfs = false;
  while (true) {
    XmlToken t = xml.next();
    if (t.kind == XmlToken::Kind::kEof) break;
    if (t.kind == XmlToken::Kind::kError) return std::nullopt;
    if (t.kind == XmlToken::Kind::kEnd) {
      if (t.name == "numFmts") in_numfmts = false;
      if (t.name == "cellXfs") in_cellxfs = false;
      continue;
    }
    if (t.kind != XmlToken::Kind::kStart) continue;
    if (t.name == "numFmts") {
      in_numfmts = !t.self_closing;
    } else if (t.name == "cellXfs") {
      in_cellxfs = !t.self_closing;
    } else if (in_numfmts && t.name == "numFmt") {
      auto id = parse_size(xml_attr(t.attrs, "numFmtId").value_or(""));
      if (id) custom[*id] = is_date_format_code(xml_attr(t.attrs, "formatCode").value_or(""));
    } else if (in_cellxfs && t.name == "xf") {
      xf_formats.push_back(parse_size(xml_attr(t.attrs, "numFmtId").value_or("0")).value_or(0));
    }
  }
  std::vector<bool> out;
  out.reserve(xf_formats.size());
  for (size_t id : xf_formats) {
    auto it = custom.find(id);
    out.push_back(it != custom.end() ? it->second : is_builtin_date_format(id));
  }
  return out;
}

// "AB12" → 27 (1-based column); 0 when the reference has no column letters or is out of range.
size_t column_of(std::string_view ref) {
  size_t col = 0, i = 0;
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
    if (col > kMaxColumns) return kMaxColumns + 1;
  }
  return i == 0 ? 0 : col;
}

struct SheetContext {
  const std::vector<std::string>* shared = nullptr;
  const std::vector<bool>* date_styles = nullptr;
  bool date1904 = false;
  size_t max_rows = 0;
  size_t output_budget = 0;  // bytes the rows may take (text plus one std::string per cell)
  size_t limit = 0;          // for the message
};

Result<std::vector<SheetRow>> parse_sheet(std::string_view doc, const SheetContext& ctx) {
  std::vector<SheetRow> rows;
  XmlScanner xml(doc);
  size_t budget = ctx.output_budget;
  bool in_data = false, in_row = false, seen_root = false;
  SheetRow row;
  size_t prev_row = 0, prev_col = 0;

  auto finish_row = [&]() -> std::optional<Error> {
    in_row = false;
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    if (row.cells.empty()) return std::nullopt;
    if (rows.size() >= ctx.max_rows) return too_many_rows(ctx.max_rows);
    size_t cost = row.cells.size() * sizeof(std::string);
    for (const auto& c : row.cells) cost += c.size();
    if (cost > budget) return too_large(ctx.limit);
    budget -= cost;
    rows.push_back(std::move(row));
    row = SheetRow{};
    return std::nullopt;
  };

  while (true) {
    XmlToken t = xml.next();
    if (t.kind == XmlToken::Kind::kEof) break;
    if (t.kind == XmlToken::Kind::kError) return invalid_xlsx();
    if (t.kind == XmlToken::Kind::kEnd) {
      if (t.name == "row" && in_row) {
        if (auto e = finish_row()) return *e;
      } else if (t.name == "sheetData") {
        break;
      }
      continue;
    }
    if (t.kind != XmlToken::Kind::kStart) continue;
    if (!seen_root) {
      if (t.name != "worksheet") return invalid_xlsx();
      seen_root = true;
    }
    if (t.name == "sheetData") {
      if (t.self_closing) break;
      in_data = true;
    } else if (in_data && t.name == "row") {
      auto r = parse_size(xml_attr(t.attrs, "r").value_or(""));
      row = SheetRow{};
      row.row = r && *r > 0 ? *r : prev_row + 1;
      prev_row = row.row;
      prev_col = 0;
      in_row = !t.self_closing;
    } else if (in_row && t.name == "c") {
      auto ref = xml_attr(t.attrs, "r");
      size_t col = ref ? column_of(*ref) : 0;
      if (col > kMaxColumns) return invalid_xlsx();
      if (col == 0) col = prev_col + 1;
      if (col > kMaxColumns) return invalid_xlsx();
      prev_col = col;
      if (t.self_closing) continue;  // styled but empty
      std::string type = xml_attr(t.attrs, "t").value_or("n");
      size_t style = parse_size(xml_attr(t.attrs, "s").value_or("0")).value_or(0);

      // Children: <v> value, <is> inline string, <f> formula (ignored), anything else skipped.
      std::optional<std::string> v, inline_text;
      while (true) {
        XmlToken c = xml.next();
        if (c.kind == XmlToken::Kind::kEof || c.kind == XmlToken::Kind::kError) return invalid_xlsx();
        if (c.kind == XmlToken::Kind::kEnd && c.name == "c") break;
        if (c.kind != XmlToken::Kind::kStart || c.self_closing) continue;
        if (c.name == "v") {
          v = read_element_text(xml, "v", false);
          if (!v) return invalid_xlsx();
        } else if (c.name == "is") {
          inline_text = read_element_text(xml, "is", true);
          if (!inline_text) return invalid_xlsx();
        } else if (c.name == "f" || c.name == "extLst") {
          if (!read_element_text(xml, c.name, false)) return invalid_xlsx();
        }
      }

      std::string value;
      if (type == "s") {
        if (v) {
          auto index = parse_size(*v);
          if (!index || *index >= ctx.shared->size()) return invalid_xlsx();
          value = (*ctx.shared)[*index];
        }
      } else if (type == "inlineStr") {
        if (inline_text) value = decode_ooxml_escapes(std::move(*inline_text));
        else if (v) value = std::move(*v);
      } else if (type == "str") {
        if (v) value = std::move(*v);
      } else if (type == "b") {
        if (v) value = number_text(*v) == "0" ? "false" : "true";
      } else if (type == "e") {
        // error values (#N/A, #DIV/0!…) read as empty
      } else if (type == "d") {  // ISO 8601 date cell
        if (v) value = v->size() >= 10 ? v->substr(0, 10) : *v;
      } else {  // "n" or absent
        if (v && !v->empty()) {
          bool is_date = style < ctx.date_styles->size() && (*ctx.date_styles)[style];
          std::optional<std::string> iso = is_date ? iso_from_serial(*v, ctx.date1904) : std::nullopt;
          value = iso ? std::move(*iso) : number_text(*v);
        }
      }
      if (value.empty()) continue;
      if (row.cells.size() < col) row.cells.resize(col);
      if (value.size() > budget) return too_large(ctx.limit);
      row.cells[col - 1] = std::move(value);
    }
  }
  if (!seen_root) return invalid_xlsx();
  if (in_row)
    if (auto e = finish_row()) return *e;
  return rows;
}

Result<std::vector<SheetRow>> read(Archive& archive, size_t max_rows) {
  using RE = Archive::ReadError;
  RE err = RE::kNone;
  auto fail = [&](RE e) -> Error { return e == RE::kTooLarge ? too_large(archive.limit()) : invalid_xlsx(); };

  // The workbook part: from the package relationships, else the usual place.
  std::string workbook_path = "xl/workbook.xml";
  if (archive.has("_rels/.rels")) {
    auto doc = archive.read("_rels/.rels", &err);
    if (!doc) return fail(err);
    auto rels = parse_rels(*doc);
    if (!rels) return invalid_xlsx();
    if (const Relationship* r = find_by_type(*rels, "/officeDocument")) {
      std::string path = resolve_target("", r->target);
      if (archive.has(path)) workbook_path = path;
    }
  }
  auto workbook_doc = archive.read(workbook_path, &err);
  if (!workbook_doc) return fail(err);
  auto workbook = parse_workbook(*workbook_doc);
  if (!workbook) return invalid_xlsx();
  workbook_doc.reset();

  std::string base = dir_of(workbook_path);
  std::string rels_path = base + "_rels/" + workbook_path.substr(base.size()) + ".rels";
  std::string sheet_path, shared_path = base + "sharedStrings.xml", styles_path = base + "styles.xml";
  if (archive.has(rels_path)) {
    auto doc = archive.read(rels_path, &err);
    if (!doc) return fail(err);
    auto rels = parse_rels(*doc);
    if (!rels) return invalid_xlsx();
    for (const auto& r : *rels)
      if (!workbook->first_sheet_rel_id.empty() && r.id == workbook->first_sheet_rel_id)
        sheet_path = resolve_target(base, r.target);
    if (const Relationship* r = find_by_type(*rels, "/sharedStrings")) shared_path = resolve_target(base, r->target);
    if (const Relationship* r = find_by_type(*rels, "/styles")) styles_path = resolve_target(base, r->target);
  }
  if (sheet_path.empty() || !archive.has(sheet_path)) sheet_path = base + "worksheets/sheet1.xml";

  std::vector<std::string> shared;
  if (archive.has(shared_path)) {
    auto doc = archive.read(shared_path, &err);
    if (!doc) return fail(err);
    auto parsed = parse_shared_strings(*doc);
    if (!parsed) return invalid_xlsx();
    shared = std::move(*parsed);
  }
  std::vector<bool> date_styles;
  if (archive.has(styles_path)) {
    auto doc = archive.read(styles_path, &err);
    if (!doc) return fail(err);
    auto parsed = parse_date_styles(*doc);
    if (!parsed) return invalid_xlsx();
    date_styles = std::move(*parsed);
  }
  auto sheet_doc = archive.read(sheet_path, &err);
  if (!sheet_doc) return fail(err);

  SheetContext ctx;
  ctx.shared = &shared;
  ctx.date_styles = &date_styles;
  ctx.date1904 = workbook->date1904;
  ctx.max_rows = max_rows;
  ctx.output_budget = archive.limit();
  ctx.limit = archive.limit();
  return parse_sheet(*sheet_doc, ctx);
}

}  // namespace

Result<std::vector<SheetRow>> read_xlsx_first_sheet(std::string_view bytes, size_t max_rows,
                                                    size_t max_uncompressed) {
  if (bytes.size() < 4 || bytes.substr(0, 2) != "PK") return invalid_xlsx();
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!src) {
    zip_error_fini(&zerr);
    return invalid_xlsx();
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &zerr);
  zip_error_fini(&zerr);
  if (!z) {
    zip_source_free(src);
    return invalid_xlsx();
  }
  Archive archive(z, max_uncompressed);
  return read(archive, max_rows);
}

}  // namespace tequio
