#include "sqlite_records.h"

#include "common.h"

namespace jianfu::store::sqlite {
namespace {

constexpr const char* kApprovalColumns =
    "id, kind, subject, unit, payload, requested_by, requested_at, status, decided_by, decided_at, note";

Approval ReadApproval(const Stmt& st) {
  Approval a;
  a.id = st.Int(0);
  a.kind = st.Text(1);
  a.subject = st.Text(2);
  a.unit = st.Text(3);
  a.payload = st.Text(4);
  a.requested_by = st.Text(5);
  a.requested_at = st.Int(6);
  a.status = ParseApprovalStatus(st.Text(7)).value_or(Approval::Status::kPending);
  a.decided_by = st.Text(8);
  a.decided_at = st.Int(9);
  a.note = st.Text(10);
  return a;
}

}  // namespace

Status AppendAudit(Db& db, AuditEntry& e) {
  // The write lock taken by the transaction orders appends from every
  // connection: nobody else can append between reading the head and
  // inserting after it.
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  Stmt head(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (head.Step()) {
    e.seq = head.Int(0) + 1;
    e.prev = head.Text(1);
  } else {
    if (head.failed()) return db.Fail("读取审计日志失败");
    e.seq = 1;
    e.prev = std::string(kAuditGenesis);
  }
  e.hash = AuditHash(e);
  Stmt ins(db,
           "INSERT INTO audit (seq, at, actor, action, object, detail, prev, hash) VALUES (?,?,?,?,?,?,?,?)");
  ins.Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor).Bind(4, e.action).Bind(5, e.object).Bind(6, e.detail);
  ins.Bind(7, e.prev).Bind(8, e.hash);
  if (auto s = ins.Run(); !s.ok()) return s;
  return tx.Commit();
}

Status ForEachAudit(Db& db, int64_t after, const std::function<bool(const AuditEntry&)>& visit) {
  Stmt st(db,
          "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit WHERE seq > ? ORDER BY seq");
  st.Bind(1, after);
  while (st.Step()) {
    AuditEntry e;
    e.seq = st.Int(0);
    e.at = st.Int(1);
    e.actor = st.Text(2);
    e.action = st.Text(3);
    e.object = st.Text(4);
    e.detail = st.Text(5);
    e.prev = st.Text(6);
    e.hash = st.Text(7);
    if (!visit(e)) return Ok{};
  }
  if (st.failed()) return db.Fail("读取审计日志失败");
  return Ok{};
}

Result<std::pair<int64_t, int64_t>> CountDemands(Db& db) {
  Stmt st(db, "SELECT COUNT(*), IFNULL(MAX(id), 0) FROM demands");
  if (!st.Step()) return db.Fail("读取事项失败");
  return std::pair<int64_t, int64_t>{st.Int(0), st.Int(1)};
}

Status AuditEarlierFilings(Db& db) {
  auto counted = CountDemands(db);
  if (!counted) return counted.error();
  if (counted->first == 0) return Ok{};
  AuditEntry e = internal::EarlierFilingsEntry(counted->first, counted->second);
  return AppendAudit(db, e);
}

Status AddApproval(Db& db, Approval& a) {
  Stmt st(
      db,
      "INSERT INTO approvals (kind, subject, unit, payload, requested_by, requested_at, status, decided_by, "
      "decided_at, note) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  st.Bind(1, a.kind).Bind(2, a.subject).Bind(3, a.unit).Bind(4, a.payload).Bind(5, a.requested_by);
  st.Bind(6, a.requested_at)
      .Bind(7, ApprovalStatusName(a.status))
      .Bind(8, a.decided_by)
      .Bind(9, a.decided_at);
  st.Bind(10, a.note);
  if (!st.Step()) return db.Fail("保存审批申请失败");
  a.id = st.Int(0);
  return st.Run();
}

Result<std::optional<Approval>> GetApproval(Db& db, int64_t id) {
  Stmt st(db, std::string("SELECT ") + kApprovalColumns + " FROM approvals WHERE id = ?");
  st.Bind(1, id);
  if (!st.Step()) {
    if (st.failed()) return db.Fail("读取审批失败");
    return std::optional<Approval>();
  }
  return std::optional<Approval>(ReadApproval(st));
}

Result<std::vector<Approval>> ListApprovals(Db& db, const ApprovalFilter& f, const Page& page) {
  std::string sql = std::string("SELECT ") + kApprovalColumns + " FROM approvals WHERE id > ?1";
  if (f.status) sql += " AND status = ?2";
  if (f.kind) sql += " AND kind = ?3";
  if (f.subject) sql += " AND subject = ?4";
  sql += " ORDER BY id LIMIT ?5";
  Stmt st(db, sql);
  st.Bind(1, page.after).Bind(5, static_cast<int64_t>(page.limit));
  if (f.status) st.Bind(2, ApprovalStatusName(*f.status));
  if (f.kind) st.Bind(3, *f.kind);
  if (f.subject) st.Bind(4, *f.subject);
  std::vector<Approval> out;
  while (st.Step()) out.push_back(ReadApproval(st));
  if (st.failed()) return db.Fail("读取审批失败");
  return out;
}

Status DecideApproval(Db& db, const Approval& d) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  Stmt st(db,
          "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ? "
          "WHERE id = ? AND status = 'pending'");
  st.Bind(1, ApprovalStatusName(d.status)).Bind(2, d.decided_by).Bind(3, d.decided_at).Bind(4, d.note);
  st.Bind(5, d.id);
  if (auto s = st.Run(); !s.ok()) return s;
  if (sqlite3_changes(db.get()) == 0) {
    Stmt exists(db, "SELECT status FROM approvals WHERE id = ?");
    exists.Bind(1, d.id);
    if (!exists.Step())
      return MakeError(ErrorCode::kNotFound, "审批 " + std::to_string(d.id) + " 不存在", {}, "id");
    return MakeError(ErrorCode::kConflict, "审批 " + std::to_string(d.id) + " 已经办结，不能再次决定", {},
                     "id");
  }
  return tx.Commit();
}

}  // namespace jianfu::store::sqlite
