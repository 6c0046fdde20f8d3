// src/core/calendar.h: business days (días hábiles) and working hours for legal and SLA deadlines.
// Cases are tables with the expected result worked out by hand; comments say how.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/calendar.h"
#include "expect_result.h"

namespace tequio {
namespace {

using namespace std::chrono;
using tequio::testing::FailsWith;
using tequio::testing::HasFieldError;
using tequio::testing::Succeeded;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

Timestamp utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return sys_days{D(y, m, d)} + hours{hh} + minutes{mm} + seconds{ss};
}

Calendar make(CalendarRules rules) {
  auto c = Calendar::make(std::move(rules));
  EXPECT_TRUE(Succeeded(c));
  return std::move(c).value();
}

const std::string kLft = "Ley Federal del Trabajo, art. 74";
const std::string kLfpa = "Ley Federal de Procedimiento Administrativo, art. 28";
const std::string kAcuerdo = "Acuerdo de Cabildo por el que se declaran días inhábiles (Gaceta Municipal)";

// The municipality's calendar in these tests: LFT art. 74 plus what the Ayuntamiento declares.
CalendarRules municipality_rules() {
  CalendarRules r = lft_art74();
  r.name = "Municipio de Oaxaca de Juárez";
  r.holidays.push_back(HolidayRule::easter(-3, "Jueves Santo", kAcuerdo));
  r.holidays.push_back(HolidayRule::easter(-2, "Viernes Santo", kAcuerdo));
  r.holidays.push_back(HolidayRule::on(D(2025, 12, 12), "Día de la Virgen de Guadalupe", "Acuerdo AC-41/2025"));
  r.holidays.push_back(
      HolidayRule::range(D(2026, 12, 21), D(2027, 1, 2), "vacaciones de invierno", "Acuerdo AC-07/2026"));
  return r;
}

const Calendar& lft() {
  static const Calendar c = make(lft_art74());
  return c;
}
const Calendar& lfpa() {
  static const Calendar c = make(lfpa_art28());
  return c;
}
const Calendar& municipality() {
  static const Calendar c = make(municipality_rules());
  return c;
}
const Calendar& split_hours() {
  static const Calendar c = [] {
    CalendarRules r = lft_art74();
    r.name = "Soporte, horario partido";
    r.working_hours = {{hours{16}, hours{18}}, {hours{9}, hours{15}}};  // given out of order on purpose
    return make(r);
  }();
  return c;
}

// ---- Dates and rules ------------------------------------------------------------------------

TEST(Calendar, EasterSundayFollowsTheGregorianComputus) {
  struct Case { int year; Date easter; };
  const Case cases[] = {
      {2024, D(2024, 3, 31)}, {2025, D(2025, 4, 20)}, {2026, D(2026, 4, 5)},  {2027, D(2027, 3, 28)},
      {2000, D(2000, 4, 23)}, {2008, D(2008, 3, 23)}, {2011, D(2011, 4, 24)}, {2016, D(2016, 3, 27)},
      {2019, D(2019, 4, 21)}, {2030, D(2030, 4, 21)}, {2038, D(2038, 4, 25)},  // latest possible
      {2285, D(2285, 3, 22)},                                                  // earliest possible
      {1943, D(1943, 4, 25)}, {1818, D(1818, 3, 22)},
  };
  for (const auto& c : cases) EXPECT_EQ(format_date(easter_sunday(c.year)), format_date(c.easter)) << c.year;
}

TEST(Calendar, LftArt74HolidaysOfAYear) {
  // Movable Mondays: 1 Feb 2026 is a Sunday, so the first Monday is 2 Feb; 1 Mar and 1 Nov 2026
  // are Sundays too, so the third Mondays are 16 Mar and 16 Nov. 1 Oct only in 2024, 2030, …;
  // 1 Dec in 2018 (old date of the change of federal executive), never after.
  struct Case { int year; std::vector<std::string> dates; };
  const Case cases[] = {
      {2026, {"2026-01-01", "2026-02-02", "2026-03-16", "2026-05-01", "2026-09-16", "2026-11-16", "2026-12-25"}},
      {2025, {"2025-01-01", "2025-02-03", "2025-03-17", "2025-05-01", "2025-09-16", "2025-11-17", "2025-12-25"}},
      {2027, {"2027-01-01", "2027-02-01", "2027-03-15", "2027-05-01", "2027-09-16", "2027-11-15", "2027-12-25"}},
      {2024, {"2024-01-01", "2024-02-05", "2024-03-18", "2024-05-01", "2024-09-16", "2024-10-01", "2024-11-18",
              "2024-12-25"}},
      {2030, {"2030-01-01", "2030-02-04", "2030-03-18", "2030-05-01", "2030-09-16", "2030-10-01", "2030-11-18",
              "2030-12-25"}},
      {2018, {"2018-01-01", "2018-02-05", "2018-03-19", "2018-05-01", "2018-09-16", "2018-11-19", "2018-12-01",
              "2018-12-25"}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> got;
    for (const auto& h : lft().holidays(c.year)) got.push_back(format_date(h.date));
    EXPECT_EQ(got, c.dates) << c.year;
  }
}

TEST(Calendar, WhichDaysAreBusinessDaysAndWhy) {
  struct Case {
    const Calendar& calendar;
    Date date;
    std::optional<std::string> reason;  // nullopt: a business day
  };
  const Case cases[] = {
      // LFT art. 74: movable Mondays, not the commemorated dates.
      {lft(), D(2026, 2, 2), kLft + ": primer lunes de febrero"},
      {lft(), D(2026, 2, 5), std::nullopt},
      {lft(), D(2026, 3, 16), kLft + ": tercer lunes de marzo"},
      {lft(), D(2026, 11, 16), kLft + ": tercer lunes de noviembre"},
      {lft(), D(2026, 11, 20), std::nullopt},
      {lft(), D(2026, 9, 16), kLft + ": 16 de septiembre"},
      {lft(), D(2026, 5, 5), std::nullopt},
      // LFPA art. 28: the fixed dates. It and the LFT disagree on 2 Feb / 5 Feb 2026.
      {lfpa(), D(2026, 2, 5), kLfpa + ": 5 de febrero"},
      {lfpa(), D(2026, 2, 2), std::nullopt},
      {lfpa(), D(2026, 3, 16), std::nullopt},
      {lfpa(), D(2026, 5, 5), kLfpa + ": 5 de mayo"},
      {lfpa(), D(2026, 9, 1), kLfpa + ": 1 de septiembre"},
      {lfpa(), D(2026, 11, 20), kLfpa + ": 20 de noviembre"},
      // The six-yearly change of federal executive.
      {lft(), D(2030, 10, 1), kLft + ": 1 de octubre, transmisión del Poder Ejecutivo Federal"},
      {lft(), D(2024, 10, 1), kLft + ": 1 de octubre, transmisión del Poder Ejecutivo Federal"},
      {lft(), D(2027, 10, 1), std::nullopt},  // a Friday, not a transmission year
      {lft(), D(2036, 10, 1), kLft + ": 1 de octubre, transmisión del Poder Ejecutivo Federal"},
      {lfpa(), D(2030, 10, 1), kLfpa + ": 1 de octubre, transmisión del Poder Ejecutivo Federal"},
      {lft(), D(2012, 12, 3), std::nullopt},
      {lft(), D(2024, 12, 2), std::nullopt},
      // A holiday on a weekend names the rule; a plain weekend names the weekday.
      {lft(), D(2018, 12, 1), kLft + ": 1 de diciembre, transmisión del Poder Ejecutivo Federal"},
      {lft(), D(2024, 12, 1), "domingo, día de descanso semanal"},
      {lfpa(), D(2026, 3, 21), kLfpa + ": 21 de marzo"},
      {lft(), D(2026, 3, 14), "sábado, día de descanso semanal"},
      {lft(), D(2026, 3, 15), "domingo, día de descanso semanal"},
      // The municipality adds Holy Week, a declared day and a vacation period, with their documents.
      {lft(), D(2026, 4, 2), std::nullopt},
      {municipality(), D(2026, 4, 2), kAcuerdo + ": Jueves Santo"},
      {municipality(), D(2026, 4, 3), kAcuerdo + ": Viernes Santo"},
      {municipality(), D(2025, 4, 17), kAcuerdo + ": Jueves Santo"},
      {municipality(), D(2027, 3, 26), kAcuerdo + ": Viernes Santo"},
      {municipality(), D(2026, 4, 6), std::nullopt},
      {municipality(), D(2025, 12, 12), "Acuerdo AC-41/2025: Día de la Virgen de Guadalupe"},
      {municipality(), D(2026, 12, 11), std::nullopt},  // declared for 2025 only
      {municipality(), D(2026, 12, 21), "Acuerdo AC-07/2026: vacaciones de invierno"},
      {municipality(), D(2026, 12, 31), "Acuerdo AC-07/2026: vacaciones de invierno"},
      {municipality(), D(2026, 12, 25), kLft + ": 25 de diciembre"},  // the first rule naming a day wins
      {municipality(), D(2027, 1, 1), kLft + ": 1 de enero"},
      {municipality(), D(2027, 1, 4), std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.calendar.name() + " " + format_date(c.date));
    EXPECT_EQ(c.calendar.is_business_day(c.date), !c.reason.has_value());
    EXPECT_EQ(c.calendar.why_not_business_day(c.date), c.reason);
  }
}

TEST(Calendar, RuleKindsProduceTheirDays) {
  CalendarRules r;
  r.name = "prueba";
  r.holidays = {
      HolidayRule::nth_weekday(February / Monday[5], "quinto lunes de febrero", "prueba"),
      HolidayRule::last_weekday(October / Sunday[last], "último domingo de octubre", "prueba"),
      HolidayRule::fixed(February / 29, "29 de febrero", "prueba"),
      HolidayRule::fixed(November / 2, "Día de Muertos", "prueba").in_years(2027, 2028),
      HolidayRule::every_n_years(July / 7, 2020, 3, "cada tres años", "prueba"),
  };
  Calendar c = make(r);
  struct Case { int year; std::vector<std::string> dates; };
  const Case cases[] = {
      // Feb 2016 starts on a Monday: 1, 8, 15, 22, 29. Feb 2026 has only four Mondays.
      {2016, {"2016-02-29", "2016-10-30"}},
      {2026, {"2026-07-07", "2026-10-25"}},
      {2027, {"2027-10-31", "2027-11-02"}},
      {2028, {"2028-02-29", "2028-10-29", "2028-11-02"}},
      {2029, {"2029-07-07", "2029-10-28"}},
      {2019, {"2019-10-27"}},  // before the first year of the three-yearly rule
  };
  for (const auto& cs : cases) {
    std::vector<std::string> got;
    for (const auto& h : c.holidays(cs.year)) got.push_back(format_date(h.date));
    EXPECT_EQ(got, cs.dates) << cs.year;
  }
}

// ---- Terms in business days -----------------------------------------------------------------

struct DayCase {
  const Calendar& calendar;
  Date start;
  int days;
  Date due;
  const char* why;
};

TEST(Calendar, AddBusinessDaysCountsFromTheDayAfter) {
  const DayCase cases[] = {
      {lft(), D(2026, 3, 6), 1, D(2026, 3, 9), "Friday + 1 → Monday, over the weekend"},
      {lft(), D(2026, 3, 7), 1, D(2026, 3, 9), "from a Saturday, day 1 is still Monday"},
      {lft(), D(2026, 3, 13), 1, D(2026, 3, 17), "weekend, then Mon 16 Mar (third Monday of March)"},
      {lft(), D(2026, 9, 15), 1, D(2026, 9, 17), "over 16 Sep"},
      {lft(), D(2026, 9, 14), 5, D(2026, 9, 22), "15, (16), 17, 18, (19, 20), 21, 22"},
      {lft(), D(2026, 4, 1), 2, D(2026, 4, 3), "LFT has no Holy Week"},
      {municipality(), D(2026, 4, 1), 2, D(2026, 4, 7), "Holy Thu/Fri 2–3 Apr and the weekend skipped"},
      {lft(), D(2025, 12, 11), 1, D(2025, 12, 12), "12 Dec is a business day under the LFT"},
      {municipality(), D(2025, 12, 11), 1, D(2025, 12, 15), "declared 12 Dec 2025 (Fri) skipped"},
      {municipality(), D(2026, 12, 18), 1, D(2027, 1, 4), "vacation 21 Dec–2 Jan, across the new year"},
      {municipality(), D(2026, 12, 17), 3, D(2027, 1, 5), "Fri 18 Dec, then Mon 4 and Tue 5 Jan"},
      {lft(), D(2026, 12, 24), 1, D(2026, 12, 28), "25 Dec and the weekend"},
      {lft(), D(2026, 1, 30), 1, D(2026, 2, 3), "LFT: Mon 2 Feb is the holiday"},
      {lfpa(), D(2026, 1, 30), 1, D(2026, 2, 2), "LFPA: 2 Feb is a business day"},
      {lft(), D(2026, 2, 4), 1, D(2026, 2, 5), "LFT: 5 Feb is a business day"},
      {lfpa(), D(2026, 2, 4), 1, D(2026, 2, 6), "LFPA: 5 Feb is the holiday"},
      {lft(), D(2030, 9, 30), 1, D(2030, 10, 2), "1 Oct 2030: change of federal executive"},
      {lft(), D(2027, 9, 30), 1, D(2027, 10, 1), "1 Oct 2027 is an ordinary Friday"},
      {lft(), D(2026, 3, 14), 0, D(2026, 3, 14), "zero days: the start date itself"},
      // Transparency answer (20 business days) for a request received Fri 13 Mar 2026. Counting
      // starts the day after: Sat 14 and Sun 15 do not count and Mon 16 is the third Monday of
      // March, so day 1 is Tue 17. Days 1–4 are 17–20 Mar, 5–9 are 23–27 Mar, 10–14 are 30 Mar–3 Apr
      // (Holy Thursday and Friday are business days under the LFT), 15–19 are 6–10 Apr and day 20
      // is Mon 13 Apr 2026.
      {lft(), D(2026, 3, 13), 20, D(2026, 4, 13), "transparency, LFT"},
      // The municipality also closes Thu 2 and Fri 3 Apr: days 10–12 are 30 Mar–1 Apr, 13–17 are
      // 6–10 Apr and 18–20 are 13–15 Apr, so the answer is due Wed 15 Apr 2026.
      {municipality(), D(2026, 3, 13), 20, D(2026, 4, 15), "transparency, municipality"},
      // Under the LFPA, Mon 16 Mar counts (21 Mar falls on a Saturday): day 1 is 16 Mar, day 20 is
      // Fri 10 Apr 2026, a business day earlier than under the LFT.
      {lfpa(), D(2026, 3, 13), 20, D(2026, 4, 10), "transparency, LFPA"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.calendar.name() + " " + format_date(c.start) + " + " + std::to_string(c.days) + ": " + c.why);
    auto r = c.calendar.add_business_days(c.start, c.days);
    ASSERT_TRUE(Succeeded(r));
    EXPECT_EQ(format_date(r->due), format_date(c.due));
    EXPECT_EQ(r->calendar, c.calendar.name());
    if (c.days > 0) {
      EXPECT_TRUE(c.calendar.is_business_day(r->due));
      EXPECT_TRUE(c.calendar.is_business_day(r->first_day));
    }
    EXPECT_EQ(c.calendar.business_days_between(c.start, r->due), c.days);
    EXPECT_EQ(c.calendar.business_days_between(r->due, c.start), -c.days);
    // Every calendar day after start and before due either counted or is listed as skipped.
    EXPECT_EQ(static_cast<long>(r->skipped.size()) + std::max(c.days - 1, 0) + (c.days > 0 ? 1 : 0),
              (sys_days{r->due} - sys_days{c.start}).count());
  }
}

TEST(Calendar, ADeadlineSaysWhichCalendarAndWhichDaysDidNotCount) {
  auto r = lft().add_business_days(D(2026, 3, 13), 20);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(format_date(r->first_day), "2026-03-17");
  std::vector<std::string> skipped;
  for (const auto& s : r->skipped) skipped.push_back(format_date(s.date) + (s.weekly_rest ? " rest" : " holiday"));
  EXPECT_EQ(skipped, (std::vector<std::string>{"2026-03-14 rest", "2026-03-15 rest", "2026-03-16 holiday",
                                               "2026-03-21 rest", "2026-03-22 rest", "2026-03-28 rest",
                                               "2026-03-29 rest", "2026-04-04 rest", "2026-04-05 rest",
                                               "2026-04-11 rest", "2026-04-12 rest"}));
  EXPECT_EQ(r->explanation(),
            "Plazo de 20 días hábiles según el calendario «Ley Federal del Trabajo, art. 74», contado a partir "
            "del día siguiente al 2026-03-13: el día 1 es el 2026-03-17 y vence el 2026-04-13. No se contaron "
            "10 días de descanso semanal ni estos días inhábiles: 2026-03-16 (Ley Federal del Trabajo, art. 74: "
            "tercer lunes de marzo).");

  auto m = municipality().add_business_days(D(2026, 3, 13), 20);
  ASSERT_TRUE(Succeeded(m));
  EXPECT_NE(m->explanation().find("«Municipio de Oaxaca de Juárez»"), std::string::npos);
  EXPECT_NE(m->explanation().find("2026-04-02 (" + kAcuerdo + ": Jueves Santo); 2026-04-03 (" + kAcuerdo +
                                  ": Viernes Santo)"),
            std::string::npos)
      << m->explanation();
}

TEST(Calendar, BusinessDaysBetweenCountsAfterTheFirstDateUpToTheSecond) {
  struct Case { const Calendar& calendar; Date from, to; int expected; };
  const Case cases[] = {
      {lft(), D(2026, 3, 13), D(2026, 3, 13), 0},
      {lft(), D(2026, 3, 13), D(2026, 3, 16), 0},   // Sat, Sun, holiday Monday
      {lft(), D(2026, 3, 13), D(2026, 3, 17), 1},
      // 2026 has 261 weekdays; 260 after Thu 1 Jan, minus 6 holidays on weekdays (2 Feb, 16 Mar,
      // 1 May, 16 Sep, 16 Nov, 25 Dec).
      {lft(), D(2026, 1, 1), D(2026, 12, 31), 254},
      {lft(), D(2026, 12, 31), D(2026, 1, 1), -254},
      {municipality(), D(2026, 12, 18), D(2027, 1, 4), 1},
  };
  for (const auto& c : cases)
    EXPECT_EQ(c.calendar.business_days_between(c.from, c.to), c.expected)
        << format_date(c.from) << " → " << format_date(c.to);
}

TEST(Calendar, NextBusinessDayAndReceivedOn) {
  EXPECT_EQ(lft().next_business_day(D(2026, 3, 13)), D(2026, 3, 17));
  EXPECT_EQ(lft().next_business_day(D(2026, 3, 12)), D(2026, 3, 13));
  EXPECT_EQ(lft().first_business_day_from(D(2026, 3, 13)), D(2026, 3, 13));
  EXPECT_EQ(lft().first_business_day_from(D(2026, 3, 14)), D(2026, 3, 17));
  EXPECT_EQ(lft().next_business_day(D(2026, 2, 30)), std::nullopt);

  // Mexico City is UTC−6 in 2026: 16:59 local is 22:59 UTC.
  struct Case { Timestamp at; Date received; const char* why; };
  const Case cases[] = {
      {utc(2026, 3, 13, 22, 59), D(2026, 3, 13), "Friday 16:59, within working hours"},
      {utc(2026, 3, 13, 23, 0), D(2026, 3, 17), "Friday 17:00, after hours: next business day"},
      {utc(2026, 3, 14, 16, 0), D(2026, 3, 17), "Saturday"},
      {utc(2026, 3, 16, 14, 0), D(2026, 3, 17), "the holiday Monday"},
      {utc(2026, 3, 17, 12, 0), D(2026, 3, 17), "Tuesday 06:00, before opening: same day"},
      {utc(2026, 3, 14, 5, 59), D(2026, 3, 17), "Friday 23:59 local is Saturday in UTC"},
  };
  for (const auto& c : cases) EXPECT_EQ(lft().received_on(c.at), c.received) << c.why;
}

// ---- Terms in working hours -----------------------------------------------------------------

struct HourCase {
  const Calendar& calendar;
  Timestamp start;
  minutes duration;
  std::vector<Pause> pauses;
  Timestamp due;
  minutes paused;
  const char* why;
};

TEST(Calendar, AddWorkingHoursStopsTheClockOutsideWorkingTime) {
  // All times UTC. Mexico City: UTC−6 from 2022-10-30 on; UTC−5 in summer 2022 and before.
  const HourCase cases[] = {
      {lft(), utc(2026, 3, 6, 22, 30), hours{4}, {}, utc(2026, 3, 9, 18, 30), {},
       "Fri 16:30 + 4 h: 30 min on Friday, 3 h 30 min from Mon 09:00 → Mon 12:30 local"},
      {lft(), utc(2026, 3, 13, 22, 30), hours{4}, {}, utc(2026, 3, 17, 18, 30), {},
       "same, but Mon 16 Mar is a holiday → Tue 12:30 local"},
      {lft(), utc(2026, 3, 11, 2, 0), hours{4}, {}, utc(2026, 3, 11, 19, 0), {},
       "opened Tue 20:00 local: counts from Wed 09:00 → Wed 13:00 local"},
      {lft(), utc(2026, 3, 10, 13, 0), hours{1}, {}, utc(2026, 3, 10, 16, 0), {},
       "opened 07:00 local, before opening → 10:00 local"},
      {lft(), utc(2026, 3, 9, 15, 0), hours{8}, {}, utc(2026, 3, 9, 23, 0), {},
       "a full day ends at 17:00 the same day, not 09:00 the next"},
      {lft(), utc(2026, 3, 9, 15, 0), minutes{0}, {}, utc(2026, 3, 9, 15, 0), {}, "zero duration"},
      {lft(), utc(2026, 3, 6, 22, 30), hours{40}, {}, utc(2026, 3, 13, 22, 30), {},
       "a working week: Fri 16:30 to the next Fri 16:30"},
      // Pauses [from, to): waiting for the requester from Mon 10:00 to Tue 10:00 local.
      {lft(), utc(2026, 3, 9, 15, 0), hours{4}, {{utc(2026, 3, 9, 16, 0), utc(2026, 3, 10, 16, 0)}},
       utc(2026, 3, 10, 19, 0), hours{8},
       "Mon 09:00 + 4 h: 1 h before the pause, 3 h after Tue 10:00 → Tue 13:00; the pause held "
       "Mon 10–17 and Tue 9–10, 8 working hours"},
      {lft(), utc(2026, 3, 9, 15, 0), hours{1}, {{utc(2026, 3, 9, 16, 0), utc(2026, 3, 10, 16, 0)}},
       utc(2026, 3, 9, 16, 0), {}, "due exactly when the pause begins: the pause does not matter"},
      {lft(), utc(2026, 3, 9, 15, 0), hours{4},
       {{utc(2026, 3, 10, 0, 0), utc(2026, 3, 10, 14, 0)}, {utc(2026, 3, 1), utc(2026, 3, 2)}},
       utc(2026, 3, 9, 19, 0), {}, "pauses outside working time or before the start change nothing"},
      {lft(), utc(2026, 3, 9, 15, 0), hours{4},
       {{utc(2026, 3, 9, 16, 0), utc(2026, 3, 9, 17, 0)}, {utc(2026, 3, 9, 16, 30), utc(2026, 3, 9, 18, 0)},
        {utc(2026, 3, 9, 20, 0), utc(2026, 3, 9, 20, 0)}},
       utc(2026, 3, 9, 21, 0), hours{2}, "overlapping pauses 10:00–12:00 local count once; an empty one is nothing"},
      // Split working day: 09:00–15:00 and 16:00–18:00.
      {split_hours(), utc(2026, 3, 9, 20, 0), hours{3}, {}, utc(2026, 3, 10, 0, 0), {},
       "Mon 14:00 + 3 h: 14–15 and 16–18 → Mon 18:00 local (00:00 UTC Tuesday)"},
      {split_hours(), utc(2026, 3, 9, 21, 30), hours{1}, {}, utc(2026, 3, 9, 23, 0), {},
       "opened at 15:30, in the lunch break → 17:00 local"},
      {split_hours(), utc(2026, 3, 6, 23, 30), hours{2}, {}, utc(2026, 3, 9, 16, 30), {},
       "Fri 17:30 + 2 h: 30 min Friday, 1 h 30 min Monday → Mon 10:30 local"},
      {split_hours(), utc(2026, 3, 9, 15, 0), hours{6}, {}, utc(2026, 3, 9, 21, 0), {},
       "exactly the morning stretch → 15:00 local"},
      // Municipality: Holy Week and the vacation period.
      {municipality(), utc(2026, 4, 1, 22, 0), hours{4}, {}, utc(2026, 4, 6, 18, 0), {},
       "Wed 1 Apr 16:00 + 4 h: 1 h Wednesday, Holy Thu/Fri and the weekend skipped → Mon 12:00 local"},
      {municipality(), utc(2026, 12, 18, 22, 0), hours{2}, {}, utc(2027, 1, 4, 16, 0), {},
       "Fri 18 Dec 16:00 + 2 h: 1 h Friday, vacation until 2 Jan → Mon 4 Jan 10:00 local"},
      // Daylight-saving years: UTC−5 in summer 2022; back to UTC−6 on Sun 30 Oct 2022.
      {lft(), utc(2022, 6, 1, 21, 0), hours{2}, {}, utc(2022, 6, 2, 15, 0), {},
       "Wed 16:00 CDT + 2 h → Thu 10:00 CDT"},
      {lft(), utc(2022, 10, 28, 21, 0), hours{2}, {}, utc(2022, 10, 31, 16, 0), {},
       "Fri 16:00 CDT + 2 h: 1 h Friday, DST ends on Sunday → Mon 10:00 CST"},
      {lft(), utc(2023, 6, 1, 15, 0), hours{1}, {}, utc(2023, 6, 1, 16, 0), {}, "2023: no DST, UTC−6 in June"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    auto r = c.calendar.add_working_hours(c.start, c.duration, c.pauses);
    ASSERT_TRUE(Succeeded(r));
    EXPECT_EQ(to_iso(r->due), to_iso(c.due));
    EXPECT_EQ(r->paused, c.paused);
    EXPECT_EQ(r->calendar, c.calendar.name());
    EXPECT_EQ(c.calendar.working_minutes_between(c.start, r->due, c.pauses), c.duration);
  }
}

TEST(Calendar, AWorkingHoursDeadlineExplainsItself) {
  auto r = lft().add_working_hours(utc(2026, 3, 13, 22, 30), hours{4});
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->start_local, (LocalDateTime{D(2026, 3, 13), hours{16} + minutes{30}}));
  EXPECT_EQ(r->due_local, (LocalDateTime{D(2026, 3, 17), hours{12} + minutes{30}}));
  EXPECT_EQ(r->explanation(),
            "Plazo de 4 h hábiles según el calendario «Ley Federal del Trabajo, art. 74», desde el 2026-03-13 "
            "16:30 (hora local): vence el 2026-03-17 12:30. No se contaron 2 días de descanso semanal ni estos "
            "días inhábiles: 2026-03-16 (Ley Federal del Trabajo, art. 74: tercer lunes de marzo).");

  auto p = lft().add_working_hours(utc(2026, 3, 9, 15, 0), hours{4}, {{utc(2026, 3, 9, 16, 0), utc(2026, 3, 10, 16, 0)}});
  ASSERT_TRUE(Succeeded(p));
  EXPECT_NE(p->explanation().find("Tiempo hábil en pausa, no contado: 8 h."), std::string::npos) << p->explanation();
}

TEST(Calendar, WorkingMinutesBetweenMeasuresElapsedSlaTime) {
  struct Case { const Calendar& calendar; Timestamp a, b; std::vector<Pause> pauses; minutes expected; const char* why; };
  const Case cases[] = {
      {lft(), utc(2026, 3, 9, 6), utc(2026, 3, 16, 6), {}, minutes{5 * 480}, "a whole ordinary week"},
      {lft(), utc(2026, 3, 16, 6), utc(2026, 3, 23, 6), {}, minutes{4 * 480}, "the week of Mon 16 Mar"},
      {lft(), utc(2026, 3, 10, 2), utc(2026, 3, 10, 12), {}, minutes{0}, "a night"},
      {lft(), utc(2026, 3, 9, 15), utc(2026, 3, 9, 15, 0, 59), {}, minutes{0}, "under a minute truncates"},
      {lft(), utc(2026, 3, 9, 19), utc(2026, 3, 9, 15), {}, minutes{-240}, "reversed: negative"},
      {lft(), utc(2026, 3, 9, 15), utc(2026, 3, 10, 19), {{utc(2026, 3, 9, 16), utc(2026, 3, 10, 16)}},
       minutes{240}, "Mon 09:00–Tue 13:00 with the clock stopped Mon 10:00–Tue 10:00"},
      {split_hours(), utc(2026, 3, 9, 6), utc(2026, 3, 10, 6), {}, minutes{480}, "split day: 6 h + 2 h"},
      {split_hours(), utc(2026, 3, 9, 20, 30), utc(2026, 3, 9, 22, 30), {}, minutes{60},
       "14:30–16:30 local: 30 min before the break, 30 min after"},
  };
  for (const auto& c : cases) EXPECT_EQ(c.calendar.working_minutes_between(c.a, c.b, c.pauses), c.expected) << c.why;
}

// ---- Time zone ------------------------------------------------------------------------------

TEST(Calendar, MexicoCityOffsetFollowsTheDstTableUntil2022) {
  struct Case { Timestamp at; int offset_hours; LocalDateTime local; };
  const Case cases[] = {
      {utc(2026, 7, 1, 12), -6, {D(2026, 7, 1), hours{6}}},
      {utc(2023, 7, 1, 12), -6, {D(2023, 7, 1), hours{6}}},
      {utc(1995, 7, 1, 12), -6, {D(1995, 7, 1), hours{6}}},
      {utc(2022, 7, 1, 12), -5, {D(2022, 7, 1), hours{7}}},
      // Spring forward: Sun 3 Apr 2022, 02:00 CST → 03:00 CDT.
      {utc(2022, 4, 3, 7, 59), -6, {D(2022, 4, 3), hours{1} + minutes{59}}},
      {utc(2022, 4, 3, 8, 0), -5, {D(2022, 4, 3), hours{3}}},
      // Fall back, the last one: Sun 30 Oct 2022, 02:00 CDT → 01:00 CST.
      {utc(2022, 10, 30, 6, 59), -5, {D(2022, 10, 30), hours{1} + minutes{59}}},
      {utc(2022, 10, 30, 7, 0), -6, {D(2022, 10, 30), hours{1}}},
      // 2001 used May–September.
      {utc(2001, 4, 1, 12), -6, {D(2001, 4, 1), hours{6}}},
      {utc(2001, 5, 6, 8, 0), -5, {D(2001, 5, 6), hours{3}}},
      {utc(2001, 9, 30, 6, 59), -5, {D(2001, 9, 30), hours{1} + minutes{59}}},
      {utc(2001, 9, 30, 7, 0), -6, {D(2001, 9, 30), hours{1}}},
      {utc(1996, 4, 7, 8, 0), -5, {D(1996, 4, 7), hours{3}}},
      // Local midnight falls on the previous UTC evening's next day.
      {utc(2026, 3, 14, 5, 59), -6, {D(2026, 3, 13), hours{23} + minutes{59}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(to_iso(c.at));
    EXPECT_EQ(lft().utc_offset(c.at), hours{c.offset_hours});
    EXPECT_EQ(lft().to_local(c.at), c.local);
  }
  EXPECT_EQ(lft().from_local(D(2026, 6, 1), hours{9}), utc(2026, 6, 1, 15));
  EXPECT_EQ(lft().from_local(D(2022, 6, 1), hours{9}), utc(2022, 6, 1, 14));
  EXPECT_EQ(lft().from_local(D(2022, 10, 30), hours{1} + minutes{30}), utc(2022, 10, 30, 6, 30));  // first 01:30
}

TEST(Calendar, UtcCalendarsUseNoOffset) {
  CalendarRules r;
  r.name = "UTC";
  r.time_zone = "UTC";
  Calendar c = make(r);
  auto d = c.add_working_hours(utc(2026, 3, 6, 16, 30), hours{4});
  ASSERT_TRUE(Succeeded(d));
  EXPECT_EQ(d->due, utc(2026, 3, 9, 12, 30));
}

// ---- Validation and errors ------------------------------------------------------------------

TEST(Calendar, InvalidRulesAreRejectedWithTheField) {
  auto with = [](auto change) {
    CalendarRules r = lft_art74();
    change(r);
    return Calendar::make(r);
  };
  struct Case { Result<Calendar> result; std::string field, code; };
  HolidayRule sixth = HolidayRule::nth_weekday(March / Monday[1], "x", "y");
  sixth.nth = 6;
  std::vector<HolidayRule> many;
  for (unsigned i = 1; i <= 51; ++i) many.push_back(HolidayRule::fixed(January / (i % 28 + 1), "x", "y"));
  const Case cases[] = {
      {with([](CalendarRules& r) { r.name = " "; }), "name", "calendar.name_required"},
      {with([](CalendarRules& r) { r.working_weekdays.clear(); }), "working_weekdays", "calendar.weekdays_required"},
      {with([](CalendarRules& r) { r.working_hours = {{hours{17}, hours{9}}}; }), "working_hours[0]",
       "calendar.hours_invalid"},
      {with([](CalendarRules& r) { r.working_hours = {{hours{9}, hours{25}}}; }), "working_hours[0]",
       "calendar.hours_invalid"},
      {with([](CalendarRules& r) { r.working_hours.clear(); }), "working_hours", "calendar.hours_required"},
      {with([](CalendarRules& r) { r.working_hours = {{hours{9}, hours{15}}, {hours{14}, hours{18}}}; }),
       "working_hours", "calendar.hours_overlap"},
      {with([](CalendarRules& r) { r.time_zone = "America/Cancun"; }), "time_zone", "calendar.time_zone_unsupported"},
      {with([&](CalendarRules& r) { r.holidays = {sixth}; }), "holidays[0].nth", "calendar.rule_nth_invalid"},
      {with([](CalendarRules& r) { r.holidays.push_back(HolidayRule::fixed(February / 30, "x", "y")); }),
       "holidays[9].day", "calendar.rule_date_invalid"},
      {with([](CalendarRules& r) {
         r.holidays = {HolidayRule::range(D(2026, 12, 31), D(2026, 12, 1), "x", "y")};
       }),
       "holidays[0].to", "calendar.rule_range_invalid"},
      {with([](CalendarRules& r) { r.holidays = {HolidayRule::on(D(2026, 2, 30), "x", "y")}; }), "holidays[0].from",
       "calendar.rule_date_invalid"},
      {with([](CalendarRules& r) { r.holidays = {HolidayRule::easter(300, "x", "y")}; }), "holidays[0].offset_days",
       "calendar.rule_offset_invalid"},
      {with([](CalendarRules& r) { r.holidays = {HolidayRule::easter(-2, "", "")}; }), "holidays[0].label",
       "calendar.rule_reason_required"},
      {with([](CalendarRules& r) { r.holidays = {HolidayRule::fixed(May / 5, "x", "y").in_years(2030, 2020)}; }),
       "holidays[0].until_year", "calendar.rule_years_invalid"},
      {with([&](CalendarRules& r) { r.holidays = many; }), "holidays", "calendar.too_many_rules"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    ASSERT_TRUE(FailsWith(c.result, ErrorKind::kInvalid, "validation"));
    EXPECT_TRUE(HasFieldError(c.result.error(), c.field, c.code));
  }
}

TEST(Calendar, BadQueriesAreErrors) {
  EXPECT_TRUE(FailsWith(lft().add_business_days(D(2026, 2, 30), 3), ErrorKind::kInvalid, "calendar.date_invalid"));
  EXPECT_TRUE(FailsWith(lft().add_business_days(D(2026, 3, 2), -1), ErrorKind::kInvalid, "calendar.days_invalid"));
  EXPECT_TRUE(
      FailsWith(lft().add_business_days(D(9999, 12, 1), 100), ErrorKind::kInvalid, "calendar.date_out_of_range"));
  EXPECT_TRUE(FailsWith(lft().add_working_hours(utc(2026, 3, 2), minutes{-1}), ErrorKind::kInvalid,
                        "calendar.duration_invalid"));
  EXPECT_TRUE(FailsWith(lft().add_working_hours(utc(2026, 3, 2), hours{1}, {{utc(2026, 3, 3), utc(2026, 3, 2)}}),
                        ErrorKind::kInvalid, "calendar.pause_invalid"));
  EXPECT_FALSE(lft().is_business_day(D(2026, 2, 30)));
  EXPECT_EQ(lft().business_days_between(D(2026, 2, 30), D(2026, 3, 30)), 0);
}

TEST(Calendar, DatesFormatAndParse) {
  EXPECT_EQ(format_date(D(2026, 3, 16)), "2026-03-16");
  EXPECT_EQ(parse_date("2026-03-16"), D(2026, 3, 16));
  EXPECT_EQ(parse_date("2028-02-29"), D(2028, 2, 29));
  for (const char* bad : {"", "2026-3-16", "2026-02-29", "2026-13-01", "2026/03/16", "2026-03-16T00:00Z", "abcd-ef-gh"})
    EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
}

TEST(Calendar, DescribesItsWorkingHours) {
  EXPECT_EQ(lft().describe_hours(), "lunes a viernes, 09:00–17:00");
  EXPECT_EQ(split_hours().describe_hours(), "lunes a viernes, 09:00–15:00 y 16:00–18:00");
  CalendarRules r = lft_art74();
  r.working_weekdays = {Saturday, Monday, Wednesday};
  EXPECT_EQ(make(r).describe_hours(), "lunes, miércoles y sábado, 09:00–17:00");
}

// ---- Concurrency and speed ------------------------------------------------------------------

TEST(Calendar, OneCalendarAnswersManyThreadsAlike) {
  // A fresh calendar, so the threads race to fill the per-year holiday cache.
  Calendar shared = make(municipality_rules());
  auto work = [](const Calendar& c) {
    std::vector<std::string> dues;
    for (int y = 2000; y < 2100; ++y) {
      auto r = c.add_business_days(D(y, 3, 13), 20);
      dues.push_back(r ? format_date(r->due) : "error");
    }
    return dues;
  };
  const auto expected = work(make(municipality_rules()));
  std::vector<std::vector<std::string>> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) threads.emplace_back([&, i] { got[i] = work(shared); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

TEST(Calendar, DeadlinesOverAFewWeeksTakeMicroseconds) {
  const Calendar& c = municipality();
  constexpr int kRuns = 20'000;
  auto t0 = steady_clock::now();
  long checksum = 0;
  for (int i = 0; i < kRuns; ++i) {
    auto r = c.add_business_days(Date{sys_days{D(2026, 1, 1)} + days{i % 365}}, 20);
    checksum += static_cast<unsigned>(r->due.day());
  }
  auto per_day_term = duration_cast<nanoseconds>(steady_clock::now() - t0) / kRuns;
  t0 = steady_clock::now();
  for (int i = 0; i < kRuns; ++i) {
    auto r = c.add_working_hours(utc(2026, 1, 1) + minutes{37 * i}, hours{160},  // four working weeks
                                 {{utc(2026, 1, 1) + minutes{37 * i + 60}, utc(2026, 1, 2) + minutes{37 * i}}});
    checksum += r->paused.count();
  }
  auto per_hour_term = duration_cast<nanoseconds>(steady_clock::now() - t0) / kRuns;
  std::printf("[calendar] 20 business days: %lld ns; 160 working hours: %lld ns (checksum %ld)\n",
              static_cast<long long>(per_day_term.count()), static_cast<long long>(per_hour_term.count()), checksum);
  // Release build: ~1–2 µs each. The bounds are loose for a loaded 2-core machine or a sanitizer build.
  EXPECT_LT(per_day_term, microseconds{100});
  EXPECT_LT(per_hour_term, microseconds{300});
}

}  // namespace
}  // namespace tequio
