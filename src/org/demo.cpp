#include "org/demo.h"

#include <map>
#include <random>

#include "core/embedded.h"
#include "core/text.h"

namespace tequio::org {

using nlohmann::json;

namespace {

std::string generated_people_csv(int n, const std::vector<std::string>& area_codes) {
  static const char* kGiven[] = {"María", "José", "Juan", "Guadalupe", "Luis", "Ana", "Carlos", "Rosa", "Miguel",
                                 "Leticia", "Jorge", "Verónica", "Alejandro", "Patricia", "Fernando", "Silvia",
                                 "Ricardo", "Adriana", "Raúl", "Gabriela", "Eduardo", "Norma", "Sergio", "Elena"};
  static const char* kSurname[] = {"Hernández", "García", "Martínez", "López", "Pérez", "Sánchez", "Ramírez", "Cruz",
                                   "Gómez", "Vásquez", "Jiménez", "Reyes", "Santiago", "Mendoza", "Ruiz", "Díaz",
                                   "Morales", "Ortiz", "Castillo", "Aquino", "Bautista", "Matías", "Zárate", "Toledo"};
  std::mt19937 rng(20261125);  // deterministic: benchmarks see the same data every run
  std::string csv = "full_name,area_code,job_title,email,extension\n";
  for (int i = 0; i < n; ++i) {
    std::string given = kGiven[rng() % std::size(kGiven)];
    std::string s1 = kSurname[rng() % std::size(kSurname)], s2 = kSurname[rng() % std::size(kSurname)];
    std::string email = fold_for_search(given) + "." + fold_for_search(s1) + "." + std::to_string(i + 1) + "@oaxaca.example";
    csv += given + " " + s1 + " " + s2 + "," + area_codes[rng() % area_codes.size()] + ",Auxiliar administrativo," +
           email + "," + std::to_string(10000 + i) + "\n";
  }
  return csv;
}

}  // namespace

Result<DemoReport> load_demo(storage::Pool& pool, OrgService& org, auth::AuthService& auth, int extra_people) {
  DemoReport report;
  auto text = embedded_file("data/demo/demo.json");
  if (!text) return Error::not_found("demo.missing", "El binario no incluye los datos de demostración");
  json data = json::parse(*text);
  {
    auto conn = pool.acquire();
    if (conn->query_one("SELECT 1 FROM areas LIMIT 1")) {
      report.skipped = true;
      return report;
    }
  }
  auth::Actor actor = auth::system_actor();
  std::map<std::string, int64_t> area_ids, position_ids, person_ids;
  std::vector<std::string> area_codes;
  for (const auto& a : data.at("areas")) {
    AreaInput in;
    in.name = a.at("name").get<std::string>();
    in.kind = a.at("kind").get<std::string>();
    in.code = std::optional<std::string>(a.at("code").get<std::string>());
    if (!a.at("parent_code").is_null())
      in.parent_id = std::optional<int64_t>(area_ids.at(a.at("parent_code").get<std::string>()));
    auto r = org.create_area(actor, in);
    if (!r) return r.error();
    area_ids[*in.code ? **in.code : ""] = (*r)["id"].get<int64_t>();
    area_codes.push_back(**in.code);
    ++report.areas;
  }
  for (const auto& p : data.at("positions")) {
    PositionInput in;
    in.title = p.at("title").get<std::string>();
    in.objective = p.at("objective").get<std::string>();
    in.decision_field = p.at("decision_field").get<std::string>();
    in.functions = p.at("functions").get<std::vector<std::string>>();
    in.area_id = area_ids.at(p.at("area_code").get<std::string>());
    if (!p.at("superior_key").is_null())
      in.superior_position_id = std::optional<int64_t>(position_ids.at(p.at("superior_key").get<std::string>()));
    auto r = org.create_position(actor, in);
    if (!r) return r.error();
    position_ids[p.at("key").get<std::string>()] = (*r)["id"].get<int64_t>();
    ++report.positions;
  }
  for (const auto& p : data.at("people")) {
    PersonInput in;
    in.full_name = p.at("full_name").get<std::string>();
    in.area_id = area_ids.at(p.at("area_code").get<std::string>());
    in.job_title = p.value("job_title", "");
    if (!p.at("position_key").is_null())
      in.position_id = std::optional<int64_t>(position_ids.at(p.at("position_key").get<std::string>()));
    in.email = std::optional<std::string>(p.at("email").get<std::string>());
    in.extension = std::optional<std::string>(p.at("extension").get<std::string>());
    auto r = org.create_person(actor, in);
    if (!r) return r.error();
    person_ids[p.at("email").get<std::string>()] = (*r)["id"].get<int64_t>();
    ++report.people;
  }
  for (const auto& u : data.at("users")) {
    auth::NewUser in;
    in.username = u.at("username").get<std::string>();
    in.display_name = u.at("display_name").get<std::string>();
    in.role = u.at("role").get<std::string>();
    in.password = u.at("password").get<std::string>();
    if (!u.at("area_code").is_null()) in.area_id = area_ids.at(u.at("area_code").get<std::string>());
    if (!u.at("person_email").is_null()) {
      std::string email = u.at("person_email").get<std::string>();
      in.person_id = person_ids.at(email);
      in.email = email;
    }
    auto r = auth.create_user(actor, in);
    if (!r) return r.error();
    ++report.users;
  }
  if (extra_people > 0) {
    auto r = org.import_people(actor, generated_people_csv(extra_people, area_codes), false);
    if (!r) return r.error();
    if (!(*r)["written"].get<bool>())
      return Error::invalid("demo.generated_rejected", "Las personas generadas fueron rechazadas: " + r->dump());
    report.generated_people = (*r)["accepted"].get<int>();
  }
  return report;
}

}  // namespace tequio::org
