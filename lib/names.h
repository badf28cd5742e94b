// Internal: the names of an enumeration as a file may write them — a canonical English key and Chinese names —
// for the readers of the ledger, the officer register and the organization checklists.
#ifndef ZHIFA_LIB_NAMES_H_
#define ZHIFA_LIB_NAMES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lib/cells.h"
#include "lib/strings.h"

namespace zhifa::internal {

struct Named {
  std::string_view key;
  std::string_view zh;  // '|'-separated Chinese names
};

// The index of `name` in `table` (its key, or one of its Chinese names; case, full-width forms and spaces do
// not matter), or -1.
inline int FindNamed(std::span<const Named> table, std::string_view name) {
  std::string squeezed;
  for (char c : NormalizeCell(Lower(Trim(name)))) {
    if (c != ' ') squeezed += c;
  }
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].key == squeezed) return static_cast<int>(i);
    for (std::string_view rest = table[i].zh; !rest.empty();) {
      const size_t bar = rest.find('|');
      if (rest.substr(0, bar) == squeezed) return static_cast<int>(i);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
  }
  return -1;
}

// "team 队伍管理, system 体制改革, ...": what an error says is expected.
inline std::string ExpectedNames(std::span<const Named> table) {
  std::vector<std::string> keys;
  for (const Named& n : table) keys.push_back(Cat(n.key, " ", n.zh.substr(0, n.zh.find('|'))));
  return Join(keys, ", ");
}

}  // namespace zhifa::internal

#endif  // ZHIFA_LIB_NAMES_H_
