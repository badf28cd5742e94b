// Internal: reading the cells of spreadsheets as Chinese offices export them.
//
// Excel, WPS and pandas write the same value many ways: full-width digits and spaces (３００, a U+3000 space),
// whole numbers as `300.0`, booleans as `TRUE`, `是` or `√`, dates as `2021/3/19` or `2021年3月19日`. Every
// reader (counts, cases, quotas, the ledger, officers) and the Python layer parse cells with these functions,
// so one value means one thing on every path. Each accepts only what is unambiguous and says why otherwise.
#ifndef ZHIFA_LIB_CELLS_H_
#define ZHIFA_LIB_CELLS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::internal {

// Whether `s` may need NormalizeCell: white space at either end, or a byte that starts a full-width form
// (0xEF: U+F000..U+FFFF), the ideographic space (0xE3 0x80 0x80) or a no-break space (0xC2 0xA0). Plain
// cells — ASCII, and Chinese text, whose characters start with other bytes — skip the copy.
inline bool NeedsNormalizing(std::string_view s) {
  if (s.empty()) return false;
  const char f = s.front(), b = s.back();
  if (f == '\'') return true;  // perhaps the apostrophe before a formula-like text (AppendCsvField)
  if (f == ' ' || b == ' ' || f == '\t' || b == '\t' || f == '\r' || b == '\r' || f == '\n' || b == '\n') return true;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0xC2) continue;
    if (c == 0xEF || (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) ||
        (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x80')) {
      return true;
    }
  }
  return false;
}

// The cell with full-width ASCII forms (U+FF01..U+FF5E: ０-９, Ａ-Ｚ, －, ．, ／ ...) turned into ASCII, the
// ideographic space (U+3000) and no-break space (U+00A0) into spaces, and white space trimmed at both ends.
std::string NormalizeCell(std::string_view cell);

// A cell of a table as every reader takes it: NormalizeCell, then the apostrophe that AppendCsvField puts before
// a formula-like text taken away ('=x -> =x, ''=x -> '=x). Once per cell read from a file or a frame; values
// already read (stored, canonical) go through NormalizeCell only, which keeps apostrophes.
std::string ReadCell(std::string_view raw);

// A cell as `view`, normalized only when needed: `scratch` holds the normalized text when it is.
std::string_view CleanCell(std::string_view cell, std::string& scratch);

// A whole number: optional sign, digits, optionally `.0`/`.00` (Excel's and pandas' way of writing whole
// numbers) or groups of three digits separated by commas (1,300). `300.5` is not whole. On failure returns
// nullopt and sets *why to a reason ("is not a whole number"). Values beyond ±2^62 fail as too large.
std::optional<int64_t> ParseWhole(std::string_view cell, std::string* why);

// An amount of money in yuan: a whole number as ParseWhole, or with one or two decimals (fen: 1234.56), counted
// in whole yuan rounded down (a threshold of 10,000 yuan is reached by 10000.00, not by 9999.99).
std::optional<int64_t> ParseYuan(std::string_view cell, std::string* why);

// A boolean: 1 / 0, 1.0 / 0.0, true / false, yes / no, y / n (any case), 是 / 否, 有 / 无, √ / ×, ✓ / ✗.
std::optional<bool> ParseBoolCell(std::string_view cell);

// A calendar date as year, month, day, from 2021-03-19, 2021-3-19, 2021/3/19, 2021.3.19, 2021年3月19日,
// 20210319, any of them followed by a time of day (`2021-03-19 00:00:00`, `2021/3/19 8:30`, `...T08:30:00`).
// Checks the day exists. Returns nullopt otherwise.
struct Ymd {
  int year = 0, month = 0, day = 0;
};
std::optional<Ymd> ParseYmd(std::string_view cell);

// 合计, 总计, 小计 (spaces inside ignored: 合  计), alone or with a prefix or suffix of their kind (全县合计).
enum class TotalKind { kNone, kTotal, kSubtotal };
TotalKind TotalLabel(std::string_view cell);

// A header cell as it is compared: normalized as NormalizeCell, every space removed, a trailing unit in
// brackets dropped (立案数量（件） -> 立案数量, 罚款金额(元) -> 罚款金额), ASCII letters lower-cased.
std::string HeaderKey(std::string_view header);

// 序号, 编号, 行号, no., no, #: a column that only numbers the rows.
bool IsRowNumberHeader(std::string_view header_key);

// The items of a list cell: "P1|P2", "P1、P2", "P1，P2", "P1, P2" or "P1;P2" -> {"P1", "P2"}; each item trimmed,
// empty items dropped.
std::vector<std::string> SplitList(std::string_view cell);

// The value as echoed in a message: control characters escaped (\x1b), and cut to `max` bytes (at a
// character boundary) with "…" and the full length when longer.
std::string EchoValue(std::string_view value, size_t max = 80);

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_CELLS_H_
