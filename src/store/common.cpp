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
