// include/jianfu/rules/severity.h
//
// How serious a rule's finding is. `block` refuses a filing (an explicit
// prohibition), `warn` asks for a change or a recorded justification (rules
// qualified by 一般/原则上), `info` records a burden for the ledger.
#pragma once

#include <string_view>

namespace jianfu::rules {

enum class Severity { kInfo = 0, kWarn = 1, kBlock = 2 };

// "info", "warn", "block".
const char* SeverityName(Severity s);
// Parses the names above; false for anything else.
bool ParseSeverity(std::string_view name, Severity* out);

}  // namespace jianfu::rules
