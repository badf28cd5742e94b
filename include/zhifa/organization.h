// Organization (三(一)1(3), 三(二)1): each township's 综合行政执法中队 (the squad: its leaders, uniforms, rooms and
// equipment) and its 综合行政执法协调中心 (the coordination centre: director, deputies, liaison, the four-level
// grid), checked from a checklist the county fills in, one row per township.
//
// data/organization/townships-template.csv is that checklist with the 22 townships' rows and every item empty
// (the data is the county's; `zhifa townships template` writes it). An empty item is a finding too ("not
// reported"), so the template checked as it is lists everything still to report.
//
// Example:
//   std::vector<zhifa::TownshipChecklist> rows;   // ReadTownshipsCsvFile
//   for (const zhifa::Finding& f : zhifa::CheckTownships(rows)) std::cout << f.unit << " " << f.rule << "\n";
//
// Thread-safety: The reader and CheckTownships are reentrant.
#ifndef ZHIFA_ORGANIZATION_H_
#define ZHIFA_ORGANIZATION_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "zhifa/csv.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/units.h"

namespace zhifa {

// One township's row. Every item is optional: nullopt (or "") means not reported.
struct ZHIFA_EXPORT TownshipChecklist {
  int64_t row = 0;
  std::string township_text;
  const Unit* township = nullptr;
  std::string squad_leader, squad_leader_rank;  // 中队长 and 职级 (正股级)
  std::optional<int64_t> squad_deputies;        // 副队长 (2)
  std::optional<bool> uniforms, office, interview_room, archive_room;
  std::optional<int64_t> computers, printers, archive_cabinets, body_cameras;  // ≥ 1, 1, 1, 4
  std::optional<bool> centre;                                                  // 协调中心 established
  std::string centre_director_rank;                                            // 正科级
  std::optional<bool> centre_deputy_squad_leader, centre_deputy_justice;       // 中队长, 司法所长 as deputies
  std::optional<int64_t> liaisons;                                             // ≥ 1
  std::optional<int64_t> grid_levels;                                          // 4
  std::vector<RowError> errors;

  bool ok() const { return errors.empty(); }
};

// The checklist's columns (English, Chinese header, required).
ZHIFA_EXPORT std::span<const TableColumn> TownshipColumnNames();

// The findings of the checklist: per township, one per missing or short item —
//   3.1.1(3): squad_leader (a 正股级 leader), squad_deputies (2 deputies), squad_uniforms, squad_office,
//             squad_interview_room, squad_archive_room, squad_computers, squad_printers, squad_archive_cabinets,
//             squad_body_cameras (at least 4);
//   3.2.1:    centre_established, centre_director (正科级), centre_deputies (the squad leader and the 司法所长),
//             centre_liaisons (at least 1), centre_grid (the 4 levels);
// and township_missing (3.1.1(3)) for each of the plan's townships without a row. Only valid rows are checked
// (pass the bad ones too: a township whose row has a bad cell is not "missing").
ZHIFA_EXPORT std::vector<Finding> CheckTownships(std::span<const TownshipChecklist> rows,
                                                 const Registry& registry = Registry::Builtin());

// Reads a checklist; each row must name a township (乡镇/街道) of the registry, once.
ZHIFA_EXPORT absl::Status ReadTownshipsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                           const std::function<void(TownshipChecklist&&)>& on_row,
                                           const NoteSink& on_note = nullptr);
// The same of a table held as columns (a pandas DataFrame), read as ReadCasesColumns reads cases: as the CSV of the
// same table would be, each distinct text of a column given by codes parsed once. `source` names it in messages.
ZHIFA_EXPORT absl::Status ReadTownshipsColumns(const ColumnarTable& table, const Registry& registry,
                                               std::string_view source,
                                               const std::function<void(TownshipChecklist&&)>& on_row,
                                               const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadTownshipsCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                               const std::function<void(TownshipChecklist&&)>& on_row,
                                               const NoteSink& on_note = nullptr);

// The built-in template: the 22 townships, every item empty (Chinese headers).
ZHIFA_EXPORT std::string_view TownshipsTemplate();

}  // namespace zhifa

#endif  // ZHIFA_ORGANIZATION_H_
