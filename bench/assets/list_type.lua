-- The list of one asset type, most recently changed first:
-- GET /api/v1/assets?type_id=<one of the demo's types>&sort=-updated_at&page=1..N&per_page=50
-- (disposed assets left out, as the list does by default). Env: BENCH_DIR, BENCH_COOKIE,
-- BENCH_TYPES (ids, comma separated), BENCH_PAGES.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
local types = split_ids(os.getenv("BENCH_TYPES"))
local pages = tonumber(os.getenv("BENCH_PAGES"))

function init(args) seed_random() end

function request()
  return wrk.format("GET", string.format("/api/v1/assets?type_id=%s&sort=-updated_at&page=%d&per_page=50",
                                         types[math.random(#types)], math.random(pages)))
end

done = tequio_report
