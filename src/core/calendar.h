// Business-day calendars (días hábiles): which days count for legal and SLA deadlines, and the
// working hours that SLA clocks run in. Pure and storage-free: rules come in as values (later
// issues persist and edit them) and a Calendar answers queries, naming for every non-working day
// the rule or document that made it, so each deadline can say which calendar and rule produced it.
//
// Conventions
// - A Date is a civil date in the calendar's time zone; instants are UTC Timestamps (core/time.h).
// - Day terms count "from the day after": day 1 is the first business day after the start date
//   (receipt or notification), whatever the start date is. Whether something received on a
//   non-business day, or after hours, counts as received on the next business day is a rule of
//   the caller's rule set: received_on() gives that date when it applies.
// - Working-time clocks run only inside working hours of business days and outside pauses.
// - Time zone America/Mexico_City: UTC−6, with the old daylight-saving rule (UTC−5 from the first
//   Sunday of April to the last Sunday of October; 2001: May–September) in 1996–2022 only; Mexico
//   abolished DST after 2022-10-30. A built-in table, so no global TZ is read or changed.
//
// Thread safety: a Calendar is immutable once made. Holidays are computed per year on first use
// and cached behind a mutex shared by copies, so one Calendar may be queried from many threads.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace tequio {

// A civil date, e.g. 2026y / std::chrono::March / 16.
using Date = std::chrono::year_month_day;

std::string format_date(Date d);                          // "2026-03-16"
std::optional<Date> parse_date(std::string_view text);   // "2026-03-16"; nullopt when malformed

// Gregorian Easter Sunday (anonymous/Meeus algorithm), years 1583 and later.
Date easter_sunday(int year);

// One stretch of the working day in local wall-clock time, [from, to) after midnight, e.g.
// {9h, 15h} and {16h, 18h} for a split day. `to` may be 24h.
struct WorkingHours {
  std::chrono::minutes from{};
  std::chrono::minutes to{};
  bool operator==(const WorkingHours&) const = default;
};

// A rule that makes days non-working. Build them with the named constructors below; the plain
// fields exist so stores can persist a rule and make() can validate what they load.
struct HolidayRule {
  enum class Kind {
    kFixedDate,     // every year on month/day (29 Feb only in leap years)
    kNthWeekday,    // nth weekday of a month, e.g. third Monday of March
    kLastWeekday,   // last weekday of a month
    kEasterOffset,  // Gregorian Easter Sunday + offset_days (Holy Thursday −3, Holy Friday −2)
    kEveryNYears,   // month/day in first_year, first_year + every_years, … (1 Oct 2024, 2030, …)
    kDate,          // one date (a día inhábil an administrator declares)
    kDateRange,     // from..to inclusive (vacation period, suspension of work)
  };

  Kind kind = Kind::kFixedDate;
  std::string label;   // what the day is, Spanish: "tercer lunes de marzo", "Jueves Santo"
  std::string source;  // who made it non-working: law and article, or the declaring document
  std::chrono::month month{1};
  std::chrono::day day{1};
  std::chrono::weekday weekday{};
  unsigned nth = 1;                           // kNthWeekday: 1–5
  int offset_days = 0;                        // kEasterOffset: −80…+240 (stays in Easter's year)
  int first_year = 0;                         // kEveryNYears
  int every_years = 1;                        // kEveryNYears
  Date from{};                                // kDate, kDateRange
  Date to{};                                  // kDateRange (inclusive)
  std::optional<int> since_year, until_year;  // years the rule applies in, inclusive

  // "source: label", or whichever of the two is set; what a deadline shows for the day.
  std::string reason() const;

  static HolidayRule fixed(std::chrono::month_day md, std::string label, std::string source);
  // e.g. nth_weekday(std::chrono::March / std::chrono::Monday[3], …)
  static HolidayRule nth_weekday(std::chrono::month_weekday mw, std::string label, std::string source);
  // e.g. last_weekday(std::chrono::October / std::chrono::Friday[std::chrono::last], …)
  static HolidayRule last_weekday(std::chrono::month_weekday_last mwl, std::string label, std::string source);
  static HolidayRule easter(int offset_days, std::string label, std::string source);
  static HolidayRule every_n_years(std::chrono::month_day md, int first_year, int every_years, std::string label,
                                   std::string source);
  static HolidayRule on(Date date, std::string label, std::string source);
  static HolidayRule range(Date from, Date to, std::string label, std::string source);

  // Limits a rule to some years (a reform that starts or ends it): rule.in_years(2024, {}).
  HolidayRule& in_years(std::optional<int> since, std::optional<int> until);
};

struct CalendarRules {
  std::string name;  // shown with every deadline: "Municipio de Oaxaca de Juárez 2026"
  std::vector<std::chrono::weekday> working_weekdays = {std::chrono::Monday, std::chrono::Tuesday,
                                                        std::chrono::Wednesday, std::chrono::Thursday,
                                                        std::chrono::Friday};
  std::vector<WorkingHours> working_hours = {{std::chrono::hours{9}, std::chrono::hours{17}}};
  std::string time_zone = "America/Mexico_City";  // or "UTC"
  std::vector<HolidayRule> holidays;  // when several name one day, the first one's reason is shown
};

// Ley Federal del Trabajo, art. 74 (descanso obligatorio): 1 Jan; first Monday of February;
// third Monday of March; 1 May; 16 Sep; third Monday of November; 1 Oct every six years from 2024
// (1 Dec every six years through 2018, before the 2014 constitutional reform took effect);
// 25 Dec. Election days (fracc. IX) change every year: add them with HolidayRule::on.
CalendarRules lft_art74();

// Ley Federal de Procedimiento Administrativo, art. 28 (fixed dates, no movable Mondays): 1 Jan,
// 5 Feb, 21 Mar, 1 May, 5 May, 1 Sep, 16 Sep, 20 Nov, 25 Dec, and the change of federal executive:
// 1 Dec every six years through 2018, 1 Oct every six years from 2024 (the date the Constitution
// now sets; the article still says 1 Dec). Vacations and suspensions are published by each
// authority: add them as dates or ranges.
CalendarRules lfpa_art28();

// A day that does not count, and why.
struct NonBusinessDay {
  Date date;
  std::string reason;     // the rule's reason(), or e.g. "sábado, día de descanso semanal"
  bool weekly_rest = false;  // true when only the weekday makes it non-working
  bool operator==(const NonBusinessDay&) const = default;
};

// A term in business days and how it was counted.
struct DayDeadline {
  Date start;         // receipt or notification; counting begins the day after
  int days = 0;       // business days in the term
  Date first_day;     // day 1 (equals start when days == 0)
  Date due;           // the last day of the term
  std::string calendar;                 // name of the calendar that produced it
  std::vector<NonBusinessDay> skipped;  // days after start and before due that did not count
  std::string explanation() const;      // Spanish, for people
};

// An interval during which an SLA clock stops (waiting for the requester or a supplier), [from, to).
// An open pause is passed with `to` = now, so the due time moves while it lasts.
struct Pause {
  Timestamp from;
  Timestamp to;
};

struct LocalDateTime {
  Date date;
  std::chrono::minutes time{};  // after local midnight; seconds are dropped
  bool operator==(const LocalDateTime&) const = default;
};

// A term in working time and how it was counted.
struct TimeDeadline {
  Timestamp start;
  std::chrono::minutes duration{};
  Timestamp due;
  LocalDateTime start_local, due_local;
  std::chrono::minutes paused{};  // working time inside pauses, not counted (whole minutes)
  std::string calendar;
  std::vector<NonBusinessDay> skipped;  // whole non-business days between start and due
  std::string explanation() const;
};

class Calendar {
 public:
  // Validates the rules: field errors name e.g. "holidays[2].nth", "working_hours[1]".
  static Result<Calendar> make(CalendarRules rules);

  const std::string& name() const;
  const CalendarRules& rules() const;

  bool is_business_day(Date d) const;  // false for invalid dates
  // nullopt on business days; otherwise the first rule that names the day, else the weekly rest.
  std::optional<std::string> why_not_business_day(Date d) const;
  // The days the rules make non-working in a year, in date order (weekly rest days not included).
  std::vector<NonBusinessDay> holidays(int year) const;

  // The first business day strictly after d / on or after d. nullopt for an invalid date or
  // past the supported years (1600–9999).
  std::optional<Date> next_business_day(Date d) const;
  std::optional<Date> first_business_day_from(Date d) const;

  // The date `days` business days after `start`, counted from the day after: day 1 is the first
  // business day after start; days == 0 gives start itself. Errors: calendar.date_invalid,
  // calendar.days_invalid (negative or more than 100,000), calendar.date_out_of_range.
  Result<DayDeadline> add_business_days(Date start, int days) const;
  // Business days d with from < d ≤ to; negative (−count of to < d ≤ from) when to < from, so
  // business_days_between(s, add_business_days(s, n)->due) == n. 0 for invalid dates.
  int business_days_between(Date from, Date to) const;

  // When `duration` of working time has run from `start`, not counting time inside pauses.
  // Started outside working hours, the clock starts at the next working moment; a zero duration
  // is due at start. Errors: calendar.duration_invalid (negative or over 10 years),
  // calendar.pause_invalid (to before from), calendar.date_out_of_range (after year 2200).
  Result<TimeDeadline> add_working_hours(Timestamp start, std::chrono::minutes duration,
                                         const std::vector<Pause>& pauses = {}) const;
  // Working time in [a, b) outside pauses, whole minutes (truncated); negative when b < a.
  std::chrono::minutes working_minutes_between(Timestamp a, Timestamp b,
                                               const std::vector<Pause>& pauses = {}) const;

  // Time zone conversions. from_local reads a wall time in the skipped spring hour as daylight
  // time and a repeated autumn hour as its first occurrence.
  LocalDateTime to_local(Timestamp t) const;
  Timestamp from_local(Date d, std::chrono::minutes time) const;
  std::chrono::minutes utc_offset(Timestamp t) const;

  // The business day something arriving at t counts as received on: its local date when that is
  // a business day and t is before the end of that day's working hours; else the next business day.
  std::optional<Date> received_on(Timestamp t) const;

  // "lunes a viernes, 09:00–15:00 y 16:00–18:00"
  std::string describe_hours() const;

  struct State;  // implementation, in calendar.cpp

 private:
  explicit Calendar(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace tequio
