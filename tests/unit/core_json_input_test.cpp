// src/core/json_input.h: reading client JSON into typed fields with per-field errors.
#include <gtest/gtest.h>

#include "core/json_input.h"
#include "expect_result.h"

namespace tequio {
namespace {

using nlohmann::json;
using testing::FailsWith;
using testing::HasFieldError;
using testing::Succeeded;

TEST(JsonInput, ParseJsonObjectAcceptsAnObject) {
  auto r = parse_json_object(R"({"name":"Ana"})");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["name"], "Ana");
}

TEST(JsonInput, MalformedJsonIsABadRequest) {
  EXPECT_TRUE(FailsWith(parse_json_object("{"), ErrorKind::kBadRequest, "json.malformed"));
  EXPECT_TRUE(FailsWith(parse_json_object(""), ErrorKind::kBadRequest, "json.malformed"));
  EXPECT_TRUE(FailsWith(parse_json_object(R"({"a":1} trailing)"), ErrorKind::kBadRequest, "json.malformed"));
}

TEST(JsonInput, InvalidUtf8IsABadRequest) {
  EXPECT_TRUE(FailsWith(parse_json_object("{\"name\":\"Jos\xE9\"}"), ErrorKind::kBadRequest, "json.invalid_utf8"));
}

TEST(JsonInput, AnythingButAnObjectIsInvalid) {
  for (const char* body : {"[1,2]", "\"texto\"", "42", "null", "true"})
    EXPECT_TRUE(FailsWith(parse_json_object(body), ErrorKind::kInvalid, "json.not_object")) << body;
}

TEST(JsonInput, CleanInputFinishesWithoutErrors) {
  json body = {{"name", "Ana"}, {"age", 31}, {"active", true}, {"tags", json::array({"a", "b"})}};
  JsonReader in(body);
  EXPECT_EQ(in.required_string("name", 100), "Ana");
  EXPECT_EQ(in.required_int("age"), 31);
  EXPECT_EQ(in.optional_bool("active"), true);
  EXPECT_EQ(in.string_list("tags", true, 10, 10), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(Succeeded(in.finish()));
}

TEST(JsonInput, UnknownFieldsAreReportedByName) {
  json body = {{"name", "Ana"}, {"is_admin", true}};
  JsonReader in(body);
  in.required_string("name", 100);
  auto st = in.finish();
  ASSERT_TRUE(FailsWith(st, ErrorKind::kInvalid, "validation"));
  EXPECT_TRUE(HasFieldError(st.error(), "is_admin", "unknown_field"));
  EXPECT_EQ(st.error().fields.size(), 1u);
}

TEST(JsonInput, WrongTypesAreReportedPerField) {
  json body = {{"name", 5}, {"age", "treinta"}, {"active", "sí"}, {"tags", "a,b"}, {"score", 1.5}};
  JsonReader in(body);
  EXPECT_FALSE(in.required_string("name", 100));
  EXPECT_FALSE(in.optional_int("age"));
  EXPECT_FALSE(in.optional_bool("active"));
  EXPECT_FALSE(in.string_list("tags", false, 10, 10));
  EXPECT_FALSE(in.required_int("score"));
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_TRUE(HasFieldError(st.error(), "name", "type_string"));
  EXPECT_TRUE(HasFieldError(st.error(), "age", "type_integer"));
  EXPECT_TRUE(HasFieldError(st.error(), "active", "type_boolean"));
  EXPECT_TRUE(HasFieldError(st.error(), "tags", "type_array"));
  EXPECT_TRUE(HasFieldError(st.error(), "score", "type_integer"));
  EXPECT_EQ(st.error().fields.size(), 5u);
}

TEST(JsonInput, BooleanIsNotAnInteger) {
  json body = {{"area_id", true}};
  JsonReader in(body);
  EXPECT_FALSE(in.optional_int("area_id"));
  EXPECT_TRUE(HasFieldError(in.finish().error(), "area_id", "type_integer"));
}

TEST(JsonInput, LengthLimitCountsCharactersNotBytes) {
  json body = {{"short", "Núñez"}, {"long", "Núñez!"}};
  JsonReader in(body);
  EXPECT_EQ(in.required_string("short", 5), "Núñez");  // 5 characters, 7 bytes
  EXPECT_FALSE(in.required_string("long", 5));
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_TRUE(HasFieldError(st.error(), "long", "too_long"));
  EXPECT_FALSE(HasFieldError(st.error(), "short"));
}

TEST(JsonInput, RequiredStringsAreTrimmedAndMustNotBeEmpty) {
  json body = {{"padded", "  Ana López \n"}, {"blank", "   "}, {"empty", ""}, {"null", nullptr}};
  JsonReader in(body);
  EXPECT_EQ(in.required_string("padded", 100), "Ana López");
  EXPECT_FALSE(in.required_string("blank", 100));
  EXPECT_FALSE(in.required_string("empty", 100));
  EXPECT_FALSE(in.required_string("null", 100));
  EXPECT_FALSE(in.required_string("missing", 100));
  auto st = in.finish();
  ASSERT_FALSE(st);
  for (const char* f : {"blank", "empty", "null", "missing"}) EXPECT_TRUE(HasFieldError(st.error(), f, "required"));
}

TEST(JsonInput, OptionalFieldsMayBeAbsentOrNull) {
  json body = {{"note", nullptr}};
  JsonReader in(body);
  EXPECT_EQ(in.optional_string("note", 10), std::nullopt);
  EXPECT_EQ(in.optional_string("absent", 10), std::nullopt);
  EXPECT_EQ(in.optional_int("absent_int"), std::nullopt);
  EXPECT_EQ(in.optional_bool("absent_bool"), std::nullopt);
  EXPECT_TRUE(Succeeded(in.finish()));
}

TEST(JsonInput, NullableDistinguishesAbsentNullAndValue) {
  json body = {{"cleared", nullptr}, {"emptied", ""}, {"set", "ext. 1201"}, {"id_null", nullptr}, {"id", 7}};
  JsonReader in(body);
  auto absent = in.nullable_string("absent", 20);
  auto cleared = in.nullable_string("cleared", 20);
  auto emptied = in.nullable_string("emptied", 20);
  auto set = in.nullable_string("set", 20);
  EXPECT_FALSE(absent.has_value());                 // leave as is
  ASSERT_TRUE(cleared.has_value());                 // set to NULL
  EXPECT_FALSE(cleared->has_value());
  ASSERT_TRUE(emptied.has_value());                 // "" clears too
  EXPECT_FALSE(emptied->has_value());
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(**set, "ext. 1201");

  auto id_absent = in.nullable_int("id_absent");
  auto id_null = in.nullable_int("id_null");
  auto id = in.nullable_int("id");
  EXPECT_FALSE(id_absent.has_value());
  ASSERT_TRUE(id_null.has_value());
  EXPECT_FALSE(id_null->has_value());
  ASSERT_TRUE(id.has_value() && id->has_value());
  EXPECT_EQ(**id, 7);
  EXPECT_TRUE(Succeeded(in.finish()));
}

TEST(JsonInput, NullableWithTheWrongTypeIsAnError) {
  json body = {{"parent_id", "3"}, {"code", 12}};
  JsonReader in(body);
  EXPECT_FALSE(in.nullable_int("parent_id").has_value());
  EXPECT_FALSE(in.nullable_string("code", 10).has_value());
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_TRUE(HasFieldError(st.error(), "parent_id", "type_integer"));
  EXPECT_TRUE(HasFieldError(st.error(), "code", "type_string"));
}

TEST(JsonInput, ControlCharactersAreRejectedButNewlinesAndTabsAreNot) {
  json body = {{"bell", "a\u0007b"}, {"esc", "\u001b[31m"}, {"text", "línea 1\nlínea 2\tfin"}};
  JsonReader in(body);
  EXPECT_FALSE(in.optional_string("bell", 100));
  EXPECT_FALSE(in.optional_string("esc", 100));
  EXPECT_EQ(in.optional_string("text", 100), "línea 1\nlínea 2\tfin");
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_TRUE(HasFieldError(st.error(), "bell", "control_chars"));
  EXPECT_TRUE(HasFieldError(st.error(), "esc", "control_chars"));
}

TEST(JsonInput, StringListChecksCountAndItems) {
  json body = {{"many", json::array({"a", "b", "c"})}, {"mixed", json::array({"a", 2})}, {"long", json::array({"abcdef"})}};
  JsonReader in(body);
  EXPECT_FALSE(in.string_list("many", false, 2, 10));
  EXPECT_FALSE(in.string_list("mixed", false, 10, 10));
  EXPECT_FALSE(in.string_list("long", false, 10, 5));
  EXPECT_FALSE(in.string_list("required_list", true, 10, 10));
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_TRUE(HasFieldError(st.error(), "many", "too_many"));
  EXPECT_TRUE(HasFieldError(st.error(), "mixed", "type_string"));
  EXPECT_TRUE(HasFieldError(st.error(), "long", "too_long"));
  EXPECT_TRUE(HasFieldError(st.error(), "required_list", "required"));
}

TEST(JsonInput, ReaderCollectsEveryErrorBeforeFinishing) {
  json body = {{"name", ""}, {"area_id", "x"}, {"colour", "azul"}};
  JsonReader in(body);
  in.required_string("name", 100);
  in.required_int("area_id");
  in.error("email", "person.email_invalid", "El correo no es válido");
  auto st = in.finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().fields.size(), 4u);
  EXPECT_TRUE(HasFieldError(st.error(), "email", "person.email_invalid"));
  EXPECT_TRUE(HasFieldError(st.error(), "colour", "unknown_field"));
}

}  // namespace
}  // namespace tequio
