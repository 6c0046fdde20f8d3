#include "core/csv.h"

#include "core/text.h"

namespace tequio {

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, size_t max_records) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!valid_utf8(text)) return Error::bad_request("csv.invalid_utf8", "El archivo CSV no es UTF-8 válido");
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  size_t line = 1;
  rec.line = 1;
  bool in_quotes = false, field_started = false;
  auto end_record = [&]() {
    rec.fields.push_back(std::move(field));
    field.clear();
    bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
    if (!blank) out.push_back(std::move(rec));
    rec = CsvRecord{};
    rec.line = line;
    field_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      rec.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      ++line;
      end_record();
      if (out.size() > max_records)
        return Error::of(ErrorKind::kTooLarge, "csv.too_many_rows",
                         "El archivo tiene más de " + std::to_string(max_records) + " filas");
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) return Error::bad_request("csv.unterminated_quote", "El CSV tiene comillas sin cerrar");
  if (!field.empty() || !rec.fields.empty()) end_record();
  if (out.size() > max_records)
    return Error::of(ErrorKind::kTooLarge, "csv.too_many_rows",
                     "El archivo tiene más de " + std::to_string(max_records) + " filas");
  return out;
}

}  // namespace tequio
