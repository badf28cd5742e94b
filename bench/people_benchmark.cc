// The people join's speed target (issue 13): a register of 100 000 officers joined to 10 M cases, checked in
// under 2 s on one core through the C++ API, without copying the cases (CaseOfficerColumns reads them in place).
//
//   cmake -S . -B build -DZHIFA_BUILD_BENCHMARKS=ON && cmake --build build --target zhifa_people_benchmark
//   build/bench/zhifa_people_benchmark
//
// Synthetic data, a fixed seed: officers over the 53 units, 1% auxiliary, 1% without a certificate and 1% whose
// certificate expires mid-2021; each case has 2 or 3 investigators, a decider and a reviewer, 0.1% of ids
// unknown.
#include <benchmark/benchmark.h>

#include <random>

#include "zhifa/people.h"

namespace {

struct Data {
  std::vector<zhifa::Officer> officers;
  std::vector<int32_t> filed;
  std::vector<uint32_t> offsets[3];
  std::vector<int32_t> index[3];
};

const Data& Make() {
  static const Data* data = [] {
    auto* d = new Data;
    std::mt19937_64 rng(20210413);
    const auto& units = zhifa::Registry::Builtin().units();
    const int32_t n_officers = 100'000;
    for (int32_t i = 0; i < n_officers; ++i) {
      zhifa::Officer o;
      o.officer_id = "O" + std::to_string(i);
      o.unit = &units[rng() % units.size()];
      const uint64_t kind = rng() % 100;
      o.post = kind == 0 ? zhifa::Post::kAuxiliary : zhifa::Post::kEnforcement;
      if (kind != 0 && kind != 1) {
        o.certificate_no = "ZF" + std::to_string(i);
        o.certificate_state = zhifa::CertificateState::kValid;
        o.certificate_expires_on = kind == 2 ? zhifa::Date(2021, 6, 30) : zhifa::Date(2026, 12, 31);
      }
      d->officers.push_back(std::move(o));
    }
    const int32_t first = static_cast<int32_t>(zhifa::Date(2021, 1, 1).day_number());
    const size_t n_cases = 10'000'000;
    d->filed.reserve(n_cases);
    for (auto& o : d->offsets) o = {0};
    for (size_t c = 0; c < n_cases; ++c) {
      d->filed.push_back(first + static_cast<int32_t>(rng() % 365));
      const size_t counts[3] = {2 + rng() % 2, 1, 1};
      for (int r = 0; r < 3; ++r) {
        for (size_t k = 0; k < counts[r]; ++k) {
          d->index[r].push_back(rng() % 1000 == 0 ? -1 : static_cast<int32_t>(rng() % n_officers));
        }
        d->offsets[r].push_back(static_cast<uint32_t>(d->index[r].size()));
      }
    }
    return d;
  }();
  return *data;
}

void BM_RegisterIndex(benchmark::State& state) {
  const Data& d = Make();
  for (auto _ : state) {
    zhifa::OfficerRegister reg(d.officers);
    benchmark::DoNotOptimize(reg);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.officers.size()));
}
BENCHMARK(BM_RegisterIndex)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CheckCaseOfficerColumns(benchmark::State& state) {
  const Data& d = Make();
  zhifa::OfficerRegister reg(d.officers);
  int64_t findings = 0;
  for (auto _ : state) {
    size_t bytes = 0;
    absl::StatusOr<int64_t> n = zhifa::CheckCaseOfficerColumns(
        {d.filed, d.offsets[0], d.offsets[1], d.offsets[2], d.index[0], d.index[1], d.index[2]}, reg,
        [&](zhifa::Finding&& f) { bytes += f.message.size(); });
    findings = *n;
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(d.filed.size()));
}
BENCHMARK(BM_CheckCaseOfficerColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
