// Placeholder until the counting work lands.
#include "jianfu/text/count.h"

#include "jianfu/text/utf8.h"

namespace jianfu::text {

CharCount CountChars(std::string_view utf8) {
  CharCount c;
  c.words = c.chars_no_spaces = c.chars_with_spaces = CountCodePoints(utf8);
  return c;
}

}  // namespace jianfu::text
