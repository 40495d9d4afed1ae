-- Udesk reads, each with its own signed query string: thread t of T walks lines t, t+T, ... of the file of signed
-- paths (Udesk nonces are single-use, so no path may be sent twice). Udesk answers errors with HTTP 200 and a code,
-- so a body without "code":1000 counts as refused. args: paths_file thread_count
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
response = lib.checker({ { contains = '"code":1000' } })
local paths, next, step = {}, 1, 1

function init(args)
    for line in io.lines(args[1]) do
        table.insert(paths, line)
    end
    step = tonumber(args[2])
    next = id + 1
    failures = 0
end

function request()
    local path = paths[next]
    next = next + step
    if next > #paths then
        next = id + 1 -- out of fresh nonces: reuse shows up as refused bodies
    end
    return wrk.format("GET", path)
end
