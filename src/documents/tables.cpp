#include "documents/tables.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tequio::documents {

std::string csv_field(std::string v) {
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(0, "'");
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string to_csv(const std::vector<SheetColumn>& columns, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += csv_field(cells[i]);
    }
    out += "\r\n";
  };
  std::vector<std::string> header;
  for (auto& c : columns) header.push_back(c.title);
  line(header);
  for (auto& r : rows) line(r);
  return out;
}

std::string xml_safe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s)
    if (c >= 0x20 || c == '\t' || c == '\n') out += static_cast<char>(c);
  return out;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "tequio-export-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("no se pudo crear el directorio temporal de la exportación");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string to_xlsx(const std::vector<SheetColumn>& columns, const std::vector<std::vector<std::string>>& rows,
                    const std::string& sheet) {
  TempDir dir;
  std::string file = (dir.path() / "export.xlsx").string();
  std::string tmp = dir.path().string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to disk as written
  options.tmpdir = tmp.data();
  lxw_workbook* wb = workbook_new_opt(file.c_str(), &options);
  if (!wb) throw std::runtime_error("no se pudo crear el libro XLSX");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  if (!ws) {
    workbook_close(wb);
    throw std::runtime_error("nombre de hoja XLSX no válido: " + sheet);
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width, nullptr);
  for (size_t c = 0; c < columns.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), xml_safe(columns[c].title).c_str(), bold);
  worksheet_freeze_panes(ws, 1, 0);
  if (!columns.empty())
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), static_cast<lxw_col_t>(columns.size() - 1));
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      // Strings, never formulas: nothing in a cell runs when the workbook is opened.
      worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), xml_safe(rows[r][c]).c_str(),
                             nullptr);
    }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("no se pudo escribir el libro XLSX: ") + lxw_strerror(err));
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("no se pudo leer el libro XLSX");
  return bytes.str();
}

}  // namespace tequio::documents
