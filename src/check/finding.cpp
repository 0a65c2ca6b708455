#include "jianfu/check/finding.h"

namespace jianfu::check {

const char* DocTypeName(DocType t) {
  switch (t) {
    case DocType::kComprehensive:
      return "comprehensive";
    case DocType::kSpecial:
      return "special";
    case DocType::kGeneral:
      return "general";
  }
  return "general";
}

bool ParseDocType(std::string_view name, DocType* out) {
  if (name == "comprehensive")
    *out = DocType::kComprehensive;
  else if (name == "special")
    *out = DocType::kSpecial;
  else if (name == "general")
    *out = DocType::kGeneral;
  else
    return false;
  return true;
}

}  // namespace jianfu::check
