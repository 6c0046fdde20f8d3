// Reading the first worksheet of an .xlsx file (Office Open XML) for imports: shared and
// inline strings, numbers, booleans; dates come as the serial number text unless the cell's
// style is a date format, in which case as ISO "YYYY-MM-DD". No formulas are evaluated (the
// cached value is used). Rows keep their spreadsheet row number for error reports.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tequio {

struct SheetRow {
  size_t row = 0;                    // 1-based row number in the sheet
  std::vector<std::string> cells;    // column A is cells[0]; missing cells are ""
};

// Fails with 422 (field "file") when the bytes are not a readable .xlsx, the archive would
// expand beyond max_uncompressed bytes (zip bombs), or the sheet has more than max_rows rows.
Result<std::vector<SheetRow>> read_xlsx_first_sheet(std::string_view bytes, size_t max_rows,
                                                    size_t max_uncompressed = 64u << 20);

}  // namespace tequio
