// include/jianfu/registry/registry.h
//
// Registry: the heart of jianfu. A filing unit files a demand (demand.h);
// File() checks it at once against every rule that applies — the text rules
// of the document checker on its text, rules on its own fields (a 90-minute
// main speech, a secondment from a township), and rules on its history (the
// 41st document of the year against 38 last year, the fourth visit to one
// township this month) — and, unless a `block` finding refuses it, stores it
// with its findings and a signed verification code, in one transaction.
//
// The history rules run on an in-memory index of every stored demand, built
// when the registry opens and kept current by File(), so a filing costs
// microseconds to a few milliseconds whatever the size of the database.
// Rules, thresholds and messages are data (rules/*.toml, kind "registry").
//
// Not thread-safe: one Registry serves one thread (the server will put a
// lock around it or give each worker a read-only view).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jianfu/codes/codes.h"
#include "jianfu/core/result.h"
#include "jianfu/demand/demand.h"
#include "jianfu/rules/ruleset.h"
#include "jianfu/store/store.h"
#include "jianfu/units/tree.h"

namespace jianfu::registry {

using Finding = store::StoredFinding;

struct FilingResult {
  // False when a block finding that no justification lifts refuses the
  // demand; then nothing was stored and filing.demand.id is 0.
  bool accepted = false;
  store::Filing filing;
};

// Signs an accepted demand (jianfu::codes); called with the id assigned.
using CodeSigner = std::function<std::string(const demand::Demand&)>;

struct Options {
  rules::RuleSet rules;
  CodeSigner sign;                  // required for File() with store = true
  std::filesystem::path cache_dir;  // for the text checker's compiled phrases
};

// The days a demand's verification code is valid: from its date to the end
// of what it imposes — an inspection's end_date, a data request's due date,
// a meeting's day, a secondment's months — or a year for open-ended ones
// (documents, apps, tasks, activities). docs/codes.md.
std::pair<Date, Date> ValidityWindow(const demand::Demand& d);

// What a stored demand's verification code says of it: id, issuer, kind,
// ValidityWindow and its target scopes with their digest (codes::Issue
// signs it).
codes::Claims CodeClaims(const demand::Demand& d);

// Reads a list from CSV (header line required, columns in any order):
//   plan      id,unit,name,year           the annual inspection plan
//   duty      id,township,name,category   履职事项清单: basic | cooperative | taken_back
//   activity  id,unit,name,year           the approved 创建示范 items
// Errors name the file, line and column. Whether the units exist is checked
// by Registry::ImportListItems.
Result<std::vector<store::ListItem>> ReadListItems(store::ListItem::List list,
                                                   const std::filesystem::path& csv);

class Registry {
 public:
  // Loads the tree, the lists and the history from the store. Fails when a
  // registry rule names an id this build does not implement.
  static Result<std::unique_ptr<Registry>> Open(std::unique_ptr<store::Store> store, Options options);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Checks a demand and, when accepted and `store` is true, stores it with
  // an audit entry naming `actor` (audit.h: an account, "cli:…") and, when a
  // justification lifts a qualified rule's finding, a pending `exception`
  // approval for the office — all in one transaction.
  // Errors (nothing stored): an unknown issuer, target unit or from_unit
  // (kNotFound, field named), a storage failure.
  //
  // Several processes may file into one database (PostgreSQL, or one SQLite
  // file): File first reads into the history what the others stored since
  // (Refresh), checks, and stores only if nobody filed meanwhile
  // (store::Filing::expect_id); otherwise it reads again and checks again,
  // so the history rules always see every earlier demand.
  Result<FilingResult> File(demand::Demand demand, bool store = true, const std::string& actor = "");

  // Group commit (the server's queued filings): files each demand in turn,
  // as File would — each checked against the history including the ones
  // before it in the group, each with its own audit entry and exception
  // approval — and commits them together in one store transaction, so a
  // group pays for one commit instead of one each. Results are in the
  // order given. When the shared transaction fails, nothing of it is kept
  // and each demand is filed again on its own (File), so a storage failure
  // costs time, never a filing or a wrong answer. Inside BeginBatch, or
  // for a single demand, it is File for each.
  struct Queued {
    demand::Demand demand;
    std::string actor;
  };
  std::vector<Result<FilingResult>> FileGroup(std::vector<Queued> queued);

  // Reads into the history the demands other processes stored since this
  // registry last looked (Evaluate and LedgerOf use the history as it is;
  // call this first to include them). Units and lists are not reread.
  // Always asks the store (one query).
  Status Refresh();
  // Refresh, only when the store says another connection may have stored
  // something since it last asked (store::Store::MayHaveNewDemands: a local
  // check, no round trip to PostgreSQL). What a long-running reader (the
  // server, before a ledger) calls before each read of the history. On
  // PostgreSQL a filing committed elsewhere a moment ago may not be
  // announced yet, and is included at a later call.
  Status RefreshIfNotified();

  // Bulk filing (jianfu demo generate): between BeginBatch() and
  // CommitBatch() accepted filings are written in one store transaction
  // (store::Store::BeginBatch), many times faster than one each. Every filing
  // is still all or nothing, and the history rules see each one at once.
  // When CommitBatch() fails the batch is lost: the history is rebuilt from
  // the store and the error returned. A registry destroyed with a batch open
  // loses it. The batch's filings get one audit entry (audit::kFileBatch,
  // naming `actor` and the ids), written with them at CommitBatch().
  Status BeginBatch(const std::string& actor = "");
  Status CommitBatch();

  // The aggregate rules over a whole year of accepted demands: DOC-01 and
  // DOC-05 per issuer, MTG-01 and INS-01 per issuer, INS-04 per province,
  // INS-20 per township and village (every day, week and month). Each
  // finding names its subject, the unit it is about.
  struct YearFinding {
    std::string subject;  // unit id
    Finding finding;
  };
  std::vector<YearFinding> Evaluate(int year) const;

  // The 台账 of one unit: per month of `year`, the accepted demands that
  // reach it, by kind, and the time they are estimated to cost it
  // (rules/ledger.toml). Error kNotFound (field "unit") for an unknown unit.
  struct LedgerMonth {
    int month = 0;
    std::array<uint32_t, demand::kKindCount> demands{};
    uint64_t minutes = 0;
  };
  struct Ledger {
    std::string unit;
    std::string path;  // 湖南省/湘西土家族苗族自治州/永顺县/…
    int year = 0;
    std::array<LedgerMonth, 12> months{};
  };
  Result<Ledger> LedgerOf(std::string_view unit, int year) const;

  // Adds or replaces units and rebuilds the tree. Errors leave the tree and
  // the store as they were. Audited as `actor`'s import.
  Status ImportUnits(std::vector<units::UnitRecord> records, const std::string& actor = "");
  // Adds or replaces list items; they count as approved (an import is the
  // office's or an administrator's act). Audited as `actor`'s import.
  // Errors (nothing stored): an item whose unit is unknown, or a duty item
  // whose unit is not a township (field "unit", message naming the item).
  Status ImportListItems(const std::vector<store::ListItem>& items, const std::string& actor = "");

  // ---- Approvals (docs/approvals.md) ----
  // Proposes list items for the office's approval: each becomes a pending
  // approval of its list's kind; the rules do not see it until approved.
  // Checked as ImportListItems checks; all or nothing, audited.
  Result<std::vector<store::Approval>> ProposeListItems(const std::vector<store::ListItem>& items,
                                                        const std::string& actor);
  // Decides a pending approval (decision: kApproved or kRejected), recording
  // `actor`, the time and the note, with an audit entry, in one transaction.
  // An approved list item joins its list at once. Errors: kNotFound,
  // kConflict (already decided), kInvalidArgument (decision kPending).
  Result<store::Approval> Decide(int64_t approval, store::Approval::Status decision, const std::string& note,
                                 const std::string& actor);

  const units::UnitTree& tree() const;
  store::Store& store();
  const rules::RuleSet& rules() const;

 private:
  struct Impl;
  explicit Registry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jianfu::registry
