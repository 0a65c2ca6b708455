// .docx: the main document part (word/document.xml) read with pugixml.
// Body paragraphs and tables in document order; tracked deletions skipped,
// insertions kept; text boxes after the paragraph that anchors them.
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "internal.h"
#include "zip_reader.h"

namespace jianfu::extract::internal {

namespace {

constexpr std::string_view kOle = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr int kMaxDepth = 256;

// `name` as UTF-16LE bytes, the way OLE directory entries store stream names.
std::string Utf16Le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// An OLE compound file named .docx: either a password-protected Office file
// (OOXML encryption wraps the package in OLE streams EncryptionInfo and
// EncryptedPackage) or an old binary .doc with the wrong extension.
Error OleError(std::string_view bytes, const std::string& path) {
  if (bytes.find(Utf16Le("EncryptedPackage")) == std::string_view::npos &&
      bytes.find(Utf16Le("WordDocument")) != std::string_view::npos) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "这是旧版 Word（.doc）格式的文件，扩展名却是 .docx；请另存为 .docx 或 .pdf", path);
  }
  return MakeError(ErrorCode::kEncrypted, "文件已加密，无法读取（请去除密码后再检查）", path);
}

// The target of the package's officeDocument relationship, or "" when the
// package has no readable _rels/.rels.
std::string MainPartName(ZipReader& zip) {
  if (!zip.Has("_rels/.rels")) return {};
  auto rels = zip.Read("_rels/.rels");
  if (!rels.ok()) return {};
  pugi::xml_document doc;
  if (!doc.load_buffer(rels->data(), rels->size())) return {};
  for (pugi::xml_node rel : doc.document_element().children()) {
    const std::string_view type = rel.attribute("Type").value();
    if (type.size() >= 15 && type.substr(type.size() - 15) == "/officeDocument") {
      std::string target = rel.attribute("Target").value();
      while (!target.empty() && target.front() == '/') target.erase(0, 1);
      return target;
    }
  }
  return {};
}

class Walker {
 public:
  explicit Walker(const pugi::xml_node& root) {
    // The prefix bound to the WordprocessingML namespace (usually "w").
    const std::string_view root_name = root.name();
    const size_t colon = root_name.find(':');
    w_ = colon == std::string_view::npos ? "" : std::string(root_name.substr(0, colon + 1));
    for (pugi::xml_attribute a : root.attributes()) {
      const std::string_view n = a.name();
      const std::string_view v = a.value();
      if (!StartsWith(n, "xmlns")) continue;
      const std::string prefix = n.size() > 6 ? std::string(n.substr(6)) + ":" : "";
      if (v == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
          v == "http://purl.oclc.org/ooxml/wordprocessingml/main") {
        w_ = prefix;
      } else if (v == "http://schemas.openxmlformats.org/markup-compatibility/2006") {
        mc_fallback_ = prefix + "Fallback";
      }
    }
  }

  std::string_view Local(const pugi::xml_node& n) const {
    std::string_view name = n.name();
    if (!StartsWith(name, w_)) return {};
    name.remove_prefix(w_.size());
    if (name.find(':') != std::string_view::npos) return {};
    return name;
  }

  // Appends the lines of the block-level content of `node` to `lines`.
  void Blocks(const pugi::xml_node& node, std::vector<std::string>& lines, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return;
    }
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element || c.name() == mc_fallback_) continue;
      const std::string_view n = Local(c);
      if (n == "p") {
        std::string line;
        std::vector<std::string> boxes;
        Inline(c, line, boxes, depth + 1);
        lines.push_back(std::move(line));
        for (auto& b : boxes) lines.push_back(std::move(b));
      } else if (n == "tbl") {
        Table(c, lines, depth + 1);
      } else if (!Skipped(n)) {
        Blocks(c, lines, depth + 1);  // sdt, sdtContent, customXml, ins, moveTo, ...
      }
    }
  }

  bool TooDeep() const { return too_deep_; }

 private:
  static bool Skipped(std::string_view n) {
    return n == "del" || n == "moveFrom" || n == "delText" || n == "instrText" || n == "delInstrText" ||
           n == "pPr" || n == "rPr" || n == "sectPr" || n == "tblPr" || n == "tblGrid" || n == "trPr" ||
           n == "tcPr" || n == "sdtPr" || n == "sdtEndPr" || n == "fldData" || n == "tblPrEx";
  }

  // Run-level content of a paragraph: text into `line`; paragraphs of text
  // boxes into `boxes`.
  void Inline(const pugi::xml_node& node, std::string& line, std::vector<std::string>& boxes, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return;
    }
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element || c.name() == mc_fallback_) continue;
      const std::string_view n = Local(c);
      if (n == "t") {
        line += c.child_value();
      } else if (n == "tab" || n == "ptab") {
        line += '\t';
      } else if (n == "br" || n == "cr") {
        line += '\n';
      } else if (n == "noBreakHyphen") {
        line += '-';
      } else if (n == "txbxContent") {
        Blocks(c, boxes, depth + 1);
      } else if (!Skipped(n)) {
        Inline(c, line, boxes, depth + 1);  // r, ins, hyperlink, smartTag, fldSimple, drawing, ...
      }
    }
  }

  void Table(const pugi::xml_node& tbl, std::vector<std::string>& lines, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return;
    }
    for (pugi::xml_node c : tbl.children()) {
      if (c.type() != pugi::node_element || c.name() == mc_fallback_) continue;
      const std::string_view n = Local(c);
      if (n == "tr") {
        const pugi::xml_node pr = Child(c, "trPr");
        if (pr && Child(pr, "del")) continue;  // deleted row (tracked change)
        std::vector<std::string> cells;
        Cells(c, cells, depth + 1);
        std::string row;
        for (size_t i = 0; i < cells.size(); ++i) {
          if (i > 0) row += '\t';
          row += cells[i];
        }
        lines.push_back(std::move(row));
      } else if (!Skipped(n)) {
        Table(c, lines, depth + 1);  // sdt / customXml around rows
      }
    }
  }

  void Cells(const pugi::xml_node& tr, std::vector<std::string>& cells, int depth) {
    if (depth > kMaxDepth) {
      too_deep_ = true;
      return;
    }
    for (pugi::xml_node c : tr.children()) {
      if (c.type() != pugi::node_element || c.name() == mc_fallback_) continue;
      const std::string_view n = Local(c);
      if (n == "tc") {
        std::vector<std::string> paras;
        Blocks(c, paras, depth + 1);
        std::string cell;
        for (std::string& p : paras) {
          for (char& ch : p) {
            if (ch == '\t' || ch == '\n') ch = ' ';
          }
          if (p.empty()) continue;
          if (!cell.empty()) cell += ' ';
          cell += p;
        }
        cells.push_back(std::move(cell));
      } else if (!Skipped(n)) {
        Cells(c, cells, depth + 1);
      }
    }
  }

  pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) const {
    for (pugi::xml_node c : n.children()) {
      if (Local(c) == local) return c;
    }
    return {};
  }

  std::string w_;
  std::string mc_fallback_ = "mc:Fallback";
  bool too_deep_ = false;
};

}  // namespace

Result<Extracted> ReadDocx(std::string_view bytes, const std::string& path, const Limits& limits) {
  if (StartsWith(bytes, kOle)) return OleError(bytes, path);
  auto opened = ZipReader::Open(bytes, path, limits);
  if (!opened.ok()) return opened.error();
  ZipReader& zip = **opened;

  std::string part = MainPartName(zip);
  if (part.empty() || !zip.Has(part)) part = "word/document.xml";
  if (!zip.Has(part)) {
    return MakeError(ErrorCode::kCorrupt, "不是有效的 .docx 文件（缺少正文部分 word/document.xml）", path);
  }
  auto xml = zip.Read(part);
  if (!xml.ok()) {
    Error e = xml.error();
    if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kCorrupt;
    return e;
  }

  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed) {
    return MakeError(ErrorCode::kCorrupt,
                     "不是有效的 .docx 文件（" + part + " 在第 " + std::to_string(parsed.offset) +
                         " 字节处 XML 解析失败：" + parsed.description() + "）",
                     path);
  }
  const pugi::xml_node root = doc.document_element();
  Walker walker(root);
  if (walker.Local(root) != "document") {
    return MakeError(ErrorCode::kCorrupt, "不是有效的 .docx 文件（" + part + " 不是 Word 正文）", path);
  }
  std::vector<std::string> lines;
  for (pugi::xml_node c : root.children()) {
    if (walker.Local(c) == "body") walker.Blocks(c, lines, 1);
  }
  if (walker.TooDeep()) {
    return MakeError(ErrorCode::kCorrupt, "不是有效的 .docx 文件（" + part + " 的嵌套层级过深）", path);
  }
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += '\n';
  }
  return Extracted{std::move(text), Format::kDocx, ""};
}

}  // namespace jianfu::extract::internal
