#include "lib/table_reader.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "lib/strings.h"
#include "zhifa/calendar.h"
#include "zhifa/period.h"

namespace zhifa::internal {
namespace {

// Headers every table shares: the unit and the period, with the spellings county spreadsheets use.
constexpr std::string_view kUnitAliases = "单位名称|执法单位|部门|单位全称|执法主体";
constexpr std::string_view kPeriodAliases = "年度|年份|考核期间|考核年度|统计期间|时间";

constexpr ColumnSpec kCounts[] = {
    {"unit", "单位", kUnitAliases, true, CellKind::kText},
    {"period", "期间", kPeriodAliases, true, CellKind::kPeriod},
    {"should_file", "应立案数量", "应立案数|应立案件数", true, CellKind::kWhole},
    {"filed", "立案数量", "立案数|立案件数", true, CellKind::kWhole},
    {"closed", "办结数量", "办结数|办结件数|结案数|结案数量", true, CellKind::kWhole},
    {"overdue", "超期件数", "超期数|超期案件数", true, CellKind::kWhole},
    {"leader_unfulfilled", "县领导交办未落实件数", "交办未落实件数|县领导交办未落实数", true, CellKind::kWhole},
    {"executed", "执行数量", "执行数|执行件数", true, CellKind::kWhole},
    {"court_refused", "法院裁定不予执行件数", "裁定不予执行件数|不予执行件数", true, CellKind::kWhole},
    {"penalized", "处罚数量", "处罚数|处罚件数", true, CellKind::kWhole},
    {"missed_penalty", "应处罚未处罚件数", "应罚未罚件数|应处罚未处罚数", true, CellKind::kWhole},
    {"sued", "法院立案数量", "被诉数|被起诉数|被诉件数|行政诉讼立案数", true, CellKind::kWhole},
    {"enforcement_cases", "年度执法案件数量", "执法案件数量|执法案件数|年度执法案件数", false, CellKind::kWhole},
    {"judgments", "生效判决案件数量", "生效判决数|生效判决件数", true, CellKind::kWhole},
    {"judgments_won", "生效判决胜诉案件数量", "胜诉数|胜诉件数|胜诉案件数量|生效判决胜诉数", true, CellKind::kWhole},
};

constexpr ColumnSpec kQuota[] = {
    {"unit", "单位", kUnitAliases, true, CellKind::kText},
    {"period", "期间", kPeriodAliases, true, CellKind::kPeriod},
    {"should_file", "应立案数量", "应立案数|应立案件数", false, CellKind::kWhole},
    {"neighbour", "临近县区年度立案数量", "neighbor|临近县区立案数量|临近县区立案数", false, CellKind::kWhole},
};

// In the order of CaseColumn (lib/cases.cc).
constexpr ColumnSpec kCases[] = {
    {"case_id", "案件编号", "案号|立案编号|案件号|案卷编号", true, CellKind::kText},
    {"unit", "单位", "单位名称|执法单位|部门|办案单位|承办单位|执法主体", true, CellKind::kText},
    {"filed_on", "立案日期", "立案时间", true, CellKind::kDate},
    {"decided_on", "决定日期", "处罚决定日期|作出决定日期|决定时间", false, CellKind::kDate},
    {"closed_on", "结案日期", "办结日期|结案时间|办结时间", false, CellKind::kDate},
    {"outcome", "处理结果", "案件结果|处理情况", false, CellKind::kText},
    {"executed_on", "执行日期", "执行完毕日期|执行时间", false, CellKind::kDate},
    {"court_refused", "法院裁定不予执行", "裁定不予执行", false, CellKind::kBool},
    {"leader_assigned", "县领导交办", "领导交办|是否县领导交办", false, CellKind::kBool},
    {"leader_fulfilled", "交办已落实", "交办落实|是否落实", false, CellKind::kBool},
    {"missed_penalty", "应处罚未处罚", "应罚未罚", false, CellKind::kBool},
    {"sued_on", "被诉立案日期", "法院立案日期|被起诉日期", false, CellKind::kDate},
    {"defendant", "被告", "被告主体", false, CellKind::kText},
    {"judgment_on", "生效判决日期", "判决生效日期", false, CellKind::kDate},
    {"judgment_won", "胜诉", "是否胜诉", false, CellKind::kBool},
    {"needs_criminal_transfer", "涉嫌犯罪需移送", "涉嫌犯罪|需移送公安", false, CellKind::kBool},
    {"transferred_to_police_on", "移送公安日期", "移送公安机关日期", false, CellKind::kDate},
    {"copied_to_procuratorate", "抄送检察院", "是否抄送检察院", false, CellKind::kBool},
    {"entered_platform", "录入共享平台", "录入三法衔接平台|是否录入共享平台", false, CellKind::kBool},
    {"fine_yuan", "罚款金额", "罚款数额|罚款", false, CellKind::kText},
    {"party_type", "当事人类型", "当事人性质", false, CellKind::kText},
    {"confiscated_value_yuan", "没收金额", "没收违法所得|没收财物价值", false, CellKind::kText},
    {"suspension", "责令停产停业", "停产停业", false, CellKind::kBool},
    {"licence_revoked", "吊销许可证照", "吊销许可证|吊销执照", false, CellKind::kBool},
    {"legal_review_on", "法制审核日期", "法制审核时间", false, CellKind::kDate},
    {"filed_for_record_on", "备案日期", "备案时间", false, CellKind::kDate},
    {"time_limit_days", "办案期限", "办案期限(天)", false, CellKind::kWhole},
    {"extension_days", "延长期限", "延长天数", false, CellKind::kWhole},
    {"investigators", "调查人员", "承办人|办案人员|执法人员", false, CellKind::kText},
    {"decided_by", "决定人", "审批人|决定人员", false, CellKind::kText},
    {"reviewed_by", "审核人", "法制审核人|审核人员", false, CellKind::kText},
};

// In the order of LedgerColumn (lib/ledger.cc).
constexpr ColumnSpec kLedger[] = {
    {"problem_id", "问题编号", "问题序号|问题代码", true, CellKind::kText},
    {"unit", "单位", "单位名称|执法单位|部门|责任单位|被查单位", true, CellKind::kText},
    {"area", "领域", "问题领域|整治领域", true, CellKind::kText},
    {"kind", "问题类型", "问题类别|问题表现", false, CellKind::kText},
    {"source", "来源", "问题来源|发现方式", true, CellKind::kText},
    {"found_on", "发现日期", "发现时间", true, CellKind::kDate},
    {"class", "性质", "问题性质", true, CellKind::kText},
    {"discipline_clue", "党员干部违纪线索", "违纪线索|违纪违规线索", false, CellKind::kBool},
    {"responsible", "责任人", "整改责任人", false, CellKind::kText},
    {"due_on", "整改时限", "整改期限|整改截止日期", false, CellKind::kDate},
    {"rectified_on", "整改完成日期", "整改完成时间|完成整改日期", false, CellKind::kDate},
    {"transferred_on", "移送纪委监委日期", "移送纪委日期|移送日期", false, CellKind::kDate},
    {"supervised_on", "挂牌督办日期", "督办日期", false, CellKind::kDate},
    {"disposition", "处置方式", "处置结果|问责方式", false, CellKind::kText},
    {"disposed_on", "处置日期", "处置时间|问责日期", false, CellKind::kDate},
    {"disclosed", "是否公开", "公开情况|已公开", false, CellKind::kBool},
};

// In the order of OfficerColumn (lib/people.cc). (编号 alone is a row-number column: never an officer id.)
constexpr ColumnSpec kOfficers[] = {
    {"officer_id", "人员编号", "工号|人员代码|执法人员编号", true, CellKind::kText},
    {"name", "姓名", "人员姓名", false, CellKind::kText},
    {"unit", "单位", "单位名称|所在单位|工作单位", true, CellKind::kText},
    {"post", "岗位", "岗位类别|人员类别|岗位类型", true, CellKind::kText},
    {"certificate_no", "执法证号", "执法证件号|执法证编号|执法证件号码", false, CellKind::kText},
    {"certificate_state", "执法证状态", "证件状态|执法证件状态", false, CellKind::kText},
    {"certificate_expires_on", "执法证有效期至", "有效期至|证件有效期|执法证有效期", false, CellKind::kDate},
    {"training_certificate_on", "结业证日期", "结业证|结业证发证日期|结业日期", false, CellKind::kDate},
    {"professional_hours", "专业法律知识课时", "专业课时|专业法律知识培训课时", false, CellKind::kWhole},
    {"public_law_days", "公共法律知识培训天数", "公共法律培训天数|培训天数", false, CellKind::kWhole},
    {"military_days", "军事训练天数", "军训天数", false, CellKind::kWhole},
    {"exam_passed", "考试合格", "考试结果|是否合格|考试是否合格", false, CellKind::kText},
    {"grade", "考评等次", "考评结果|等次|绩效等次", false, CellKind::kText},
    {"legal_qualification", "法律职业资格", "是否取得法律职业资格", false, CellKind::kBool},
    {"trained_on", "培训日期", "轮训日期|培训完成日期", false, CellKind::kDate},
    {"discipline_violations", "培训违纪次数", "违纪次数", false, CellKind::kWhole},
};

// In the order of TownshipColumn (lib/organization.cc).
constexpr ColumnSpec kTownships[] = {
    {"township", "乡镇", "乡镇(街道)|乡镇街道|单位|单位名称", true, CellKind::kText},
    {"squad_leader", "中队长", "中队长姓名", false, CellKind::kText},
    {"squad_leader_rank", "中队长职级", "中队长级别", false, CellKind::kText},
    {"squad_deputies", "副队长人数", "副中队长人数|副队长", false, CellKind::kWhole},
    {"uniforms", "统一服装", "着装统一", false, CellKind::kBool},
    {"office", "办公室", "", false, CellKind::kBool},
    {"interview_room", "询问室", "", false, CellKind::kBool},
    {"archive_room", "档案室", "", false, CellKind::kBool},
    {"computers", "电脑", "电脑台数|计算机", false, CellKind::kWhole},
    {"printers", "打印机", "打印机台数", false, CellKind::kWhole},
    {"archive_cabinets", "档案柜", "档案柜个数", false, CellKind::kWhole},
    {"body_cameras", "执法记录仪", "执法记录仪台数", false, CellKind::kWhole},
    {"centre", "协调中心", "成立协调中心|协调中心成立", false, CellKind::kBool},
    {"centre_director_rank", "协调中心主任职级", "主任职级", false, CellKind::kText},
    {"centre_deputy_squad_leader", "中队长兼任副主任", "中队长任副主任", false, CellKind::kBool},
    {"centre_deputy_justice", "司法所长兼任副主任", "司法所长任副主任", false, CellKind::kBool},
    {"liaisons", "联络员人数", "联络员", false, CellKind::kWhole},
    {"grid_levels", "网格层级", "网格级数|网格层级数", false, CellKind::kWhole},
};

// In the order of JointColumn (lib/joint.cc).
constexpr ColumnSpec kJointRequests[] = {
    {"request_id", "请求编号", "联合执法编号", true, CellKind::kText},
    {"initiator", "发起单位", "发起", true, CellKind::kText},
    {"requested", "配合单位", "被请求单位|协助单位", true, CellKind::kText},
    {"lead", "牵头单位", "牵头", false, CellKind::kText},
    {"duty_unit", "职责单位", "主管单位|职责部门", false, CellKind::kText},
    {"legal_basis", "配合依据", "法律依据|依据", false, CellKind::kText},
    {"action_on", "执法日期", "时间|执法时间", false, CellKind::kDate},
    {"place", "地点", "执法地点", false, CellKind::kText},
    {"staff", "人员", "参加人员|执法人员", false, CellKind::kText},
    {"channel", "方式", "请求方式|联系方式", false, CellKind::kText},
    {"filed_with_justice_on", "报备日期", "司法局报备日期|报备时间", false, CellKind::kDate},
};
constexpr ColumnSpec kJointResponses[] = {
    {"request_id", "请求编号", "联合执法编号", true, CellKind::kText},
    {"unit", "单位", "配合单位|单位名称", true, CellKind::kText},
    {"answered_on", "响应日期", "答复日期|回复日期", false, CellKind::kDate},
    {"cooperated", "是否配合", "配合|已配合", false, CellKind::kBool},
};
constexpr ColumnSpec kDistances[] = {
    {"from", "起点", "乡镇|单位", true, CellKind::kText},
    {"to", "终点", "相邻乡镇|邻近乡镇", true, CellKind::kText},
    {"km", "距离", "距离(公里)|公里|里程", true, CellKind::kText},
};

constexpr ColumnSpec kSubmissions[] = {
    {"unit", "单位", "单位名称|报送单位|部门", true, CellKind::kText},
    {"material", "材料", "材料名称|报送材料", true, CellKind::kText},
    {"submitted_on", "报送日期", "报送时间|提交日期", true, CellKind::kDate},
};

// Every accepted header of a spec table, as HeaderKey() writes it -> the spec's index. Built once per table, under
// a lock: readers on many threads share the cache (each map is its own allocation, so a reference to it stays
// valid while others are added).
const absl::flat_hash_map<std::string, size_t>& KeysOf(std::span<const ColumnSpec> specs) {
  using Keys = absl::flat_hash_map<std::string, size_t>;
  static std::mutex mu;
  static auto* cache = new absl::flat_hash_map<const ColumnSpec*, std::unique_ptr<Keys>>();
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<Keys>& keys = (*cache)[specs.data()];
  if (keys == nullptr) {
    keys = std::make_unique<Keys>();
    for (size_t s = 0; s < specs.size(); ++s) {
      keys->emplace(HeaderKey(specs[s].name), s);
      keys->emplace(HeaderKey(specs[s].name_zh), s);
      for (std::string_view rest = specs[s].aliases; !rest.empty();) {
        const size_t bar = rest.find('|');
        keys->emplace(HeaderKey(rest.substr(0, bar)), s);
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      }
    }
  }
  return *keys;
}

// (A full-width space alone is blank.)
bool BlankCell(std::string_view f) { return Trim(f).empty() || (NeedsNormalizing(f) && NormalizeCell(f).empty()); }

bool Blank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return BlankCell(f); });
}

std::string Lines(const std::vector<int64_t>& lines) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < lines.size() && i < 10; ++i) parts.push_back(Cat(lines[i]));
  std::string out = Join(parts, ", ");
  if (lines.size() > 10) Append(&out, " and ", lines.size() - 10, " more");
  return out;
}

}  // namespace

std::span<const ColumnSpec> CountsColumns() { return kCounts; }
std::span<const ColumnSpec> QuotaColumns() { return kQuota; }
std::span<const ColumnSpec> CaseColumns() { return kCases; }
std::span<const ColumnSpec> LedgerColumns() { return kLedger; }
std::span<const ColumnSpec> SubmissionColumns() { return kSubmissions; }
std::span<const ColumnSpec> OfficerColumns() { return kOfficers; }
std::span<const ColumnSpec> TownshipColumns() { return kTownships; }
std::span<const ColumnSpec> JointRequestColumns() { return kJointRequests; }
std::span<const ColumnSpec> JointResponseColumns() { return kJointResponses; }
std::span<const ColumnSpec> DistanceColumns() { return kDistances; }

std::string_view ColumnOf(std::span<const ColumnSpec> specs, std::string_view header) {
  const std::string key = HeaderKey(header);
  if (auto it = KeysOf(specs).find(key); it != KeysOf(specs).end()) return specs[it->second].name;
  return IsRowNumberHeader(key) ? "#" : "";
}

std::vector<TableColumn> TableColumnsOf(std::span<const ColumnSpec> specs) {
  std::vector<TableColumn> out;
  for (const ColumnSpec& s : specs) out.push_back({s.name, s.name_zh, s.required});
  return out;
}

std::string_view TableRow::Field(int at) const {
  if (at < 0) return {};
  const size_t i = static_cast<size_t>(at);
  if (table_ == nullptr) return i < fields_->size() ? std::string_view((*fields_)[i]) : std::string_view();
  if (i >= table_->columns.size()) return {};
  const ColumnarTable::Column& c = table_->columns[i];
  if (!c.codes.empty()) {
    const int64_t code = c.codes[index_];
    return code < 0 ? std::string_view() : std::string_view(c.values[static_cast<size_t>(code)]);
  }
  if (!c.values.empty()) return c.values[index_];
  if (!table_->cell) return {};
  if (lazy_.size() <= i) lazy_.resize(table_->columns.size());
  lazy_[i] = table_->cell(i, index_);
  return lazy_[i];
}

std::string_view TableRow::Cell(size_t s) const {
  const int at = (*at_)[s];
  if (at < 0) return {};
  if (table_ != nullptr && !table_->columns[static_cast<size_t>(at)].codes.empty()) {
    const int64_t code = table_->columns[static_cast<size_t>(at)].codes[index_];
    return code < 0 ? std::string_view()
                    : std::string_view((*clean_)[static_cast<size_t>(at)][static_cast<size_t>(code)]);
  }
  const std::string_view raw = Field(at);
  if (!NeedsNormalizing(raw)) return raw;
  scratch_[s] = ReadCell(raw);
  return scratch_[s];
}

std::string_view TableRow::Raw(size_t s) const { return Field((*at_)[s]); }

std::optional<size_t> TableRow::ValueIndex(size_t s) const {
  const int at = (*at_)[s];
  if (table_ == nullptr || at < 0) return std::nullopt;
  const ColumnarTable::Column& c = table_->columns[static_cast<size_t>(at)];
  if (c.codes.empty() || c.codes[index_] < 0) return std::nullopt;
  return static_cast<size_t>(c.codes[index_]);
}

size_t TableRow::ValueCount(size_t s) const {
  const int at = (*at_)[s];
  return table_ == nullptr || at < 0 ? 0 : table_->columns[static_cast<size_t>(at)].values.size();
}

std::string_view TableRow::Header(size_t s) const {
  const int at = (*at_)[s];
  return at >= 0 ? std::string_view((*headers_)[static_cast<size_t>(at)]) : specs_[s].name;
}

TableReader::TableReader(std::span<const ColumnSpec> specs, std::string_view source, std::string_view kind,
                         TableHandler& handler, const NoteSink& on_note)
    : specs_(specs),
      source_(source),
      kind_(kind),
      handler_(handler),
      on_note_(on_note),
      at_(specs.size(), -1),
      sum_all_(specs.size(), 0),
      sum_group_(specs.size(), 0) {
  row_.at_ = &at_;
  row_.headers_ = &headers_;
  row_.specs_ = specs_;
  row_.scratch_.resize(specs_.size());
}

void TableReader::Note(std::string text) {
  if (on_note_) on_note_(Cat(source_, ": ", text));
}

absl::Status TableReader::Record(std::vector<std::string>& fields) {
  ++lines_;
  if (!have_header_) {
    // The header is the first row, within the first 10, that has every required column.
    const absl::flat_hash_map<std::string, size_t>& keys = KeysOf(specs_);
    std::vector<bool> seen(specs_.size(), false);
    for (const std::string& f : fields) {
      if (auto it = keys.find(HeaderKey(f)); it != keys.end()) seen[it->second] = true;
    }
    bool complete = true;
    for (size_t s = 0; s < specs_.size(); ++s) complete = complete && (seen[s] || !specs_[s].required);
    before_header_.push_back(fields);
    if (complete) return TakeHeader(before_header_.size() - 1);
    if (before_header_.size() >= 10) return Finish();  // no header in the first 10 rows: say what is missing
    return absl::OkStatus();
  }
  row_.fields_ = &fields;
  row_.table_ = nullptr;
  row_.extra_cells = 0;
  for (size_t i = headers_.size(); i < fields.size(); ++i) row_.extra_cells += !Trim(fields[i]).empty();
  DataRow(Blank(fields));
  return absl::OkStatus();
}

absl::Status TableReader::Columns(const ColumnarTable& table) {
  std::vector<std::string> header;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnarTable::Column& c = table.columns[i];
    header.push_back(c.header);
    const bool coded = !c.codes.empty() && c.codes.size() == table.rows;
    const bool per_row = c.codes.empty() && c.values.size() == table.rows;
    const bool lazy = c.codes.empty() && c.values.empty();
    if (table.rows > 0 && !coded && !per_row && !lazy) {
      return absl::InvalidArgumentError(Cat(source_, ": column ", i + 1, " \"", c.header, "\" has ", c.codes.size(),
                                            " codes and ", c.values.size(), " values for ", table.rows, " rows"));
    }
    if (coded && !std::all_of(c.codes.begin(), c.codes.end(), [&](int64_t code) {
          return code >= -1 && code < static_cast<int64_t>(c.values.size());
        })) {
      return absl::InvalidArgumentError(
          Cat(source_, ": column ", i + 1, " \"", c.header, "\" has a code outside -1..", c.values.size() - 1));
    }
  }
  if (absl::Status s = Record(header); !s.ok()) return s;
  // Column names that are not the header (a spreadsheet read with its title row as the header): the header is
  // looked for in the first rows, as in a CSV.
  size_t first_row = 0;
  row_.table_ = &table;
  while (!have_header_ && first_row < table.rows && first_row < 9) {
    std::vector<std::string> fields;
    row_.index_ = first_row++;
    for (size_t i = 0; i < table.columns.size(); ++i) fields.emplace_back(row_.Field(static_cast<int>(i)));
    if (absl::Status s = Record(fields); !s.ok()) return s;
  }
  if (!have_header_) return Finish();
  blank_values_.assign(table.columns.size(), {});
  clean_values_.assign(table.columns.size(), {});
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnarTable::Column& c = table.columns[i];
    if (c.codes.empty()) continue;
    for (const std::string& v : c.values) {
      blank_values_[i].push_back(BlankCell(v));
      clean_values_[i].push_back(NeedsNormalizing(v) ? ReadCell(v) : v);
    }
  }
  row_.fields_ = nullptr;
  row_.table_ = &table;
  row_.clean_ = &clean_values_;
  row_.extra_cells = 0;
  for (size_t r = first_row; r < table.rows; ++r) {
    ++lines_;
    row_.index_ = r;
    DataRow(ColumnarBlank(table, r));
  }
  return Finish();
}

bool TableReader::ColumnarBlank(const ColumnarTable& table, size_t row) const {
  bool lazy = false;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnarTable::Column& c = table.columns[i];
    if (!c.codes.empty()) {
      if (c.codes[row] >= 0 && !blank_values_[i][static_cast<size_t>(c.codes[row])]) return false;
    } else if (!c.values.empty()) {
      if (!BlankCell(c.values[row])) return false;
    } else {
      lazy = true;
    }
  }
  // Empty in every column given: the others decide.
  for (size_t i = 0; lazy && table.cell && i < table.columns.size(); ++i) {
    const ColumnarTable::Column& c = table.columns[i];
    if (c.codes.empty() && c.values.empty() && !BlankCell(table.cell(i, row))) return false;
  }
  return true;
}

void TableReader::DataRow(bool blank) {
  if (blank) {
    ++empty_rows_;
    return;
  }
  row_.line = lines_;
  // A totals row: 合计/总计/小计 in the first cell, the row-number cell or the first text column.
  TotalKind total = TotalKind::kNone;
  for (int at : {0, row_number_column_, first_text_column_}) {
    if (total == TotalKind::kNone && at >= 0) total = TotalLabel(row_.Field(at));
  }
  if (total != TotalKind::kNone) {
    CheckTotal(total);
    total_lines_.push_back(lines_);
    return;
  }
  for (size_t s = 0; s < specs_.size(); ++s) {
    if (specs_[s].kind != CellKind::kWhole || at_[s] < 0) continue;
    std::optional<int64_t> v = ParseWhole(row_.Cell(s), nullptr);
    const int64_t add = v && *v > 0 && *v < (int64_t{1} << 53) ? *v : 0;
    sum_all_[s] += add;
    sum_group_[s] += add;
  }
  handler_.Row(row_);
}

absl::Status TableReader::TakeHeader(size_t candidate) {
  have_header_ = true;
  header_line_ = static_cast<int64_t>(candidate) + 1;
  std::vector<std::string> fields = std::move(before_header_[candidate]);
  before_header_.clear();
  const absl::flat_hash_map<std::string, size_t>& keys = KeysOf(specs_);
  headers_.clear();
  std::vector<std::string> unknown;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = NormalizeCell(fields[i]);
    headers_.push_back(name);
    const std::string key = HeaderKey(name);
    if (key.empty()) continue;  // an empty header cell (Excel's trailing columns): ignored
    auto it = keys.find(key);
    if (it == keys.end()) {
      if (IsRowNumberHeader(key)) {
        if (row_number_column_ < 0) row_number_column_ = static_cast<int>(i);
      } else {
        unknown.push_back(Cat("\"", EchoValue(name, 40), "\""));
      }
      continue;
    }
    int& at = at_[it->second];
    if (at >= 0) {
      return absl::InvalidArgumentError(Cat(source_, ": line ", header_line_, " (the header): column ", i + 1, " \"",
                                            name, "\" repeats column ", at + 1, " \"",
                                            headers_[static_cast<size_t>(at)], "\""));
    }
    at = static_cast<int>(i);
  }
  for (size_t s = 0; s < specs_.size(); ++s) {
    if (specs_[s].kind == CellKind::kText && at_[s] >= 0) {
      first_text_column_ = at_[s];
      break;
    }
  }
  if (header_line_ > 1) {
    Note(Cat("the header is line ", header_line_, "; line", header_line_ > 2 ? Cat("s 1-", header_line_ - 1) : " 1",
             " above it (a title) skipped"));
  }
  if (!unknown.empty()) {
    const size_t shown = std::min<size_t>(unknown.size(), 10);
    std::vector<std::string> names(unknown.begin(), unknown.begin() + static_cast<std::ptrdiff_t>(shown));
    Note(Cat(unknown.size() == 1 ? "column " : "columns ", Join(names, ", "),
             unknown.size() > shown ? Cat(" and ", unknown.size() - shown, " more") : std::string(),
             unknown.size() == 1 ? " is not a " : " are not ", kind_, unknown.size() == 1 ? " column" : " columns",
             "; ignored"));
  }
  return handler_.Begin(row_);
}

void TableReader::CheckTotal(TotalKind kind) {
  const std::vector<int64_t>& sums = kind == TotalKind::kSubtotal ? sum_group_ : sum_all_;
  std::vector<std::string> differ;
  for (size_t s = 0; s < specs_.size(); ++s) {
    if (specs_[s].kind != CellKind::kWhole || at_[s] < 0) continue;
    std::string_view cell = row_.Cell(s);
    if (cell.empty()) continue;
    std::optional<int64_t> v = ParseWhole(cell, nullptr);
    if (v && *v != sums[s]) differ.push_back(Cat(row_.Header(s), " is ", *v, ", the rows above sum to ", sums[s]));
  }
  if (!differ.empty()) {
    Note(Cat("warning: line ", lines_, " (", kind == TotalKind::kSubtotal ? "小计" : "合计",
             ") does not match the rows above it: ", Join(differ, "; "), " — a row may be missing, extra or edited"));
  }
  if (kind == TotalKind::kSubtotal) std::fill(sum_group_.begin(), sum_group_.end(), 0);
}

absl::Status TableReader::Finish() {
  if (!have_header_) {
    if (before_header_.empty()) {
      return absl::InvalidArgumentError(Cat(source_, ": empty input; expected a header row"));
    }
    // Name what the most promising row lacks.
    const absl::flat_hash_map<std::string, size_t>& keys = KeysOf(specs_);
    size_t best = 0, best_found = 0;
    std::vector<bool> best_seen(specs_.size(), false);
    for (size_t r = 0; r < before_header_.size(); ++r) {
      std::vector<bool> seen(specs_.size(), false);
      size_t found = 0;
      for (const std::string& f : before_header_[r]) {
        if (auto it = keys.find(HeaderKey(f)); it != keys.end() && !seen[it->second]) {
          seen[it->second] = true;
          ++found;
        }
      }
      if (found > best_found) {
        best = r;
        best_found = found;
        best_seen = seen;
      }
    }
    std::vector<std::string> missing;
    for (size_t s = 0; s < specs_.size(); ++s) {
      if (specs_[s].required && !best_seen[s]) missing.push_back(Cat(specs_[s].name, " (", specs_[s].name_zh, ")"));
    }
    return absl::InvalidArgumentError(
        Cat(source_, ": no header found: ",
            best_found > 0 ? Cat("line ", best + 1, ", the closest, lacks ") : std::string("the first rows lack "),
            missing.size() > 1 ? "the required columns " : "the required column ", Join(missing, ", "),
            " (the header may be English or Chinese and sit below up to 9 title rows; see README)"));
  }
  if (!total_lines_.empty()) {
    Note(Cat("line", total_lines_.size() > 1 ? "s " : " ", Lines(total_lines_), " (合计/小计 totals) skipped"));
  }
  if (empty_rows_ > 0) Note(Cat(empty_rows_, empty_rows_ == 1 ? " empty row" : " empty rows", " skipped"));
  return absl::OkStatus();
}

absl::Status ReadTable(std::istream& in, std::span<const ColumnSpec> specs, std::string_view kind,
                       const CsvOptions& options, const NoteSink& on_note, TableHandler& handler) {
  TableReader reader(specs, options.source, kind, handler, on_note);
  if (absl::Status s = ReadCsv(in, options, on_note, reader); !s.ok()) return s;
  return reader.Finish();
}

absl::Status ReadTableColumns(const ColumnarTable& table, std::span<const ColumnSpec> specs, std::string_view kind,
                              std::string_view source, const NoteSink& on_note, TableHandler& handler) {
  TableReader reader(specs, source, kind, handler, on_note);
  return reader.Columns(table);
}

std::string CanonicalCell(std::string_view cell, CellKind kind) {
  std::string clean = NormalizeCell(cell);
  switch (kind) {
    case CellKind::kWhole: {
      std::string why;
      if (std::optional<int64_t> v = ParseWhole(clean, &why)) return Cat(*v);
      return clean;
    }
    case CellKind::kDate:
      if (std::optional<Ymd> d = ParseYmd(clean)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
        return buf;
      }
      return clean;
    case CellKind::kBool:
      if (std::optional<bool> b = ParseBoolCell(clean)) return *b ? "1" : "0";
      return clean;
    case CellKind::kPeriod:
      if (absl::StatusOr<Period> p = Period::Parse(clean); p.ok()) return p->ToString();
      return clean;
    case CellKind::kText:
      return clean;
  }
  return clean;
}

}  // namespace zhifa::internal
