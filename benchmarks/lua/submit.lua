-- wrk script for election_night.py: replays pre-generated C.Hasil submissions.
-- Each line of the bodies file is: <idempotency key>\t<path>\t<json body>
-- Threads take disjoint slices, so no two requests share an idempotency key.
local bodies_file = os.getenv("PEMILU_BODIES")
local token = os.getenv("PEMILU_TOKEN")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local n = 0
  local nthreads = tonumber(os.getenv("PEMILU_THREADS") or "2")
  for line in io.lines(bodies_file) do
    n = n + 1
    if (n % nthreads) == (tid - 1) then
      table.insert(lines, line)
    end
  end
  idx = 0
  statuses = {}
  sent = 0
end

function request()
  idx = idx + 1
  if idx > #lines then
    idx = 1  -- wrapped: a repeat of an already-sent key (the server must answer it idempotently)
  end
  sent = sent + 1
  local line = lines[idx]
  local key, path, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("PEMILU_WRK_OUT"), "w")
  out:write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  out:write(string.format('"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, "errors_timeout": %d, "statuses": {',
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  local first = true
  for _, thread in ipairs(threads) do
    local st = thread:get("statuses")
    for code, n in pairs(st) do
      if not first then out:write(", ") end
      out:write(string.format('"%d_%d": %d', thread:get("tid"), code, n))
      first = false
    end
  end
  out:write("}}\n")
  out:close()
end
