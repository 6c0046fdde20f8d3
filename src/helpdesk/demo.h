// Demo data for the helpdesk: a queue per DSI department, a realistic service catalog (the
// functions of Soporte, Redes y Telecomunicaciones, Desarrollo de Aplicaciones and Innovación
// Tecnológica in the organization manual) and a few tickets in different states.
// Runs after org::load_demo (it needs the DSI areas and the demo users).
#pragma once
#include "core/result.h"
#include "helpdesk/service.h"
#include "storage/db.h"

namespace tequio::helpdesk {

struct DemoReport {
  int queues = 0, categories = 0, tickets = 0;
};

Result<DemoReport> load_demo(storage::Pool& pool, HelpdeskService& helpdesk);

}  // namespace tequio::helpdesk
