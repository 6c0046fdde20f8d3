-- Authenticated GET /api/v1/people/{id}, a different existing id each time.
-- Env: BENCH_DIR, BENCH_COOKIE (the tequio_session value), BENCH_IDS_FILE (one id a line).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")

local ids = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function request()
  return wrk.format("GET", "/api/v1/people/" .. ids[math.random(#ids)])
end

done = tequio_report
