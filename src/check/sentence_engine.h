// src/check/sentence_engine.h (internal)
//
// Runs the `sentence` rules (docs/rules.md): one Hyperscan scan of the text
// for every phrase of the lexicon and the rules, then per sentence: skip
// headings and sentences that narrate, criticise, define or address only
// the public; drop triggers that a negation governs (within its parenthesised
// aside, if it sits in one) or that sit in another document's 《title》 or in
// a name (本考核办法, 督查机构); report each rule whose triggers, required groups and
// exclusions agree. Immutable after Create; Run and Explain are thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/rules/ruleset.h"
#include "matcher.h"

namespace jianfu::check {

struct SentenceFinding {
  size_t rule = 0;            // index into RuleSet::rules
  size_t sentence_begin = 0;  // bytes
  size_t sentence_end = 0;
  std::vector<Hit> matches;  // triggers (and required words) that made it
};

// Byte ranges of the text whose sentences are judged.
struct Region {
  size_t begin = 0, end = 0;
};

class SentenceEngine {
 public:
  static Result<std::unique_ptr<SentenceEngine>> Create(const rules::RuleSet& rules,
                                                        const std::filesystem::path& cache_dir);

  // Findings for the sentences inside `regions` (sorted, disjoint), in order.
  std::vector<SentenceFinding> Run(std::string_view text, const std::vector<Region>& regions) const;

  // Human-readable account of every cue seen in each sentence of `text`
  // (negations, resets, skip cues, triggers), for tuning rules.
  std::string Explain(std::string_view text) const;

 private:
  enum class Role : uint8_t {
    kNegation,
    kReset,
    kSkip,
    kTrigger,
    kRequire,
    kExclude,
    kPostNegation,
    kPublic,
    kGovernment,
    kName,
    kWeakSkip,
    kPrescriptive
  };
  struct Use {
    Role role;
    uint32_t rule = 0;      // for rule roles
    uint32_t group = 0;     // for kRequire
    bool anchored = false;  // pattern began with '^': must start the sentence
  };

  explicit SentenceEngine(const rules::RuleSet& rules) : rules_(rules) {}
  // Drops hits whose (?<!…) or (?!…) guard matches the text around them.
  std::vector<Hit> Filter(std::string_view text, std::vector<Hit> hits) const;
  bool IsHeading(std::string_view sentence) const;
  // Appends the findings of one sentence; true when the sentence limits or
  // forbids (a negation or a skip cue), so a list it introduces does too.
  bool Judge(std::string_view text, size_t sb, size_t se, const Hit* first, const Hit* last,
             std::vector<SentenceFinding>& out) const;

  const rules::RuleSet& rules_;
  std::unique_ptr<Matcher> matcher_;
  std::vector<std::vector<Use>> uses_;                // per pattern
  std::vector<std::string> expressions_;              // per pattern, for Explain
  std::vector<std::vector<std::string>> not_after_;   // per pattern: (?<!A|B) prefix
  std::vector<std::vector<std::string>> not_before_;  // per pattern: (?!A|B) suffix
};

}  // namespace jianfu::check
