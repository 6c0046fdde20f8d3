-- The filtered list page an area's inventory starts from:
-- GET /api/v1/assets?area_id=<one of the 10 areas with most assigned assets>&status=asignado&page=1..N&per_page=50
-- (default order: inventory number). Env: BENCH_DIR, BENCH_COOKIE, BENCH_AREAS (ids, comma
-- separated), BENCH_PAGES.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
local areas = split_ids(os.getenv("BENCH_AREAS"))
local pages = tonumber(os.getenv("BENCH_PAGES"))

function init(args) seed_random() end

function request()
  return wrk.format("GET", string.format("/api/v1/assets?area_id=%s&status=asignado&page=%d&per_page=50",
                                         areas[math.random(#areas)], math.random(pages)))
end

done = tequio_report
