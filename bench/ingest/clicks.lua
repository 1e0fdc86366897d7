-- wrk script: every request clicks a different valid token from $TOKENS_FILE (one path per line).
-- Threads take disjoint lines (line % threads == thread id), so no two threads send the same token;
-- when a thread runs out it starts over, and its repeats are then layer-1 duplicates.
local counter = 1
local threads = 0
paths = {}

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local n = tonumber(os.getenv("WRK_THREADS") or "2")
  local i = 0
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if i % n == id then paths[#paths + 1] = line end
    i = i + 1
  end
end

function request()
  local p = paths[counter]
  counter = counter + 1
  if counter > #paths then counter = 1 end
  return wrk.format("GET", p)
end
