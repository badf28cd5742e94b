// Keeps a one-problem ledger in a store through the installed zhifa::ledger_store; prints what it reads back.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "zhifa/ledger_store.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::remove(argv[1]);
  std::istringstream csv(
      "problem_id,unit,area,kind,source,found_on,class\n"
      "P1,涅阳街道,conduct,no_action,self_inspection,2021-04-20,general\n");
  std::vector<zhifa::Problem> problems;
  absl::Status read = zhifa::ReadLedgerCsv(csv, zhifa::Registry::Builtin(), {},
                                           [&](zhifa::Problem&& p) { problems.push_back(std::move(p)); });
  absl::StatusOr<zhifa::LedgerStore> store = zhifa::LedgerStore::Open(argv[1]);
  if (!read.ok() || !store.ok() || !store->Import(problems, "consumer", false).ok()) return 1;
  absl::StatusOr<std::vector<zhifa::Problem>> back = store->Problems();
  if (!back.ok() || back->size() != 1) return 1;
  // General, found 04-20, never rectified: overdue from 06-01 (the campaign ends 05-31).
  absl::StatusOr<zhifa::LedgerCheck> check =
      zhifa::CheckLedger(*back, {}, zhifa::Date(2021, 6, 1), zhifa::LedgerSettings::Builtin());
  if (!check.ok()) return 1;
  for (const zhifa::Finding& f : check->findings) {
    if (f.id == "P1") std::cout << f.rule << "\n";
  }
  return 0;
}
