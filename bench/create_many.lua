-- POST /api/v2/group_memberships/create_many.json with 100 memberships that do not exist yet. Request n adds agent
-- block j = n mod B (100 agent ids of the agents file, B blocks in all) to group lo + (n div B + j * S) mod G, with
-- the G groups in [lo, hi] spread S = G / B apart: requests in flight together add different agents to different
-- groups (as different admins' bulk jobs would, rather than queueing on one row lock), and every (agent, group)
-- pair is new as long as the groups were empty and fewer than B x G requests are sent. A job item that failed
-- counts as a refused body.
-- args: lo hi agents_file thread_count
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
response = lib.checker({ { contains = '"status":"completed"' }, { absent = '"success":false' } })
local lo, groups, agents, blocks, counter, threadCount = 0, 1, {}, 1, 0, 1

function init(args)
    lo = tonumber(args[1])
    groups = tonumber(args[2]) - lo + 1
    for line in io.lines(args[3]) do
        table.insert(agents, line)
    end
    blocks = math.floor(#agents / 100)
    threadCount = tonumber(args[4])
    wrk.headers["Content-Type"] = "application/json"
    failures = 0
end

function request()
    local seq = counter * threadCount + id
    counter = counter + 1
    local block = seq % blocks
    local stride = math.max(1, math.floor(groups / blocks))
    local group = lo + ((math.floor(seq / blocks) + block * stride) % groups)
    local items = {}
    for i = 1, 100 do
        items[i] = string.format('{"user_id":%s,"group_id":%d}', agents[block * 100 + i], group)
    end
    local body = '{"group_memberships":[' .. table.concat(items, ",") .. ']}'
    return wrk.format("POST", "/api/v2/group_memberships/create_many.json", nil, body)
end
