#include "helpdesk/demo.h"

#include "core/time.h"
#include "helpdesk/internal.h"

namespace tequio::helpdesk {

using nlohmann::json;

namespace {

struct QueueSpec {
  const char* area_code;
  const char* name;
  const char* assignment;
};

const QueueSpec kQueues[] = {
    {"DSI-SOP", "Soporte técnico", "manual"},
    {"DSI-REDES", "Redes y telecomunicaciones", "round_robin"},
    {"DSI-DESA", "Desarrollo de aplicaciones", "least_open"},
    {"DSI-INNOV", "Innovación tecnológica", "manual"},
};

struct CategorySpec {
  const char* queue_area;
  const char* code;
  const char* name;
  const char* description;
  const char* kind;
  int impact, urgency;
  const char* fields;  // JSON
};

const CategorySpec kCategories[] = {
    {"DSI-SOP", "GENERAL", "Otro / no sé a qué categoría corresponde",
     "Use esta opción si su necesidad no aparece en el catálogo; la mesa de servicio la canaliza.", "ambos", 2, 2, "[]"},
    {"DSI-SOP", "SOP-FALLA-EQUIPO", "Falla de equipo de cómputo",
     "La computadora no enciende, se reinicia, está lenta o hace ruidos extraños.", "reporte", 2, 2,
     R"([{"key":"inventario","label":"Número de inventario","type":"text","required":false,"max_length":40},
         {"key":"ubicacion","label":"Ubicación del equipo","type":"text","required":false,"max_length":200}])"},
    {"DSI-SOP", "SOP-IMPRESORA", "Falla de impresora o escáner", "No imprime, atasca papel o no la encuentra la red.",
     "reporte", 3, 2,
     R"([{"key":"inventario","label":"Número de inventario","type":"text","required":false,"max_length":40}])"},
    {"DSI-SOP", "SOP-SOFTWARE", "Instalación de software",
     "Instalación o actualización de programas con licencia o libres autorizados por la DSI.", "solicitud", 3, 3,
     R"([{"key":"software","label":"Software requerido","type":"text","required":true,"max_length":200},
         {"key":"justificacion","label":"Justificación","type":"textarea","required":false}])"},
    {"DSI-SOP", "SOP-MANTTO", "Mantenimiento preventivo de equipo",
     "Limpieza y revisión programada del equipo de cómputo del área.", "solicitud", 3, 3,
     R"([{"key":"equipos","label":"Número de equipos","type":"number","required":true},
         {"key":"fecha_preferida","label":"Fecha preferida","type":"date","required":false}])"},
    {"DSI-REDES", "RED-CUENTA", "Alta de cuenta de red",
     "Cuenta de usuario de red y correo institucional para personal de nuevo ingreso.", "solicitud", 2, 2,
     R"([{"key":"nombre_completo","label":"Nombre completo","type":"text","required":true,"max_length":200},
         {"key":"area","label":"Área","type":"area","required":false},
         {"key":"puesto","label":"Puesto","type":"text","required":true,"max_length":200},
         {"key":"perfil","label":"Perfil solicitado","type":"select","required":true,"options":["Básico","Avanzado","Administrador"]},
         {"key":"jefe_autoriza","label":"Jefe que autoriza","type":"text","required":true,"max_length":200}])"},
    {"DSI-REDES", "RED-SIN-INTERNET", "Sin conexión a internet o a la red", "El equipo no navega o no ve las carpetas compartidas.",
     "reporte", 2, 1, "[]"},
    {"DSI-REDES", "RED-TELEFONIA", "Falla de telefonía o extensión", "La extensión no tiene tono, no recibe llamadas o falla el aparato.",
     "reporte", 3, 2,
     R"([{"key":"extension","label":"Extensión","type":"text","required":true,"max_length":10}])"},
    {"DSI-REDES", "RED-CONTRASENA", "Restablecer contraseña de red o correo", "Olvidó su contraseña o su cuenta está bloqueada.",
     "solicitud", 3, 1, "[]"},
    {"DSI-DESA", "DES-FALLA-SISTEMA", "Falla en un sistema en operación",
     "Error, lentitud o resultado incorrecto en un sistema desarrollado por la DSI.", "reporte", 2, 2,
     R"([{"key":"sistema","label":"Sistema","type":"select","required":true,"options":["Ventanilla única","Catastro en línea","Control de correspondencia","Nómina","Portal de transparencia"]},
         {"key":"pasos","label":"Pasos para reproducir el error","type":"textarea","required":false}])"},
    {"DSI-DESA", "DES-REQUERIMIENTO", "Requerimiento de cambio a un sistema",
     "Nueva función, reporte o ajuste en un sistema en operación (requiere visto bueno del titular del área).", "solicitud", 3, 3,
     R"([{"key":"sistema","label":"Sistema","type":"text","required":true,"max_length":200},
         {"key":"titular_autoriza","label":"Titular que autoriza","type":"text","required":true,"max_length":200}])"},
    {"DSI-INNOV", "INN-CAPACITACION", "Solicitud de capacitación",
     "Curso o taller sobre el uso de herramientas informáticas para el personal del área.", "solicitud", 3, 3,
     R"([{"key":"tema","label":"Tema","type":"text","required":true,"max_length":200},
         {"key":"participantes","label":"Número de participantes","type":"number","required":true},
         {"key":"en_linea","label":"¿Puede ser en línea?","type":"boolean","required":false}])"},
    {"DSI-INNOV", "INN-DICTAMEN", "Dictamen técnico para adquisición de TIC",
     "Opinión técnica previa a la compra de equipo o servicios de tecnologías de la información.", "solicitud", 3, 3,
     R"([{"key":"bien","label":"Bien o servicio a adquirir","type":"textarea","required":true}])"},
};

std::optional<auth::Actor> actor_for(storage::Connection& c, const std::string& username) {
  auto a = helpdesk::detail::actor_by_username(c, username);
  if (a) a->ip = "demo";
  return a;
}

}  // namespace

Result<DemoReport> load_demo(storage::Pool& pool, HelpdeskService& hd) {
  DemoReport report;
  auth::Actor sys = auth::system_actor();
  std::map<std::string, int64_t> queue_by_area;
  {
    auto conn = pool.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    std::string now = now_iso();
    for (auto& q : kQueues) {
      auto area = tx.query_one("SELECT id FROM areas WHERE code = $1", {std::string(q.area_code)});
      if (!area) return Error::invalid("demo.area_missing", std::string("Falta el área ") + q.area_code);
      int64_t id = tx.query_one("INSERT INTO helpdesk_queues (area_id, name, assignment, created_at, updated_at) "
                                "VALUES ($1, $2, $3, $4, $4) RETURNING id",
                                {area->i64(0), std::string(q.name), std::string(q.assignment), now})
                       ->i64(0);
      queue_by_area[q.area_code] = id;
      report.queues++;
    }
    tx.commit();
  }
  std::map<std::string, int64_t> category;
  for (auto& c : kCategories) {
    CategoryInput in;
    in.code = c.code;
    in.name = c.name;
    in.description = c.description;
    in.kind = c.kind;
    in.queue_id = queue_by_area[c.queue_area];
    in.impact = c.impact;
    in.urgency = c.urgency;
    in.fields = json::parse(c.fields);
    auto r = hd.create_category(sys, in);
    if (!r) return r.error();
    category[c.code] = (*r)["id"];
    report.categories++;
  }
  // A few tickets so every screen has something to show.
  auto conn = pool.acquire();
  auto solicitante = actor_for(*conn, "solicitante");
  auto solicitante_dif = actor_for(*conn, "solicitante.dif");
  auto tecnico = actor_for(*conn, "tecnico");
  auto tecnico_redes = actor_for(*conn, "tecnico.redes");
  if (!solicitante || !solicitante_dif || !tecnico || !tecnico_redes) return report;
  auto file = [&](const auth::Actor& who, const char* cat, const char* kind, const char* title, const char* text,
                  json fields) -> std::optional<int64_t> {
    TicketInput in;
    in.kind = kind;
    in.title = title;
    in.description = text;
    in.category_id = category[cat];
    in.fields = std::move(fields);
    auto r = hd.create_ticket(who, in);
    if (!r) return std::nullopt;
    report.tickets++;
    return (*r)["id"].get<int64_t>();
  };
  auto t1 = file(*solicitante, "SOP-FALLA-EQUIPO", "reporte", "La computadora de caja 3 se reinicia sola",
                 "Desde ayer la computadora de la caja 3 se reinicia cada media hora y perdemos las capturas de cobro.",
                 {{"inventario", "OAX-CPU-0412"}, {"ubicacion", "Caja 3, planta baja de Tesorería"}});
  if (t1) {
    hd.take(*tecnico, *t1);
    hd.transition(*tecnico, *t1, "en_proceso", std::nullopt);
    hd.add_entry(*tecnico, *t1, "reply", "Buen día, paso a revisar el equipo a las 12:00. ¿Podrían respaldar lo capturado?");
    hd.add_entry(*tecnico, *t1, "note", "Posible falla de fuente de poder; revisar si hay una de repuesto en almacén.");
  }
  auto t2 = file(*solicitante, "SOP-SOFTWARE", "solicitud", "Instalar lector de PDF con firma electrónica",
                 "Necesitamos firmar oficios con la e.firma en dos equipos de la Dirección de Ingresos.",
                 {{"software", "Lector de PDF con soporte de firma electrónica"}});
  if (t2) {
    hd.take(*tecnico, *t2);
    hd.transition(*tecnico, *t2, "resuelto", std::string("Se instaló y configuró el lector en los dos equipos; se probó la firma de un oficio."));
  }
  file(*solicitante_dif, "RED-CUENTA", "solicitud", "Cuenta de red para nueva trabajadora social",
       "Se incorporó una trabajadora social al área de asistencia; requiere cuenta de red y correo.",
       {{"nombre_completo", "Itzel Hernández Cruz"}, {"puesto", "Trabajadora social"}, {"perfil", "Básico"},
        {"jefe_autoriza", "Jefa del Departamento de Asistencia Social"}});
  auto t4 = file(*solicitante_dif, "RED-SIN-INTERNET", "reporte", "Sin internet en la oficina de asistencia social",
                 "Ningún equipo de la oficina navega desde esta mañana; el teléfono sí funciona.", json::object());
  if (t4) hd.transition(*tecnico_redes, *t4, "en_espera_proveedor", std::nullopt);
  file(*solicitante, "INN-CAPACITACION", "solicitud", "Curso de hoja de cálculo para el personal de Ingresos",
       "Solicitamos un curso básico-intermedio de hoja de cálculo para el personal de ventanilla.",
       {{"tema", "Hoja de cálculo: fórmulas y tablas dinámicas"}, {"participantes", 12}, {"en_linea", false}});
  return report;
}

}  // namespace tequio::helpdesk
