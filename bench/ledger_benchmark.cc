// The problem ledger's speed targets (issue 12): checking a 1 M-problem ledger in memory in under 1 s on one
// core; reading a ledger CSV (the CLI's baseline); importing 100 000 problems into the store in under 2 s.
//
//   cmake -S . -B build -DZHIFA_BUILD_BENCHMARKS=ON && cmake --build build --target zhifa_ledger_benchmark
//   build/bench/zhifa_ledger_benchmark
//
// The ledgers are synthetic: problems spread over the 53 units and the campaign's weeks, every class, source and
// state, so every rule is exercised (a fixed seed: the same ledger every run).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <sstream>

#include "zhifa/ledger.h"
#include "zhifa/ledger_store.h"

namespace {

// A ledger CSV of n problems.
std::string LedgerText(int64_t n) {
  std::mt19937_64 rng(20210413);
  const auto& units = zhifa::Registry::Builtin().units();
  const char* classes[] = {"general", "hard", "serious", "systemic"};
  const char* sources[] = {"self_inspection", "inspection", "covert", "public"};
  const char* kinds[] = {"no_action", "slow_complaint", "overdue_case", "selective", "arbitrary"};
  const char* dispositions[] = {"criticism", "written_review", "transfer", "mechanism", "criticism|exposure"};
  std::string text =
      "problem_id,unit,area,kind,source,found_on,class,discipline_clue,responsible,due_on,rectified_on,"
      "transferred_on,supervised_on,disposition,disposed_on,disclosed\n";
  auto day = [](int d) {  // 2021-04-13 + d, d < 80
    static const int month_days[] = {30, 31, 30, 31};
    int m = 4, dd = 13 + d;
    for (int k = 0; dd > month_days[k]; ++k) dd -= month_days[k], ++m;
    char buf[16];
    std::snprintf(buf, sizeof buf, "2021-%02d-%02d", m, dd);
    return std::string(buf);
  };
  for (int64_t i = 0; i < n; ++i) {
    const int found = static_cast<int>(rng() % 40);
    const int c = static_cast<int>(rng() % 4);
    const bool rectified = rng() % 3 != 0;
    const bool disposed = rng() % 2 == 0;
    const bool clue = c == 2 || rng() % 10 == 0;
    text += "P" + std::to_string(i) + "," + units[rng() % units.size()].name + ",conduct," + kinds[rng() % 5] + "," +
            sources[rng() % 4] + "," + day(found) + "," + classes[c] + "," + (clue ? "1" : "0") + ",张三," +
            (rng() % 2 ? day(found + 10) : "") + "," + (rectified ? day(found + 5) : "") + "," +
            (clue && rng() % 2 ? day(found + 3) : "") + "," + (c == 2 && rng() % 2 ? day(found + 4) : "") + "," +
            (disposed ? dispositions[rng() % 5] : "") + "," + (disposed ? day(found + 20) : "") + "," +
            (rng() % 5 ? "1" : "0") + "\n";
  }
  return text;
}

size_t g_findings_bytes = 0;  // what BM_CheckLedger's findings hold in memory

std::vector<zhifa::Problem> Ledger(int64_t n) {
  std::vector<zhifa::Problem> out;
  out.reserve(static_cast<size_t>(n));
  std::istringstream in(LedgerText(n));
  absl::Status s = zhifa::ReadLedgerCsv(in, zhifa::Registry::Builtin(), {},
                                        [&](zhifa::Problem&& p) { out.push_back(std::move(p)); });
  if (!s.ok()) std::abort();
  return out;
}

void BM_CheckLedger(benchmark::State& state) {
  const std::vector<zhifa::Problem> problems = Ledger(state.range(0));
  int64_t findings = 0;
  for (auto _ : state) {
    absl::StatusOr<zhifa::LedgerCheck> c =
        zhifa::CheckLedger(problems, {}, zhifa::Date(2021, 6, 1), zhifa::LedgerSettings::Builtin());
    findings = static_cast<int64_t>(c->findings.size());
    benchmark::DoNotOptimize(c);
    g_findings_bytes = c->findings.capacity() * sizeof(zhifa::Finding);
    for (const zhifa::Finding& f : c->findings) {
      for (const std::string* text : {&f.id, &f.unit, &f.rule, &f.clause, &f.message, &f.message_en}) {
        if (text->capacity() > 15) g_findings_bytes += text->capacity() + 1;  // on the heap (not in the string)
      }
    }
    state.PauseTiming();  // freeing 1.5 M findings is not part of checking
    c = absl::StatusOr<zhifa::LedgerCheck>();
    state.ResumeTiming();
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CheckLedger)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The floor of keeping the findings: writing as many bytes as they hold to memory never touched before (the
// first touch of each page is what costs on this kind of machine). Runs after BM_CheckLedger, which measures them.
void BM_FreshMemoryFloor(benchmark::State& state) {
  const size_t bytes = g_findings_bytes;
  for (auto _ : state) {
    char* p = static_cast<char*>(std::malloc(bytes));
    std::memset(p, 1, bytes);
    benchmark::DoNotOptimize(p);
    state.PauseTiming();
    std::free(p);
    state.ResumeTiming();
  }
  state.counters["MiB"] = static_cast<double>(bytes) / (1 << 20);
}
BENCHMARK(BM_FreshMemoryFloor)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same check, each finding handed to a sink that looks at it (as a writer would) instead of being kept.
void BM_CheckLedgerStreaming(benchmark::State& state) {
  const std::vector<zhifa::Problem> problems = Ledger(state.range(0));
  int64_t findings = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    findings = 0;
    absl::StatusOr<zhifa::LedgerCheck> c = zhifa::CheckLedger(
        problems, {}, zhifa::Date(2021, 6, 1), zhifa::LedgerSettings::Builtin(), [&](zhifa::Finding&& f) {
          ++findings;
          bytes += f.message.size();
        });
    benchmark::DoNotOptimize(c);
  }
  benchmark::DoNotOptimize(bytes);
  state.counters["findings"] = static_cast<double>(findings);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CheckLedgerStreaming)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadLedgerCsv(benchmark::State& state) {
  const std::string text = LedgerText(state.range(0));
  for (auto _ : state) {
    std::istringstream in(text);
    int64_t n = 0;
    absl::Status s = zhifa::ReadLedgerCsv(in, zhifa::Registry::Builtin(), {}, [&](zhifa::Problem&& p) { n += p.ok(); });
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReadLedgerCsv)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportIntoStore(benchmark::State& state) {
  const std::vector<zhifa::Problem> problems = Ledger(state.range(0));
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("zhifa_ledger_bench_" + std::to_string(getpid()));
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    state.ResumeTiming();
    absl::StatusOr<zhifa::LedgerStore> store = zhifa::LedgerStore::Open((dir / "ledger.db").string());
    absl::StatusOr<zhifa::ImportResult> r = store->Import(problems, "bench", true);
    if (!r.ok() || r->added != state.range(0)) std::abort();
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ImportIntoStore)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
