// zhifa: the 2021 Zhenping administrative-enforcement rectification plan as a rules library.
//
// Data flows registry -> counts -> rules -> score -> explain/report; include this header for all of it, or
// the one header of the concept you use. (The workbook writer, zhifa/workbook.h, and the ledger store,
// zhifa/ledger_store.h, are libraries of their own: zhifa::workbook and zhifa::ledger_store.)
//
// Example:
//   #include "zhifa/zhifa.h"
//   const zhifa::Unit* unit = *zhifa::Registry::Builtin().Resolve("涅阳街道");
//   zhifa::Counts counts;  // Set() the 13 columns
//   absl::StatusOr<zhifa::Scorecard> card =
//       zhifa::Score(*zhifa::RuleSet::Builtin(), *unit, zhifa::Period::Year(2021), counts);
//   std::cout << zhifa::Explain(*card);
#ifndef ZHIFA_ZHIFA_H_
#define ZHIFA_ZHIFA_H_

#include "zhifa/batch.h"
#include "zhifa/calendar.h"
#include "zhifa/cases.h"
#include "zhifa/counts.h"
#include "zhifa/csv.h"
#include "zhifa/decimal.h"
#include "zhifa/explain.h"
#include "zhifa/findings.h"
#include "zhifa/joint.h"
#include "zhifa/language.h"
#include "zhifa/layout.h"
#include "zhifa/ledger.h"
#include "zhifa/limits.h"
#include "zhifa/organization.h"
#include "zhifa/people.h"
#include "zhifa/period.h"
#include "zhifa/planner.h"
#include "zhifa/report.h"
#include "zhifa/rules.h"
#include "zhifa/score.h"
#include "zhifa/units.h"
#include "zhifa/version.h"

#endif  // ZHIFA_ZHIFA_H_
