-- Opening a ticket page: GET /api/v1/helpdesk/tickets/{id} (the ticket, its SLA clocks and the
-- newest 200 timeline entries) for a random existing id, as a service-desk user (sees notes).
-- Env: BENCH_DIR, BENCH_COOKIE, BENCH_TICKET_MAX (ids 1..max all exist).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
local max_id = tonumber(os.getenv("BENCH_TICKET_MAX"))

function init(args) seed_random() end

function request()
  return wrk.format("GET", "/api/v1/helpdesk/tickets/" .. math.random(max_id))
end

done = tequio_report
