-- Shared by the wrk scripts of bench/server/run.sh: one summary line per
-- wrk run that run.sh parses (latencies in microseconds, as wrk keeps them).
--
--   JIANFU_RESULT requests=N seconds=S rps=R p50_us=… p90_us=… p99_us=… max_us=…
--     non2xx=N connect=N read=N write=N timeout=N [s201=N s422=N sother=N]
--
-- `non2xx` is wrk's count of responses with a status outside 200–399;
-- connect/read/write/timeout are socket errors. Scripts that count status
-- codes themselves (demands.lua) keep them in the globals s201, s422 and
-- sother of each thread; threads are remembered in setup() to read them.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)  -- a global in the thread's own state
end

local function sum(name)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + (tonumber(t:get(name)) or 0)
  end
  return n
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local line = string.format(
    "JIANFU_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout)
  if COUNTS_STATUS then
    line = line .. string.format(" s201=%d s422=%d sother=%d", sum("s201"), sum("s422"), sum("sother"))
  end
  io.write(line .. "\n")
end
