// JSON and CSV outputs of the posts analysis (include/jianfu/posts/output.h).
#include "jianfu/posts/output.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "jianfu/posts/timestamp.h"

namespace jianfu::posts {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// A share or a number of days, rounded to 4 decimals for reading.
double Round4(double x) {
  return std::round(x * 10000.0) / 10000.0;
}

Json OptionalDays(const std::optional<double>& d) {
  return d ? Json(Round4(*d)) : Json(nullptr);
}

Json AccountJson(const AccountReport& a) {
  Json j = Json::object();
  j["account"] = a.account;
  j["posts"] = a.posts;
  j["copies"] = a.copies;
  j["copy_share"] = Round4(a.copy_share());
  j["without_text"] = a.without_text;
  j["source_accounts"] = a.source_accounts;
  Json from = Json::array();
  for (const auto& s : a.copied_from) from.push_back(Json{{"account", s.account}, {"posts", s.posts}});
  j["copied_from"] = std::move(from);
  j["first_post"] = FormatTimestamp(a.first_post);
  j["last_post"] = FormatTimestamp(a.last_post);
  j["days_since_last_post"] = a.days_since_last_post;
  j["inactive"] = a.inactive;
  j["median_gap_days"] = OptionalDays(a.median_gap_days);
  j["p90_gap_days"] = OptionalDays(a.p90_gap_days);
  j["active_weeks"] = a.active_weeks;
  j["posts_per_active_week"] = Round4(a.posts_per_active_week);
  j["copied_by_accounts"] = a.copied_by_accounts;
  j["copied_posts"] = a.copied_posts;
  return j;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// Round4, written with at most four decimals and no trailing zeros.
std::string Number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", Round4(x));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

void WriteJson(const Analysis& a, const copy::MinHashSettings& m, const AnalyzeOptions& options,
               std::ostream& out) {
  uint64_t inactive = 0;
  for (const auto& acc : a.accounts) inactive += acc.inactive;
  Json head = Json::object();
  head["version"] = 1;
  head["input"] = a.input;
  head["as_of"] = a.as_of ? Json(a.as_of->ToString()) : Json(nullptr);
  head["settings"] = Json{{"shingle_chars", m.shingle_chars},
                          {"num_hashes", m.num_hashes},
                          {"scheme", copy::MinHashSchemeName(m.scheme)},
                          {"bands", m.bands},
                          {"rows", m.rows},
                          {"threshold", m.threshold},
                          {"seed", m.seed},
                          {"inactive_days", options.inactive_days},
                          {"time_zone", "+08:00"}};
  head["summary"] = Json{{"lines", a.lines},
                         {"posts", a.posts},
                         {"bad_lines", a.bad_lines},
                         {"accounts", a.accounts.size()},
                         {"inactive_accounts", inactive},
                         {"copies", a.copies},
                         {"copy_share", Round4(a.posts ? static_cast<double>(a.copies) / a.posts : 0.0)},
                         {"contents", a.contents}};
  Json top = Json::array();
  for (const auto& s : a.top_sources)
    top.push_back(Json{
        {"account", s.account}, {"copying_accounts", s.copying_accounts}, {"copied_posts", s.copied_posts}});
  head["top_sources"] = std::move(top);
  // Everything but the accounts, then the accounts one at a time, so that
  // 100,000 of them are never one document in memory.
  std::string text = Dump(head, 2);
  text.pop_back();  // the closing brace
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  out << text << ",\n  \"accounts\": [";
  for (size_t i = 0; i < a.accounts.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << Dump(AccountJson(a.accounts[i]), -1);
  out << (a.accounts.empty() ? "],\n" : "\n  ],\n");
  Json errors = Json::object();
  errors["count"] = a.bad_lines;
  Json shown = Json::array();
  for (const auto& e : a.errors) {
    Json j{{"line", e.line}, {"message", e.error.message}};
    if (e.error.column > 0) j["column"] = e.error.column;
    if (!e.error.field.empty()) j["field"] = e.error.field;
    shown.push_back(std::move(j));
  }
  errors["shown"] = std::move(shown);
  out << "  \"errors\": " << Dump(errors, -1) << "\n}\n";
}

void WriteCsv(const Analysis& a, std::ostream& out) {
  out << "account,posts,copies,copy_share,without_text,source_accounts,top_source,top_source_posts,first_"
         "post,"
         "last_post,days_since_last_post,inactive,median_gap_days,p90_gap_days,active_weeks,"
         "posts_per_active_week,copied_by_accounts,copied_posts\n";
  for (const auto& acc : a.accounts) {
    out << CsvField(acc.account) << ',' << acc.posts << ',' << acc.copies << ',' << Number(acc.copy_share())
        << ',' << acc.without_text << ',' << acc.source_accounts << ','
        << (acc.copied_from.empty() ? "" : CsvField(acc.copied_from[0].account)) << ','
        << (acc.copied_from.empty() ? 0 : acc.copied_from[0].posts) << ',' << FormatTimestamp(acc.first_post)
        << ',' << FormatTimestamp(acc.last_post) << ',' << acc.days_since_last_post << ','
        << (acc.inactive ? "true" : "false") << ','
        << (acc.median_gap_days ? Number(*acc.median_gap_days) : "") << ','
        << (acc.p90_gap_days ? Number(*acc.p90_gap_days) : "") << ',' << acc.active_weeks << ','
        << Number(acc.posts_per_active_week) << ',' << acc.copied_by_accounts << ',' << acc.copied_posts
        << '\n';
  }
}

}  // namespace jianfu::posts
