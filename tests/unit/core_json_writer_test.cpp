// JsonWriter produces exactly what nlohmann::json parses back, escapes included.
#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tequio {
namespace {

TEST(JsonWriter, WritesNestedStructuresWithCommasInTheRightPlaces) {
  JsonWriter w;
  w.begin_object().key("a").value(int64_t{1}).key("b").begin_array().value("x").value(true).null().end_array();
  w.key("c").begin_object().end_object().key("d").value(std::optional<int64_t>{}).end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",true,null],"c":{},"d":null})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharactersButKeepsUtf8) {
  std::string tricky = "José \"Pepe\" Núñez\\\n\t\x01 — ñ";
  JsonWriter w;
  w.begin_array().value(tricky).end_array();
  auto parsed = nlohmann::json::parse(w.str());
  EXPECT_EQ(parsed[0].get<std::string>(), tricky);
  EXPECT_NE(w.str().find("Núñez"), std::string::npos);  // UTF-8 passes through unescaped
  EXPECT_NE(w.str().find("\\u0001"), std::string::npos);
}

TEST(JsonWriter, RawInsertsPreSerializedValues) {
  JsonWriter w;
  w.begin_array().raw(R"({"k":[1,2]})").value(int64_t{-5}).end_array();
  EXPECT_EQ(nlohmann::json::parse(w.str()), nlohmann::json::parse(R"([{"k":[1,2]},-5])"));
}

}  // namespace
}  // namespace tequio
