// zhifa target, zhifa whatif, zhifa marginal: what it would take for a unit to reach a score or a rank (整改
// planning, include/zhifa/planner.h), over the same inputs as zhifa score.
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/cli.h"
#include "cli/io.h"
#include "nlohmann/json.hpp"

namespace zhifa::cli {
namespace {

// The inputs every planner command reads, as zhifa score does.
struct PlanArgs {
  std::string file;
  std::vector<std::string> rules;
  std::string units;
  std::string input_encoding = "auto";
  std::string errors;
  std::string unit;
  std::string period;
  std::string format = "table";
  std::string lang = "zh";
  // target
  std::string total;
  int rank = 0;
  bool category = false;
  // target, marginal
  std::string actions;
  std::string cost;
  int64_t max_file = -1;
  // whatif
  std::vector<std::string> set;
};

// The scored table of the inputs; every row must be good (a rank needs every unit of the period).
struct Scored {
  Registry registry;
  RuleBook book;
  std::unique_ptr<std::vector<AggregatedRow>> aggregated;
  std::unique_ptr<ScoredTable> table;
};

std::variant<std::unique_ptr<Scored>, int> Load(const PlanArgs& args, CaseArgs& cases) {
  absl::StatusOr<Registry> registry = LoadRegistry(args.units);
  if (!registry.ok()) return Fail(registry.status());
  absl::StatusOr<RuleBook> book = LoadBook(args.rules);
  if (!book.ok()) return Fail(book.status());
  absl::StatusOr<Encoding> encoding = EncodingFromName(args.input_encoding);
  if (!encoding.ok()) return Fail(encoding.status());
  auto s = std::make_unique<Scored>(Scored{*std::move(registry), *std::move(book), nullptr, nullptr});
  CountsInput input{.file = args.file};
  if (!cases.file.empty()) {
    if (!args.file.empty()) {
      std::cerr << "zhifa: give a counts FILE or --cases FILE, not both\n";
      return kUsage;
    }
    cases.input_encoding = args.input_encoding;
    cases.errors = args.errors;
    // The cases are grouped by the kind of --period (2021-Q2: quarters), by year when it is left out.
    if (!args.period.empty()) {
      absl::StatusOr<Period> p = Period::Parse(args.period);
      if (!p.ok()) return Fail(absl::InvalidArgumentError(absl::StrCat("--period: ", p.status().message())));
      static constexpr const char* kKinds[] = {"year", "half", "quarter", "month"};
      cases.period = kKinds[static_cast<size_t>(p->kind())];
    }
    auto rows = AggregateCases(cases, /*keep_going=*/false, s->registry);
    if (std::holds_alternative<int>(rows)) return kUsage;  // bad cases: a plan needs them all
    s->aggregated = std::make_unique<std::vector<AggregatedRow>>(std::get<std::vector<AggregatedRow>>(std::move(rows)));
    input.aggregated = s->aggregated.get();
    input.aggregated_source = cases.file + " (aggregated)";
  }
  s->table = std::make_unique<ScoredTable>(s->book, s->registry);
  absl::StatusOr<std::string> source = ReadCounts(*s->table, input, *encoding, s->registry);
  if (!source.ok()) return Fail(source.status());
  ErrorReport report(args.errors);
  ReportBadRows(*s->table, *source, input.aggregated != nullptr, report);
  if (!report.Finish()) return kUsage;
  if (s->table->bad_rows() > 0) {
    std::cerr << "zhifa: " << s->table->bad_rows() << " of " << s->table->size()
              << " rows are bad; a plan needs every row of the period scored (fix them, or leave them out)\n";
    return kUsage;
  }
  return s;
}

// The row of --unit and --period (--period may be left out when the input has one period).
absl::StatusOr<size_t> FindRow(const Scored& s, const std::string& unit_name, const std::string& period_text) {
  absl::StatusOr<const Unit*> unit = s.registry.Resolve(unit_name);
  if (!unit.ok()) return unit.status();
  const Unit& scored = s.registry.ScoredAs(**unit);
  std::optional<Period> period;
  if (!period_text.empty()) {
    absl::StatusOr<Period> p = Period::Parse(period_text);
    if (!p.ok()) return absl::InvalidArgumentError(absl::StrCat("--period: ", p.status().message()));
    period = *p;
  } else {
    for (size_t i = 0; i < s.table->size(); ++i) {
      if (period && *period != s.table->period(i)) {
        return absl::InvalidArgumentError("the input has several periods; name one with --period");
      }
      period = s.table->period(i);
    }
  }
  for (size_t i = 0; i < s.table->size(); ++i) {
    if (s.table->unit(i).code == scored.code && period && s.table->period(i) == *period) return i;
  }
  return absl::NotFoundError(
      absl::StrCat("no row for ", scored.name, period ? " " + period->ToString() : "", " in the input"));
}

// The other units of row i's period, for ranks.
std::vector<Standing> StandingsOf(const ScoredTable& table, size_t i) {
  std::vector<Standing> out;
  for (size_t j = 0; j < table.size(); ++j) {
    if (table.period(j) == table.period(i)) out.push_back({table.total(j), table.unit(j).category, j == i});
  }
  return out;
}

absl::StatusOr<ActionOptions> Options(const PlanArgs& args) {
  absl::StatusOr<ActionOptions> o = ActionOptions::Parse(args.actions, args.cost);
  if (o.ok() && args.max_file >= 0) o->max_file = args.max_file;
  return o;
}

std::string Points(Decimal d) { return d.ToString(); }
std::string Signed(Decimal d) { return (d.units() > 0 ? "+" : "") + d.ToString(); }

// Indicator by indicator, before and after.
void WriteBeside(std::ostream& out, const Scorecard& before, const Scorecard& after, bool zh) {
  std::vector<std::vector<std::string>> rows = {{zh ? "指标" : "indicator", zh ? "率(前)" : "rate before",
                                                 zh ? "得分(前)" : "points before", zh ? "率(后)" : "rate after",
                                                 zh ? "得分(后)" : "points after", zh ? "变化" : "change"}};
  auto rate = [&](const IndicatorScore& s) {
    std::optional<Decimal> r = s.RatePercent(before.rate_decimals, before.rounding);
    return r ? r->ToString() + "%" : std::string(zh ? "不适用" : "n/a");
  };
  for (size_t k = 0; k < before.indicators.size(); ++k) {
    const IndicatorScore& b = before.indicators[k];
    const IndicatorScore& a = after.indicators[k];
    const Decimal change(a.points.units() - b.points.units(), a.points.scale());
    rows.push_back({zh ? b.name : b.name_en, rate(b), Points(b.points), rate(a), Points(a.points), Signed(change)});
  }
  rows.push_back({zh ? "总分" : "total", "", Points(before.total), "", Points(after.total),
                  Signed(Decimal(after.total.units() - before.total.units(), after.total.scale()))});
  PrintTable(out, rows);
}

std::string ActionLabel(Action a, bool zh) {
  static constexpr std::string_view kZh[] = {"新立案", "办结未结案件", "执行已结案件", "处罚应处罚未处罚案件",
                                             "落实县领导交办案件"};
  return std::string(zh ? kZh[static_cast<size_t>(a)] : ActionName(a));
}

void WriteMarginals(std::ostream& out, const std::vector<Marginal>& m, bool zh) {
  std::vector<std::vector<std::string>> rows = {{zh ? "措施" : "action", zh ? "多做一件得分" : "points for one more",
                                                 zh ? "成本" : "cost", zh ? "说明" : "note"}};
  for (const Marginal& x : m) {
    rows.push_back({ActionLabel(x.action, zh), x.available ? Signed(x.gain) : "-", std::to_string(x.cost),
                    x.available ? "" : (zh ? x.why_not_zh : x.why_not)});
  }
  PrintTable(out, rows);
}

nlohmann::json CardJson(const Scorecard& c) {
  nlohmann::json j = nlohmann::json::object();
  for (const IndicatorScore& s : c.indicators) j[s.key] = s.points.ToString();
  return j;
}

int RunTarget(const PlanArgs& args, CaseArgs& cases) {
  if (args.total.empty() == (args.rank == 0)) {
    std::cerr << "zhifa: give --total T or --rank R\n";
    return kUsage;
  }
  if (args.category && args.rank == 0) {
    std::cerr << "zhifa: --category goes with --rank\n";
    return kUsage;
  }
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + args.lang + ": expected zh or en"));
  absl::StatusOr<ActionOptions> options = Options(args);
  if (!options.ok()) return Fail(options.status());
  auto loaded = Load(args, cases);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Scored& s = *std::get<std::unique_ptr<Scored>>(loaded);
  absl::StatusOr<size_t> row = FindRow(s, args.unit, args.period);
  if (!row.ok()) return Fail(row.status());
  const ScoredTable& table = *s.table;
  const size_t i = *row;
  const std::vector<Standing> others = StandingsOf(table, i);
  const std::optional<Category> category =
      args.category ? std::optional<Category>(table.unit(i).category) : std::nullopt;
  Decimal target;
  if (!args.total.empty()) {
    absl::StatusOr<Decimal> t = Decimal::Parse(args.total);
    if (!t.ok() || t->units() < 0) {
      return Fail(absl::InvalidArgumentError("--total " + args.total + ": expected a number of points >= 0"));
    }
    target = *t;
  } else {
    absl::StatusOr<std::optional<Decimal>> t = TotalForRank(args.rank, others, category);
    if (!t.ok()) return Fail(t.status());
    // Fewer than R others: the unit has that rank whatever its total; its own total is the target.
    target = t->value_or(table.total(i));
  }
  const Scorecard card = table.Card(i);
  absl::StatusOr<TargetPlan> plan =
      PlanForTotal(table.rules(i), table.unit(i), table.period(i), card.counts, target, *options);
  if (!plan.ok()) return Fail(plan.status());
  absl::StatusOr<std::vector<Marginal>> marginals =
      Marginals(table.rules(i), table.unit(i), table.period(i), card.counts, *options);
  if (!marginals.ok()) return Fail(marginals.status());
  const int rank_before = RankAmong(plan->before.total, others, category);
  const int rank_after = RankAmong(plan->after.total, others, category);
  const bool zh = *lang == Language::kZh;
  if (args.format == "json") {
    nlohmann::json j;
    j["unit"] = table.unit(i).name;
    j["period"] = table.period(i).ToString();
    j["ruleset_id"] = table.rules(i).id();
    j["target"] = target.ToString();
    if (args.rank > 0) {
      j["target_rank"] = args.rank;
      j["rank_scope"] = args.category ? std::string(CategoryKey(table.unit(i).category)) : "all";
    }
    j["reachable"] = plan->reachable;
    j["actions"] = nlohmann::json::object();
    j["contribution"] = nlohmann::json::object();
    for (Action a : kAllActions) {
      j["actions"][std::string(ActionName(a))] = plan->actions[static_cast<size_t>(a)];
      j["contribution"][std::string(ActionName(a))] = plan->contribution[static_cast<size_t>(a)].ToString();
    }
    j["cost"] = plan->cost;
    j["total_before"] = plan->before.total.ToString();
    j["total_after"] = plan->after.total.ToString();
    j["max_total"] = plan->max_total.ToString();
    j["rank_before"] = rank_before;
    j["rank_after"] = rank_after;
    j["points_before"] = CardJson(plan->before);
    j["points_after"] = CardJson(plan->after);
    j["explanation"] = plan->Sentence(*lang);
    nlohmann::json next = nlohmann::json::array();
    for (const Marginal& m : *marginals) {
      next.push_back({{"action", ActionName(m.action)},
                      {"available", m.available},
                      {"gain", m.available ? nlohmann::json(m.gain.ToString()) : nlohmann::json()},
                      {"cost", m.cost},
                      {"why_not", m.why_not},
                      {"why_not_zh", m.why_not_zh}});
    }
    j["next_action_gains"] = next;
    std::cout << j.dump(2) << "\n";
  } else {
    std::ostringstream head;
    head << table.unit(i).name << " " << table.period(i).ToString() << (zh ? " · 目标总分 ≥ " : " · target total >= ")
         << target.ToString();
    if (args.rank > 0) {
      head << (zh ? "（" : " (")
           << (args.category
                   ? std::string(zh ? CategoryName(table.unit(i).category) : CategoryKey(table.unit(i).category))
                   : std::string(zh ? "全县" : "overall"))
           << (zh ? "排名第 " : " rank ") << args.rank << (zh ? " 所需）" : ")");
    }
    std::cout << head.str() << "\n\n" << plan->Sentence(*lang) << "\n\n";
    std::vector<std::vector<std::string>> rows = {
        {zh ? "措施" : "action", zh ? "件数" : "count", zh ? "得分贡献" : "points added"}};
    for (Action a : kAllActions) {
      const size_t k = static_cast<size_t>(a);
      if (plan->actions[k] > 0) {
        rows.push_back({ActionLabel(a, zh), std::to_string(plan->actions[k]), Signed(plan->contribution[k])});
      }
    }
    if (rows.size() > 1) {
      PrintTable(std::cout, rows);
      std::cout << "\n";
    }
    WriteBeside(std::cout, plan->before, plan->after, zh);
    std::cout << "\n"
              << (zh ? "排名 " : "rank ") << rank_before << " → " << rank_after
              << (args.category ? (zh ? "（本类）" : " (in its category)") : "")
              << (zh ? "；允许的措施最多可达 " : "; the allowed actions reach at most ") << plan->max_total.ToString()
              << "\n\n"
              << (zh ? "眼下每多做一件：\n" : "What one more of each is worth now:\n");
    WriteMarginals(std::cout, *marginals, zh);
  }
  return plan->reachable ? kOk : kBadRows;
}

int RunWhatIf(const PlanArgs& args, CaseArgs& cases) {
  if (args.set.empty()) {
    std::cerr << "zhifa: give at least one --set column=value (closed=+10, overdue=0)\n";
    return kUsage;
  }
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + args.lang + ": expected zh or en"));
  std::vector<CountChange> changes;
  for (const std::string& text : args.set) {
    absl::StatusOr<CountChange> c = ParseCountChange(text);
    if (!c.ok()) return Fail(c.status());
    changes.push_back(*c);
  }
  auto loaded = Load(args, cases);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Scored& s = *std::get<std::unique_ptr<Scored>>(loaded);
  absl::StatusOr<size_t> row = FindRow(s, args.unit, args.period);
  if (!row.ok()) return Fail(row.status());
  const ScoredTable& table = *s.table;
  const size_t i = *row;
  const Scorecard before = table.Card(i);
  absl::StatusOr<Counts> counts = ApplyChanges(before.counts, changes);
  if (!counts.ok()) return Fail(counts.status());
  absl::StatusOr<Scorecard> after = Score(table.rules(i), table.unit(i), table.period(i), *counts);
  if (!after.ok()) return Fail(after.status());
  const std::vector<Standing> others = StandingsOf(table, i);
  const Category cat = table.unit(i).category;
  const int rank_after = RankAmong(after->total, others, std::nullopt);
  const int cat_after = RankAmong(after->total, others, cat);
  const bool zh = *lang == Language::kZh;
  if (args.format == "json") {
    nlohmann::json j;
    j["unit"] = table.unit(i).name;
    j["period"] = table.period(i).ToString();
    j["changes"] = args.set;
    j["total_before"] = before.total.ToString();
    j["total_after"] = after->total.ToString();
    j["rank_before"] = table.rank(i);
    j["rank_after"] = rank_after;
    j["category_rank_before"] = table.category_rank(i);
    j["category_rank_after"] = cat_after;
    j["points_before"] = CardJson(before);
    j["points_after"] = CardJson(*after);
    std::cout << j.dump(2) << "\n";
    return kOk;
  }
  std::cout << table.unit(i).name << " " << table.period(i).ToString() << (zh ? " · 假设：" : " · what if: ");
  for (size_t k = 0; k < args.set.size(); ++k) std::cout << (k ? ", " : "") << args.set[k];
  std::cout << "\n\n";
  WriteBeside(std::cout, before, *after, zh);
  std::cout << "\n"
            << (zh ? "排名 " : "rank ") << table.rank(i) << " → " << rank_after
            << (zh ? "；本类排名 " : "; in its category ") << table.category_rank(i) << " → " << cat_after
            << (zh ? "（其他单位不变）\n" : " (the others unchanged)\n");
  return kOk;
}

int RunMarginal(const PlanArgs& args, CaseArgs& cases) {
  std::optional<Language> lang = LanguageFromName(args.lang);
  if (!lang) return Fail(absl::InvalidArgumentError("--lang " + args.lang + ": expected zh or en"));
  absl::StatusOr<ActionOptions> options = Options(args);
  if (!options.ok()) return Fail(options.status());
  auto loaded = Load(args, cases);
  if (std::holds_alternative<int>(loaded)) return std::get<int>(loaded);
  const Scored& s = *std::get<std::unique_ptr<Scored>>(loaded);
  const ScoredTable& table = *s.table;
  std::vector<size_t> rows;
  if (!args.unit.empty()) {
    absl::StatusOr<size_t> row = FindRow(s, args.unit, args.period);
    if (!row.ok()) return Fail(row.status());
    rows.push_back(*row);
  } else {
    std::optional<Period> period;
    if (!args.period.empty()) {
      absl::StatusOr<Period> p = Period::Parse(args.period);
      if (!p.ok()) return Fail(absl::InvalidArgumentError(absl::StrCat("--period: ", p.status().message())));
      period = *p;
    }
    for (size_t i = 0; i < table.size(); ++i) {
      if (!period || table.period(i) == *period) rows.push_back(i);
    }
  }
  const bool zh = *lang == Language::kZh;
  const bool csv = args.format == "csv";
  nlohmann::json all = nlohmann::json::array();
  std::vector<std::vector<std::string>> out = {{zh ? "单位" : "unit", zh ? "期间" : "period", zh ? "总分" : "total",
                                                zh ? "最划算的一步" : "cheapest next step", zh ? "得分" : "points"}};
  for (Action a : kAllActions) out[0].push_back(csv ? std::string(ActionName(a)) : ActionLabel(a, zh));
  if (csv) out[0] = {"unit", "period", "total", "best_action", "best_gain"};
  if (csv) {
    for (Action a : kAllActions) out[0].push_back(std::string(ActionName(a)));
  }
  for (size_t i : rows) {
    const Scorecard card = table.Card(i);
    absl::StatusOr<std::vector<Marginal>> m =
        Marginals(table.rules(i), table.unit(i), table.period(i), card.counts, *options);
    if (!m.ok()) return Fail(m.status());
    std::vector<std::string> line = {table.unit(i).name, table.period(i).ToString(), card.total.ToString()};
    const Marginal& best = m->front();
    const bool any = best.available && best.gain.units() > 0;
    line.push_back(any ? (csv ? std::string(ActionName(best.action)) : ActionLabel(best.action, zh)) : "");
    auto shown = [&](Decimal d) { return csv ? d.ToString() : Signed(d); };  // CSV: plain numbers
    line.push_back(any ? shown(best.gain) : "");
    nlohmann::json j = {
        {"unit", table.unit(i).name}, {"period", table.period(i).ToString()}, {"total", card.total.ToString()}};
    for (Action a : kAllActions) {
      for (const Marginal& x : *m) {
        if (x.action != a) continue;
        line.push_back(x.available ? shown(x.gain) : "");
        j[std::string(ActionName(a))] = x.available ? nlohmann::json(x.gain.ToString()) : nlohmann::json();
      }
    }
    out.push_back(std::move(line));
    all.push_back(std::move(j));
  }
  if (args.format == "json") {
    std::cout << all.dump(2) << "\n";
  } else if (csv) {
    for (const auto& line : out) {
      std::string text;
      for (size_t k = 0; k < line.size(); ++k) {
        if (k) text += ',';
        AppendCsvField(text, line[k]);
      }
      std::cout << text << "\n";
    }
  } else {
    PrintTable(std::cout, out);
    std::cout << (zh ? "每列：多做一件该措施，总分的变化；空白：不可做（已无可办结、可执行的案件等）\n"
                     : "each column: the change of the total from one more of that action; blank: not possible\n");
  }
  return kOk;
}

void AddInputs(CLI::App* cmd, PlanArgs& a, CaseArgs& cases) {
  cmd->add_option("file", a.file, "Counts CSV ('-' for stdin); the bundled synthetic sample if omitted");
  cmd->add_option("--rules", a.rules, "Rule set: a TOML file or a built-in id (repeat for a rule book)");
  cmd->add_option("--units", a.units, "Unit registry TOML (default: the built-in 2021 registry)");
  AddInputOptions(cmd, a.input_encoding, a.errors);
  cmd->add_option("--cases", cases.file, "Aggregate this case CSV first, then plan on its counts");
  AddAggregateOptions(cmd, cases, /*with_period=*/false);
  cmd->add_option("--lang", a.lang, "Language of the table and sentence: zh or en");
}

// --unit (required) and --period: the row a plan or a what-if is about.
void AddUnitAndPeriod(CLI::App* cmd, PlanArgs& a) {
  cmd->add_option("--unit", a.unit, "The unit (code, name or alias)")->required();
  cmd->add_option("--period", a.period, "The period (may be left out when the input has one)");
}

void AddActionOptions(CLI::App* cmd, PlanArgs& a) {
  cmd->add_option("--actions", a.actions,
                  "Allowed actions, comma-separated: file, close, execute, penalize_missed, fulfil (default: all)");
  cmd->add_option("--cost", a.cost, "Cost of actions, e.g. close=2,execute=3 (default: 1 each)");
  cmd->add_option("--max-file", a.max_file,
                  "At most this many newly filed cases (default: the quota gap, should_file - filed)")
      ->check(CLI::Range(int64_t{0}, kMaxCount));
}

}  // namespace

void AddPlannerCommands(CLI::App& app, Commands& commands) {
  {
    auto a = std::make_shared<PlanArgs>();
    auto cases = std::make_shared<CaseArgs>();
    CLI::App* cmd = app.add_subcommand(
        "target", "The fewest case actions that lift a unit to a total or a rank · 达到目标分数或排名的最少整改措施");
    AddInputs(cmd, *a, *cases);
    AddUnitAndPeriod(cmd, *a);
    cmd->add_option("--total", a->total, "Target total, e.g. 90");
    cmd->add_option("--rank", a->rank, "Target rank (ties share a rank), e.g. 5")->check(CLI::Range(1, 1000000));
    cmd->add_flag("--category", a->category, "--rank within the unit's category");
    AddActionOptions(cmd, *a);
    cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "json"}));
    commands.push_back({cmd, [a, cases] { return RunTarget(*a, *cases); }});
  }
  {
    auto a = std::make_shared<PlanArgs>();
    auto cases = std::make_shared<CaseArgs>();
    CLI::App* cmd =
        app.add_subcommand("whatif", "Change a unit's counts and see its scorecard and rank beside the old · 假设分析");
    AddInputs(cmd, *a, *cases);
    AddUnitAndPeriod(cmd, *a);
    cmd->add_option("--set", a->set, "A change: closed=+10, overdue=0, 超期件数=-2 (repeat)")->required();
    cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "json"}));
    commands.push_back({cmd, [a, cases] { return RunWhatIf(*a, *cases); }});
  }
  {
    auto a = std::make_shared<PlanArgs>();
    auto cases = std::make_shared<CaseArgs>();
    CLI::App* cmd =
        app.add_subcommand("marginal", "What one more of each action is worth to each unit now · 每多做一件措施的得分");
    AddInputs(cmd, *a, *cases);
    cmd->add_option("--unit", a->unit, "Only this unit");
    cmd->add_option("--period", a->period, "Only this period");
    AddActionOptions(cmd, *a);
    cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "csv", "json"}));
    commands.push_back({cmd, [a, cases] { return RunMarginal(*a, *cases); }});
  }
}

}  // namespace zhifa::cli
