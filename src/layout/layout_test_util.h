// Helpers shared by the layout tests: fixture loading, span text and the
// invariants every ParseLayout result must satisfy.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianfu/layout/layout.h"

namespace jianfu::layout::testing_util {

namespace fs = std::filesystem;

inline const std::string kIndent = "\u3000\u3000";

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string Fixture(const std::string& name) {
  const fs::path path = fs::path(JIANFU_SOURCE_DIR) / "tests/fixtures/layout" / name;
  EXPECT_TRUE(fs::exists(path)) << path;
  return ReadFile(path);
}

inline constexpr const char* kNone = "<none>";

// The first `n` code points of s, with "…" when cut.
inline std::string Head(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; i < s.size() && k < n; ++k) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return std::string(s.substr(0, i)) + (i < s.size() ? "…" : "");
}

inline std::string Text(std::string_view text, const Span& s) {
  return std::string(text.substr(s.begin, s.end - s.begin));
}
inline std::string Text(std::string_view text, const std::optional<Span>& s) {
  return s ? Text(text, *s) : kNone;
}

inline std::vector<std::string> Headings(std::string_view text, const Layout& l) {
  std::vector<std::string> out;
  for (const Span& h : l.headings) out.push_back(Text(text, h));
  return out;
}

inline bool IsSpaceAt(std::string_view text, size_t pos) {
  const char c = text[pos];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  return text.substr(pos, 3) == "\u3000";
}

// Properties every result must have, whatever the input.
inline void CheckInvariants(std::string_view text, const Layout& l) {
  std::vector<std::pair<const char*, Span>> parts;
  auto add = [&](const char* name, const std::optional<Span>& s) {
    if (s) parts.emplace_back(name, *s);
  };
  add("preamble", l.preamble);
  add("doc_no", l.doc_no);
  add("title", l.title);
  add("addressee", l.addressee);
  add("attachments", l.attachments);
  add("signature", l.signature);
  add("date", l.date);
  add("note", l.note);
  add("attachment_texts", l.attachment_texts);
  add("cc", l.cc);
  add("printed", l.printed);
  ASSERT_LE(l.body.begin, l.body.end);
  ASSERT_LE(l.body.end, text.size());
  for (const auto& [name, s] : parts) {
    SCOPED_TRACE(name);
    ASSERT_LT(s.begin, s.end);
    ASSERT_LE(s.end, text.size());
    EXPECT_FALSE(IsSpaceAt(text, s.begin));
    // The body never overlaps another part.
    if (!l.body.empty()) {
      EXPECT_TRUE(s.end <= l.body.begin || s.begin >= l.body.end);
    }
  }
  if (!l.body.empty()) {
    EXPECT_FALSE(IsSpaceAt(text, l.body.begin));
    EXPECT_FALSE(IsSpaceAt(text, l.body.end - 1));
  }
  ASSERT_EQ(l.headings.size(), l.heading_kinds.size());
  size_t prev = 0;
  for (const Span& h : l.headings) {
    EXPECT_LT(h.begin, h.end);
    EXPECT_GE(h.begin, l.body.begin);
    EXPECT_LE(h.end, l.body.end);
    EXPECT_GE(h.begin, prev);
    prev = h.end;
  }
  // Head parts come before the body, tail parts after it.
  if (!l.body.empty()) {
    for (const auto* s : {&l.title, &l.addressee}) {
      if (*s) {
        EXPECT_LE((*s)->end, l.body.begin);
      }
    }
    for (const auto* s : {&l.attachments, &l.signature, &l.date, &l.attachment_texts, &l.cc, &l.printed}) {
      if (*s) {
        EXPECT_GE((*s)->begin, l.body.end);
      }
    }
  }
}

}  // namespace jianfu::layout::testing_util
