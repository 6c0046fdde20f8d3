// Dashboards, exports and the monthly report.
//
// Figures are aggregated by the database (COUNT/SUM … GROUP BY, the same SQL on SQLite and
// PostgreSQL) so they stay cheap with a million tickets; only the mean working times need the
// calendar per ticket, and those are taken over a capped sample (kMeanSample, reported as
// "mean_sample"). Days are local days of the SLA calendar's zone (America/Mexico_City): counts
// are grouped by UTC hour in SQL and each hour is given its local date here, which is exact
// because the zone's offsets are whole hours.
//
// Exports use list_tickets' filters with the same meaning (scope, status, queue, assignee,
// priority, category, area, kind, sla, updated_since, q, sort). The monthly report is an A4 PDF
// drawn with the shared layer of documents/pdf.h (cairo + pango), paginated in a first pass so
// every footer can say "Página n de N".
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "core/text.h"
#include "documents/pdf.h"
#include "documents/tables.h"
#include "helpdesk/internal.h"
#include "helpdesk/service.h"

namespace tequio::helpdesk {

using auth::Permission;
using nlohmann::json;
using namespace detail;
using namespace std::chrono_literals;
using documents::Align;
using documents::Pdf;
using documents::Style;
using documents::heading;
using documents::table;

namespace {

// Tickets per clock whose working times are averaged: the newest of the period. Walking the
// calendar costs per ticket (and its pauses must be read), so a busy month is sampled.
constexpr int64_t kMeanSample = 5000;
constexpr int64_t kExportLimit = 50000;
constexpr int kMaxPeriodDays = 366;

constexpr const char* kResolvedStatuses = "t.status IN ('resuelto', 'cerrado')";

// ---- periods -----------------------------------------------------------------------------------

// Local dates first..last (inclusive) as the UTC interval [from_s, to_s).
struct Period {
  Date first, last;
  Timestamp from, to;
  std::string from_s, to_s;
};

Date add_days(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }
int days_between(Date a, Date b) { return static_cast<int>((std::chrono::sys_days{b} - std::chrono::sys_days{a}).count()); }

Period make_period(const Calendar& cal, Date first, Date last) {
  Period p{first, last, cal.from_local(first, 0min), cal.from_local(add_days(last, 1), 0min), "", ""};
  p.from_s = to_iso(p.from);
  p.to_s = to_iso(p.to);
  return p;
}

std::string local_text(const Calendar& cal, Timestamp t) {
  LocalDateTime l = cal.to_local(t);
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(l.time.count() / 60), static_cast<int>(l.time.count() % 60));
  return format_date(l.date) + " " + hm;
}
std::string local_text(const Calendar& cal, const std::optional<std::string>& iso) {
  if (!iso) return "";
  auto t = parse_iso(*iso);
  return t ? local_text(cal, *t) : "";
}

std::string zone_note(const Calendar& cal) {
  return cal.rules().time_zone == "America/Mexico_City" ? "hora del centro de México" : cal.rules().time_zone;
}

const char* const kMonths[] = {"enero", "febrero", "marzo",     "abril",   "mayo",      "junio",
                               "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

std::string month_name(Date d) { return kMonths[static_cast<unsigned>(d.month()) - 1]; }

// ---- SQL helpers -------------------------------------------------------------------------------

// " AND t.queue_id = $n" when a queue is chosen; the parameter is appended to p.
std::string queue_clause(const std::optional<int64_t>& queue_id, storage::Params& p) {
  if (!queue_id) return "";
  p.push_back(*queue_id);
  return " AND t.queue_id = $" + std::to_string(p.size());
}

// A subquery of the ids in parameter n (a JSON array), for IN (…) on both backends.
std::string ids_in(storage::Dialect d, size_t param) {
  std::string n = "$" + std::to_string(param);
  return d == storage::Dialect::kPostgres ? "(SELECT value::bigint FROM json_array_elements_text(" + n + "::json))"
                                          : "(SELECT value FROM json_each(" + n + "))";
}

std::optional<double> percent(int64_t part, int64_t total) {
  if (total <= 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(total)) / 10.0;
}

json opt_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// ---- figures of a period -----------------------------------------------------------------------

struct Named {
  int64_t id = 0;
  std::string name;
  int64_t count = 0;
};

struct SlaCount {
  int64_t met = 0, missed = 0;
  int64_t total() const { return met + missed; }
  json to_json() const { return {{"met", met}, {"missed", missed}, {"percent", opt_number(percent(met, total()))}}; }
};

struct MeanMinutes {
  std::optional<int64_t> minutes;
  int64_t sample = 0;
};

struct Workload {
  int64_t user_id = 0;
  std::string name;
  int64_t open = 0, resolved = 0, resolved_met = 0;
};

struct DayCount {
  Date date;
  int64_t created = 0, resolved = 0;
};

struct Figures {
  int64_t created = 0;
  SlaCount response, resolution;
  MeanMinutes mean_response, mean_resolution;
  std::vector<Named> by_area, by_category;
  std::vector<DayCount> trend;
  int64_t rated = 0;
  std::optional<double> rating_mean;
};

// Most first; ties by name (byte order, the same on both backends).
void sort_by_count(std::vector<Named>& v) {
  std::sort(v.begin(), v.end(), [](const Named& a, const Named& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.name != b.name) return a.name < b.name;
    return a.id < b.id;
  });
}

// Tickets created in the period grouped by `column` (area_id, category_id), named from `table`.
std::vector<Named> created_by(storage::Tx& tx, const Period& p, const std::optional<int64_t>& queue_id,
                              const std::string& column, const std::string& table) {
  storage::Params params = {p.from_s, p.to_s};
  std::string q = queue_clause(queue_id, params);
  std::vector<Named> out;
  for (auto& r : tx.query("SELECT g.k, n.name, g.n FROM (SELECT t." + column + " AS k, COUNT(*) AS n FROM helpdesk_tickets t "
                          "WHERE t.created_at >= $1 AND t.created_at < $2" + q + " GROUP BY t." + column + ") g "
                          "JOIN " + table + " n ON n.id = g.k",
                          params))
    out.push_back({r.i64(0), r.str(1), r.i64(2)});
  sort_by_count(out);
  return out;
}

// Counts per local day of `column` inside the period, grouped by UTC hour in SQL.
std::map<Date, int64_t> per_local_day(storage::Tx& tx, const Calendar& cal, const Period& p,
                                      const std::optional<int64_t>& queue_id, const std::string& column,
                                      const std::string& extra) {
  storage::Params params = {p.from_s, p.to_s};
  std::string q = queue_clause(queue_id, params);
  std::string hour = "substr(t." + column + ", 1, 13)";
  std::map<Date, int64_t> out;
  for (auto& r : tx.query("SELECT " + hour + ", COUNT(*) FROM helpdesk_tickets t WHERE " + extra + "t." + column +
                              " >= $1 AND t." + column + " < $2" + q + " GROUP BY " + hour,
                          params)) {
    auto t = parse_iso(r.str(0) + ":00Z");
    if (t) out[cal.to_local(*t).date] += r.i64(1);
  }
  return out;
}

// Mean working minutes from creation to `end_column` (first_response_at, resolved_at) over the
// newest kMeanSample tickets whose end falls in the period, skipping each ticket's pauses.
MeanMinutes mean_working_minutes(storage::Tx& tx, const Calendar& cal, const Period& p,
                                 const std::optional<int64_t>& queue_id, const std::string& end_column,
                                 const std::string& extra) {
  storage::Params params = {p.from_s, p.to_s};
  std::string q = queue_clause(queue_id, params);
  params.push_back(kMeanSample);
  struct Item {
    int64_t id;
    Timestamp start, end;
  };
  std::vector<Item> items;
  json ids = json::array();
  for (auto& r : tx.query("SELECT t.id, t.created_at, t." + end_column + " FROM helpdesk_tickets t WHERE " + extra + "t." +
                              end_column + " >= $1 AND t." + end_column + " < $2" + q + " ORDER BY t." + end_column +
                              " DESC, t.id DESC LIMIT $" + std::to_string(params.size()),
                          params)) {
    auto a = parse_iso(r.str(1)), b = parse_iso(r.str(2));
    if (!a || !b) continue;
    items.push_back({r.i64(0), *a, *b});
    ids.push_back(r.i64(0));
  }
  MeanMinutes out;
  if (items.empty()) return out;
  std::map<int64_t, std::vector<std::pair<Timestamp, std::optional<Timestamp>>>> pauses;
  for (auto& r : tx.query("SELECT ticket_id, from_at, to_at FROM helpdesk_pauses WHERE ticket_id IN " + ids_in(tx.dialect(), 1),
                          {ids.dump()})) {
    auto f = parse_iso(r.str(1));
    if (!f) continue;
    std::optional<Timestamp> t;
    if (!r.is_null(2)) t = parse_iso(r.str(2));
    pauses[r.i64(0)].push_back({*f, t});
  }
  int64_t sum = 0;
  for (auto& it : items) {
    std::vector<Pause> ps;
    if (auto found = pauses.find(it.id); found != pauses.end())
      for (auto& [from, to] : found->second) {
        Timestamp until = to.value_or(it.end);  // a pause still open ends, for this clock, at its end
        if (until > from) ps.push_back({from, until});
      }
    sum += std::max<int64_t>(0, cal.working_minutes_between(it.start, it.end, ps).count());
  }
  out.sample = static_cast<int64_t>(items.size());
  out.minutes = static_cast<int64_t>(std::llround(static_cast<double>(sum) / static_cast<double>(out.sample)));
  return out;
}

Figures period_figures(storage::Tx& tx, const Calendar& cal, const Period& p, const std::optional<int64_t>& queue_id) {
  Figures f;
  std::string resolved = std::string(kResolvedStatuses) + " AND ";
  {  // first responses and survey answers in the period, in one pass (neither column is indexed);
     // a first response with no due time (its clock is paused right now) counts as met
    storage::Params params = {p.from_s, p.to_s};
    std::string q = queue_clause(queue_id, params);
    const std::string responded = "(t.first_response_at >= $1 AND t.first_response_at < $2)";
    const std::string rated = "(t.rating IS NOT NULL AND t.rated_at >= $1 AND t.rated_at < $2)";
    auto r = tx.query_one("SELECT SUM(CASE WHEN " + responded + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + responded +
                              " AND t.response_due_at IS NOT NULL AND t.first_response_at > t.response_due_at THEN 1 ELSE 0 "
                              "END), SUM(CASE WHEN " + rated + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + rated +
                              " THEN t.rating ELSE 0 END) FROM helpdesk_tickets t WHERE (" + responded + " OR " + rated + ")" + q,
                          params);
    f.response.missed = r->i64(1);
    f.response.met = r->i64(0) - f.response.missed;
    f.rated = r->i64(2);
    if (f.rated > 0) f.rating_mean = std::round(100.0 * r->f64(3) / static_cast<double>(f.rated)) / 100.0;
  }
  {  // resolutions in the period, judged as the ticket lists judge them (sla_state)
    storage::Params params = {p.from_s, p.to_s};
    std::string q = queue_clause(queue_id, params);
    auto r = tx.query_one("SELECT COUNT(*), SUM(CASE WHEN t.resolution_due_at IS NOT NULL AND t.resolved_at > "
                          "t.resolution_due_at THEN 1 ELSE 0 END) FROM helpdesk_tickets t WHERE " + resolved +
                              "t.resolved_at >= $1 AND t.resolved_at < $2" + q,
                          params);
    f.resolution.missed = r->i64(1);
    f.resolution.met = r->i64(0) - f.resolution.missed;
  }
  f.mean_response = mean_working_minutes(tx, cal, p, queue_id, "first_response_at", "");
  f.mean_resolution = mean_working_minutes(tx, cal, p, queue_id, "resolved_at", resolved);
  f.by_area = created_by(tx, p, queue_id, "area_id", "areas");
  f.by_category = created_by(tx, p, queue_id, "category_id", "helpdesk_categories");
  for (auto& c : f.by_category) f.created += c.count;
  auto created = per_local_day(tx, cal, p, queue_id, "created_at", "");
  auto solved = per_local_day(tx, cal, p, queue_id, "resolved_at", resolved);
  for (Date d = p.first; d <= p.last; d = add_days(d, 1)) {
    auto c = created.find(d);
    auto s = solved.find(d);
    f.trend.push_back({d, c == created.end() ? 0 : c->second, s == solved.end() ? 0 : s->second});
  }
  return f;
}

// Per technician: tickets resolved in the period (and how many on time), and tickets open and
// assigned — now when open_at is empty, else at that instant (reconstructed from created_at,
// resolved_at and closed_at; a ticket reopened after that instant counts as open then).
std::vector<Workload> workload(storage::Tx& tx, const Period& p, const std::optional<int64_t>& queue_id,
                               const std::optional<std::string>& open_at) {
  std::map<int64_t, Workload> by_user;
  {
    storage::Params params;
    std::string cond = "t.is_open = 1";
    if (open_at) {
      params.push_back(*open_at);
      cond = "t.created_at < $1 AND (t.resolved_at IS NULL OR t.resolved_at >= $1) AND (t.closed_at IS NULL OR "
             "t.closed_at >= $1)";
    }
    std::string q = queue_clause(queue_id, params);
    for (auto& r : tx.query("SELECT g.k, u.display_name, u.username, g.n FROM (SELECT t.assignee_id AS k, COUNT(*) AS n "
                            "FROM helpdesk_tickets t WHERE " + cond + " AND t.assignee_id IS NOT NULL" + q +
                                " GROUP BY t.assignee_id) g JOIN users u ON u.id = g.k",
                            params)) {
      Workload& w = by_user[r.i64(0)];
      w.user_id = r.i64(0);
      w.name = r.str(1).empty() ? r.str(2) : r.str(1);
      w.open = r.i64(3);
    }
  }
  {
    storage::Params params = {p.from_s, p.to_s};
    std::string q = queue_clause(queue_id, params);
    for (auto& r : tx.query("SELECT g.k, u.display_name, u.username, g.n, g.met FROM (SELECT t.assignee_id AS k, "
                            "COUNT(*) AS n, SUM(CASE WHEN t.resolution_due_at IS NULL OR t.resolved_at <= "
                            "t.resolution_due_at THEN 1 ELSE 0 END) AS met FROM helpdesk_tickets t WHERE " +
                                std::string(kResolvedStatuses) +
                                " AND t.resolved_at >= $1 AND t.resolved_at < $2 AND t.assignee_id IS NOT NULL" + q +
                                " GROUP BY t.assignee_id) g JOIN users u ON u.id = g.k",
                            params)) {
      Workload& w = by_user[r.i64(0)];
      w.user_id = r.i64(0);
      w.name = r.str(1).empty() ? r.str(2) : r.str(1);
      w.resolved = r.i64(3);
      w.resolved_met = r.i64(4);
    }
  }
  std::vector<Workload> out;
  for (auto& [id, w] : by_user) out.push_back(w);
  std::sort(out.begin(), out.end(), [](const Workload& a, const Workload& b) {
    return a.name != b.name ? a.name < b.name : a.user_id < b.user_id;
  });
  return out;
}

std::optional<std::string> queue_name(storage::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT name FROM helpdesk_queues WHERE id = $1", {id});
  if (!r) return std::nullopt;
  return r->str(0);
}

Error queue_not_found() { return Error::not_found("queue.not_found", "La cola no existe"); }

// ---- export ------------------------------------------------------------------------------------

const std::vector<documents::SheetColumn> kExportColumns = {
    {"Número", 10},     {"Tipo", 11},       {"Título", 50},    {"Estado", 24},  {"Prioridad", 10},
    {"Cola", 28},       {"Categoría", 36},  {"Área", 36},      {"Solicitante", 30}, {"Asignado a", 26},
    {"Canal", 12},      {"Creado", 17},     {"Actualizado", 17}, {"Vence solución", 17}, {"SLA", 12}};

std::string kind_label(const std::string& k) { return k == "reporte" ? "Reporte" : k == "solicitud" ? "Solicitud" : k; }

std::string channel_label(const std::string& c) {
  if (c == "portal") return "Portal";
  if (c == "telefono") return "Teléfono";
  if (c == "correo") return "Correo";
  if (c == "presencial") return "Presencial";
  if (c == "programado") return "Programado";
  return c;
}

std::string sla_label(const std::string& s) {
  if (s == "ok") return "En tiempo";
  if (s == "warning") return "Por vencer";
  if (s == "breached") return "Vencido";
  if (s == "paused") return "En pausa";
  if (s == "met") return "Cumplido";
  if (s == "missed") return "Incumplido";
  return "Sin SLA";
}

// ---- PDF ---------------------------------------------------------------------------------------

// Bars of tickets received per local day, with day numbers below and the maximum on the left.
void bar_chart(Pdf& pdf, const std::vector<DayCount>& days, const Calendar& cal) {
  const double height = 140, axis = 24, label = 16;
  pdf.ensure(height + label + 10);
  cairo_t* cr = pdf.cr();
  double top = pdf.y(), x0 = pdf.left() + axis, width = pdf.content_width() - axis, base = top + height;
  int64_t max = 0;
  for (auto& d : days) max = std::max(max, d.created);
  int64_t scale = std::max<int64_t>(max, 1);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, x0, top);
  cairo_line_to(cr, x0, base);
  cairo_line_to(cr, x0 + width, base);
  cairo_stroke(cr);
  Style small{7, false, 0.3};
  pdf.text(std::to_string(scale), small, pdf.left(), top - 4, axis - 4, Align::kRight);
  pdf.text("0", small, pdf.left(), base - 8, axis - 4, Align::kRight);
  double slot = days.empty() ? width : width / static_cast<double>(days.size());
  for (size_t i = 0; i < days.size(); ++i) {
    const DayCount& d = days[i];
    double h = (height - 12) * static_cast<double>(d.created) / static_cast<double>(scale);
    double x = x0 + slot * static_cast<double>(i) + slot * 0.15;
    if (cal.is_business_day(d.date)) cairo_set_source_rgb(cr, 0.16, 0.38, 0.62);
    else cairo_set_source_rgb(cr, 0.62, 0.72, 0.84);  // weekends and holidays lighter
    if (d.created > 0) {
      cairo_rectangle(cr, x, base - h, slot * 0.7, h);
      cairo_fill(cr);
      pdf.text(std::to_string(d.created), Style{6.5, false, 0.2}, x0 + slot * static_cast<double>(i), base - h - 9, slot,
               Align::kCenter);
    }
    pdf.text(std::to_string(static_cast<unsigned>(d.date.day())), small, x0 + slot * static_cast<double>(i), base + 3,
             slot, Align::kCenter);
  }
  pdf.advance(height + label + 10);
}

std::string minutes_text(const MeanMinutes& m) {
  if (!m.minutes) return "sin datos";
  int64_t v = *m.minutes;
  std::string s = v >= 60 ? std::to_string(v / 60) + " h " + std::to_string(v % 60) + " min" : std::to_string(v) + " min";
  return s + " (" + std::to_string(m.sample) + (m.sample == 1 ? " ticket)" : " tickets)");
}

std::string percent_text(const SlaCount& c) {
  auto p = percent(c.met, c.total());
  if (!p) return "sin tickets";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %% (%lld de %lld en plazo)", *p, static_cast<long long>(c.met),
                static_cast<long long>(c.total()));
  return buf;
}

std::string share_text(int64_t part, int64_t total) {
  auto p = percent(part, total);
  if (!p) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", *p);
  return buf;
}

std::string slug(const std::string& name) {
  std::string folded = fold_for_search(name), out;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "cola" : out;
}

struct MonthlyData {
  std::string queue, month_text, period_text, generated;
  int64_t received = 0, resolved = 0, closed = 0, cancelled = 0, open_at_end = 0;
  Figures f;
  std::vector<Workload> workload;
};

void draw_monthly(Pdf& pdf, const MonthlyData& d, const Calendar& cal) {
  // The title breaks after its first dash, so the queue and the month read as one line.
  pdf.paragraph("Informe mensual de la mesa de servicio —\n" + d.queue + " — " + d.month_text, Style{16, true, 0.05}, 4);
  pdf.paragraph(d.period_text, Style{9.5, false, 0.35}, 8);

  heading(pdf, "Resumen");
  table(pdf, {{"Concepto", 395.276}, {"Tickets", 100, Align::kRight}},
        {{"Recibidos", std::to_string(d.received)},
         {"Resueltos", std::to_string(d.resolved)},
         {"Cerrados", std::to_string(d.closed)},
         {"Cancelados", std::to_string(d.cancelled)},
         {"Abiertos al cierre del mes", std::to_string(d.open_at_end)}},
        "");

  heading(pdf, "Cumplimiento del SLA y tiempos");
  std::string rating = "sin encuestas";
  if (d.f.rating_mean) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f de 5 (%lld %s)", *d.f.rating_mean, static_cast<long long>(d.f.rated),
                  d.f.rated == 1 ? "encuesta" : "encuestas");
    rating = buf;
  }
  table(pdf, {{"Indicador", 275}, {"Valor", 220.276}},
        {{"Primera respuesta en plazo", percent_text(d.f.response)},
         {"Solución en plazo", percent_text(d.f.resolution)},
         {"Tiempo medio de primera respuesta (horario hábil)", minutes_text(d.f.mean_response)},
         {"Tiempo medio de solución (horario hábil)", minutes_text(d.f.mean_resolution)},
         {"Satisfacción (promedio)", rating}},
        "");

  heading(pdf, "Tickets recibidos por día", 180);
  bar_chart(pdf, d.f.trend, cal);

  heading(pdf, "Tickets por categoría");
  std::vector<std::vector<std::string>> rows;
  for (auto& c : d.f.by_category) rows.push_back({c.name, std::to_string(c.count), share_text(c.count, d.received)});
  table(pdf, {{"Categoría", 345.276}, {"Recibidos", 75, Align::kRight}, {"%", 75, Align::kRight}}, rows,
        "No se recibieron tickets en el mes.");

  heading(pdf, "Tickets por área solicitante (10 principales)");
  rows.clear();
  for (size_t i = 0; i < d.f.by_area.size() && i < 10; ++i)
    rows.push_back({d.f.by_area[i].name, std::to_string(d.f.by_area[i].count), share_text(d.f.by_area[i].count, d.received)});
  table(pdf, {{"Área", 345.276}, {"Recibidos", 75, Align::kRight}, {"%", 75, Align::kRight}}, rows,
        "No se recibieron tickets en el mes.");

  heading(pdf, "Carga de trabajo por técnico");
  rows.clear();
  for (auto& w : d.workload)
    rows.push_back({w.name, std::to_string(w.resolved), share_text(w.resolved_met, w.resolved), std::to_string(w.open)});
  table(pdf,
        {{"Técnico", 215.276}, {"Resueltos", 90, Align::kRight}, {"En plazo", 90, Align::kRight},
         {"Abiertos al cierre", 100, Align::kRight}},
        rows, "Ningún técnico tuvo tickets asignados.");
}

std::optional<Date> parse_month(const std::string& m) {
  if (m.size() != 7 || m[4] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (m[i] < '0' || m[i] > '9') return std::nullopt;
  auto d = parse_date(m + "-01");
  if (!d || !d->ok() || static_cast<int>(d->year()) < 2000 || static_cast<int>(d->year()) > 2200) return std::nullopt;
  return d;
}

}  // namespace

// ---- stats -------------------------------------------------------------------------------------

Result<json> HelpdeskService::stats(const auth::Actor& actor, const std::optional<std::string>& from,
                                    const std::optional<std::string>& to, std::optional<int64_t> queue_id) {
  if (!actor.can(Permission::kHelpdeskReadAll)) return Error::forbidden();
  std::vector<FieldError> errors;
  std::optional<Date> first, last;
  if (from && !(first = parse_date(*from)))
    errors.push_back({"from", "stats.date_invalid", "Use una fecha AAAA-MM-DD"});
  if (to && !(last = parse_date(*to))) errors.push_back({"to", "stats.date_invalid", "Use una fecha AAAA-MM-DD"});
  if (!errors.empty()) return Error::invalid_fields(errors);

  Ctx c(*this, storage::Tx::Mode::kRead);
  auto& tx = c.tx;
  Date today = c.cal.to_local(c.now).date;
  if (!last) last = first ? std::max(*first, today) : today;
  if (!first) first = add_days(*last, -29);
  if (*last < *first)
    return Error::invalid("stats.range_invalid", "La fecha final es anterior a la inicial", "to");
  if (days_between(*first, *last) >= kMaxPeriodDays)
    return Error::invalid("stats.range_too_long", "El periodo puede abarcar hasta " + std::to_string(kMaxPeriodDays) + " días",
                          "from");
  if (queue_id && !queue_name(tx, *queue_id)) return queue_not_found();
  Period p = make_period(c.cal, *first, *last);

  json out;
  out["from"] = format_date(*first);
  out["to"] = format_date(*last);
  out["queue_id"] = queue_id ? json(*queue_id) : json(nullptr);
  {  // open now, per queue (every active queue, and inactive ones that still hold tickets)
    storage::Params params;
    std::string q;
    if (queue_id) {
      params.push_back(*queue_id);
      q = " AND q.id = $1";
    }
    json items = json::array();
    for (auto& r : tx.query("SELECT q.id, q.name, COUNT(t.id) FROM helpdesk_queues q LEFT JOIN helpdesk_tickets t ON "
                            "t.queue_id = q.id AND t.is_open = 1 WHERE (q.active = 1 OR t.id IS NOT NULL)" + q +
                                " GROUP BY q.id, q.name ORDER BY q.id",
                            params))
      items.push_back({{"queue_id", r.i64(0)}, {"queue_name", r.str(1)}, {"count", r.i64(2)}});
    out["open_by_queue"] = items;
  }
  {
    storage::Params params;
    std::string q = queue_clause(queue_id, params);
    std::map<int64_t, int64_t> counts;
    for (auto& r : tx.query("SELECT t.priority, COUNT(*) FROM helpdesk_tickets t WHERE t.is_open = 1" + q +
                                " GROUP BY t.priority",
                            params))
      counts[r.i64(0)] = r.i64(1);
    json items = json::array();
    for (int64_t pr = 1; pr <= 4; ++pr) items.push_back({{"priority", pr}, {"count", counts[pr]}});
    out["open_by_priority"] = items;
  }
  {  // calendar age of what is open now
    const char* names[] = {"<1d", "1-3d", "3-7d", "7-30d", ">30d"};
    storage::Params params;
    for (int d : {1, 3, 7, 30}) params.push_back(to_iso(c.now - std::chrono::days{d}));
    std::string q = queue_clause(queue_id, params);
    int64_t counts[5] = {0, 0, 0, 0, 0};
    for (auto& r : tx.query("SELECT CASE WHEN t.created_at > $1 THEN 0 WHEN t.created_at > $2 THEN 1 WHEN t.created_at > $3 "
                            "THEN 2 WHEN t.created_at > $4 THEN 3 ELSE 4 END, COUNT(*) FROM helpdesk_tickets t "
                            "WHERE t.is_open = 1" + q + " GROUP BY 1",
                            params))
      if (r.i64(0) >= 0 && r.i64(0) < 5) counts[r.i64(0)] = r.i64(1);
    json items = json::array();
    for (int i = 0; i < 5; ++i) items.push_back({{"bucket", names[i]}, {"count", counts[i]}});
    out["open_by_age"] = items;
  }
  Figures f = period_figures(tx, c.cal, p, queue_id);
  out["created"] = f.created;
  out["sla"] = {{"response", f.response.to_json()}, {"resolution", f.resolution.to_json()}};
  out["mean_minutes"] = {{"response", f.mean_response.minutes ? json(*f.mean_response.minutes) : json(nullptr)},
                         {"resolution", f.mean_resolution.minutes ? json(*f.mean_resolution.minutes) : json(nullptr)}};
  // The means are over at most `limit` tickets per clock, the newest of the period.
  out["mean_sample"] = {{"response", f.mean_response.sample}, {"resolution", f.mean_resolution.sample}, {"limit", kMeanSample}};
  json areas = json::array(), categories = json::array(), people = json::array(), trend = json::array();
  for (auto& a : f.by_area) areas.push_back({{"area_id", a.id}, {"area_name", a.name}, {"count", a.count}});
  for (auto& k : f.by_category) categories.push_back({{"category_id", k.id}, {"category_name", k.name}, {"count", k.count}});
  for (auto& w : workload(tx, p, queue_id, std::nullopt))
    people.push_back({{"user_id", w.user_id}, {"display_name", w.name}, {"open", w.open}, {"resolved", w.resolved}});
  for (auto& d : f.trend) trend.push_back({{"date", format_date(d.date)}, {"created", d.created}, {"resolved", d.resolved}});
  out["by_area"] = areas;
  out["by_category"] = categories;
  out["workload"] = people;
  out["trend"] = trend;
  out["satisfaction"] = {{"count", f.rated}, {"mean", opt_number(f.rating_mean)}};
  return out;
}

// ---- export ------------------------------------------------------------------------------------

Result<ExportFile> HelpdeskService::export_tickets(const auth::Actor& actor, const TicketFilter& filter,
                                                   const std::string& format) {
  if (!actor.can(Permission::kHelpdeskReadAll)) return Error::forbidden();
  if (format != "csv" && format != "xlsx")
    return Error::invalid("export.format_invalid", "Formato no válido: csv o xlsx", "format");
  Ctx c(*this, storage::Tx::Mode::kRead);
  auto& tx = c.tx;
  auto query = ticket_query(actor, filter, c.now_s, tx.dialect());
  if (!query) return query.error();
  int64_t total = tx.query_one("SELECT COUNT(*) FROM helpdesk_tickets t" + query->where, query->params)->i64(0);
  if (total > kExportLimit)
    return Error::invalid("export.too_many",
                          "La exportación tendría " + std::to_string(total) + " tickets; el máximo es " +
                              std::to_string(kExportLimit) + ". Acote los filtros (fechas, cola, estado…)");
  std::vector<std::vector<std::string>> rows;
  rows.reserve(static_cast<size_t>(total));
  for (auto& r : tx.query("SELECT t.id, t.kind, t.title, t.status, t.priority, q.name, c.name, a.name, t.requester_name, "
                          "u.display_name, t.channel, t.created_at, t.updated_at, t.resolution_due_at, t.response_due_at, "
                          "t.response_warn_at, t.resolution_warn_at, t.paused_since, t.first_response_at, t.resolved_at "
                          "FROM helpdesk_tickets t JOIN helpdesk_queues q ON q.id = t.queue_id "
                          "JOIN helpdesk_categories c ON c.id = t.category_id JOIN areas a ON a.id = t.area_id "
                          "LEFT JOIN users u ON u.id = t.assignee_id" + query->where + query->order,
                          query->params)) {
    TicketRow t;  // the columns sla_state reads, so the export says what the list says
    t.status = r.str(3);
    t.resolution_due_at = r.opt_str(13);
    t.response_due_at = r.opt_str(14);
    t.response_warn_at = r.opt_str(15);
    t.resolution_warn_at = r.opt_str(16);
    t.paused_since = r.opt_str(17);
    t.first_response_at = r.opt_str(18);
    t.resolved_at = r.opt_str(19);
    rows.push_back({ticket_number(r.i64(0)), kind_label(r.str(1)), r.str(2), std::string(status_label(t.status)),
                    std::string(priority_label(r.i64(4))), r.str(5), r.str(6), r.str(7), r.str(8), r.str(9),
                    channel_label(r.str(10)), local_text(c.cal, r.opt_str(11)), local_text(c.cal, r.opt_str(12)),
                    local_text(c.cal, t.resolution_due_at), sla_label(sla_state(t, c.now_s))});
  }
  LocalDateTime l = c.cal.to_local(c.now);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%04d%02u%02u-%02d%02d", static_cast<int>(l.date.year()),
                static_cast<unsigned>(l.date.month()), static_cast<unsigned>(l.date.day()),
                static_cast<int>(l.time.count() / 60), static_cast<int>(l.time.count() % 60));
  ExportFile out;
  if (format == "csv") {
    out.filename = std::string("tickets-") + stamp + ".csv";
    out.media_type = "text/csv; charset=utf-8";
    out.content = documents::to_csv(kExportColumns, rows);
  } else {
    out.filename = std::string("tickets-") + stamp + ".xlsx";
    out.media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.content = documents::to_xlsx(kExportColumns, rows, "Tickets");
  }
  return out;
}

// ---- monthly report ----------------------------------------------------------------------------

Result<ExportFile> HelpdeskService::monthly_report(const auth::Actor& actor, int64_t queue_id, const std::string& month) {
  if (!actor.can(Permission::kHelpdeskReadAll)) return Error::forbidden();
  auto first = parse_month(month);
  if (!first) return Error::invalid("report.month_invalid", "Indique el mes como AAAA-MM (por ejemplo 2026-11)", "month");
  Date last = Date{first->year() / first->month() / std::chrono::last};

  MonthlyData d;
  std::shared_ptr<const Cached> cached;  // the calendar outlives the transaction: drawing needs no database
  {
    Ctx c(*this, storage::Tx::Mode::kRead);
    auto& tx = c.tx;
    auto name = queue_name(tx, queue_id);
    if (!name) return queue_not_found();
    cached = c.cached;
    Period p = make_period(c.cal, *first, last);
    d.queue = *name;
    d.month_text = month_name(*first) + " de " + std::to_string(static_cast<int>(first->year()));
    d.period_text = "Del 1 al " + std::to_string(static_cast<unsigned>(last.day())) + " de " + d.month_text +
                    " (" + zone_note(c.cal) + "). Tiempos en horario hábil: " + c.cal.describe_hours() + ".";
    d.generated = "Generado el " + local_text(c.cal, c.now) + " (" + zone_note(c.cal) + ") · Tequio";
    d.f = period_figures(tx, c.cal, p, queue_id);
    d.received = d.f.created;
    d.resolved = d.f.resolution.total();
    storage::Params params = {p.from_s, p.to_s, queue_id};
    auto closed = tx.query_one("SELECT SUM(CASE WHEN t.status = 'cerrado' THEN 1 ELSE 0 END), SUM(CASE WHEN t.status = "
                               "'cancelado' THEN 1 ELSE 0 END) FROM helpdesk_tickets t WHERE t.queue_id = $3 AND "
                               "t.closed_at >= $1 AND t.closed_at < $2",
                               params);
    d.closed = closed->i64(0);
    d.cancelled = closed->i64(1);
    d.open_at_end = tx.query_one("SELECT COUNT(*) FROM helpdesk_tickets t WHERE t.queue_id = $2 AND t.created_at < $1 AND "
                                 "(t.resolved_at IS NULL OR t.resolved_at >= $1) AND (t.closed_at IS NULL OR "
                                 "t.closed_at >= $1)",
                                 {p.to_s, queue_id})
                        ->i64(0);
    d.workload = workload(tx, p, queue_id, p.to_s);
  }
  std::string title = "Informe mensual de la mesa de servicio — " + d.queue + " — " + d.month_text;
  ExportFile out;
  out.content = documents::render_pdf(documents::PageSetup::a4(), d.generated, title,
                                      [&](Pdf& pdf) { draw_monthly(pdf, d, cached->cal); });
  out.filename = "informe-" + slug(d.queue) + "-" + month + ".pdf";
  out.media_type = "application/pdf";
  return out;
}

}  // namespace tequio::helpdesk
