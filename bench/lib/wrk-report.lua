-- wrk script: a 200 page without any <li> is a page that rendered without recommendations (the call failed
-- or timed out, and the page degraded), so it counts as an error like a non-2xx answer. done() prints one
-- JSON line the harness parses (latencies in microseconds), instead of wrk's human-readable report.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  degraded = 0
end

function response(status, headers, body)
  if status == 200 and not string.find(body, "<li>", 1, true) then
    degraded = degraded + 1
  end
end

function done(summary, latency, requests)
  local pages_without_books = 0
  for _, thread in ipairs(threads) do
    pages_without_books = pages_without_books + thread:get("degraded")
  end
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"degraded":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, pages_without_books,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
