// Running the zhifa binary in tests: its exit status, stdout and stderr, and temporary files.
#ifndef ZHIFA_TESTS_CLI_UTIL_H_
#define ZHIFA_TESTS_CLI_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  int status;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("zhifa_cli_test_" + std::to_string(getpid()) + "_" + name))
      .string();
}

CliRun Zhifa(const std::string& args, const std::string& stdin_path = "/dev/null") {
  std::string out = TempPath("out"), err = TempPath("err");
  std::string cmd = std::string(ZHIFA_CLI) + " " + args + " >" + out + " 2>" + err + " <" + stdin_path;
  int rc = std::system(cmd.c_str());
  CliRun r{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, Slurp(out), Slurp(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

}  // namespace

#endif  // ZHIFA_TESTS_CLI_UTIL_H_
