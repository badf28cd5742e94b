/* zhifa from C: scores the first row of the bundled sample (data/sample/zhenping-2021.csv) one row at a time
 * and in bulk, and prints its total. Build against an installed zhifa:
 *
 *   gcc -std=c11 examples/c_api.c $(pkg-config --static --cflags --libs zhifa) -o c_api   (static library)
 *   gcc -std=c11 examples/c_api.c $(pkg-config --cflags --libs zhifa) -o c_api            (shared library)
 *   ./c_api data/sample/zhenping-2021.csv      ->  涅阳街道 2021 92.01
 */
#include "zhifa/c_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits the first data line of a counts CSV (unit, period, then the 13 counts) in place. The bundled sample is
 * plain: no quotes, no empty cells. */
static int read_first_row(const char* path, char* line, size_t size, char** unit, char** period,
                          int64_t counts[ZHIFA_COLUMN_COUNT]) {
  FILE* f = fopen(path, "r");
  if (f == NULL) return 0;
  int ok = fgets(line, (int)size, f) != NULL && fgets(line, (int)size, f) != NULL; /* header, then row 1 */
  fclose(f);
  if (!ok) return 0;
  line[strcspn(line, "\r\n")] = '\0';
  *unit = strtok(line, ",");
  *period = strtok(NULL, ",");
  for (int c = 0; c < ZHIFA_COLUMN_COUNT; ++c) {
    char* cell = strtok(NULL, ",");
    if (cell == NULL) return 0;
    counts[c] = strtoll(cell, NULL, 10);
  }
  return *unit != NULL && *period != NULL;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "data/sample/zhenping-2021.csv";
  char line[4096];
  char *unit = NULL, *period = NULL;
  int64_t counts[ZHIFA_COLUMN_COUNT];
  if (!read_first_row(path, line, sizeof line, &unit, &period, counts)) {
    fprintf(stderr, "cannot read the first row of %s\n", path);
    return 2;
  }

  zhifa_rules* rules = NULL;
  zhifa_registry* registry = NULL;
  if (zhifa_rules_builtin(NULL, &rules) != ZHIFA_OK || zhifa_registry_builtin(&registry) != ZHIFA_OK) {
    fprintf(stderr, "zhifa: %s\n", zhifa_last_error());
    return 2;
  }

  /* One unit-period: decimal strings. */
  zhifa_scorecard card;
  if (zhifa_score(rules, registry, unit, period, counts, &card) != ZHIFA_OK) {
    fprintf(stderr, "zhifa: %s\n", zhifa_last_error());
    return 1;
  }
  printf("%s %s %s\n", unit, card.period, card.total);

  /* The same row in bulk: columns of counts in, integer totals (hundredths) out. */
  const int64_t* columns[ZHIFA_COLUMN_COUNT];
  for (int c = 0; c < ZHIFA_COLUMN_COUNT; ++c) columns[c] = &counts[c];
  int64_t total = 0;
  uint8_t status = 0;
  if (zhifa_score_columns(rules, 1, columns, &total, NULL, &status, 1) != ZHIFA_OK || status != 0) {
    fprintf(stderr, "zhifa: %s\n", zhifa_last_error());
    return 1;
  }
  char bulk[32];
  snprintf(bulk, sizeof bulk, "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));

  /* A bad call: an error code and a message, never a crash. */
  counts[ZHIFA_CLOSED] = counts[ZHIFA_FILED] + 1;
  int refused = zhifa_score(rules, registry, unit, period, counts, &card) == ZHIFA_INVALID_ARGUMENT;

  zhifa_rules_free(rules);
  zhifa_registry_free(registry);
  if (strcmp(bulk, card.total) != 0) {
    fprintf(stderr, "bulk total %s differs from %s\n", bulk, card.total);
    return 1;
  }
  return refused ? 0 : 1;
}
