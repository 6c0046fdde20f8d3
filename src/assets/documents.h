// Printable documents of the computer fleet: the custody document (resguardo), the
// "carta de no adeudo", sheets of labels (Code 128 barcode + QR to the asset's page) and the
// physical-inventory campaign report. Pure functions: plain data in, PDF bytes out; no storage.
// Text is UTF-8 and laid out with pango, so accents survive (tests read it back with pdftotext).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tequio::assets {

// Header printed on every document.
struct Letterhead {
  std::string government = "H. Ayuntamiento de Oaxaca de Juárez";
  std::string office = "Dirección de Sistemas de Información";
};

struct DocAsset {
  std::string inventory_number, description, brand, model, serial, condition;
};

struct Signer {
  std::string name, position;  // either may be empty: a blank line to fill by hand
};

// Resguardo: kind "asignacion" (new custody), "transferencia" (new custody that replaces
// `previous_folio`), "devolucion" (assets returned to storage; the servant no longer answers
// for them).
struct ResguardoDoc {
  Letterhead letterhead;
  std::string folio;          // e.g. "RES-2026-000123"
  std::string date;           // local date as shown, e.g. "25 de noviembre de 2026"
  std::string kind = "asignacion";
  std::optional<std::string> previous_folio;
  std::string servant_name, servant_position, servant_area, servant_employee_number;
  std::vector<DocAsset> assets;
  std::string notes;
  Signer servant, area_head, dsi;  // the three signature lines
};
std::string render_resguardo_pdf(const ResguardoDoc& doc);

// Carta de no adeudo: the servant has nothing in custody on `date`.
struct NoAdeudoDoc {
  Letterhead letterhead;
  std::string folio, date;
  std::string servant_name, servant_position, servant_area, servant_employee_number;
  std::string notes;
  Signer dsi;
};
std::string render_no_adeudo_pdf(const NoAdeudoDoc& doc);

// Label stock: sheet size and grid, in millimetres.
struct LabelFormat {
  std::string code;   // "letter-30", "a4-24", …
  std::string name;   // Spanish, e.g. "Carta, 30 etiquetas de 66.7 × 25.4 mm (tipo 5160)"
  std::string page;   // "letter" or "a4"
  int columns = 0, rows = 0;
  double label_width = 0, label_height = 0;
  double margin_top = 0, margin_left = 0, gap_x = 0, gap_y = 0;
};
const std::vector<LabelFormat>& label_formats();

struct LabelItem {
  std::string inventory_number;  // printed and encoded as Code 128
  std::string caption;           // one short line, e.g. "Laptop · Dell Latitude 3420"
  std::string url;               // encoded in the QR code
};
// `skip` leaves that many positions empty at the start of the first sheet (a partly used sheet).
// Unknown format → 400 with field "format".
Result<std::string> render_labels_pdf(const std::string& format_code, const std::vector<LabelItem>& items,
                                      int skip = 0);
// The same, printing `letterhead.office` small on labels tall enough for it (≥ 24 mm). Also
// 422: no items (field "assets"), `skip` outside 0 … labels per sheet − 1 (field "skip").
Result<std::string> render_labels_pdf(const std::string& format_code, const std::vector<LabelItem>& items, int skip,
                                      const Letterhead& letterhead);

// Code 128 (subset B, with C for runs of digits) as module widths: bars and spaces alternate,
// starting with a bar, including start, checksum and stop codes. Characters outside
// printable ASCII are not allowed (returns empty).
std::vector<int> code128_widths(std::string_view text);

// A titled table report (the campaign reconciliation, any list): landscape when wide.
struct TableReport {
  Letterhead letterhead;
  std::string title, subtitle, footer;
  std::vector<std::pair<std::string, std::string>> summary;  // label → value lines above the table
  std::vector<std::string> headers;
  std::vector<double> widths;  // relative column widths, same size as headers
  std::vector<std::vector<std::string>> rows;
};
std::string render_table_pdf(const TableReport& report);

}  // namespace tequio::assets
