-- Authenticated GET /api/v1/people?q=…&area_id=…&page=N&per_page=20 over several pages.
-- Env: BENCH_DIR, BENCH_COOKIE, BENCH_Q, BENCH_AREA_ID, BENCH_PAGES.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")

local q = os.getenv("BENCH_Q")
local area = os.getenv("BENCH_AREA_ID")
local pages = tonumber(os.getenv("BENCH_PAGES"))
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function request()
  local path = string.format("/api/v1/people?q=%s&area_id=%s&page=%d&per_page=20", q, area, math.random(pages))
  return wrk.format("GET", path)
end

done = tequio_report
