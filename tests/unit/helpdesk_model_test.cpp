// src/helpdesk/model.h and the pure parts of src/helpdesk/internal.h: the priority matrix, the
// status machine for staff and requesters, catalog field specs and the values tickets carry,
// the full-text query builders, and what an uploaded file really is.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/text.h"
#include "expect_result.h"
#include "helpdesk/internal.h"
#include "helpdesk/model.h"

namespace tequio::helpdesk {
namespace {

using namespace std::string_literals;
using nlohmann::json;
using tequio::testing::describe;
using tequio::testing::FailsWith;
using tequio::testing::HasFieldError;
using tequio::testing::Succeeded;

// ---------------------------------------------------------------------------------------------
// Priority: impact + urgency 2 → 1 (crítica), 3 → 2 (alta), 4 → 3 (media), 5–6 → 4 (baja).

TEST(HelpdeskPriority, ImpactTimesUrgencyMatrix) {
  struct Case {
    int64_t impact, urgency, priority;
  };
  const Case cases[] = {
      {1, 1, 1}, {1, 2, 2}, {1, 3, 3},  //
      {2, 1, 2}, {2, 2, 3}, {2, 3, 4},  //
      {3, 1, 3}, {3, 2, 4}, {3, 3, 4},
  };
  for (const Case& c : cases)
    EXPECT_EQ(derive_priority(c.impact, c.urgency), c.priority) << "impact " << c.impact << ", urgency " << c.urgency;
}

// ---------------------------------------------------------------------------------------------
// Status machine (docs/api-helpdesk.md, "Allowed transitions").

using Moves = std::set<std::string>;

Moves moves(std::string_view from, Party party, bool window) {
  auto v = allowed_transitions(from, party, window);
  return Moves(v.begin(), v.end());
}

TEST(HelpdeskStatusMachine, StaffMovesFromEveryStatus) {
  struct Case {
    const char* from;
    Moves to;
  };
  const Case cases[] = {
      {"nuevo", {"en_proceso", "resuelto", "cancelado"}},
      {"asignado", {"en_proceso", "en_espera_solicitante", "en_espera_proveedor", "resuelto", "cancelado"}},
      {"en_proceso", {"en_espera_solicitante", "en_espera_proveedor", "resuelto", "cancelado"}},
      {"en_espera_solicitante", {"en_proceso", "resuelto", "cancelado"}},
      {"en_espera_proveedor", {"en_proceso", "resuelto", "cancelado"}},
      {"resuelto", {"cerrado", "en_proceso"}},
      {"cerrado", {}},
      {"cancelado", {}},
  };
  for (const Case& c : cases) {
    // Staff are not bound by the requester's reopen window.
    EXPECT_EQ(moves(c.from, Party::kStaff, true), c.to) << c.from;
    EXPECT_EQ(moves(c.from, Party::kStaff, false), c.to) << c.from;
    for (std::string_view to : kStatuses)
      EXPECT_EQ(transition_allowed(c.from, to, Party::kStaff, false), c.to.count(std::string(to)) == 1)
          << c.from << " → " << to;
  }
  EXPECT_EQ(kStatuses.size(), std::size(cases));  // every status has a row
}

TEST(HelpdeskStatusMachine, RequesterMayOnlyCancelConfirmAndReopenInTheWindow) {
  struct Case {
    const char* from;
    bool window;
    Moves to;
  };
  const Case cases[] = {
      {"nuevo", false, {"cancelado"}},
      {"nuevo", true, {"cancelado"}},
      {"asignado", true, {}},
      {"en_proceso", true, {}},
      {"en_espera_solicitante", true, {}},  // the requester answers with a reply, not a transition
      {"en_espera_proveedor", true, {}},
      {"resuelto", true, {"cerrado", "en_proceso"}},
      {"resuelto", false, {"cerrado"}},  // window closed: confirm only
      {"cerrado", true, {}},
      {"cancelado", true, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(moves(c.from, Party::kRequester, c.window), c.to) << c.from << " window=" << c.window;
    for (std::string_view to : kStatuses)
      EXPECT_EQ(transition_allowed(c.from, to, Party::kRequester, c.window), c.to.count(std::string(to)) == 1)
          << c.from << " → " << to << " window=" << c.window;
  }
}

TEST(HelpdeskStatusMachine, NobodyMovesToAsignadoByTransitionNorToAnUnknownStatus) {
  for (std::string_view from : kStatuses)
    for (Party p : {Party::kStaff, Party::kRequester}) {
      EXPECT_FALSE(transition_allowed(from, "asignado", p, true)) << from;
      EXPECT_FALSE(transition_allowed(from, "archivado", p, true)) << from;
      EXPECT_FALSE(transition_allowed(from, from, p, true)) << from << " → itself";
    }
  EXPECT_TRUE(moves("archivado", Party::kStaff, true).empty());
}

TEST(HelpdeskStatusMachine, StatusClasses) {
  struct Case {
    const char* status;
    bool final, open, waiting;
  };
  const Case cases[] = {
      {"nuevo", false, true, false},         {"asignado", false, true, false},
      {"en_proceso", false, true, false},    {"en_espera_solicitante", false, true, true},
      {"en_espera_proveedor", false, true, true}, {"resuelto", false, false, false},
      {"cerrado", true, false, false},       {"cancelado", true, false, false},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(valid_status(c.status)) << c.status;
    EXPECT_EQ(is_final(c.status), c.final) << c.status;
    EXPECT_EQ(is_open_status(c.status), c.open) << c.status;
    EXPECT_EQ(is_waiting(c.status), c.waiting) << c.status;
  }
  EXPECT_FALSE(valid_status("abierto"));
  EXPECT_FALSE(is_open_status("abierto"));
  EXPECT_FALSE(valid_channel("programado"));  // set by the system only
  EXPECT_EQ(ticket_number(42), "MS-42");
}

// ---------------------------------------------------------------------------------------------
// Catalog field specs.

TEST(HelpdeskFieldSpecs, ValidSpecsAreParsedWithTheirDefaults) {
  json fields = json::parse(R"([
    {"key":"nombre_completo","label":"  Nombre completo ","type":"text","required":true},
    {"key":"justificacion","label":"Justificación","type":"textarea"},
    {"key":"extension","label":"Extensión","type":"text","max_length":10},
    {"key":"perfil","label":"Perfil","type":"select","required":true,"options":[" Básico","Avanzado "]},
    {"key":"equipos","label":"Número de equipos","type":"number"},
    {"key":"fecha","label":"Fecha preferida","type":"date"},
    {"key":"correo","label":"Correo","type":"email"},
    {"key":"jefe","label":"Jefe que autoriza","type":"person"},
    {"key":"area","label":"Área","type":"area"},
    {"key":"en_linea","label":"¿En línea?","type":"boolean","required":false}
  ])");
  auto r = parse_field_specs(fields);
  ASSERT_TRUE(Succeeded(r));
  ASSERT_EQ(r->size(), 10u);
  const auto& s = *r;
  EXPECT_EQ(s[0].key, "nombre_completo");
  EXPECT_EQ(s[0].label, "Nombre completo");  // trimmed
  EXPECT_TRUE(s[0].required);
  EXPECT_EQ(s[0].max_length, 200);   // text default
  EXPECT_EQ(s[1].max_length, 4000);  // textarea default
  EXPECT_FALSE(s[1].required);
  EXPECT_EQ(s[2].max_length, 10);
  EXPECT_EQ(s[3].options, (std::vector<std::string>{"Básico", "Avanzado"}));  // trimmed
  EXPECT_EQ(s[9].type, "boolean");
  // And back to JSON the way the catalog stores it.
  json back = field_specs_json(s);
  EXPECT_EQ(back[3]["options"], json::array({"Básico", "Avanzado"}));
  EXPECT_FALSE(back[4].contains("options"));
  EXPECT_EQ(back[2]["max_length"], 10);
  EXPECT_TRUE(Succeeded(parse_field_specs(back)));
  EXPECT_TRUE(Succeeded(parse_field_specs(json::array())));
}

TEST(HelpdeskFieldSpecs, EachMistakeNamesItsFieldPath) {
  const json ok = {{"key", "software"}, {"label", "Software"}, {"type", "text"}};
  auto with = [&](json patch) {
    json f = ok;
    for (auto& [k, v] : patch.items()) {
      if (v.is_null()) f.erase(k);
      else f[k] = v;
    }
    return json::array({ok, f});  // the bad one is always the second: fields[1]
  };
  json fifty_one = json::array();
  for (int i = 0; i < 51; ++i) fifty_one.push_back("opción " + std::to_string(i));
  struct Case {
    const char* what;
    json fields;
    const char* path;
    const char* code;
  };
  const Case cases[] = {
      {"not an object", json::array({ok, "software"}), "fields[1]", "category.field_invalid"},
      {"key missing", with({{"key", nullptr}}), "fields[1].key", "category.field_key_invalid"},
      {"key upper case", with({{"key", "Software"}}), "fields[1].key", "category.field_key_invalid"},
      {"key starts with a digit", with({{"key", "1er_nombre"}}), "fields[1].key", "category.field_key_invalid"},
      {"key with a dash", with({{"key", "nombre-completo"}}), "fields[1].key", "category.field_key_invalid"},
      {"key of 41 characters", with({{"key", std::string(41, 'a')}}), "fields[1].key", "category.field_key_invalid"},
      {"key not a string", with({{"key", 7}}), "fields[1].key", "category.field_key_invalid"},
      {"key repeated", with({{"label", "Otro"}}), "fields[1].key", "category.field_key_duplicate"},
      {"label missing", with({{"key", "otro"}, {"label", nullptr}}), "fields[1].label", "category.field_label_invalid"},
      {"label blank", with({{"key", "otro"}, {"label", "   "}}), "fields[1].label", "category.field_label_invalid"},
      {"label of 121 characters", with({{"key", "otro"}, {"label", std::string(121, 'x')}}), "fields[1].label",
       "category.field_label_invalid"},
      {"type unknown", with({{"key", "otro"}, {"type", "color"}}), "fields[1].type", "category.field_type_invalid"},
      {"type missing", with({{"key", "otro"}, {"type", nullptr}}), "fields[1].type", "category.field_type_invalid"},
      {"required not boolean", with({{"key", "otro"}, {"required", "sí"}}), "fields[1].required", "type"},
      {"max_length zero", with({{"key", "otro"}, {"max_length", 0}}), "fields[1].max_length",
       "category.field_max_length_invalid"},
      {"max_length 4001", with({{"key", "otro"}, {"max_length", 4001}}), "fields[1].max_length",
       "category.field_max_length_invalid"},
      {"max_length as text", with({{"key", "otro"}, {"max_length", "10"}}), "fields[1].max_length",
       "category.field_max_length_invalid"},
      {"select without options", with({{"key", "otro"}, {"type", "select"}}), "fields[1].options",
       "category.field_options_invalid"},
      {"select with no options", with({{"key", "otro"}, {"type", "select"}, {"options", json::array()}}),
       "fields[1].options", "category.field_options_invalid"},
      {"select with a blank option", with({{"key", "otro"}, {"type", "select"}, {"options", {"Sí", " "}}}),
       "fields[1].options", "category.field_options_invalid"},
      {"select with a repeated option", with({{"key", "otro"}, {"type", "select"}, {"options", {"Sí", " Sí"}}}),
       "fields[1].options", "category.field_options_invalid"},
      {"select with a number option", with({{"key", "otro"}, {"type", "select"}, {"options", {"Sí", 2}}}),
       "fields[1].options", "category.field_options_invalid"},
      {"select with 51 options", with({{"key", "otro"}, {"type", "select"}, {"options", fifty_one}}),
       "fields[1].options", "category.field_options_invalid"},
      {"options on a text field", with({{"key", "otro"}, {"options", {"a"}}}), "fields[1].options",
       "category.field_options_unexpected"},
      {"unknown member", with({{"key", "otro"}, {"placeholder", "Escriba…"}}), "fields[1].placeholder",
       "unknown_field"},
  };
  for (const Case& c : cases) {
    auto r = parse_field_specs(c.fields);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid) << c.what;
    EXPECT_TRUE(HasFieldError(r.error(), c.path, c.code)) << c.what;
    for (const auto& f : r.error().fields) EXPECT_NE(f.field.rfind("fields[0]", 0), 0u) << c.what << ": " << f.field;
  }
}

TEST(HelpdeskFieldSpecs, TheListItselfMustBeAListOfAtMostThirty) {
  auto not_list = parse_field_specs(json::object());
  ASSERT_TRUE(FailsWith(not_list, ErrorKind::kInvalid, "category.fields_invalid"));
  EXPECT_EQ(not_list.error().fields.empty() ? std::string() : not_list.error().fields[0].field, "fields")
      << describe(not_list.error());
  json many = json::array();
  for (int i = 0; i < 31; ++i) many.push_back({{"key", "k" + std::to_string(i)}, {"label", "K"}, {"type", "text"}});
  EXPECT_TRUE(FailsWith(parse_field_specs(many), ErrorKind::kInvalid, "category.fields_too_many"));
  many.erase(many.end() - 1);
  EXPECT_TRUE(Succeeded(parse_field_specs(many)));
}

// ---------------------------------------------------------------------------------------------
// Values a ticket carries for its category's fields.

std::vector<FieldSpec> alta_de_cuenta() {
  auto specs = parse_field_specs(json::parse(R"([
    {"key":"nombre","label":"Nombre completo","type":"text","required":true,"max_length":20},
    {"key":"notas","label":"Notas","type":"textarea"},
    {"key":"perfil","label":"Perfil","type":"select","required":true,"options":["Básico","Avanzado"]},
    {"key":"correo","label":"Correo personal","type":"email"},
    {"key":"inicio","label":"Fecha de ingreso","type":"date"},
    {"key":"equipos","label":"Número de equipos","type":"number"},
    {"key":"en_linea","label":"¿En línea?","type":"boolean"},
    {"key":"jefe","label":"Jefe que autoriza","type":"person"},
    {"key":"area","label":"Área","type":"area"}
  ])"));
  return *specs;
}

TEST(HelpdeskFieldValues, GoodValuesAreNormalized) {
  json values = {{"nombre", "  Itzel Hernández "}, {"notas", "   "},  {"perfil", " Básico "},
                 {"correo", "itzel.hc@gmail.com"},      {"inicio", "2026-11-30"}, {"equipos", 2},
                 {"en_linea", false},                   {"jefe", 17},       {"area", 3}};
  auto r = validate_field_values(alta_de_cuenta(), values);
  ASSERT_TRUE(Succeeded(r));
  json expected = {{"nombre", "Itzel Hernández"}, {"perfil", "Básico"}, {"correo", "itzel.hc@gmail.com"},
                   {"inicio", "2026-11-30"},           {"equipos", 2},       {"en_linea", false},
                   {"jefe", 17},                       {"area", 3}};
  EXPECT_EQ(*r, expected);  // trimmed, the blank optional "notas" dropped
  auto minimal = validate_field_values(alta_de_cuenta(), {{"nombre", "Ana"}, {"perfil", "Avanzado"}, {"equipos", 2.5}});
  ASSERT_TRUE(Succeeded(minimal));
  EXPECT_EQ((*minimal)["equipos"], 2.5);
  EXPECT_EQ(minimal->size(), 3u);
}

TEST(HelpdeskFieldValues, EachBadValueNamesItsField) {
  const json base = {{"nombre", "Ana López"}, {"perfil", "Básico"}};
  struct Case {
    const char* what;
    json patch;  // null removes the member
    const char* field;
    const char* code;
  };
  const Case cases[] = {
      {"required missing", {{"nombre", nullptr}}, "fields.nombre", "ticket.field_required"},
      {"required blank", {{"nombre", "   "}}, "fields.nombre", "ticket.field_required"},
      {"required select missing", {{"perfil", nullptr}}, "fields.perfil", "ticket.field_required"},
      {"text too long", {{"nombre", std::string(21, 'a')}}, "fields.nombre", "too_long"},
      {"text as a number", {{"nombre", 5}}, "fields.nombre", "type"},
      {"option not offered", {{"perfil", "Administrador"}}, "fields.perfil", "ticket.field_option_invalid"},
      {"option with another case", {{"perfil", "básico"}}, "fields.perfil", "ticket.field_option_invalid"},
      {"e-mail without @", {{"correo", "itzel.gmail.com"}}, "fields.correo", "ticket.field_email_invalid"},
      {"e-mail with a space", {{"correo", "itzel hc@gmail.com"}}, "fields.correo", "ticket.field_email_invalid"},
      {"date in Mexican order", {{"inicio", "30/11/2026"}}, "fields.inicio", "ticket.field_date_invalid"},
      {"date that does not exist", {{"inicio", "2026-02-30"}}, "fields.inicio", "ticket.field_date_invalid"},
      {"number as text", {{"equipos", "2"}}, "fields.equipos", "type"},
      {"boolean as text", {{"en_linea", "sí"}}, "fields.en_linea", "type"},
      {"boolean as a number", {{"en_linea", 1}}, "fields.en_linea", "type"},
      {"person id as text", {{"jefe", "17"}}, "fields.jefe", "type"},
      {"person id zero", {{"jefe", 0}}, "fields.jefe", "type"},
      {"person id negative", {{"jefe", -3}}, "fields.jefe", "type"},
      {"area id fractional", {{"area", 2.5}}, "fields.area", "type"},
      {"unknown key", {{"color", "azul"}}, "fields.color", "unknown_field"},
  };
  for (const Case& c : cases) {
    json values = base;
    for (auto& [k, v] : c.patch.items()) {
      if (v.is_null()) values.erase(k);
      else values[k] = v;
    }
    auto r = validate_field_values(alta_de_cuenta(), values);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalid) << c.what;
    EXPECT_TRUE(HasFieldError(r.error(), c.field, c.code)) << c.what;
    EXPECT_EQ(r.error().fields.size(), 1u) << c.what << ": " << describe(r.error());
  }
  // Every mistake at once is reported at once.
  auto all = validate_field_values(alta_de_cuenta(), {{"perfil", "Otro"}, {"correo", "x"}, {"zzz", 1}});
  ASSERT_FALSE(all);
  EXPECT_TRUE(HasFieldError(all.error(), "fields.nombre", "ticket.field_required"));
  EXPECT_TRUE(HasFieldError(all.error(), "fields.perfil", "ticket.field_option_invalid"));
  EXPECT_TRUE(HasFieldError(all.error(), "fields.correo", "ticket.field_email_invalid"));
  EXPECT_TRUE(HasFieldError(all.error(), "fields.zzz", "unknown_field"));
  // The values must be an object.
  EXPECT_TRUE(FailsWith(validate_field_values(alta_de_cuenta(), json::array()), ErrorKind::kInvalid,
                        "ticket.fields_invalid"));
}

TEST(HelpdeskFieldValues, TextLimitIsExactAfterTrimming) {
  auto specs = alta_de_cuenta();
  EXPECT_TRUE(Succeeded(validate_field_values(specs, {{"nombre", std::string(20, 'a')}, {"perfil", "Básico"}})));
  EXPECT_TRUE(Succeeded(validate_field_values(specs, {{"nombre", "  " + std::string(20, 'a') + "  "}, {"perfil", "Básico"}})));
  EXPECT_FALSE(validate_field_values(specs, {{"nombre", std::string(21, 'a')}, {"perfil", "Básico"}}));
}

// max_length is a number of characters ("máximo N caracteres", as everywhere else in the API,
// core/json_input.cpp counts code points): an accented name is not longer than its letters.
TEST(HelpdeskFieldValues, TextLimitCountsCharactersNotBytes) {
  auto specs = *parse_field_specs(json::parse(R"([{"key":"apellidos","label":"Apellidos","type":"text","max_length":12}])"));
  std::string name = "Núñez Ibáñez";  // 12 characters, 16 bytes in UTF-8
  ASSERT_EQ(utf8_length(name), 12u);
  auto r = validate_field_values(specs, {{"apellidos", name}});
  EXPECT_TRUE(Succeeded(r));
  EXPECT_FALSE(validate_field_values(specs, {{"apellidos", name + "s"}}));
}

// ---------------------------------------------------------------------------------------------
// Full-text queries: whatever people type, the result is a well-formed query of plain folded
// words, or nothing.

TEST(HelpdeskSearchQuery, WordsAreFoldedAndMatchedAsPrefixes) {
  struct Case {
    const char* text;
    const char* fts5;
    const char* tsquery;
  };
  const Case cases[] = {
      {"impresora", R"("impresora"*)", "impresora:*"},
      {"Impresión FALLA", R"("impresion"* AND "falla"*)", "impresion:* & falla:*"},
      {"  Núñez   Peña ", R"("nunez"* AND "pena"*)", "nunez:* & pena:*"},
      {"José María Güemes", R"("jose"* AND "maria"* AND "guemes"*)", "jose:* & maria:* & guemes:*"},
      {"OAX-CPU-0412", R"("oax"* AND "cpu"* AND "0412"*)", "oax:* & cpu:* & 0412:*"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(fts5_query(c.text).value_or("<none>"), c.fts5) << c.text;
    EXPECT_EQ(tsquery_text(c.text).value_or("<none>"), c.tsquery) << c.text;
  }
}

TEST(HelpdeskSearchQuery, OperatorsAndQuotesBecomePlainWords) {
  struct Case {
    const char* text;
    const char* fts5;
    const char* tsquery;
  };
  const Case cases[] = {
      {R"(impresora" OR "red)", R"("impresora"* AND "or"* AND "red"*)", "impresora:* & or:* & red:*"},
      {"NOT red", R"("not"* AND "red"*)", "not:* & red:*"},
      {"red*", R"("red"*)", "red:*"},
      {"title:red", R"("title"* AND "red"*)", "title:* & red:*"},
      {"-red +falla", R"("red"* AND "falla"*)", "red:* & falla:*"},
      {"NEAR(red falla)", R"("near"* AND "red"* AND "falla"*)", "near:* & red:* & falla:*"},
      {"^red", R"("red"*)", "red:*"},
      {"red & !falla | (x)", R"("red"* AND "falla"* AND "x"*)", "red:* & falla:* & x:*"},
      {"red <-> falla", R"("red"* AND "falla"*)", "red:* & falla:*"},
      {"o'brien", R"("o"* AND "brien"*)", "o:* & brien:*"},
      {"red\\", R"("red"*)", "red:*"},
      {"red; DROP TABLE helpdesk_tickets;--", R"("red"* AND "drop"* AND "table"* AND "helpdesk"* AND "tickets"*)",
       "red:* & drop:* & table:* & helpdesk:* & tickets:*"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(fts5_query(c.text).value_or("<none>"), c.fts5) << c.text;
    EXPECT_EQ(tsquery_text(c.text).value_or("<none>"), c.tsquery) << c.text;
  }
}

TEST(HelpdeskSearchQuery, TextWithoutWordsGivesNoQuery) {
  for (const char* text : {"", "   ", "\t\n", "!!!", "\"\"", "* * *", "()", "-- ; --", "&|!:*'"}) {
    EXPECT_FALSE(fts5_query(text).has_value()) << "«" << text << "»";
    EXPECT_FALSE(tsquery_text(text).has_value()) << "«" << text << "»";
  }
}

// Spanish punctuation outside ASCII (¿ ¡ « » — – …) is not a word either. As a word it turns
// into an empty FTS5 phrase, which matches nothing: "red – edificio B" finds no ticket on SQLite.
TEST(HelpdeskSearchQuery, SpanishPunctuationIsNotAWord) {
  for (const char* text : {"¿?", "¡!", "«»", "—", "…", "– –"}) {
    EXPECT_FALSE(fts5_query(text).has_value()) << "«" << text << "» gave " << fts5_query(text).value_or("");
    EXPECT_FALSE(tsquery_text(text).has_value()) << "«" << text << "» gave " << tsquery_text(text).value_or("");
  }
  EXPECT_EQ(fts5_query("red – edificio").value_or("<none>"), R"("red"* AND "edificio"*)");
  EXPECT_EQ(fts5_query("¿impresora?").value_or("<none>"), R"("impresora"*)");
  EXPECT_EQ(tsquery_text("¿impresora?").value_or("<none>"), "impresora:*");
  EXPECT_EQ(fts5_query("«sin red» — urgente").value_or("<none>"), R"("sin"* AND "red"* AND "urgente"*)");
  EXPECT_EQ(tsquery_text("¡Urgente! … sin red").value_or("<none>"), "urgente:* & sin:* & red:*");
}

TEST(HelpdeskSearchQuery, AtMostTwelveWordsOfFortyBytes) {
  std::string text;
  for (int i = 1; i <= 15; ++i) text += "w" + std::to_string(i) + " ";
  auto q = tsquery_text(text);
  ASSERT_TRUE(q);
  EXPECT_NE(q->find("w12:*"), std::string::npos);
  EXPECT_EQ(q->find("w13"), std::string::npos);
  auto long_word = tsquery_text(std::string(60, 'a'));
  EXPECT_EQ(long_word.value_or(""), std::string(40, 'a') + ":*");
}

// Whatever the input, the query handed to the database is valid UTF-8 (PostgreSQL rejects the
// whole statement otherwise): cutting a long word must not split a character.
TEST(HelpdeskSearchQuery, QueriesAreAlwaysValidUtf8) {
  const std::string inputs[] = {
      std::string(39, 'a') + "€uro",    // the cut at 40 bytes falls inside "€"
      std::string(39, 'b') + "¿qué?",  // and inside "¿"
      "añoñuevo" + std::string(40, 'n'),
      "🙂 impresora",
  };
  for (const std::string& in : inputs) {
    auto f = fts5_query(in);
    auto t = tsquery_text(in);
    EXPECT_TRUE(!f || valid_utf8(*f)) << in;
    EXPECT_TRUE(!t || valid_utf8(*t)) << in;
  }
}

// ---------------------------------------------------------------------------------------------
// What an uploaded file really is, by its bytes, and whether its name agrees.

const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"s;
const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;
const std::string kJpeg = "\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
const std::string kGif = "GIF89a\x01\0\x01\0\x80\0\0\xFF\xFF\xFF\0\0\0!\xF9\x04"s;
const std::string kWebp = "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0"s;
const std::string kText = "Equipo: OAX-CPU-0412\r\nFalla: se reinicia cada media hora.\n\tRevisó: José Núñez\n"s;
const std::string kCsv = "inventario,ubicación\nOAX-CPU-0412,Caja 3\n"s;
const std::string kZipHeader = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0"s;
const std::string kDocx = kZipHeader + "\0\0\0\0\x13\0[Content_Types].xml<Types/>"s + "PK\x03\x04\x14\0"s +
                          "word/document.xml<w:document/>";
const std::string kXlsx = kZipHeader + "\0\0\0\0\x13\0[Content_Types].xml<Types/>"s + "PK\x03\x04\x14\0"s +
                          "xl/workbook.xml<workbook/>";
const std::string kPptx = kZipHeader + "[Content_Types].xml<Types/>PK\x03\x04ppt/presentation.xml"s;
const std::string kOdt = "PK\x03\x04\x14\0\0\x08\0\0"s + "mimetypeapplication/vnd.oasis.opendocument.text";
const std::string kOds = "PK\x03\x04\x14\0\0\x08\0\0"s + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
const std::string kPlainZip = kZipHeader + "notas.txt hola";
const std::string kGarbage = "\0\x01\x02\x03\xFE\xFF\x80\x81"s;
const std::string kElf = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"s;
const std::string kExe = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF"s;

TEST(HelpdeskAttachmentType, ContentDecidesTheType) {
  using detail::sniff_media_type;
  struct Case {
    const char* what;
    std::string content;
    std::optional<std::string> type;
  };
  const Case cases[] = {
      {"pdf", kPdf, "application/pdf"},
      {"png", kPng, "image/png"},
      {"jpeg", kJpeg, "image/jpeg"},
      {"gif", kGif, "image/gif"},
      {"gif87a", "GIF87a\x01\0\x01\0"s, "image/gif"},
      {"webp", kWebp, "image/webp"},
      {"text", kText, "text/plain"},
      {"csv", kCsv, "text/plain"},
      {"docx", kDocx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", kXlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", kPptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"odt", kOdt, "application/vnd.oasis.opendocument.text"},
      {"ods", kOds, "application/vnd.oasis.opendocument.spreadsheet"},
      {"any other zip", kPlainZip, std::nullopt},
      {"binary garbage", kGarbage, std::nullopt},
      {"ELF executable", kElf, std::nullopt},
      {"Windows executable", kExe, std::nullopt},
      {"text with a NUL byte", "hola\0mundo"s, std::nullopt},
      {"RIFF that is not WebP", "RIFF\x24\0\0\0WAVEfmt "s, std::nullopt},
      {"empty", "", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(sniff_media_type(c.content), c.type) << c.what;
}

TEST(HelpdeskAttachmentType, NameMustAgreeWithContent) {
  using detail::extension_matches;
  using detail::sniff_media_type;
  struct Case {
    const char* filename;
    std::string content;
    bool accepted;
  };
  const Case cases[] = {
      {"oficio.pdf", kPdf, true},
      {"OFICIO.PDF", kPdf, true},
      {"captura.png", kPng, true},
      {"foto.jpg", kJpeg, true},
      {"foto.JPEG", kJpeg, true},
      {"animacion.gif", kGif, true},
      {"imagen.webp", kWebp, true},
      {"bitacora.txt", kText, true},
      {"bienes.csv", kCsv, true},
      {"servidor.log", kText, true},
      {"requerimiento.docx", kDocx, true},
      {"inventario.xlsx", kXlsx, true},
      {"minuta.odt", kOdt, true},
      {"foto.png", kText, false},         // a text disguised as an image
      {"oficio.pdf", kPng, false},        // an image named as a PDF
      {"oficio.pdf.exe", kPdf, false},    // the last extension counts
      {"inventario.docx", kXlsx, false},  // a spreadsheet named as a document
      {"pagina.html", "<html><script>alert(1)</script></html>", false},
      {"dibujo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", false},
      {"LEEME", kText, false},  // no extension
      {"oficio.", kPdf, false},
  };
  for (const Case& c : cases) {
    auto type = sniff_media_type(c.content);
    bool accepted = type && extension_matches(c.filename, *type);
    EXPECT_EQ(accepted, c.accepted) << c.filename << " (" << type.value_or("no type") << ")";
  }
  EXPECT_FALSE(extension_matches("programa.exe", "application/x-msdownload"));  // not an accepted type
}

}  // namespace
}  // namespace tequio::helpdesk
