// Internal: aligned text tables for a terminal, CJK-width aware.
#ifndef ZHIFA_LIB_TEXT_TABLE_H_
#define ZHIFA_LIB_TEXT_TABLE_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::internal {

// Terminal columns a UTF-8 string takes (East Asian wide and full-width characters count 2).
int DisplayWidth(std::string_view text);

// `text` padded with spaces to `width` columns, on the left when `right`.
std::string Pad(std::string_view text, int width, bool right);

// Writes rows (the first is the header) with columns separated by two spaces, each as wide as its widest cell;
// `right[c]` right-aligns column c (numbers). Trailing spaces are trimmed.
void WriteAlignedTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right = {});

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_TEXT_TABLE_H_
