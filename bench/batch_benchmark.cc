// zhifa benchmarks: batch scoring against the memory floors (read only; read and write), one-scorecard latency, CSV
// ingestion.
//
//   cmake -S . -B build-bench -DZHIFA_BUILD_BENCHMARKS=ON -DZHIFA_BUILD_TESTING=OFF && cmake --build build-bench -j2
//   build-bench/bench/zhifa_benchmark --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <map>
#include <new>
#include <random>
#include <sstream>
#include <thread>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "zhifa/zhifa.h"

namespace {

using zhifa::Column;

// Realistic unit-month counts: quotas in the hundreds, a few deductions, some zero denominators.
template <typename T>
struct Data {
  size_t rows;
  std::array<std::vector<T>, zhifa::kColumnCount> cols;

  explicit Data(size_t n) : rows(n) {
    std::mt19937_64 rng(42);
    auto below = [&](int64_t m) { return m <= 0 ? 0 : static_cast<int64_t>(rng() % static_cast<uint64_t>(m + 1)); };
    for (auto& c : cols) c.resize(n);
    for (size_t i = 0; i < n; ++i) {
      int64_t filed = below(600), closed = below(filed), judgments = below(4);
      int64_t v[zhifa::kColumnCount] = {below(700),    filed,     closed,          below(3), below(1),
                                        below(closed), below(1),  below(filed),    below(2), below(3),
                                        filed,         judgments, below(judgments)};
      for (size_t c = 0; c < zhifa::kColumnCount; ++c) cols[c][i] = static_cast<T>(v[c]);
    }
  }
  zhifa::BatchInput Input() const {
    zhifa::BatchInput in(rows);
    for (Column c : zhifa::kAllColumns) in.Set(c, std::span<const T>(cols[static_cast<size_t>(c)]));
    return in;
  }
};

template <typename T>
const Data<T>& Cached(size_t rows) {
  static std::map<size_t, std::unique_ptr<Data<T>>> cache;
  auto& slot = cache[rows];
  if (!slot) slot = std::make_unique<Data<T>>(rows);
  return *slot;
}

int Threads(const benchmark::State& state) {
  return state.range(1) == 0 ? static_cast<int>(std::thread::hardware_concurrency()) : static_cast<int>(state.range(1));
}

// Output buffers of one batch, allocated once and reused across iterations: integers (Out = BatchOutput) or
// doubles (Out = BatchOutputF64, as score_arrays(out=...) writes them).
template <typename Out>
struct Buffers {
  using Value = std::remove_reference_t<decltype(*std::declval<Out>().totals.data())>;
  std::vector<Value> points, rates, totals;
  std::vector<uint8_t> status;
  Out out;
  Buffers(size_t k, size_t rows) : points(k * rows), rates(k * rows), totals(rows), status(rows) {
    out.totals = totals;
    out.status = status;
    for (size_t j = 0; j < k; ++j) {
      out.points.emplace_back(points.data() + j * rows, rows);
      out.rates.emplace_back(rates.data() + j * rows, rows);
    }
  }
};

template <typename T, typename Out>
void BM_BatchScore(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const Data<T>& data = Cached<T>(rows);
  zhifa::BatchScorer scorer = *zhifa::BatchScorer::Create(zhifa::RuleSet::Builtin());
  Buffers<Out> buffers(scorer.rules().indicators().size(), rows);
  zhifa::BatchInput in = data.Input();
  const int threads = Threads(state);
  for (auto _ : state) {
    absl::Status s = scorer.Score(in, buffers.out, threads);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["threads"] = threads;
}

// Totals and status only (what a ranking needs): rates are not computed and points not written.
template <typename T>
void BM_BatchScoreTotals(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const Data<T>& data = Cached<T>(rows);
  zhifa::BatchScorer scorer = *zhifa::BatchScorer::Create(zhifa::RuleSet::Builtin());
  std::vector<int64_t> totals(rows);
  std::vector<uint8_t> status(rows);
  zhifa::BatchInput in = data.Input();
  const int threads = Threads(state);
  for (auto _ : state) {
    absl::Status s = scorer.Score(in, zhifa::BatchOutput{.totals = totals, .status = status}, threads);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["threads"] = threads;
}

// Each kernel on 1 M int32 rows, one thread, every output: what a CPU without AVX-512 (or AVX2) gets.
void BM_BatchScoreKernel(benchmark::State& state) {
  const auto isa = static_cast<zhifa::BatchIsa>(state.range(0));
  absl::StatusOr<zhifa::BatchScorer> scorer = zhifa::BatchScorer::Create(zhifa::RuleSet::Builtin(), isa);
  if (!scorer.ok()) {
    state.SkipWithError(std::string(scorer.status().message()).c_str());
    return;
  }
  const size_t rows = 1'000'000;
  const Data<int32_t>& data = Cached<int32_t>(rows);
  Buffers<zhifa::BatchOutput> buffers(scorer->rules().indicators().size(), rows);
  zhifa::BatchInput in = data.Input();
  for (auto _ : state) {
    absl::Status s = scorer->Score(in, buffers.out, 1);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.SetLabel(std::string(zhifa::BatchIsaName(isa)));
}
BENCHMARK(BM_BatchScoreKernel)
    ->Arg(static_cast<int>(zhifa::BatchIsa::kAvx512))
    ->Arg(static_cast<int>(zhifa::BatchIsa::kAvx2))
    ->Arg(static_cast<int>(zhifa::BatchIsa::kPortable))
    ->ArgName("isa")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Fresh, untouched memory as numpy allocates it for a large array: pages mapped on first touch, with
// transparent huge pages requested (numpy's default on Linux), so that a page fault maps 2 MiB, not 4 KiB.
class FreshBuffer {
 public:
  explicit FreshBuffer(size_t bytes) : bytes_(bytes) {
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, bytes_, MADV_HUGEPAGE);
    data_ = p;
  }
  ~FreshBuffer() { munmap(data_, bytes_); }
  FreshBuffer(const FreshBuffer&) = delete;
  FreshBuffer& operator=(const FreshBuffer&) = delete;
  template <typename T>
  T* as() const {
    return static_cast<T*>(data_);
  }

 private:
  size_t bytes_;
  void* data_;
};

// As score_arrays does it: doubles out, into freshly allocated (not yet touched) buffers each time, so page
// faults are paid as numpy pays them.
template <typename T>
void BM_BatchScoreF64Fresh(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const Data<T>& data = Cached<T>(rows);
  zhifa::BatchScorer scorer = *zhifa::BatchScorer::Create(zhifa::RuleSet::Builtin());
  const size_t k = scorer.rules().indicators().size();
  zhifa::BatchInput in = data.Input();
  const int threads = Threads(state);
  for (auto _ : state) {
    FreshBuffer points(k * rows * sizeof(double)), rates(k * rows * sizeof(double)), totals(rows * sizeof(double)),
        status(rows);
    zhifa::BatchOutputF64 out{.totals = {totals.as<double>(), rows}, .status = {status.as<uint8_t>(), rows}};
    for (size_t j = 0; j < k; ++j) {
      out.points.emplace_back(points.as<double>() + j * rows, rows);
      out.rates.emplace_back(rates.as<double>() + j * rows, rows);
    }
    absl::Status s = scorer.Score(in, out, threads);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["threads"] = threads;
}

// Sums one column. Compiled for the same instruction sets as the batch kernels (the widest this CPU has
// is chosen at run time), so that the floor is as low as this machine allows.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
int64_t
SumColumn(const void* data, bool is_int64, size_t begin, size_t end) {
  int64_t s = 0;
  if (is_int64) {
    const int64_t* v = static_cast<const int64_t*>(data);
    for (size_t i = begin; i < end; ++i) s += v[i];
  } else {
    const int32_t* v = static_cast<const int32_t*>(data);
    for (size_t i = begin; i < end; ++i) s += v[i];
  }
  return s;
}

// The memory floor: read every input column once and sum it (what any scorer must at least do).
template <typename T>
void BM_ReadBaseline(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const Data<T>& data = Cached<T>(rows);
  const int threads = Threads(state);
  for (auto _ : state) {
    std::vector<int64_t> sums(static_cast<size_t>(threads));
    auto work = [&](size_t w) {
      int64_t s = 0;
      size_t begin = rows * w / threads, end = rows * (w + 1) / threads;
      for (const auto& col : data.cols) s += SumColumn(col.data(), sizeof(T) == 8, begin, end);
      sums[w] = s;
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < static_cast<size_t>(threads); ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    benchmark::DoNotOptimize(sums);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["threads"] = threads;
}

// The floor of the whole job: read every input column once and write as many output bytes as the batch does
// (13 int64 columns: 6 points, 6 rates, totals), with the same non-temporal stores. Each output is the row's
// sum of inputs plus the column index, so nothing can be skipped.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void SumRows(const std::array<const void*, zhifa::kColumnCount>& cols, bool is_int64, size_t begin, size_t n,
             int64_t* __restrict out) {
  for (size_t i = 0; i < n; ++i) out[i] = 0;
  for (const void* data : cols) {
    if (is_int64) {
      const int64_t* __restrict v = static_cast<const int64_t*>(data) + begin;
      for (size_t i = 0; i < n; ++i) out[i] += v[i];
    } else {
      const int32_t* __restrict v = static_cast<const int32_t*>(data) + begin;
      for (size_t i = 0; i < n; ++i) out[i] += v[i];
    }
  }
}

void StreamOut(int64_t* dst, const int64_t* src, int64_t add, size_t n) {
  size_t i = 0;
#if defined(__x86_64__)
  for (; i < n && reinterpret_cast<uintptr_t>(dst + i) % 16 != 0; ++i) dst[i] = src[i] + add;
  const __m128i a = _mm_set1_epi64x(add);
  for (; i + 2 <= n; i += 2) {
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i),
                     _mm_add_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i)), a));
  }
#endif
  for (; i < n; ++i) dst[i] = src[i] + add;
}

template <typename T>
void BM_ReadWriteBaseline(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  const Data<T>& data = Cached<T>(rows);
  const int threads = Threads(state);
  constexpr size_t kOutputs = 13, kBlock = 512;
  std::vector<int64_t> out(kOutputs * rows);
  std::array<const void*, zhifa::kColumnCount> cols;
  for (size_t c = 0; c < cols.size(); ++c) cols[c] = data.cols[c].data();
  for (auto _ : state) {
    auto work = [&](size_t w) {
      std::vector<int64_t> block(kBlock);
      const size_t begin = rows * w / threads, end = rows * (w + 1) / threads;
      for (size_t start = begin; start < end; start += kBlock) {
        const size_t n = std::min(kBlock, end - start);
        SumRows(cols, sizeof(T) == 8, start, n, block.data());
        for (size_t j = 0; j < kOutputs; ++j) StreamOut(out.data() + j * rows + start, block.data(), j, n);
      }
#if defined(__x86_64__)
      _mm_sfence();
#endif
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < static_cast<size_t>(threads); ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
  state.counters["threads"] = threads;
}

void BatchArgs(benchmark::internal::Benchmark* b) {
  for (int64_t rows : {1'000, 1'000'000, 10'000'000}) {
    b->Args({rows, 1});
    b->Args({rows, 0});  // 0 = all hardware threads
  }
  b->ArgNames({"rows", "threads"})->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_BatchScore<int32_t, zhifa::BatchOutput>)->Name("BM_BatchScore<int32_t>")->Apply(BatchArgs);
BENCHMARK(BM_BatchScore<int64_t, zhifa::BatchOutput>)->Name("BM_BatchScore<int64_t>")->Apply(BatchArgs);
BENCHMARK(BM_BatchScore<int32_t, zhifa::BatchOutputF64>)->Name("BM_BatchScoreF64<int32_t>")->Apply(BatchArgs);
BENCHMARK(BM_BatchScoreF64Fresh<int32_t>)->Apply(BatchArgs);
BENCHMARK(BM_BatchScoreTotals<int32_t>)->Apply(BatchArgs);
BENCHMARK(BM_ReadBaseline<int32_t>)->Apply(BatchArgs);
BENCHMARK(BM_ReadBaseline<int64_t>)->Apply(BatchArgs);
BENCHMARK(BM_ReadWriteBaseline<int32_t>)->Apply(BatchArgs);
BENCHMARK(BM_ReadWriteBaseline<int64_t>)->Apply(BatchArgs);

// One scorecard with its explanation, the interactive path.
void BM_ScorecardWithExplanation(benchmark::State& state) {
  zhifa::RuleSet rules = zhifa::RuleSet::Builtin();
  const zhifa::Unit& unit = **zhifa::Registry::Builtin().Resolve("涅阳街道");
  zhifa::Counts c;
  int64_t v[zhifa::kColumnCount] = {800, 793, 715, 2, 0, 700, 1, 650, 0, 1, 793, 1, 1};
  for (size_t i = 0; i < zhifa::kColumnCount; ++i) c.Set(zhifa::kAllColumns[i], v[i]);
  for (auto _ : state) {
    zhifa::Scorecard card = *zhifa::Score(rules, unit, zhifa::Period::Year(2021), c);
    std::string text = zhifa::Explain(card, zhifa::Language::kZh);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_ScorecardWithExplanation)->Unit(benchmark::kMicrosecond);

void BM_ScorecardOnly(benchmark::State& state) {
  zhifa::RuleSet rules = zhifa::RuleSet::Builtin();
  const zhifa::Unit& unit = **zhifa::Registry::Builtin().Resolve("涅阳街道");
  zhifa::Counts c;
  int64_t v[zhifa::kColumnCount] = {800, 793, 715, 2, 0, 700, 1, 650, 0, 1, 793, 1, 1};
  for (size_t i = 0; i < zhifa::kColumnCount; ++i) c.Set(zhifa::kAllColumns[i], v[i]);
  for (auto _ : state) benchmark::DoNotOptimize(zhifa::Score(rules, unit, zhifa::Period::Year(2021), c));
}
BENCHMARK(BM_ScorecardOnly)->Unit(benchmark::kMicrosecond);

// CSV ingestion: the counts reader (decode, parse, resolve, validate) on an in-memory UTF-8 file.
void BM_CsvIngest(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  std::string csv(zhifa::BundledSampleCsv().substr(0, zhifa::BundledSampleCsv().find('\n') + 1));
  std::string body(zhifa::BundledSampleCsv().substr(csv.size()));
  while (csv.size() < rows * (body.size() / 53)) csv += body;
  for (auto _ : state) {
    std::istringstream in(csv);
    size_t n = 0;
    absl::Status s = zhifa::ReadCountsCsv(in, zhifa::Registry::Builtin(), {}, [&](zhifa::CountsRow&&) { ++n; });
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * csv.size()));
}
BENCHMARK(BM_CsvIngest)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Case aggregation on columns (the bulk path of cases.h): day numbers, unit indices, flags.
void BM_CaseAggregation(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(11);
  const int32_t start = static_cast<int32_t>(boost::gregorian::date(2019, 1, 1).day_number());
  std::vector<int32_t> unit(n), filed(n), decided(n), closed(n), executed(n), sued(n), judgment(n), limit(n, 90);
  std::vector<uint8_t> flags(n);
  for (size_t i = 0; i < n; ++i) {
    unit[i] = static_cast<int32_t>(rng() % 53);
    filed[i] = start + static_cast<int32_t>(rng() % (3 * 365));
    decided[i] = rng() % 10 ? filed[i] + static_cast<int32_t>(rng() % 120) : zhifa::kNoDay;
    closed[i] =
        decided[i] != zhifa::kNoDay && rng() % 10 ? decided[i] + static_cast<int32_t>(rng() % 20) : zhifa::kNoDay;
    executed[i] = closed[i] != zhifa::kNoDay && rng() % 4 ? closed[i] - 1 : zhifa::kNoDay;
    sued[i] = rng() % 20 == 0 ? filed[i] + 200 : zhifa::kNoDay;
    judgment[i] = sued[i] != zhifa::kNoDay && rng() % 2 ? sued[i] + 100 : zhifa::kNoDay;
    flags[i] = static_cast<uint8_t>(rng() & 63);
  }
  zhifa::CaseColumns cols{unit, filed, decided, closed, executed, sued, judgment, limit, flags};
  for (auto _ : state) {
    zhifa::CaseAggregator agg(zhifa::Registry::Builtin(), zhifa::CaseSettings::Builtin(),
                              {.period = zhifa::PeriodKind::kMonth, .as_of = std::nullopt});
    if (!agg.AddColumns(cols).ok()) std::abort();
    std::vector<zhifa::AggregatedRow> rows = agg.Finish(zhifa::QuotaSource::History());
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_CaseAggregation)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
