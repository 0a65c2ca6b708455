// include/jianfu/registry/json.h
//
// The JSON form of filings and findings, shared by the command line
// (jianfu file, demands, findings) and the HTTP API, so both say the same.
// Documented in docs/registry.md.
#pragma once

#include <nlohmann/json.hpp>

#include "jianfu/registry/registry.h"

namespace jianfu::registry {

// {"rule","severity","justified","title","message","citation","excerpt"?,"related"?}
nlohmann::json FindingToJson(const Finding& f);
// {"accepted", "id", "code", "demand", "findings", "summary": {"block","warn","info","justified"}}
nlohmann::json FilingResultToJson(const FilingResult& r);
// A stored filing: {"id","code","filed_at","demand","findings"}.
nlohmann::json FilingToJson(const store::Filing& f);
nlohmann::json FindingRowToJson(const store::FindingRow& r);
// {"unit","path","year","months": [{"month","demands": {kind: n},"hours"}],"total": {"demands","hours"}}
nlohmann::json LedgerToJson(const Registry::Ledger& ledger);
// A unit for pickers: {"id","name","level","path","organ_type"?}.
nlohmann::json UnitToJson(const units::UnitTree& tree, uint32_t unit);

}  // namespace jianfu::registry
