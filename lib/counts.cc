#include "zhifa/counts.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/strings.h"

namespace zhifa {
namespace {

struct ColumnInfo {
  std::string_view name;
  std::string_view name_zh;
};

constexpr ColumnInfo kColumns[kColumnCount] = {
    {"should_file", "应立案数量"},
    {"filed", "立案数量"},
    {"closed", "办结数量"},
    {"overdue", "超期件数"},
    {"leader_unfulfilled", "县领导交办未落实件数"},
    {"executed", "执行数量"},
    {"court_refused", "法院裁定不予执行件数"},
    {"penalized", "处罚数量"},
    {"missed_penalty", "应处罚未处罚件数"},
    {"sued", "法院立案数量"},
    {"enforcement_cases", "年度执法案件数量"},
    {"judgments", "生效判决案件数量"},
    {"judgments_won", "生效判决胜诉案件数量"},
};

}  // namespace

std::string_view ColumnName(Column column) { return kColumns[static_cast<size_t>(column)].name; }
std::string_view ColumnNameZh(Column column) { return kColumns[static_cast<size_t>(column)].name_zh; }

std::optional<Column> ColumnFromName(std::string_view name) {
  name = internal::Trim(name);
  for (Column c : kAllColumns) {
    if (ColumnName(c) == name || ColumnNameZh(c) == name) return c;
  }
  return std::nullopt;
}

namespace {

// The rules of IsValid over any source of counts: get(c) as Counts::Get reads it, has(c) as Counts::Has.
template <typename Get, typename Has>
bool ValidBy(const Get& get, const Has& has) {
  bool ok = true;
  for (Column c : kAllColumns) {
    const int64_t v = get(c);  // enforcement_cases, when absent, reads as filed
    ok &= (has(c) || c == Column::kEnforcementCases) & (v >= 0) & (v <= kMaxCount);
  }
  for (const CountBound& b : kCountBounds) ok &= get(b.column) <= get(b.limit);
  return ok;
}

}  // namespace

bool IsValid(const Counts& counts) {
  return ValidBy([&](Column c) { return counts.Get(c); }, [&](Column c) { return counts.Has(c); });
}

void ValidRows(const std::array<const int64_t*, kColumnCount>& columns,
               const std::array<const bool*, kColumnCount>& present, std::span<uint8_t> valid) {
  // IsValid's rules a column at a time over blocks of rows (simple loops the compiler vectorizes; the block of
  // results stays in the L1 cache). A missing cell makes its row invalid (enforcement_cases excepted: it then
  // reads as filed, which has its own checks), so the bounds may compare the columns as they are.
  constexpr size_t kBlock = 4096;
  const auto in_range = [](int64_t v) -> uint8_t {
    return static_cast<uint64_t>(v) <= static_cast<uint64_t>(kMaxCount);
  };
  for (size_t b = 0; b < valid.size(); b += kBlock) {
    const size_t e = std::min(valid.size(), b + kBlock);
    uint8_t* ok = valid.data();
    std::fill(ok + b, ok + e, uint8_t{1});
    for (Column c : kAllColumns) {
      const int64_t* v = columns[static_cast<size_t>(c)];
      const bool* has = present[static_cast<size_t>(c)];
      if (v == nullptr) {
        if (c != Column::kEnforcementCases) std::fill(ok + b, ok + e, uint8_t{0});
      } else if (c == Column::kEnforcementCases && has != nullptr) {
        for (size_t i = b; i < e; ++i) ok[i] &= static_cast<uint8_t>(!has[i]) | in_range(v[i]);
      } else if (has != nullptr) {
        for (size_t i = b; i < e; ++i) ok[i] &= static_cast<uint8_t>(has[i]) & in_range(v[i]);
      } else {
        for (size_t i = b; i < e; ++i) ok[i] &= in_range(v[i]);
      }
    }
    for (const CountBound& bound : kCountBounds) {
      const int64_t* v = columns[static_cast<size_t>(bound.column)];
      const int64_t* limit = columns[static_cast<size_t>(bound.limit)];
      if (v == nullptr || limit == nullptr) continue;  // the rows are invalid already
      for (size_t i = b; i < e; ++i) ok[i] &= static_cast<uint8_t>(v[i] <= limit[i]);
    }
  }
}

std::vector<CountError> Validate(const Counts& counts) {
  std::vector<CountError> errors;
  if (IsValid(counts)) return errors;  // the common case, without the per-rule work below
  auto in_range = [&](Column c) {
    if (!counts.Has(c)) return false;
    int64_t v = counts.Get(c);
    return v >= 0 && v <= kMaxCount;
  };
  for (Column c : kAllColumns) {
    if (!counts.Has(c)) {
      if (c != Column::kEnforcementCases) errors.push_back({c, "missing; expected a whole number >= 0"});
      continue;
    }
    int64_t v = counts.Get(c);
    if (v < 0) {
      errors.push_back({c, internal::Cat(v, " is negative; expected a whole number >= 0")});
    } else if (v > kMaxCount) {
      errors.push_back({c, internal::Cat(v, " is more than the largest supported count ", kMaxCount)});
    }
    for (const CountBound& b : kCountBounds) {
      if (b.column != c || !in_range(c) || !in_range(b.limit)) continue;
      if (v > counts.Get(b.limit)) {
        errors.push_back({c, internal::Cat(v, " is more than ", ColumnName(b.limit), " (", counts.Get(b.limit), ")")});
      }
    }
  }
  return errors;
}

}  // namespace zhifa
