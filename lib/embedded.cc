#include "lib/embedded.h"

namespace zhifa::internal {

std::string_view EmbeddedText(std::string_view path) {
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path == path) return f.text;
  }
  return {};
}

std::vector<EmbeddedFile> EmbeddedUnder(std::string_view prefix) {
  std::vector<EmbeddedFile> out;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (f.path.starts_with(prefix)) out.push_back(f);
  }
  return out;
}

}  // namespace zhifa::internal
