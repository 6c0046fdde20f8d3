// The fleet's printable documents on top of documents/pdf.h. Labels are drawn straight on a
// cairo surface (a grid of stock, no footer); the rest are paginated text documents.
#include "assets/documents.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "documents/pdf.h"

namespace tequio::assets {

using documents::Align;
using documents::Column;
using documents::kPointsPerMm;
using documents::PageSetup;
using documents::Pdf;
using documents::Style;

// ---- Code 128 ----------------------------------------------------------------------------------

namespace {

// Bar/space widths of symbol values 0…105 (ISO/IEC 15417, table 1); 106 is the stop pattern,
// whose 7th element is the terminating bar.
constexpr const char* kCode128[107] = {
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112"};

constexpr int kStartB = 104, kStartC = 105, kCodeB = 100, kCodeC = 99, kStop = 106;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t digit_run(std::string_view s, size_t i) {
  size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

}  // namespace

std::vector<int> code128_widths(std::string_view text) {
  if (text.empty()) return {};
  for (char c : text)
    if (c < 32 || c > 126) return {};
  // Symbol values: set C packs two digits per symbol, so long digit runs use it (at the start
  // from 4 digits, at the end from 4, in the middle from 6, where the two switches pay off).
  std::vector<int> values;
  bool in_c = false;
  size_t i = 0;
  size_t lead = digit_run(text, 0);
  if (lead >= 4 || (lead == 2 && text.size() == 2)) {
    values.push_back(kStartC);
    in_c = true;
  } else {
    values.push_back(kStartB);
  }
  while (i < text.size()) {
    size_t run = digit_run(text, i);
    if (in_c) {
      if (run >= 2) {
        values.push_back((text[i] - '0') * 10 + (text[i + 1] - '0'));
        i += 2;
        continue;
      }
      values.push_back(kCodeB);
      in_c = false;
    }
    bool at_end = i + run == text.size();
    if (run >= 6 || (run >= 4 && at_end)) {
      if (run % 2 == 1) {  // the odd digit goes in B, so C gets whole pairs
        values.push_back(text[i] - 32);
        ++i;
      }
      values.push_back(kCodeC);
      in_c = true;
      continue;
    }
    values.push_back(text[i] - 32);
    ++i;
  }
  long checksum = values[0];
  for (size_t k = 1; k < values.size(); ++k) checksum += static_cast<long>(k) * values[k];
  values.push_back(static_cast<int>(checksum % 103));
  values.push_back(kStop);
  std::vector<int> widths;
  widths.reserve(values.size() * 6 + 1);
  for (int v : values)
    for (const char* p = kCode128[v]; *p; ++p) widths.push_back(*p - '0');
  return widths;
}

// ---- letterhead, signatures --------------------------------------------------------------------

namespace {

const char* const kDsi = "Dirección de Sistemas de Información";

std::string office_of(const Letterhead& l) { return l.office.empty() ? kDsi : l.office; }

// Government and office centred over a rule, at the top of the first page.
void draw_letterhead(Pdf& pdf, const Letterhead& l) {
  if (!l.government.empty()) pdf.paragraph(l.government, Style{13, true, 0.1}, 2, Align::kCenter);
  if (!l.office.empty()) pdf.paragraph(l.office, Style{10.5, false, 0.3}, 6, Align::kCenter);
  pdf.rule(0.55, 0.8);
  pdf.advance(14);
}

void draw_title(Pdf& pdf, const std::string& title, const std::string& subtitle) {
  pdf.paragraph(title, Style{14, true}, subtitle.empty() ? 10 : 3, Align::kCenter);
  if (!subtitle.empty()) pdf.paragraph(subtitle, Style{9.5, false, 0.3}, 10, Align::kCenter);
}

// "Folio: X" on the left and "Fecha: Y" on the right of one line.
void draw_folio_and_date(Pdf& pdf, const std::string& folio, const std::string& date) {
  Style s{10, true};
  double h = std::max(pdf.measure("Folio: " + folio, s, pdf.content_width() / 2),
                      pdf.measure("Fecha: " + date, s, pdf.content_width() / 2));
  pdf.ensure(h);
  pdf.text("Folio: " + folio, s, pdf.left(), pdf.y(), pdf.content_width() / 2);
  pdf.text("Fecha: " + date, s, pdf.left() + pdf.content_width() / 2, pdf.y(), pdf.content_width() / 2, Align::kRight);
  pdf.advance(h + 10);
}

// Label/value cells in a framed grid of `columns` columns.
void draw_fields(Pdf& pdf, const std::vector<std::pair<std::string, std::string>>& fields, int columns) {
  const double pad = 5;
  Style label{7.5, false, 0.4}, value{10, false};
  double col_w = pdf.content_width() / columns;
  std::vector<double> heights;
  for (size_t r = 0; r < fields.size(); r += static_cast<size_t>(columns)) {
    double h = 0;
    for (size_t c = r; c < std::min(fields.size(), r + static_cast<size_t>(columns)); ++c)
      h = std::max(h, pdf.measure(fields[c].first, label, col_w - 2 * pad) + 1 +
                          pdf.measure(fields[c].second.empty() ? " " : fields[c].second, value, col_w - 2 * pad));
    heights.push_back(h + 2 * pad);
  }
  double total = 0;
  for (double h : heights) total += h;
  pdf.ensure(total);
  double top = pdf.y();
  cairo_t* cr = pdf.cr();
  cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
  cairo_rectangle(cr, pdf.left(), top, pdf.content_width(), total);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
  cairo_set_line_width(cr, 0.5);
  cairo_rectangle(cr, pdf.left(), top, pdf.content_width(), total);
  cairo_stroke(cr);
  double y = top;
  for (size_t r = 0, row = 0; r < fields.size(); r += static_cast<size_t>(columns), ++row) {
    for (size_t c = r; c < std::min(fields.size(), r + static_cast<size_t>(columns)); ++c) {
      double x = pdf.left() + col_w * static_cast<double>(c - r) + pad;
      double lh = pdf.text(fields[c].first, label, x, y + pad, col_w - 2 * pad);
      pdf.text(fields[c].second, value, x, y + pad + lh + 1, col_w - 2 * pad);
    }
    y += heights[row];
  }
  pdf.set_y(top + total + 12);
}

struct SignatureBox {
  std::string role;     // above the line: "Recibe", "Vo. Bo.", "Entrega"
  Signer signer;        // under the line
  std::string caption;  // under the name: "Resguardante", "Titular del área", …
};

constexpr double kSignatureSpace = 48;  // room to sign above the line

double signature_height(Pdf& pdf, const std::vector<SignatureBox>& boxes, double width) {
  double h = 0;
  for (auto& b : boxes) {
    double v = pdf.measure(b.role.empty() ? " " : b.role, Style{9, true}, width) + kSignatureSpace + 4 +
               pdf.measure(b.signer.name.empty() ? " " : b.signer.name, Style{9, true}, width) +
               pdf.measure(b.signer.position.empty() ? " " : b.signer.position, Style{8.5}, width) +
               pdf.measure(b.caption.empty() ? " " : b.caption, Style{8, false, 0.4}, width);
    h = std::max(h, v);
  }
  return h;
}

constexpr double kSignatureGap = 22, kSignatureAbove = 24;

double signature_width(Pdf& pdf, size_t boxes) {
  double n = static_cast<double>(boxes);
  return boxes == 1 ? pdf.content_width() * 0.45 : (pdf.content_width() - kSignatureGap * (n - 1)) / n;
}

// What draw_signatures needs below the cursor.
double signatures_height(Pdf& pdf, const std::vector<SignatureBox>& boxes) {
  return signature_height(pdf, boxes, signature_width(pdf, boxes.size())) + kSignatureAbove;
}

// Signature lines side by side at the bottom of the page (a new page if they do not fit below
// what is already drawn).
void draw_signatures(Pdf& pdf, const std::vector<SignatureBox>& boxes) {
  const double gap = kSignatureGap;
  double width = signature_width(pdf, boxes.size());
  double h = signature_height(pdf, boxes, width);
  pdf.ensure(h + kSignatureAbove);
  double top = std::max(pdf.y() + kSignatureAbove, pdf.bottom() - h);
  double x = boxes.size() == 1 ? pdf.left() + (pdf.content_width() - width) / 2 : pdf.left();
  cairo_t* cr = pdf.cr();
  for (auto& b : boxes) {
    double y = top;
    y += pdf.text(b.role, Style{9, true}, x, y, width, Align::kCenter) + kSignatureSpace;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, x + 6, y);
    cairo_line_to(cr, x + width - 6, y);
    cairo_stroke(cr);
    y += 4;
    // An empty name or position keeps its line, blank, to be filled in by hand.
    y += pdf.text(b.signer.name.empty() ? " " : b.signer.name, Style{9, true}, x, y, width, Align::kCenter);
    y += pdf.text(b.signer.position.empty() ? " " : b.signer.position, Style{8.5}, x, y, width, Align::kCenter);
    pdf.text(b.caption, Style{8, false, 0.4}, x, y, width, Align::kCenter);
    x += width + gap;
  }
  pdf.set_y(top + h);
}

std::string notes_text(const std::string& notes) { return notes.empty() ? "" : "Observaciones: " + notes; }

void draw_notes(Pdf& pdf, const std::string& notes) {
  if (notes.empty()) return;
  pdf.paragraph(notes_text(notes), Style{9.5}, 8);
}

const Style kBody{9.5, false, 0.1};

}  // namespace

// ---- resguardo ---------------------------------------------------------------------------------

std::string render_resguardo_pdf(const ResguardoDoc& doc) {
  bool returned = doc.kind == "devolucion";
  bool transfer = doc.kind == "transferencia";
  std::string title = returned ? "CONSTANCIA DE DEVOLUCIÓN DE BIENES" : "RESGUARDO DE BIENES INFORMÁTICOS";
  std::string subtitle;
  if (transfer)
    subtitle = doc.previous_folio && !doc.previous_folio->empty()
                   ? "Transferencia de resguardo · Sustituye al resguardo " + *doc.previous_folio
                   : "Transferencia de resguardo";
  else if (returned)
    subtitle = "Bienes informáticos devueltos";
  std::string short_title = returned ? "Constancia de devolución de bienes" : "Resguardo de bienes informáticos";
  std::string footer = "Folio " + doc.folio + " · " + short_title;

  std::string office = office_of(doc.letterhead);
  std::string legal;
  if (returned) {
    legal = "Se hace constar que el (la) servidor(a) público(a) cuyos datos aparecen en este documento devuelve a la " +
            office +
            " los bienes informáticos que se describen, en el estado de conservación que en cada caso se indica. A "
            "partir de la fecha de esta constancia queda liberado(a) de la responsabilidad de su custodia, sin perjuicio "
            "de lo que resulte de la revisión de su estado conforme a las disposiciones aplicables en materia de control "
            "patrimonial del Municipio.";
  } else {
    legal = "El (la) servidor(a) público(a) cuyos datos aparecen en este documento hace constar que recibe los bienes "
            "informáticos que se describen, en el estado de conservación que en cada caso se indica, y que responde por "
            "su custodia, conservación y buen uso conforme a las disposiciones aplicables en materia de control "
            "patrimonial del Municipio. Los bienes se destinarán exclusivamente al desempeño de sus funciones y no "
            "podrán prestarse, transferirse ni retirarse de las instalaciones sin autorización de la " + office +
            ". En caso de extravío, robo o daño deberá informarlo de inmediato a la " + office +
            " y a su superior jerárquico, y presentar la denuncia correspondiente cuando proceda. Al concluir su empleo, "
            "cargo o comisión, o cuando le sea requerido, deberá devolver los bienes en el estado en que los recibió, "
            "salvo el desgaste natural por su uso adecuado.";
    if (transfer && doc.previous_folio && !doc.previous_folio->empty())
      legal += " Este resguardo sustituye al resguardo con folio " + *doc.previous_folio +
               ", que queda sin efecto respecto de los bienes aquí listados.";
  }

  Signer servant = doc.servant;
  if (servant.name.empty() && servant.position.empty()) servant = {doc.servant_name, doc.servant_position};
  std::vector<SignatureBox> signatures = {
      {returned ? "Entrega" : "Recibe", servant, "Resguardante"},
      {"Vo. Bo.", doc.area_head, "Titular del área"},
      {returned ? "Recibe" : "Entrega", doc.dsi, office},
  };

  std::vector<std::vector<std::string>> rows;
  rows.reserve(doc.assets.size());
  for (auto& a : doc.assets) rows.push_back({a.inventory_number, a.description, a.brand, a.model, a.serial, a.condition});

  return documents::render_pdf(PageSetup::letter(), footer, short_title + " " + doc.folio, [&](Pdf& pdf) {
    draw_letterhead(pdf, doc.letterhead);
    draw_title(pdf, title, subtitle);
    draw_folio_and_date(pdf, doc.folio, doc.date);
    pdf.set_page_header([&](Pdf& p) {
      p.paragraph(short_title + " · Folio " + doc.folio + " (continuación)", Style{8.5, false, 0.35}, 4);
      p.rule();
      p.advance(8);
    });
    draw_fields(pdf,
                {{"Nombre", doc.servant_name},
                 {"Número de empleado", doc.servant_employee_number},
                 {"Puesto", doc.servant_position},
                 {"Área de adscripción", doc.servant_area}},
                2);
    pdf.paragraph(returned ? "Bienes devueltos (" + std::to_string(doc.assets.size()) + ")"
                           : "Bienes en resguardo (" + std::to_string(doc.assets.size()) + ")",
                  Style{10.5, true, 0.1}, 4);
    auto w = documents::scale_widths({100, 140, 60, 70, 82, 60}, pdf.content_width());
    documents::table(pdf,
                     {{"No. de inventario", w[0]}, {"Descripción", w[1]}, {"Marca", w[2]}, {"Modelo", w[3]},
                      {"Serie", w[4]}, {"Estado", w[5]}},
                     rows, "Sin bienes.", 8.5);
    // The legal text, the notes and the signatures stay together on one page.
    double closing = pdf.measure(legal, kBody, pdf.content_width()) + 8 + signatures_height(pdf, signatures);
    if (!doc.notes.empty()) closing += pdf.measure(notes_text(doc.notes), Style{9.5}, pdf.content_width()) + 8;
    pdf.ensure(closing);
    pdf.paragraph(legal, kBody, 8);
    draw_notes(pdf, doc.notes);
    draw_signatures(pdf, signatures);
  });
}

// ---- carta de no adeudo ------------------------------------------------------------------------

std::string render_no_adeudo_pdf(const NoAdeudoDoc& doc) {
  std::string office = office_of(doc.letterhead);
  auto or_blank = [](const std::string& s) { return s.empty() ? std::string("________________") : s; };
  std::string text = "La " + office +
                     " hace constar que, de acuerdo con sus registros de control patrimonial de bienes informáticos, "
                     "el (la) C. " + or_blank(doc.servant_name) + ", con el puesto de " + or_blank(doc.servant_position) +
                     ", adscrito(a) a " + or_blank(doc.servant_area) + ", con número de empleado " +
                     or_blank(doc.servant_employee_number) +
                     ", no tiene bienes informáticos bajo su resguardo a la fecha de esta constancia (" + doc.date + ").";
  std::string closing = "Se extiende la presente a solicitud del (la) interesado(a), para los fines administrativos que "
                        "le convengan.";
  std::string footer = "Folio " + doc.folio + " · Constancia de no adeudo de bienes informáticos";
  return documents::render_pdf(PageSetup::letter(), footer, "Constancia de no adeudo " + doc.folio, [&](Pdf& pdf) {
    draw_letterhead(pdf, doc.letterhead);
    draw_title(pdf, "CONSTANCIA DE NO ADEUDO DE BIENES INFORMÁTICOS", "");
    draw_folio_and_date(pdf, doc.folio, doc.date);
    pdf.advance(8);
    pdf.paragraph("A quien corresponda:", Style{10.5, true}, 10);
    pdf.paragraph(text, Style{10.5, false, 0.1}, 8);
    pdf.paragraph(closing, Style{10.5, false, 0.1}, 10);
    draw_notes(pdf, doc.notes);
    pdf.advance(30);
    draw_signatures(pdf, {{"Expide", doc.dsi, office}});
  });
}

// ---- labels ------------------------------------------------------------------------------------

const std::vector<LabelFormat>& label_formats() {
  // Avery's published layouts (inches converted exactly; A4 stock in millimetres).
  static const std::vector<LabelFormat> formats = {
      {"letter-30", "Carta, 30 etiquetas de 66.7 × 25.4 mm (tipo 5160)", "letter", 3, 10, 66.675, 25.4, 12.7, 4.7625,
       3.175, 0},
      {"letter-20", "Carta, 20 etiquetas de 101.6 × 25.4 mm (tipo 5161)", "letter", 2, 10, 101.6, 25.4, 12.7, 3.96875,
       4.7625, 0},
      {"letter-10", "Carta, 10 etiquetas de 101.6 × 50.8 mm (tipo 5163)", "letter", 2, 5, 101.6, 50.8, 12.7, 3.96875,
       4.7625, 0},
      {"a4-24", "A4, 24 etiquetas de 70 × 37 mm (tipo 3474)", "a4", 3, 8, 70, 37, 0.5, 0, 0, 0},
      {"a4-65", "A4, 65 etiquetas de 38.1 × 21.2 mm (tipo L7651)", "a4", 5, 13, 38.1, 21.2, 10.7, 4.75, 2.5, 0},
  };
  return formats;
}

namespace {

constexpr double kMinModuleMm = 0.19;     // narrowest Code 128 module scanners read reliably
constexpr double kMaxModuleMm = 0.40;     // wider adds nothing but length
constexpr double kMinQrModuleMm = 0.25;   // below this a phone camera struggles
constexpr int kQrQuiet = 4;               // QR quiet zone, modules
constexpr int kBarQuiet = 10;             // Code 128 quiet zone, modules

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};
using QrPtr = std::unique_ptr<QRcode, QrDeleter>;

// Single-line text on a label: ellipsized at the end, or shrunk to fit when `shrink`.
class LabelText {
 public:
  explicit LabelText(cairo_t* cr) : cr_(cr) {
    context_ = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(context_, 72);
    layout_ = pango_layout_new(context_);
    pango_layout_set_single_paragraph_mode(layout_, TRUE);
  }
  ~LabelText() {
    g_object_unref(layout_);
    g_object_unref(context_);
  }
  LabelText(const LabelText&) = delete;
  LabelText& operator=(const LabelText&) = delete;

  // Line height of one line at `size` points.
  double line_height(double size, bool bold) {
    set(" ", size, bold, -1);
    return logical_height();
  }
  // Draws `text` centred in [x, x + width] with its top at y; returns the size used.
  double draw(const std::string& text, double size, bool bold, double gray, double x, double y, double width,
              bool shrink) {
    if (shrink) {
      set(text, size, bold, -1);
      PangoRectangle ink, logical;
      pango_layout_get_extents(layout_, &ink, &logical);
      double w = static_cast<double>(logical.width) / PANGO_SCALE;
      if (w > width && w > 0) size = std::max(size * width / w * 0.98, size * 0.6);
    }
    set(text, size, bold, width);
    cairo_set_source_rgb(cr_, gray, gray, gray);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_);
    return size;
  }

 private:
  void set(const std::string& text, double size, bool bold, double width) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, documents::kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
    if (width > 0) {
      pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment(layout_, PANGO_ALIGN_CENTER);
    } else {
      pango_layout_set_width(layout_, -1);
      pango_layout_set_ellipsize(layout_, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
    }
    pango_layout_set_text(layout_, text.c_str(), static_cast<int>(text.size()));
  }
  double logical_height() {
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  cairo_t* cr_;
  PangoContext* context_ = nullptr;
  PangoLayout* layout_ = nullptr;
};

// Dark modules as one path of horizontal runs, filled once: fast to write and no seams between
// modules when rasterized.
void draw_qr(cairo_t* cr, const QRcode& qr, double x, double y, double module) {
  int n = qr.width;
  for (int r = 0; r < n; ++r) {
    int c = 0;
    while (c < n) {
      if (!(qr.data[r * n + c] & 1)) {
        ++c;
        continue;
      }
      int start = c;
      while (c < n && (qr.data[r * n + c] & 1)) ++c;
      cairo_rectangle(cr, x + (kQrQuiet + start) * module, y + (kQrQuiet + r) * module, (c - start) * module, module);
    }
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

void draw_barcode(cairo_t* cr, const std::vector<int>& widths, double x, double y, double module, double height) {
  double cursor = x;
  for (size_t i = 0; i < widths.size(); ++i) {
    double w = widths[i] * module;
    if (i % 2 == 0) cairo_rectangle(cr, cursor, y, w, height);
    cursor += w;
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

int total_modules(const std::vector<int>& widths) {
  int n = 0;
  for (int w : widths) n += w;
  return n;
}

// One label with its top-left corner at (x0, y0); sizes in points.
void draw_label(cairo_t* cr, LabelText& text, const LabelFormat& f, const LabelItem& item, const QRcode* qr,
                const std::string& office, double x0, double y0) {
  const double w = f.label_width * kPointsPerMm, h = f.label_height * kPointsPerMm;
  const double pad = std::clamp(f.label_height * 0.06, 1.0, 2.0) * kPointsPerMm;

  std::vector<int> bars = code128_widths(item.inventory_number);
  int bar_modules = bars.empty() ? 0 : total_modules(bars) + 2 * kBarQuiet;

  // The QR takes the left square (its quiet zone inside); the barcode gets what is left, and the
  // QR gives up room while the barcode's modules would be narrower than kMinModuleMm.
  double side = 0, qr_module = 0;
  if (qr) {
    int qr_modules = qr->width + 2 * kQrQuiet;
    side = std::min(h - 2 * pad, w * 0.42);
    double right = w - 2 * pad - side;
    double min_module = kMinModuleMm * kPointsPerMm;
    if (bar_modules > 0 && right / bar_modules < min_module) {
      double min_side = qr_modules * kMinQrModuleMm * kPointsPerMm;
      side = std::max(std::min(side, w - 2 * pad - min_module * bar_modules), std::min(min_side, side));
    }
    qr_module = side / qr_modules;
    side = qr_module * qr_modules;
    draw_qr(cr, *qr, x0 + pad, y0 + (h - side) / 2, qr_module);
  }
  double rx = x0 + pad + side, rw = x0 + w - pad - rx;

  // Right column, top to bottom: office (when the label is tall enough), number, bars, caption.
  double office_size = std::clamp(h * 0.075, 4.5, 7.0);
  double number_size = std::clamp(h * 0.13, 6.5, 12.0);
  double caption_size = std::clamp(h * 0.09, 5.0, 8.0);
  bool show_office = f.label_height >= 24 && !office.empty();
  double gap = std::clamp(h * 0.03, 1.0, 3.0);
  double office_h = show_office ? text.line_height(office_size, false) : 0;
  double number_h = text.line_height(number_size, true);
  double caption_h = item.caption.empty() ? 0 : text.line_height(caption_size, false);
  double fixed = office_h + number_h + caption_h + gap * (show_office ? 3 : 2);
  double bar_h = std::min(h - 2 * pad - fixed, 18 * kPointsPerMm);
  if (bars.empty()) bar_h = 0;
  double y = y0 + (h - (fixed + bar_h)) / 2;

  if (show_office) {
    text.draw(office, office_size, false, 0.3, rx, y, rw, false);
    y += office_h + gap;
  }
  text.draw(item.inventory_number, number_size, true, 0, rx, y, rw, true);
  y += number_h + gap;
  if (bar_h > 0) {
    double module = std::min(rw / bar_modules, kMaxModuleMm * kPointsPerMm);
    double bw = module * bar_modules;
    draw_barcode(cr, bars, rx + (rw - bw) / 2 + kBarQuiet * module, y, module, bar_h);
    y += bar_h + gap;
  }
  if (!item.caption.empty()) text.draw(item.caption, caption_size, false, 0.15, rx, y, rw, false);
}

}  // namespace

Result<std::string> render_labels_pdf(const std::string& format_code, const std::vector<LabelItem>& items, int skip) {
  return render_labels_pdf(format_code, items, skip, Letterhead{});
}

Result<std::string> render_labels_pdf(const std::string& format_code, const std::vector<LabelItem>& items, int skip,
                                      const Letterhead& letterhead) {
  const LabelFormat* f = nullptr;
  for (auto& candidate : label_formats())
    if (candidate.code == format_code) f = &candidate;
  if (!f) return Error::invalid("label.format_invalid", "Formato de etiqueta desconocido", "format");
  if (items.empty()) return Error::invalid("label.assets_required", "No hay bienes para imprimir", "assets");
  int per_sheet = f->columns * f->rows;
  if (skip < 0 || skip >= per_sheet)
    return Error::invalid("label.skip_invalid",
                          "Las etiquetas a saltar deben ser de 0 a " + std::to_string(per_sheet - 1), "skip");

  std::vector<QrPtr> codes;
  codes.reserve(items.size());
  for (auto& item : items) {
    if (item.url.empty()) {
      codes.emplace_back();
      continue;
    }
    QrPtr qr(QRcode_encodeString8bit(item.url.c_str(), 0, QR_ECLEVEL_M));
    if (!qr) return Error::invalid("label.url_too_long", "La dirección del bien es demasiado larga para un código QR", "assets");
    codes.push_back(std::move(qr));
  }

  bool a4 = f->page == "a4";
  double page_w = a4 ? documents::kA4Width : documents::kLetterWidth;
  double page_h = a4 ? documents::kA4Height : documents::kLetterHeight;
  std::string out;
  cairo_surface_t* surface = documents::create_pdf_surface(&out, page_w, page_h, "Etiquetas de inventario");
  cairo_t* cr = cairo_create(surface);
  {
    LabelText text(cr);
    for (size_t i = 0; i < items.size(); ++i) {
      size_t position = static_cast<size_t>(skip) + i;
      size_t slot = position % static_cast<size_t>(per_sheet);
      if (i > 0 && slot == 0) cairo_show_page(cr);
      int col = static_cast<int>(slot % static_cast<size_t>(f->columns));
      int row = static_cast<int>(slot / static_cast<size_t>(f->columns));
      double x = (f->margin_left + col * (f->label_width + f->gap_x)) * kPointsPerMm;
      double y = (f->margin_top + row * (f->label_height + f->gap_y)) * kPointsPerMm;
      draw_label(cr, text, *f, items[i], codes[i].get(), letterhead.office, x, y);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("no se pudieron generar las etiquetas: ") + cairo_status_to_string(status));
  return out;
}

// ---- table report ------------------------------------------------------------------------------

std::string render_table_pdf(const TableReport& report) {
  bool wide = report.headers.size() > 6;
  PageSetup setup = PageSetup::letter(wide);
  if (wide) setup.margin_left = setup.margin_right = 36;
  std::string footer = report.footer.empty() ? report.title : report.footer;
  return documents::render_pdf(setup, footer, report.title, [&](Pdf& pdf) {
    draw_letterhead(pdf, report.letterhead);
    pdf.paragraph(report.title, Style{14, true}, report.subtitle.empty() ? 8 : 2);
    if (!report.subtitle.empty()) pdf.paragraph(report.subtitle, Style{9.5, false, 0.35}, 8);
    if (!report.summary.empty()) {
      const double key_w = std::min(220.0, pdf.content_width() * 0.4);
      for (auto& [key, value] : report.summary) {
        Style k{9.5, true, 0.2}, v{9.5};
        double h = std::max(pdf.measure(key, k, key_w - 8), pdf.measure(value, v, pdf.content_width() - key_w));
        pdf.ensure(h);
        pdf.text(key, k, pdf.left(), pdf.y(), key_w - 8);
        pdf.text(value, v, pdf.left() + key_w, pdf.y(), pdf.content_width() - key_w);
        pdf.advance(h + 2);
      }
      pdf.advance(8);
    }
    std::vector<double> relative = report.widths;
    if (relative.size() != report.headers.size()) relative.assign(report.headers.size(), 1.0);
    auto w = documents::scale_widths(relative, pdf.content_width());
    std::vector<Column> cols;
    for (size_t i = 0; i < report.headers.size(); ++i) cols.push_back({report.headers[i], w[i]});
    if (!cols.empty()) documents::table(pdf, cols, report.rows, "Sin registros.", wide ? 8 : 9);
  });
}

}  // namespace tequio::assets
