-- POST /api/v2/group_memberships/create_many.json with 100 memberships that do not exist yet: request n of the run
-- puts agents block b (100 agent ids from the agents file) into group lo + (n mod G), so every (agent, group) pair
-- is new as long as the groups in [lo, hi] were empty. A job item that failed counts as a refused body.
-- args: lo hi agents_file first_block
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
response = lib.checker({ { contains = '"status":"completed"' }, { absent = '"success":false' } })
local lo, groups, agents, firstBlock, counter, threadCount = 0, 1, {}, 0, 0, 1

function init(args)
    lo = tonumber(args[1])
    groups = tonumber(args[2]) - lo + 1
    for line in io.lines(args[3]) do
        table.insert(agents, line)
    end
    firstBlock = tonumber(args[4])
    threadCount = tonumber(args[5])
    wrk.headers["Content-Type"] = "application/json"
    failures = 0
end

function request()
    local seq = counter * threadCount + id
    counter = counter + 1
    local group = lo + (seq % groups)
    local block = firstBlock + math.floor(seq / groups)
    local items = {}
    for i = 1, 100 do
        local agent = agents[((block * 100 + i - 1) % #agents) + 1]
        items[i] = string.format('{"user_id":%s,"group_id":%d}', agent, group)
    end
    local body = '{"group_memberships":[' .. table.concat(items, ",") .. ']}'
    return wrk.format("POST", "/api/v2/group_memberships/create_many.json", nil, body)
end
