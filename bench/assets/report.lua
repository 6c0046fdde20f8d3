-- Shared by the asset benchmark scripts (same as bench/helpdesk/report.lua): wrk calls done()
-- once at the end; this prints one machine-readable line that run.sh parses (latencies in
-- microseconds), with p95 besides wrk's own --latency table.
function tequio_report(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end

-- Every thread gets its own random sequence.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function seed_random()
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function split_ids(s)
  local out = {}
  for v in string.gmatch(s or "", "[0-9]+") do out[#out + 1] = v end
  return out
end
