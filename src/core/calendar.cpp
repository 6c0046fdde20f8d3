#include "core/calendar.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace tequio {

using namespace std::chrono;

namespace {

constexpr int kMinYear = 1600;
constexpr int kMaxYear = 9999;
constexpr int kMaxWorkingYear = 2200;  // Timestamp (nanoseconds) ends in 2262; leave room to walk
constexpr int kMaxTermDays = 100'000;
constexpr minutes kMaxDuration = hours{24 * 366 * 10};
constexpr size_t kMaxPeriodicRules = 50;  // < 52: every year keeps a business day (see max_stretch)
constexpr int kMaxRangeDays = 3660;
constexpr int kMinEasterOffset = -80;  // Easter falls 22 Mar–25 Apr, so the day stays in its year
constexpr int kMaxEasterOffset = 240;

constexpr std::array<const char*, 7> kWeekdayNames = {"domingo", "lunes",   "martes", "miércoles",
                                                      "jueves",  "viernes", "sábado"};

bool in_supported_years(Date d) {
  return d.ok() && static_cast<int>(d.year()) >= kMinYear && static_cast<int>(d.year()) <= kMaxYear;
}

const sys_days kLastDay = sys_days{year{kMaxYear} / December / 31};

std::string weekly_rest_reason(weekday wd) {
  return std::string(kWeekdayNames[wd.c_encoding()]) + ", día de descanso semanal";
}

std::string two_digits(long v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

std::string format_clock(minutes m) { return two_digits(m.count() / 60) + ":" + two_digits(m.count() % 60); }

std::string format_local(const LocalDateTime& t) { return format_date(t.date) + " " + format_clock(t.time); }

// "4 h", "4 h 30 min", "45 min"
std::string format_duration(minutes m) {
  long h = m.count() / 60, mi = m.count() % 60;
  if (h == 0) return std::to_string(mi) + " min";
  return std::to_string(h) + " h" + (mi ? " " + std::to_string(mi) + " min" : "");
}

// "a", "a y b", "a, b y c"
std::string join_spanish(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += (i + 1 == parts.size()) ? " y " : ", ";
    out += parts[i];
  }
  return out;
}

// ---- Time zones -------------------------------------------------------------------------------

enum class Zone { kMexicoCity, kUtc };

// Days on which Mexico City's daylight-saving time started and ended, where it applied.
std::optional<std::pair<sys_days, sys_days>> mexico_city_dst(int y) {
  if (y < 1996 || y > 2022) return std::nullopt;
  if (y == 2001) return std::pair{sys_days{year{y} / May / Sunday[1]}, sys_days{year{y} / September / Sunday[last]}};
  return std::pair{sys_days{year{y} / April / Sunday[1]}, sys_days{year{y} / October / Sunday[last]}};
}

// Transitions at 02:00 local: 08:00 UTC in spring (from UTC−6), 07:00 UTC in autumn (from UTC−5).
minutes offset_at_utc(Zone z, Timestamp t) {
  if (z == Zone::kUtc) return minutes{0};
  auto day = floor<days>(t);
  auto dst = mexico_city_dst(static_cast<int>(year_month_day{day}.year()));
  if (dst && t >= dst->first + hours{8} && t < dst->second + hours{7}) return hours{-5};
  return hours{-6};
}

// `local` is a wall-clock reading written as if it were UTC.
minutes offset_for_local(Zone z, sys_seconds local) {
  if (z == Zone::kUtc) return minutes{0};
  auto dst = mexico_city_dst(static_cast<int>(year_month_day{floor<days>(local)}.year()));
  if (dst && local >= dst->first + hours{2} && local < dst->second + hours{2}) return hours{-5};
  return hours{-6};
}

Timestamp local_to_utc(Zone z, sys_days d, minutes time) {
  sys_seconds local = d + time;
  return Timestamp{local - offset_for_local(z, local)};
}

// Sorted, merged, empty ones dropped.
std::vector<Pause> normalize(const std::vector<Pause>& pauses) {
  std::vector<Pause> out;
  for (const auto& p : pauses)
    if (p.from < p.to) out.push_back(p);
  std::sort(out.begin(), out.end(), [](const Pause& a, const Pause& b) { return a.from < b.from; });
  std::vector<Pause> merged;
  for (const auto& p : out) {
    if (!merged.empty() && p.from <= merged.back().to)
      merged.back().to = std::max(merged.back().to, p.to);
    else
      merged.push_back(p);
  }
  return merged;
}

}  // namespace

// ---- Dates ------------------------------------------------------------------------------------

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k)
    for (size_t i = starts[k]; i < starts[k] + lens[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (s[i] - '0');
    }
  Date d{year{v[0]}, month{static_cast<unsigned>(v[1])}, day{static_cast<unsigned>(v[2])}};
  if (!d.ok()) return std::nullopt;
  return d;
}

Date easter_sunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int n = h + l - 7 * m + 114;
  return Date{year{y}, month{static_cast<unsigned>(n / 31)}, day{static_cast<unsigned>(n % 31 + 1)}};
}

// ---- Rules ------------------------------------------------------------------------------------

namespace {
// Every rule kind starts the same way: its kind and the text that explains it.
HolidayRule labelled(HolidayRule::Kind kind, std::string label, std::string source) {
  HolidayRule r;
  r.kind = kind;
  r.label = std::move(label);
  r.source = std::move(source);
  return r;
}
}  // namespace

std::string HolidayRule::reason() const {
  if (source.empty()) return label;
  if (label.empty()) return source;
  return source + ": " + label;
}

HolidayRule HolidayRule::fixed(month_day md, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kFixedDate, std::move(label), std::move(source));
  r.month = md.month();
  r.day = md.day();
  return r;
}

HolidayRule HolidayRule::nth_weekday(month_weekday mw, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kNthWeekday, std::move(label), std::move(source));
  r.month = mw.month();
  r.weekday = mw.weekday_indexed().weekday();
  r.nth = mw.weekday_indexed().index();
  return r;
}

HolidayRule HolidayRule::last_weekday(month_weekday_last mwl, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kLastWeekday, std::move(label), std::move(source));
  r.month = mwl.month();
  r.weekday = mwl.weekday_last().weekday();
  return r;
}

HolidayRule HolidayRule::easter(int offset_days, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kEasterOffset, std::move(label), std::move(source));
  r.offset_days = offset_days;
  return r;
}

HolidayRule HolidayRule::every_n_years(month_day md, int first_year, int every_years, std::string label,
                                       std::string source) {
  HolidayRule r = labelled(Kind::kEveryNYears, std::move(label), std::move(source));
  r.month = md.month();
  r.day = md.day();
  r.first_year = first_year;
  r.every_years = every_years;
  return r;
}

HolidayRule HolidayRule::on(Date date, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kDate, std::move(label), std::move(source));
  r.from = date;
  r.to = date;
  return r;
}

HolidayRule HolidayRule::range(Date from, Date to, std::string label, std::string source) {
  HolidayRule r = labelled(Kind::kDateRange, std::move(label), std::move(source));
  r.from = from;
  r.to = to;
  return r;
}

HolidayRule& HolidayRule::in_years(std::optional<int> since, std::optional<int> until) {
  since_year = since;
  until_year = until;
  return *this;
}

CalendarRules lft_art74() {
  const std::string src = "Ley Federal del Trabajo, art. 74";
  CalendarRules r;
  r.name = "Ley Federal del Trabajo, art. 74";
  r.holidays = {
      HolidayRule::fixed(January / 1, "1 de enero", src),
      HolidayRule::nth_weekday(February / Monday[1], "primer lunes de febrero", src),
      HolidayRule::nth_weekday(March / Monday[3], "tercer lunes de marzo", src),
      HolidayRule::fixed(May / 1, "1 de mayo", src),
      HolidayRule::fixed(September / 16, "16 de septiembre", src),
      HolidayRule::nth_weekday(November / Monday[3], "tercer lunes de noviembre", src),
      HolidayRule::every_n_years(October / 1, 2024, 6,
                                 "1 de octubre, transmisión del Poder Ejecutivo Federal", src),
      // The president took office on 1 December until 2018 (the 2014 reform moved it to 1 October).
      HolidayRule::every_n_years(December / 1, 1934, 6,
                                 "1 de diciembre, transmisión del Poder Ejecutivo Federal", src)
          .in_years({}, 2018),
      HolidayRule::fixed(December / 25, "25 de diciembre", src),
  };
  return r;
}

CalendarRules lfpa_art28() {
  const std::string src = "Ley Federal de Procedimiento Administrativo, art. 28";
  CalendarRules r;
  r.name = "Ley Federal de Procedimiento Administrativo, art. 28";
  r.holidays = {
      HolidayRule::fixed(January / 1, "1 de enero", src),
      HolidayRule::fixed(February / 5, "5 de febrero", src),
      HolidayRule::fixed(March / 21, "21 de marzo", src),
      HolidayRule::fixed(May / 1, "1 de mayo", src),
      HolidayRule::fixed(May / 5, "5 de mayo", src),
      HolidayRule::fixed(September / 1, "1 de septiembre", src),
      HolidayRule::fixed(September / 16, "16 de septiembre", src),
      HolidayRule::fixed(November / 20, "20 de noviembre", src),
      HolidayRule::every_n_years(December / 1, 1934, 6,
                                 "1 de diciembre, transmisión del Poder Ejecutivo Federal", src)
          .in_years({}, 2018),
      // The article still says 1 December; since 2024 the Constitution (art. 83) sets 1 October.
      HolidayRule::every_n_years(October / 1, 2024, 6,
                                 "1 de octubre, transmisión del Poder Ejecutivo Federal", src),
      HolidayRule::fixed(December / 25, "25 de diciembre", src),
  };
  return r;
}

// ---- Deadlines' explanations ------------------------------------------------------------------

namespace {

// "No se contaron 8 días de descanso semanal ni estos días inhábiles: a (r); b (r)."
std::string explain_skipped(const std::vector<NonBusinessDay>& skipped) {
  long rest = 0;
  std::vector<std::string> listed;
  for (const auto& s : skipped) {
    if (s.weekly_rest)
      ++rest;
    else
      listed.push_back(format_date(s.date) + " (" + s.reason + ")");
  }
  if (rest == 0 && listed.empty()) return "";
  std::string out = " No se contaron ";
  if (rest > 0) out += std::to_string(rest) + (rest == 1 ? " día de descanso semanal" : " días de descanso semanal");
  if (!listed.empty()) {
    out += rest > 0 ? " ni estos días inhábiles: " : "estos días inhábiles: ";
    for (size_t i = 0; i < listed.size(); ++i) out += (i ? "; " : "") + listed[i];
  }
  return out + ".";
}

}  // namespace

std::string DayDeadline::explanation() const {
  std::string out = "Plazo de " + std::to_string(days) + (days == 1 ? " día hábil" : " días hábiles") +
                    " según el calendario «" + calendar + "», contado a partir del día siguiente al " +
                    format_date(start);
  if (days == 0) return out + ": vence el mismo " + format_date(due) + ".";
  out += ": el día 1 es el " + format_date(first_day) + " y vence el " + format_date(due) + ".";
  return out + explain_skipped(skipped);
}

std::string TimeDeadline::explanation() const {
  std::string out = "Plazo de " + format_duration(duration) + " hábiles según el calendario «" + calendar +
                    "», desde el " + format_local(start_local) + " (hora local): vence el " +
                    format_local(due_local) + ".";
  out += explain_skipped(skipped);
  if (paused.count() > 0) out += " Tiempo hábil en pausa, no contado: " + format_duration(paused) + ".";
  return out;
}

// ---- Calendar ---------------------------------------------------------------------------------

namespace {

// Per year, the index of the first rule that names each day (−1: none).
struct YearTable {
  sys_days first;
  int length = 365;
  std::array<int16_t, 366> rule;
};

bool applies_in(const HolidayRule& r, int y) {
  return (!r.since_year || y >= *r.since_year) && (!r.until_year || y <= *r.until_year);
}

}  // namespace

struct Calendar::State {
  CalendarRules rules;
  Zone zone = Zone::kMexicoCity;
  std::array<bool, 7> works{};
  // No run of consecutive non-business days can be longer (see make()); walks that exceed it
  // have a bug, not a data problem.
  long max_stretch = 0;

  mutable std::mutex mu;
  mutable std::map<int, std::unique_ptr<const YearTable>> years;

  const YearTable& table(int y) const {
    std::lock_guard lock(mu);
    auto& slot = years[y];
    if (!slot) slot = build(y);
    return *slot;
  }

  std::unique_ptr<const YearTable> build(int y) const {
    auto t = std::make_unique<YearTable>();
    t->first = sys_days{year{y} / January / 1};
    t->length = year{y}.is_leap() ? 366 : 365;
    t->rule.fill(-1);
    auto mark = [&](sys_days d, size_t index) {
      auto doy = (d - t->first).count();
      if (doy >= 0 && doy < t->length && t->rule[doy] < 0) t->rule[doy] = static_cast<int16_t>(index);
    };
    for (size_t i = 0; i < rules.holidays.size(); ++i) {
      const HolidayRule& r = rules.holidays[i];
      if (!applies_in(r, y)) continue;
      switch (r.kind) {
        case HolidayRule::Kind::kFixedDate: {
          Date d{year{y}, r.month, r.day};
          if (d.ok()) mark(sys_days{d}, i);
          break;
        }
        case HolidayRule::Kind::kNthWeekday: {
          year_month_weekday d{year{y}, r.month, r.weekday[r.nth]};
          if (d.ok()) mark(sys_days{d}, i);
          break;
        }
        case HolidayRule::Kind::kLastWeekday:
          mark(sys_days{year_month_weekday_last{year{y}, r.month, weekday_last{r.weekday}}}, i);
          break;
        case HolidayRule::Kind::kEasterOffset:
          mark(sys_days{easter_sunday(y)} + days{r.offset_days}, i);
          break;
        case HolidayRule::Kind::kEveryNYears:
          if (y >= r.first_year && (y - r.first_year) % r.every_years == 0) {
            Date d{year{y}, r.month, r.day};
            if (d.ok()) mark(sys_days{d}, i);
          }
          break;
        case HolidayRule::Kind::kDate:
          if (static_cast<int>(r.from.year()) == y) mark(sys_days{r.from}, i);
          break;
        case HolidayRule::Kind::kDateRange: {
          sys_days from = std::max(sys_days{r.from}, t->first);
          sys_days to = std::min(sys_days{r.to}, t->first + days{t->length - 1});
          for (sys_days d = from; d <= to; d += days{1}) mark(d, i);
          break;
        }
      }
    }
    return t;
  }
};

namespace {

// Walks days keeping the current year's table, so a walk locks once per year it crosses.
class DayLookup {
 public:
  explicit DayLookup(const Calendar::State& s) : s_(s) {}

  int rule(sys_days d) {
    if (!t_ || d < t_->first || d >= t_->first + days{t_->length})
      t_ = &s_.table(static_cast<int>(year_month_day{d}.year()));
    return t_->rule[(d - t_->first).count()];
  }
  bool business(sys_days d) { return rule(d) < 0 && s_.works[weekday{d}.c_encoding()]; }
  // Only for days that are not business days.
  NonBusinessDay why(sys_days d) {
    int r = rule(d);
    if (r >= 0) return {Date{d}, s_.rules.holidays[r].reason(), false};
    return {Date{d}, weekly_rest_reason(weekday{d}), true};
  }

 private:
  const Calendar::State& s_;
  const YearTable* t_ = nullptr;
};

}  // namespace

Result<Calendar> Calendar::make(CalendarRules rules) {
  std::vector<FieldError> errors;
  auto fail = [&](std::string field, std::string code, std::string message) {
    errors.push_back({std::move(field), std::move(code), std::move(message)});
  };

  if (rules.name.find_first_not_of(" \t\r\n") == std::string::npos)
    fail("name", "calendar.name_required", "El calendario necesita un nombre");

  auto state = std::make_shared<State>();
  if (rules.working_weekdays.empty()) fail("working_weekdays", "calendar.weekdays_required",
                                           "Indique al menos un día laborable de la semana");
  for (auto wd : rules.working_weekdays) {
    if (!wd.ok())
      fail("working_weekdays", "calendar.weekday_invalid", "Día de la semana inválido");
    else
      state->works[wd.c_encoding()] = true;
  }

  if (rules.working_hours.empty())
    fail("working_hours", "calendar.hours_required", "Indique al menos un horario de trabajo");
  for (size_t i = 0; i < rules.working_hours.size(); ++i) {
    const auto& h = rules.working_hours[i];
    if (h.from < minutes{0} || h.to > hours{24} || h.from >= h.to)
      fail("working_hours[" + std::to_string(i) + "]", "calendar.hours_invalid",
           "El horario debe empezar antes de terminar, dentro del mismo día");
  }
  std::sort(rules.working_hours.begin(), rules.working_hours.end(),
            [](const WorkingHours& a, const WorkingHours& b) { return a.from < b.from; });
  for (size_t i = 1; i < rules.working_hours.size(); ++i)
    if (rules.working_hours[i].from < rules.working_hours[i - 1].to)
      fail("working_hours", "calendar.hours_overlap", "Los horarios de trabajo se enciman");

  if (rules.time_zone == "America/Mexico_City")
    state->zone = Zone::kMexicoCity;
  else if (rules.time_zone == "UTC")
    state->zone = Zone::kUtc;
  else
    fail("time_zone", "calendar.time_zone_unsupported", "Zona horaria no disponible: use America/Mexico_City");

  size_t periodic = 0;
  long explicit_years = 0;  // bound on the calendar years that explicit dates and ranges touch
  for (size_t i = 0; i < rules.holidays.size(); ++i) {
    const HolidayRule& r = rules.holidays[i];
    const std::string f = "holidays[" + std::to_string(i) + "]";
    auto bad_date = [&](const std::string& field) {
      fail(f + "." + field, "calendar.rule_date_invalid", "Fecha inválida");
    };
    if (r.label.empty() && r.source.empty())
      fail(f + ".label", "calendar.rule_reason_required", "Diga qué día es o qué documento lo declaró inhábil");
    if (r.since_year && r.until_year && *r.since_year > *r.until_year)
      fail(f + ".until_year", "calendar.rule_years_invalid", "El último año es anterior al primero");
    switch (r.kind) {
      case HolidayRule::Kind::kFixedDate:
        ++periodic;
        if (!month_day{r.month, r.day}.ok()) bad_date("day");
        break;
      case HolidayRule::Kind::kNthWeekday:
        ++periodic;
        if (!r.month.ok()) bad_date("month");
        if (!r.weekday.ok()) fail(f + ".weekday", "calendar.weekday_invalid", "Día de la semana inválido");
        if (r.nth < 1 || r.nth > 5) fail(f + ".nth", "calendar.rule_nth_invalid", "Indique del primero al quinto");
        break;
      case HolidayRule::Kind::kLastWeekday:
        ++periodic;
        if (!r.month.ok()) bad_date("month");
        if (!r.weekday.ok()) fail(f + ".weekday", "calendar.weekday_invalid", "Día de la semana inválido");
        break;
      case HolidayRule::Kind::kEasterOffset:
        ++periodic;
        if (r.offset_days < kMinEasterOffset || r.offset_days > kMaxEasterOffset)
          fail(f + ".offset_days", "calendar.rule_offset_invalid",
               "El día debe caer en el mismo año que la Pascua (de −80 a +240 días)");
        break;
      case HolidayRule::Kind::kEveryNYears:
        ++periodic;
        if (!month_day{r.month, r.day}.ok()) bad_date("day");
        if (r.every_years < 1) fail(f + ".every_years", "calendar.rule_every_invalid", "Indique cada cuántos años");
        if (r.first_year < kMinYear || r.first_year > kMaxYear) bad_date("first_year");
        break;
      case HolidayRule::Kind::kDate:
        if (!in_supported_years(r.from)) bad_date("from");
        explicit_years += 1;
        break;
      case HolidayRule::Kind::kDateRange:
        if (!in_supported_years(r.from)) bad_date("from");
        if (!in_supported_years(r.to)) bad_date("to");
        if (in_supported_years(r.from) && in_supported_years(r.to)) {
          auto length = (sys_days{r.to} - sys_days{r.from}).count() + 1;
          if (length < 1)
            fail(f + ".to", "calendar.rule_range_invalid", "El periodo termina antes de empezar");
          else if (length > kMaxRangeDays)
            fail(f + ".to", "calendar.rule_range_too_long", "El periodo no puede pasar de diez años");
          else
            explicit_years += length / 365 + 2;
        }
        break;
    }
  }
  if (periodic > kMaxPeriodicRules)
    fail("holidays", "calendar.too_many_rules", "Demasiadas reglas anuales: declare fechas o periodos");
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));

  // Each periodic rule names at most one day a year and every weekday occurs 52 times a year, so
  // a calendar year that no explicit date or range touches has a business day. A run of
  // non-business days therefore spans at most the touched years plus the two partial ends.
  state->max_stretch = (explicit_years + 3) * 366;
  state->rules = std::move(rules);
  return Calendar(std::move(state));
}

const std::string& Calendar::name() const { return state_->rules.name; }
const CalendarRules& Calendar::rules() const { return state_->rules; }

bool Calendar::is_business_day(Date d) const {
  if (!in_supported_years(d)) return false;
  return DayLookup(*state_).business(sys_days{d});
}

std::optional<std::string> Calendar::why_not_business_day(Date d) const {
  if (!in_supported_years(d)) return "fecha inválida o fuera de los años 1600–9999";
  DayLookup look(*state_);
  if (look.business(sys_days{d})) return std::nullopt;
  return look.why(sys_days{d}).reason;
}

std::vector<NonBusinessDay> Calendar::holidays(int y) const {
  std::vector<NonBusinessDay> out;
  if (y < kMinYear || y > kMaxYear) return out;
  const YearTable& t = state_->table(y);
  for (int i = 0; i < t.length; ++i)
    if (t.rule[i] >= 0) out.push_back({Date{t.first + days{i}}, state_->rules.holidays[t.rule[i]].reason(), false});
  return out;
}

std::optional<Date> Calendar::first_business_day_from(Date d) const {
  if (!in_supported_years(d)) return std::nullopt;
  DayLookup look(*state_);
  long stretch = 0;
  for (sys_days cur{d}; cur <= kLastDay; cur += days{1}) {
    if (look.business(cur)) return Date{cur};
    if (++stretch > state_->max_stretch) throw std::logic_error("calendar: no business day within the bound");
  }
  return std::nullopt;
}

std::optional<Date> Calendar::next_business_day(Date d) const {
  if (!in_supported_years(d) || sys_days{d} >= kLastDay) return std::nullopt;
  return first_business_day_from(Date{sys_days{d} + days{1}});
}

Result<DayDeadline> Calendar::add_business_days(Date start, int n) const {
  if (!in_supported_years(start))
    return Error::invalid("calendar.date_invalid", "Fecha inválida o fuera de los años 1600–9999", "start");
  if (n < 0 || n > kMaxTermDays)
    return Error::invalid("calendar.days_invalid", "El plazo debe ser de 0 a 100,000 días hábiles", "days");
  DayDeadline out;
  out.start = start;
  out.days = n;
  out.first_day = start;
  out.due = start;
  out.calendar = state_->rules.name;
  DayLookup look(*state_);
  sys_days cur{start};
  long stretch = 0;
  for (int counted = 0; counted < n;) {
    cur += days{1};
    if (cur > kLastDay)
      return Error::invalid("calendar.date_out_of_range", "El plazo termina después del año 9999", "days");
    if (look.business(cur)) {
      if (++counted == 1) out.first_day = Date{cur};
      stretch = 0;
    } else {
      out.skipped.push_back(look.why(cur));
      if (++stretch > state_->max_stretch) throw std::logic_error("calendar: no business day within the bound");
    }
  }
  out.due = Date{cur};
  return out;
}

int Calendar::business_days_between(Date from, Date to) const {
  if (!in_supported_years(from) || !in_supported_years(to)) return 0;
  if (sys_days{to} < sys_days{from}) return -business_days_between(to, from);
  DayLookup look(*state_);
  int count = 0;
  for (sys_days cur = sys_days{from} + days{1}; cur <= sys_days{to}; cur += days{1})
    if (look.business(cur)) ++count;
  return count;
}

// ---- Working time -----------------------------------------------------------------------------

namespace {

struct Walk {
  Clock::duration worked{};
  Clock::duration paused{};
  std::optional<Timestamp> due;
  std::vector<NonBusinessDay> skipped;
  bool out_of_range = false;
};

// Runs the working clock from `start` until `end` or until `budget` of working time has run,
// stopping it inside the (normalized) pauses.
Walk walk_working_time(const Calendar::State& s, Zone zone, Timestamp start, std::optional<Timestamp> end,
                       std::optional<Clock::duration> budget, const std::vector<Pause>& pauses,
                       bool collect_skipped) {
  Walk w;
  DayLookup look(s);
  auto local_day = [&](Timestamp t) { return floor<days>(t + offset_at_utc(zone, t)); };
  const sys_days last = end ? local_day(*end) : sys_days{year{kMaxWorkingYear + 50} / December / 31};
  Clock::duration remaining = budget.value_or(Clock::duration::zero());
  size_t p = 0;
  long stretch = 0;
  for (sys_days d = local_day(start); d <= last; d += days{1}) {
    if (!look.business(d)) {
      if (collect_skipped) w.skipped.push_back(look.why(d));
      if (++stretch > s.max_stretch) throw std::logic_error("calendar: no business day within the bound");
      continue;
    }
    stretch = 0;
    for (const WorkingHours& h : s.rules.working_hours) {
      Timestamp seg_from = std::max(local_to_utc(zone, d, h.from), start);
      Timestamp seg_to = local_to_utc(zone, d, h.to);
      if (end) seg_to = std::min(seg_to, *end);
      Timestamp cursor = seg_from;
      while (cursor < seg_to) {
        while (p < pauses.size() && pauses[p].to <= cursor) ++p;
        if (p < pauses.size() && pauses[p].from <= cursor) {
          Timestamp resume = std::min(pauses[p].to, seg_to);
          w.paused += resume - cursor;
          cursor = resume;
          continue;
        }
        Timestamp next = p < pauses.size() ? std::min(pauses[p].from, seg_to) : seg_to;
        Clock::duration available = next - cursor;
        if (budget && available >= remaining) {
          w.worked += remaining;
          w.due = cursor + remaining;
          return w;
        }
        w.worked += available;
        remaining -= available;
        cursor = next;
      }
    }
  }
  if (!end) w.out_of_range = true;
  return w;
}

}  // namespace

Result<TimeDeadline> Calendar::add_working_hours(Timestamp start, minutes duration,
                                                 const std::vector<Pause>& pauses) const {
  if (duration < minutes{0} || duration > kMaxDuration)
    return Error::invalid("calendar.duration_invalid", "El plazo debe ser de cero a diez años de tiempo hábil",
                          "duration");
  for (size_t i = 0; i < pauses.size(); ++i)
    if (pauses[i].to < pauses[i].from)
      return Error::invalid("calendar.pause_invalid", "La pausa termina antes de empezar",
                            "pauses[" + std::to_string(i) + "]");
  if (year_month_day{floor<days>(start)}.year() > year{kMaxWorkingYear} ||
      year_month_day{floor<days>(start)}.year() < year{kMinYear})
    return Error::invalid("calendar.date_out_of_range", "Fecha fuera de los años 1600–2200", "start");

  TimeDeadline out;
  out.start = start;
  out.duration = duration;
  out.calendar = state_->rules.name;
  out.start_local = to_local(start);
  if (duration == minutes{0}) {
    out.due = start;
  } else {
    Walk w = walk_working_time(*state_, state_->zone, start, std::nullopt, duration, normalize(pauses), true);
    if (!w.due) return Error::invalid("calendar.date_out_of_range", "El plazo termina después del año 2250", "duration");
    out.due = *w.due;
    out.paused = duration_cast<minutes>(w.paused);
    out.skipped = std::move(w.skipped);
  }
  out.due_local = to_local(out.due);
  return out;
}

minutes Calendar::working_minutes_between(Timestamp a, Timestamp b, const std::vector<Pause>& pauses) const {
  if (b < a) return -working_minutes_between(b, a, pauses);
  if (a == b) return minutes{0};
  Walk w = walk_working_time(*state_, state_->zone, a, b, std::nullopt, normalize(pauses), false);
  return duration_cast<minutes>(w.worked);
}

// ---- Time zone --------------------------------------------------------------------------------

LocalDateTime Calendar::to_local(Timestamp t) const {
  auto local = floor<minutes>(t) + offset_at_utc(state_->zone, t);
  auto day = floor<days>(local);
  return {Date{day}, local - day};
}

Timestamp Calendar::from_local(Date d, minutes time) const { return local_to_utc(state_->zone, sys_days{d}, time); }

minutes Calendar::utc_offset(Timestamp t) const { return offset_at_utc(state_->zone, t); }

std::optional<Date> Calendar::received_on(Timestamp t) const {
  Date d = to_local(t).date;
  if (!in_supported_years(d)) return std::nullopt;
  if (is_business_day(d) && t < from_local(d, state_->rules.working_hours.back().to)) return d;
  return next_business_day(d);
}

std::string Calendar::describe_hours() const {
  const auto& r = state_->rules;
  // Weekdays Monday-first; a run of three or more reads "lunes a viernes".
  std::vector<unsigned> iso;
  for (unsigned i = 1; i <= 7; ++i)
    if (state_->works[i % 7]) iso.push_back(i);
  auto name = [](unsigned iso_day) { return std::string(kWeekdayNames[iso_day % 7]); };
  std::string days_text;
  bool contiguous = iso.size() >= 3 && iso.back() - iso.front() + 1 == iso.size();
  if (contiguous) {
    days_text = name(iso.front()) + " a " + name(iso.back());
  } else {
    std::vector<std::string> names;
    for (unsigned i : iso) names.push_back(name(i));
    days_text = join_spanish(names);
  }
  std::vector<std::string> spans;
  for (const auto& h : r.working_hours) spans.push_back(format_clock(h.from) + "–" + format_clock(h.to));
  return days_text + ", " + join_spanish(spans);
}

}  // namespace tequio
