// The JSON API over HTTP on realistic input: a real demand filed and read
// back, its code verified, real 公文 checked as text and as uploads, and the
// client errors of each route.
#include "api.h"

#include <fstream>
#include <iterator>

#include "test_server.h"

namespace jianfu::server::testing {
namespace {

using nlohmann::json;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const std::filesystem::path kExamples = JIANFU_SOURCE_DIR "/examples";

std::string Multipart(const std::string& boundary, const std::string& filename, const std::string& data,
                      const std::string& doc_type = "") {
  std::string body;
  if (!doc_type.empty())
    body +=
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\n" + doc_type + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
          "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" + boundary + "--\r\n";
  return body;
}

TEST_F(ServerTest, FilesADemandReadsItBackAndVerifiesItsCode) {
  StartServer();
  Client c(port());
  auto r = c.Post("/api/v1/demands", Inspection().dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const json filed = Json(r);
  EXPECT_TRUE(filed["accepted"].get<bool>());
  EXPECT_EQ(filed["id"], 1);
  EXPECT_EQ(r[http::field::location], "/api/v1/demands/1");
  EXPECT_EQ(filed["findings"][0]["rule"], "INS-02");
  const std::string code = filed["code"];
  ASSERT_EQ(code.substr(0, 2), "JF");

  // The same inspection again the same day: INS-20 (history) names the earlier one.
  r = c.Post("/api/v1/demands", Inspection().dump());
  ASSERT_EQ(r.result(), http::status::created);
  bool ins20 = false;
  const json again = Json(r);
  for (const auto& f : again["findings"]) ins20 = ins20 || f["rule"] == "INS-20";
  EXPECT_TRUE(ins20) << r.body();

  r = c.Get("/api/v1/demands/1");
  ASSERT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(Json(r)["demand"]["title"], "农业安全生产检查");
  EXPECT_EQ(Json(r)["code"], code);

  r = c.Get("/api/v1/verify/" + code + "?unit=433127101&today=2026-05-11");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(r.body(), json::parse(r.body()).dump() + "\n");  // written by hand, as nlohmann would
  json v = Json(r);
  EXPECT_TRUE(v["genuine"].get<bool>());
  EXPECT_EQ(v["validity"], "valid");
  EXPECT_TRUE(v["covered"].get<bool>());
  EXPECT_TRUE(v["registered"].get<bool>());
  EXPECT_EQ(v["claims"]["issuer"], "yx-nyj");
  EXPECT_EQ(v["claims"]["scopes"][0]["levels"][0], "township");

  r = c.Get("/api/v1/verify/" + code + "?unit=433127&today=2027-01-01");
  v = Json(r);
  EXPECT_EQ(v["validity"], "expired");
  EXPECT_FALSE(v["covered"].get<bool>());    // the county itself is not targeted
  EXPECT_TRUE(v["registered"].get<bool>());  // remembered from the first request

  std::string forged = code;
  forged[20] = forged[20] == 'A' ? 'B' : 'A';
  v = Json(c.Get("/api/v1/verify/" + forged));
  EXPECT_FALSE(v["genuine"].get<bool>());
  EXPECT_FALSE(v["reason"].get<std::string>().empty());
  EXPECT_EQ(c.Get("/api/v1/verify/" + code + "?today=2026-13-01").result(), http::status::bad_request);

  // Genuine codes this registry does not hold under that very code: one for
  // an id nobody filed, one for filing 1 that signs other claims (a day
  // later, so another validity window).
  auto other = demand::DemandFromJson(Inspection());
  ASSERT_TRUE(other.ok());
  other->date = other->date + 1;
  for (int64_t id : {int64_t{99}, int64_t{1}}) {
    other->id = id;
    const std::string unknown = codes::Issue(registry::CodeClaims(*other), *secret_);
    for (int again = 0; again < 2; ++again) {  // the second answer from the remembered code
      v = Json(c.Get("/api/v1/verify/" + unknown));
      EXPECT_TRUE(v["genuine"].get<bool>()) << id;
      EXPECT_FALSE(v["registered"].get<bool>()) << id;
    }
  }
}

TEST_F(ServerTest, ABlockRefusesTheFilingWith422AndStoresNothing) {
  StartServer();
  Client c(port());
  json app = {{"kind", "app"},
              {"issuer", "yx-nyj"},
              {"title", "农业巡查打卡小程序"},
              {"date", "2026-05-11"},
              {"app_type", "mini_program"},
              {"audience", "grassroots"},
              {"features", {"checkin"}},
              {"filing_no", nullptr},
              {"targets", {{{"unit", "433127"}, {"levels", {"township", "village"}}}}}};
  auto r = c.Post("/api/v1/demands", app.dump());
  ASSERT_EQ(r.result(), http::status::unprocessable_entity) << r.body();
  const json j = Json(r);
  EXPECT_EQ(j["error"]["code"], "refused");
  EXPECT_FALSE(j["accepted"].get<bool>());
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) rules.insert(f["rule"]);
  EXPECT_TRUE(rules.count("APP-02") && rules.count("APP-05")) << r.body();
  EXPECT_TRUE(Json(c.Get("/api/v1/demands"))["demands"].empty());

  // dry_run checks without storing, whatever the outcome.
  r = c.Post("/api/v1/demands?dry_run=true", Inspection().dump());
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_TRUE(Json(c.Get("/api/v1/demands"))["demands"].empty());
}

TEST_F(ServerTest, MalformedDemandsAre4xxNamingTheField) {
  StartServer();
  Client c(port());
  auto r = c.Post("/api/v1/demands", "{\"kind\": \"inspection\",");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(Json(r)["error"]["code"], "invalid_json");

  json d = Inspection();
  d["title"] = 5;
  r = c.Post("/api/v1/demands", d.dump());
  EXPECT_EQ(r.result(), http::status::unprocessable_entity);
  EXPECT_EQ(Json(r)["error"]["field"], "title");

  d = Inspection();
  d["targets"][0]["levels"] = {"township", "hamlet"};
  r = c.Post("/api/v1/demands", d.dump());
  EXPECT_EQ(r.result(), http::status::unprocessable_entity);
  EXPECT_EQ(Json(r)["error"]["field"], "targets[0].levels[1]");

  d = Inspection();
  d["issuer"] = "no-such-organ";
  r = c.Post("/api/v1/demands", d.dump());
  EXPECT_EQ(r.result(), http::status::unprocessable_entity);
  EXPECT_EQ(Json(r)["error"]["field"], "issuer");

  EXPECT_EQ(c.Post("/api/v1/demands", "[1, 2]").result(), http::status::unprocessable_entity);
  r = c.Post("/api/v1/demands", Inspection().dump(), "text/plain");
  EXPECT_EQ(r.result(), http::status::unsupported_media_type);
  EXPECT_EQ(Json(r)["error"]["field"], "Content-Type");
  r = c.Post("/api/v1/demands?dry_run=maybe", Inspection().dump());
  EXPECT_EQ(Json(r)["error"]["field"], "dry_run");
  EXPECT_TRUE(registry_->store().ListFilings({}, {}).value().empty());
}

TEST_F(ServerTest, ListsPageWithACursorAndFilter) {
  StartServer();
  Client c(port());
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(c.Post("/api/v1/demands", Inspection().dump()).result(), http::status::created);
  json page = Json(c.Get("/api/v1/demands?limit=2"));
  ASSERT_EQ(page["demands"].size(), 2u);
  ASSERT_EQ(page["next_after"], 2);
  page = Json(c.Get("/api/v1/demands?limit=2&after=2"));
  ASSERT_EQ(page["demands"].size(), 1u);
  EXPECT_EQ(page["demands"][0]["id"], 3);
  EXPECT_FALSE(page.contains("next_after"));
  EXPECT_EQ(Json(c.Get("/api/v1/demands?kind=meeting"))["demands"].size(), 0u);
  EXPECT_EQ(Json(c.Get("/api/v1/demands?kind=inspection&year=2026&issuer=yx-nyj"))["demands"].size(), 3u);

  json findings = Json(c.Get("/api/v1/findings?rule=INS-20&kind=inspection"));
  ASSERT_EQ(findings["findings"].size(), 2u);
  EXPECT_EQ(findings["findings"][0]["demand"], 2);
  EXPECT_EQ(Json(c.Get("/api/v1/findings?year=2025"))["findings"].size(), 0u);

  auto r = c.Get("/api/v1/demands?kind=bogus");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(Json(r)["error"]["field"], "kind");
  EXPECT_EQ(Json(c.Get("/api/v1/demands?year=abc"))["error"]["field"], "year");
  EXPECT_EQ(Json(c.Get("/api/v1/findings?limit=0"))["error"]["field"], "limit");
  EXPECT_EQ(Json(c.Get("/api/v1/demands?sort=id"))["error"]["field"], "sort");
  EXPECT_EQ(Json(c.Get("/api/v1/demands?year=2026&year=2025"))["error"]["field"], "year");
  EXPECT_EQ(c.Get("/api/v1/demands/99").result(), http::status::not_found);
  EXPECT_EQ(Json(c.Get("/api/v1/demands/abc"))["error"]["field"], "id");
}

TEST_F(ServerTest, LedgerAndUnitSearch) {
  StartServer();
  Client c(port());
  ASSERT_EQ(c.Post("/api/v1/demands", Inspection().dump()).result(), http::status::created);
  auto r = c.Get("/api/v1/ledger/433127101?year=2026");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  json ledger = Json(r);
  EXPECT_EQ(ledger["unit"], "433127101");
  EXPECT_EQ(ledger["months"][4]["demands"]["inspection"], 1);
  EXPECT_EQ(ledger["total"]["demands"], 1);
  EXPECT_EQ(c.Get("/api/v1/ledger/999999?year=2026").result(), http::status::not_found);
  EXPECT_EQ(Json(c.Get("/api/v1/ledger/433127101?year=99"))["error"]["field"], "year");

  r = c.Get("/api/v1/units?q=%E6%B0%B8%E9%A1%BA&limit=5");  // 永顺
  ASSERT_EQ(r.result(), http::status::ok);
  bool county = false;
  const json found = Json(r);
  for (const auto& u : found["units"]) county = county || u["id"] == "433127";
  EXPECT_TRUE(county) << r.body();
  EXPECT_EQ(Json(c.Get("/api/v1/units"))["error"]["field"], "q");
}

TEST_F(ServerTest, ChecksARealDocumentAsTextAndAsUploads) {
  StartServer();
  Client c(port());
  const std::string text = ReadFile(kExamples / "关于开展农村人居环境整治专项督查的通知.txt");
  auto r = c.Post("/api/v1/check", json({{"text", text}, {"name", "通知.txt"}}).dump());
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  json report = Json(r);
  ASSERT_EQ(report["files"].size(), 1u);
  EXPECT_EQ(report["files"][0]["path"], "通知.txt");
  std::set<std::string> rules;
  for (const auto& f : report["files"][0]["findings"]) rules.insert(f["rule"]);
  EXPECT_TRUE(rules.count("BUR-APP")) << r.body();
  EXPECT_GT(report["summary"]["findings"].get<int>(), 0);

  const std::string docx =
      ReadFile(kExamples / "关于印发全县政务新媒体和学习平台推广使用考核方案的通知.docx");
  r = c.Post("/api/v1/check", Multipart("jfBOUNDARY42", "方案.docx", docx, "special"),
             "multipart/form-data; boundary=jfBOUNDARY42");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  report = Json(r);
  EXPECT_EQ(report["files"][0]["format"], "docx");
  EXPECT_EQ(report["files"][0]["doc_type"], "special");
  EXPECT_FALSE(report["files"][0]["findings"].empty());

  // A GBK text file is decoded as the command line would.
  const std::string gbk = ReadFile(kExamples / "关于报送第一季度安全生产工作情况的通知-GBK.txt");
  r = c.Post("/api/v1/check", Multipart("b", "gbk.txt", gbk), "multipart/form-data; boundary=b");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(Json(r)["files"][0]["encoding"], "GB18030");
}

TEST_F(ServerTest, CheckRefusesBadInputWith4xx) {
  StartServer();
  Client c(port());
  EXPECT_EQ(Json(c.Post("/api/v1/check", "{\"text\": 1}"))["error"]["field"], "text");
  EXPECT_EQ(Json(c.Post("/api/v1/check", "{}"))["error"]["code"], "missing_field");
  EXPECT_EQ(Json(c.Post("/api/v1/check", R"({"text":"x","doc_type":"long"})"))["error"]["field"], "doc_type");
  EXPECT_EQ(Json(c.Post("/api/v1/check", R"({"text":"x","color":"red"})"))["error"]["field"], "color");
  EXPECT_EQ(Json(c.Post("/api/v1/check", "not json"))["error"]["code"], "invalid_json");
  EXPECT_EQ(c.Post("/api/v1/check", "x", "text/csv").result(), http::status::unsupported_media_type);
  auto r = c.Post("/api/v1/check", Multipart("b", "old.doc", "\xd0\xcf\x11\xe0"),
                  "multipart/form-data; boundary=b");
  EXPECT_EQ(r.result(), http::status::unsupported_media_type);
  EXPECT_EQ(Json(r)["error"]["field"], "file");
  r = c.Post("/api/v1/check", Multipart("b", "broken.docx", "PK\x03\x04 not really a zip"),
             "multipart/form-data; boundary=b");
  EXPECT_EQ(r.result(), http::status::unprocessable_entity) << r.body();
  EXPECT_EQ(Json(r)["error"]["code"], "corrupt");
  r = c.Post("/api/v1/check", "--b\r\nno headers end", "multipart/form-data; boundary=b");
  EXPECT_EQ(r.result(), http::status::bad_request);
  r = c.Post("/api/v1/check", "--b--\r\n", "multipart/form-data; boundary=b");
  EXPECT_EQ(Json(r)["error"]["field"], "file");
  r = c.Post("/api/v1/check", Multipart("b", "empty.txt", ""), "multipart/form-data; boundary=b");
  EXPECT_EQ(r.result(), http::status::unprocessable_entity);
  EXPECT_EQ(Json(r)["error"]["code"], "empty");
  EXPECT_EQ(c.Get("/healthz").result(), http::status::ok);  // still serving
}

// Every route the server registers is in the OpenAPI document with its
// method and permission, and the document has nothing else.
TEST_F(ServerTest, OpenApiDocumentMatchesTheRoutes) {
  const json doc = json::parse(kOpenApiJson);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  Config config = TestConfig();
  Services services;
  services.registry = registry_.get();
  Metrics metrics;
  Api api(config, services, metrics, [] { return std::string(); });
  Router router;
  api.AddRoutes(router);
  std::set<std::pair<std::string, std::string>> routes, documented;
  for (const auto& route : router.routes()) {
    std::string method(http::to_string(route.method));
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    routes.insert({route.pattern, method});
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    const json& op = doc["paths"][route.pattern][method];
    ASSERT_TRUE(op.is_object()) << method << " " << route.pattern;
    EXPECT_EQ(op["x-jianfu-permission"], route.permission ? PermissionName(*route.permission) : "public")
        << route.pattern;
    // Query parameters: the same names.
    std::set<std::string> accepted(route.query.begin(), route.query.end()), listed;
    for (const auto& p : op.value("parameters", json::array()))
      if (p["in"] == "query") listed.insert(p["name"]);
    EXPECT_EQ(accepted, listed) << route.pattern;
  }
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) documented.insert({path, method});
  EXPECT_EQ(routes, documented);

  StartServer();
  Client c(port());
  auto r = c.Get("/api/v1/openapi.json");
  EXPECT_EQ(json::parse(r.body()), doc);
}

}  // namespace
}  // namespace jianfu::server::testing
