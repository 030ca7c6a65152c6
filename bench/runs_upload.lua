-- wrk script: every request uploads a new run (its own client UUID and Idempotency-Key).
math.randomseed(os.time())

local function uuid4()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(template, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

request = function()
  local id = uuid4()
  local body = string.format(
    '{"id":"%s","started_at":"2026-05-04T07:00:00Z","ended_at":"2026-05-04T07:30:00Z",' ..
    '"distance_m":5200,"avg_hr":152,"max_hr":174,"avg_cadence":171,"calories":360,' ..
    '"segments":[{"apple_music_id":"bench-1","started_at":"2026-05-04T07:00:00Z",' ..
    '"ended_at":"2026-05-04T07:04:00Z","avg_hr":150,"avg_cadence":170}]}', id)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Idempotency-Key"] = id
  return wrk.format("POST", "/api/v1/runs", nil, body)
end
-- wrk reporter: prints one JSON line with throughput and latency percentiles (microseconds).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout))
end
