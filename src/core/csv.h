// RFC 4180 CSV reading for imports: quoted fields, doubled quotes, CRLF or LF, UTF-8 BOM.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tequio {

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Fails (400) on invalid UTF-8, an unterminated quote, or more than max_records records.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, size_t max_records);

}  // namespace tequio
