-- GET /healthz: the floor the other figures are read against (same server, same run).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/healthz"
done = tequio_report
