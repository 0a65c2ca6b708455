#include "postgres_records.h"

#include <string>

#include "common.h"
#include "postgres_query.h"

namespace jianfu::store::pgrecords {
namespace {

using pg::Params;
using pg::Rows;

constexpr const char* kApprovalColumns =
    "id, kind, subject, unit, payload, requested_by, requested_at, status, decided_by, decided_at, note";

Approval ReadApproval(const Rows& r, int row) {
  Approval a;
  a.id = r.Int(row, 0);
  a.kind = r.Text(row, 1);
  a.subject = r.Text(row, 2);
  a.unit = r.Text(row, 3);
  a.payload = r.Text(row, 4);
  a.requested_by = r.Text(row, 5);
  a.requested_at = r.Int(row, 6);
  a.status = ParseApprovalStatus(r.View(row, 7)).value_or(Approval::Status::kPending);
  a.decided_by = r.Text(row, 8);
  a.decided_at = r.Int(row, 9);
  a.note = r.Text(row, 10);
  return a;
}

}  // namespace

Status AppendAudit(pg::Conn& conn, AuditEntry& e) {
  pg::Transaction tx(conn);
  if (!tx.status().ok()) return tx.status();
  // Appenders from every process queue on this lock until the appending
  // transaction ends, so nobody reads the head another is about to extend.
  // Readers are not blocked.
  if (auto s = conn.Exec("LOCK TABLE audit IN EXCLUSIVE MODE"); !s.ok()) return s;
  auto head = conn.Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (!head) return head.error();
  if (head->size() > 0) {
    e.seq = head->Int(0, 0) + 1;
    e.prev = head->Text(0, 1);
  } else {
    e.seq = 1;
    e.prev = std::string(kAuditGenesis);
  }
  e.hash = AuditHash(e);
  auto ins = conn.Query(
      "INSERT INTO audit (seq, at, actor, action, object, detail, prev, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
      Params().Add(e.seq).Add(e.at).Add(e.actor).Add(e.action).Add(e.object).Add(e.detail).Add(e.prev).Add(e.hash));
  if (!ins) return ins.error();
  return tx.Commit();
}

Status ForEachAudit(pg::Conn& conn, int64_t after, const std::function<bool(const AuditEntry&)>& visit) {
  // In pages, so a long log is not held in memory at once.
  constexpr int kPage = 10000;
  for (;;) {
    auto r = conn.Query(
        "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
        Params().Add(after).Add(int64_t{kPage}));
    if (!r) return r.error();
    for (int i = 0; i < r->size(); ++i) {
      AuditEntry e;
      e.seq = r->Int(i, 0);
      e.at = r->Int(i, 1);
      e.actor = r->Text(i, 2);
      e.action = r->Text(i, 3);
      e.object = r->Text(i, 4);
      e.detail = r->Text(i, 5);
      e.prev = r->Text(i, 6);
      e.hash = r->Text(i, 7);
      after = e.seq;
      if (!visit(e)) return Ok{};
    }
    if (r->size() < kPage) return Ok{};
  }
}

Result<std::pair<int64_t, int64_t>> CountDemands(pg::Conn& conn) {
  auto r = conn.Query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM demands");
  if (!r) return r.error();
  return std::pair<int64_t, int64_t>{r->Int(0, 0), r->Int(0, 1)};
}

Status AuditEarlierFilings(pg::Conn& conn) {
  auto counted = CountDemands(conn);
  if (!counted) return counted.error();
  if (counted->first == 0) return Ok{};
  AuditEntry e = internal::EarlierFilingsEntry(counted->first, counted->second);
  return AppendAudit(conn, e);
}

Result<std::vector<FindingRow>> ListFindings(pg::Conn& conn, const FindingFilter& f, const Page& page) {
  pgquery::Where w("f.id > $1");
  w.params().Add(page.after);
  if (f.year) w.And("d.year", int64_t{*f.year});
  if (f.issuer) w.And("d.issuer", *f.issuer);
  if (f.rule) w.And("f.rule", *f.rule);
  if (f.kind) w.And("d.kind", std::string(demand::KindName(*f.kind)));
  if (f.visible_to) w.AndReaches(*f.visible_to, true);
  if (f.reaching) w.AndReaches(*f.reaching, false);
  const std::string limit = "$" + std::to_string(w.next());
  w.params().Add(static_cast<int64_t>(page.limit));
  auto r =
      conn.Query(std::string("SELECT f.id, f.demand, d.issuer, to_char(d.date, 'YYYY-MM-DD'), d.kind, ") +
                     pgquery::kFindingColumns + " FROM findings f JOIN demands d ON d.id = f.demand" +
                     w.sql() + " ORDER BY f.id LIMIT " + limit,
                 w.params());
  if (!r) return r.error();
  std::vector<FindingRow> out;
  for (int i = 0; i < r->size(); ++i) {
    FindingRow row;
    row.id = r->Int(i, 0);
    row.demand = r->Int(i, 1);
    row.issuer = r->Text(i, 2);
    auto date = Date::Parse(r->Text(i, 3), "date");
    if (!date)
      return MakeError(ErrorCode::kCorrupt, "数据库中的日期无法解析：" + r->Text(i, 3), conn.where());
    row.date = *date;
    row.kind = demand::ParseKind(r->Text(i, 4)).value_or(demand::Kind::kDocument);
    row.finding = pgquery::ReadFinding(*r, i, 5);
    out.push_back(std::move(row));
  }
  return out;
}

Status AddApproval(pg::Conn& conn, Approval& a) {
  auto r = conn.Query(
      "INSERT INTO approvals (kind, subject, unit, payload, requested_by, requested_at, status, decided_by, "
      "decided_at, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
      Params()
          .Add(a.kind)
          .Add(a.subject)
          .Add(a.unit)
          .Add(a.payload)
          .Add(a.requested_by)
          .Add(a.requested_at)
          .Add(ApprovalStatusName(a.status))
          .Add(a.decided_by)
          .Add(a.decided_at)
          .Add(a.note));
  if (!r) return r.error();
  a.id = r->Int(0, 0);
  return Ok{};
}

Result<std::optional<Approval>> GetApproval(pg::Conn& conn, int64_t id) {
  auto r = conn.Query(std::string("SELECT ") + kApprovalColumns + " FROM approvals WHERE id = $1", Params().Add(id));
  if (!r) return r.error();
  if (r->size() == 0) return std::optional<Approval>();
  return std::optional<Approval>(ReadApproval(*r, 0));
}

Result<std::vector<Approval>> ListApprovals(pg::Conn& conn, const ApprovalFilter& f, const Page& page) {
  // Unused filters compare a parameter with itself: one statement text.
  auto r = conn.Query(std::string("SELECT ") + kApprovalColumns +
                          " FROM approvals WHERE id > $1 AND ($2 = '' OR status = $2) AND ($3 = '' OR kind = $3) "
                          "AND ($4 = '' OR subject = $4) ORDER BY id LIMIT $5",
                      Params()
                          .Add(page.after)
                          .Add(f.status ? ApprovalStatusName(*f.status) : "")
                          .Add(f.kind.value_or(""))
                          .Add(f.subject.value_or(""))
                          .Add(static_cast<int64_t>(page.limit)));
  if (!r) return r.error();
  std::vector<Approval> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadApproval(*r, i));
  return out;
}

Status DecideApproval(pg::Conn& conn, const Approval& d) {
  auto r = conn.Query(
      "UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3, note = $4 "
      "WHERE id = $5 AND status = 'pending' RETURNING 1",
      Params().Add(ApprovalStatusName(d.status)).Add(d.decided_by).Add(d.decided_at).Add(d.note).Add(d.id));
  if (!r) return r.error();
  if (r->size() > 0) return Ok{};
  auto exists = conn.Query("SELECT 1 FROM approvals WHERE id = $1", Params().Add(d.id));
  if (!exists) return exists.error();
  if (exists->size() == 0)
    return MakeError(ErrorCode::kNotFound, "审批 " + std::to_string(d.id) + " 不存在", {}, "id");
  return MakeError(ErrorCode::kConflict, "审批 " + std::to_string(d.id) + " 已经办结，不能再次决定", {}, "id");
}

}  // namespace jianfu::store::pgrecords
