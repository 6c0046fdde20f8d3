// src/core/embedded.h: migrations, demo data and the OpenAPI document inside the binary.
#include <gtest/gtest.h>

#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/embedded.h"

namespace tequio {
namespace {

TEST(Embedded, MigrationsOfBothBackendsAreCompiledIn) {
  EXPECT_TRUE(embedded_file("migrations/sqlite/0001_foundation.sql"));
  EXPECT_TRUE(embedded_file("migrations/postgres/0001_foundation.sql"));
}

TEST(Embedded, DemoDataIsValidJson) {
  auto demo = embedded_file("data/demo/demo.json");
  ASSERT_TRUE(demo);
  auto doc = nlohmann::json::parse(*demo, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_TRUE(doc.contains("areas"));
}

TEST(Embedded, NamesAreRelativeToTheRepositoryAndUnique) {
  std::set<std::string_view> names;
  for (const auto& f : embedded_files()) {
    EXPECT_NE(f.name.front(), '/') << f.name;
    EXPECT_TRUE(names.insert(f.name).second) << "twice: " << f.name;
  }
}

TEST(Embedded, UnknownNameIsAbsent) { EXPECT_FALSE(embedded_file("migrations/sqlite/9999_nope.sql")); }

}  // namespace
}  // namespace tequio
