// src/core/time.h: ISO-8601 UTC text, the one time format in storage and the API.
#include <gtest/gtest.h>

#include <chrono>

#include "core/time.h"

namespace tequio {
namespace {

using namespace std::chrono;

Timestamp at(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms};
}

TEST(Time, EpochIsWrittenWithMillisecondsAndZ) {
  EXPECT_EQ(to_iso(Clock::from_time_t(0)), "1970-01-01T00:00:00.000Z");
}

TEST(Time, ToIsoWritesUtcWithMilliseconds) {
  EXPECT_EQ(to_iso(at(2026, 11, 25, 17, 3, 0, 7)), "2026-11-25T17:03:00.007Z");
}

TEST(Time, ToIsoTruncatesBelowTheMillisecond) {
  EXPECT_EQ(to_iso(at(2026, 11, 25, 17, 3, 0, 7) + microseconds{999}), "2026-11-25T17:03:00.007Z");
}

TEST(Time, ParseIsoRoundTripsToIso) {
  for (auto t : {at(2026, 11, 25, 17, 3, 0, 0), at(2024, 2, 29, 23, 59, 59, 999), at(1999, 12, 31, 0, 0, 0, 1),
                 at(2038, 1, 19, 3, 14, 8, 500)}) {
    std::string text = to_iso(t);
    auto parsed = parse_iso(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(*parsed, t) << text;
    EXPECT_EQ(to_iso(*parsed), text);
  }
}

TEST(Time, NowIsoParsesBackToTheSameText) {
  std::string now = now_iso();
  auto parsed = parse_iso(now);
  ASSERT_TRUE(parsed) << now;
  EXPECT_EQ(to_iso(*parsed), now);
}

TEST(Time, IsoTextSortsLikeTime) {
  EXPECT_LT(to_iso(at(2026, 9, 30, 23, 59, 59, 999)), to_iso(at(2026, 10, 1)));
  EXPECT_LT(to_iso(at(2026, 10, 1, 9)), to_iso(at(2026, 10, 1, 10)));
}

TEST(Time, BareDateMeansMidnightUtc) {
  auto t = parse_iso("2026-11-25");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, at(2026, 11, 25));
}

TEST(Time, SecondsAndFractionAreOptional) {
  EXPECT_EQ(parse_iso("2026-11-25T17:03Z"), at(2026, 11, 25, 17, 3));
  EXPECT_EQ(parse_iso("2026-11-25T17:03:09Z"), at(2026, 11, 25, 17, 3, 9));
  EXPECT_EQ(parse_iso("2026-11-25T17:03:09.5Z"), at(2026, 11, 25, 17, 3, 9, 500));
  EXPECT_EQ(parse_iso("2026-11-25T17:03:09.123Z"), at(2026, 11, 25, 17, 3, 9, 123));
}

TEST(Time, LeapDayExistsOnlyInLeapYears) {
  EXPECT_TRUE(parse_iso("2024-02-29"));
  EXPECT_TRUE(parse_iso("2000-02-29"));
  EXPECT_FALSE(parse_iso("2026-02-29"));
  EXPECT_FALSE(parse_iso("1900-02-29"));
}

TEST(Time, DaysThatDoNotExistAreRejected) {
  EXPECT_FALSE(parse_iso("2026-02-31"));
  EXPECT_FALSE(parse_iso("2026-02-30"));
  EXPECT_FALSE(parse_iso("2026-04-31"));
  EXPECT_FALSE(parse_iso("2026-11-31T10:00Z"));
  EXPECT_FALSE(parse_iso("2026-11-00"));
  EXPECT_FALSE(parse_iso("2026-11-32"));
  EXPECT_FALSE(parse_iso("2026-13-01"));
  EXPECT_FALSE(parse_iso("2026-00-10"));
}

TEST(Time, OutOfRangeTimesAreRejected) {
  EXPECT_FALSE(parse_iso("2026-11-25T24:00Z"));
  EXPECT_FALSE(parse_iso("2026-11-25T17:60Z"));
  EXPECT_FALSE(parse_iso("2026-11-25T17:03:61Z"));
}

TEST(Time, MalformedTextIsRejected) {
  for (const char* bad : {"", "2026", "2026-11", "26-11-25", "2026/11/25", "2026-1-25", "2026-11-5", " 2026-11-25",
                          "2026-11-25 ", "2026-11-25Z", "2026-11-25T", "2026-11-25T17", "2026-11-25T17:03",
                          "2026-11-25T17:3Z", "2026-11-25T17:03:00", "2026-11-25T17:03:0Z", "2026-11-25T17:03:00.Z",
                          "2026-11-25T17:03:00.000", "2026-11-25T17:03:00.000+06:00", "2026-11-25T17:03:00.000Zjunk",
                          "2026-11-25T17:03:00.000z", "2026-11-25x17:03Z", "abcd-ef-gh", "２０２６-11-25"}) {
    EXPECT_FALSE(parse_iso(bad)) << "accepted \"" << bad << "\"";
  }
}

}  // namespace
}  // namespace tequio
