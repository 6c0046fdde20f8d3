// Time in Tequio: stored and exchanged as ISO-8601 UTC text ("2026-11-25T17:03:00.000Z"),
// which sorts correctly as a string in both SQLite and PostgreSQL.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tequio {

using Clock = std::chrono::system_clock;
using Timestamp = Clock::time_point;

std::string to_iso(Timestamp t);
std::string now_iso();
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]Z" (UTC). Returns nullopt when malformed.
std::optional<Timestamp> parse_iso(std::string_view s);

}  // namespace tequio
