// Test support: assertions on Result<T> that print the domain error when they fail.
//   EXPECT_TRUE(Succeeded(r));
//   EXPECT_TRUE(FailsWith(r, ErrorKind::kConflict));
//   EXPECT_TRUE(FailsWith(r, ErrorKind::kInvalid, "user.username_invalid"));
//   EXPECT_TRUE(HasFieldError(r.error(), "username", "user.username_invalid"));
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "core/paging.h"
#include "core/result.h"

namespace tequio::testing {

inline const char* kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::kBadRequest: return "kBadRequest";
    case ErrorKind::kUnauthenticated: return "kUnauthenticated";
    case ErrorKind::kForbidden: return "kForbidden";
    case ErrorKind::kNotFound: return "kNotFound";
    case ErrorKind::kConflict: return "kConflict";
    case ErrorKind::kTooLarge: return "kTooLarge";
    case ErrorKind::kUnsupportedMedia: return "kUnsupportedMedia";
    case ErrorKind::kInvalid: return "kInvalid";
    case ErrorKind::kLocked: return "kLocked";
    case ErrorKind::kThrottled: return "kThrottled";
    case ErrorKind::kUnavailable: return "kUnavailable";
  }
  return "?";
}

inline std::string describe(const Error& e) {
  std::string s = std::string(kind_name(e.kind)) + " code=" + e.code + " \"" + e.message + "\"";
  for (const auto& f : e.fields) s += " [" + f.field + ": " + f.code + "]";
  return s;
}

template <class T>
::testing::AssertionResult Succeeded(const Result<T>& r) {
  if (r.has_value()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected success, got error " << describe(r.error());
}

template <class T>
::testing::AssertionResult FailsWith(const Result<T>& r, ErrorKind kind, const std::string& code = {}) {
  if (r.has_value()) return ::testing::AssertionFailure() << "expected " << kind_name(kind) << ", got success";
  const Error& e = r.error();
  if (e.kind != kind || (!code.empty() && e.code != code))
    return ::testing::AssertionFailure() << "expected " << kind_name(kind) << (code.empty() ? "" : " code=" + code)
                                         << ", got " << describe(e);
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult HasFieldError(const Error& e, const std::string& field,
                                                const std::string& code = {}) {
  for (const auto& f : e.fields)
    if (f.field == field && (code.empty() || f.code == code)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no error on field " << field << (code.empty() ? "" : " with code " + code)
                                       << " in " << describe(e);
}

// Lists written straight to JSON text (Page::items_json) parsed back into Page::items, so
// tests can inspect them the same way whichever way the service produced them.
inline Result<Page> materialized(Result<Page> r) {
  if (r && !r->items_json.empty()) {
    r->items = nlohmann::json::parse(r->items_json);
    r->items_json.clear();
  }
  return r;
}

}  // namespace tequio::testing
