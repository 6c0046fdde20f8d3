// src/core/csv.h: RFC 4180 reading for imports.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/csv.h"
#include "expect_result.h"

namespace tequio {
namespace {

using testing::FailsWith;
using testing::Succeeded;
using Fields = std::vector<std::string>;

TEST(Csv, SplitsRecordsAndFields) {
  auto r = parse_csv("code,name,kind\nDSI,Dirección de Sistemas,direccion\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields, (Fields{"code", "name", "kind"}));
  EXPECT_EQ((*r)[1].fields, (Fields{"DSI", "Dirección de Sistemas", "direccion"}));
  EXPECT_EQ((*r)[0].line, 1u);
  EXPECT_EQ((*r)[1].line, 2u);
}

TEST(Csv, LastRecordNeedsNoFinalNewline) {
  auto r = parse_csv("a,b\n1,2", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].fields, (Fields{"1", "2"}));
}

TEST(Csv, QuotedFieldsMayHoldCommasAndNewlines) {
  auto r = parse_csv("\"Núñez, José\",\"Calle 5\nCentro\",x\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].fields, (Fields{"Núñez, José", "Calle 5\nCentro", "x"}));
}

TEST(Csv, DoubledQuotesInsideQuotesAreOneQuote) {
  auto r = parse_csv("\"dijo \"\"hola\"\"\",\"\"\"\"\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].fields, (Fields{"dijo \"hola\"", "\""}));
}

TEST(Csv, EmptyFieldsArePreserved) {
  auto r = parse_csv("a,,c\nd,\n,\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].fields, (Fields{"a", "", "c"}));
  EXPECT_EQ((*r)[1].fields, (Fields{"d", ""}));
  EXPECT_EQ((*r)[2].fields, (Fields{"", ""}));
}

TEST(Csv, CrlfLineEndingsLeaveNoCarriageReturns) {
  auto r = parse_csv("code,name\r\nPM,Presidencia Municipal\r\nDSI,Sistemas\r\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].fields, (Fields{"code", "name"}));
  EXPECT_EQ((*r)[2].fields, (Fields{"DSI", "Sistemas"}));
  EXPECT_EQ((*r)[2].line, 3u);
}

TEST(Csv, ByteOrderMarkIsIgnored) {
  auto r = parse_csv("\xEF\xBB\xBF" "code,name\nPM,Presidencia\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].fields[0], "code");
}

TEST(Csv, BlankLinesAreSkippedButStillCounted) {
  auto r = parse_csv("h1,h2\n\nx,y\n\n\nz,w\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].line, 3u);
  EXPECT_EQ((*r)[2].line, 6u);
}

TEST(Csv, LineNumbersFollowNewlinesInsideQuotes) {
  auto r = parse_csv("h\n\"dos\nlíneas\"\nsiguiente\n", 100);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u);
}

TEST(Csv, EmptyInputHasNoRecords) {
  auto r = parse_csv("", 100);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(r->empty());
}

TEST(Csv, UnterminatedQuoteIsAnError) {
  EXPECT_TRUE(FailsWith(parse_csv("a,\"sin cerrar\n", 100), ErrorKind::kBadRequest, "csv.unterminated_quote"));
  EXPECT_TRUE(FailsWith(parse_csv("\"", 100), ErrorKind::kBadRequest, "csv.unterminated_quote"));
}

TEST(Csv, InvalidUtf8IsAnError) {
  EXPECT_TRUE(FailsWith(parse_csv("nombre\nJos\xE9\n", 100), ErrorKind::kBadRequest, "csv.invalid_utf8"));
}

TEST(Csv, MaxRecordsIsAllowedOneMoreIsNot) {
  EXPECT_TRUE(Succeeded(parse_csv("h\n1\n2\n", 3)));
  EXPECT_TRUE(Succeeded(parse_csv("h\n1\n2", 3)));
  EXPECT_TRUE(FailsWith(parse_csv("h\n1\n2\n3\n", 3), ErrorKind::kTooLarge, "csv.too_many_rows"));
  EXPECT_TRUE(FailsWith(parse_csv("h\n1\n2\n3", 3), ErrorKind::kTooLarge, "csv.too_many_rows"));
}

TEST(Csv, MaxRecordsStopsAHugeFileEarly) {
  std::string big = "h\n";
  for (int i = 0; i < 100000; ++i) big += "fila\n";
  EXPECT_TRUE(FailsWith(parse_csv(big, 10), ErrorKind::kTooLarge, "csv.too_many_rows"));
}

}  // namespace
}  // namespace tequio
