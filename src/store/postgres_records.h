// The audit log and approvals on PostgreSQL (schema version 3), with the
// SQLite store's semantics (sqlite_records.cpp). Private to the store module.
#pragma once

#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "jianfu/store/store.h"
#include "pg.h"

namespace jianfu::store::pgrecords {

Status AppendAudit(pg::Conn& conn, AuditEntry& entry);
Status ForEachAudit(pg::Conn& conn, int64_t after, const std::function<bool(const AuditEntry&)>& visit);
Result<std::pair<int64_t, int64_t>> CountDemands(pg::Conn& conn);
// Appends internal::EarlierFilingsEntry when the database holds filings.
Status AuditEarlierFilings(pg::Conn& conn);

// The stored findings the filter selects, a page of them (postgres_query.h).
Result<std::vector<FindingRow>> ListFindings(pg::Conn& conn, const FindingFilter& filter, const Page& page);

Status AddApproval(pg::Conn& conn, Approval& approval);
Result<std::optional<Approval>> GetApproval(pg::Conn& conn, int64_t id);
Result<std::vector<Approval>> ListApprovals(pg::Conn& conn, const ApprovalFilter& filter, const Page& page);
Status DecideApproval(pg::Conn& conn, const Approval& decision);

}  // namespace jianfu::store::pgrecords
