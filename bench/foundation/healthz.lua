-- GET /healthz: the floor every other figure is compared with.
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
wrk.method = "GET"
wrk.path = "/healthz"
done = tequio_report
