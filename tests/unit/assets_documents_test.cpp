// The fleet's printable documents, read back the way a person or a scanner would: text with
// pdftotext, page counts with pdfinfo, and labels rasterized with pdftoppm and decoded with
// zbarimg. The tools come from scripts/setup-deps.sh; a missing tool fails the test.
#include "assets/documents.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "documents/pdf.h"
#include "documents/tables.h"
#include "command_output.h"
#include "expect_result.h"

namespace tequio::assets {
namespace {

using tequio::testing::command_output;
using tequio::testing::FailsWith;
using tequio::testing::HasFieldError;
using tequio::testing::Succeeded;


bool have_tool(const std::string& name) { return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0; }

// Writes the PDF into a private directory that lives as long as this object.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) : path_((dir_.path() / "doc.pdf").string()) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  const std::string& path() const { return path_; }
  std::string dir() const { return dir_.path().string(); }

 private:
  documents::TempDir dir_;
  std::string path_;
};

std::string pdf_text(const std::string& pdf) {
  EXPECT_TRUE(have_tool("pdftotext")) << "pdftotext (poppler-utils) is missing: run scripts/setup-deps.sh";
  PdfFile f(pdf);
  return command_output("pdftotext -enc UTF-8 " + f.path() + " - 2>&1");
}

// "Page size: 612 x 792 pts (letter)" and "Pages: N" from pdfinfo.
std::string pdf_info(const std::string& pdf) {
  EXPECT_TRUE(have_tool("pdfinfo")) << "pdfinfo (poppler-utils) is missing: run scripts/setup-deps.sh";
  PdfFile f(pdf);
  return command_output("pdfinfo " + f.path() + " 2>&1");
}

int pdf_pages(const std::string& pdf) {
  std::istringstream in(pdf_info(pdf));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
  return 0;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Runs of whitespace (pdftotext's line breaks inside paragraphs) as one space.
std::string flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\f' || c == '\r';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Symbols zbarimg finds on page `page` rasterized at 300 dpi, one per entry.
std::set<std::string> decode_page(const std::string& pdf, int page = 1) {
  EXPECT_TRUE(have_tool("pdftoppm")) << "pdftoppm (poppler-utils) is missing: run scripts/setup-deps.sh";
  EXPECT_TRUE(have_tool("zbarimg")) << "zbarimg (zbar-tools) is missing: run scripts/setup-deps.sh";
  PdfFile f(pdf);
  std::string prefix = f.dir() + "/page";
  std::string p = std::to_string(page);
  command_output("pdftoppm -r 300 -png -singlefile -f " + p + " -l " + p + " " + f.path() + " " + prefix + " 2>&1");
  auto lines = split(command_output("zbarimg --raw -q " + prefix + ".png 2>&1"), '\n');
  return {lines.begin(), lines.end()};
}

DocAsset asset(int i) {
  char number[32];
  std::snprintf(number, sizeof number, "DSI-2026-%05d", i);
  return {number, "Computadora de escritorio " + std::to_string(i), "Dell", "OptiPlex 7010", "SN" + std::to_string(900000 + i),
          "Bueno"};
}

ResguardoDoc resguardo(int assets) {
  ResguardoDoc d;
  d.folio = "RES-2026-000123";
  d.date = "25 de noviembre de 2026";
  d.servant_name = "María Fernanda Ruiz Núñez";
  d.servant_position = "Jefa de Departamento";
  d.servant_area = "Dirección de Señalización y Vialidad";
  d.servant_employee_number = "E-10482";
  for (int i = 1; i <= assets; ++i) d.assets.push_back(asset(i));
  d.area_head = {"Jorge Luis Méndez Cruz", "Director de Señalización y Vialidad"};
  d.dsi = {"Ana Sofía Torres", "Directora de Sistemas de Información"};
  return d;
}

// ---- resguardo ---------------------------------------------------------------------------------

TEST(AssetsDocuments, ResguardoShowsTheServantEveryAssetAndTheSignatures) {
  ResguardoDoc d = resguardo(3);
  d.assets[1].description = "Impresora para señalización vial";
  d.notes = "Se entrega con cargador y funda.";
  std::string text = flat(pdf_text(render_resguardo_pdf(d)));
  for (const char* s : {"H. Ayuntamiento de Oaxaca de Juárez", "Dirección de Sistemas de Información",
                        "RESGUARDO DE BIENES INFORMÁTICOS", "RES-2026-000123", "25 de noviembre de 2026",
                        "María Fernanda Ruiz Núñez", "Jefa de Departamento", "Dirección de Señalización y Vialidad",
                        "E-10482", "Impresora para señalización vial", "OptiPlex 7010", "SN900001", "control patrimonial",
                        "robo", "Se entrega con cargador y funda.", "Recibe", "Resguardante", "Vo. Bo.",
                        "Titular del área", "Entrega", "Jorge Luis Méndez Cruz", "Ana Sofía Torres", "Página 1 de 1"})
    EXPECT_NE(text.find(s), std::string::npos) << "missing \"" << s << "\" in:\n" << text;
  for (auto& a : d.assets) EXPECT_NE(text.find(a.inventory_number), std::string::npos) << a.inventory_number;
  EXPECT_EQ(text.find("Sustituye"), std::string::npos);
}

TEST(AssetsDocuments, ResguardoWithSixtyAssetsRepeatsTheTableHeaderOnEveryPage) {
  ResguardoDoc d = resguardo(60);
  std::string pdf = render_resguardo_pdf(d);
  int pages = pdf_pages(pdf);
  ASSERT_GE(pages, 2);
  std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("Página 2 de " + std::to_string(pages)), std::string::npos) << text;
  for (auto& a : d.assets) EXPECT_EQ(count_of(text, a.inventory_number), 1u) << a.inventory_number;
  auto page_texts = split(text, '\f');
  int with_assets = 0;
  for (size_t p = 0; p < page_texts.size(); ++p) {
    if (page_texts[p].find("DSI-2026-") == std::string::npos) continue;
    ++with_assets;
    EXPECT_NE(page_texts[p].find("inventario"), std::string::npos) << "page " << p + 1;
    EXPECT_NE(page_texts[p].find("Descripción"), std::string::npos) << "page " << p + 1;
    EXPECT_NE(page_texts[p].find("Folio RES-2026-000123"), std::string::npos) << "page " << p + 1;
    if (p > 0) {
      EXPECT_NE(page_texts[p].find("(continuación)"), std::string::npos) << "page " << p + 1;
    }
  }
  EXPECT_GE(with_assets, 2);
  // The signatures come once, after the table, on the same page as the legal text.
  EXPECT_EQ(count_of(text, "Resguardante"), 1u);
  EXPECT_GT(text.find("Resguardante"), text.find("DSI-2026-00060"));
  std::string last = flat(page_texts[static_cast<size_t>(pages) - 1]);
  EXPECT_NE(last.find("control patrimonial"), std::string::npos) << last;
  EXPECT_NE(last.find("Resguardante"), std::string::npos) << last;
}

TEST(AssetsDocuments, TransferNamesTheResguardoItReplaces) {
  ResguardoDoc d = resguardo(2);
  d.kind = "transferencia";
  d.previous_folio = "RES-2025-000077";
  std::string text = flat(pdf_text(render_resguardo_pdf(d)));
  EXPECT_NE(text.find("RESGUARDO DE BIENES INFORMÁTICOS"), std::string::npos) << text;
  EXPECT_NE(text.find("Sustituye al resguardo RES-2025-000077"), std::string::npos) << text;
}

TEST(AssetsDocuments, ReturnIsAConstanciaDeDevolucion) {
  ResguardoDoc d = resguardo(2);
  d.kind = "devolucion";
  std::string text = pdf_text(render_resguardo_pdf(d));
  EXPECT_NE(text.find("CONSTANCIA DE DEVOLUCIÓN DE BIENES"), std::string::npos) << text;
  EXPECT_EQ(text.find("RESGUARDO DE BIENES INFORMÁTICOS"), std::string::npos) << text;
  EXPECT_NE(text.find("liberado"), std::string::npos) << text;
  EXPECT_NE(text.find("DSI-2026-00002"), std::string::npos) << text;
}

// ---- carta de no adeudo ------------------------------------------------------------------------

TEST(AssetsDocuments, NoAdeudoStatesTheServantHasNothingInCustody) {
  NoAdeudoDoc d;
  d.folio = "NAD-2026-000009";
  d.date = "3 de diciembre de 2026";
  d.servant_name = "José Ángel Peña";
  d.servant_position = "Auxiliar administrativo";
  d.servant_area = "Coordinación de Señalización";
  d.servant_employee_number = "E-20991";
  d.notes = "Baja por renuncia voluntaria.";
  d.dsi = {"Ana Sofía Torres", "Directora de Sistemas de Información"};
  std::string text = flat(pdf_text(render_no_adeudo_pdf(d)));
  for (const char* s : {"CONSTANCIA DE NO ADEUDO DE BIENES INFORMÁTICOS", "NAD-2026-000009", "3 de diciembre de 2026",
                        "José Ángel Peña", "Auxiliar administrativo", "Coordinación de Señalización", "E-20991",
                        "no tiene bienes", "Baja por renuncia voluntaria.", "Ana Sofía Torres", "Página 1 de 1"})
    EXPECT_NE(text.find(s), std::string::npos) << "missing \"" << s << "\" in:\n" << text;
  EXPECT_EQ(pdf_pages(render_no_adeudo_pdf(d)), 1);
}

// ---- labels ------------------------------------------------------------------------------------

std::vector<LabelItem> label_items(int n) {
  std::vector<LabelItem> items;
  for (int i = 1; i <= n; ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "DSI-2026-%05d", i);
    items.push_back({number, "Laptop · Dell Latitude 3420 con una descripción larga que no cabe en una línea",
                     "https://tequio.oaxaca.gob.mx/activos/" + std::to_string(1000 + i)});
  }
  return items;
}

TEST(AssetsDocuments, LabelsScanToTheUrlsAndInventoryNumbers) {
  auto items = label_items(3);
  auto pdf = render_labels_pdf("letter-30", items);
  ASSERT_TRUE(Succeeded(pdf));
  auto symbols = decode_page(*pdf);
  for (auto& item : items) {
    EXPECT_TRUE(symbols.count(item.url)) << item.url;
    EXPECT_TRUE(symbols.count(item.inventory_number)) << item.inventory_number;
  }
  std::string text = pdf_text(*pdf);
  EXPECT_NE(text.find("DSI-2026-00002"), std::string::npos) << text;
  EXPECT_NE(text.find("Laptop · Dell"), std::string::npos) << text;
}

TEST(AssetsDocuments, EveryLabelFormatScans) {
  auto items = label_items(2);
  for (auto& f : label_formats()) {
    auto pdf = render_labels_pdf(f.code, items);
    ASSERT_TRUE(Succeeded(pdf)) << f.code;
    auto symbols = decode_page(*pdf);
    for (auto& item : items) {
      EXPECT_TRUE(symbols.count(item.url)) << f.code << " " << item.url;
      EXPECT_TRUE(symbols.count(item.inventory_number)) << f.code << " " << item.inventory_number;
    }
  }
}

TEST(AssetsDocuments, LabelsFillSheetsAfterTheSkippedPositions) {
  auto pdf = render_labels_pdf("letter-30", label_items(3), 28);
  ASSERT_TRUE(Succeeded(pdf));
  EXPECT_EQ(pdf_pages(*pdf), 2);  // positions 29 and 30, then one on the next sheet
  auto sheet2 = decode_page(*pdf, 2);
  EXPECT_TRUE(sheet2.count("DSI-2026-00003"));
  EXPECT_FALSE(sheet2.count("DSI-2026-00001"));
  auto many = render_labels_pdf("letter-10", label_items(21));
  ASSERT_TRUE(Succeeded(many));
  EXPECT_EQ(pdf_pages(*many), 3);
  EXPECT_NE(pdf_info(*many).find("612 x 792"), std::string::npos);
  auto a4 = render_labels_pdf("a4-24", label_items(1));
  ASSERT_TRUE(Succeeded(a4));
  EXPECT_NE(pdf_info(*a4).find("595.276 x 841.89"), std::string::npos) << pdf_info(*a4);
}

TEST(AssetsDocuments, LabelsRejectUnknownFormatsNothingToPrintAndSkipsOffTheSheet) {
  auto bad = render_labels_pdf("letter-31", label_items(1));
  ASSERT_TRUE(FailsWith(bad, ErrorKind::kInvalid, "label.format_invalid"));
  EXPECT_TRUE(HasFieldError(bad.error(), "format"));
  EXPECT_EQ(bad.error().message, "Formato de etiqueta desconocido");
  auto empty = render_labels_pdf("letter-30", {});
  ASSERT_TRUE(FailsWith(empty, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(empty.error(), "assets"));
  EXPECT_EQ(empty.error().message, "No hay bienes para imprimir");
  for (int skip : {-1, 30, 31}) {
    auto r = render_labels_pdf("letter-30", label_items(1), skip);
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid)) << skip;
    EXPECT_TRUE(HasFieldError(r.error(), "skip")) << skip;
  }
  EXPECT_TRUE(Succeeded(render_labels_pdf("letter-30", label_items(1), 29)));
  EXPECT_TRUE(FailsWith(render_labels_pdf("a4-65", label_items(1), 65), ErrorKind::kInvalid));
}

TEST(AssetsDocuments, LabelFormatsMatchTheirStockAndFitThePage) {
  std::set<std::string> codes;
  for (auto& f : label_formats()) {
    codes.insert(f.code);
    EXPECT_FALSE(f.name.empty());
    double page_w = f.page == "a4" ? 210 : 215.9, page_h = f.page == "a4" ? 297 : 279.4;
    double right = f.margin_left + f.columns * f.label_width + (f.columns - 1) * f.gap_x;
    double bottom = f.margin_top + f.rows * f.label_height + (f.rows - 1) * f.gap_y;
    EXPECT_LE(right, page_w + 1e-6) << f.code;
    EXPECT_LE(bottom, page_h + 1e-6) << f.code;
    // Stock is symmetric: the margins left over on the right and bottom equal left and top.
    EXPECT_NEAR(page_w - right, f.margin_left, 0.01) << f.code;
    EXPECT_NEAR(page_h - bottom, f.margin_top, 0.01) << f.code;
  }
  EXPECT_EQ(codes, (std::set<std::string>{"letter-30", "letter-20", "letter-10", "a4-24", "a4-65"}));
  const LabelFormat& avery5160 = label_formats().front();
  EXPECT_EQ(avery5160.code, "letter-30");
  EXPECT_EQ(avery5160.columns * avery5160.rows, 30);
  EXPECT_DOUBLE_EQ(avery5160.label_width, 66.675);
  EXPECT_DOUBLE_EQ(avery5160.gap_x, 3.175);
}

TEST(AssetsDocuments, AThousandLabelsRenderInAFewSeconds) {
  auto items = label_items(1000);
  auto start = std::chrono::steady_clock::now();
  auto pdf = render_labels_pdf("letter-30", items);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(Succeeded(pdf));
  std::cout << "[ timing   ] 1000 labels (letter-30): " << seconds << " s, " << pdf->size() / 1024 << " KiB\n";
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(pdf_pages(*pdf), 34);
}

// ---- Code 128 ----------------------------------------------------------------------------------

int modules(const std::vector<int>& widths) {
  int n = 0;
  for (int w : widths) n += w;
  return n;
}

TEST(AssetsDocuments, Code128OfTextIsStartBDataChecksumAndStop) {
  // Start B, P J J 1 2 3 C (3 digits stay in B), checksum, stop: 9 symbols of 11 modules + 13.
  auto w = code128_widths("PJJ123C");
  ASSERT_EQ(w.size(), 9u * 6 + 7);
  EXPECT_EQ(modules(w), 9 * 11 + 13);
  for (int x : w) {
    EXPECT_GE(x, 1);
    EXPECT_LE(x, 4);
  }
  EXPECT_EQ(std::vector<int>(w.begin(), w.begin() + 6), (std::vector<int>{2, 1, 1, 2, 1, 4}));  // start B
  // (104 + 1·48 + 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35) mod 103 = 879 mod 103 = 55
  EXPECT_EQ(std::vector<int>(w.end() - 13, w.end() - 7), (std::vector<int>{3, 1, 1, 3, 2, 1}));
  EXPECT_EQ(std::vector<int>(w.end() - 7, w.end()), (std::vector<int>{2, 3, 3, 1, 1, 1, 2}));  // stop
  // Every symbol is 11 modules wide.
  for (size_t s = 0; s + 7 < w.size(); s += 6) EXPECT_EQ(modules({w.begin() + s, w.begin() + s + 6}), 11) << s;
}

TEST(AssetsDocuments, Code128PacksDigitRunsInSetC) {
  // Start C, 12 34 56 78, checksum, stop.
  auto digits = code128_widths("12345678");
  EXPECT_EQ(modules(digits), 6 * 11 + 13);
  EXPECT_EQ(std::vector<int>(digits.begin(), digits.begin() + 6), (std::vector<int>{2, 1, 1, 2, 3, 2}));  // start C
  // Start B, A, B, code C, 12 34 56 78, checksum, stop: shorter than 10 symbols in B.
  EXPECT_EQ(modules(code128_widths("AB12345678")), 9 * 11 + 13);
  // A run of 4 in the middle stays in B (two switches would cost more than they save).
  EXPECT_EQ(modules(code128_widths("A1234B")), 8 * 11 + 13);
  // An odd run of 7 in the middle: one digit in B, then code C and three pairs.
  EXPECT_EQ(modules(code128_widths("DSI-2026-0001234X")), (1 + 9 + 1 + 1 + 3 + 1 + 1 + 1) * 11 + 13);
  EXPECT_TRUE(code128_widths("").empty());
  EXPECT_TRUE(code128_widths("Año").empty());
  EXPECT_TRUE(code128_widths("tab\there").empty());
}

TEST(AssetsDocuments, Code128DecodesForEveryPrintableCharacterAndDigitRun) {
  std::vector<std::string> texts = {"!\"#$%&'()*+,-./:;<=>?@",  "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`",
                                    "abcdefghijklm nopqrstuvwxyz{|}~", "0123456789", "123", "12", "12345",
                                    "A1234567B", "INV-000123", "DSI-2026-0001234X", "X9"};
  std::vector<LabelItem> items;
  for (auto& t : texts) items.push_back({t, "", ""});  // no QR: the barcode alone on the label
  auto pdf = render_labels_pdf("letter-10", items);
  ASSERT_TRUE(Succeeded(pdf));
  auto symbols = decode_page(*pdf);
  for (size_t i = 0; i < texts.size() && i < 10; ++i) EXPECT_TRUE(symbols.count(texts[i])) << texts[i];
  EXPECT_TRUE(decode_page(*pdf, 2).count(texts[10]));
}

// ---- table report ------------------------------------------------------------------------------

TEST(AssetsDocuments, WideTableReportIsLandscapeWithSummaryAndRepeatedHeader) {
  TableReport r;
  r.title = "Conciliación del levantamiento físico";
  r.subtitle = "Campaña 2026 · Dirección de Señalización";
  r.footer = "Campaña INV-2026-01";
  r.summary = {{"Bienes esperados", "80"}, {"Localizados", "75"}, {"Faltantes", "5"}};
  r.headers = {"No. de inventario", "Descripción", "Marca", "Modelo", "Serie", "Área", "Ubicación", "Resultado"};
  r.widths = {1.2, 2, 1, 1, 1, 1.5, 1.5, 1};
  for (int i = 1; i <= 80; ++i)
    r.rows.push_back({asset(i).inventory_number, "Monitor", "Dell", "P2419H", "CN" + std::to_string(i), "Tránsito",
                      "Edificio A", i % 16 == 0 ? "Faltante" : "Localizado"});
  std::string pdf = render_table_pdf(r);
  EXPECT_NE(pdf_info(pdf).find("792 x 612"), std::string::npos) << pdf_info(pdf);
  std::string text = pdf_text(pdf);
  int pages = pdf_pages(pdf);
  ASSERT_GE(pages, 2);
  for (const char* s : {"Conciliación del levantamiento físico", "Campaña 2026 · Dirección de Señalización",
                        "Bienes esperados", "Faltantes", "Campaña INV-2026-01", "Página 2 de"})
    EXPECT_NE(text.find(s), std::string::npos) << "missing \"" << s << "\" in:\n" << text;
  for (int i = 1; i <= 80; ++i) EXPECT_NE(text.find(asset(i).inventory_number), std::string::npos) << i;
  auto page_texts = split(text, '\f');
  for (int p = 0; p < pages; ++p) EXPECT_NE(page_texts[p].find("Ubicación"), std::string::npos) << "page " << p + 1;
}

TEST(AssetsDocuments, NarrowTableReportIsPortraitAndSaysWhenEmpty) {
  TableReport r;
  r.title = "Bienes sin resguardo";
  r.headers = {"No. de inventario", "Descripción"};
  std::string pdf = render_table_pdf(r);
  EXPECT_NE(pdf_info(pdf).find("612 x 792"), std::string::npos);
  std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("Sin registros."), std::string::npos) << text;
  EXPECT_NE(text.find("Página 1 de 1"), std::string::npos) << text;
}

// ---- the shared layer (documents/pdf.h, documents/tables.h) -------------------------------------

TEST(DocumentsPdf, PagesAreLetterPortraitUnlessToldOtherwise) {
  documents::PageSetup letter;
  EXPECT_DOUBLE_EQ(letter.width, 612);
  EXPECT_DOUBLE_EQ(letter.height, 792);
  auto landscape = documents::PageSetup::letter(true);
  EXPECT_DOUBLE_EQ(landscape.width, 792);
  EXPECT_DOUBLE_EQ(landscape.content_width(), 792 - 100);
  auto a4 = documents::PageSetup::a4();
  EXPECT_NEAR(a4.width, 210 * documents::kPointsPerMm, 0.01);
  auto w = documents::scale_widths({1, 3}, 400);
  EXPECT_DOUBLE_EQ(w[0], 100);
  EXPECT_DOUBLE_EQ(w[1], 300);
}

TEST(DocumentsPdf, TablesContinueOnNewPagesUnderTheirHeaderAndFootersCountThePages) {
  documents::PageSetup setup = documents::PageSetup::a4(true);
  setup.margin_left = setup.margin_right = 30;
  std::vector<std::vector<std::string>> rows;
  for (int i = 1; i <= 120; ++i) rows.push_back({"Fila " + std::to_string(i), "Señalización"});
  std::string pdf = documents::render_pdf(setup, "Pie de prueba", "Prueba", [&](documents::Pdf& p) {
    documents::heading(p, "Sección única");
    documents::table(p, {{"Número de fila", 300}, {"Área", p.content_width() - 300}}, rows, "Sin filas.");
  });
  int pages = pdf_pages(pdf);
  ASSERT_GE(pages, 3);
  EXPECT_NE(pdf_info(pdf).find("841.89 x 595.276"), std::string::npos) << pdf_info(pdf);
  auto page_texts = split(pdf_text(pdf), '\f');
  for (int p = 0; p < pages; ++p) {
    EXPECT_NE(page_texts[p].find("Número de fila"), std::string::npos) << "page " << p + 1;
    EXPECT_NE(page_texts[p].find("Página " + std::to_string(p + 1) + " de " + std::to_string(pages)), std::string::npos)
        << "page " << p + 1;
    EXPECT_NE(page_texts[p].find("Pie de prueba"), std::string::npos) << "page " << p + 1;
  }
  EXPECT_NE(page_texts.back().find("Fila 120"), std::string::npos);
}

TEST(DocumentsTables, CsvHasABomQuotesFieldsAndDefusesFormulas) {
  std::string csv = documents::to_csv({{"Número"}, {"Nota"}}, {{"=1+1", "a, \"b\""}, {"-3", "línea\notra"}});
  EXPECT_EQ(csv, "\xEF\xBB\xBFNúmero,Nota\r\n'=1+1,\"a, \"\"b\"\"\"\r\n'-3,\"línea\notra\"\r\n");
  EXPECT_EQ(documents::xml_safe(std::string("a\x01" "b\tc")), "ab\tc");
}

TEST(DocumentsTables, XlsxIsAWorkbookWithTheNamedSheetAndTextCells) {
  ASSERT_TRUE(have_tool("unzip")) << "unzip is missing: run scripts/setup-deps.sh";
  std::string bytes = documents::to_xlsx({{"Inventario", 14}, {"Área", 30}}, {{"DSI-1", "Señalización"}, {"=2*3", ""}},
                                         "Bienes");
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  documents::TempDir dir;
  std::string path = (dir.path() / "b.xlsx").string();
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_NE(command_output("unzip -p " + path + " xl/workbook.xml").find("name=\"Bienes\""), std::string::npos);
  std::string sheet = command_output("unzip -p " + path + " xl/worksheets/sheet1.xml xl/sharedStrings.xml 2>/dev/null");
  EXPECT_NE(sheet.find("Señalización"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("=2*3"), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << "no formulas: " << sheet;
}

}  // namespace
}  // namespace tequio::assets
