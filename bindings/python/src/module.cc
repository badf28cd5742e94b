// zhifa._zhifa: the module. Each concept binds itself (units.cc, rules.cc, calendar.cc, score.cc, cases.cc, tables.cc,
// ledger.cc, people.cc).
#include "bindings/python/src/common.h"

PYBIND11_MODULE(_zhifa, m) {
  using namespace zhifa::python;
  m.doc() = "zhifa's C++ core; use the `zhifa` package, which re-exports and documents it.";
  m.attr("__version__") = zhifa::kVersion;
  BindUnits(m);
  BindRules(m);
  BindCalendar(m);
  BindScore(m);
  BindCases(m);
  BindTables(m);
  BindLedger(m);
  BindPeople(m);
  BindPlanner(m);
  BindFrame(m);
}
