-- The Zendesk v2 mix: 90% reads (show a group, the first cursor page of groups, one group's memberships, the
-- groups count), 10% writes (create a group with a unique name). args: tag group_ids_file
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
local tag, ids, counter = "mix", {}, 0

function init(args)
    tag = args[1]
    for line in io.lines(args[2]) do
        table.insert(ids, line)
    end
    math.randomseed(1000 + id)
    wrk.headers["Content-Type"] = "application/json" -- on the reads too: harmless, and one header table
    failures = 0
end

function request()
    counter = counter + 1
    local roll = counter % 10
    if roll == 0 then
        local body = string.format('{"group":{"name":"Bench %s %d-%d"}}', tag, id, counter)
        return wrk.format("POST", "/api/v2/groups.json", nil, body)
    end
    local group = ids[math.random(#ids)]
    if roll <= 5 then
        return wrk.format("GET", "/api/v2/groups/" .. group .. ".json")
    elseif roll <= 7 then
        return wrk.format("GET", "/api/v2/groups.json?page%5Bsize%5D=100")
    elseif roll <= 8 then
        return wrk.format("GET", "/api/v2/groups/" .. group .. "/memberships.json")
    end
    return wrk.format("GET", "/api/v2/groups/count.json")
end
