// src/documents/xlsx_read.h: the first worksheet of real .xlsx files (written with
// libxlsxwriter) and of packages put together by hand with libzip for what xlsxwriter does not
// write (inline strings with runs, phonetic runs, entities, 1904 dates, odd numbers).
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "documents/xlsx_read.h"
#include "expect_result.h"

namespace tequio {
namespace {

using testing::FailsWith;
using testing::HasFieldError;
using testing::Succeeded;
using Cells = std::vector<std::string>;

class TempFile {
 public:
  explicit TempFile(const std::string& ext) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("tequio-xlsx-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string bytes() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

 private:
  std::filesystem::path path_;
};

// A zip with exactly these entries (name → content), deflated.
std::string make_zip(const std::map<std::string, std::string>& entries) {
  TempFile file(".zip");
  int err = 0;
  zip_t* z = zip_open(file.path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("zip_open");
  for (const auto& [name, content] : entries) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) throw std::runtime_error("zip_file_add");
  }
  if (zip_close(z) != 0) throw std::runtime_error("zip_close");
  return file.bytes();
}

// A minimal package around one sheet's XML; sheet is reached through the workbook relationships.
std::string make_package(const std::string& sheet_xml, const std::string& shared_xml = {},
                         const std::string& styles_xml = {}, bool date1904 = false) {
  std::map<std::string, std::string> e;
  e["[Content_Types].xml"] =
      R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
  e["_rels/.rels"] =
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";
  e["xl/workbook.xml"] =
      std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
      (date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>") +
      R"(<sheets><sheet name="Datos" sheetId="2" r:id="rId7"/><sheet name="Otra" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  e["xl/_rels/workbook.xml.rels"] =
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/datos.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";
  e["xl/worksheets/datos.xml"] = sheet_xml;
  e["xl/worksheets/sheet1.xml"] =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hoja equivocada</t></is></c></row></sheetData></worksheet>)";
  if (!shared_xml.empty()) e["xl/sharedStrings.xml"] = shared_xml;
  if (!styles_xml.empty()) e["xl/styles.xml"] = styles_xml;
  return make_zip(e);
}

std::string worksheet(const std::string& sheet_data) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H9"/><sheetData>)" +
         sheet_data + "</sheetData></worksheet>";
}

// The main fixture, as Excel users would make it: shared strings, styles, two sheets.
std::string make_inventory_xlsx(bool constant_memory = false) {
  TempFile file(".xlsx");
  std::string tmpdir = std::filesystem::temp_directory_path().string();
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  options.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Inventario");
  lxw_worksheet* other = workbook_add_worksheet(wb, "Otra");
  lxw_format* dmy = workbook_add_format(wb);
  format_set_num_format(dmy, "dd/mm/yyyy");
  lxw_format* builtin_date = workbook_add_format(wb);
  format_set_num_format_index(builtin_date, 14);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00 \"días\"");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);

  worksheet_write_string(ws, 0, 0, "Número", bold);
  worksheet_write_string(ws, 0, 1, "Descripción", bold);
  worksheet_write_string(ws, 0, 2, "Año de compra", bold);

  worksheet_write_number(ws, 1, 0, 100234, nullptr);
  worksheet_write_string(ws, 1, 1, "Camión de carga Ñandú", nullptr);
  worksheet_write_number(ws, 1, 2, 12.5, nullptr);
  lxw_datetime when{2024, 3, 15, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 3, &when, dmy);
  worksheet_write_boolean(ws, 1, 4, 1, nullptr);
  worksheet_write_formula_num(ws, 1, 5, "=A2*2", nullptr, 200468);
  worksheet_write_formula_str(ws, 1, 6, "=\"Ca\"&\"sa\"", nullptr, "Casa");
  worksheet_write_boolean(ws, 1, 7, 0, nullptr);

  worksheet_write_string(ws, 2, 0, "señal", nullptr);  // B3 empty in the middle
  worksheet_write_string(ws, 2, 2, "medio", nullptr);
  worksheet_write_string(ws, 2, 4, "fin", nullptr);

  // Row 4 has nothing; row 5 only a formatted blank: both skipped, numbering kept.
  worksheet_write_blank(ws, 4, 1, bold);

  worksheet_write_number(ws, 5, 0, 123456789012.0, nullptr);
  lxw_datetime y2k{1999, 12, 31, 13, 30, 0};
  worksheet_write_datetime(ws, 5, 1, &y2k, builtin_date);
  worksheet_write_number(ws, 5, 2, 0.1 + 0.2, nullptr);
  worksheet_write_number(ws, 5, 3, 45366, money);  // a number format with "días" is no date
  worksheet_write_number(ws, 5, 4, -7.25, nullptr);
  lxw_rich_string_tuple plain{nullptr, const_cast<char*>("Ofi")}, strong{bold, const_cast<char*>("cina & más")};
  lxw_rich_string_tuple* rich[] = {&plain, &strong, nullptr};
  worksheet_write_rich_string(ws, 5, 5, rich, nullptr);

  worksheet_write_string(other, 0, 0, "no se lee", nullptr);
  worksheet_write_string(other, 20, 0, "tampoco", nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("workbook_close");
  return file.bytes();
}

void expect_inventory(const std::vector<SheetRow>& rows) {
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].row, 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"Número", "Descripción", "Año de compra"}));
  EXPECT_EQ(rows[1].row, 2u);
  EXPECT_EQ(rows[1].cells,
            (Cells{"100234", "Camión de carga Ñandú", "12.5", "2024-03-15", "true", "200468", "Casa", "false"}));
  EXPECT_EQ(rows[2].row, 3u);
  EXPECT_EQ(rows[2].cells, (Cells{"señal", "", "medio", "", "fin"}));
  EXPECT_EQ(rows[3].row, 6u);
  EXPECT_EQ(rows[3].cells, (Cells{"123456789012", "1999-12-31", "0.3", "45366", "-7.25", "Oficina & más"}));
}

TEST(XlsxRead, ReadsTheFirstSheetOfAnExcelWorkbook) {
  auto r = read_xlsx_first_sheet(make_inventory_xlsx(), 100);
  ASSERT_TRUE(Succeeded(r));
  expect_inventory(*r);
}

TEST(XlsxRead, ReadsInlineStringsOfConstantMemoryWorkbooks) {
  std::string bytes = make_inventory_xlsx(true);
  auto r = read_xlsx_first_sheet(bytes, 100);
  ASSERT_TRUE(Succeeded(r));
  expect_inventory(*r);
}

TEST(XlsxRead, RichTextAndInlineStringsEntitiesAndPhoneticRuns) {
  std::string shared = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>Tom &amp; Jerry &lt;S.A.&gt; &quot;Ñ&quot; &apos;x&apos; &#241;&#xE1;</t></si>
<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Dirección </t></r><r><t>de </t></r><r><rPr><i/></rPr><t>Sistemas</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>
<si><t xml:space="preserve">  con espacios  </t></si>
<si/>
<si><t>a_x000D_b_x005F_x0041_</t></si>
</sst>)";
  std::string sheet = worksheet(
      R"(<row r="1" spans="1:6">)"
      R"(<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>)"
      R"(<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>)"
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>Plano &amp; simple</t></is></c>)"
      R"(<c r="b2" t="inlineStr"><is><r><t>Ri</t></r><r><rPr><b/></rPr><t>co</t></r></is></c>)"
      R"(<c r="C2" t="str"><f>CONCAT("a","&lt;b")</f><v>a&lt;b</v></c>)"
      R"(<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
      R"(<c r="E2" t="inlineStr"><is><t><![CDATA[<crudo> & ya]]></t></is></c></row>)");
  auto r = read_xlsx_first_sheet(make_package(sheet, shared), 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].cells,
            (Cells{"Tom & Jerry <S.A.> \"Ñ\" 'x' ñá", "Dirección de Sistemas", "  con espacios  ", "", "a\rb_x0041_"}));
  EXPECT_EQ((*r)[1].cells, (Cells{"Plano & simple", "Rico", "a<b", "", "<crudo> & ya"}));
}

TEST(XlsxRead, NumbersKeepTheirTextWithoutFloatArtifacts) {
  std::string sheet = worksheet(
      R"(<row r="1"><c r="A1"><v>12345.0</v></c><c r="B1"><v>1.2345E+5</v></c><c r="C1" t="n"><v>7.50123456789E+11</v></c>)"
      R"(<c r="D1"><v>12.199999999999999</v></c><c r="E1"><v>1.5E-3</v></c><c r="F1"><v>12.50</v></c>)"
      R"(<c r="G1"><v>-0.0</v></c><c r="H1"><v>0012</v></c><c r="I1"><v>9.9999999999999982</v></c></row>)");
  auto r = read_xlsx_first_sheet(make_package(sheet), 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].cells, (Cells{"12345", "123450", "750123456789", "12.2", "0.0015", "12.50", "0", "12", "10"}));
}

std::string date_styles() {
  return R"xml(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="d/m/yyyy"/><numFmt numFmtId="165" formatCode="h:mm;@"/>
<numFmt numFmtId="166" formatCode="[$-80A]dddd, d &quot;de&quot; mmmm &quot;de&quot; yyyy"/><numFmt numFmtId="167" formatCode="[Red]#,##0.00_);\(#,##0.00\)"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="165"/>
<xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="14"/><xf numFmtId="20"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="168" formatCode="yyyy"/></dxf></dxfs>
</styleSheet>)xml";
}

TEST(XlsxRead, DateStylesBecomeIsoDates1900System) {
  std::string sheet = worksheet(
      R"(<row r="1"><c r="A1" s="1"><v>45366</v></c><c r="B1" s="2"><v>0.5</v></c><c r="C1" s="3"><v>45366.75</v></c>)"
      R"(<c r="D1" s="4"><v>45366</v></c><c r="E1" s="0"><v>45366</v></c><c r="F1" s="6"><v>0.25</v></c></row>)"
      // 1900 leap-year bug: serial 60 is Excel's 29 Feb 1900, which never was.
      R"(<row r="2"><c r="A2" s="5"><v>1</v></c><c r="B2" s="5"><v>59</v></c><c r="C2" s="5"><v>60</v></c>)"
      R"(<c r="D2" s="5"><v>61</v></c><c r="E2" s="5"><v>36525</v></c><c r="F2" s="5"><v>0</v></c></row>)");
  auto r = read_xlsx_first_sheet(make_package(sheet, {}, date_styles()), 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].cells, (Cells{"2024-03-15", "0.5", "2024-03-15", "45366", "45366", "0.25"}));
  EXPECT_EQ((*r)[1].cells, (Cells{"1900-01-01", "1900-02-28", "60", "1900-03-01", "1999-12-31", "0"}));
}

TEST(XlsxRead, HonoursThe1904DateSystem) {
  std::string sheet = worksheet(R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="5"><v>43000</v></c>)"
                                R"(<c r="C1"><v>43000</v></c></row>)");
  auto r = read_xlsx_first_sheet(make_package(sheet, {}, date_styles(), true), 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].cells, (Cells{"1904-01-01", "2021-09-23", "43000"}));
}

TEST(XlsxRead, CellsAndRowsWithoutReferencesFollowThePreviousOne) {
  std::string sheet = worksheet(
      R"(<row r="3"><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c><c r="E3"><v>5</v></c><c><v>6</v></c></row>)"
      R"(<row><c r="AA4" t="b"><v>1</v></c></row><row r="9"/><row><c r="A10" t="inlineStr"><is><t/></is></c></row>)"
      R"(<row><!-- comentario --><c r="B11"><v>2</v></c></row>)");
  auto r = read_xlsx_first_sheet(make_package(sheet), 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].row, 3u);
  EXPECT_EQ((*r)[0].cells, (Cells{"a", "1", "", "", "5", "6"}));
  EXPECT_EQ((*r)[1].row, 4u);
  ASSERT_EQ((*r)[1].cells.size(), 27u);
  EXPECT_EQ((*r)[1].cells[26], "true");
  EXPECT_EQ((*r)[2].row, 11u);
  EXPECT_EQ((*r)[2].cells, (Cells{"", "2"}));
}

TEST(XlsxRead, FallsBackToSheet1WithoutWorkbookRelationships) {
  auto bytes = make_zip({
      {"xl/workbook.xml", R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheets><x:sheet name="H" sheetId="1"/></x:sheets></x:workbook>)"},
      {"xl/worksheets/sheet1.xml", R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>hola</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)"},
  });
  auto r = read_xlsx_first_sheet(bytes, 10);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].cells, (Cells{"hola"}));
}

TEST(XlsxRead, MoreRowsThanTheLimitIsAnError) {
  std::string bytes = make_inventory_xlsx();  // 4 rows with data
  EXPECT_TRUE(Succeeded(read_xlsx_first_sheet(bytes, 4)));
  auto r = read_xlsx_first_sheet(bytes, 3);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid, "import.too_many_rows"));
  EXPECT_TRUE(HasFieldError(r.error(), "file", "import.too_many_rows"));
  EXPECT_NE(r.error().message.find("3"), std::string::npos) << r.error().message;
}

TEST(XlsxRead, GarbageIsNotAWorkbook) {
  for (std::string bytes : {std::string(), std::string("hola, esto no es un libro"), std::string("PK\x03\x04 basura", 12),
                            std::string(2000, '\xff')}) {
    auto r = read_xlsx_first_sheet(bytes, 10);
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid, "import.xlsx_invalid"));
    EXPECT_TRUE(HasFieldError(r.error(), "file", "import.xlsx_invalid"));
    EXPECT_EQ(r.error().message, "El archivo no es un libro de Excel (.xlsx) legible");
  }
  std::string truncated = make_inventory_xlsx();
  truncated.resize(truncated.size() / 2);
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(truncated, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
}

TEST(XlsxRead, ZipWithoutWorkbookOrSheetIsInvalid) {
  auto no_workbook = make_zip({{"hola.txt", "no soy un libro"}, {"xl/worksheets/sheet1.xml", worksheet("")}});
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(no_workbook, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
  auto no_sheet = make_zip({{"xl/workbook.xml", "<workbook><sheets/></workbook>"}});
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(no_sheet, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
  auto bad_xml = make_package(worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2)"));
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(bad_xml, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
  auto missing_shared = make_package(worksheet(R"(<row r="1"><c r="A1" t="s"><v>3</v></c></row>)"));
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(missing_shared, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
  auto beyond_xfd = make_package(worksheet(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"));
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(beyond_xfd, 10), ErrorKind::kInvalid, "import.xlsx_invalid"));
}

TEST(XlsxRead, ArchivesThatExpandTooMuchAreRefused) {
  // 8 MB of whitespace deflates to a few KB: a small zip bomb.
  std::string bomb = make_package(worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)" + std::string(8u << 20, ' ')));
  ASSERT_LT(bomb.size(), 64u << 10);
  auto r = read_xlsx_first_sheet(bomb, 10, 1u << 20);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid, "import.xlsx_too_large"));
  EXPECT_TRUE(HasFieldError(r.error(), "file", "import.xlsx_too_large"));
  EXPECT_NE(r.error().message.find("1 MB"), std::string::npos) << r.error().message;
  EXPECT_TRUE(Succeeded(read_xlsx_first_sheet(bomb, 10, 9u << 20)));

  // The budget covers all the parts read together: each of these fits in 6000 bytes, both do not.
  std::string shared = "<sst><si><t>" + std::string(3000, 's') + "</t></si></sst>";
  std::string sheet = worksheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)" + std::string(3000, ' '));
  std::string bytes = make_package(sheet, shared);
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(bytes, 10, 6000), ErrorKind::kInvalid, "import.xlsx_too_large"));
  EXPECT_TRUE(Succeeded(read_xlsx_first_sheet(bytes, 10, 16000)));
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(make_inventory_xlsx(), 100, 2000), ErrorKind::kInvalid,
                        "import.xlsx_too_large"));
}

TEST(XlsxRead, SharedStringsRepeatedInManyCellsCountAgainstTheBudget) {
  std::string big(20000, 'x');
  std::string shared = "<sst><si><t>" + big + "</t></si></sst>";
  std::string rows;
  for (int i = 1; i <= 200; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"s\"><v>0</v></c></row>";
  std::string bytes = make_package(worksheet(rows), shared);
  EXPECT_TRUE(Succeeded(read_xlsx_first_sheet(bytes, 1000, 8u << 20)));
  EXPECT_TRUE(FailsWith(read_xlsx_first_sheet(bytes, 1000, 1u << 20), ErrorKind::kInvalid, "import.xlsx_too_large"));
}

}  // namespace
}  // namespace tequio
