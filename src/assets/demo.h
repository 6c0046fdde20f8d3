// Demo data for the computer fleet: the asset types of the issue with their custom fields, a
// realistic fleet spread over the municipality's areas (computers with their monitors,
// printers, no-breaks, the DSI's switches, servers and access points), custody documents for
// the demo servants, a loan and an open physical-inventory campaign.
// Runs after org::load_demo and helpdesk::load_demo.
#pragma once
#include "assets/service.h"
#include "core/result.h"
#include "storage/db.h"

namespace tequio::assets {

struct DemoReport {
  int types = 0, assets = 0, documents = 0;
};

Result<DemoReport> load_demo(storage::Pool& pool, AssetsService& service);

}  // namespace tequio::assets
