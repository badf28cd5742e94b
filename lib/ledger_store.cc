#include "zhifa/ledger_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "lib/cells.h"
#include "lib/strings.h"
#include "nlohmann/json.hpp"

namespace zhifa {
namespace {

using internal::Cat;

constexpr const char* kSchema = "zhifa-ledger-1";

// A prepared statement, finalized when it goes.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) { rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  // The text is not copied (SQLITE_STATIC): every caller binds and steps within one scope, so it outlives the step.
  void Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void Bind(int i, const std::optional<std::string>& text) {
    if (text) {
      Bind(i, std::string_view(*text));
    } else {
      sqlite3_bind_null(stmt_, i);
    }
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int i) {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
  }
  std::optional<std::string> MaybeText(int i) {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return std::nullopt;
    return Text(i);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// SQLite's error as a status: another writer holding the file too long, a file that cannot be written, a file
// that is not a database, or anything else.
absl::Status StatusOf(int code, std::string message) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(Cat(
          "ledger store: busy — another process has been writing it for more than 10 s; try again (", message, ")"));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return absl::PermissionDeniedError(Cat("ledger store: cannot write the file (", message, ")"));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return absl::InvalidArgumentError(Cat("not a zhifa ledger store (", message, ")"));
    default:
      return absl::InternalError(Cat("ledger store: ", message));
  }
}

absl::Status Error(sqlite3* db, std::string_view what) {
  return StatusOf(sqlite3_extended_errcode(db), Cat(what, ": ", sqlite3_errmsg(db)));
}

absl::Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return StatusOf(rc, m);
  }
  return absl::OkStatus();
}

// The ledger's columns in LedgerColumnNames() order, quoted for SQL.
std::vector<std::string> Columns() {
  std::vector<std::string> out;
  for (const TableColumn& c : LedgerColumnNames()) out.push_back(std::string(c.name));
  return out;
}

std::string Quoted(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const std::string& n : names) q.push_back(Cat("\"", n, "\""));
  return internal::Join(q, ", ");
}

std::string FormatMoment(std::chrono::sys_time<std::chrono::milliseconds> t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<milliseconds> time(t - day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return buf;
}

std::string Now() {
  return FormatMoment(std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

// The last moment `text` names, as the events' `at` is written: "2021-05-10" is the end of that day,
// "2021-05-10T08:30" the end of that minute, "...:15" of that second, "...:15.250" that millisecond. A time
// without an offset is UTC; "Z" or "+08:00" may follow.
absl::StatusOr<std::string> Cutoff(std::string_view text) {
  using namespace std::chrono;
  const std::string t(internal::Trim(text));
  auto bad = [&] {
    return absl::InvalidArgumentError(
        Cat("\"", EchoValue(text),
            "\" is not a moment; expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.mmm]], UTC unless it ends with an offset "
            "such as +08:00"));
  };
  size_t i = 0;
  auto number = [&](size_t n, int& out) {
    if (i + n > t.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = t[i + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i += n;
    return true;
  };
  auto literal = [&](char c) {
    if (i < t.size() && t[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!number(4, y) || !literal('-') || !number(2, mo) || !literal('-') || !number(2, d)) return bad();
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return bad();
  milliseconds span = days(1);  // how long the named moment lasts
  if (literal('T') || literal(' ')) {
    if (!number(2, h) || !literal(':') || !number(2, mi) || h > 23 || mi > 59) return bad();
    span = minutes(1);
    if (literal(':')) {
      if (!number(2, sec) || sec > 59) return bad();
      span = seconds(1);
      if (literal('.')) {
        if (!number(3, ms)) return bad();
        span = milliseconds(1);
      }
    }
  }
  minutes offset(0);
  if (literal('Z')) {
  } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    const int sign = t[i] == '-' ? -1 : 1;
    ++i;
    int oh = 0, om = 0;
    if (!number(2, oh) || !literal(':') || !number(2, om) || oh > 14 || om > 59) return bad();
    offset = minutes(sign * (oh * 60 + om));
  }
  if (i != t.size()) return bad();
  const sys_time<milliseconds> start =
      sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + milliseconds(ms) - offset;
  return FormatMoment(start + span - milliseconds(1));
}

// The cells as a JSON array of strings (what a "*" event records; nlohmann::json reads it back).
std::string RowJson(const std::vector<std::string>& cells) {
  std::string out = "[";
  for (const std::string& c : cells) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char ch : c) {
      const auto u = static_cast<unsigned char>(ch);
      if (ch == '"' || ch == '\\') {
        out += '\\';
        out += ch;
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
      } else {
        out += ch;  // UTF-8 passes through
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

}  // namespace

absl::StatusOr<LedgerStore> LedgerStore::Open(const std::string& path, const Registry& registry, OpenMode mode) {
  std::error_code ec;
  if (mode == OpenMode::kExisting && !std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(Cat(path, ": no ledger store there (zhifa ledger import --db ", path, " creates one)"));
  }
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(Cat(path, ": is a folder, not a ledger store"));
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return absl::InvalidArgumentError(Cat(path, ": cannot open the ledger store: ", why));
  }
  LedgerStore store(db, registry);
  sqlite3_busy_timeout(db, 10000);  // another writer: wait for it rather than fail
  auto fail = [&](const absl::Status& s) -> absl::Status {
    (void)Exec(db, "ROLLBACK;");
    if (s.code() != absl::StatusCode::kInvalidArgument) return absl::Status(s.code(), Cat(path, ": ", s.message()));
    return absl::InvalidArgumentError(Cat(path, ": not a zhifa ledger store (", s.message(), ")"));
  };
  // What the file holds — nothing, a zhifa ledger store of this version, or something else — read before anything
  // is written: another program's database is never changed (not even switched to WAL).
  auto tables = [&]() -> absl::StatusOr<int64_t> {
    Statement count(db, "SELECT count(*) FROM sqlite_master");
    if (!count.ok()) return Error(db, "reading the file");
    if (count.Step() != SQLITE_ROW) return Error(db, "reading the file");
    return sqlite3_column_int64(count.get(), 0);
  };
  absl::StatusOr<int64_t> n = tables();
  if (!n.ok()) return fail(n.status());
  if (*n > 0) {
    Statement get(db, "SELECT value FROM meta WHERE key = 'schema'");
    if (!get.ok()) return fail(absl::InvalidArgumentError("it holds other tables"));
    if (get.Step() != SQLITE_ROW) return fail(absl::InvalidArgumentError("it has no schema version"));
    if (get.Text(0) != kSchema) {
      return absl::InvalidArgumentError(
          Cat(path, ": a ledger store of another version (", get.Text(0), "; this zhifa reads ", kSchema, ")"));
    }
  }
  // WAL: readers never block the writer; NORMAL: a commit is durable once the WAL is checkpointed, and never
  // torn; a 64 MiB page cache keeps a 100 000-problem import from spilling mid-transaction.
  if (absl::Status s = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
      !s.ok()) {
    return fail(s);
  }
  if (*n == 0) {
    if (absl::Status s = Exec(db, "BEGIN IMMEDIATE;"); !s.ok()) return fail(s);
    absl::StatusOr<int64_t> again = tables();  // another process may have made it meanwhile
    if (!again.ok()) return fail(again.status());
    if (*again == 0) {
      std::vector<std::string> defs;
      for (const std::string& c : Columns()) {
        defs.push_back(Cat("\"", c, "\" TEXT NOT NULL", c == "problem_id" ? " PRIMARY KEY" : " DEFAULT ''"));
      }
      const std::string schema =
          Cat("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
              "CREATE TABLE problems(",
              internal::Join(defs, ", "),
              ");"
              "CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT NOT NULL, "
              "problem_id TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT, batch INTEGER NOT NULL);"
              "CREATE INDEX events_problem ON events(problem_id, seq);",
              "INSERT INTO meta(key, value) VALUES('schema', '", kSchema, "');");
      if (absl::Status s = Exec(db, schema.c_str()); !s.ok()) return fail(s);
    }
    if (absl::Status s = Exec(db, "COMMIT;"); !s.ok()) return fail(s);
  }
  {
    Statement disclosed(db, "SELECT value FROM meta WHERE key = 'has_disclosed'");
    store.has_disclosed_ = disclosed.Step() == SQLITE_ROW && disclosed.Text(0) == "1";
  }
  return store;
}

LedgerStore::~LedgerStore() {
  if (db_ != nullptr) sqlite3_close(db_);
}

LedgerStore::LedgerStore(LedgerStore&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      registry_(other.registry_),
      has_disclosed_(other.has_disclosed_),
      on_progress_(std::move(other.on_progress_)) {}

LedgerStore& LedgerStore::operator=(LedgerStore&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    registry_ = other.registry_;
    has_disclosed_ = other.has_disclosed_;
    on_progress_ = std::move(other.on_progress_);
  }
  return *this;
}

namespace {

// Writes changes inside one transaction: the statements it needs, prepared once.
class Writer {
 public:
  Writer(sqlite3* db, std::string by) : db_(db), by_(std::move(by)), at_(Now()), columns_(Columns()) {
    const std::vector<std::string>& columns = columns_;
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) marks += i == 0 ? "?" : ", ?";
    select_ = std::make_unique<Statement>(db, Cat("SELECT ", Quoted(columns), " FROM problems WHERE problem_id = ?"));
    insert_ = std::make_unique<Statement>(db, Cat("INSERT INTO problems(", Quoted(columns), ") VALUES(", marks, ")"));
    event_ = std::make_unique<Statement>(
        db, "INSERT INTO events(at, by, problem_id, field, old, new, batch) VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (const std::string& c : columns) {
      update_.push_back(
          std::make_unique<Statement>(db, Cat("UPDATE problems SET \"", c, "\" = ? WHERE problem_id = ?")));
    }
    // The last event (by seq, the primary key: no scan) has the largest batch and, times never going back, the
    // latest time.
    Statement batch(db, "SELECT batch + 1, at FROM events ORDER BY seq DESC LIMIT 1");
    if (batch.Step() == SQLITE_ROW) {
      batch_ = sqlite3_column_int64(batch.get(), 0);
      // The events' times never go back, even when the clock does (another machine's, or a correction): replay
      // by time then sees every change in the order it was made.
      at_ = std::max(at_, batch.Text(1));
    }
  }
  bool ok() const {
    bool ok = select_->ok() && insert_->ok() && event_->ok();
    for (const auto& u : update_) ok = ok && u->ok();
    return ok;
  }
  // The stored cells of a problem, or nullopt.
  std::optional<std::vector<std::string>> Find(std::string_view id) {
    select_->Reset();
    select_->Bind(1, id);
    if (select_->Step() != SQLITE_ROW) return std::nullopt;
    std::vector<std::string> cells;
    for (int i = 0; i < sqlite3_column_count(select_->get()); ++i) cells.push_back(select_->Text(i));
    return cells;
  }
  bool Insert(const std::vector<std::string>& cells) {
    insert_->Reset();
    for (size_t i = 0; i < cells.size(); ++i) insert_->Bind(static_cast<int>(i) + 1, std::string_view(cells[i]));
    return insert_->Step() == SQLITE_DONE && Event(cells[0], "*", std::nullopt, RowJson(cells));
  }
  bool Update(std::string_view id, size_t column, const std::string& old_value, const std::string& new_value) {
    Statement& u = *update_[column];
    u.Reset();
    u.Bind(1, std::string_view(new_value));
    u.Bind(2, id);
    auto value = [](const std::string& v) { return v.empty() ? std::optional<std::string>() : std::optional(v); };
    return u.Step() == SQLITE_DONE && Event(id, columns_[column], value(old_value), value(new_value));
  }
  int64_t events() const { return events_; }

 private:
  bool Event(std::string_view id, std::string_view field, const std::optional<std::string>& old_value,
             const std::optional<std::string>& new_value) {
    Statement& e = *event_;
    e.Reset();
    e.Bind(1, std::string_view(at_));
    e.Bind(2, std::string_view(by_));
    e.Bind(3, id);
    e.Bind(4, field);
    e.Bind(5, old_value);
    e.Bind(6, new_value);
    e.Bind(7, batch_);
    ++events_;
    return e.Step() == SQLITE_DONE;
  }

  sqlite3* db_;
  std::string by_;
  std::string at_;
  std::vector<std::string> columns_;
  int64_t batch_ = 1;
  int64_t events_ = 0;
  std::unique_ptr<Statement> select_, insert_, event_;
  std::vector<std::unique_ptr<Statement>> update_;
};

constexpr size_t kDisclosedColumn = 15;  // LedgerColumnNames(): the last

}  // namespace

absl::StatusOr<ImportResult> LedgerStore::Import(std::span<const Problem> problems, std::string_view by,
                                                 bool has_disclosed) {
  for (const Problem& p : problems) {
    if (!p.ok()) {
      return absl::InvalidArgumentError(Cat("problem ", p.problem_id, " (line ", p.row, ") is not valid: ",
                                            p.errors[0].column, ": ", p.errors[0].message, "; nothing imported"));
    }
  }
  if (absl::Status s = Exec(db_, "BEGIN IMMEDIATE;"); !s.ok()) return s;
  ImportResult result;
  absl::Status failed;
  {
    Writer w(db_, std::string(by));
    if (!w.ok()) failed = Error(db_, "prepare");
    // Into an empty store every problem is new (the reader allows no repeated problem_id; a repeat in memory
    // records is still caught, by the primary key).
    bool empty = false;
    {
      Statement any(db_, "SELECT EXISTS(SELECT 1 FROM problems)");
      empty = any.Step() == SQLITE_ROW && sqlite3_column_int64(any.get(), 0) == 0;
    }
    for (size_t k = 0; k < problems.size() && failed.ok(); ++k) {
      std::vector<std::string> cells = ProblemCells(problems[k]);
      std::optional<std::vector<std::string>> stored = empty ? std::nullopt : w.Find(cells[0]);
      if (!stored) {
        if (!w.Insert(cells)) failed = Error(db_, Cat("adding problem ", cells[0], " (line ", problems[k].row, ")"));
        ++result.added;
      } else {
        bool changed = false;
        for (size_t c = 1; c < cells.size() && failed.ok(); ++c) {
          if (c == kDisclosedColumn && !has_disclosed) continue;  // the file says nothing about it
          if (cells[c] == (*stored)[c]) continue;
          if (!w.Update(cells[0], c, (*stored)[c], cells[c])) {
            failed =
                Error(db_, Cat("changing ", Columns()[c], " of problem ", cells[0], " (line ", problems[k].row, ")"));
          }
          changed = true;
        }
        ++(changed ? result.changed : result.unchanged);
      }
      if (on_progress_) on_progress_(static_cast<int64_t>(k) + 1);
    }
    result.events = w.events();
  }
  if (failed.ok() && has_disclosed && !has_disclosed_) {
    failed = Exec(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('has_disclosed', '1');");
  }
  if (!failed.ok()) {
    (void)Exec(db_, "ROLLBACK;");
    return failed;
  }
  if (absl::Status s = Exec(db_, "COMMIT;"); !s.ok()) {
    (void)Exec(db_, "ROLLBACK;");
    return s;
  }
  has_disclosed_ = has_disclosed_ || has_disclosed;
  return result;
}

absl::StatusOr<int> LedgerStore::Set(std::string_view problem_id,
                                     const std::vector<std::pair<std::string, std::string>>& fields,
                                     std::string_view by) {
  const std::vector<std::string> columns = Columns();
  std::vector<size_t> at;
  for (const auto& [field, value] : fields) {
    // A column's English name or its Chinese header.
    const std::span<const TableColumn> names = LedgerColumnNames();
    auto it = std::find_if(names.begin(), names.end(), [&](const TableColumn& c) {
      return c.name == internal::Trim(field) || c.name_zh == internal::Trim(field);
    });
    if (it == names.end()) {
      return absl::InvalidArgumentError(
          Cat("unknown field \"", EchoValue(field), "\"; expected one of ",
              internal::Join(std::vector<std::string>(columns.begin() + 1, columns.end()), ", "),
              " (or their Chinese headers)"));
    }
    if (it == names.begin()) {
      return absl::InvalidArgumentError("problem_id cannot change; add the problem under its new id instead");
    }
    const size_t column = static_cast<size_t>(it - names.begin());
    if (std::find(at.begin(), at.end(), column) != at.end()) {
      return absl::InvalidArgumentError(Cat("field ", it->name, " is given twice"));
    }
    at.push_back(column);
  }
  if (absl::Status s = Exec(db_, "BEGIN IMMEDIATE;"); !s.ok()) return s;
  auto rollback = [&](absl::Status s) -> absl::StatusOr<int> {
    (void)Exec(db_, "ROLLBACK;");
    return s;
  };
  Writer w(db_, std::string(by));
  if (!w.ok()) return rollback(Error(db_, "prepare"));
  std::optional<std::vector<std::string>> stored = w.Find(problem_id);
  if (!stored) return rollback(absl::NotFoundError(Cat("no problem \"", EchoValue(problem_id), "\" in the ledger")));
  std::vector<std::string> cells = *stored;
  for (size_t k = 0; k < fields.size(); ++k) cells[at[k]] = fields[k].second;
  // The problem as it would be: it must still be valid.
  std::vector<std::pair<std::string, std::string>> named;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c == kDisclosedColumn && cells[c].empty()) continue;  // not known for this problem: stays unknown
    named.emplace_back(columns[c], cells[c]);
  }
  Problem p = ProblemFromCells(named, *registry_);
  if (!p.ok()) {
    return rollback(absl::InvalidArgumentError(
        Cat("problem ", problem_id, ", field ", p.errors[0].column, ": ", p.errors[0].message, "; nothing changed")));
  }
  // Store the canonical text (2021/5/20 becomes 2021-05-20; 批评教育 becomes criticism).
  cells = ProblemCells(p);
  int changed = 0;
  for (size_t c = 1; c < columns.size(); ++c) {
    if (cells[c] == (*stored)[c]) continue;
    if (!w.Update(problem_id, c, (*stored)[c], cells[c])) {
      return rollback(Error(db_, Cat("changing ", columns[c], " of problem ", problem_id)));
    }
    ++changed;
  }
  if (std::find(at.begin(), at.end(), kDisclosedColumn) != at.end() && !has_disclosed_) {
    if (absl::Status s = Exec(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('has_disclosed', '1');"); !s.ok()) {
      return rollback(s);
    }
  }
  if (absl::Status s = Exec(db_, "COMMIT;"); !s.ok()) return rollback(s);
  if (std::find(at.begin(), at.end(), kDisclosedColumn) != at.end()) has_disclosed_ = true;
  return changed;
}

absl::StatusOr<std::vector<std::vector<std::string>>> LedgerStore::Rows(const std::string* cutoff) const {
  const std::vector<std::string> columns = Columns();
  std::vector<std::vector<std::string>> rows;
  int rc;
  if (cutoff == nullptr) {
    Statement all(db_, Cat("SELECT ", Quoted(columns), " FROM problems ORDER BY rowid"));
    if (!all.ok()) return Error(db_, "read");
    while ((rc = all.Step()) == SQLITE_ROW) {
      std::vector<std::string> cells;
      for (size_t i = 0; i < columns.size(); ++i) cells.push_back(all.Text(static_cast<int>(i)));
      rows.push_back(std::move(cells));
    }
    if (rc != SQLITE_DONE) return Error(db_, "read");
    return rows;
  }
  // Replay the events recorded by then, in the order they were recorded.
  Statement events(db_, "SELECT seq, problem_id, field, new FROM events WHERE at <= ? ORDER BY seq");
  if (!events.ok()) return Error(db_, "read");
  events.Bind(1, std::string_view(*cutoff));
  absl::flat_hash_map<std::string, size_t> index;
  while ((rc = events.Step()) == SQLITE_ROW) {
    const std::string id = events.Text(1), field = events.Text(2), value = events.Text(3);
    if (field == "*") {
      nlohmann::json row = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
      if (!row.is_array() || row.size() != columns.size() ||
          !std::all_of(row.begin(), row.end(), [](const nlohmann::json& c) { return c.is_string(); })) {
        return absl::DataLossError(
            Cat("ledger store: event ", sqlite3_column_int64(events.get(), 0), " (problem ", id, ") is damaged"));
      }
      auto [it, inserted] = index.try_emplace(id, rows.size());
      if (inserted) rows.emplace_back();
      rows[it->second] = row.get<std::vector<std::string>>();
      continue;
    }
    auto it = index.find(id);
    if (it == index.end()) continue;  // recorded after its problem's cutoff-time addition: not there yet
    auto c = std::find(columns.begin(), columns.end(), field);
    if (c != columns.end()) rows[it->second][static_cast<size_t>(c - columns.begin())] = value;
  }
  if (rc != SQLITE_DONE) return Error(db_, "read");
  return rows;
}

absl::StatusOr<std::vector<Problem>> LedgerStore::Problems(std::optional<std::string_view> recorded_at) const {
  std::string cutoff;
  if (recorded_at) {
    absl::StatusOr<std::string> c = Cutoff(*recorded_at);
    if (!c.ok()) return c.status();
    cutoff = *std::move(c);
  }
  absl::StatusOr<std::vector<std::vector<std::string>>> rows = Rows(recorded_at ? &cutoff : nullptr);
  if (!rows.ok()) return rows.status();
  const std::vector<std::string> columns = Columns();
  std::vector<Problem> out;
  out.reserve(rows->size());
  std::vector<std::pair<std::string, std::string>> named;
  for (const std::vector<std::string>& cells : *rows) {
    named.clear();
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c == kDisclosedColumn && cells[c].empty()) continue;  // 是否公开 not known for this problem
      named.emplace_back(columns[c], cells[c]);
    }
    out.push_back(ProblemFromCells(named, *registry_));
    out.back().row = static_cast<int64_t>(out.size()) + 1;  // its line in the export: the header is line 1
  }
  return out;
}

absl::Status LedgerStore::Verify() const {
  Statement check(db_, "PRAGMA integrity_check");
  if (!check.ok()) return Error(db_, "integrity check");
  std::vector<std::string> problems;
  while (check.Step() == SQLITE_ROW) {
    if (check.Text(0) != "ok") problems.push_back(check.Text(0));
  }
  if (!problems.empty()) {
    return absl::DataLossError(Cat("ledger store: SQLite's integrity check failed: ", internal::Join(problems, "; ")));
  }
  const std::string end = "9999-12-31T23:59:59.999Z";
  absl::StatusOr<std::vector<std::vector<std::string>>> now = Rows(nullptr);
  absl::StatusOr<std::vector<std::vector<std::string>>> replayed = Rows(&end);
  if (!now.ok()) return now.status();
  if (!replayed.ok()) return replayed.status();
  if (now->size() != replayed->size()) {
    return absl::DataLossError(
        Cat("ledger store: the ledger has ", now->size(), " problems, its history ", replayed->size()));
  }
  for (size_t k = 0; k < now->size(); ++k) {
    if ((*now)[k] != (*replayed)[k]) {
      return absl::DataLossError(Cat("ledger store: problem ", (*now)[k][0], " differs from its history"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LedgerEvent>> LedgerStore::History(std::optional<std::string_view> problem_id) const {
  Statement q(db_, std::string("SELECT seq, at, by, problem_id, field, old, new FROM events") +
                       (problem_id ? " WHERE problem_id = ?" : "") + " ORDER BY seq");
  if (!q.ok()) return Error(db_, "read");
  if (problem_id) q.Bind(1, *problem_id);
  std::vector<LedgerEvent> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out.push_back(
        {sqlite3_column_int64(q.get(), 0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.MaybeText(5), q.MaybeText(6)});
  }
  if (rc != SQLITE_DONE) return Error(db_, "read");
  return out;
}

}  // namespace zhifa
