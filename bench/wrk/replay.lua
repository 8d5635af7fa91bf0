-- Replays a file of requests, one per line, in turn: METHOD <tab> PATH <tab> BODY <tab> HEADER <tab> ...
-- (each HEADER as "Name: value"). The benchmark writes the file: a rotating pool of signed-in people
-- (their session cookie and CSRF token), or one distinct person per registration POST.
-- Arguments (after --): the file, and the line to start at (so repetitions never reuse a person).
-- At the end one line "BENCH_JSON {...}" gives the exact counts and latencies (microseconds).

local requests = {}
local first = 0
local counter = 0

local function split(line)
  local fields = {}
  for value in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = value
  end
  return fields
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local fields = split(line)
    local headers = {}
    for i = 4, #fields do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      if name then headers[name] = value end
    end
    local body = fields[3] ~= "" and fields[3] or nil
    requests[#requests + 1] = wrk.format(fields[1], fields[2], headers, body)
  end
  file:close()
  first = tonumber(args[2] or "0")
end

function request()
  local index = (first + counter) % #requests + 1
  counter = counter + 1
  return requests[index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
