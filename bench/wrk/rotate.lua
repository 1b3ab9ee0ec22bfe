-- wrk script for bench/http_bench.py: GET the request paths listed in a file (one a line), in turn.
--     wrk -s bench/wrk/rotate.lua http://127.0.0.1:8000 -- paths.txt
-- Each wrk thread starts at its own place in the list, so threads do not ask for the same
-- path at the same moment; every path is asked for before any is asked for again.

local threads = 0

function setup(thread)
    thread:set("start", threads)
    threads = threads + 1
end

function init(args)
    paths = {}
    local file = assert(io.open(args[1], "r"), "cannot read the request paths file " .. tostring(args[1]))
    for line in file:lines() do
        if #line > 0 then
            paths[#paths + 1] = line
        end
    end
    file:close()
    assert(#paths > 0, "no request paths in " .. args[1])
    position = ((start or 0) * 7919) % #paths
end

function request()
    position = position % #paths + 1
    return wrk.format("GET", paths[position])
end
