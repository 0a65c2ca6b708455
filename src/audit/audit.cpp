#include "jianfu/audit/audit.h"

#include <pwd.h>
#include <unistd.h>

#include <charconv>
#include <ctime>
#include <map>

namespace jianfu::audit {
namespace {

void Add(Report& r, int64_t seq, std::string what) {
  ++r.problem_count;
  if (r.problems.size() < kMaxProblems) r.problems.push_back({seq, std::move(what)});
}

std::string Seq(int64_t seq) {
  return "第 " + std::to_string(seq) + " 条";
}

// The demand ids a filing entry accounts for, as [first, last].
std::optional<std::pair<int64_t, int64_t>> FiledIds(const store::AuditEntry& e) {
  if (e.action == kFile && e.object.starts_with("demand/")) {
    int64_t id = 0;
    const char* b = e.object.data() + 7;
    const char* end = e.object.data() + e.object.size();
    if (auto [p, ec] = std::from_chars(b, end, id); ec == std::errc() && p == end && id > 0)
      return std::pair{id, id};
    return std::nullopt;
  }
  if (e.action == kFileBatch) {
    const auto d = nlohmann::json::parse(e.detail, nullptr, false);
    if (d.is_object() && d.contains("first") && d.contains("last") && d["first"].is_number_integer() &&
        d["last"].is_number_integer() && d["first"].get<int64_t>() <= d["last"].get<int64_t>())
      return std::pair{d["first"].get<int64_t>(), d["last"].get<int64_t>()};
  }
  return std::nullopt;
}

}  // namespace

store::AuditEntry Entry(std::string actor, std::string action, std::string object,
                        const nlohmann::json& detail) {
  store::AuditEntry e;
  e.at = static_cast<int64_t>(std::time(nullptr));
  e.actor = std::move(actor);
  e.action = std::move(action);
  e.object = std::move(object);
  e.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return e;
}

nlohmann::json ToJson(const store::AuditEntry& e) {
  return {{"seq", e.seq},       {"at", e.at},
          {"actor", e.actor},   {"action", e.action},
          {"object", e.object}, {"detail", nlohmann::json::parse(e.detail, nullptr, false)},
          {"prev", e.prev},     {"hash", e.hash}};
}

std::string CliActor() {
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return std::string("cli:") + pw->pw_name;
  return "cli:" + std::to_string(geteuid());
}

Status Recorded(store::Store& store, store::AuditEntry entry,
                const std::function<Status(store::AuditEntry& entry)>& write) {
  if (auto s = store.BeginBatch(); !s.ok()) return s;
  Status s = write(entry);
  if (s.ok()) s = store.AppendAudit(entry);
  if (s.ok()) return store.CommitBatch();
  (void)store.AbortBatch();
  return s;
}

Result<Anchor> ParseAnchor(std::string_view text, std::string_view field) {
  const auto colon = text.find(':');
  Anchor a;
  const auto bad = [&] {
    return MakeError(ErrorCode::kInvalidArgument,
                     "锚点“" + std::string(text) + "”格式不对，应为 序号:哈希（audit verify 输出的最后一条）",
                     {}, std::string(field));
  };
  if (colon == std::string_view::npos) return bad();
  auto [p, ec] = std::from_chars(text.data(), text.data() + colon, a.seq);
  if (ec != std::errc() || p != text.data() + colon || a.seq <= 0) return bad();
  a.hash = std::string(text.substr(colon + 1));
  if (a.hash.size() != 64 || a.hash.find_first_not_of("0123456789abcdef") != std::string::npos) return bad();
  return a;
}

Result<Report> Verify(store::Store& store, const std::vector<Anchor>& anchors) {
  Report r;
  std::map<int64_t, const Anchor*> anchor_at;
  for (const auto& a : anchors) anchor_at[a.seq] = &a;
  std::string last_hash(store::kAuditGenesis);
  int64_t last_seq = 0;
  // Filing entries: how many ids they cover and the highest.
  std::vector<std::pair<int64_t, int64_t>> filed;
  auto walked = store.ForEachAudit(0, [&](const store::AuditEntry& e) {
    ++r.entries;
    if (e.seq != last_seq + 1) {
      if (e.seq <= last_seq)
        Add(r, e.seq, Seq(e.seq) + "出现在第 " + std::to_string(last_seq) + " 条之后：顺序被改动");
      else
        Add(r, e.seq,
            "缺少第 " + std::to_string(last_seq + 1) +
                (e.seq - 1 > last_seq + 1 ? "–" + std::to_string(e.seq - 1) : std::string()) +
                " 条：条目被删除");
    } else if (e.prev != last_hash) {
      Add(r, e.seq,
          Seq(e.seq) + "记录的前一条哈希与第 " + std::to_string(last_seq) +
              " 条不符：其前的条目被删除、插入、调换或改动后重算了哈希");
    }
    if (store::AuditHash(e) != e.hash) Add(r, e.seq, Seq(e.seq) + "的内容与其哈希不符：条目被改动");
    if (auto it = anchor_at.find(e.seq); it != anchor_at.end()) {
      if (it->second->hash != e.hash) Add(r, e.seq, Seq(e.seq) + "的哈希与锚点不符：该条或其前的日志被改写");
      anchor_at.erase(it);
    }
    if (auto ids = FiledIds(e)) filed.push_back(*ids);
    last_seq = e.seq;
    last_hash = e.hash;
    return true;
  });
  if (!walked.ok()) return walked.error();
  r.head_seq = last_seq;
  r.head_hash = r.entries ? last_hash : std::string();
  for (const auto& [seq, a] : anchor_at)
    Add(r, seq, "锚点所指的第 " + std::to_string(seq) + " 条不存在：日志末尾被删除");

  // Every stored demand was filed by an entry: a log cut short after its
  // last filing no longer accounts for the newest demands.
  auto counted = store.CountDemands();
  if (!counted) return counted.error();
  const auto [count, max_id] = *counted;
  std::sort(filed.begin(), filed.end());
  int64_t covered = 0, highest = 0, end = 0;
  for (const auto& [first, last] : filed) {
    const int64_t from = std::max(first, end + 1);
    if (last >= from) covered += last - from + 1;
    end = std::max(end, last);
    highest = std::max(highest, last);
  }
  if (max_id > highest)
    Add(r, 0,
        "第 " + std::to_string(highest + 1) + "–" + std::to_string(max_id) +
            " 号事项没有登记的审计记录：日志末尾的条目可能被删除");
  else if (covered < count)
    Add(r, 0, std::to_string(count - covered) + " 件事项没有登记的审计记录：相应条目可能被删除");
  return r;
}

}  // namespace jianfu::audit
