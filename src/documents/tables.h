// Tabular exports: rows of text as CSV (what spreadsheets open directly) and as an .xlsx
// workbook (libxlsxwriter). Every cell is written as text, never as a formula, so opening an
// export never runs anything. Infrastructure failures (temporary files, the writer) throw
// std::runtime_error.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace tequio::documents {

struct SheetColumn {
  std::string title;
  double width = 12;  // in spreadsheet character widths (.xlsx only)
};

// RFC 4180 with a UTF-8 BOM (Excel reads the file as UTF-8 only with it) and CRLF line ends:
// the column titles, then the rows.
std::string to_csv(const std::vector<SheetColumn>& columns, const std::vector<std::vector<std::string>>& rows);

// One worksheet named `sheet` (at most 31 characters, none of []:*?/\) with a bold, frozen
// header row with an autofilter, the columns' widths, and the rows as strings. Rows go to disk
// as they are written, so tens of thousands of rows take little memory.
std::string to_xlsx(const std::vector<SheetColumn>& columns, const std::vector<std::vector<std::string>>& rows,
                    const std::string& sheet);

// One CSV field. Text a spreadsheet would run as a formula (= + - @, and tab or CR that some of
// them skip first) gets a leading apostrophe (OWASP's CSV injection advice).
std::string csv_field(std::string v);

// XML 1.0 forbids most control characters; they are dropped rather than write a broken workbook.
std::string xml_safe(const std::string& s);

// A private directory (mkdtemp, 0700) removed with everything in it when this goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tequio::documents
