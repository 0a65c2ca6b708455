// The audit log and approvals on SQLite, private to the store module
// (SqliteStore's methods call these; sqlite_store.cpp holds the schema).
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "jianfu/store/store.h"
#include "sqlite.h"

namespace jianfu::store::sqlite {

// Migration N takes the schema from version N to N+1 (sqlite_schema.cpp).
extern const char* const kMigrations[kSchemaVersion];

Status AppendAudit(Db& db, AuditEntry& entry);
Status ForEachAudit(Db& db, int64_t after, const std::function<bool(const AuditEntry&)>& visit);
Result<std::pair<int64_t, int64_t>> CountDemands(Db& db);
// Appends internal::EarlierFilingsEntry when the database holds filings.
Status AuditEarlierFilings(Db& db);

Status AddApproval(Db& db, Approval& approval);
Result<std::optional<Approval>> GetApproval(Db& db, int64_t id);
Result<std::vector<Approval>> ListApprovals(Db& db, const ApprovalFilter& filter, const Page& page);
Status DecideApproval(Db& db, const Approval& decision);

}  // namespace jianfu::store::sqlite
