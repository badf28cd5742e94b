// ZHIFA_EXPORT marks zhifa's public API: the classes and functions of include/zhifa/. The library is built
// with hidden visibility (-fvisibility=hidden), so a shared libzhifa exports these and nothing else — no
// zhifa::internal, toml++ or Abseil symbol (tests/symbols_test.cmake checks the list). In a static library the
// mark changes nothing.
#ifndef ZHIFA_EXPORT_H_
#define ZHIFA_EXPORT_H_

#if defined(_WIN32)
#define ZHIFA_EXPORT
#else
#define ZHIFA_EXPORT __attribute__((visibility("default")))
#endif

#endif  // ZHIFA_EXPORT_H_
