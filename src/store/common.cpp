#include "common.h"

#include <algorithm>
#include <optional>
#include <thread>

namespace jianfu::store::internal {

nlohmann::json OrganTypesJson(const units::Scope& s) {
  nlohmann::json a = nlohmann::json::array();
  for (auto t : s.organ_types) a.push_back(static_cast<int>(t));
  return a;
}

std::string ReachesSql(const std::string& unit, bool issued_within) {
  // The units of the subtree (the unit itself included), and those above it.
  const std::string subtree = "(WITH RECURSIVE sub(id) AS (SELECT CAST(" + unit +
                              " AS TEXT) UNION SELECT c.id FROM units c JOIN sub ON c.parent = sub.id) "
                              "SELECT id FROM sub)";
  const std::string above =
      "(WITH RECURSIVE anc(id) AS (SELECT parent FROM units WHERE id = " + unit +
      " UNION SELECT p.parent FROM units p JOIN anc ON p.id = anc.id) SELECT id FROM anc)";
  // A target rooted above the unit `me`: it covers me (my level, and my
  // organ type when it names some; a region matches no organ type), or I
  // am a region and it covers a level below mine. organ_types is a JSON
  // array of numbers: ",1,3," contains ",3,".
  const std::string covers = "EXISTS (SELECT 1 FROM units me WHERE me.id = " + unit +
                             " AND (((t.levels & (1 << me.level)) <> 0 AND (t.organ_types = '[]' OR "
                             "replace(replace(replace(t.organ_types, ' ', ''), '[', ','), ']', ',') LIKE "
                             "('%,' || me.organ_type || ',%'))) OR (me.organ_type IS NULL AND "
                             "(t.levels & ~((2 << me.level) - 1)) <> 0)))";
  std::string sql = "(";
  if (issued_within) sql += "d.issuer IN " + subtree + " OR ";
  sql += "EXISTS (SELECT 1 FROM targets t WHERE t.demand = d.id AND (t.unit IN " + subtree +
         " OR (t.unit IN " + above + " AND " + covers + "))))";
  return sql;
}

std::vector<int64_t> ParseRelated(std::string_view text) {
  std::vector<int64_t> out;
  const auto related = nlohmann::json::parse(text, nullptr, false);
  if (related.is_array())
    for (const auto& r : related)
      if (r.is_number_integer()) out.push_back(r.get<int64_t>());
  return out;
}

Result<demand::Demand> DecodeDemand(int64_t id, const std::string& body, const std::string& where) {
  auto d = demand::ParseDemand(body);
  if (!d)
    return MakeError(ErrorCode::kCorrupt,
                     "数据库中第 " + std::to_string(id) + " 号事项已损坏：" + d.error().message, where);
  d->id = id;
  return d;
}

Status DecodeAndVisit(const std::vector<std::pair<int64_t, std::string>>& rows, const std::string& where,
                      const std::function<void(demand::Demand&&)>& visit) {
  const size_t workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::optional<Result<demand::Demand>>> decoded(rows.size());
  const size_t parts = std::min(workers, rows.size());
  auto decode = [&](size_t w) {
    for (size_t i = rows.size() * w / parts; i < rows.size() * (w + 1) / parts; ++i)
      decoded[i].emplace(DecodeDemand(rows[i].first, rows[i].second, where));
  };
  {
    std::vector<std::jthread> pool;
    for (size_t w = 1; w < parts; ++w) pool.emplace_back(decode, w);
    if (parts > 0) decode(0);
  }
  for (auto& d : decoded) {
    if (!*d) return d->error();
    visit(std::move(**d));
  }
  return Ok{};
}

}  // namespace jianfu::store::internal

namespace jianfu::store {

const char* ListName(ListItem::List list) {
  switch (list) {
    case ListItem::List::kPlan:
      return "plan";
    case ListItem::List::kDuty:
      return "duty";
    case ListItem::List::kActivity:
      return "activity";
  }
  return "plan";
}

}  // namespace jianfu::store
