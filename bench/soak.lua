-- A steady mixed load against the Zendesk v2 API, for bench/soak.sh (not part of the test suite).
--
-- Run as `wrk -t N -c N -s soak.lua URL -- SLICE DATA_FILE STATE_FILE TOKEN_FILE`: one connection per thread, so
-- each thread's responses come back in the order of its requests and it can follow its own writes (the id of a
-- membership it added, the cursor of the page it read). Each thread owns the agents whose line in DATA_FILE falls
-- to it, so no two threads write the same agent's memberships and no answer but a 2xx is expected.
--
-- Mix per 100 requests: 30 show group, 20 list groups (cursor pages, followed), 20 list a group's memberships,
-- 20 show user; 2 create group, 2 rename group, 6 membership churn (add, make_default, remove; a GET to resync an
-- agent whose last write was cut off at the end of the previous slice).
--
-- DATA_FILE lines: `group ID` for the seeded groups, `agent ID CHURN_GROUP_ID` for the seeded agents, where the
-- churn group is one the agent is not seeded into. STATE_FILE carries, from slice to slice, each agent's
-- membership in its churn group: `AGENT MID` (0: none, -1: unknown, resync first).

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter - 1)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_lines(path)
  local lines = {}
  local f = io.open(path, "r")
  if f then
    for line in f:lines() do table.insert(lines, line) end
    f:close()
  end
  return lines
end

function init(args)
  slice = args[1] or "0"
  nthreads = tonumber(os.getenv("SOAK_THREADS") or "16")
  local token = read_lines(args[4])[1]
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  groups, agents, churn_group, mine = {}, {}, {}, {}
  local index = 0
  for _, line in ipairs(read_lines(args[2])) do
    local kind, a, b = line:match("^(%a+) (%d+) ?(%d*)$")
    if kind == "group" then
      table.insert(groups, a)
    elseif kind == "agent" then
      table.insert(agents, a)
      churn_group[a] = b
      if index % nthreads == tid then table.insert(mine, a) end
      index = index + 1
    end
  end
  local saved = {}
  for _, line in ipairs(read_lines(args[3])) do
    local agent, mid = line:match("^(%d+) (%-?%d+)$")
    if agent then saved[agent] = tonumber(mid) end
  end
  churn = {} -- only this thread's agents, so that done() writes each agent's state once
  for _, agent in ipairs(mine) do churn[agent] = saved[agent] or 0 end
  math.randomseed(os.time() * 100 + tid)
  made, after = 0, nil
  pending = nil
  non2xx, statuses = 0, {}
end

local function pick(list) return list[math.random(#list)] end

local function go(op, method, path, body, agent)
  pending = { op = op, agent = agent }
  return wrk.format(method, "/api/v2" .. path, headers, body)
end

function request()
  local r = math.random(100)
  if r <= 30 then
    return go("read", "GET", "/groups/" .. pick(groups) .. ".json")
  elseif r <= 50 then
    local path = "/groups.json?page%5Bsize%5D=50"
    if after then path = path .. "&page%5Bafter%5D=" .. after end
    return go("list", "GET", path)
  elseif r <= 70 then
    return go("read", "GET", "/groups/" .. pick(groups) .. "/memberships.json")
  elseif r <= 90 then
    return go("read", "GET", "/users/" .. pick(agents) .. ".json")
  elseif r <= 92 then
    made = made + 1
    local name = string.format("soak-%s-%d-%d", slice, tid, made)
    return go("write", "POST", "/groups.json", '{"group": {"name": "' .. name .. '", "description": "soak"}}')
  elseif r <= 94 then
    local group = pick(groups)
    made = made + 1
    local name = string.format("grp-%s-r%s-%d-%d", group, slice, tid, made)
    return go("write", "PUT", "/groups/" .. group .. ".json", '{"group": {"name": "' .. name .. '"}}')
  end
  local agent = pick(mine)
  local mid = churn[agent]
  if mid == -1 then
    return go("resync", "GET", "/users/" .. agent .. "/group_memberships.json", nil, agent)
  elseif mid == 0 then
    return go("add", "POST", "/users/" .. agent .. "/group_memberships.json",
      '{"group_membership": {"group_id": ' .. churn_group[agent] .. '}}', agent)
  elseif math.random(3) == 1 then
    return go("default", "PUT", "/users/" .. agent .. "/group_memberships/" .. mid .. "/make_default.json", nil, agent)
  end
  return go("remove", "DELETE", "/users/" .. agent .. "/group_memberships/" .. mid .. ".json", nil, agent)
end

function response(status, headers, body)
  local p = pending
  pending = nil
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if p and p.agent then churn[p.agent] = -1 end
    return
  end
  if not p then return end
  if p.op == "list" then
    if body:find('"has_more":%s*true') then
      after = body:match('"after_cursor":%s*"([^"]*)"')
    else
      after = nil
    end
  elseif p.op == "add" then
    churn[p.agent] = tonumber(body:match('"id":%s*(%d+)')) or -1
  elseif p.op == "remove" then
    churn[p.agent] = 0
  elseif p.op == "resync" then
    local found = 0
    for object in body:gmatch("{[^{}]*}") do
      if object:match('"group_id":%s*(%d+)') == churn_group[p.agent] then
        found = tonumber(object:match('[{,]%s*"id":%s*(%d+)')) or -1
      end
    end
    churn[p.agent] = found
  end
end

function done(summary, latency, requests)
  local bad, codes = 0, {}
  local state = io.open(os.getenv("SOAK_STATE_OUT"), "w")
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    for code, n in pairs(thread:get("statuses") or {}) do codes[code] = (codes[code] or 0) + n end
    local cut = thread:get("pending")
    local owned = thread:get("churn") or {}
    if cut and cut.agent and cut.op ~= "default" then owned[cut.agent] = -1 end
    for agent, mid in pairs(owned) do state:write(agent, " ", mid, "\n") end
  end
  state:close()
  local e = summary.errors
  local listed = {}
  for code, n in pairs(codes) do table.insert(listed, code .. ":" .. n) end
  table.sort(listed)
  io.write(string.format(
    "SOAK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d statuses=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, bad, e.connect + e.read + e.write + e.timeout, table.concat(listed, ";")))
end
