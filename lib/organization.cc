#include "zhifa/organization.h"

#include <fstream>

#include "absl/container/flat_hash_map.h"
#include "lib/cells.h"
#include "lib/embedded.h"
#include "lib/strings.h"
#include "lib/table_reader.h"

namespace zhifa {
namespace {

using internal::Cat;

enum class TownshipColumn {
  kTownship,
  kSquadLeader,
  kSquadLeaderRank,
  kSquadDeputies,
  kUniforms,
  kOffice,
  kInterviewRoom,
  kArchiveRoom,
  kComputers,
  kPrinters,
  kArchiveCabinets,
  kBodyCameras,
  kCentre,
  kCentreDirectorRank,
  kCentreDeputySquadLeader,
  kCentreDeputyJustice,
  kLiaisons,
  kGridLevels,
  kCount
};
size_t Col(TownshipColumn c) { return static_cast<size_t>(c); }

// A rank cell names the rank the plan asks for: 正股级 (or 正股), 正科级 (or 正科).
bool IsRank(std::string_view cell, std::string_view rank) {
  return cell == rank || cell == rank.substr(0, rank.size() - std::string_view("级").size());
}

class TownshipHandler : public internal::TableHandler {
 public:
  TownshipHandler(const Registry& registry, const std::function<void(TownshipChecklist&&)>& on)
      : registry_(registry), on_(on) {}
  void Row(const internal::TableRow& r) override {
    row_ = &r;
    TownshipChecklist t;
    t.row = r.line;
    if (r.extra_cells > 0) t.errors.push_back({"", Cat("has ", r.extra_cells, " cells beyond the header's columns")});
    t.township_text = std::string(Cell(TownshipColumn::kTownship));
    if (absl::StatusOr<const Unit*> u = registry_.Resolve(t.township_text); !u.ok()) {
      Error(t, TownshipColumn::kTownship, std::string(u.status().message()));
    } else if ((*u)->category != Category::kTownship) {
      Error(t, TownshipColumn::kTownship,
            Cat((*u)->name, " is not a township (乡镇/街道); the checklist is the townships' (3.1.1(3), 3.2.1)"));
    } else {
      t.township = *u;
      auto [it, inserted] = seen_.try_emplace(t.township, r.line);
      if (!inserted) {
        Error(t, TownshipColumn::kTownship,
              Cat(t.township->name, " is already on line ", it->second, "; one row each"));
      }
    }
    t.squad_leader = std::string(Cell(TownshipColumn::kSquadLeader));
    t.squad_leader_rank = std::string(Cell(TownshipColumn::kSquadLeaderRank));
    t.centre_director_rank = std::string(Cell(TownshipColumn::kCentreDirectorRank));
    for (auto [column, out] :
         {std::pair{TownshipColumn::kUniforms, &t.uniforms}, std::pair{TownshipColumn::kOffice, &t.office},
          std::pair{TownshipColumn::kInterviewRoom, &t.interview_room},
          std::pair{TownshipColumn::kArchiveRoom, &t.archive_room}, std::pair{TownshipColumn::kCentre, &t.centre},
          std::pair{TownshipColumn::kCentreDeputySquadLeader, &t.centre_deputy_squad_leader},
          std::pair{TownshipColumn::kCentreDeputyJustice, &t.centre_deputy_justice}}) {
      std::string_view v = Cell(column);
      if (v.empty()) continue;
      if (std::optional<bool> b = internal::ParseBoolCell(v)) {
        *out = *b;
      } else {
        Error(t, column, Cat("\"", internal::EchoValue(v), "\" is not a boolean; expected 1/0, 是/否, 有/无 or √"));
      }
    }
    for (auto [column, out] :
         {std::pair{TownshipColumn::kSquadDeputies, &t.squad_deputies},
          std::pair{TownshipColumn::kComputers, &t.computers}, std::pair{TownshipColumn::kPrinters, &t.printers},
          std::pair{TownshipColumn::kArchiveCabinets, &t.archive_cabinets},
          std::pair{TownshipColumn::kBodyCameras, &t.body_cameras}, std::pair{TownshipColumn::kLiaisons, &t.liaisons},
          std::pair{TownshipColumn::kGridLevels, &t.grid_levels}}) {
      std::string_view v = Cell(column);
      if (v.empty()) continue;
      std::string why;
      if (std::optional<int64_t> n = internal::ParseWhole(v, &why); n && *n >= 0 && *n <= 100000) {
        *out = *n;
      } else {
        Error(t, column, Cat("\"", internal::EchoValue(v), "\" is not a count >= 0"));
      }
    }
    on_(std::move(t));
  }

 private:
  std::string_view Cell(TownshipColumn c) const { return row_->Cell(Col(c)); }
  void Error(TownshipChecklist& t, TownshipColumn c, std::string message) const {
    t.errors.push_back({std::string(row_->Header(Col(c))), std::move(message), std::string(row_->Raw(Col(c)))});
  }

  const Registry& registry_;
  const std::function<void(TownshipChecklist&&)>& on_;
  const internal::TableRow* row_ = nullptr;
  absl::flat_hash_map<const Unit*, int64_t> seen_;
};

}  // namespace

std::span<const TableColumn> TownshipColumnNames() {
  static const auto& names = *new std::vector<TableColumn>(internal::TableColumnsOf(internal::TownshipColumns()));
  return names;
}

std::vector<Finding> CheckTownships(std::span<const TownshipChecklist> rows, const Registry& registry) {
  std::vector<Finding> out;
  absl::flat_hash_map<const Unit*, bool> present;
  for (const TownshipChecklist& t : rows) {
    if (t.township != nullptr) present[t.township] = true;  // a row with a bad cell is there: not "missing"
    if (!t.ok() || t.township == nullptr) continue;
    const std::string& name = t.township->name;
    auto add = [&](std::string_view rule, std::string_view clause, std::string zh, std::string en) {
      out.push_back(
          {t.row, "", name, std::string(rule), std::string(clause), Cat(name, "：", zh), Cat(name, ": ", en)});
    };
    // An item not reported, or reported short of what the plan asks.
    auto flag = [&](std::string_view rule, std::string_view clause, bool reported, bool met, std::string_view item_zh,
                    std::string_view item_en, std::string_view need_zh, std::string_view need_en,
                    std::string_view got) {
      if (!reported) {
        add(rule, clause, Cat(item_zh, "未填报（应", need_zh, "）"), Cat(item_en, " not reported (", need_en, ")"));
      } else if (!met) {
        add(rule, clause, Cat(item_zh, "为 ", got, "，应", need_zh), Cat(item_en, " is ", got, "; ", need_en));
      }
    };
    auto yes = [](const std::optional<bool>& b) { return b.value_or(false); };
    auto text = [](const std::optional<bool>& b) { return std::string(b && *b ? "是" : "否"); };
    auto count = [](const std::optional<int64_t>& n) { return n ? std::to_string(*n) : std::string(); };
    // 3.1.1(3): 明确正股级中队长1名、副队长2名 … 统一服装 … 办公室、询问室、档案室 …
    // 电脑、打印机、档案柜、不低于四台执法记录仪.
    const std::string_view squad = "3.1.1(3)";
    flag("squad_leader", squad, !t.squad_leader.empty() && !t.squad_leader_rank.empty(),
         IsRank(t.squad_leader_rank, "正股级"), "中队长及其职级", "the squad leader and rank", "为正股级中队长 1 名",
         "a leader of 正股级 rank", t.squad_leader_rank);
    flag("squad_deputies", squad, t.squad_deputies.has_value(), t.squad_deputies == 2, "副队长人数", "the deputies",
         "为 2 名", "2 deputies", count(t.squad_deputies));
    flag("squad_uniforms", squad, t.uniforms.has_value(), yes(t.uniforms), "统一服装", "uniforms", "统一服装",
         "in uniform", text(t.uniforms));
    flag("squad_office", squad, t.office.has_value(), yes(t.office), "办公室", "an office", "设办公室", "an office",
         text(t.office));
    flag("squad_interview_room", squad, t.interview_room.has_value(), yes(t.interview_room), "询问室",
         "an interview room", "设询问室", "an interview room", text(t.interview_room));
    flag("squad_archive_room", squad, t.archive_room.has_value(), yes(t.archive_room), "档案室", "an archive room",
         "设档案室", "an archive room", text(t.archive_room));
    flag("squad_computers", squad, t.computers.has_value(), t.computers.value_or(0) >= 1, "电脑", "computers",
         "配齐（至少 1 台）", "at least 1", count(t.computers));
    flag("squad_printers", squad, t.printers.has_value(), t.printers.value_or(0) >= 1, "打印机", "printers",
         "配齐（至少 1 台）", "at least 1", count(t.printers));
    flag("squad_archive_cabinets", squad, t.archive_cabinets.has_value(), t.archive_cabinets.value_or(0) >= 1, "档案柜",
         "archive cabinets", "配齐（至少 1 个）", "at least 1", count(t.archive_cabinets));
    flag("squad_body_cameras", squad, t.body_cameras.has_value(), t.body_cameras.value_or(0) >= 4, "执法记录仪",
         "body cameras", "不低于 4 台", "at least 4", count(t.body_cameras));
    // 3.2.1: 成立乡镇综合行政执法协调中心，明确1名正科级干部兼任协调中心主任，行政执法中队长、司法所长兼任副主任 …
    // 明确1名联络员 … 一级网格乡镇(街道)长(主任)，二级网格包村乡科级干部，三级网格综合执法队员，四级网格为村支书.
    const std::string_view centre = "3.2.1";
    flag("centre_established", centre, t.centre.has_value(), yes(t.centre), "协调中心", "the coordination centre",
         "成立", "established", text(t.centre));
    flag("centre_director", centre, !t.centre_director_rank.empty(), IsRank(t.centre_director_rank, "正科级"),
         "协调中心主任职级", "the centre director's rank", "为正科级干部", "a 正科级 cadre", t.centre_director_rank);
    const bool deputies_reported = t.centre_deputy_squad_leader.has_value() && t.centre_deputy_justice.has_value();
    flag("centre_deputies", centre, deputies_reported,
         yes(t.centre_deputy_squad_leader) && yes(t.centre_deputy_justice), "中队长、司法所长兼任副主任",
         "the squad leader and the 司法所长 as deputy directors", "两人均兼任副主任", "both",
         Cat("中队长 ", text(t.centre_deputy_squad_leader), "、司法所长 ", text(t.centre_deputy_justice)));
    flag("centre_liaisons", centre, t.liaisons.has_value(), t.liaisons.value_or(0) >= 1, "联络员", "liaisons",
         "至少 1 名", "at least 1", count(t.liaisons));
    flag("centre_grid", centre, t.grid_levels.has_value(), t.grid_levels == 4, "网格层级", "grid levels", "为四级网格",
         "4 levels", count(t.grid_levels));
  }
  for (const Unit& u : registry.units()) {
    if (u.category != Category::kTownship || u.is_sub_unit() || present.contains(&u)) continue;
    out.push_back({0, "", u.name, "township_missing", "3.1.1(3)", Cat(u.name, "：清单中没有该乡镇（街道）的一行"),
                   Cat(u.name, ": the checklist has no row for this township")});
  }
  return out;
}

absl::Status ReadTownshipsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                              const std::function<void(TownshipChecklist&&)>& on_row, const NoteSink& on_note) {
  TownshipHandler handler(registry, on_row);
  return internal::ReadTable(in, internal::TownshipColumns(), "township checklist", options, on_note, handler);
}

absl::Status ReadTownshipsColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                                  const std::function<void(TownshipChecklist&&)>& on_row, const NoteSink& on_note) {
  TownshipHandler handler(registry, on_row);
  return internal::ReadTableColumns(table, internal::TownshipColumns(), "township checklist", source, on_note, handler);
}

absl::Status ReadTownshipsCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                  const std::function<void(TownshipChecklist&&)>& on_row, const NoteSink& on_note) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open township checklist"));
  if (options.source == "<input>") options.source = path;
  return ReadTownshipsCsv(in, registry, options, on_row, on_note);
}

std::string_view TownshipsTemplate() { return internal::EmbeddedText("data/organization/townships-template.csv"); }

}  // namespace zhifa
