-- The queue page: GET /api/v1/helpdesk/tickets?queue_id=<Soporte>&status=open&page=N&per_page=25
-- (default order: most recently updated first), a random page among the first BENCH_PAGES.
-- Env: BENCH_DIR, BENCH_COOKIE, BENCH_QUEUE_ID, BENCH_PAGES.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
local queue = os.getenv("BENCH_QUEUE_ID")
local pages = tonumber(os.getenv("BENCH_PAGES"))

function init(args) seed_random() end

function request()
  return wrk.format("GET", string.format("/api/v1/helpdesk/tickets?queue_id=%s&status=open&page=%d&per_page=25",
                                         queue, math.random(pages)))
end

done = tequio_report
