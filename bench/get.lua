-- A fixed GET (URL and headers from the wrk command line); wrk counts statuses of 400 and above.
local lib = dofile(os.getenv("BENCH_DIR") .. "/lib.lua")
setup = lib.setup
done = lib.done
