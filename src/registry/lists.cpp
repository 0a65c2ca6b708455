// ReadListItems: the plan, duty and activity lists from CSV.
#include <charconv>

#include "jianfu/registry/registry.h"
#include "jianfu/text/csv.h"

namespace jianfu::registry {

Result<std::vector<store::ListItem>> ReadListItems(store::ListItem::List list, const std::filesystem::path& csv) {
  using List = store::ListItem::List;
  const bool duty = list == List::kDuty;
  const std::vector<std::string> columns = {"id", duty ? "township" : "unit", "name", duty ? "category" : "year"};
  auto table = text::ReadCsvTable(csv, columns);
  if (!table) return table.error();
  auto fail = [&](int line, const std::string& field, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, message, csv.string(), field, line);
  };
  std::vector<store::ListItem> out;
  for (const auto& row : table->rows) {
    const auto& v = row.values;
    for (size_t c = 0; c < 3; ++c)
      if (v[c].empty()) return fail(row.line, columns[c], "不能为空");
    store::ListItem item;
    item.list = list;
    item.id = v[0];
    item.unit = v[1];
    item.name = v[2];
    if (duty) {
      if (v[3] != "basic" && v[3] != "cooperative" && v[3] != "taken_back")
        return fail(row.line, "category", "应为 basic（基本履职）、cooperative（配合履职）或 taken_back（上级收回）");
      item.category = v[3];
    } else {
      const auto [end, ec] = std::from_chars(v[3].data(), v[3].data() + v[3].size(), item.year);
      if (ec != std::errc() || end != v[3].data() + v[3].size() || item.year < 1900 || item.year > 2199)
        return fail(row.line, "year", "应为 1900—2199 的年份");
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace jianfu::registry
