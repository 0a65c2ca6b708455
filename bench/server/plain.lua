-- GET of one fixed path (wrk's URL): /healthz, and nginx's static file.
dofile(os.getenv("JIANFU_BENCH_LUA") .. "/common.lua")
