// What the SQLite and PostgreSQL stores share: how a stored row becomes a
// demand again, and the JSON columns. Private to the store module.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianfu/store/store.h"

namespace jianfu::store::internal {

// A target's organ types as a JSON array of numbers ("[]" for all).
nlohmann::json OrganTypesJson(const units::Scope& s);

// SQL (SQLite and PostgreSQL alike): whether the demand row `d` reaches the
// unit bound at placeholder `unit` ("?7", "$4"), or — with `issued_within`
// — is also issued within its subtree: DemandFilter's reaching and
// visible_to. Reads the tree from the units table (by parent: the index
// units_parent, schema version 4); a unit missing from it is a leaf.
std::string ReachesSql(const std::string& unit, bool issued_within);

// A finding's related demand ids from their JSON array (bad entries skipped).
std::vector<int64_t> ParseRelated(std::string_view json);


// The demand stored as `body` under `id`; kCorrupt naming `where` otherwise.
Result<demand::Demand> DecodeDemand(int64_t id, const std::string& body, const std::string& where);

// Decodes (id, body) rows on every core (decoding is most of rebuilding the
// history at national scale), then visits them in order on this thread.
Status DecodeAndVisit(const std::vector<std::pair<int64_t, std::string>>& rows, const std::string& where,
                      const std::function<void(demand::Demand&&)>& visit);

// The entry that starts the audit log of a database upgraded from schema 2
// with `count` filings up to `max_id`: it accounts for them (audit::Verify).
AuditEntry EarlierFilingsEntry(int64_t count, int64_t max_id);

}  // namespace jianfu::store::internal
