#include "assets/demo.h"

#include <map>

#include "assets/internal.h"
#include "helpdesk/internal.h"

namespace tequio::assets {

using nlohmann::json;

namespace {

struct DemoType {
  const char* code;
  const char* name;
  const char* fields;
};

const DemoType kTypes[] = {
    {"CPU", "Computadora de escritorio",
     R"J([{"key":"procesador","label":"Procesador","type":"text"},{"key":"ram_gb","label":"Memoria RAM (GB)","type":"number"},
        {"key":"disco_gb","label":"Disco (GB)","type":"number"},
        {"key":"sistema_operativo","label":"Sistema operativo","type":"select","options":["Windows 10","Windows 11","Ubuntu 22.04","Otro"]}])J"},
    {"LAP", "Laptop",
     R"J([{"key":"procesador","label":"Procesador","type":"text"},{"key":"ram_gb","label":"Memoria RAM (GB)","type":"number"},
        {"key":"sistema_operativo","label":"Sistema operativo","type":"select","options":["Windows 10","Windows 11","Ubuntu 22.04","Otro"]}])J"},
    {"MON", "Monitor", R"J([{"key":"pulgadas","label":"Tamaño (pulgadas)","type":"number"}])J"},
    {"IMP", "Impresora / multifuncional",
     R"J([{"key":"tecnologia","label":"Tecnología","type":"select","options":["Láser","Inyección de tinta","Térmica"]},
        {"key":"color","label":"Color","type":"select","options":["Monocromática","Color"]}])J"},
    {"ESC", "Escáner", "[]"},
    {"UPS", "No-break / UPS", R"J([{"key":"va","label":"Capacidad (VA)","type":"number"}])J"},
    {"SRV", "Servidor",
     R"J([{"key":"procesador","label":"Procesador","type":"text"},{"key":"ram_gb","label":"Memoria RAM (GB)","type":"number"},
        {"key":"rack_u","label":"Unidades de rack","type":"number"}])J"},
    {"SW", "Switch", R"J([{"key":"puertos","label":"Puertos","type":"number"},{"key":"administrable","label":"Administrable","type":"select","options":["Sí","No"]}])J"},
    {"RTR", "Router", "[]"},
    {"FW", "Firewall", R"J([{"key":"licencia_hasta","label":"Licencia vigente hasta","type":"date"}])J"},
    {"AP", "Punto de acceso", "[]"},
    {"TEL", "Teléfono IP", R"J([{"key":"extension","label":"Extensión","type":"text"}])J"},
    {"PRY", "Proyector", "[]"},
    {"TAB", "Tableta", "[]"},
    {"NAS", "Almacenamiento en red", R"J([{"key":"capacidad_tb","label":"Capacidad (TB)","type":"number"}])J"},
    {"OTR", "Otro", "[]"},
};

struct Model {
  const char* type;
  const char* brand;
  const char* model;
  const char* specs;
  int64_t cost_cents;
  const char* fields;
};

const Model kDesktop{"CPU", "Dell", "OptiPlex 7090", "Intel Core i5-10505, 16 GB RAM, SSD 512 GB", 1689900,
                     R"J({"procesador":"Intel Core i5-10505","ram_gb":16,"disco_gb":512,"sistema_operativo":"Windows 11"})J"};
const Model kDesktopHp{"CPU", "HP", "ProDesk 400 G7", "Intel Core i5-10500, 8 GB RAM, SSD 256 GB", 1459000,
                       R"J({"procesador":"Intel Core i5-10500","ram_gb":8,"disco_gb":256,"sistema_operativo":"Windows 10"})J"};
const Model kMonitor{"MON", "Dell", "P2222H", "Monitor LED 21.5\"", 349900, R"J({"pulgadas":21.5})J"};
const Model kLaptop{"LAP", "Lenovo", "ThinkPad E14 Gen 4", "AMD Ryzen 5 5625U, 16 GB RAM, SSD 512 GB", 1899000,
                    R"J({"procesador":"AMD Ryzen 5 5625U","ram_gb":16,"sistema_operativo":"Windows 11"})J"};
const Model kPrinter{"IMP", "HP", "LaserJet Pro M404dn", "Impresora láser monocromática, dúplex, red", 589000,
                     R"J({"tecnologia":"Láser","color":"Monocromática"})J"};
const Model kMfp{"IMP", "Epson", "EcoTank L6270", "Multifuncional de tinta continua, Wi-Fi", 659000,
                 R"J({"tecnologia":"Inyección de tinta","color":"Color"})J"};
const Model kUps{"UPS", "APC", "Back-UPS BX1500M", "No-break 1500 VA, 8 contactos", 389000, R"J({"va":1500})J"};
const Model kSwitch{"SW", "Cisco", "Catalyst 2960-X 48", "48 puertos Gigabit PoE+, 4 SFP", 6350000,
                    R"J({"puertos":48,"administrable":"Sí"})J"};
const Model kServer{"SRV", "Dell", "PowerEdge R740", "2× Xeon Silver 4214, 128 GB RAM, 8× SAS 1.2 TB", 24500000,
                    R"J({"procesador":"2× Intel Xeon Silver 4214","ram_gb":128,"rack_u":2})J"};
const Model kAp{"AP", "Ubiquiti", "UniFi U6 Pro", "Punto de acceso Wi-Fi 6", 389000, "{}"};
const Model kFirewall{"FW", "Fortinet", "FortiGate 100F", "Firewall de nueva generación", 9800000,
                      R"J({"licencia_hasta":"2027-06-30"})J"};
const Model kNas{"NAS", "Synology", "DS1621+", "NAS de 6 bahías, 6× 8 TB", 5600000, R"J({"capacidad_tb":48})J"};
const Model kProjector{"PRY", "Epson", "PowerLite E20", "Proyector 3LCD 3400 lúmenes", 1099000, "{}"};
const Model kPhone{"TEL", "Yealink", "SIP-T31P", "Teléfono IP de 2 líneas, PoE", 129000, "{}"};

std::optional<auth::Actor> actor_for(storage::Connection& c, const std::string& username) {
  auto a = helpdesk::detail::actor_by_username(c, username);
  if (a) a->ip = "demo";
  return a;
}

}  // namespace

Result<DemoReport> load_demo(storage::Pool& pool, AssetsService& service) {
  DemoReport report;
  auth::Actor sys = auth::system_actor();
  std::map<std::string, int64_t> type_ids;
  for (const DemoType& t : kTypes) {
    TypeInput in;
    in.code = t.code;
    in.name = t.name;
    in.fields = json::parse(t.fields);
    auto r = service.create_type(sys, in);
    if (!r) return r.error();
    type_ids[t.code] = (*r)["id"].get<int64_t>();
    ++report.types;
  }
  if (auto s = service.update_settings(sys, {{"inventory_pattern", "^OAX-[A-Z]{2,4}-[0-9]{5}$"},
                                             {"label_base_url", service.config().public_url}});
      !s)
    return s.error();

  std::map<std::string, int64_t> area_ids;
  std::optional<auth::Actor> tecnico, solicitante, solicitante_dif;
  {
    auto conn = pool.acquire();
    for (auto& r : conn->query("SELECT code, id FROM areas WHERE code IS NOT NULL")) area_ids[r.str(0)] = r.i64(1);
    tecnico = actor_for(*conn, "tecnico");
    solicitante = actor_for(*conn, "solicitante");
    solicitante_dif = actor_for(*conn, "solicitante.dif");
  }
  const auth::Actor& who = tecnico ? *tecnico : sys;
  int serial = 0;
  std::map<std::string, int> next_number;
  auto add = [&](const Model& m, const std::string& area, const char* building, const char* floor, const char* office,
                 std::optional<int64_t> parent, const char* acquired, const char* warranty) -> Result<int64_t> {
    AssetInput in;
    char number[32];
    std::snprintf(number, sizeof number, "OAX-%s-%05d", m.type, ++next_number[m.type]);
    in.inventory_number = number;
    in.type_id = type_ids[m.type];
    char serial_text[32];
    std::snprintf(serial_text, sizeof serial_text, "%s%07d", m.brand[0] == 'D' ? "CN0" : "MX", 4128000 + ++serial * 37);
    in.serial = serial_text;
    in.brand = m.brand;
    in.model = m.model;
    in.specs = m.specs;
    in.acquired_on = std::optional<std::string>(acquired);
    in.warranty_end = std::optional<std::string>(warranty);
    in.invoice_number = std::string("F-") + (acquired + 2) + "-" + std::to_string(100 + serial);
    in.supplier = "Comercializadora de Equipo de Cómputo del Sureste, S.A. de C.V.";
    in.cost = static_cast<double>(m.cost_cents) / 100.0;
    in.budget_line = std::string(m.type) == "SRV" || std::string(m.type) == "SW" ? "5150" : "5151";
    in.funding_source = "Recursos fiscales municipales";
    in.building = building;
    in.floor = floor;
    in.office = office;
    if (area_ids.count(area)) in.area_id = std::optional<int64_t>(area_ids[area]);
    if (parent) in.parent_id = std::optional<int64_t>(*parent);
    in.fields = json::parse(m.fields);
    auto r = service.create_asset(who, in);
    if (!r) return r.error();
    ++report.assets;
    return (*r)["id"].get<int64_t>();
  };

  struct Office {
    const char* area;
    const char* building;
    const char* floor;
    const char* office;
    int workstations;
  };
  const Office kOffices[] = {
      {"TES-ING", "Palacio Municipal", "Planta baja", "Ventanillas de Ingresos", 4},
      {"TES-EGR", "Palacio Municipal", "Primer piso", "Egresos", 2},
      {"SA-RH", "Palacio Municipal", "Primer piso", "Recursos Humanos", 3},
      {"SM-ARCH", "Edificio de Gobierno", "Sótano", "Archivo Municipal", 1},
      {"RC", "Edificio de Gobierno", "Planta baja", "Registro Civil", 3},
      {"SSC-VIAL", "Base de Policía Vial", "Planta baja", "Señalización y control vial", 2},
      {"SDS-SAL", "Centro de Salud Municipal", "Planta baja", "Consultorios", 2},
      {"CJ-CONT", "Edificio de Gobierno", "Segundo piso", "Contencioso", 2},
  };
  std::vector<int64_t> first_workstation;
  for (const Office& o : kOffices) {
    for (int i = 0; i < o.workstations; ++i) {
      auto cpu = add(i % 2 ? kDesktopHp : kDesktop, o.area, o.building, o.floor, o.office, std::nullopt,
                     i % 2 ? "2022-03-15" : "2023-08-22", i % 2 ? "2025-03-15" : "2026-08-22");
      if (!cpu) return cpu.error();
      if (i == 0) first_workstation.push_back(*cpu);
      if (auto m = add(kMonitor, o.area, o.building, o.floor, o.office, *cpu, "2023-08-22", "2026-08-22"); !m)
        return m.error();
    }
    if (auto p = add(o.workstations > 2 ? kPrinter : kMfp, o.area, o.building, o.floor, o.office, std::nullopt,
                     "2024-02-10", "2027-02-10");
        !p)
      return p.error();
    if (auto u = add(kUps, o.area, o.building, o.floor, o.office, std::nullopt, "2024-02-10", "2026-02-10"); !u)
      return u.error();
  }
  // The DSI's site: core network, servers, storage, Wi-Fi, telephony.
  const char* site = "Centro de Datos";
  for (const Model* m : {&kSwitch, &kSwitch, &kServer, &kServer, &kFirewall, &kNas, &kAp, &kAp, &kAp})
    if (auto a = add(*m, "DSI-REDES", "Palacio Municipal", "Segundo piso", site, std::nullopt, "2024-11-05", "2029-11-05");
        !a)
      return a.error();
  for (int i = 0; i < 4; ++i)
    if (auto a = add(kPhone, "DSI-REDES", "Palacio Municipal", "Almacén DSI", "Almacén", std::nullopt, "2025-01-20",
                     "2026-01-20");
        !a)
      return a.error();
  std::vector<int64_t> storeroom;
  for (const Model* m : {&kLaptop, &kLaptop, &kLaptop, &kProjector, &kProjector, &kDesktop})
    if (auto a = add(*m, "DSI-SOP", "Palacio Municipal", "Segundo piso", "Almacén DSI", std::nullopt, "2025-06-30",
                     "2028-06-30");
        a)
      storeroom.push_back(*a);
    else
      return a.error();

  // Custody: the demo servants get their workstation (computer + monitor) in a resguardo.
  // A computer with its monitor, in one resguardo.
  auto custody_for = [&](int64_t person, int64_t cpu, const std::string& notes) -> Status {
    std::vector<int64_t> ids = {cpu};
    {
      auto conn = pool.acquire();
      for (auto& r : conn->query("SELECT id FROM assets WHERE parent_id = $1", {cpu})) ids.push_back(r.i64(0));
    }
    auto d = service.assign_custody(who, person, ids, notes, std::string("bueno"));
    if (!d) return d.error();
    ++report.documents;
    return Ok();
  };
  if (solicitante && solicitante->person_id)
    if (auto st = custody_for(*solicitante->person_id, first_workstation[0], "Equipo de trabajo asignado al puesto."); !st)
      return st.error();
  // Every other first workstation goes to the holder of the area's first position.
  {
    std::vector<std::pair<int64_t, int64_t>> pairs;  // person, cpu
    {
      auto conn = pool.acquire();
      for (size_t i = 1; i < first_workstation.size(); ++i) {
        auto r = conn->query_one("SELECT p.id FROM people p JOIN assets a ON a.area_id = p.area_id WHERE a.id = $1 "
                                 "AND p.active = 1 ORDER BY p.id LIMIT 1",
                                 {first_workstation[i]});
        if (r) pairs.push_back({r->i64(0), first_workstation[i]});
      }
    }
    for (auto [person, cpu] : pairs)
      if (auto st = custody_for(person, cpu, ""); !st) return st.error();
  }
  // A laptop on loan to the DIF servant for a field activity.
  if (solicitante_dif && solicitante_dif->person_id && !storeroom.empty()) {
    std::string due = detail::local_iso_date(service.config().clock() + std::chrono::hours(24 * 10));
    auto l = service.create_loan(who, storeroom[0], *solicitante_dif->person_id, due, "Jornada de atención ciudadana.");
    if (!l) return l.error();
  }
  return report;
}

}  // namespace tequio::assets
