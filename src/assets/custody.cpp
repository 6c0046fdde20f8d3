// Custody of assets (resguardos): assign, transfer, return, the stored documents, a servant's
// page and the carta de no adeudo; loans with reminders; labels; disposals.
#include <map>
#include <set>

#include "assets/internal.h"
#include "assets/service.h"
#include "core/calendar.h"
#include "core/text.h"
#include "files/uploads.h"

namespace tequio::assets {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

// The person who receives assets (custody, transfer, loan): must exist and be active.
Result<PersonInfo> receiving_person(storage::Tx& tx, int64_t id, const char* field) {
  auto person = load_person(tx, id);
  if (!person) return Error::invalid("custody.person_not_found", "La persona no existe", field);
  if (!person->active) return Error::invalid("custody.person_inactive", "La persona está dada de baja", field);
  return *person;
}

std::string list_numbers(const std::vector<storage::Row>& rows) {
  std::string out;
  for (auto& r : rows) out += (out.empty() ? "" : ", ") + r.str(1);
  return out;
}

// Closes the open custody of each asset with `closing_document_id`.
void close_custodies(storage::Tx& tx, const std::vector<int64_t>& asset_ids, int64_t closing_document_id,
                     const std::string& now) {
  for (int64_t id : asset_ids)
    tx.execute("UPDATE custodies SET ended_at = $1, closing_document_id = $2 WHERE asset_id = $3 AND ended_at IS NULL",
               {now, closing_document_id, id});
}

void open_custodies(storage::Tx& tx, const std::vector<int64_t>& asset_ids, int64_t person_id, int64_t document_id,
                    const std::string& now) {
  for (int64_t id : asset_ids)
    tx.execute("INSERT INTO custodies (asset_id, person_id, document_id, started_at) VALUES ($1, $2, $3, $4)",
               {id, person_id, document_id, now});
}

json loan_json(const storage::Row& r, const std::string& today) {
  // id, asset_id, inventory_number, person_id, full_name, area name, lent_at, due_on, returned_at, notes
  std::string state = !r.is_null(8) ? "devuelto" : r.str(7) < today ? "vencido" : "activo";
  return {{"id", r.i64(0)},          {"asset_id", r.i64(1)},    {"inventory_number", r.str(2)},
          {"person_id", r.i64(3)},   {"person_name", r.str(4)}, {"area_name", r.str(5)},
          {"lent_at", r.str(6)},     {"due_on", r.str(7)},      {"returned_at", r.is_null(8) ? json(nullptr) : json(r.str(8))},
          {"state", state},          {"notes", r.str(9)}};
}

constexpr const char* kLoanSelect =
    "SELECT l.id, l.asset_id, a.inventory_number, l.person_id, p.full_name, ar.name, l.lent_at, l.due_on, l.returned_at, "
    "l.notes FROM asset_loans l JOIN assets a ON a.id = l.asset_id JOIN people p ON p.id = l.person_id "
    "JOIN areas ar ON ar.id = p.area_id";

}  // namespace

// ---- custody -------------------------------------------------------------------------------------

Result<json> AssetsService::assign_custody(const auth::Actor& actor, int64_t person_id, const std::vector<int64_t>& asset_ids,
                                           const std::string& notes, const std::optional<std::string>& condition) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  if (condition && !valid_condition(*condition))
    return Error::invalid("asset.condition_invalid", "El estado físico debe ser bueno, regular o malo", "condition");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto person = receiving_person(tx, person_id, "person_id");
  if (!person) return person.error();
  auto rows = load_assets_for_change(tx, asset_ids);
  if (!rows) return rows.error();
  std::vector<FieldError> errors;
  for (auto& r : *rows)
    if (r.str(7) != "en_almacen")
      errors.push_back({"asset_ids", "custody.asset_not_available",
                        r.str(1) + " está «" + status_label(r.str(7)) + "»; solo se asignan bienes en almacén"});
  if (!errors.empty()) return Error{ErrorKind::kConflict, "custody.asset_not_available", errors.front().message, errors};
  std::string now = to_iso(this->now());
  if (condition)
    for (int64_t id : asset_ids) tx.execute("UPDATE assets SET condition = $1 WHERE id = $2", {*condition, id});
  auto [doc, folio] = write_document(tx, config_, actor, {"asignacion", *person, asset_ids, trim(notes), std::nullopt}, now);
  open_custodies(tx, asset_ids, person_id, doc, now);
  for (auto& r : *rows) {
    int64_t id = r.i64(0);
    tx.execute("UPDATE assets SET status = 'asignado', custodian_person_id = $1, area_id = COALESCE($2, area_id), "
               "updated_at = $3 WHERE id = $4",
               {person_id, storage::opt(person->area_id), now, id});
    refresh_search_key(tx, id);
    add_event(tx, id, actor, "custody", "Asignado en resguardo a " + person->name + " (" + folio + ")",
              {{"status", {{"from", r.str(7)}, {"to", "asignado"}}}, {"custodian", {{"from", nullptr}, {"to", person->name}}}},
              doc, now);
  }
  audit_.record(tx, actor, {"create", "custody_document", std::to_string(doc),
                            {{"folio", folio}, {"kind", "asignacion"}, {"person_id", person_id}, {"asset_ids", asset_ids}}});
  json out = document_json(tx, doc, true);
  tx.commit();
  return out;
}

Result<json> AssetsService::transfer_custody(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                             int64_t to_person_id, const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto person = receiving_person(tx, to_person_id, "to_person_id");
  if (!person) return person.error();
  auto rows = load_assets_for_change(tx, asset_ids);
  if (!rows) return rows.error();
  // Previous custodians, each with the assets they hand over.
  std::map<int64_t, std::vector<int64_t>> by_person;
  for (auto& r : *rows) {
    if (r.str(7) != "asignado" || !r.opt_i64(14))
      return Error::conflict("custody.not_in_custody", r.str(1) + " no está en resguardo de nadie", "asset_ids");
    if (*r.opt_i64(14) == to_person_id)
      return Error::conflict("custody.same_person", r.str(1) + " ya está en resguardo de " + person->name, "to_person_id");
    by_person[*r.opt_i64(14)].push_back(r.i64(0));
  }
  std::string now = to_iso(this->now());
  json closed = json::array();
  std::optional<int64_t> previous;
  std::map<int64_t, std::string> old_names;
  for (auto& [pid, ids] : by_person) {
    auto old = load_person(tx, pid);
    old_names[pid] = old->name;
    int64_t prev_doc = tx.query_one("SELECT document_id FROM custodies WHERE asset_id = $1 AND ended_at IS NULL", {ids[0]})
                           ->i64(0);
    int64_t doc = write_document(tx, config_, actor, {"devolucion", *old, ids, "Transferencia a " + person->name +
                                                                              (trim(notes).empty() ? "" : ". " + trim(notes)),
                                                      prev_doc},
                                 now).id;
    close_custodies(tx, ids, doc, now);
    closed.push_back(document_json(tx, doc, true));
    if (!previous) previous = prev_doc;
  }
  auto [doc, folio] = write_document(tx, config_, actor, {"transferencia", *person, asset_ids, trim(notes), previous}, now);
  open_custodies(tx, asset_ids, to_person_id, doc, now);
  for (auto& r : *rows) {
    int64_t id = r.i64(0);
    tx.execute("UPDATE assets SET custodian_person_id = $1, area_id = COALESCE($2, area_id), updated_at = $3 WHERE id = $4",
               {to_person_id, storage::opt(person->area_id), now, id});
    refresh_search_key(tx, id);
    add_event(tx, id, actor, "transfer",
              "Transferido de " + old_names[*r.opt_i64(14)] + " a " + person->name + " (" + folio + ")",
              {{"custodian", {{"from", old_names[*r.opt_i64(14)]}, {"to", person->name}}}}, doc, now);
  }
  audit_.record(tx, actor, {"create", "custody_document", std::to_string(doc),
                            {{"folio", folio}, {"kind", "transferencia"}, {"person_id", to_person_id}, {"asset_ids", asset_ids}}});
  json out = {{"closed", closed}, {"opened", document_json(tx, doc, true)}};
  tx.commit();
  return out;
}

Result<json> AssetsService::return_custody(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                           const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto rows = load_assets_for_change(tx, asset_ids);
  if (!rows) return rows.error();
  std::map<int64_t, std::vector<int64_t>> by_person;
  for (auto& r : *rows) {
    if (!r.opt_i64(14))
      return Error::conflict("custody.not_in_custody", r.str(1) + " no está en resguardo de nadie", "asset_ids");
    by_person[*r.opt_i64(14)].push_back(r.i64(0));
  }
  std::string now = to_iso(this->now());
  json docs = json::array();
  for (auto& [pid, ids] : by_person) {
    auto person = load_person(tx, pid);
    int64_t prev_doc = tx.query_one("SELECT document_id FROM custodies WHERE asset_id = $1 AND ended_at IS NULL", {ids[0]})
                           ->i64(0);
    auto [doc, folio] = write_document(tx, config_, actor, {"devolucion", *person, ids, trim(notes), prev_doc}, now);
    close_custodies(tx, ids, doc, now);
    for (int64_t id : ids) {
      auto r = load_asset(tx, id);
      // A custodian's asset under repair stays en_reparacion; it simply has no custodian now.
      std::string to = r->str(7) == "en_reparacion" ? "en_reparacion" : "en_almacen";
      tx.execute("UPDATE assets SET status = $1, custodian_person_id = NULL, updated_at = $2 WHERE id = $3", {to, now, id});
      refresh_search_key(tx, id);
      add_event(tx, id, actor, "return", "Devuelto por " + person->name + " (" + folio + ")",
                {{"status", {{"from", r->str(7)}, {"to", to}}}, {"custodian", {{"from", person->name}, {"to", nullptr}}}},
                doc, now);
    }
    audit_.record(tx, actor, {"create", "custody_document", std::to_string(doc),
                              {{"folio", folio}, {"kind", "devolucion"}, {"person_id", pid}, {"asset_ids", ids}}});
    docs.push_back(document_json(tx, doc, true));
  }
  tx.commit();
  return json{{"documents", docs}};
}

Result<Page> AssetsService::list_documents(const auth::Actor& actor, std::optional<int64_t> person_id,
                                           const std::optional<std::string>& kind, const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  if (kind && *kind != "asignacion" && *kind != "transferencia" && *kind != "devolucion" && *kind != "no_adeudo")
    return Error::invalid("custody.kind_invalid", "Tipo de documento no válido", "kind");
  if (!reads_all(actor)) {
    if (!actor.person_id) {
      Page empty;
      empty.request = page;
      return empty;
    }
    person_id = *actor.person_id;
  }
  Where w;
  if (person_id) w.compare("person_id", *person_id);
  if (kind) w.compare("kind", *kind);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  return page_of(tx, "SELECT id FROM custody_documents" + w.sql + " ORDER BY id DESC", w.params, page,
                 [&](int64_t id) { return document_json(tx, id, false); });
}

Result<json> AssetsService::get_document(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  json d = document_json(tx, id, true);
  if (d.is_null() || (!reads_all(actor) && (!actor.person_id || d["person_id"].get<int64_t>() != *actor.person_id)))
    return Error::not_found("custody.document_not_found", "El documento no existe");
  return d;
}

Result<File> AssetsService::document_pdf(const auth::Actor& actor, int64_t id) {
  auto d = get_document(actor, id);
  if (!d) return d.error();
  std::string sha;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kRead);
    sha = tx.query_one("SELECT pdf_sha256 FROM custody_documents WHERE id = $1", {id})->str(0);
  }
  auto content = files::read_blob(config_.data_dir + "/documents", sha);
  if (!content) return Error::of(ErrorKind::kUnavailable, "custody.pdf_missing", "El PDF no está disponible en el servidor");
  return File{(*d)["folio"].get<std::string>() + ".pdf", "application/pdf", std::move(*content)};
}

Result<json> AssetsService::person_custody(const auth::Actor& actor, int64_t person_id) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  if (!reads_all(actor) && (!actor.person_id || *actor.person_id != person_id))
    return Error::not_found("person.not_found", "La persona no existe");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  auto person = load_person(tx, person_id);
  if (!person) return Error::not_found("person.not_found", "La persona no existe");
  json assets = json::array();
  for (auto& r : tx.query(std::string(kAssetSelect) + " WHERE a.custodian_person_id = $1 ORDER BY a.inventory_number",
                          {person_id}))
    assets.push_back(asset_summary(r));
  std::string today = local_iso_date(now());
  json loans = json::array();
  for (auto& r : tx.query(std::string(kLoanSelect) + " WHERE l.person_id = $1 AND l.returned_at IS NULL ORDER BY l.due_on",
                          {person_id}))
    loans.push_back(loan_json(r, today));
  json docs = json::array();
  for (auto& r : tx.query("SELECT id FROM custody_documents WHERE person_id = $1 ORDER BY id DESC LIMIT 200", {person_id}))
    docs.push_back(document_json(tx, r.i64(0), false));
  return json{{"person", {{"id", person->id}, {"full_name", person->name}, {"area_name", person->area_name},
                          {"job_title", person->position}, {"active", person->active}}},
              {"assets", assets},
              {"loans", loans},
              {"documents", docs}};
}

Result<json> AssetsService::no_adeudo(const auth::Actor& actor, int64_t person_id, const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto person = load_person(tx, person_id);
  if (!person) return Error::not_found("person.not_found", "La persona no existe");
  int64_t held = tx.query_one("SELECT COUNT(*) FROM assets WHERE custodian_person_id = $1", {person_id})->i64(0) +
                 tx.query_one("SELECT COUNT(*) FROM asset_loans WHERE person_id = $1 AND returned_at IS NULL", {person_id})
                     ->i64(0);
  if (held > 0)
    return Error::conflict("custody.has_assets", person->name + " tiene " + std::to_string(held) +
                                                     " bien(es) en resguardo o préstamo; devuélvalos antes de emitir la constancia");
  std::string now = to_iso(this->now());
  int64_t doc = write_document(tx, config_, actor, {"no_adeudo", *person, {}, trim(notes), std::nullopt}, now).id;
  json out = document_json(tx, doc, true);
  audit_.record(tx, actor, {"create", "custody_document", std::to_string(doc),
                            {{"folio", out["folio"]}, {"kind", "no_adeudo"}, {"person_id", person_id}}});
  tx.commit();
  return out;
}

// ---- loans ---------------------------------------------------------------------------------------

Result<Page> AssetsService::list_loans(const auth::Actor& actor, const std::optional<std::string>& state,
                                       std::optional<int64_t> person_id, const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  if (!reads_all(actor)) {
    if (!actor.person_id) {
      Page empty;
      empty.request = page;
      return empty;
    }
    person_id = *actor.person_id;
  }
  std::string today = local_iso_date(now());
  Where w;
  if (state) {
    if (*state == "activo") {
      w.add("l.returned_at IS NULL");
      w.compare("l.due_on", today, ">=");
    }
    else if (*state == "vencido") {
      w.add("l.returned_at IS NULL");
      w.compare("l.due_on", today, "<");
    } else if (*state == "devuelto") w.add("l.returned_at IS NOT NULL");
    else return Error::invalid("loan.state_invalid", "Estado: activo, vencido o devuelto", "state");
  }
  if (person_id) w.compare("l.person_id", *person_id);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  return page_of(tx,
                 "SELECT l.id FROM asset_loans l" + w.sql +
                     " ORDER BY CASE WHEN l.returned_at IS NULL THEN 0 ELSE 1 END, l.due_on, l.id",
                 w.params, page, [&](int64_t id) {
                   return loan_json(*tx.query_one(std::string(kLoanSelect) + " WHERE l.id = $1", {id}), today);
                 });
}

Result<json> AssetsService::create_loan(const auth::Actor& actor, int64_t asset_id, int64_t person_id,
                                        const std::string& due_on, const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  auto due = parse_date(due_on);
  std::string today = local_iso_date(now());
  if (!due) return Error::invalid("date_invalid", "Use el formato AAAA-MM-DD", "due_on");
  std::string due_s = format_date(*due);
  std::string limit = format_date(std::chrono::sys_days(*parse_date(today)) + std::chrono::days(365));
  if (due_s < today || due_s > limit)
    return Error::invalid("loan.due_invalid", "La fecha de devolución debe estar entre hoy y un año", "due_on");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto person = receiving_person(tx, person_id, "person_id");
  if (!person) return person.error();
  auto r = load_asset(tx, asset_id);
  if (!r) return Error::invalid("asset.not_found", "El bien no existe", "asset_id");
  if (r->str(7) != "en_almacen")
    return Error::conflict("loan.asset_not_available",
                           r->str(1) + " está «" + status_label(r->str(7)) + "»; solo se prestan bienes en almacén", "asset_id");
  std::string now = to_iso(this->now());
  int64_t id = tx.query_one("INSERT INTO asset_loans (asset_id, person_id, lent_at, due_on, notes, created_by) "
                            "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                            {asset_id, person_id, now, due_s, trim(notes),
                             actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr)})
                   ->i64(0);
  tx.execute("UPDATE assets SET status = 'en_prestamo', updated_at = $1 WHERE id = $2", {now, asset_id});
  add_event(tx, asset_id, actor, "loan", "Prestado a " + person->name + " hasta el " + spanish_long_date(due_s),
            {{"status", {{"from", "en_almacen"}, {"to", "en_prestamo"}}}, {"due_on", due_s}}, std::nullopt, now);
  audit_.record(tx, actor, {"create", "asset_loan", std::to_string(id),
                            {{"asset_id", asset_id}, {"person_id", person_id}, {"due_on", due_s}}});
  json out = loan_json(*tx.query_one(std::string(kLoanSelect) + " WHERE l.id = $1", {id}), today);
  tx.commit();
  return out;
}

Result<json> AssetsService::return_loan(const auth::Actor& actor, int64_t id, const std::optional<std::string>& condition,
                                        const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  if (condition && !valid_condition(*condition))
    return Error::invalid("asset.condition_invalid", "El estado físico debe ser bueno, regular o malo", "condition");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto l = tx.query_one(std::string(kLoanSelect) + " WHERE l.id = $1", {id});
  if (!l) return Error::not_found("loan.not_found", "El préstamo no existe");
  if (!l->is_null(8)) return Error::conflict("loan.already_returned", "El préstamo ya fue devuelto");
  std::string now = to_iso(this->now());
  int64_t asset_id = l->i64(1);
  tx.execute("UPDATE asset_loans SET returned_at = $1, notes = CASE WHEN $2 = '' THEN notes ELSE notes || ' ' || $2 END "
             "WHERE id = $3",
             {now, trim(notes), id});
  tx.execute("UPDATE assets SET status = 'en_almacen', condition = COALESCE($1, condition), updated_at = $2 WHERE id = $3",
             {storage::opt(condition), now, asset_id});
  add_event(tx, asset_id, actor, "loan_return", "Devuelto del préstamo a " + l->str(4),
            {{"status", {{"from", "en_prestamo"}, {"to", "en_almacen"}}}}, std::nullopt, now);
  audit_.record(tx, actor, {"update", "asset_loan", std::to_string(id), {{"returned_at", {{"from", nullptr}, {"to", now}}}}});
  json out = loan_json(*tx.query_one(std::string(kLoanSelect) + " WHERE l.id = $1", {id}), local_iso_date(this->now()));
  tx.commit();
  return out;
}

JobReport AssetsService::run_jobs() {
  JobReport report;
  std::string today = local_iso_date(now());
  std::string tomorrow = format_date(std::chrono::sys_days(*parse_date(today)) + std::chrono::days(1));
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::string now_s = to_iso(now());
  auto queue = [&](const storage::Row& r, const std::string& kind, const std::string& subject, const std::string& body) {
    std::string to = r.str(5);
    if (to.empty()) return;
    tx.execute("INSERT INTO mail_outbox (ticket_id, kind, to_address, to_name, subject, body, message_id, created_at, "
               "next_try_at) VALUES (NULL, $1, $2, $3, $4, $5, $6, $7, $7)",
               {kind, to, r.str(4), subject, body, "<prestamo-" + std::to_string(r.i64(0)) + "." + random_token(9) + "@tequio.local>",
                now_s});
  };
  // id, asset_id, inventory_number, due_on, person name, person e-mail
  constexpr const char* kDue =
      "SELECT l.id, l.asset_id, a.inventory_number, l.due_on, p.full_name, COALESCE(p.email, '') FROM asset_loans l "
      "JOIN assets a ON a.id = l.asset_id JOIN people p ON p.id = l.person_id WHERE l.returned_at IS NULL ";
  for (auto& r : tx.query(std::string(kDue) + "AND l.reminded_before = 0 AND l.due_on = $1", {tomorrow})) {
    queue(r, "loan_reminder", "Recordatorio: devolución del bien " + r.str(2) + " mañana",
          "Estimado(a) " + r.str(4) + ":\n\nLe recordamos que el bien " + r.str(2) +
              " que recibió en préstamo de la Dirección de Sistemas de Información debe devolverse el " +
              spanish_long_date(r.str(3)) + ".\n\nGracias.\n" + config_.mail_from_name + "\n");
    tx.execute("UPDATE asset_loans SET reminded_before = 1 WHERE id = $1", {r.i64(0)});
    ++report.loan_reminders;
  }
  for (auto& r : tx.query(std::string(kDue) + "AND l.reminded_overdue = 0 AND l.due_on < $1", {today})) {
    queue(r, "loan_overdue", "Préstamo vencido: bien " + r.str(2),
          "Estimado(a) " + r.str(4) + ":\n\nEl préstamo del bien " + r.str(2) + " venció el " + spanish_long_date(r.str(3)) +
              ". Por favor devuélvalo a la Dirección de Sistemas de Información a la brevedad.\n\n" + config_.mail_from_name +
              "\n");
    tx.execute("UPDATE asset_loans SET reminded_overdue = 1 WHERE id = $1", {r.i64(0)});
    ++report.overdue_notices;
  }
  tx.commit();
  return report;
}

// ---- labels --------------------------------------------------------------------------------------

Result<json> AssetsService::label_formats(const auth::Actor& actor) {
  if (!actor.can(Permission::kAssetsWrite)) return Error::forbidden();
  json items = json::array();
  for (auto& f : assets::label_formats())
    items.push_back({{"code", f.code}, {"name", f.name}, {"page", f.page}, {"columns", f.columns}, {"rows", f.rows},
                     {"label_width", f.label_width}, {"label_height", f.label_height}});
  return json{{"items", items}};
}

Result<File> AssetsService::labels(const auth::Actor& actor, const std::string& format, int skip,
                                   const std::optional<std::vector<int64_t>>& asset_ids,
                                   const std::optional<AssetFilter>& filter) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  if (!asset_ids && !filter)
    return Error::invalid("label.assets_required", "Indique los bienes (asset_ids) o un filtro (filter)", "asset_ids");
  std::vector<int64_t> ids;
  if (asset_ids) {
    if (asset_ids->size() > 5000) return Error::invalid("label.too_many", "Máximo 5,000 etiquetas por archivo", "asset_ids");
    ids = *asset_ids;
  } else {
    auto page = list_assets(actor, *filter, {1, 5001});
    if (!page) return page.error();
    if (page->total > 5000) return Error::invalid("label.too_many", "El filtro abarca más de 5,000 bienes", "filter");
    for (auto& a : json::parse(page->items_json.empty() ? "[]" : page->items_json)) ids.push_back(a["id"].get<int64_t>());
  }
  std::vector<LabelItem> items;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kRead);
    std::string base = label_base_url(tx);
    for (int64_t id : ids) {
      auto r = tx.query_one("SELECT a.inventory_number, t.name, a.brand, a.model FROM assets a JOIN asset_types t ON "
                            "t.id = a.type_id WHERE a.id = $1",
                            {id});
      if (!r) return Error::invalid("asset.not_found", "El bien " + std::to_string(id) + " no existe", "asset_ids");
      std::string caption = r->str(1);
      std::string bm = trim(r->str(2) + " " + r->str(3));
      if (!bm.empty()) caption += " · " + bm;
      items.push_back({r->str(0), caption, base + "/activos/" + std::to_string(id)});
    }
  }
  auto pdf = render_labels_pdf(format, items, skip);
  if (!pdf) return pdf.error();
  return File{"etiquetas-" + local_iso_date(now()) + ".pdf", "application/pdf", std::move(*pdf)};
}

// ---- disposals -----------------------------------------------------------------------------------

namespace {

json disposal_json(storage::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT id, folio, status, reason, opinion_ref, requested_by_name, requested_at, decided_by_name, "
                        "decided_at, decision_notes FROM asset_disposals WHERE id = $1",
                        {id});
  if (!r) return nullptr;
  json assets = json::array();
  for (auto& a : tx.query("SELECT a.id, a.inventory_number, t.name, a.brand, a.model, a.status FROM asset_disposal_items i "
                          "JOIN assets a ON a.id = i.asset_id JOIN asset_types t ON t.id = a.type_id "
                          "WHERE i.disposal_id = $1 ORDER BY a.inventory_number",
                          {id}))
    assets.push_back({{"id", a.i64(0)}, {"inventory_number", a.str(1)}, {"type_name", a.str(2)}, {"brand", a.str(3)},
                      {"model", a.str(4)}, {"status", a.str(5)}});
  return {{"id", r->i64(0)},
          {"folio", r->str(1)},
          {"status", r->str(2)},
          {"reason", r->str(3)},
          {"opinion_ref", r->is_null(4) ? json(nullptr) : json(r->str(4))},
          {"requested_by_name", r->str(5)},
          {"requested_at", r->str(6)},
          {"decided_by_name", r->is_null(7) ? json(nullptr) : json(r->str(7))},
          {"decided_at", r->is_null(8) ? json(nullptr) : json(r->str(8))},
          {"decision_notes", r->str(9)},
          {"assets", assets}};
}

}  // namespace

Result<Page> AssetsService::list_disposals(const auth::Actor& actor, const std::optional<std::string>& status,
                                           const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  if (status && *status != "solicitada" && *status != "aprobada" && *status != "rechazada")
    return Error::invalid("disposal.status_invalid", "Estado: solicitada, aprobada o rechazada", "status");
  Where w;
  if (status) w.compare("status", *status);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  return page_of(tx, "SELECT id FROM asset_disposals" + w.sql + " ORDER BY id DESC", w.params, page,
                 [&](int64_t id) { return disposal_json(tx, id); });
}

Result<json> AssetsService::get_disposal(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  json d = disposal_json(tx, id);
  if (d.is_null()) return Error::not_found("disposal.not_found", "La solicitud de baja no existe");
  return d;
}

Result<json> AssetsService::request_disposal(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                             const std::string& reason, const std::optional<std::string>& opinion_ref) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  if (trim(reason).empty()) return Error::invalid("disposal.reason_required", "Indique el motivo de la baja", "reason");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto rows = load_assets_for_change(tx, asset_ids);
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    if (r.opt_i64(14))
      return Error::conflict("disposal.in_custody", r.str(1) + " está en resguardo; devuélvalo al almacén antes de darlo de baja",
                             "asset_ids");
    if (r.str(7) != "en_almacen" && r.str(7) != "en_reparacion")
      return Error::conflict("disposal.asset_not_available",
                             r.str(1) + " está «" + status_label(r.str(7)) + "» y no puede solicitarse su baja", "asset_ids");
  }
  std::string now = to_iso(this->now());
  int year = std::stoi(local_iso_date(this->now()).substr(0, 4));
  std::string folio_text = next_folio(tx, "BAJ", year);
  int64_t id = tx.query_one("INSERT INTO asset_disposals (folio, status, reason, opinion_ref, requested_by, "
                            "requested_by_name, requested_at) VALUES ($1, 'solicitada', $2, $3, $4, $5, $6) RETURNING id",
                            {folio_text, trim(reason), storage::opt(opinion_ref),
                             actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), actor_name(actor),
                             now})
                   ->i64(0);
  for (auto& r : *rows) {
    tx.execute("INSERT INTO asset_disposal_items (disposal_id, asset_id) VALUES ($1, $2)", {id, r.i64(0)});
    tx.execute("UPDATE assets SET status = 'baja_en_tramite', updated_at = $1 WHERE id = $2", {now, r.i64(0)});
    add_event(tx, r.i64(0), actor, "disposal", "Baja solicitada (" + folio_text + "): " + trim(reason),
              {{"status", {{"from", r.str(7)}, {"to", "baja_en_tramite"}}}}, std::nullopt, now);
  }
  json out = disposal_json(tx, id);
  audit_.record(tx, actor, {"create", "asset_disposal", std::to_string(id), audit::AuditService::created(out)});
  tx.commit();
  return out;
}

Result<json> AssetsService::decide_disposal(const auth::Actor& actor, int64_t id, bool approve, const std::string& notes,
                                            const std::optional<std::string>& opinion_ref) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  if (!approve && trim(notes).empty())
    return Error::invalid("disposal.notes_required", "Indique el motivo del rechazo", "notes");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  json before = disposal_json(tx, id);
  if (before.is_null()) return Error::not_found("disposal.not_found", "La solicitud de baja no existe");
  if (before["status"] != "solicitada") return Error::conflict("disposal.decided", "La solicitud ya fue resuelta");
  std::string now = to_iso(this->now());
  std::string status = approve ? "aprobada" : "rechazada";
  tx.execute("UPDATE asset_disposals SET status = $1, decided_by_name = $2, decided_at = $3, decision_notes = $4, "
             "opinion_ref = COALESCE($5, opinion_ref) WHERE id = $6",
             {status, actor_name(actor), now, trim(notes), storage::opt(opinion_ref), id});
  std::string to = approve ? "dado_de_baja" : "en_almacen";
  for (auto& a : before["assets"]) {
    int64_t aid = a["id"].get<int64_t>();
    tx.execute("UPDATE assets SET status = $1, updated_at = $2 WHERE id = $3", {to, now, aid});
    add_event(tx, aid, actor, "disposal",
              std::string(approve ? "Baja aprobada (" : "Baja rechazada (") + before["folio"].get<std::string>() + ")" +
                  (trim(notes).empty() ? "" : ": " + trim(notes)),
              {{"status", {{"from", "baja_en_tramite"}, {"to", to}}}}, std::nullopt, now);
  }
  json after = disposal_json(tx, id);
  audit_.record(tx, actor, {"update", "asset_disposal", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

}  // namespace tequio::assets
