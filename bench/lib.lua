-- Shared by the scenario scripts: numbers each wrk thread, counts answers the script refuses (a Udesk code other
-- than 1000, a job item that failed), and prints one machine-readable line at the end that bench/run parses.
local lib = {}
local threads = {}

function lib.setup(thread)
    thread:set("id", #threads)
    thread:set("failures", 0)
    table.insert(threads, thread)
end

-- checks: a table of {contains = "..."} or {absent = "..."}; a body that breaks one counts as a failure
function lib.checker(checks)
    return function(status, headers, body)
        for _, check in ipairs(checks) do
            if (check.contains and not string.find(body, check.contains, 1, true))
                or (check.absent and string.find(body, check.absent, 1, true)) then
                failures = failures + 1
                return
            end
        end
    end
end

function lib.done(summary, latency, requests)
    local failures = 0
    for _, thread in ipairs(threads) do
        failures = failures + (thread:get("failures") or 0)
    end
    local e = summary.errors
    io.write(string.format(
        'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,'
            .. '"write_errors":%d,"timeouts":%d,"non_2xx":%d,"refused_bodies":%d,'
            .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
        failures, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        latency.mean))
end

return lib
