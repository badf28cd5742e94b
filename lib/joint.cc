#include "zhifa/joint.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "lib/cells.h"
#include "lib/strings.h"
#include "lib/table_reader.h"

namespace zhifa {
namespace {

using internal::Cat;

enum class JointColumn {
  kRequestId,
  kInitiator,
  kRequested,
  kLead,
  kDutyUnit,
  kLegalBasis,
  kActionOn,
  kPlace,
  kStaff,
  kChannel,
  kFiledWithJusticeOn,
  kCount
};
size_t Col(JointColumn c) { return static_cast<size_t>(c); }

// Resolves a unit cell; an error naming the column otherwise.
const Unit* ResolveCell(const Registry& registry, std::string_view cell, std::string_view header,
                        std::vector<RowError>& errors) {
  if (cell.empty()) return nullptr;
  absl::StatusOr<const Unit*> u = registry.Resolve(cell);
  if (u.ok()) return &registry.ScoredAs(**u);
  errors.push_back({std::string(header), std::string(u.status().message()), std::string(cell), u.status().code()});
  return nullptr;
}

class RequestHandler : public internal::TableHandler {
 public:
  RequestHandler(const Registry& registry, const std::function<void(JointRequest&&)>& on)
      : registry_(registry), on_(on) {}
  void Row(const internal::TableRow& r) override {
    JointRequest q;
    q.row = r.line;
    auto cell = [&](JointColumn c) { return r.Cell(Col(c)); };
    auto header = [&](JointColumn c) { return r.Header(Col(c)); };
    auto error = [&](JointColumn c, std::string m) {
      q.errors.push_back({std::string(header(c)), std::move(m), std::string(r.Raw(Col(c)))});
    };
    if (r.extra_cells > 0) q.errors.push_back({"", Cat("has ", r.extra_cells, " cells beyond the header's columns")});
    q.request_id = std::string(cell(JointColumn::kRequestId));
    if (q.request_id.empty()) error(JointColumn::kRequestId, "missing; every request needs an id");
    if (cell(JointColumn::kInitiator).empty()) error(JointColumn::kInitiator, "missing; who asked for help?");
    q.initiator = ResolveCell(registry_, cell(JointColumn::kInitiator), header(JointColumn::kInitiator), q.errors);
    for (const std::string& name : internal::SplitList(cell(JointColumn::kRequested))) {
      if (const Unit* u = ResolveCell(registry_, name, header(JointColumn::kRequested), q.errors)) {
        q.requested.push_back(u);
      }
    }
    if (cell(JointColumn::kRequested).empty()) error(JointColumn::kRequested, "missing; which units were asked?");
    q.lead = ResolveCell(registry_, cell(JointColumn::kLead), header(JointColumn::kLead), q.errors);
    q.duty_unit = ResolveCell(registry_, cell(JointColumn::kDutyUnit), header(JointColumn::kDutyUnit), q.errors);
    q.legal_basis = std::string(cell(JointColumn::kLegalBasis));
    q.place = std::string(cell(JointColumn::kPlace));
    q.staff = std::string(cell(JointColumn::kStaff));
    for (auto [column, out] : {std::pair{JointColumn::kActionOn, &q.action_on},
                               std::pair{JointColumn::kFiledWithJusticeOn, &q.filed_with_justice_on}}) {
      std::string_view v = cell(column);
      if (v.empty()) continue;
      if (absl::StatusOr<Date> d = ParseDate(v); d.ok()) {
        *out = *d;
      } else {
        error(column, std::string(d.status().message()));
      }
    }
    if (std::string_view v = cell(JointColumn::kChannel); !v.empty()) {
      if (v == "direct" || v == "直接联系" || v == "直接") {
        q.channel = JointChannel::kDirect;
      } else if (v == "justice" || v == "司法局报备" || v == "报备" || v == "司法局") {
        q.channel = JointChannel::kJustice;
      } else {
        error(JointColumn::kChannel,
              Cat("\"", internal::EchoValue(v), "\" is not a channel; expected direct 直接联系 or justice 司法局报备"));
      }
    }
    if (!q.request_id.empty()) {
      auto [it, inserted] = seen_.try_emplace(q.request_id, r.line);
      if (!inserted) {
        error(JointColumn::kRequestId, Cat("request ", q.request_id, " is already on line ", it->second));
      }
    }
    on_(std::move(q));
  }

 private:
  const Registry& registry_;
  const std::function<void(JointRequest&&)>& on_;
  absl::flat_hash_map<std::string, int64_t> seen_;
};

class ResponseHandler : public internal::TableHandler {
 public:
  ResponseHandler(const Registry& registry, const std::function<void(JointResponse&&)>& on)
      : registry_(registry), on_(on) {}
  void Row(const internal::TableRow& r) override {
    JointResponse a;
    a.row = r.line;
    a.request_id = std::string(r.Cell(0));
    if (a.request_id.empty()) a.errors.push_back({std::string(r.Header(0)), "missing; which request is answered?", ""});
    a.unit = ResolveCell(registry_, r.Cell(1), r.Header(1), a.errors);
    if (r.Cell(1).empty()) a.errors.push_back({std::string(r.Header(1)), "missing; which unit answered?", ""});
    if (std::string_view v = r.Cell(2); !v.empty()) {
      if (absl::StatusOr<Date> d = ParseDate(v); d.ok()) {
        a.answered_on = *d;
      } else {
        a.errors.push_back({std::string(r.Header(2)), std::string(d.status().message()), std::string(r.Raw(2))});
      }
    }
    if (std::string_view v = r.Cell(3); !v.empty()) {
      if (std::optional<bool> b = internal::ParseBoolCell(v)) {
        a.cooperated = *b;
      } else {
        a.errors.push_back({std::string(r.Header(3)),
                            Cat("\"", internal::EchoValue(v), "\" is not a boolean; expected 1/0, 是/否 or √"),
                            std::string(r.Raw(3))});
      }
    }
    on_(std::move(a));
  }

 private:
  const Registry& registry_;
  const std::function<void(JointResponse&&)>& on_;
};

class DistanceHandler : public internal::TableHandler {
 public:
  DistanceHandler(const Registry& registry, std::string_view source) : registry_(registry), source_(source) {}
  void Row(const internal::TableRow& r) override {
    if (!error.ok()) return;
    std::vector<RowError> errors;
    const Unit* from = ResolveCell(registry_, r.Cell(0), r.Header(0), errors);
    const Unit* to = ResolveCell(registry_, r.Cell(1), r.Header(1), errors);
    std::optional<double> km;
    if (double v; absl::SimpleAtod(internal::AsAbsl(r.Cell(2)), &v) && std::isfinite(v) && v >= 0) km = v;
    if (!errors.empty() || from == nullptr || to == nullptr || !km) {
      const std::string what =
          !errors.empty()   ? Cat(errors[0].column, ": ", errors[0].message)
          : from == nullptr ? Cat(r.Header(0), ": missing; a distance needs both townships")
          : to == nullptr   ? Cat(r.Header(1), ": missing; a distance needs both townships")
                          : Cat(r.Header(2), ": \"", internal::EchoValue(r.Cell(2)), "\" is not a distance in km >= 0");
      error = absl::InvalidArgumentError(Cat(source_, ": line ", r.line, ", ", what));
      return;
    }
    pairs.emplace_back(from, to, *km);
  }
  std::vector<std::tuple<const Unit*, const Unit*, double>> pairs;
  absl::Status error;

 private:
  const Registry& registry_;
  std::string_view source_;
};

}  // namespace

DistanceTable DistanceTable::FromPairs(const std::vector<std::tuple<const Unit*, const Unit*, double>>& pairs) {
  DistanceTable t;
  for (const auto& [from, to, km] : pairs) {
    if (from == to) continue;
    t.by_unit_[from].push_back({km, to});
    t.by_unit_[to].push_back({km, from});
  }
  for (auto& [unit, list] : t.by_unit_) {
    std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return a.second < b.second;  // registry order: the units are one array
    });
    // A pair given twice (both directions): keep the first.
    std::vector<std::pair<double, const Unit*>> unique;
    for (const auto& e : list) {
      if (std::none_of(unique.begin(), unique.end(), [&](const auto& u) { return u.second == e.second; })) {
        unique.push_back(e);
      }
    }
    list = std::move(unique);
  }
  return t;
}

absl::StatusOr<DistanceTable> DistanceTable::FromCsv(std::istream& in, const Registry& registry,
                                                     const CsvOptions& options) {
  DistanceHandler handler(registry, options.source);
  if (absl::Status s =
          internal::ReadTable(in, internal::DistanceColumns(), "distance table", options, nullptr, handler);
      !s.ok()) {
    return s;
  }
  if (!handler.error.ok()) return handler.error;
  return FromPairs(handler.pairs);
}

absl::StatusOr<DistanceTable> DistanceTable::FromColumns(const ColumnarTable& table, const Registry& registry,
                                                         std::string_view source) {
  DistanceHandler handler(registry, source);
  if (absl::Status s =
          internal::ReadTableColumns(table, internal::DistanceColumns(), "distance table", source, nullptr, handler);
      !s.ok()) {
    return s;
  }
  if (!handler.error.ok()) return handler.error;
  return FromPairs(handler.pairs);
}

absl::StatusOr<DistanceTable> DistanceTable::FromCsvFile(const std::string& path, const Registry& registry,
                                                         CsvOptions options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open distance table"));
  if (options.source == "<input>") options.source = path;
  return FromCsv(in, registry, options);
}

std::vector<const Unit*> DistanceTable::Nearest(const Unit& township, size_t n) const {
  std::vector<const Unit*> out;
  auto it = by_unit_.find(&township);
  if (it == by_unit_.end()) return out;
  for (const auto& [km, unit] : it->second) {
    if (out.size() == n) break;
    if (unit->category == Category::kTownship) out.push_back(unit);
  }
  return out;
}

std::vector<Finding> CheckJoint(std::span<const JointRequest> requests, std::span<const JointResponse> responses,
                                const DistanceTable* distances, const Registry& registry) {
  std::vector<Finding> out;
  // request id -> the answers, by unit.
  absl::flat_hash_map<std::string, std::vector<const JointResponse*>> answers;
  for (const JointResponse& a : responses) {
    if (a.ok()) answers[a.request_id].push_back(&a);
  }
  for (const JointRequest& q : requests) {
    if (!q.ok() || q.initiator == nullptr) continue;
    auto add = [&](std::string_view rule, std::string zh, std::string en) {
      out.push_back({q.row, q.request_id, q.initiator->name, std::string(rule), "3.2.3",
                     Cat("联合执法请求 ", q.request_id, "：", zh), Cat("joint request ", q.request_id, ": ", en)});
    };
    if (q.legal_basis.empty()) add("joint_no_basis", "未写明配合依据", "gives no legal basis for the help asked");
    if (q.channel == JointChannel::kJustice) {
      if (!q.filed_with_justice_on) {
        add("joint_not_filed", "经司法局通知配合，但未书面报备", "went through the 司法局 but was not filed with it");
      } else if (q.action_on && *q.filed_with_justice_on > *q.action_on) {
        add("joint_not_filed",
            Cat("于 ", FormatDate(*q.filed_with_justice_on), " 报备，晚于执法日期 ", FormatDate(*q.action_on)),
            Cat("was filed on ", FormatDate(*q.filed_with_justice_on), ", after the action on ",
                FormatDate(*q.action_on)));
      }
      std::vector<std::string> missing_zh, missing_en;
      if (!q.action_on) missing_zh.push_back("时间"), missing_en.push_back("the time");
      if (q.place.empty()) missing_zh.push_back("地点"), missing_en.push_back("the place");
      if (q.staff.empty()) missing_zh.push_back("人员"), missing_en.push_back("the staff");
      if (q.filed_with_justice_on && !missing_zh.empty()) {
        add("joint_not_filed", Cat("报备未写明", internal::Join(missing_zh, "、")),
            Cat("the filing does not give ", internal::Join(missing_en, ", ")));
      }
    }
    // 谁职责谁发起、谁发起谁牵头.
    if (q.lead != nullptr && q.lead != q.initiator) {
      add("joint_wrong_lead", Cat("由 ", q.initiator->name, " 发起，却由 ", q.lead->name, " 牵头（谁发起谁牵头）"),
          Cat("started by ", q.initiator->name, " but led by ", q.lead->name, " (the initiator leads)"));
    }
    if (q.duty_unit != nullptr && q.duty_unit != q.initiator) {
      add("joint_wrong_lead",
          Cat("事项属 ", q.duty_unit->name, " 职责，却由 ", q.initiator->name, " 发起（谁职责谁发起）"),
          Cat("the matter is ", q.duty_unit->name, "'s duty but ", q.initiator->name,
              " started it (whose duty, who starts)"));
    }
    // 相关单位必须无条件配合.
    const auto it = answers.find(q.request_id);
    for (const Unit* u : q.requested) {
      const JointResponse* a = nullptr;
      if (it != answers.end()) {
        for (const JointResponse* r : it->second) {
          if (r->unit == u) a = r;
        }
      }
      if (a != nullptr && a->cooperated == false) {
        add("joint_refused", Cat(u->name, " 未配合"), Cat(u->name, " did not cooperate"));
      } else if (a == nullptr || !a->answered_on || (q.action_on && *a->answered_on > *q.action_on)) {
        add("joint_refused",
            Cat(u->name, q.action_on ? Cat(" 在执法日期 ", FormatDate(*q.action_on), " 前未响应") : " 未响应"),
            Cat(u->name, " did not answer", q.action_on ? Cat(" by the action on ", FormatDate(*q.action_on)) : ""));
      }
    }
    // 乡镇执法力量不足时，距离最近的2个乡镇(街道)迅速组织执法队伍进行协助.
    const bool township_request = q.initiator->category == Category::kTownship && !q.requested.empty() &&
                                  std::all_of(q.requested.begin(), q.requested.end(),
                                              [](const Unit* u) { return u->category == Category::kTownship; });
    if (distances != nullptr && township_request) {
      for (const Unit* near : distances->Nearest(*q.initiator, 2)) {
        if (std::find(q.requested.begin(), q.requested.end(), near) == q.requested.end()) {
          add("joint_not_nearest", Cat("未请求距离最近的乡镇 ", near->name, " 协助"),
              Cat("did not ask ", near->name, ", one of the two nearest townships"));
        }
      }
    }
  }
  (void)registry;
  return out;
}

absl::Status ReadJointRequestsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                  const std::function<void(JointRequest&&)>& on_request, const NoteSink& on_note) {
  RequestHandler handler(registry, on_request);
  return internal::ReadTable(in, internal::JointRequestColumns(), "joint requests", options, on_note, handler);
}

absl::Status ReadJointRequestsColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                                      const std::function<void(JointRequest&&)>& on_request, const NoteSink& on_note) {
  RequestHandler handler(registry, on_request);
  return internal::ReadTableColumns(table, internal::JointRequestColumns(), "joint requests", source, on_note, handler);
}

absl::Status ReadJointResponsesColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                                       const std::function<void(JointResponse&&)>& on_response,
                                       const NoteSink& on_note) {
  ResponseHandler handler(registry, on_response);
  return internal::ReadTableColumns(table, internal::JointResponseColumns(), "joint responses", source, on_note,
                                    handler);
}

absl::Status ReadJointResponsesCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                   const std::function<void(JointResponse&&)>& on_response, const NoteSink& on_note) {
  ResponseHandler handler(registry, on_response);
  return internal::ReadTable(in, internal::JointResponseColumns(), "joint responses", options, on_note, handler);
}

}  // namespace zhifa
