#include "zhifa/findings.h"

#include <vector>

#include "lib/strings.h"
#include "lib/text_table.h"
#include "nlohmann/json.hpp"

namespace zhifa {

void WriteFindings(std::ostream& out, std::span<const Finding> findings, const FindingsOptions& options) {
  const bool zh_headers = options.chinese_headers || options.format == FindingsFormat::kTable;
  const bool zh_table = options.language == Language::kZh;
  std::vector<std::string> header;
  auto add_header = [&](std::string_view en, std::string_view zh) {
    const bool chinese = options.format == FindingsFormat::kTable ? zh_table : zh_headers;
    header.emplace_back(chinese ? zh : en);
  };
  add_header("row", "行");
  add_header(options.id_column, "编号");
  if (options.with_unit) add_header("unit", "单位");
  add_header("rule", "规则");
  add_header("clause", "条款");
  add_header("message", "说明");
  auto row_text = [](const Finding& f) { return f.row > 0 ? std::to_string(f.row) : std::string(); };
  switch (options.format) {
    case FindingsFormat::kJson: {
      nlohmann::json j = nlohmann::json::array();
      for (const Finding& f : findings) {
        nlohmann::json o;
        o[header[0]] = f.row > 0 ? nlohmann::json(f.row) : nlohmann::json(nullptr);
        o[header[1]] = f.id.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.id);
        size_t k = 2;
        if (options.with_unit) o[header[k++]] = f.unit;
        o[header[k++]] = f.rule;
        o[header[k++]] = f.clause;
        o[header[k++]] = std::string(f.Message(options.language));
        o[options.chinese_headers ? "说明_en" : "message_en"] = f.message_en;
        j.push_back(std::move(o));
      }
      out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    case FindingsFormat::kCsv: {
      FindingsCsvWriter writer(out, options);
      for (const Finding& f : findings) writer.Write(f);
      return;
    }
    case FindingsFormat::kTable: {
      std::vector<std::vector<std::string>> rows = {header};
      for (const Finding& f : findings) {
        std::vector<std::string> r = {row_text(f), f.id};
        if (options.with_unit) r.push_back(f.unit);
        r.push_back(f.rule);
        r.push_back(f.clause);
        r.emplace_back(f.Message(options.language));
        rows.push_back(std::move(r));
      }
      internal::WriteAlignedTable(out, rows, {true});
      if (zh_table) {
        out << findings.size() << " 条发现\n";
      } else {
        out << findings.size() << (findings.size() == 1 ? " finding\n" : " findings\n");
      }
      return;
    }
  }
}

FindingsCsvWriter::FindingsCsvWriter(std::ostream& out, const FindingsOptions& options) : out_(out), options_(options) {
  const bool zh = options.chinese_headers;
  std::vector<std::string_view> header = {zh ? "行" : "row", zh ? std::string_view("编号") : options_.id_column};
  if (options.with_unit) header.push_back(zh ? "单位" : "unit");
  header.push_back(zh ? "规则" : "rule");
  header.push_back(zh ? "条款" : "clause");
  header.push_back(zh ? "说明" : "message");
  out_ << internal::Join(header, ",") << "\n";
}

void FindingsCsvWriter::Write(const Finding& f) {
  line_.clear();
  if (f.row > 0) line_ += std::to_string(f.row);
  line_ += ",";
  internal::AppendCsvField(line_, f.id);
  if (options_.with_unit) {
    line_ += ",";
    internal::AppendCsvField(line_, f.unit);
  }
  line_ += ",";
  internal::AppendCsvField(line_, f.rule);
  line_ += ",";
  internal::AppendCsvField(line_, f.clause);  // "4(1), 4(3)" has a comma
  line_ += ",";
  internal::AppendCsvField(line_, f.Message(options_.language));
  line_ += "\n";
  out_ << line_;
}

}  // namespace zhifa
