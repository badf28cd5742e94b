// libFuzzer target: the officer register CSV with its checks, the people settings TOML, the township checklist
// and the joint-enforcement request and response CSVs.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "zhifa/joint.h"
#include "zhifa/organization.h"
#include "zhifa/people.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const zhifa::Registry& registry = zhifa::Registry::Builtin();
  std::vector<zhifa::Officer> officers;
  int64_t last_line = 0;
  std::istringstream in(text);
  absl::Status s = zhifa::ReadOfficersCsv(in, registry, {}, [&](zhifa::Officer&& o) {
    if (o.row <= last_line) __builtin_trap();  // every row has its own, later line
    last_line = o.row;
    if (o.errors.empty()) officers.push_back(std::move(o));
  });
  if (s.ok()) {
    zhifa::OfficerRegister reg(officers);
    (void)zhifa::CheckOfficers(reg, zhifa::Date(2021, 6, 30), zhifa::PeopleSettings::Builtin());
  }
  (void)zhifa::PeopleSettings::FromText(text, "fuzz.toml");
  std::istringstream townships(text);
  (void)zhifa::ReadTownshipsCsv(townships, registry, {}, [](zhifa::TownshipChecklist&&) {});
  std::istringstream requests(text);
  (void)zhifa::ReadJointRequestsCsv(requests, registry, {}, [](zhifa::JointRequest&&) {});
  std::istringstream responses(text);
  (void)zhifa::ReadJointResponsesCsv(responses, registry, {}, [](zhifa::JointResponse&&) {});
  return 0;
}
