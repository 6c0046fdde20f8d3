// Demo data: the DSI structure with the positions' texts from the organization manual,
// the municipality's areas, fictitious people and one login per role (data/demo/demo.json,
// embedded in the binary). Everything goes through the services, so it is validated and audited.
#pragma once
#include <string>

#include "auth/service.h"
#include "core/result.h"
#include "org/service.h"

namespace tequio::org {

struct DemoReport {
  bool skipped = false;  // the database already had areas
  int areas = 0, positions = 0, people = 0, users = 0, generated_people = 0;
};

// extra_people: additional generated people (for benchmarks), imported in one transaction.
Result<DemoReport> load_demo(storage::Pool& pool, OrgService& org, auth::AuthService& auth, int extra_people);

}  // namespace tequio::org
