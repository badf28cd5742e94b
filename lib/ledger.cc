#include "zhifa/ledger.h"

#include <algorithm>
#include <fstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/cells.h"
#include "lib/embedded.h"
#include "lib/names.h"
#include "lib/strings.h"
#include "lib/table_reader.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::Cat;

// In the order of internal::LedgerColumns().
enum class LedgerColumn : size_t {
  kProblemId,
  kUnit,
  kArea,
  kKind,
  kSource,
  kFoundOn,
  kClass,
  kDisciplineClue,
  kResponsible,
  kDueOn,
  kRectifiedOn,
  kTransferredOn,
  kSupervisedOn,
  kDisposition,
  kDisposedOn,
  kDisclosed,
  kCount
};

using internal::Named;

constexpr Named kAreas[] = {{"team", "队伍管理|执法队伍管理"},
                            {"system", "体制改革|执法体制改革"},
                            {"conduct", "执法不规范|行政执法不规范"},
                            {"guarantee", "执法保障"}};
constexpr Named kSources[] = {{"self_inspection", "自查|自查自纠"},
                              {"inspection", "督查|督查检查"},
                              {"covert", "暗访"},
                              {"public", "群众反映|群众举报|投诉举报"}};
constexpr Named kClasses[] = {{"general", "一般性|一般|一般性问题"},
                              {"hard", "一时难以整治|难以整治"},
                              {"serious", "问题突出|情节严重|影响恶劣|严重"},
                              {"systemic", "普遍性|倾向性|普遍性倾向性"}};
constexpr Named kDispositions[] = {{"criticism", "批评教育"},
                                   {"written_review", "书面检查|责令作出书面检查"},
                                   {"transfer", "移交追责|移交纪委监委"},
                                   {"exposure", "通报曝光"},
                                   {"mechanism", "长效机制|建立长效机制"}};
constexpr Named kConductKinds[] = {
    {"no_action", "发现问题不处理"},     {"slow_complaint", "受理投诉不及时"}, {"overdue_case", "办理案件超时效"},
    {"selective", "选择性执法"},         {"arbitrary", "随意性执法"},          {"no_authority", "无权限执法"},
    {"no_procedure", "不按程序执法"},    {"wrong_law", "适用法律不准确"},      {"bad_documents", "文书制作不规范"},
    {"no_disclosure", "执法公开不到位"}, {"auxiliary_abuse", "辅助人员滥执法"}};

int Find(std::span<const Named> table, std::string_view name) { return internal::FindNamed(table, name); }
std::string Expected(std::span<const Named> table) { return internal::ExpectedNames(table); }

size_t Col(LedgerColumn c) { return static_cast<size_t>(c); }

// Reads a problem from cells got by column. `header(c)` names the column in errors; `raw(c)` is the cell as
// written.
template <typename Cell, typename Header>
Problem ParseProblem(const Cell& cell, const Header& header, const Registry& registry, bool has_disclosed) {
  Problem p;
  auto error = [&](LedgerColumn c, std::string message) {
    p.errors.push_back({std::string(header(c)), std::move(message), std::string(cell(c))});
  };
  p.problem_id = std::string(cell(LedgerColumn::kProblemId));
  if (p.problem_id.empty()) error(LedgerColumn::kProblemId, "missing; every problem needs an id");
  p.unit_text = std::string(cell(LedgerColumn::kUnit));
  if (absl::StatusOr<const Unit*> u = registry.Resolve(p.unit_text); u.ok()) {
    p.unit = *u;
  } else {
    error(LedgerColumn::kUnit, std::string(u.status().message()));
    p.errors.back().code = u.status().code();
  }
  auto named = [&](LedgerColumn c, auto& table, auto set, std::string_view what) {
    std::string_view v = cell(c);
    if (v.empty()) {
      error(c, Cat("missing; expected ", what, ": ", Expected(table)));
      return;
    }
    const int i = Find(table, v);
    if (i < 0) {
      error(c, Cat("\"", internal::EchoValue(v), "\" is not ", what, "; expected ", Expected(table)));
    } else {
      set(i);
    }
  };
  named(
      LedgerColumn::kArea, kAreas, [&](int i) { p.area = static_cast<Area>(i); }, "an area");
  named(
      LedgerColumn::kSource, kSources, [&](int i) { p.source = static_cast<Source>(i); }, "a source");
  named(
      LedgerColumn::kClass, kClasses, [&](int i) { p.problem_class = static_cast<ProblemClass>(i); }, "a class");
  p.kind = std::string(cell(LedgerColumn::kKind));
  if (p.area == Area::kConduct && !p.kind.empty()) {
    if (std::optional<std::string_view> k = ConductKindFromName(p.kind)) p.kind = std::string(*k);
  }
  struct DateField {
    LedgerColumn column;
    std::optional<Date>* out;
  };
  std::optional<Date> found;
  for (auto [column, out] : {DateField{LedgerColumn::kFoundOn, &found}, DateField{LedgerColumn::kDueOn, &p.due_on},
                             DateField{LedgerColumn::kRectifiedOn, &p.rectified_on},
                             DateField{LedgerColumn::kTransferredOn, &p.transferred_on},
                             DateField{LedgerColumn::kSupervisedOn, &p.supervised_on},
                             DateField{LedgerColumn::kDisposedOn, &p.disposed_on}}) {
    std::string_view v = cell(column);
    if (v.empty()) continue;
    if (absl::StatusOr<Date> d = ParseDate(v); d.ok()) {
      *out = *d;
    } else {
      error(column, std::string(d.status().message()));
    }
  }
  if (found) {
    p.found_on = *found;
  } else if (cell(LedgerColumn::kFoundOn).empty()) {
    error(LedgerColumn::kFoundOn, "missing; every problem needs the date it was found");
  }
  for (auto [column, out] : {std::pair{LedgerColumn::kDisciplineClue, &p.discipline_clue}}) {
    std::string_view v = cell(column);
    if (v.empty()) continue;
    if (std::optional<bool> b = internal::ParseBoolCell(v)) {
      *out = *b;
    } else {
      error(column, Cat("\"", internal::EchoValue(v), "\" is not a boolean; expected 1/0, 是/否 or √"));
    }
  }
  if (has_disclosed) {
    std::string_view v = cell(LedgerColumn::kDisclosed);
    if (v.empty()) {
      p.disclosed = false;
    } else if (std::optional<bool> b = internal::ParseBoolCell(v)) {
      p.disclosed = *b;
    } else {
      error(LedgerColumn::kDisclosed,
            Cat("\"", internal::EchoValue(v), "\" is not a boolean; expected 1/0, 是/否 or √"));
    }
  }
  p.responsible = std::string(cell(LedgerColumn::kResponsible));
  // Several dispositions joined with | (or 、，; as spreadsheets write lists).
  std::string list;
  const std::string_view raw = cell(LedgerColumn::kDisposition);
  for (size_t i = 0; i < raw.size();) {
    size_t matched = 0;
    for (std::string_view sep : {"、", "，", "；", ",", ";", "/"}) {
      if (raw.substr(i).starts_with(sep)) matched = sep.size();
    }
    list += matched > 0 ? '|' : raw[i];
    i += matched > 0 ? matched : 1;
  }
  for (std::string_view rest = list; !rest.empty();) {
    const size_t bar = rest.find('|');
    std::string_view one = internal::Trim(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (one.empty()) continue;
    const int i = Find(kDispositions, one);
    if (i < 0) {
      error(LedgerColumn::kDisposition, Cat("\"", internal::EchoValue(one), "\" is not a disposition; expected ",
                                            Expected(kDispositions), " (several joined with |)"));
    } else {
      p.dispositions |= static_cast<uint8_t>(1u << i);
    }
  }
  if (p.errors.empty()) {
    for (RowError& e : ValidateProblem(p)) {
      for (size_t k = 0; k < Col(LedgerColumn::kCount); ++k) {
        if (internal::LedgerColumns()[k].name == e.column) {
          e.value = std::string(cell(static_cast<LedgerColumn>(k)));
          e.column = std::string(header(static_cast<LedgerColumn>(k)));
        }
      }
      p.errors.push_back(std::move(e));
    }
  }
  return p;
}

}  // namespace

// --- names ---------------------------------------------------------------------------------------------------

std::optional<Area> AreaFromName(std::string_view name) {
  const int i = Find(kAreas, name);
  return i < 0 ? std::nullopt : std::optional<Area>(static_cast<Area>(i));
}
std::optional<Source> SourceFromName(std::string_view name) {
  const int i = Find(kSources, name);
  return i < 0 ? std::nullopt : std::optional<Source>(static_cast<Source>(i));
}
std::optional<ProblemClass> ProblemClassFromName(std::string_view name) {
  const int i = Find(kClasses, name);
  return i < 0 ? std::nullopt : std::optional<ProblemClass>(static_cast<ProblemClass>(i));
}
std::optional<Disposition> DispositionFromName(std::string_view name) {
  const int i = Find(kDispositions, name);
  return i < 0 ? std::nullopt : std::optional<Disposition>(static_cast<Disposition>(1u << i));
}
std::string_view AreaName(Area a) { return kAreas[static_cast<size_t>(a)].key; }
std::string_view SourceName(Source s) { return kSources[static_cast<size_t>(s)].key; }
std::string_view ProblemClassName(ProblemClass c) { return kClasses[static_cast<size_t>(c)].key; }

std::string DispositionNames(uint8_t dispositions) {
  std::vector<std::string_view> names;
  for (size_t i = 0; i < std::size(kDispositions); ++i) {
    if (dispositions & (1u << i)) names.push_back(kDispositions[i].key);
  }
  return internal::Join(names, "|");
}

std::optional<std::string_view> ConductKindFromName(std::string_view name) {
  const int i = Find(kConductKinds, name);
  return i < 0 ? std::nullopt : std::optional<std::string_view>(kConductKinds[i].key);
}

std::span<const TableColumn> LedgerColumnNames() {
  static const auto& names = *new std::vector<TableColumn>(internal::TableColumnsOf(internal::LedgerColumns()));
  return names;
}

std::vector<RowError> ValidateProblem(const Problem& p) {
  std::vector<RowError> errors;
  if (p.problem_id.empty()) errors.push_back({"problem_id", "missing; every problem needs an id"});
  if (p.unit == nullptr) errors.push_back({"unit", Cat("\"", p.unit_text, "\" is not a unit of the registry")});
  if (p.found_on.is_not_a_date()) {
    errors.push_back({"found_on", "missing; every problem needs the date it was found"});
    return errors;
  }
  for (auto [name, date] : {std::pair{"rectified_on", &p.rectified_on}, std::pair{"transferred_on", &p.transferred_on},
                            std::pair{"supervised_on", &p.supervised_on}, std::pair{"disposed_on", &p.disposed_on}}) {
    if (*date && **date < p.found_on) {
      errors.push_back({name, Cat(FormatDate(**date), " is before found_on ", FormatDate(p.found_on))});
    }
  }
  if (p.dispositions != 0 && !p.disposed_on) {
    errors.push_back({"disposed_on", Cat("missing; the problem has a disposition (", DispositionNames(p.dispositions),
                                         ") without its date")});
  }
  if (p.dispositions == 0 && p.disposed_on) {
    errors.push_back({"disposition", Cat("missing; the problem has a disposition date (", FormatDate(*p.disposed_on),
                                         ") without a disposition")});
  }
  if (p.area == Area::kConduct && !p.kind.empty() && !ConductKindFromName(p.kind)) {
    errors.push_back({"kind", Cat("\"", internal::EchoValue(p.kind), "\" is not a kind of 3.3 (conduct); expected ",
                                  Expected(kConductKinds))});
  }
  return errors;
}

// --- settings ------------------------------------------------------------------------------------------------

absl::StatusOr<LedgerSettings> LedgerSettings::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  internal::TomlTable t(*doc, source, "");
  if (absl::Status s =
          t.OnlyKeys({"id", "rectification", "discipline", "inspection_target", "disposition", "material"});
      !s.ok()) {
    return s;
  }
  LedgerSettings out;
  for (std::string_view key : {"rectification", "discipline", "inspection_target", "disposition", "material"}) {
    if (const toml::node* n = doc->get(key); n != nullptr && !n->is_table()) return t.Error(key, "expected a table");
  }
  auto table = [&](std::string_view key) -> const toml::table* {
    const toml::node* n = doc->get(key);
    return n != nullptr && n->is_table() ? n->as_table() : nullptr;
  };
  auto days = [](const internal::TomlTable& tt, std::string_view key, int lo, int hi,
                 std::optional<int>& field) -> absl::Status {
    auto v = tt.Integer(key, false);
    if (!v.ok()) return v.status();
    if (v->has_value()) {
      if (**v < lo || **v > hi) return tt.Error(key, Cat("expected ", lo, "..", hi));
      field = static_cast<int>(**v);
    }
    return absl::OkStatus();
  };
  if (const toml::table* r = table("rectification")) {
    internal::TomlTable tt(*r, source, "rectification");
    if (absl::Status s = tt.OnlyKeys({"general_days"}); !s.ok()) return s;
    if (absl::Status s = days(tt, "general_days", 0, 3650, out.general_days_); !s.ok()) return s;
  }
  if (const toml::table* d = table("discipline")) {
    internal::TomlTable tt(*d, source, "discipline");
    if (absl::Status s = tt.OnlyKeys({"transfer_working_days"}); !s.ok()) return s;
    if (absl::Status s = days(tt, "transfer_working_days", 0, 365, out.transfer_working_days_); !s.ok()) return s;
  }
  if (const toml::table* i = table("inspection_target")) {
    internal::TomlTable tt(*i, source, "inspection_target");
    if (absl::Status s = tt.OnlyKeys({"few_problems", "public_problems"}); !s.ok()) return s;
    std::optional<int> few, pub;
    if (absl::Status s = days(tt, "few_problems", 1, 1000000, few); !s.ok()) return s;
    if (absl::Status s = days(tt, "public_problems", 1, 1000000, pub); !s.ok()) return s;
    out.few_problems_ = few.value_or(out.few_problems_);
    out.public_problems_ = pub.value_or(out.public_problems_);
  }
  if (const toml::table* d = table("disposition")) {
    internal::TomlTable tt(*d, source, "disposition");
    if (absl::Status s = tt.OnlyKeys({"general", "hard", "serious", "systemic"}); !s.ok()) return s;
    for (size_t c = 0; c < std::size(kClasses); ++c) {
      auto names = tt.StringArray(kClasses[c].key);
      if (!names.ok()) return names.status();
      if (!d->contains(kClasses[c].key)) continue;
      uint8_t bits = 0;
      for (const std::string& n : *names) {
        std::optional<Disposition> one = DispositionFromName(n);
        if (!one) {
          return tt.Error(kClasses[c].key, Cat("\"", n, "\" is not a disposition; expected ", Expected(kDispositions)));
        }
        bits |= *one;
      }
      if (bits == 0) return tt.Error(kClasses[c].key, "names no disposition");
      out.required_[c] = bits;
    }
  }
  if (const toml::table* m = table("material")) {
    internal::TomlTable tt(*m, source, "material");
    for (const auto& [key, node] : *m) {
      std::string k(key.str());
      if (!node.is_string()) return tt.Error(k, "expected all, county, departments, townships, guidance or none");
      std::string v(node.as_string()->get());
      if (v != "all" && v != "county" && v != "departments" && v != "townships" && v != "guidance" && v != "none") {
        return tt.Error(
            k, Cat("\"", v, "\" is not a group; expected all, county, departments, townships, guidance or none"));
      }
      auto it = std::find_if(out.owed_by_.begin(), out.owed_by_.end(), [&](const auto& e) { return e.first == k; });
      if (it == out.owed_by_.end()) {
        std::vector<std::string> keys;
        for (const auto& e : out.owed_by_) keys.push_back(e.first);
        return tt.Error(k, Cat("\"", k, "\" is not a material of the plan; expected ", internal::Join(keys, ", ")));
      }
      it->second = v;
    }
  }
  out.text_ = std::string(text);
  return out;
}

absl::StatusOr<LedgerSettings> LedgerSettings::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "ledger settings");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

const LedgerSettings& LedgerSettings::Builtin() {
  static const LedgerSettings& settings =
      internal::BuiltinFrom<LedgerSettings>("data/ledger/zhenping-2021.toml", "ledger settings");
  return settings;
}

std::string_view LedgerSettings::owed_by(std::string_view material) const {
  for (const auto& [m, group] : owed_by_) {
    if (m == material) return group;
  }
  return {};
}

// --- the rules -----------------------------------------------------------------------------------------------

namespace {

// The plan's three campaign phases, by key, else by position.
struct Campaign {
  Date self_end, inspection_end, end;
};

Campaign CampaignOf(const Plan& plan) {
  std::span<const Phase> phases = plan.phases();
  auto end_of = [&](std::string_view key, size_t fallback) {
    for (const Phase& p : phases) {
      if (p.key == key) return *p.end;
    }
    return *phases[std::min(fallback, phases.size() - 1)].end;
  };
  return {end_of("self_inspection", 0), end_of("inspection", 1), end_of("accountability", phases.size() - 1)};
}

// The last day of the phase `d` falls in; the first phase's end for a day before the plan; nullopt after it.
std::optional<Date> PhaseEnd(const Plan& plan, Date d) {
  Phase p = plan.PhaseOn(d);
  if (p.key == "before") return plan.phases().front().end;
  return p.end;
}

const char* kClassZh[] = {"一般性", "一时难以整治", "问题突出", "普遍性倾向性"};

}  // namespace

absl::StatusOr<LedgerCheck> CheckLedger(std::span<const Problem> problems, std::span<const Submission> submissions,
                                        Date as_of, const LedgerSettings& settings, const Plan& plan,
                                        const Registry& registry, const WorkCalendar& work) {
  std::vector<Finding> findings;
  absl::StatusOr<LedgerCheck> out = CheckLedger(
      problems, submissions, as_of, settings, [&](Finding&& f) { findings.push_back(std::move(f)); }, plan, registry,
      work);
  if (out.ok()) out->findings = std::move(findings);
  return out;
}

absl::StatusOr<LedgerCheck> CheckLedger(std::span<const Problem> problems, std::span<const Submission> submissions,
                                        Date as_of, const LedgerSettings& settings, const FindingSink& on_finding,
                                        const Plan& plan, const Registry& registry, const WorkCalendar& work) {
  LedgerCheck out;
  out.as_of = as_of;
  out.phase = plan.PhaseOn(as_of);
  out.next_deadline = plan.NextDeadline(as_of);
  const Campaign campaign = CampaignOf(plan);
  // The plan's units (not sub-units), in registry order; a sub-unit's records count for its parent.
  std::vector<int32_t> slot(registry.units().size(), -1);
  for (const Unit& u : registry.units()) {
    if (u.is_sub_unit()) continue;
    slot[static_cast<size_t>(&u - registry.units().data())] = static_cast<int32_t>(out.units.size());
    out.units.push_back({.unit = &u});
  }
  auto status_of = [&](const Unit* u) -> UnitStatus& {
    const Unit& scored = registry.ScoredAs(*u);
    return out.units[static_cast<size_t>(slot[static_cast<size_t>(&scored - registry.units().data())])];
  };
  auto by = [&](const std::optional<Date>& d) { return d && *d <= as_of; };
  auto add = [&](const Problem& p, UnitStatus& s, std::string_view rule, std::string_view clause, std::string zh,
                 std::string en) {
    on_finding(
        {p.row, p.problem_id, s.unit->name, std::string(rule), std::string(clause), std::move(zh), std::move(en)});
    ++s.findings;
  };

  for (const Problem& p : problems) {
    if (!p.ok() || p.unit == nullptr) continue;
    if (p.found_on > as_of) {
      ++out.problems_ignored;  // not found yet on the as-of date
      continue;
    }
    UnitStatus& s = status_of(p.unit);
    const std::string& id = p.problem_id;
    const size_t c = static_cast<size_t>(p.problem_class);
    ++s.total;
    ++s.by_class[c];
    s.self_inspection += p.source == Source::kSelfInspection;
    s.public_reports += p.source == Source::kPublic;
    const bool rectified = by(p.rectified_on);
    const bool transferred = by(p.transferred_on);
    const bool supervised = by(p.supervised_on);
    const bool disposed = p.dispositions != 0 && by(p.disposed_on);
    s.open += !rectified;
    s.rectified += rectified;
    s.transferred += transferred;
    s.supervised += supervised;
    s.disposed += disposed;

    // no_timetable [4(1)]: 一时难以整治的列出时间表、责任人.
    if (p.problem_class == ProblemClass::kHard && (!p.due_on || p.responsible.empty())) {
      const char* lacks_zh = !p.due_on && p.responsible.empty() ? "整改时限和责任人"
                             : !p.due_on                        ? "整改时限"
                                                                : "责任人";
      const char* lacks_en = !p.due_on && p.responsible.empty() ? "a due date and a responsible person"
                             : !p.due_on                        ? "a due date"
                                                                : "a responsible person";
      add(p, s, "no_timetable", "4(1)", Cat("一时难以整治的问题 ", id, " 未列明", lacks_zh),
          Cat("problem ", id, " is hard to rectify at once but lacks ", lacks_en, " (时间表、责任人)"));
    }
    // rectification_overdue [4(1), 4(3)]: past its due date and not rectified.
    std::optional<Date> due = p.due_on;
    if (!due && p.problem_class == ProblemClass::kGeneral) {
      // 立行立改: within general_days of finding it, else by the campaign's end — or the day it was found, for a
      // problem found after the campaign.
      due = settings.general_days() ? p.found_on + boost::gregorian::days(*settings.general_days())
                                    : std::max(campaign.end, p.found_on);
    }
    if (due && !rectified && as_of > *due) {
      ++s.overdue;
      const int late = static_cast<int>((as_of - *due).days());
      add(p, s, "rectification_overdue", "4(1), 4(3)",
          Cat("问题 ", id, " 整改时限为 ", FormatDate(*due), "，截至 ", FormatDate(as_of), " 仍未整改，已逾期 ", late,
              " 天"),
          Cat("problem ", id, " was due to be rectified by ", FormatDate(*due), " and is not rectified on ",
              FormatDate(as_of), ", ", late, late == 1 ? " day" : " days", " late"));
    }
    // discipline_not_transferred [4(1)]: 违纪违规问题线索，及时移送县纪委监察委 — not transferred by its deadline
    // (a transfer made later is still late).
    if (p.discipline_clue) {
      std::optional<Date> deadline = PhaseEnd(plan, p.found_on);
      if (settings.transfer_working_days()) {
        absl::StatusOr<Date> soon = work.AddWorkingDays(p.found_on, *settings.transfer_working_days());
        if (!soon.ok()) return soon.status();
        deadline = deadline ? std::min(*deadline, *soon) : *soon;
      }
      if (deadline && as_of > *deadline && !(transferred && *p.transferred_on <= *deadline)) {
        if (transferred) {
          add(p, s, "discipline_not_transferred", "4(1)",
              Cat("问题 ", id, " 涉及党员干部违纪违规线索，应于 ", FormatDate(*deadline), " 前移送县纪委监委，",
                  FormatDate(*p.transferred_on), " 才移送"),
              Cat("problem ", id, " holds a discipline clue to be transferred to the county 纪委监委 by ",
                  FormatDate(*deadline), "; transferred only on ", FormatDate(*p.transferred_on)));
        } else {
          add(p, s, "discipline_not_transferred", "4(1)",
              Cat("问题 ", id, " 涉及党员干部违纪违规线索，应于 ", FormatDate(*deadline), " 前移送县纪委监委，截至 ",
                  FormatDate(as_of), " 未移送"),
              Cat("problem ", id, " holds a discipline clue to be transferred to the county 纪委监委 by ",
                  FormatDate(*deadline), "; not transferred on ", FormatDate(as_of)));
        }
      }
    }
    // not_supervised [4(2)]: 对性质严重、影响恶劣的问题实行挂牌督办 — by its deadline (later is still late).
    if (p.problem_class == ProblemClass::kSerious) {
      std::optional<Date> deadline = p.found_on <= campaign.inspection_end
                                         ? std::optional<Date>(campaign.inspection_end)
                                         : PhaseEnd(plan, p.found_on);
      if (deadline && as_of > *deadline && !(supervised && *p.supervised_on <= *deadline)) {
        if (supervised) {
          add(p, s, "not_supervised", "4(2)",
              Cat("性质严重的问题 ", id, " 应于 ", FormatDate(*deadline), " 前挂牌督办，", FormatDate(*p.supervised_on),
                  " 才挂牌督办"),
              Cat("serious problem ", id, " was to be put under 挂牌督办 by ", FormatDate(*deadline),
                  "; it was only on ", FormatDate(*p.supervised_on)));
        } else {
          add(p, s, "not_supervised", "4(2)",
              Cat("性质严重的问题 ", id, " 应于 ", FormatDate(*deadline), " 前挂牌督办，截至 ", FormatDate(as_of),
                  " 未挂牌督办"),
              Cat("serious problem ", id, " was to be put under 挂牌督办 by ", FormatDate(*deadline), "; it is not on ",
                  FormatDate(as_of)));
        }
      }
    }
    // no_disposition / wrong_disposition [4(3)]: 分类处置.
    if (as_of > campaign.end && !disposed) {
      add(p, s, "no_disposition", "4(3)",
          Cat("整治问责阶段已于 ", FormatDate(campaign.end), " 结束，问题 ", id, " 仍未处置"),
          Cat("the accountability phase ended on ", FormatDate(campaign.end), "; problem ", id, " has no disposition"));
    }
    if (disposed && (p.problem_class != ProblemClass::kHard || rectified) &&
        (p.dispositions & settings.required(p.problem_class)) == 0) {
      const std::string need = DispositionNames(settings.required(p.problem_class));
      add(p, s, "wrong_disposition", "4(3)",
          Cat(kClassZh[c], "问题 ", id, " 的处置方式为 ", DispositionNames(p.dispositions), "，应包括 ", need, " 之一"),
          Cat(ProblemClassName(p.problem_class), " problem ", id, " was dealt with by ",
              DispositionNames(p.dispositions), "; it needs one of ", need));
    }
    // not_disclosed [4(1)]: 自查和整治情况要在一定范围内公开.
    if (p.source == Source::kSelfInspection && p.disclosed.has_value() && !*p.disclosed && as_of > campaign.self_end) {
      add(p, s, "not_disclosed", "4(1)", Cat("自查发现的问题 ", id, " 的整治情况未公开"),
          Cat("self-inspection problem ", id, " and its rectification were not disclosed"));
    }
  }

  // Unit findings: the units to inspect (4(2)), after the self-inspection phase.
  auto unit_finding = [&](UnitStatus& s, std::string_view rule, std::string_view clause, std::string zh,
                          std::string en) {
    on_finding({0, "", s.unit->name, std::string(rule), std::string(clause), std::move(zh), std::move(en)});
    ++s.findings;
  };
  if (as_of > campaign.self_end) {
    for (UnitStatus& s : out.units) {
      std::vector<std::string> zh, en;
      if (s.self_inspection == 0) {
        zh.push_back("问题零报告");
        en.push_back("reported no problem in self-inspection (问题零报告)");
      } else if (s.self_inspection < settings.few_problems()) {
        zh.push_back(Cat("自查发现问题较少（", s.self_inspection, " 个，少于 ", settings.few_problems(), " 个）"));
        en.push_back(Cat("found few problems in self-inspection (", s.self_inspection, ", fewer than ",
                         settings.few_problems(), "; 问题较少)"));
      }
      if (s.public_reports >= settings.public_problems()) {
        zh.push_back(Cat("群众反映较为强烈（", s.public_reports, " 个群众反映问题）"));
        en.push_back(Cat("has ", s.public_reports, " problems reported by the public (群众反映较为强烈)"));
      }
      if (!zh.empty()) {
        unit_finding(s, "inspection_target", "4(2)",
                     Cat(s.unit->name, " 应列为重点督查对象：", internal::Join(zh, "；")),
                     Cat(s.unit->name, " is to be inspected first: it ", internal::Join(en, "; it ")));
      }
    }
  }
  // Unit findings: the materials of 四(一), owed by whom the settings say.
  absl::flat_hash_map<std::string, Date> first_submission;  // "<unit code>|<material>" -> earliest date
  for (const Submission& sub : submissions) {
    if (!sub.ok() || sub.unit == nullptr || sub.submitted_on > as_of) continue;
    const std::string key = Cat(registry.ScoredAs(*sub.unit).code, "|", sub.material);
    auto [it, inserted] = first_submission.try_emplace(key, sub.submitted_on);
    if (!inserted) it->second = std::min(it->second, sub.submitted_on);
  }
  absl::flat_hash_set<std::string> guidance;
  for (const Guidance& g : registry.guidance()) guidance.insert(g.department);
  for (const Material& m : plan.materials()) {
    const std::string_view group = settings.owed_by(m.key);
    if (group.empty() || group == "none") continue;
    const Date due = plan.FindMilestone(m.due)->date;
    for (UnitStatus& s : out.units) {
      const Unit& u = *s.unit;
      const bool owes = group == "all" || (group == "county" && u.category != Category::kTownship) ||
                        (group == "departments" && u.category == Category::kDepartment && u.key_rectification) ||
                        (group == "townships" && u.category == Category::kTownship) ||
                        (group == "guidance" && guidance.contains(u.code));
      if (!owes) continue;
      auto it = first_submission.find(Cat(u.code, "|", m.key));
      if (it == first_submission.end()) {
        if (as_of > due) {
          unit_finding(s, "material_missing", m.clause,
                       Cat(u.name, " 未报送“", m.name, "”（应于 ", FormatDate(due), " 前报送）"),
                       Cat(u.name, " has not submitted ", m.name_en, " (due ", FormatDate(due), ")"));
        }
      } else if (it->second > due) {
        const int late = static_cast<int>((it->second - due).days());
        unit_finding(s, "material_late", m.clause,
                     Cat(u.name, " 于 ", FormatDate(it->second), " 报送“", m.name, "”，晚于 ", FormatDate(due), " ",
                         late, " 天"),
                     Cat(u.name, " submitted ", m.name_en, " on ", FormatDate(it->second), ", ", late,
                         late == 1 ? " day" : " days", " after the ", FormatDate(due), " deadline"));
      }
    }
  }
  for (const UnitStatus& s : out.units) {
    for (size_t c = 0; c < 4; ++c) out.overall.by_class[c] += s.by_class[c];
    out.overall.total += s.total;
    out.overall.open += s.open;
    out.overall.rectified += s.rectified;
    out.overall.overdue += s.overdue;
    out.overall.transferred += s.transferred;
    out.overall.supervised += s.supervised;
    out.overall.disposed += s.disposed;
    out.overall.self_inspection += s.self_inspection;
    out.overall.public_reports += s.public_reports;
    out.overall.findings += s.findings;
  }
  return out;
}

std::vector<Problem> LedgerOn(std::span<const Problem> problems, Date as_of) {
  std::vector<Problem> out;
  for (const Problem& p : problems) {
    if (!p.found_on.is_not_a_date() && p.found_on > as_of) continue;
    Problem& q = out.emplace_back(p);
    for (std::optional<Date>* fact : {&q.rectified_on, &q.transferred_on, &q.supervised_on}) {
      if (*fact && **fact > as_of) fact->reset();
    }
    if (q.disposed_on && *q.disposed_on > as_of) {
      q.disposed_on.reset();
      q.dispositions = 0;  // a disposition is made on its date
    }
  }
  return out;
}

// --- reading and writing -------------------------------------------------------------------------------------

namespace {

class LedgerHandler : public internal::TableHandler {
 public:
  LedgerHandler(const Registry& registry, const std::function<void(Problem&&)>& on_problem)
      : registry_(registry), on_problem_(on_problem) {}
  absl::Status Begin(const internal::TableRow& header) override {
    has_disclosed_ = header.Has(Col(LedgerColumn::kDisclosed));
    return absl::OkStatus();
  }
  void Row(const internal::TableRow& r) override {
    Problem p = ParseProblem([&](LedgerColumn c) { return r.Cell(Col(c)); },
                             [&](LedgerColumn c) { return r.Header(Col(c)); }, registry_, has_disclosed_);
    p.row = r.line;
    if (r.extra_cells > 0) p.errors.push_back({"", Cat("has ", r.extra_cells, " cells beyond the header's columns")});
    // One row per problem: a repeated id is an error of the later row.
    if (!p.problem_id.empty()) {
      auto [it, inserted] = seen_.try_emplace(p.problem_id, r.line);
      if (!inserted) {
        p.errors.push_back({std::string(r.Header(Col(LedgerColumn::kProblemId))),
                            Cat("problem ", p.problem_id, " is already on line ", it->second, "; one row per problem"),
                            p.problem_id});
      }
    }
    on_problem_(std::move(p));
  }

 private:
  const Registry& registry_;
  const std::function<void(Problem&&)>& on_problem_;
  bool has_disclosed_ = false;
  absl::flat_hash_map<std::string, int64_t> seen_;
};

class SubmissionHandler : public internal::TableHandler {
 public:
  SubmissionHandler(const Registry& registry, const Plan& plan, const std::function<void(Submission&&)>& on)
      : registry_(registry), plan_(plan), on_(on) {}
  void Row(const internal::TableRow& r) override {
    Submission s;
    s.row = r.line;
    s.unit_text = std::string(r.Cell(0));
    if (absl::StatusOr<const Unit*> u = registry_.Resolve(s.unit_text); u.ok()) {
      s.unit = *u;
    } else {
      s.errors.push_back({std::string(r.Header(0)), std::string(u.status().message()), s.unit_text, u.status().code()});
    }
    std::string_view m = r.Cell(1);
    for (const Material& mat : plan_.materials()) {
      if (m == mat.key || m == mat.name) s.material = mat.key;
    }
    if (s.material.empty()) {
      std::vector<std::string> keys;
      for (const Material& mat : plan_.materials()) keys.push_back(Cat(mat.key, " ", mat.name));
      s.errors.push_back(
          {std::string(r.Header(1)),
           Cat("\"", internal::EchoValue(m), "\" is not a material of the plan; expected ", internal::Join(keys, ", ")),
           std::string(m)});
    }
    if (absl::StatusOr<Date> d = ParseDate(r.Cell(2)); d.ok()) {
      s.submitted_on = *d;
    } else {
      s.errors.push_back({std::string(r.Header(2)),
                          r.Cell(2).empty() ? std::string("missing; every submission needs its date")
                                            : std::string(d.status().message()),
                          std::string(r.Cell(2))});
    }
    on_(std::move(s));
  }

 private:
  const Registry& registry_;
  const Plan& plan_;
  const std::function<void(Submission&&)>& on_;
};

}  // namespace

Problem ProblemFromCells(const std::vector<std::pair<std::string, std::string>>& cells, const Registry& registry) {
  std::vector<std::string> by_column(Col(LedgerColumn::kCount));
  bool has_disclosed = false;
  for (const auto& [name, value] : cells) {
    for (size_t k = 0; k < Col(LedgerColumn::kCount); ++k) {
      if (internal::LedgerColumns()[k].name == name) {
        by_column[k] = internal::NormalizeCell(value);
        has_disclosed = has_disclosed || k == Col(LedgerColumn::kDisclosed);
      }
    }
  }
  return ParseProblem([&](LedgerColumn c) { return std::string_view(by_column[Col(c)]); },
                      [&](LedgerColumn c) { return internal::LedgerColumns()[Col(c)].name; }, registry, has_disclosed);
}

std::vector<std::string> ProblemCells(const Problem& p) {
  auto date = [](const std::optional<Date>& d) { return d ? FormatDate(*d) : std::string(); };
  return {p.problem_id,
          p.unit != nullptr ? p.unit->name : p.unit_text,
          std::string(AreaName(p.area)),
          p.kind,
          std::string(SourceName(p.source)),
          p.found_on.is_not_a_date() ? std::string() : FormatDate(p.found_on),
          std::string(ProblemClassName(p.problem_class)),
          p.discipline_clue ? "1" : "0",
          p.responsible,
          date(p.due_on),
          date(p.rectified_on),
          date(p.transferred_on),
          date(p.supervised_on),
          DispositionNames(p.dispositions),
          date(p.disposed_on),
          p.disclosed ? (*p.disclosed ? "1" : "0") : ""};
}

void WriteLedgerCsv(std::ostream& out, std::span<const Problem> problems) {
  // The 是否公开 column only when the ledger has it: an empty cell there would read back as "not disclosed".
  const bool disclosed = std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return p.disclosed; });
  const size_t columns = LedgerColumnNames().size() - (disclosed ? 0 : 1);
  std::string line;
  for (size_t c = 0; c < columns; ++c) {
    if (!line.empty()) line += ',';
    line += LedgerColumnNames()[c].name;
  }
  out << line << '\n';
  for (const Problem& p : problems) {
    line.clear();
    const std::vector<std::string> cells = ProblemCells(p);
    for (size_t c = 0; c < columns; ++c) {
      internal::AppendCsvField(line, cells[c]);
      line += ',';
    }
    line.back() = '\n';
    out << line;
  }
}

absl::Status ReadLedgerCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                           const std::function<void(Problem&&)>& on_problem, const NoteSink& on_note) {
  LedgerHandler handler(registry, on_problem);
  return internal::ReadTable(in, internal::LedgerColumns(), "ledger", options, on_note, handler);
}

absl::Status ReadLedgerColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                               const std::function<void(Problem&&)>& on_problem, const NoteSink& on_note) {
  LedgerHandler handler(registry, on_problem);
  return internal::ReadTableColumns(table, internal::LedgerColumns(), "ledger", source, on_note, handler);
}

absl::Status ReadLedgerCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                               const std::function<void(Problem&&)>& on_problem, const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open ledger file"));
  if (options.source == "<input>") options.source = path;
  return ReadLedgerCsv(in, registry, options, on_problem, on_note);
}

absl::Status ReadSubmissionsCsv(std::istream& in, const Registry& registry, const Plan& plan, const CsvOptions& options,
                                const std::function<void(Submission&&)>& on_submission, const NoteSink& on_note) {
  SubmissionHandler handler(registry, plan, on_submission);
  return internal::ReadTable(in, internal::SubmissionColumns(), "submissions", options, on_note, handler);
}

absl::Status ReadSubmissionsColumns(const ColumnarTable& table, const Registry& registry, const Plan& plan,
                                    std::string_view source, const std::function<void(Submission&&)>& on_submission,
                                    const NoteSink& on_note) {
  SubmissionHandler handler(registry, plan, on_submission);
  return internal::ReadTableColumns(table, internal::SubmissionColumns(), "submissions", source, on_note, handler);
}

absl::Status ReadSubmissionsCsvFile(const std::string& path, const Registry& registry, const Plan& plan,
                                    CsvOptions options, const std::function<void(Submission&&)>& on_submission,
                                    const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open submissions file"));
  if (options.source == "<input>") options.source = path;
  return ReadSubmissionsCsv(in, registry, plan, options, on_submission, on_note);
}

}  // namespace zhifa
