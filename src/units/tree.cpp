// UnitTree::Build: index the records, link parents, order children, number
// the units in pre-order, then copy ids and names into one buffer.
#include "jianfu/units/tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>

namespace jianfu::units {
namespace {

// The id hash: open addressing with linear probing over slots holding
// (high 32 bits of the hash) << 32 | unit index, so that a probe past another
// key rarely has to read that key.
constexpr uint64_t kEmptySlot = UINT64_MAX;

size_t HashId(std::string_view id) {
  return std::hash<std::string_view>{}(id);
}

// Slots for n keys: a power of two at least 1.5 n.
std::vector<uint64_t> MakeSlots(size_t n) {
  size_t cap = 8;
  while (cap < n + n / 2) cap *= 2;
  return std::vector<uint64_t>(cap, kEmptySlot);
}

// Inserts index i with key id_of(i), whose hash is h; returns the index already holding an
// equal key, or kNone.
template <typename IdOf>
uint32_t Insert(std::vector<uint64_t>& slots, uint32_t i, uint64_t h, const IdOf& id_of) {
  const size_t mask = slots.size() - 1;
  const std::string_view id = id_of(i);
  const uint64_t tag = h >> 32 << 32;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    if (slots[s] == kEmptySlot) {
      slots[s] = tag | i;
      return kNone;
    }
    const auto at = static_cast<uint32_t>(slots[s]);
    if ((slots[s] & ~uint64_t{UINT32_MAX}) == tag && id_of(at) == id) return at;
  }
}

template <typename IdOf>
uint32_t Lookup(const std::vector<uint64_t>& slots, std::string_view id, const IdOf& id_of) {
  if (slots.empty()) return kNone;
  const size_t mask = slots.size() - 1;
  const uint64_t h = HashId(id);
  const uint64_t tag = h >> 32 << 32;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    if (slots[s] == kEmptySlot) return kNone;
    const auto at = static_cast<uint32_t>(slots[s]);
    if ((slots[s] & ~uint64_t{UINT32_MAX}) == tag && id_of(at) == id) return at;
  }
}

Error BuildError(std::string field, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "", std::move(field));
}

}  // namespace

Result<UnitTree> UnitTree::Build(std::vector<UnitRecord> records) {
  const size_t n = records.size();
  if (n >= kNone) return BuildError("", fmt::format("单位太多（最多 {} 个）", kNone - 1));
  auto record_id = [&](uint32_t i) -> std::string_view { return records[i].id; };

  // Index the ids. Random writes to a table larger than the cache: hash ahead and prefetch
  // the slot a few keys before its insert.
  std::vector<uint64_t> slots = MakeSlots(n);
  {
    constexpr uint32_t kAhead = 16;
    const size_t mask = slots.size() - 1;
    std::vector<uint64_t> hashes(n);
    for (uint32_t i = 0; i < n; ++i) hashes[i] = HashId(records[i].id);
    for (uint32_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&slots[hashes[i + kAhead] & mask]);
      if (records[i].id.empty()) {
        return BuildError("id", fmt::format("第 {} 个单位（{}）没有编号", i + 1, records[i].name));
      }
      if (Insert(slots, i, hashes[i], record_id) != kNone) {
        return BuildError("id", fmt::format("单位编号 {} 重复", records[i].id));
      }
    }
  }

  // Link parents and regions, and check what one link can show.
  std::vector<uint32_t> parent(n, kNone);
  std::vector<uint32_t> region(n, kNone);
  for (uint32_t i = 0; i < n; ++i) {
    const UnitRecord& r = records[i];
    if (!r.parent.empty()) {
      // Siblings usually come together (the villages of one township).
      const uint32_t p = i > 0 && parent[i - 1] != kNone && records[i - 1].parent == r.parent
                             ? parent[i - 1]
                             : Lookup(slots, r.parent, record_id);
      if (p == kNone) return BuildError("parent", fmt::format("单位 {} 的上级 {} 不存在", r.id, r.parent));
      const UnitRecord& up = records[p];
      if (!r.organ_type && up.organ_type) {
        return BuildError("parent", fmt::format("区划 {} 的上级 {} 是机构，不是区划", r.id, up.id));
      }
      if (r.level < up.level) {
        return BuildError("parent", fmt::format("单位 {}（{}）的层级高于它的上级 {}（{}）", r.id,
                                                LevelLabel(r.level), up.id, LevelLabel(up.level)));
      }
      if (r.organ_type && !up.organ_type && r.parent != r.region) {
        return BuildError("parent",
                          fmt::format("机构 {} 直属区划 {}，但它的所属区划是 {}", r.id, r.parent, r.region));
      }
      parent[i] = p;
    }
    if (!r.organ_type) {
      if (!r.region.empty() && r.region != r.id) {
        return BuildError("region",
                          fmt::format("区划 {} 的 region 应为它自己的代码，而不是 {}", r.id, r.region));
      }
      region[i] = i;
      continue;
    }
    const uint32_t g = Lookup(slots, r.region, record_id);
    if (g == kNone) return BuildError("region", fmt::format("机构 {} 的所属区划 {} 不存在", r.id, r.region));
    const UnitRecord& home = records[g];
    if (home.organ_type) {
      return BuildError("region", fmt::format("机构 {} 的所属区划 {} 是机构", r.id, r.region));
    }
    if (home.level != r.level) {
      return BuildError("region", fmt::format("机构 {} 是{}，但所属区划 {} 是{}", r.id, LevelLabel(r.level),
                                              r.region, LevelLabel(home.level)));
    }
    region[i] = g;
  }

  // Children of each unit (and the roots, under n), as slices of `kids`:
  // organs first, then regions, each by id.
  std::vector<uint32_t> first(n + 2, 0);
  for (uint32_t i = 0; i < n; ++i) ++first[(parent[i] == kNone ? n : parent[i]) + 1];
  for (size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
  std::vector<uint32_t> kids(n);
  {
    std::vector<uint32_t> fill(first.begin(), first.end() - 1);
    for (uint32_t i = 0; i < n; ++i) kids[fill[parent[i] == kNone ? n : parent[i]]++] = i;
  }
  auto tree_order = [&](uint32_t a, uint32_t b) {
    const bool ra = !records[a].organ_type, rb = !records[b].organ_type;
    if (ra != rb) return rb;
    return records[a].id < records[b].id;
  };
  for (size_t p = 0; p <= n; ++p) {
    if (first[p + 1] - first[p] > 1)
      std::sort(kids.begin() + first[p], kids.begin() + first[p + 1], tree_order);
  }

  // Pre-order numbering from the roots. Units left unnumbered hang from a cycle.
  std::vector<uint32_t> order;  // new index -> record
  order.reserve(n);
  std::vector<uint32_t> number(n, kNone);  // record -> new index
  std::vector<uint32_t> end(n, 0);         // by new index
  struct Frame {
    uint32_t record;
    uint32_t next_kid;
  };
  std::vector<Frame> stack;
  for (uint32_t k = first[n]; k < first[n + 1]; ++k) {
    stack.push_back({kids[k], first[kids[k]]});
    number[kids[k]] = static_cast<uint32_t>(order.size());
    order.push_back(kids[k]);
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next_kid == first[top.record + 1]) {
        end[number[top.record]] = static_cast<uint32_t>(order.size());
        stack.pop_back();
        continue;
      }
      const uint32_t kid = kids[top.next_kid++];
      if (stack.size() > static_cast<size_t>(kMaxDepth)) {
        return BuildError("parent", fmt::format("单位 {} 的上级超过 {} 层", records[kid].id, kMaxDepth));
      }
      number[kid] = static_cast<uint32_t>(order.size());
      order.push_back(kid);
      stack.push_back({kid, first[kid]});
    }
  }
  if (order.size() < n) {
    uint32_t at = 0;
    while (number[at] != kNone) ++at;
    // Walk up until a unit repeats; the repeat is on the cycle.
    std::vector<bool> seen(n, false);
    while (!seen[at]) {
      seen[at] = true;
      at = parent[at];
    }
    std::string chain = records[at].id;
    int shown = 0;
    for (uint32_t u = parent[at];; u = parent[u]) {
      if (++shown > 8 && u != at) {
        chain += " → …";
        u = at;
      }
      chain += " → " + records[u].id;
      if (u == at) break;
    }
    return BuildError("parent", fmt::format("上级关系构成循环：{}", chain));
  }

  // Lay the units out in tree order.
  UnitTree tree;
  size_t chars = 0;
  for (const UnitRecord& r : records) chars += r.id.size() + r.name.size();
  tree.chars_.resize(chars);
  tree.units_.resize(n);
  char* out = tree.chars_.data();
  for (uint32_t i = 0; i < n; ++i) {
    UnitRecord& r = records[order[i]];
    Unit& u = tree.units_[i];
    std::memcpy(out, r.id.data(), r.id.size());
    u.id = std::string_view(out, r.id.size());
    out += r.id.size();
    std::memcpy(out, r.name.data(), r.name.size());
    u.name = std::string_view(out, r.name.size());
    out += r.name.size();
    u.parent = parent[order[i]] == kNone ? kNone : number[parent[order[i]]];
    u.region = number[region[order[i]]];
    u.subtree_end = end[i];
    u.level = r.level;
    u.organ_type = r.organ_type;
    u.depth = static_cast<uint8_t>(u.parent == kNone ? 0 : tree.units_[u.parent].depth + 1);
    // Free the record's strings as we go: the peak stays near one copy.
    r = UnitRecord{};
  }
  // The ids hash as before: only the indices change.
  for (uint64_t& slot : slots) {
    if (slot != kEmptySlot) slot = (slot & ~uint64_t{UINT32_MAX}) | number[static_cast<uint32_t>(slot)];
  }
  tree.slots_ = std::move(slots);
  return tree;
}

std::optional<uint32_t> UnitTree::Find(std::string_view id) const {
  const uint32_t i = Lookup(slots_, id, [this](uint32_t k) { return units_[k].id; });
  if (i == kNone) return std::nullopt;
  return i;
}

std::vector<uint32_t> UnitTree::Path(uint32_t i) const {
  std::vector<uint32_t> path;
  path.reserve(units_[i].depth + 1u);
  for (uint32_t u = i; u != kNone; u = units_[u].parent) path.push_back(u);
  std::reverse(path.begin(), path.end());
  return path;
}

std::string UnitTree::PathName(uint32_t i) const {
  std::string out;
  for (uint32_t u : Path(i)) {
    if (!out.empty()) out += '/';
    out += units_[u].name;
  }
  return out;
}

std::vector<uint32_t> UnitTree::Children(uint32_t i) const {
  std::vector<uint32_t> kids;
  for (uint32_t k = i + 1; k < units_[i].subtree_end; k = units_[k].subtree_end) kids.push_back(k);
  return kids;
}

std::vector<uint32_t> UnitTree::Roots() const {
  std::vector<uint32_t> roots;
  for (uint32_t k = 0; k < size(); k = units_[k].subtree_end) roots.push_back(k);
  return roots;
}

size_t UnitTree::MemoryBytes() const {
  return units_.capacity() * sizeof(Unit) + chars_.capacity() + slots_.capacity() * sizeof(uint64_t);
}

std::vector<uint32_t> Search(const UnitTree& tree, std::string_view query, size_t limit) {
  std::vector<uint32_t> hits;
  if (query.empty() || limit == 0) return hits;
  const std::optional<uint32_t> exact = tree.Find(query);
  if (exact) hits.push_back(*exact);
  for (uint32_t i = 0; i < tree.size() && hits.size() < limit; ++i) {
    if (exact && i == *exact) continue;
    const Unit& u = tree.at(i);
    if (u.id.substr(0, query.size()) == query || u.name.find(query) != std::string_view::npos)
      hits.push_back(i);
  }
  return hits;
}

}  // namespace jianfu::units
