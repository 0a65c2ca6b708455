#include <fstream>

#include "jianfu/audit/audit.h"
#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;

json Meeting(int speech) {
  return {{"type", "business"},
          {"minutes", 120},
          {"main_speech_minutes", speech},
          {"format", "video"},
          {"convener_role", "principal"}};
}

TEST_F(RegistryTest, StoresAnAcceptedFilingWithItsFindingsAndCode) {
  auto r = File(Make("meeting", Meeting(75)));
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.filing.demand.id, 1);
  EXPECT_EQ(r.filing.code, "CODE1");
  EXPECT_EQ(Rules(r), std::vector<std::string>{"MTG-20"});
  auto stored = registry_->store().GetFiling(1);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->findings.size(), 1u);
  EXPECT_EQ((*stored)->code, "CODE1");
}

TEST_F(RegistryTest, ABlockRefusesTheFilingAndStoresNothing) {
  auto r = File(Make("app", {{"app_type", "app"},
                             {"audience", "grassroots"},
                             {"features", {"checkin"}},
                             {"filing_no", "湘政备-1"}}));
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(Rules(r), std::vector<std::string>{"APP-05"});
  EXPECT_EQ(r.filing.demand.id, 0);
  EXPECT_TRUE(registry_->store().ListFilings({}, {})->empty());
}

TEST_F(RegistryTest, AJustificationLiftsQualifiedRulesOnly) {
  // APP-05 admits 安保、应急 scenarios (qualified); APP-02 (no filing number) does not.
  auto justified = Make("app", {{"app_type", "app"},
                                {"audience", "grassroots"},
                                {"features", {"checkin"}},
                                {"filing_no", "湘政备-1"},
                                {"justification", "森林防火应急值守，需打卡"}});
  auto r = File(justified);
  EXPECT_TRUE(r.accepted);
  ASSERT_NE(Get(r, "APP-05"), nullptr);
  EXPECT_TRUE(Get(r, "APP-05")->justified);

  auto unfiled = Make("app", {{"app_type", "app"}, {"audience", "grassroots"}, {"justification", "急需"}});
  auto r2 = File(unfiled);
  EXPECT_FALSE(r2.accepted);
  ASSERT_NE(Get(r2, "APP-02"), nullptr);
  EXPECT_FALSE(Get(r2, "APP-02")->justified);
}

TEST_F(RegistryTest, BatchedFilingsCountAtOnceAndAreStoredAtTheCommit) {
  ASSERT_TRUE(registry_->BeginBatch().ok());
  auto visit = Make("inspection", {{"type", "research"}, {"onsite", true}, {"plan_item", nullptr}});
  visit.targets = {{"433127101", 0, {}}};
  visit.justification = "测试";
  EXPECT_FALSE(Has(File(visit), "INS-20"));
  EXPECT_TRUE(Has(File(visit), "INS-20"));  // the first one is already in the history
  ASSERT_TRUE(registry_->CommitBatch().ok());
  Reopen();
  EXPECT_EQ(registry_->store().ListFilings({}, {})->size(), 2u);
  EXPECT_TRUE(Has(File(visit), "INS-20"));
  // The batch is one audit entry for both filings, the third one its own.
  std::vector<store::AuditEntry> log;
  ASSERT_TRUE(registry_->store()
                  .ForEachAudit(0,
                                [&](const store::AuditEntry& e) {
                                  log.push_back(e);
                                  return true;
                                })
                  .ok());
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[log.size() - 2].action, audit::kFileBatch);
  EXPECT_EQ(nlohmann::json::parse(log[log.size() - 2].detail)["count"], 2);
  EXPECT_EQ(log.back().action, audit::kFile);
  EXPECT_EQ(log.back().object, "demand/3");
  EXPECT_TRUE(audit::Verify(registry_->store())->ok());
}

TEST_F(RegistryTest, ProposedItemsCountOnlyOnceTheOfficeApprovesThem) {
  auto inspection = Make("inspection", {{"type", "inspection"}, {"onsite", true}, {"plan_item", "P-7"}});
  ASSERT_TRUE(Has(File(inspection, false), "INS-02"));
  auto proposed = registry_->ProposeListItems(
      {{store::ListItem::List::kPlan, "P-7", "ys-agri", "春耕检查", "", 2026}}, "ys-agri-clerk");
  ASSERT_TRUE(proposed.ok()) << proposed.error().ToString();
  ASSERT_EQ(proposed->size(), 1u);
  const int64_t id = (*proposed)[0].id;
  EXPECT_TRUE(Has(File(inspection, false), "INS-02"));
  EXPECT_FALSE(
      registry_->ProposeListItems({{store::ListItem::List::kPlan, "P-8", "ghost", "x", "", 2026}}, "x").ok());

  EXPECT_EQ(registry_->Decide(id, store::Approval::Status::kPending, "", "office").error().code,
            ErrorCode::kInvalidArgument);
  auto decided = registry_->Decide(id, store::Approval::Status::kApproved, "同意", "office");
  ASSERT_TRUE(decided.ok()) << decided.error().ToString();
  EXPECT_EQ(decided->decided_by, "office");
  EXPECT_FALSE(Has(File(inspection, false), "INS-02"));
  EXPECT_EQ(registry_->Decide(id, store::Approval::Status::kRejected, "x", "office").error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(registry_->Decide(999, store::Approval::Status::kApproved, "", "office").error().code,
            ErrorCode::kNotFound);
  // Kept across a restart, and the approved item is on the list.
  Reopen();
  EXPECT_FALSE(Has(File(inspection, false), "INS-02"));
  auto back = registry_->store().GetApproval(id);
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->status, store::Approval::Status::kApproved);
  EXPECT_EQ((*back)->note, "同意");

  // A filing whose justification lifts a qualified rule asks for an exception.
  auto app = Make("app", {{"app_type", "app"},
                          {"audience", "grassroots"},
                          {"features", {"checkin"}},
                          {"filing_no", "湘政备-1"},
                          {"justification", "森林防火应急值守，需打卡"}});
  auto filed = registry_->File(app, true, "ys-agri-clerk");
  ASSERT_TRUE(filed.ok() && filed->accepted);
  store::ApprovalFilter filter;
  filter.kind = "exception";
  auto exceptions = registry_->store().ListApprovals(filter, {});
  ASSERT_TRUE(exceptions.ok());
  ASSERT_EQ(exceptions->size(), 1u);
  EXPECT_EQ((*exceptions)[0].subject, std::to_string(filed->filing.demand.id));
  EXPECT_EQ((*exceptions)[0].requested_by, "ys-agri-clerk");
  EXPECT_TRUE(audit::Verify(registry_->store())->ok());
}

TEST_F(RegistryTest, UnknownUnitsAreErrorsNamingTheField) {
  auto d = Make("meeting", Meeting(30));
  d.issuer = "nobody";
  auto r = registry_->File(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "issuer");

  d = Make("meeting", Meeting(30));
  d.targets.push_back({"999999", units::LevelBit(units::Level::kVillage), {}});
  r = registry_->File(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "targets[1].unit");

  r = registry_->File(
      Make("secondment", {{"from_unit", "ghost"}, {"persons", 1}, {"months", 3}, {"label", "secondment"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "from_unit");
  EXPECT_TRUE(registry_->store().ListFilings({}, {})->empty());
}

TEST_F(RegistryTest, ChecksTheTextWithTheDocumentChecker) {
  auto d =
      Make("document", {{"form", "red"}, {"text", "各乡镇要于每月5日前报送工作进展情况，并上传工作照片。"}});
  auto r = File(d);
  ASSERT_TRUE(r.accepted);
  const auto ids = Rules(r);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "DOC-21"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "APP-07"), ids.end());  // 上传工作照片
  ASSERT_NE(Get(r, "APP-07"), nullptr);
  EXPECT_NE(Get(r, "APP-07")->excerpt.find("照片"), std::string::npos);
}

TEST_F(RegistryTest, AcceptsWithoutStoringWhenAskedToCheckOnly) {
  auto r = File(Make("meeting", Meeting(90)), /*store=*/false);
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.filing.demand.id, 0);
  EXPECT_TRUE(registry_->store().ListFilings({}, {})->empty());
}

TEST_F(RegistryTest, HistorySurvivesReopening) {
  // Two comprehensive meetings of one issuer in a year: the second breaks MTG-01.
  json comprehensive = Meeting(30);
  comprehensive["type"] = "comprehensive";
  ASSERT_TRUE(File(Make("meeting", comprehensive)).accepted);
  Reopen();
  auto r = File(Make("meeting", comprehensive));
  EXPECT_EQ(Rules(r), std::vector<std::string>{"MTG-01"});
}

TEST_F(RegistryTest, ABadUnitImportChangesNothing) {
  const auto before = registry_->tree().size();
  auto s = registry_->ImportUnits(
      {{"x-1", "孤儿单位", units::Level::kCounty, units::OrganType::kOffice, "nowhere", "433127"}});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(registry_->tree().size(), before);
  EXPECT_EQ(registry_->store().LoadUnits()->size(), before);
}

TEST_F(RegistryTest, RefusesARegistryRuleThisBuildDoesNotImplement) {
  auto rules = rules::LoadBuiltin();
  ASSERT_TRUE(
      rules::Overlay(*rules,
                     "[[rule]]\nid = \"XYZ-99\"\nkind = \"registry\"\ntitle = \"t\"\ncitation = \"c\"\n"
                     "message = \"m\"\n",
                     "local.toml")
          .ok());
  auto store = store::OpenSqlite(dir_ / "other.db", true);
  Options options;
  options.rules = *rules;
  auto r = Registry::Open(std::move(*store), std::move(options));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("XYZ-99"), std::string::npos);
}

TEST_F(RegistryTest, ListsComeFromCsvAndMustNameKnownUnits) {
  auto write = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir_ / name, std::ios::binary) << body;
    return dir_ / name;
  };
  auto duty = ReadListItems(store::ListItem::List::kDuty,
                            write("duty.csv",
                                  "id,township,name,category\nD-1,433127101,农村人居环境整治,basic\n"
                                  "D-2,433127101,食品安全执法,taken_back\n"));
  ASSERT_TRUE(duty.ok()) << duty.error().ToString();
  ASSERT_EQ(duty->size(), 2u);
  EXPECT_EQ((*duty)[1].category, "taken_back");
  EXPECT_TRUE(registry_->ImportListItems(*duty).ok());

  auto bad_category = ReadListItems(store::ListItem::List::kDuty,
                                    write("bad.csv", "id,township,name,category\nD-1,433127101,x,core\n"));
  ASSERT_FALSE(bad_category.ok());
  EXPECT_EQ(bad_category.error().field, "category");
  EXPECT_EQ(bad_category.error().line, 2);
  auto bad_year = ReadListItems(store::ListItem::List::kPlan,
                                write("plan.csv", "id,unit,name,year\nP-1,ys-agri,检查,二〇二六\n"));
  ASSERT_FALSE(bad_year.ok());
  EXPECT_EQ(bad_year.error().field, "year");

  // A duty item on a county, or a plan item of an unknown organ: refused, nothing stored.
  const auto before = registry_->store().LoadListItems()->size();
  EXPECT_FALSE(
      registry_->ImportListItems({{store::ListItem::List::kDuty, "D-9", "433127", "x", "basic", 0}}).ok());
  EXPECT_FALSE(
      registry_->ImportListItems({{store::ListItem::List::kPlan, "P-9", "ghost", "x", "", 2026}}).ok());
  EXPECT_EQ(registry_->store().LoadListItems()->size(), before);
}

TEST_F(RegistryTest, CodesAreValidForWhatTheDemandImposes) {
  auto window = [](const demand::Demand& d) {
    auto [from, until] = ValidityWindow(d);
    return from.ToString() + "/" + until.ToString();
  };
  EXPECT_EQ(
      window(Make("inspection", {{"type", "inspection"}, {"onsite", true}, {"end_date", "2026-05-14"}})),
      "2026-05-12/2026-05-14");
  EXPECT_EQ(window(Make("secondment",
                        {{"from_unit", "ys-gov"}, {"persons", 1}, {"months", 6}, {"label", "secondment"}})),
            "2026-05-12/2026-11-11");
  EXPECT_EQ(
      window(Make("data_request", {{"forms", {{{"name", "表"}, {"fields", {"a"}}}}}, {"due", "2026-05-20"}})),
      "2026-05-12/2026-05-20");
  EXPECT_EQ(window(Make("meeting", Meeting(30))), "2026-05-12/2026-05-12");
  EXPECT_EQ(window(Make("document", {{"form", "red"}})), "2026-05-12/2027-05-12");
}

TEST_F(RegistryTest, TheLedgerCountsWhatReachesAUnitAndItsTime) {
  ASSERT_TRUE(File(Make("meeting", Meeting(30))).accepted);  // townships of 永顺县, on video, 120 min
  auto visit = Make("inspection", {{"type", "inspection"}, {"onsite", true}, {"end_date", "2026-05-13"}});
  visit.targets = {{"433127101", 0, {}}};
  ASSERT_TRUE(File(visit).accepted);  // 2026-05-12..13: 2 days on site at 灵溪镇 only
  auto request = Make("data_request", {{"forms", {{{"name", "表"}, {"fields", {"a", "b", "c", "d"}}}}}});
  request.date = Date::FromCivil(2026, 6, 2);
  ASSERT_TRUE(File(request).accepted);
  auto lx = registry_->LedgerOf("433127101", 2026);
  ASSERT_TRUE(lx.ok());
  EXPECT_EQ(lx->months[4].demands[static_cast<size_t>(demand::Kind::kMeeting)], 1u);
  EXPECT_EQ(lx->months[4].demands[static_cast<size_t>(demand::Kind::kInspection)], 1u);
  EXPECT_EQ(lx->months[4].minutes, 120u + 2 * 240);
  EXPECT_EQ(lx->months[5].minutes, 4u * 3);
  auto sc = registry_->LedgerOf("433127102", 2026);
  EXPECT_EQ(sc->months[4].minutes, 120u);                                 // the meeting only
  EXPECT_EQ(registry_->LedgerOf("433127", 2026)->months[4].minutes, 0u);  // the county is not a target
  EXPECT_FALSE(registry_->LedgerOf("nowhere", 2026).ok());
}

}  // namespace
}  // namespace jianfu::registry::testing
