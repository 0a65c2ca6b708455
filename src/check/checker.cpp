#include "jianfu/check/checker.h"

#include <algorithm>
#include <cstdlib>

#include "doc_type.h"
#include "jianfu/layout/layout.h"
#include "jianfu/text/count.h"
#include "jianfu/text/utf8.h"
#include "sentence_engine.h"

namespace jianfu::check {

namespace {

// Longest excerpt kept per finding, in code points (reporters trim further).
constexpr size_t kMaxExcerptChars = 160;

std::string_view Slice(std::string_view text, layout::Span s) {
  return text.substr(s.begin, s.end - s.begin);
}

// Moves `byte` back to the start of the UTF-8 sequence containing it.
size_t AlignBack(std::string_view text, size_t byte) {
  while (byte > 0 && byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) --byte;
  return byte;
}

// Advances `byte` by up to `chars` code points.
size_t AdvanceChars(std::string_view text, size_t byte, size_t chars) {
  while (byte < text.size() && chars-- > 0) byte += text::Utf8Length(static_cast<unsigned char>(text[byte]));
  return std::min(byte, text.size());
}

class ReportBuilder {
 public:
  ReportBuilder(std::string_view text, DocumentReport& report) : text_(text), index_(text), report_(report) {}

  Range MakeRange(size_t b, size_t e) const { return {b, e, index_.CharOffset(b), index_.CharOffset(e)}; }

  // A finding at [b, e) whose excerpt is the sentence [sb, se), windowed.
  Finding& Add(const rules::Rule& rule, size_t b, size_t e, size_t sb, size_t se) {
    Finding f;
    f.rule = rule.id;
    f.category = rule.category;
    f.severity = rule.severity;
    f.title = rule.title;
    f.citation = rule.citation;
    f.range = MakeRange(b, e);
    f.line = index_.Line(b);
    f.column = index_.Column(b);
    if (text::CountCodePoints(text_.substr(sb, se - sb)) > kMaxExcerptChars) {
      // Window: a quarter before the spot, the rest after.
      size_t start = b;
      for (size_t back = 0; start > sb && back < kMaxExcerptChars / 4; ++back)
        start = AlignBack(text_, start - 1);
      sb = start;
      se = AdvanceChars(text_, sb, kMaxExcerptChars);
    }
    // Trim trailing white space of the excerpt.
    while (se > sb && (text_[se - 1] == ' ' || text_[se - 1] == '\t' || text_[se - 1] == '\r')) --se;
    f.excerpt = std::string(text_.substr(sb, se - sb));
    f.excerpt_begin = index_.CharOffset(sb);
    report_.findings.push_back(std::move(f));
    return report_.findings.back();
  }

  void AddPart(const char* name, const std::optional<layout::Span>& span, size_t max_chars = 200) {
    if (!span || span->empty()) return;
    size_t end = AdvanceChars(text_, span->begin, max_chars);
    end = std::min(end, span->end);
    report_.layout.push_back(
        {name, MakeRange(span->begin, span->end), std::string(Slice(text_, {span->begin, end}))});
  }

 private:
  std::string_view text_;
  text::TextIndex index_;
  DocumentReport& report_;
};

}  // namespace

struct Checker::Impl {
  rules::RuleSet rules;
  std::unique_ptr<SentenceEngine> engine;
};

Checker::Checker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Checker::~Checker() = default;

const rules::RuleSet& Checker::rules() const {
  return impl_->rules;
}

std::string Checker::Explain(std::string_view text) const {
  return impl_->engine->Explain(text);
}

std::filesystem::path DefaultCacheDir() {
  if (const char* d = std::getenv("JIANFU_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return std::filesystem::path(d) / "jianfu";
  if (const char* d = std::getenv("HOME"); d && *d) return std::filesystem::path(d) / ".cache" / "jianfu";
  return {};
}

Result<std::unique_ptr<Checker>> Checker::Create(const rules::RuleSet& rules,
                                                 const std::filesystem::path& cache_dir) {
  auto impl = std::make_unique<Impl>();
  impl->rules = rules;
  auto engine = SentenceEngine::Create(impl->rules, cache_dir);
  if (!engine.ok()) return engine.error();
  impl->engine = std::move(engine.value());
  return std::unique_ptr<Checker>(new Checker(std::move(impl)));
}

DocumentReport Checker::Check(std::string_view text, const CheckOptions& options, std::string path,
                              std::string format, std::string encoding) const {
  DocumentReport report;
  report.path = std::move(path);
  report.format = std::move(format);
  report.encoding = std::move(encoding);
  report.total_chars = text::CountCodePoints(text);
  ReportBuilder builder(text, report);

  layout::Layout lay;
  if (options.passage) {
    lay.body = {0, text.size()};
  } else {
    lay = layout::ParseLayout(text);
  }
  if (lay.title) report.title = std::string(Slice(text, *lay.title));
  report.body_chars = text::CountChars(Slice(text, lay.body));

  // Document type: given, or inferred from the title and headings.
  if (options.doc_type) {
    report.doc_type = *options.doc_type;
    report.doc_type_given = true;
    report.doc_type_reason = std::string("由 --doc-type 指定为") + DocTypeChineseName(*options.doc_type);
  } else {
    std::vector<std::string_view> headings;
    for (const auto& h : lay.headings) headings.push_back(Slice(text, h));
    auto guess = InferDocType(impl_->rules.doc_type, report.title, headings);
    report.doc_type = guess.type;
    report.doc_type_reason = std::move(guess.reason);
  }

  // Length rules.
  for (const auto& rule : impl_->rules.rules) {
    if (!rule.enabled || rule.kind != rules::RuleKind::kLength || options.passage) continue;
    if (report.doc_type == DocType::kComprehensive) continue;
    const char* key = report.doc_type == DocType::kSpecial ? "special_limit" : "general_limit";
    auto it = rule.params.find(key);
    if (it == rule.params.end()) continue;
    const size_t limit = static_cast<size_t>(it->second);
    const size_t words = report.body_chars.words;
    if (words <= limit) continue;
    // Point at the line where the count passes the limit.
    auto line_end = [&](size_t from) { return std::min(text.find('\n', from), lay.body.end); };
    size_t at = lay.body.begin, counted = 0;
    while (at < lay.body.end) {
      counted += text::CountChars(text.substr(at, line_end(at) - at)).words;
      if (counted > limit) break;
      at = line_end(at) + 1;
    }
    at = std::min(at, lay.body.end);
    Finding& f = builder.Add(rule, at, line_end(at), at, line_end(at));
    f.message = rules::FillMessage(rule.message, {{"chars", std::to_string(words)},
                                    {"limit", std::to_string(limit)},
                                    {"over", std::to_string(words - limit)},
                                    {"doc_type", DocTypeChineseName(report.doc_type)}});
  }

  // Sentence rules over the body and the attachment texts (indicator tables
  // live there); not over the 附件说明, which only names them.
  std::vector<Region> regions{{lay.body.begin, lay.body.end}};
  if (lay.attachment_texts && !lay.attachment_texts->empty())
    regions.push_back({lay.attachment_texts->begin, lay.attachment_texts->end});
  std::sort(regions.begin(), regions.end(),
            [](const Region& a, const Region& b) { return a.begin < b.begin; });
  auto sentence_findings = impl_->engine->Run(text, regions);
  if (sentence_findings.size() > options.max_findings) {
    report.findings_omitted = sentence_findings.size() - options.max_findings;
    sentence_findings.resize(options.max_findings);  // in text order: the first ones are kept
  }
  for (auto& sf : sentence_findings) {
    const auto& rule = impl_->rules.rules[sf.rule];
    size_t b = sf.matches.front().begin, e = sf.matches.front().end;
    std::string words;
    for (const auto& m : sf.matches) {
      b = std::min<size_t>(b, m.begin);
      e = std::max<size_t>(e, m.end);
      const std::string w(text.substr(m.begin, m.end - m.begin));
      const std::string quoted = "“" + w + "”";
      if (words.find(quoted) == std::string::npos) words += quoted;
    }
    Finding& f = builder.Add(rule, b, e, sf.sentence_begin, sf.sentence_end);
    f.message = rules::FillMessage(rule.message, {{"matched", words}});
    for (const auto& m : sf.matches) f.matches.push_back(builder.MakeRange(m.begin, m.end));
  }

  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return a.range.begin != b.range.begin ? a.range.begin < b.range.begin : a.rule < b.rule;
  });

  builder.AddPart("doc_no", lay.doc_no);
  builder.AddPart("title", lay.title);
  builder.AddPart("addressee", lay.addressee);
  builder.AddPart("body", lay.body);
  builder.AddPart("attachments", lay.attachments);
  builder.AddPart("attachment_texts", lay.attachment_texts);
  builder.AddPart("signature", lay.signature);
  builder.AddPart("date", lay.date);
  builder.AddPart("cc", lay.cc);
  builder.AddPart("printed", lay.printed);
  return report;
}

}  // namespace jianfu::check
