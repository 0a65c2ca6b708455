// Text clean-up shared by all readers: the output shape promised in extract.h.
#include <algorithm>
#include <cctype>

#include "internal.h"
#include "jianfu/text/utf8.h"

namespace jianfu::extract::internal {

namespace {

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF;
}

// Removes trailing spaces, tabs, NBSP and U+3000 from the end of `out`, not
// going before `line_start`.
void TrimLineEnd(std::string& out, size_t line_start) {
  for (;;) {
    const size_t n = out.size();
    if (n > line_start && (out[n - 1] == ' ' || out[n - 1] == '\t')) {
      out.pop_back();
    } else if (n >= line_start + 2 && out.compare(n - 2, 2, "\xC2\xA0") == 0) {
      out.resize(n - 2);
    } else if (n >= line_start + 3 && out.compare(n - 3, 3, "\xE3\x80\x80") == 0) {
      out.resize(n - 3);
    } else {
      return;
    }
  }
}

}  // namespace

std::string CleanText(std::string_view in, bool trim_lines) {
  std::string out;
  out.reserve(in.size());
  size_t line_start = 0;
  int blank_run = 0;  // consecutive empty lines just emitted (trim_lines only)

  auto newline = [&] {
    if (trim_lines) {
      TrimLineEnd(out, line_start);
      if (out.size() == line_start) {
        // Empty line: at most one in a row, none at the start.
        if (out.empty() || blank_run >= 1) return;
        ++blank_run;
      } else {
        blank_run = 0;
      }
    }
    out += '\n';
    line_start = out.size();
  };

  for (size_t pos = 0; pos < in.size();) {
    // Copy the run of bytes that need no attention in one go: everything but
    // ASCII controls and the lead bytes of C1 controls (C2), U+2028/2029
    // (E2) and U+FEFF (EF). Continuation bytes are never among them.
    size_t run = pos;
    while (run < in.size()) {
      const auto b = static_cast<unsigned char>(in[run]);
      if (b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2 || b == 0xEF) break;
      ++run;
    }
    if (run > pos) {
      out.append(in.data() + pos, run - pos);
      pos = run;
      continue;
    }
    const char32_t c = text::DecodeUtf8(in, pos);
    if (c == '\r') {
      if (pos < in.size() && in[pos] == '\n') ++pos;
      newline();
    } else if (c == '\n' || c == '\f' || c == '\v' || c == 0x85 || c == 0x2028 || c == 0x2029) {
      newline();
    } else if (c == '\t') {
      out += '\t';
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xFEFF) {
      // NUL, other control characters, BOM: dropped.
    } else {
      text::AppendUtf8(out, c);
    }
  }
  if (trim_lines) {
    TrimLineEnd(out, line_start);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    if (!out.empty()) out += '\n';
  }
  return out;
}

bool IsBlank(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    if (!IsSpace(text::DecodeUtf8(s, pos))) return false;
  }
  return true;
}

std::string LowerExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace jianfu::extract::internal
