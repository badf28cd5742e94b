// A problem ledger kept in SQLite, with its whole history: the store for the office that keeps the ledger.
//
// A ledger is edited for weeks by several people; a CSV on a shared drive loses who changed what. LedgerStore
// keeps the ledger in one SQLite file (WAL mode) and writes every change as an append-only event — who, when,
// which field, old → new — in the same transaction as the change, so the ledger as it was recorded at any
// moment can be rebuilt, and a process killed mid-import leaves the file as it was before (SQLite's
// transactions: the import is there entirely or not at all). The rules (ledger.h) take plain records: software
// with its own database does not need this store. This is a separate library target, zhifa::ledger_store, the
// only part of zhifa that links SQLite.
//
// One LedgerStore object is used by one thread at a time; several processes (the office's several users) may
// open the same file: SQLite's locking lets one write while others read, and a writer waits up to 10 s for
// another. Keep the file on a local disk: SQLite's locking is not reliable on network file systems.
//
// Example:
//   absl::StatusOr<zhifa::LedgerStore> store = zhifa::LedgerStore::Open("ledger.db");
//   store->Import(problems, "张三");                         // one transaction, one event per new problem
//   store->Set("P7", {{"rectified_on", "2021-05-20"}}, "李四");
//   absl::StatusOr<std::vector<zhifa::Problem>> now = store->Problems();
//   absl::StatusOr<std::vector<zhifa::Problem>> then = store->Problems("2021-05-10T18:00:00");
#ifndef ZHIFA_LEDGER_STORE_H_
#define ZHIFA_LEDGER_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "zhifa/export.h"
#include "zhifa/ledger.h"
#include "zhifa/units.h"

struct sqlite3;

namespace zhifa {

// One recorded change of the ledger.
struct ZHIFA_EXPORT LedgerEvent {
  int64_t seq = 0;  // the order of changes
  std::string at;   // when it was recorded: UTC, "2021-05-10T08:30:12.345Z"
  std::string by;   // who recorded it
  std::string problem_id;
  std::string field;                                // a ledger column, or "*" for a problem added whole
  std::optional<std::string> old_value, new_value;  // nullopt: none; for "*", new_value is the row as CSV
};

struct ZHIFA_EXPORT ImportResult {
  int64_t added = 0;      // new problems
  int64_t changed = 0;    // problems with at least one field changed
  int64_t unchanged = 0;  // problems already as the file says
  int64_t events = 0;     // events written
};

class ZHIFA_EXPORT LedgerStore {
 public:
  enum class OpenMode { kCreate, kExisting };
  // Opens the store at `path`, in WAL mode; with kCreate, a new empty store when there is no file. kNotFound for
  // a missing file with kExisting; kInvalidArgument naming the path and the reason when the file is not a zhifa
  // ledger store (another program's database is never changed) or cannot be opened. `registry` must outlive
  // the store.
  static absl::StatusOr<LedgerStore> Open(const std::string& path, const Registry& registry = Registry::Builtin(),
                                          OpenMode mode = OpenMode::kCreate);
  ~LedgerStore();
  LedgerStore(LedgerStore&& other) noexcept;
  LedgerStore& operator=(LedgerStore&& other) noexcept;

  // Adds new problems and updates existing ones (by problem_id) in one transaction, recording one event per new
  // problem and one per changed field, with `by` and the current time. Precondition: every problem ok() (the
  // readers' and ValidateProblem's rules); kInvalidArgument naming the first that is not, with nothing written.
  // `has_disclosed`: whether the problems carry the 是否公开 column (the store remembers it once seen).
  absl::StatusOr<ImportResult> Import(std::span<const Problem> problems, std::string_view by, bool has_disclosed);

  // Changes fields of one problem (column name -> new text, as a ledger CSV writes it; "" clears a field) in one
  // transaction, one event per changed field. kNotFound for an unknown problem_id; kInvalidArgument naming the
  // field for an unknown or unchangeable field (problem_id) or a value that makes the problem invalid — the
  // database unchanged then. Returns how many fields changed.
  absl::StatusOr<int> Set(std::string_view problem_id, const std::vector<std::pair<std::string, std::string>>& fields,
                          std::string_view by);

  // The ledger now, in the order problems were added (each problem's `row` is its line in WriteLedgerCsv's
  // output, so findings name the same rows as a check of the exported file); or, with `recorded_at`, the ledger as it
  // was recorded then, rebuilt from the events: "2021-05-10" (everything recorded by the end of that day),
  // "2021-05-10T18:00",
  // "...T18:00:30" or "...T18:00:30.250" (the end of that minute, second or millisecond); UTC, unless an offset
  // follows ("2021-05-10T18:00+08:00"). kInvalidArgument for any other text.
  absl::StatusOr<std::vector<Problem>> Problems(std::optional<std::string_view> recorded_at = std::nullopt) const;
  // Checks the file: SQLite's integrity check, and that the ledger is what replaying its whole history gives.
  // kDataLoss saying what differs.
  absl::Status Verify() const;
  // The recorded changes, of one problem or of all, in order.
  absl::StatusOr<std::vector<LedgerEvent>> History(std::optional<std::string_view> problem_id = std::nullopt) const;
  // Whether a 是否公开 value was ever imported or set. Each problem keeps its own: known (yes or no) or not known
  // (imported from a file without the column), so the ledger replayed at any moment has each problem's as then.
  bool has_disclosed() const { return has_disclosed_; }

  // Called by Import after each problem it has written (inside the transaction) with how many are done: for a
  // progress display. Not called when empty.
  void set_progress(std::function<void(int64_t done)> on_progress) { on_progress_ = std::move(on_progress); }

 private:
  LedgerStore(sqlite3* db, const Registry& registry) : db_(db), registry_(&registry) {}

 public:
  // The registry the store resolves units with (Open's).
  const Registry& registry() const { return *registry_; }

 private:
  // The stored cells of every problem, in LedgerColumnNames() order: now (nullptr), or replayed from the events
  // recorded up to `cutoff` (an events `at` text).
  absl::StatusOr<std::vector<std::vector<std::string>>> Rows(const std::string* cutoff) const;
  sqlite3* db_ = nullptr;
  const Registry* registry_;
  bool has_disclosed_ = false;
  std::function<void(int64_t)> on_progress_;
};

}  // namespace zhifa

#endif  // ZHIFA_LEDGER_STORE_H_
