-- POST /api/v1/demands with an API token: a different demand every request
-- (kind, title, date, text, targets vary with a per-thread counter), most of
-- them acceptable (201), some refused by a block rule (422):
--
--   40 % documents with a 公文 text (the checker runs on it), 20 % meetings,
--   10 % data requests, 10 % inspections, 10 % tasks naming a duty item of
--   the township they go to: all acceptable, some with warnings;
--    5 % unfiled apps (APP-02): refused;
--    5 % tasks without a duty item: refused by DUTY-01 when the township
--   has a duty list (in the demo year, about a third of these).
--
-- With JIANFU_BENCH_PAUSE_MS (run.sh's demands-paced target) each
-- connection waits a random 0–2 × that many milliseconds before each
-- filing: a steady offered rate instead of a closed loop.
--
-- Environment (set by run.sh): JIANFU_BENCH_TOKEN, JIANFU_BENCH_YEAR,
-- JIANFU_BENCH_ISSUER (an organ the token's account may file for),
-- JIANFU_BENCH_COUNTY (the region its demands target) and
-- JIANFU_BENCH_TOWNSHIPS (a file of that county's township ids).
dofile(os.getenv("JIANFU_BENCH_LUA") .. "/common.lua")
COUNTS_STATUS = true

s201, s422, sother = 0, 0, 0
local n = 0
local headers, year, issuer, county
local townships = {}

local topics = {"春耕生产", "森林防火", "农村人居环境整治", "高标准农田建设", "动物防疫", "防汛抗旱",
                "乡村振兴", "耕地保护", "农产品质量安全", "秸秆综合利用", "农田水利", "种业振兴",
                "农机安全", "禁捕退捕", "农村集体经济", "冬春农业生产"}
local sentences = {
  "各乡镇要高度重视，结合本地实际认真组织实施，确保各项措施落实到位。",
  "请于每月底前将工作进展情况报县农业农村局，联系人及电话另行通知。",
  "要坚持问题导向，聚焦群众反映强烈的突出问题，切实减轻基层负担。",
  "各单位要加强统筹协调，不得层层加码，不得要求基层重复报送材料。",
  "对工作中发现的问题要及时整改，整改情况纳入年度工作总结。",
  "要充分利用现有信息系统共享数据，能够通过系统获取的不再要求基层填报。",
  "县农业农村局将适时组织调研，了解工作推进情况，帮助基层解决实际困难。",
  "资金使用要严格执行有关规定，专款专用，确保资金安全和使用效益。",
  "要做好宣传引导，及时总结推广好的经验做法，营造良好氛围。",
  "各乡镇人民政府是本辖区工作的责任主体，主要负责同志要亲自过问。",
}

function init(args)
  year = os.getenv("JIANFU_BENCH_YEAR")
  issuer = os.getenv("JIANFU_BENCH_ISSUER")
  county = os.getenv("JIANFU_BENCH_COUNTY")
  headers = {["Content-Type"] = "application/json",
             ["Authorization"] = "Bearer " .. os.getenv("JIANFU_BENCH_TOKEN")}
  for line in io.lines(os.getenv("JIANFU_BENCH_TOWNSHIPS")) do
    if #line > 0 then table.insert(townships, line) end
  end
  assert(#townships > 0, "no townships in " .. os.getenv("JIANFU_BENCH_TOWNSHIPS"))
  n = thread_index * 1000003  -- threads draw different demands
  math.randomseed(thread_index * 7919 + os.time())
end

local function date(i)
  return string.format("%s-%02d-%02d", year, i % 12 + 1, i % 28 + 1)
end

local function common(kind, title, i, targets)
  return string.format('{"kind":"%s","issuer":"%s","title":"%s","date":"%s","targets":%s',
                       kind, issuer, title, date(i), targets)
end

local function townships_of(i)
  return string.format('[{"unit":"%s","levels":["township"]}]', county)
end

local function one_township(i)
  return string.format('[{"unit":"%s"}]', townships[i % #townships + 1])
end

local function text(i, topic)
  local parts = {"各乡镇人民政府，县直有关单位：为做好" .. topic .. "工作（第" .. i .. "号），现就有关事项通知如下。"}
  local k = 4 + i % 5
  for j = 0, k - 1 do
    table.insert(parts, "（" .. (j + 1) .. "）" .. sentences[(i * 7 + j * 3) % #sentences + 1])
  end
  table.insert(parts, "特此通知。")
  return table.concat(parts, "\\n")
end

local function demand(i)
  local topic = topics[i % #topics + 1]
  local r = i % 20
  if r < 8 then
    return common("document", "关于做好" .. topic .. "工作的通知", i, townships_of(i)) ..
           string.format(',"form":"%s","doc_no":"永农发〔%s〕%d号","text":"%s"}',
                         (r % 2 == 0) and "white" or "red", year, i % 100000, text(i, topic))
  elseif r < 12 then
    return common("meeting", "全县" .. topic .. "工作推进会", i, townships_of(i)) ..
           string.format(',"type":"business","minutes":%d,"main_speech_minutes":%d,"format":"%s",' ..
                         '"convener_role":"deputy"}', 60 + i % 60, 20, (r % 2 == 0) and "video" or "onsite")
  elseif r < 14 then
    return common("data_request", topic .. "情况统计", i, townships_of(i)) ..
           string.format(',"forms":[{"name":"%s进展情况表","fields":["单位","%s完成数","计划数%d"]}],"due":"%s-12-31"}',
                         topic, topic, i % 50, year)
  elseif r < 16 then
    return common("inspection", topic .. "专题调研", i, one_township(i)) ..
           string.format(',"type":"research","onsite":%s}', (r % 2 == 0) and "true" or "false")
  elseif r < 18 then
    local township = townships[i % #townships + 1]
    return common("task", topic .. "工作任务交办", i, string.format('[{"unit":"%s"}]', township)) ..
           string.format(',"duty_item":"%s-D%02d","description":"完成%s相关工作，按期反馈进展。"}',
                         township, i % 17 + 1, topic)
  elseif r < 19 then  -- refused: not on the township's duty list (DUTY-01)
    return common("task", topic .. "工作任务交办", i, one_township(i)) ..
           string.format(',"description":"完成%s相关工作，按期反馈进展。"}', topic)
  else  -- refused: an app without a filing number (APP-02)
    return common("app", topic .. "掌上通", i, townships_of(i)) ..
           ',"app_type":"app","audience":"grassroots","filing_no":null}'
  end
end

local pause_ms = tonumber(os.getenv("JIANFU_BENCH_PAUSE_MS") or "")
if pause_ms then
  function delay()
    return math.floor(2 * pause_ms * math.random() + 0.5)
  end
end

function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/demands", headers, demand(n))
end

function response(status, hdrs, body)
  if status == 201 then
    s201 = s201 + 1
  elseif status == 422 then
    s422 = s422 + 1
  else
    sother = sother + 1
  end
end
