// src/core/paging.h: ?page=&per_page= for every list, and ids from text.
#include <gtest/gtest.h>

#include "core/paging.h"
#include "expect_result.h"

namespace tequio {
namespace {

using testing::FailsWith;
using testing::HasFieldError;
using testing::Succeeded;

TEST(Paging, DefaultsToTheFirstPageOfFifty) {
  auto r = make_page(std::nullopt, std::nullopt);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->page, 1);
  EXPECT_EQ(r->per_page, 50);
  EXPECT_EQ(r->offset(), 0);
}

TEST(Paging, ListsMayChooseTheirOwnDefault) {
  auto r = make_page(std::nullopt, std::nullopt, 200);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->per_page, 200);
}

TEST(Paging, OffsetSkipsTheEarlierPages) {
  auto r = make_page("3", "20");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->page, 3);
  EXPECT_EQ(r->per_page, 20);
  EXPECT_EQ(r->offset(), 40);
}

TEST(Paging, PerPageIsAtMost200) {
  EXPECT_TRUE(Succeeded(make_page("1", "200")));
  EXPECT_EQ(make_page("1", "200")->per_page, kMaxPerPage);
  auto r = make_page("1", "201");
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "per_page", "per_page_invalid"));
}

TEST(Paging, PagesAndSizesMustBePositiveWholeNumbers) {
  for (const char* bad : {"0", "-1", "abc", "1.5", "", " 2", "2 ", "+2", "0x10"}) {
    auto p = make_page(bad, std::nullopt);
    ASSERT_FALSE(p) << "page=" << bad;
    EXPECT_TRUE(HasFieldError(p.error(), "page", "page_invalid")) << bad;
    auto pp = make_page(std::nullopt, bad);
    ASSERT_FALSE(pp) << "per_page=" << bad;
    EXPECT_TRUE(HasFieldError(pp.error(), "per_page", "per_page_invalid")) << bad;
  }
}

TEST(Paging, AbsurdPageNumbersAreRejected) {
  EXPECT_TRUE(Succeeded(make_page("1000000", "200")));
  EXPECT_FALSE(make_page("1000001", "50"));
  EXPECT_FALSE(make_page("99999999999999999999", "50"));
}

TEST(Paging, BothProblemsAreReportedTogether) {
  auto r = make_page("cero", "500");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.size(), 2u);
}

TEST(Paging, ParseIdAcceptsOnlyPositiveIntegers) {
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_EQ(parse_id("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"0", "-3", "4x", "", " 4", "4 ", "1e3", "9223372036854775808"})
    EXPECT_EQ(parse_id(bad), std::nullopt) << bad;
}

TEST(Paging, PageJsonHasItemsTotalPageAndPerPage) {
  Page page;
  page.items.push_back({{"id", 1}});
  page.total = 51;
  page.request = PageRequest{2, 50};
  auto j = page.to_json();
  EXPECT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["total"], 51);
  EXPECT_EQ(j["page"], 2);
  EXPECT_EQ(j["per_page"], 50);
}

}  // namespace
}  // namespace tequio
