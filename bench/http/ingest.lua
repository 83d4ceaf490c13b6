-- wrk script for bench/http/ingest-wrk.sh: POST /v1.1/message (ARTIK seed shape) round-robin
-- over many devices, each with its own bearer device token. wrk runs init() once per thread, in
-- that thread's own Lua state; each thread starts at a different device.
-- Usage: wrk ... -s bench/http/ingest.lua <url> -- <devices-file>
-- The devices file has one "deviceId token" pair per line.

local devices = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    local id, token = line:match("^(%S+)%s+(%S+)$")
    if id then
      devices[#devices + 1] = {
        id = id,
        headers = { ["Content-Type"] = "application/json", ["Authorization"] = "bearer " .. token },
      }
    end
  end
  assert(#devices > 0, "no devices in " .. tostring(args[1]))
  next_index = math.random(#devices)
end

function request()
  next_index = next_index % #devices + 1
  local device = devices[next_index]
  -- The seed's message: four numeric fields.
  local body = string.format('{"sdid":"%s","data":{"stepCount":%d,"timeInBed":200,"asleepTime":10,"calories":150}}',
    device.id, next_index)
  return wrk.format("POST", "/v1.1/message", device.headers, body)
end
