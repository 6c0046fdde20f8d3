-- Full-text search: GET /api/v1/helpdesk/tickets?q=<two words>&per_page=25 over titles,
-- descriptions and the conversation, with highlights; a random realistic pair each time.
-- Env: BENCH_DIR, BENCH_COOKIE, BENCH_QUERIES_FILE (one URL-encoded query a line).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.headers["Cookie"] = "tequio_session=" .. os.getenv("BENCH_COOKIE")
local queries = {}

function init(args)
  seed_random()
  queries = read_lines(os.getenv("BENCH_QUERIES_FILE"))
end

function request()
  return wrk.format("GET", "/api/v1/helpdesk/tickets?q=" .. queries[math.random(#queries)] .. "&per_page=25")
end

done = tequio_report
