-- GET /api/v1/verify/{code}, cycling through real verification codes of the
-- database (one per line in $JIANFU_BENCH_CODES), each thread from its own
-- offset so that the threads do not ask for the same code at once.
dofile(os.getenv("JIANFU_BENCH_LUA") .. "/common.lua")

local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(os.getenv("JIANFU_BENCH_CODES")) do
    if #line > 0 then table.insert(paths, "/api/v1/verify/" .. line) end
  end
  assert(#paths > 0, "no verification codes in " .. os.getenv("JIANFU_BENCH_CODES"))
  -- thread_index (1, 2, …) is set by setup() in common.lua.
  next_index = math.floor((thread_index - 1) * #paths / 7919) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
