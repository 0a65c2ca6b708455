#include "jianfu/rules/severity.h"

namespace jianfu::rules {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarn:
      return "warn";
    case Severity::kBlock:
      return "block";
  }
  return "warn";
}

bool ParseSeverity(std::string_view name, Severity* out) {
  if (name == "info")
    *out = Severity::kInfo;
  else if (name == "warn")
    *out = Severity::kWarn;
  else if (name == "block")
    *out = Severity::kBlock;
  else
    return false;
  return true;
}

}  // namespace jianfu::rules
