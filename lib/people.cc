#include "zhifa/people.h"

#include <algorithm>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "boost/date_time/gregorian/gregorian.hpp"
#include "lib/cells.h"
#include "lib/embedded.h"
#include "lib/names.h"
#include "lib/strings.h"
#include "lib/table_reader.h"
#include "lib/toml_util.h"

namespace zhifa {
namespace {

using internal::Cat;
using internal::Named;

enum class OfficerColumn {
  kOfficerId,
  kName,
  kUnit,
  kPost,
  kCertificateNo,
  kCertificateState,
  kCertificateExpiresOn,
  kTrainingCertificateOn,
  kProfessionalHours,
  kPublicLawDays,
  kMilitaryDays,
  kExamPassed,
  kGrade,
  kLegalQualification,
  kTrainedOn,
  kDisciplineViolations,
  kCount
};
size_t Col(OfficerColumn c) { return static_cast<size_t>(c); }

constexpr Named kPosts[] = {{"enforcement", "执法|执法岗|执法人员|行政执法人员|执法岗位"},
                            {"legal_review", "法制审核|法制审核岗|法制审核人员|法制审核岗位"},
                            {"auxiliary", "辅助|执法辅助|辅助人员|执法辅助人员|协管员"}};
constexpr Named kStates[] = {{"valid", "有效|正常"}, {"withheld", "暂扣"}, {"revoked", "注销|吊销|作废"}};
constexpr Named kGrades[] = {{"excellent", "优|优秀"}, {"good", "良|良好"}, {"poor", "差|较差"}};

const char* kPostZh[] = {"执法岗", "法制审核岗", "执法辅助"};

int32_t DayNumber(Date d) { return static_cast<int32_t>(d.day_number()); }

}  // namespace

std::optional<Post> PostFromName(std::string_view name) {
  const int i = internal::FindNamed(kPosts, name);
  return i < 0 ? std::nullopt : std::optional(static_cast<Post>(i));
}
std::optional<CertificateState> CertificateStateFromName(std::string_view name) {
  const int i = internal::FindNamed(kStates, name);
  return i < 0 ? std::nullopt : std::optional(static_cast<CertificateState>(i + 1));
}
std::optional<Grade> GradeFromName(std::string_view name) {
  const int i = internal::FindNamed(kGrades, name);
  return i < 0 ? std::nullopt : std::optional(static_cast<Grade>(i + 1));
}
std::string_view PostName(Post p) { return kPosts[static_cast<size_t>(p)].key; }
std::string_view CertificateStateName(CertificateState s) {
  return s == CertificateState::kNone ? std::string_view() : kStates[static_cast<size_t>(s) - 1].key;
}
std::string_view GradeName(Grade g) {
  return g == Grade::kNone ? std::string_view() : kGrades[static_cast<size_t>(g) - 1].key;
}

bool Officer::CertifiedOn(Date d) const {
  return !certificate_no.empty() && certificate_state == CertificateState::kValid && certificate_expires_on &&
         d <= *certificate_expires_on;
}

std::vector<RowError> ValidateOfficer(const Officer& o) {
  std::vector<RowError> errors;
  if (o.officer_id.empty()) errors.push_back({"officer_id", "missing; every officer needs an id"});
  if (o.unit == nullptr) errors.push_back({"unit", Cat("\"", o.unit_text, "\" is not a unit of the registry")});
  if (o.certificate_no.empty() && o.certificate_state != CertificateState::kNone) {
    errors.push_back(
        {"certificate_state", Cat("is ", CertificateStateName(o.certificate_state),
                                  " but there is no certificate_no; leave it empty without a certificate")});
  }
  if (!o.certificate_no.empty() && o.certificate_state == CertificateState::kNone) {
    errors.push_back({"certificate_state", Cat("missing; certificate ", o.certificate_no,
                                               " needs its state: valid 有效, withheld 暂扣 or revoked 注销")});
  }
  if (!o.certificate_no.empty() && o.certificate_state == CertificateState::kValid && !o.certificate_expires_on) {
    errors.push_back({"certificate_expires_on",
                      Cat("missing; valid certificate ", o.certificate_no, " needs its expiry date (执法证有效期至)")});
  }
  for (auto [name, v] :
       {std::pair{"professional_hours", &o.professional_hours}, std::pair{"public_law_days", &o.public_law_days},
        std::pair{"military_days", &o.military_days}, std::pair{"discipline_violations", &o.discipline_violations}}) {
    if (*v && **v < 0) errors.push_back({name, Cat(**v, " is negative")});
  }
  if (o.military_days && *o.military_days > o.public_law_days.value_or(0)) {
    errors.push_back({"military_days", Cat(*o.military_days, " military days are more than the ",
                                           o.public_law_days.value_or(0), " days of the public-law training")});
  }
  return errors;
}

std::span<const TableColumn> OfficerColumnNames() {
  static const auto& names = *new std::vector<TableColumn>(internal::TableColumnsOf(internal::OfficerColumns()));
  return names;
}

// --- settings --------------------------------------------------------------------------------------------------

absl::StatusOr<PeopleSettings> PeopleSettings::FromText(std::string_view text, std::string_view source) {
  absl::StatusOr<toml::table> doc = internal::ParseToml(text, source);
  if (!doc.ok()) return doc.status();
  internal::TomlTable t(*doc, source, "");
  if (absl::Status s = t.OnlyKeys({"id", "training", "financed", "ranking"}); !s.ok()) return s;
  PeopleSettings out;
  auto table = [&](std::string_view key) -> absl::StatusOr<const toml::table*> {
    const toml::node* n = doc->get(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) return t.Error(key, "expected a table");
    return n->as_table();
  };
  auto integer = [](const internal::TomlTable& tt, std::string_view key, int64_t lo, int64_t hi,
                    int64_t& field) -> absl::Status {
    auto v = tt.Integer(key, false);
    if (!v.ok()) return v.status();
    if (v->has_value()) {
      if (**v < lo || **v > hi) return tt.Error(key, Cat("expected ", lo, "..", hi));
      field = **v;
    }
    return absl::OkStatus();
  };
  // A string setting that must be one of `allowed`.
  auto one_of = [](const internal::TomlTable& tt, std::string_view key, std::initializer_list<std::string_view> allowed,
                   std::string& field) -> absl::Status {
    auto v = tt.String(key, false);
    if (!v.ok()) return v.status();
    if (!*v) return absl::OkStatus();
    if (std::find(allowed.begin(), allowed.end(), **v) == allowed.end()) {
      return tt.Error(key, Cat("\"", **v, "\": expected ", internal::Join(allowed, ", ")));
    }
    field = **v;
    return absl::OkStatus();
  };
  absl::StatusOr<const toml::table*> training = table("training");
  if (!training.ok()) return training.status();
  if (*training != nullptr) {
    internal::TomlTable tt(**training, source, "training");
    if (absl::Status s = tt.OnlyKeys(
            {"professional_hours", "professional_due", "public_law_days", "military_days", "county_deadline"});
        !s.ok()) {
      return s;
    }
    if (absl::Status s = integer(tt, "professional_hours", 0, 10000, out.professional_hours_); !s.ok()) return s;
    if (absl::Status s = integer(tt, "public_law_days", 0, 366, out.public_law_days_); !s.ok()) return s;
    if (absl::Status s = integer(tt, "military_days", 0, 366, out.military_days_); !s.ok()) return s;
    if (out.military_days_ > out.public_law_days_) {
      return tt.Error("military_days", "more than public_law_days (military training is part of it)");
    }
    for (auto [key, field] :
         {std::pair{"professional_due", &out.professional_due_}, std::pair{"county_deadline", &out.county_deadline_}}) {
      auto d = tt.Date(key, false);
      if (!d.ok()) return d.status();
      *field = *d;
    }
  }
  absl::StatusOr<const toml::table*> financed = table("financed");
  if (!financed.ok()) return financed.status();
  if (*financed != nullptr) {
    internal::TomlTable tt(**financed, source, "financed");
    if (absl::Status s = tt.OnlyKeys({"share_percent", "base", "rounding"}); !s.ok()) return s;
    if (absl::Status s = integer(tt, "share_percent", 0, 100, out.financed_percent_); !s.ok()) return s;
    if (absl::Status s = one_of(tt, "base", {"enforcement", "certified_posts", "all"}, out.financed_base_); !s.ok()) {
      return s;
    }
    if (absl::Status s = one_of(tt, "rounding", {"half_up", "floor", "ceiling"}, out.financed_rounding_); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<const toml::table*> ranking = table("ranking");
  if (!ranking.ok()) return ranking.status();
  if (*ranking != nullptr) {
    internal::TomlTable tt(**ranking, source, "ranking");
    if (absl::Status s = tt.OnlyKeys({"completion", "military", "discipline", "exam", "decimals"}); !s.ok()) return s;
    const char* keys[] = {"completion", "military", "discipline", "exam"};
    for (size_t k = 0; k < 4; ++k) {
      if (absl::Status s = integer(tt, keys[k], 0, 100, out.weights_[k]); !s.ok()) return s;
    }
    if (out.weights_[0] + out.weights_[1] + out.weights_[2] + out.weights_[3] == 0) {
      return tt.Error("completion", "every weight is 0: nothing to rank by");
    }
    int64_t decimals = out.ranking_decimals_;
    if (absl::Status s = integer(tt, "decimals", 0, 6, decimals); !s.ok()) return s;
    out.ranking_decimals_ = static_cast<int>(decimals);
  }
  out.text_ = std::string(text);
  return out;
}

absl::StatusOr<PeopleSettings> PeopleSettings::FromFile(const std::string& path) {
  absl::StatusOr<std::string> text = internal::ReadTextFile(path, "people settings");
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

const PeopleSettings& PeopleSettings::Builtin() {
  static const PeopleSettings& settings =
      internal::BuiltinFrom<PeopleSettings>("data/people/zhenping-2021.toml", "people settings");
  return settings;
}

// --- the register ------------------------------------------------------------------------------------------------

OfficerRegister::OfficerRegister(std::span<const Officer> officers)
    : officers_(officers), certified_until_(officers.size(), kNoDay) {
  index_.reserve(officers.size());
  for (size_t i = 0; i < officers.size(); ++i) {
    const Officer& o = officers[i];
    if (!o.ok()) continue;
    index_.try_emplace(o.officer_id, static_cast<int32_t>(i));
    if (!o.certificate_no.empty() && o.certificate_state == CertificateState::kValid && o.certificate_expires_on) {
      certified_until_[i] = DayNumber(*o.certificate_expires_on);
    }
  }
}

int32_t OfficerRegister::Find(std::string_view officer_id) const {
  auto it = index_.find(internal::AsAbsl(officer_id));
  return it == index_.end() ? -1 : it->second;
}

std::vector<Condition> EligibilityOn(const Officer& o, Date d) {
  std::vector<Condition> out;
  if (o.post == Post::kAuxiliary) {
    out.push_back({"auxiliary", "执法辅助人员不能从事案件调查取证、作出行政处理决定、审核案件，不能以自己名义执法",
                   "auxiliary staff may not investigate, decide or review cases, nor enforce in their own name"});
    return out;
  }
  if (!o.CertifiedOn(d)) {
    std::string zh, en;
    if (o.certificate_no.empty()) {
      zh = "无行政执法证";
      en = "has no enforcement certificate";
    } else if (o.certificate_state != CertificateState::kValid) {
      const bool withheld = o.certificate_state == CertificateState::kWithheld;
      zh = Cat("执法证 ", o.certificate_no, withheld ? " 已暂扣" : " 已注销");
      en = Cat("certificate ", o.certificate_no, withheld ? " is withheld" : " is revoked");
    } else if (!o.certificate_expires_on) {  // a record made in memory without ValidateOfficer
      zh = Cat("执法证 ", o.certificate_no, " 无有效期");
      en = Cat("certificate ", o.certificate_no, " has no expiry date");
    } else {
      zh = Cat("执法证 ", o.certificate_no, " 已于 ", FormatDate(*o.certificate_expires_on), " 过期");
      en = Cat("certificate ", o.certificate_no, " expired on ", FormatDate(*o.certificate_expires_on));
    }
    out.push_back({"no_certificate", std::move(zh), std::move(en)});
  }
  if (!o.training_certificate_on || *o.training_certificate_on > d) {
    out.push_back({"no_training_certificate", "无公共法律知识培训结业证",
                   "has no certificate of the public-law training (结业证)"});
  }
  if (o.exam_passed == false) {
    out.push_back(
        {"exam_failed", "公共法律知识考试不合格，不准从事执法工作", "failed the public-law exam: may not enforce"});
  }
  return out;
}

// --- the register's rules as of a date ---------------------------------------------------------------------------

absl::StatusOr<PeopleCheck> CheckOfficers(const OfficerRegister& reg, Date as_of, const PeopleSettings& settings,
                                          const Plan& plan, const Registry& registry) {
  const Milestone* township_end = plan.FindMilestone("township_training_end");
  if (township_end == nullptr) {
    return absl::InvalidArgumentError(
        "the plan has no milestone township_training_end (4月底前完成乡镇(街道)人员轮训): the townships' training "
        "deadline is unknown");
  }
  PeopleCheck out;
  out.as_of = as_of;
  std::vector<int32_t> slot(registry.units().size(), -1);
  for (const Unit& u : registry.units()) {
    if (u.is_sub_unit()) continue;
    slot[static_cast<size_t>(&u - registry.units().data())] = static_cast<int32_t>(out.units.size());
    UnitPeople p{.unit = &u};
    p.deadline = u.category == Category::kTownship ? std::optional(township_end->date) : settings.county_deadline();
    out.units.push_back(p);
  }
  auto status_of = [&](const Unit* u) -> UnitPeople& {
    const Unit& scored = registry.ScoredAs(*u);
    return out.units[static_cast<size_t>(slot[static_cast<size_t>(&scored - registry.units().data())])];
  };
  for (const Officer& o : reg.officers()) {
    if (!o.ok() || o.unit == nullptr) continue;
    UnitPeople& s = status_of(o.unit);
    auto add = [&](std::string_view rule, std::string_view clause, std::string zh, std::string en) {
      out.findings.push_back(
          {o.row, o.officer_id, s.unit->name, std::string(rule), std::string(clause),
           Cat(o.name.empty() ? o.officer_id : o.name, "（", kPostZh[static_cast<size_t>(o.post)], "）", zh),
           Cat(o.officer_id, " (", PostName(o.post), ") ", en)});
      ++s.findings;
    };
    (o.post == Post::kEnforcement ? s.enforcement : o.post == Post::kLegalReview ? s.legal_review : s.auxiliary) += 1;
    s.excellent += o.grade == Grade::kExcellent;
    s.good += o.grade == Grade::kGood;
    s.poor += o.grade == Grade::kPoor;
    s.ungraded += o.grade == Grade::kNone;
    s.legal_qualification += o.legal_qualification == true;
    const bool certified = o.CertifiedOn(as_of);
    const bool trained = o.trained_on && *o.trained_on <= as_of;  // the rotation done by the as-of date
    if (o.NeedsCertificate()) {
      s.certified += certified;
      ++s.must_train;
      const Date by = s.deadline ? std::min(*s.deadline, as_of) : as_of;
      s.trained_by_deadline += o.trained_on && *o.trained_on <= by;
      // no_certificate, no_training_certificate [3.1.3(2)]: 将持有行政执法证和公共法律知识培训结业证作为执法的前置条件.
      for (const Condition& c : EligibilityOn(o, as_of)) {
        if (c.rule == "no_certificate" || c.rule == "no_training_certificate") {
          add(c.rule, "3.1.3(2)", Cat(c.message, "，不得从事执法活动"), Cat(c.message_en, "; may not enforce"));
        }
      }
      // professional_hours [3.1.2(1)]: 原则上每人不少于30课时 (a year's hours, due at professional_due).
      if (settings.professional_due() && as_of > *settings.professional_due() &&
          o.professional_hours.value_or(0) < settings.professional_hours()) {
        const std::string hours = o.professional_hours ? std::to_string(*o.professional_hours) : "0";
        add("professional_hours", "3.1.2(1)",
            Cat("专业法律知识培训 ", hours, " 课时，少于 ", settings.professional_hours(), " 课时"),
            Cat("had ", hours, " class hours of professional law, fewer than ", settings.professional_hours()));
      }
      // public_law_days [3.1.2(2)]: 每人培训时间不少于4天，其中军事训练不少于2天 — of a rotation done.
      if (trained && (o.public_law_days.value_or(0) < settings.public_law_days() ||
                      o.military_days.value_or(0) < settings.military_days())) {
        const int64_t days = o.public_law_days.value_or(0), military = o.military_days.value_or(0);
        add("public_law_days", "3.1.2(2)",
            Cat("公共法律知识培训 ", days, " 天（其中军事训练 ", military, " 天），少于 ", settings.public_law_days(),
                " 天（其中军事训练 ", settings.military_days(), " 天）"),
            Cat("the public-law training took ", days, " days (", military, " of military training); it needs ",
                settings.public_law_days(), " (", settings.military_days(), ")"));
      }
      // training_late [3.1.2(2)]: 4月底前完成乡镇(街道)人员轮训 (a county deadline only when the settings give one).
      if (s.deadline) {
        const Date deadline = *s.deadline;
        if (trained && *o.trained_on > deadline) {
          add("training_late", "3.1.2(2)",
              Cat("于 ", FormatDate(*o.trained_on), " 完成轮训，晚于 ", FormatDate(deadline)),
              Cat("completed the rotation on ", FormatDate(*o.trained_on), ", after the ", FormatDate(deadline),
                  " deadline"));
        } else if (!trained && as_of > deadline) {
          add("training_late", "3.1.2(2)",
              Cat("截至 ", FormatDate(as_of), " 未完成轮训（应于 ", FormatDate(deadline), " 前完成）"),
              Cat("has not completed the rotation on ", FormatDate(as_of), " (due ", FormatDate(deadline), ")"));
        }
      }
    }
    // exam_failed_certificate [3.1.2(2)]: 不合格人员暂扣执法证件.
    if (o.exam_passed == false && certified) {
      add("exam_failed_certificate", "3.1.2(2)", Cat("考试不合格，执法证 ", o.certificate_no, " 仍为有效，应暂扣"),
          Cat("failed the exam, yet certificate ", o.certificate_no, " is still valid; it must be withheld"));
    }
  }
  for (UnitPeople& s : out.units) {
    const std::string& b = settings.financed_base();
    const int64_t base = s.enforcement + (b != "enforcement" ? s.legal_review : 0) + (b == "all" ? s.auxiliary : 0);
    const int64_t scaled = base * settings.financed_share_percent();
    const std::string& r = settings.financed_rounding();
    s.financed_posts = r == "floor" ? scaled / 100 : r == "ceiling" ? (scaled + 99) / 100 : (scaled + 50) / 100;
    UnitPeople& a = out.overall;
    a.enforcement += s.enforcement;
    a.legal_review += s.legal_review;
    a.auxiliary += s.auxiliary;
    a.certified += s.certified;
    a.must_train += s.must_train;
    a.trained_by_deadline += s.trained_by_deadline;
    a.excellent += s.excellent;
    a.good += s.good;
    a.poor += s.poor;
    a.ungraded += s.ungraded;
    a.legal_qualification += s.legal_qualification;
    a.financed_posts += s.financed_posts;
    a.findings += s.findings;
  }
  return out;
}

// --- cases joined to the register ----------------------------------------------------------------------------------

namespace {

const char* kRoleZh[] = {"调查人员", "决定人", "审核人"};
const char* kRoleEn[] = {"investigator", "decider", "reviewer"};

// The case rules for one case, on register indices. `id_of(role, k)` is the id text of the k-th officer of a
// role (for messages about an id the register lacks).
template <typename Emit>
void CheckOneCase(int32_t filed, const std::span<const int32_t> (&roles)[3], const OfficerRegister& reg,
                  const std::function<std::string(int, size_t)>& id_of, Emit&& emit) {
  int certified_investigators = 0;
  const std::span<const int32_t> investigators = roles[0];
  for (size_t k = 0; k < investigators.size(); ++k) {
    const int32_t i = investigators[k];
    if (i < 0 || reg.post(i) == Post::kAuxiliary || reg.certified_until(i) < filed) continue;
    bool repeat = false;
    for (size_t j = 0; j < k; ++j) repeat = repeat || investigators[j] == i;
    certified_investigators += !repeat;
  }
  // two_officers [3.1.3(2)]: 严格落实“两人以上”规定.
  if (certified_investigators < 2) {
    emit("two_officers", Cat("调查人员中持有效执法证的仅 ", certified_investigators, " 人，应两人以上"),
         Cat("only ", certified_investigators,
             certified_investigators == 1 ? " investigator holds" : " investigators hold",
             " a valid certificate; two or more are required"));
  }
  for (int role = 0; role < 3; ++role) {
    for (size_t k = 0; k < roles[role].size(); ++k) {
      const int32_t i = roles[role][k];
      if (i < 0) {
        const std::string id = id_of(role, k);
        emit("unknown_officer", Cat(kRoleZh[role], " ", id, " 不在执法人员名册中"),
             Cat(kRoleEn[role], " ", id, " is not in the officer register"));
        continue;
      }
      const Officer& o = reg.at(i);
      if (o.post == Post::kAuxiliary) {
        // auxiliary_role [3.1.3(2)]: 执法辅助人员…不能从事案件调查取证、作出行政处理决定、审核案件等工作.
        emit("auxiliary_role", Cat("执法辅助人员 ", o.officer_id, " 作为", kRoleZh[role], "，辅助人员不能从事此项工作"),
             Cat("auxiliary staff ", o.officer_id, " acted as ", kRoleEn[role], ", which auxiliary staff may not do"));
      } else if (reg.certified_until(i) < filed) {
        // uncertified_enforcement [3.1.3(2)]: 严肃追究无证执法人员及单位责任.
        emit("uncertified_enforcement", Cat(kRoleZh[role], " ", o.officer_id, " 在立案之日无有效执法证（无证执法）"),
             Cat(kRoleEn[role], " ", o.officer_id, " held no valid certificate on the filing date (无证执法)"));
      }
    }
  }
}

}  // namespace

void CheckCaseOfficers(const CaseRecord& c, const OfficerRegister& reg, const Registry& registry,
                       const FindingSink& on_finding) {
  if (!c.ok() || !c.filed_on || c.unit == nullptr) return;
  if (c.investigators.empty() && c.decided_by.empty() && c.reviewed_by.empty()) return;
  const std::vector<std::string>* lists[3] = {&c.investigators, &c.decided_by, &c.reviewed_by};
  std::vector<int32_t> index[3];
  for (int role = 0; role < 3; ++role) {
    for (const std::string& id : *lists[role]) index[role].push_back(reg.Find(id));
  }
  const std::span<const int32_t> roles[3] = {index[0], index[1], index[2]};
  const std::string& unit = registry.ScoredAs(*c.unit).name;
  CheckOneCase(
      DayNumber(*c.filed_on), roles, reg, [&](int role, size_t k) { return (*lists[role])[k]; },
      [&](std::string_view rule, std::string zh, std::string en) {
        on_finding({c.row, c.case_id, unit, std::string(rule), "3.1.3(2)", Cat("案件 ", c.case_id, "：", zh),
                    Cat("case ", c.case_id, ": ", en)});
      });
}

std::vector<Finding> CheckCaseOfficers(std::span<const CaseRecord> cases, const OfficerRegister& reg,
                                       const Registry& registry) {
  std::vector<Finding> out;
  for (const CaseRecord& c : cases) {
    CheckCaseOfficers(c, reg, registry, [&](Finding&& f) { out.push_back(std::move(f)); });
  }
  return out;
}

absl::StatusOr<int64_t> CheckCaseOfficerColumns(const CaseOfficerColumns& c, const OfficerRegister& reg,
                                                const FindingSink& on_finding) {
  const size_t n = c.filed.size();
  const std::span<const uint32_t> offsets[3] = {c.investigator_offset, c.decider_offset, c.reviewer_offset};
  const std::span<const int32_t> indices[3] = {c.investigator_index, c.decider_index, c.reviewer_index};
  for (int role = 0; role < 3; ++role) {
    if (offsets[role].size() != n + 1) {
      return absl::InvalidArgumentError(Cat("the ", kRoleEn[role], " offsets have ", offsets[role].size(),
                                            " entries; expected one more than the ", n, " cases"));
    }
    if (offsets[role][n] > indices[role].size()) {
      return absl::InvalidArgumentError(Cat("the ", kRoleEn[role], " offsets end at ", offsets[role][n],
                                            ", beyond the ", indices[role].size(), " indices"));
    }
    for (size_t i = 0; i < n; ++i) {
      if (offsets[role][i] > offsets[role][i + 1]) {
        return absl::InvalidArgumentError(Cat("the ", kRoleEn[role], " offsets decrease at case ", i));
      }
    }
    for (int32_t x : indices[role].subspan(0, offsets[role][n])) {
      if (x < -1 || x >= static_cast<int32_t>(reg.size())) {
        return absl::InvalidArgumentError(Cat("a ", kRoleEn[role], " index ", x, " is not an officer of the register"));
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (c.filed[i] == kNoDay) return absl::InvalidArgumentError(Cat("case ", i, " has no filing day"));
  }
  int64_t found = 0;
  const auto unknown = [](int, size_t) { return std::string("(?)"); };
  for (size_t i = 0; i < n; ++i) {
    const std::span<const int32_t> roles[3] = {indices[0].subspan(offsets[0][i], offsets[0][i + 1] - offsets[0][i]),
                                               indices[1].subspan(offsets[1][i], offsets[1][i + 1] - offsets[1][i]),
                                               indices[2].subspan(offsets[2][i], offsets[2][i + 1] - offsets[2][i])};
    if (roles[0].empty() && roles[1].empty() && roles[2].empty()) continue;
    CheckOneCase(c.filed[i], roles, reg, unknown, [&](std::string_view rule, std::string zh, std::string en) {
      ++found;
      on_finding({static_cast<int64_t>(i), "", "", std::string(rule), "3.1.3(2)", std::move(zh), std::move(en)});
    });
  }
  return found;
}

// --- the training ranking --------------------------------------------------------------------------------------------

TrainingRanking RankTraining(const OfficerRegister& reg, Date as_of, const PeopleSettings& settings,
                             bool discipline_known, const Registry& registry) {
  TrainingRanking out;
  out.discipline_known = discipline_known;
  std::vector<TrainingRank> by_unit;
  std::vector<int32_t> slot(registry.units().size(), -1);
  for (const Unit& u : registry.units()) {
    if (u.is_sub_unit()) continue;
    slot[static_cast<size_t>(&u - registry.units().data())] = static_cast<int32_t>(by_unit.size());
    by_unit.push_back({.unit = &u});
  }
  for (const Officer& o : reg.officers()) {
    if (!o.ok() || o.unit == nullptr || !o.NeedsCertificate()) continue;
    const Unit& scored = registry.ScoredAs(*o.unit);
    TrainingRank& r = by_unit[static_cast<size_t>(slot[static_cast<size_t>(&scored - registry.units().data())])];
    ++r.officers;
    r.completed +=
        o.trained_on && *o.trained_on <= as_of && o.public_law_days.value_or(0) >= settings.public_law_days();
    r.military += o.military_days.value_or(0) >= settings.military_days();
    r.disciplined += o.discipline_violations.value_or(0) == 0;
    r.examined += o.exam_passed.has_value();
    r.passed += o.exam_passed == true;
  }
  const int64_t* w = settings.ranking_weights();
  const int64_t weight_sum = w[0] + w[1] + (discipline_known ? w[2] : 0) + w[3];
  int64_t pow10 = 1;
  for (int k = 0; k < settings.ranking_decimals(); ++k) pow10 *= 10;
  std::vector<std::pair<int64_t, size_t>> scaled;  // score × 10^decimals (half up), index
  for (size_t k = 0; k < by_unit.size(); ++k) {
    TrainingRank& r = by_unit[k];
    if (r.officers == 0) continue;
    // score = 100 × Σ w_i × share_i ÷ Σ w_i, exactly, rounded half up once; the shares are of the officers,
    // except the exam's: passed ÷ examined (0 when nobody has a result). Over the common denominator
    // officers × examined:
    const int64_t examined = std::max<int64_t>(r.examined, 1);
    const __int128 num =
        static_cast<__int128>(100) * pow10 *
        (static_cast<__int128>(w[0] * r.completed + w[1] * r.military + (discipline_known ? w[2] * r.disciplined : 0)) *
             examined +
         static_cast<__int128>(w[3]) * r.passed * r.officers);
    const __int128 den = static_cast<__int128>(r.officers) * examined * (weight_sum == 0 ? 1 : weight_sum);
    const int64_t v = weight_sum == 0 ? 0 : static_cast<int64_t>((2 * num + den) / (2 * den));
    std::string digits = std::to_string(v);
    if (settings.ranking_decimals() > 0) {
      const size_t d = static_cast<size_t>(settings.ranking_decimals());
      if (digits.size() <= d) digits = std::string(d + 1 - digits.size(), '0') + digits;
      digits = Cat(std::string_view(digits).substr(0, digits.size() - d), ".",
                   std::string_view(digits).substr(digits.size() - d));
    }
    r.score = digits;
    scaled.emplace_back(v, k);
  }
  std::stable_sort(scaled.begin(), scaled.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; k < scaled.size(); ++k) {
    TrainingRank r = by_unit[scaled[k].second];
    r.rank = k > 0 && scaled[k].first == scaled[k - 1].first ? out.units.back().rank : static_cast<int>(k) + 1;
    out.units.push_back(std::move(r));
  }
  return out;
}

// --- reading -------------------------------------------------------------------------------------------------------

namespace {

class OfficerHandler : public internal::TableHandler {
 public:
  OfficerHandler(const Registry& registry, const std::function<void(Officer&&)>& on, bool* has_discipline)
      : registry_(registry), on_(on), has_discipline_(has_discipline) {}
  absl::Status Begin(const internal::TableRow& header) override {
    if (has_discipline_ != nullptr) *has_discipline_ = header.Has(Col(OfficerColumn::kDisciplineViolations));
    return absl::OkStatus();
  }
  void Row(const internal::TableRow& r) override {
    row_ = &r;
    Officer o;
    o.row = r.line;
    if (r.extra_cells > 0) o.errors.push_back({"", Cat("has ", r.extra_cells, " cells beyond the header's columns")});
    o.officer_id = std::string(Cell(OfficerColumn::kOfficerId));
    if (o.officer_id.empty()) Error(o, OfficerColumn::kOfficerId, "missing; every officer needs an id");
    o.name = std::string(Cell(OfficerColumn::kName));
    o.unit_text = std::string(Cell(OfficerColumn::kUnit));
    if (absl::StatusOr<const Unit*> u = registry_.Resolve(o.unit_text); u.ok()) {
      o.unit = *u;
    } else {
      Error(o, OfficerColumn::kUnit, std::string(u.status().message()));
      o.errors.back().code = u.status().code();
    }
    if (std::string_view v = Cell(OfficerColumn::kPost); v.empty()) {
      Error(o, OfficerColumn::kPost, Cat("missing; expected a post: ", internal::ExpectedNames(kPosts)));
    } else if (std::optional<Post> p = PostFromName(v)) {
      o.post = *p;
    } else {
      Error(o, OfficerColumn::kPost,
            Cat("\"", internal::EchoValue(v), "\" is not a post; expected ", internal::ExpectedNames(kPosts)));
    }
    o.certificate_no = std::string(Cell(OfficerColumn::kCertificateNo));
    if (std::string_view v = Cell(OfficerColumn::kCertificateState); !v.empty()) {
      if (std::optional<CertificateState> st = CertificateStateFromName(v)) {
        o.certificate_state = *st;
      } else {
        Error(o, OfficerColumn::kCertificateState,
              Cat("\"", internal::EchoValue(v), "\" is not a certificate state; expected ",
                  internal::ExpectedNames(kStates)));
      }
    }
    if (std::string_view v = Cell(OfficerColumn::kGrade); !v.empty()) {
      if (std::optional<Grade> g = GradeFromName(v)) {
        o.grade = *g;
      } else {
        Error(o, OfficerColumn::kGrade,
              Cat("\"", internal::EchoValue(v), "\" is not a grade; expected ", internal::ExpectedNames(kGrades)));
      }
    }
    for (auto [column, out] : {std::pair{OfficerColumn::kCertificateExpiresOn, &o.certificate_expires_on},
                               std::pair{OfficerColumn::kTrainingCertificateOn, &o.training_certificate_on},
                               std::pair{OfficerColumn::kTrainedOn, &o.trained_on}}) {
      std::string_view v = Cell(column);
      if (v.empty()) continue;
      if (absl::StatusOr<Date> d = ParseDate(v); d.ok()) {
        *out = *d;
      } else {
        Error(o, column, std::string(d.status().message()));
      }
    }
    for (auto [column, out] : {std::pair{OfficerColumn::kProfessionalHours, &o.professional_hours},
                               std::pair{OfficerColumn::kPublicLawDays, &o.public_law_days},
                               std::pair{OfficerColumn::kMilitaryDays, &o.military_days},
                               std::pair{OfficerColumn::kDisciplineViolations, &o.discipline_violations}}) {
      std::string_view v = Cell(column);
      if (v.empty()) continue;
      std::string why;
      if (std::optional<int64_t> n = internal::ParseWhole(v, &why); !n) {
        Error(o, column, Cat("\"", internal::EchoValue(v), "\" is not a whole number", why.empty() ? "" : ": ", why));
      } else if (*n > 100000) {
        Error(o, column, Cat(*n, " is out of range (at most 100000)"));
      } else {
        *out = *n;  // a negative number is ValidateOfficer's error, with the rest
      }
    }
    if (std::string_view v = Cell(OfficerColumn::kExamPassed); !v.empty()) {
      if (v == "合格" || v == "通过") {
        o.exam_passed = true;
      } else if (v == "不合格" || v == "未通过") {
        o.exam_passed = false;
      } else if (std::optional<bool> b = internal::ParseBoolCell(v)) {
        o.exam_passed = *b;
      } else {
        Error(o, OfficerColumn::kExamPassed,
              Cat("\"", internal::EchoValue(v), "\" is not an exam result; expected 1/0, 是/否 or 合格/不合格"));
      }
    }
    if (std::string_view v = Cell(OfficerColumn::kLegalQualification); !v.empty()) {
      if (std::optional<bool> b = internal::ParseBoolCell(v)) {
        o.legal_qualification = *b;
      } else {
        Error(o, OfficerColumn::kLegalQualification,
              Cat("\"", internal::EchoValue(v), "\" is not a boolean; expected 1/0, 是/否 or √"));
      }
    }
    if (o.ok()) {
      for (RowError& e : ValidateOfficer(o)) {
        for (size_t k = 0; k < Col(OfficerColumn::kCount); ++k) {
          if (internal::OfficerColumns()[k].name == e.column) {
            e.value = std::string(r.Raw(k));
            e.column = std::string(r.Header(k));
          }
        }
        o.errors.push_back(std::move(e));
      }
    }
    if (!o.officer_id.empty()) {
      auto [it, inserted] = seen_.try_emplace(o.officer_id, r.line);
      if (!inserted) {
        o.errors.push_back({std::string(r.Header(Col(OfficerColumn::kOfficerId))),
                            Cat("officer ", o.officer_id, " is already on line ", it->second, "; one row per person"),
                            o.officer_id});
      }
    }
    on_(std::move(o));
  }

 private:
  std::string_view Cell(OfficerColumn c) const { return row_->Cell(Col(c)); }
  void Error(Officer& o, OfficerColumn c, std::string message) const {
    o.errors.push_back({std::string(row_->Header(Col(c))), std::move(message), std::string(row_->Raw(Col(c)))});
  }

  const Registry& registry_;
  const std::function<void(Officer&&)>& on_;
  bool* has_discipline_;
  const internal::TableRow* row_ = nullptr;
  absl::flat_hash_map<std::string, int64_t> seen_;
};

}  // namespace

absl::Status ReadOfficersCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                             const std::function<void(Officer&&)>& on_officer, const NoteSink& on_note,
                             bool* has_discipline) {
  OfficerHandler handler(registry, on_officer, has_discipline);
  return internal::ReadTable(in, internal::OfficerColumns(), "officer register", options, on_note, handler);
}

absl::Status ReadOfficersColumns(const ColumnarTable& table, const Registry& registry, std::string_view source,
                                 const std::function<void(Officer&&)>& on_officer, const NoteSink& on_note,
                                 bool* has_discipline) {
  OfficerHandler handler(registry, on_officer, has_discipline);
  return internal::ReadTableColumns(table, internal::OfficerColumns(), "officer register", source, on_note, handler);
}

absl::Status ReadOfficersCsvFile(const std::string& path, const Registry& registry, CsvOptions options,
                                 const std::function<void(Officer&&)>& on_officer, const NoteSink& on_note,
                                 bool* has_discipline) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(Cat(path, ": cannot open officer register"));
  if (options.source == "<input>") options.source = path;
  return ReadOfficersCsv(in, registry, options, on_officer, on_note, has_discipline);
}

}  // namespace zhifa
