/* zhifa's C API: the six-rate evaluation for programs that cannot call C++ (C, and through it Java, C#, Go,
 * Python's ctypes). C11, no C++ type crosses it, and nothing throws across it.
 *
 *   zhifa_rules* rules;     zhifa_registry* registry;   zhifa_scorecard card;
 *   if (zhifa_rules_builtin(NULL, &rules) != ZHIFA_OK) fputs(zhifa_last_error(), stderr);
 *   zhifa_registry_builtin(&registry);
 *   int64_t counts[ZHIFA_COLUMN_COUNT] = {800, 793, 715, 0, 0, 700, 1, 650, 0, 1, 793, 1, 1};
 *   zhifa_score(rules, registry, "涅阳街道", "2021", counts, &card);   // card.total is "92.01"
 *   zhifa_rules_free(rules);  zhifa_registry_free(registry);
 *
 * Errors: every call returns a zhifa_status; on anything but ZHIFA_OK, zhifa_last_error() gives the message
 * ("line 2, column closed: 7 is more than filed (5)"), per thread: it stays until the next failing call on the
 * same thread. Strings are UTF-8.
 *
 * Thread-safety: handles are immutable once made. Every function that takes `const` handles may be called
 * from any number of threads at once on the same handles; a handle must not be freed while another thread uses
 * it. zhifa_last_error() is per thread. Making and freeing handles is safe from any thread.
 *
 * Numbers: points, rates and totals are decimal strings, exactly as zhifa prints them ("84.58", "57.50"), so
 * no binary floating point stands between the rule and the caller. The bulk call returns integers in units of
 * 10^-points_decimals (9239 is 92.39).
 */
#ifndef ZHIFA_C_API_H_
#define ZHIFA_C_API_H_

#include <stddef.h>
#include <stdint.h>

#include "zhifa/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum zhifa_status {
  ZHIFA_OK = 0,
  ZHIFA_INVALID_ARGUMENT = 1, /* bad input: a count that breaks a rule, a malformed period, a bad rule file */
  ZHIFA_NOT_FOUND = 2,        /* an unknown unit, built-in id or file */
  ZHIFA_OUT_OF_RANGE = 3,     /* the data does not cover the question: no rule set in force for the period */
  ZHIFA_INTERNAL = 4,         /* anything else (out of memory included) */
} zhifa_status;

/* The message of the last call on this thread that did not return ZHIFA_OK ("" if none). Valid until the next
 * zhifa call on this thread. */
ZHIFA_EXPORT const char* zhifa_last_error(void);
/* "0.1.0". */
ZHIFA_EXPORT const char* zhifa_version(void);
/* The largest TOML document a rule set or registry is read from: 16 MiB (16777216 bytes) unless raised; 0
 * restores that. It can be raised, not lowered (ZHIFA_INVALID_ARGUMENT). Process-wide; safe from any thread. */
ZHIFA_EXPORT zhifa_status zhifa_set_max_toml_bytes(size_t bytes);

/* The 13 counts of a unit-period, in this order (the counts CSV's columns; docs in the README). */
enum {
  ZHIFA_SHOULD_FILE = 0, /* 应立案数量 */
  ZHIFA_FILED = 1,       /* 立案数量 */
  ZHIFA_CLOSED = 2,      /* 办结数量 */
  ZHIFA_OVERDUE = 3,     /* 超期件数 */
  ZHIFA_LEADER_UNFULFILLED = 4,
  ZHIFA_EXECUTED = 5, /* 执行数量 */
  ZHIFA_COURT_REFUSED = 6,
  ZHIFA_PENALIZED = 7, /* 处罚数量 */
  ZHIFA_MISSED_PENALTY = 8,
  ZHIFA_SUED = 9, /* 法院立案数量 */
  ZHIFA_ENFORCEMENT_CASES = 10,
  ZHIFA_JUDGMENTS = 11,
  ZHIFA_JUDGMENTS_WON = 12,
  ZHIFA_COLUMN_COUNT = 13
};
/* In zhifa_score's counts: a count that is absent (an empty cell), allowed only where the rules allow it
 * (enforcement_cases is then filed). zhifa_score_columns takes a NULL column for an absent one instead; within a
 * column every value is a count. */
#define ZHIFA_ABSENT INT64_MIN

/* Opaque handles. */
typedef struct zhifa_rules zhifa_rules;
typedef struct zhifa_registry zhifa_registry;

/* A rule set: a built-in one by id (NULL: "zhenping-2021", the plan's), a TOML file, or TOML text. */
ZHIFA_EXPORT zhifa_status zhifa_rules_builtin(const char* id, zhifa_rules** out);
ZHIFA_EXPORT zhifa_status zhifa_rules_from_file(const char* path, zhifa_rules** out);
ZHIFA_EXPORT zhifa_status zhifa_rules_from_text(const char* toml, size_t length, zhifa_rules** out);
ZHIFA_EXPORT void zhifa_rules_free(zhifa_rules* rules); /* NULL is fine */
/* The rule set's id, its SHA-256 digest ("sha256:…"), its number of indicators and its points decimals. */
ZHIFA_EXPORT const char* zhifa_rules_id(const zhifa_rules* rules);
ZHIFA_EXPORT const char* zhifa_rules_digest(const zhifa_rules* rules);
ZHIFA_EXPORT size_t zhifa_rules_indicator_count(const zhifa_rules* rules);
ZHIFA_EXPORT int zhifa_rules_points_decimals(const zhifa_rules* rules);

/* The unit registry: the built-in one (the plan's 53 units), a TOML file, or TOML text. */
ZHIFA_EXPORT zhifa_status zhifa_registry_builtin(zhifa_registry** out);
ZHIFA_EXPORT zhifa_status zhifa_registry_from_file(const char* path, zhifa_registry** out);
ZHIFA_EXPORT zhifa_status zhifa_registry_from_text(const char* toml, size_t length, zhifa_registry** out);
ZHIFA_EXPORT void zhifa_registry_free(zhifa_registry* registry); /* NULL is fine */

#define ZHIFA_TEXT 64
#define ZHIFA_MAX_INDICATORS 16

typedef struct zhifa_indicator {
  char key[ZHIFA_TEXT];    /* "filing" */
  char rate[ZHIFA_TEXT];   /* percent at the rule set's rate decimals ("99.13"); "" when the rate does not apply */
  char points[ZHIFA_TEXT]; /* final points ("19.83"); "" when the indicator is excluded from the total */
} zhifa_indicator;

typedef struct zhifa_scorecard {
  char unit_code[ZHIFA_TEXT]; /* the scored unit (a sub-unit's parent): "nieyang" */
  char period[ZHIFA_TEXT];    /* "2021", "2021-H1", "2021-Q2", "2021-05" */
  char total[ZHIFA_TEXT];     /* "92.39" */
  size_t indicator_count;     /* in rule-set order; at most ZHIFA_MAX_INDICATORS */
  zhifa_indicator indicators[ZHIFA_MAX_INDICATORS];
} zhifa_scorecard;

/* Scores one unit-period. `unit` is a code, name or alias of `registry` (NULL: the built-in registry); `period`
 * is "2021", "2021-H1", "2021-Q2", "2021-05" (or 2021年, ...). ZHIFA_INVALID_ARGUMENT lists every count that
 * breaks a rule; ZHIFA_NOT_FOUND for an unknown unit; ZHIFA_OUT_OF_RANGE when the rule set is not in force
 * for the period. */
ZHIFA_EXPORT zhifa_status zhifa_score(const zhifa_rules* rules, const zhifa_registry* registry, const char* unit,
                                      const char* period, const int64_t counts[ZHIFA_COLUMN_COUNT],
                                      zhifa_scorecard* out);

/* The same scorecard as JSON, with its explanation (numerator, denominator, base points, each deduction and
 * its clause, in Chinese and English). *json is allocated; free it with zhifa_string_free. */
ZHIFA_EXPORT zhifa_status zhifa_explain_json(const zhifa_rules* rules, const zhifa_registry* registry, const char* unit,
                                             const char* period, const int64_t counts[ZHIFA_COLUMN_COUNT], char** json);

/* Scores `rows` rows at once, like zhifa.score_arrays: columns[c] points to `rows` counts of column c (NULL:
 * absent, allowed only for enforcement_cases). Declare the array `const int64_t* columns[ZHIFA_COLUMN_COUNT]`:
 * C does not convert an array of `int64_t*` to this parameter. Writes totals[r] in units of 10^-points_decimals (9239
 * is 92.39), or INT64_MIN for a row that breaks a rule; status[r] is 0, or 1 + the column of the first rule the row
 * breaks; points (NULL: not wanted) receives indicator i of row r at points[i * rows + r]. `threads` <= 0: all cores.
 * The rows are not checked against the rule set's dates: score periods it is in force for. */
ZHIFA_EXPORT zhifa_status zhifa_score_columns(const zhifa_rules* rules, size_t rows,
                                              const int64_t* const columns[ZHIFA_COLUMN_COUNT], int64_t* totals,
                                              int64_t* points, uint8_t* status, int threads);

/* Checks case records (a cases CSV, UTF-8 or GB18030, as `zhifa cases check` reads it) and returns the
 * findings as a JSON array (rule, clause, case id, line, message). Bad rows are findings of rule "input". */
ZHIFA_EXPORT zhifa_status zhifa_check_cases_csv(const zhifa_registry* registry, const char* csv, size_t length,
                                                char** json);

/* Frees a string this API allocated (NULL is fine). */
ZHIFA_EXPORT void zhifa_string_free(char* s);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ZHIFA_C_API_H_ */
