-- POST /api/v2/groups.json with a name no other request uses: "Bench <tag> <thread>-<n>".
-- args: tag (warm-up and measured runs pass different ones)
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
local tag, counter = "run", 0

function init(args)
    tag = args[1] or tag
    wrk.headers["Content-Type"] = "application/json"
    failures = 0
end

function request()
    counter = counter + 1
    local body = string.format('{"group":{"name":"Bench %s %d-%d","description":"Created by the benchmark"}}',
        tag, id, counter)
    return wrk.format("POST", "/api/v2/groups.json", nil, body)
end
