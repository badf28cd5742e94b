// Joint enforcement (三(二)3, 3.2.3 “1+X”联合执法): requests for another unit's help, and the rules they follow —
// a legal basis, filing with the county 司法局 when it is the channel, the unit whose duty it is starts and leads
// (谁职责谁发起、谁发起谁牵头), the requested units cooperate without condition (必须无条件配合), and a township short
// of staff is helped by its two nearest townships (距离最近的2个乡镇(街道)).
//
// Requests and responses are read from CSVs; which townships are nearest comes from a distance table the user
// supplies (no coordinates ship: none are public). Findings have the request's row and id.
//
// Example:
//   std::vector<zhifa::JointRequest> requests;   // ReadJointRequestsCsvFile
//   std::vector<zhifa::JointResponse> responses; // ReadJointResponsesCsvFile
//   std::vector<zhifa::Finding> f = zhifa::CheckJoint(requests, responses, nullptr);
//
// Thread-safety: DistanceTable are immutable once made: their const methods may be called from any number of
// threads at once; the readers and CheckJoint are reentrant.
#ifndef ZHIFA_JOINT_H_
#define ZHIFA_JOINT_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "zhifa/calendar.h"
#include "zhifa/csv.h"
#include "zhifa/export.h"
#include "zhifa/findings.h"
#include "zhifa/units.h"

namespace zhifa {

// How a request was made: direct 直接联系 the units, or justice 书面向县司法局报备 (司法局 notifies them).
enum class JointChannel : uint8_t { kDirect, kJustice };

struct ZHIFA_EXPORT JointRequest {
  int64_t row = 0;
  std::string request_id;
  const Unit* initiator = nullptr;     // 发起单位
  std::vector<const Unit*> requested;  // 配合单位 (the CSV joins several with |)
  const Unit* lead = nullptr;          // 牵头单位; nullptr: not recorded (the initiator leads)
  const Unit* duty_unit = nullptr;     // 职责单位; nullptr: not recorded
  std::string legal_basis, place, staff;
  std::optional<Date> action_on, filed_with_justice_on;
  JointChannel channel = JointChannel::kDirect;
  std::vector<RowError> errors;

  bool ok() const { return errors.empty(); }
};

// A requested unit's answer.
struct ZHIFA_EXPORT JointResponse {
  int64_t row = 0;
  std::string request_id;
  const Unit* unit = nullptr;
  std::optional<Date> answered_on;
  std::optional<bool> cooperated;
  std::vector<RowError> errors;

  bool ok() const { return errors.empty(); }
};

// Road distances between townships (km), as the county measures them: from, to, km (either direction).
class ZHIFA_EXPORT DistanceTable {
 public:
  static absl::StatusOr<DistanceTable> FromCsv(std::istream& in, const Registry& registry, const CsvOptions& options);
  static absl::StatusOr<DistanceTable> FromCsvFile(const std::string& path, const Registry& registry,
                                                   CsvOptions options = {});
  // The same of a table held as columns (a pandas DataFrame), as ReadJointRequestsColumns reads requests.
  static absl::StatusOr<DistanceTable> FromColumns(const ColumnarTable& table, const Registry& registry,
                                                   std::string_view source);
  // The `n` townships nearest to `township` by the table (ties by registry order); fewer when the table has
  // fewer.
  std::vector<const Unit*> Nearest(const Unit& township, size_t n) const;

 private:
  // The table of pairs (from, to, km) as read.
  static DistanceTable FromPairs(const std::vector<std::tuple<const Unit*, const Unit*, double>>& pairs);

  absl::flat_hash_map<const Unit*, std::vector<std::pair<double, const Unit*>>> by_unit_;
};

// The findings (clause 3.2.3):
//   joint_no_basis     a request without its legal basis (配合依据);
//   joint_not_filed    a request through the 司法局 not filed with it (报备) by the day of the action, or filed
//                      without the time, place or staff (包括配合依据、时间、地点、人员等);
//   joint_wrong_lead   the lead is not the initiator (谁发起谁牵头), or the initiator is not the unit whose duty
//                      the matter is (谁职责谁发起);
//   joint_refused      a requested unit that answered it would not cooperate, or did not answer by the day of
//                      the action (必须无条件配合) — one finding per unit;
//   joint_not_nearest  with `distances`: a township's request to townships that leaves out one of its two
//                      nearest (距离最近的2个乡镇(街道)迅速组织执法队伍进行协助).
ZHIFA_EXPORT std::vector<Finding> CheckJoint(std::span<const JointRequest> requests,
                                             std::span<const JointResponse> responses, const DistanceTable* distances,
                                             const Registry& registry = Registry::Builtin());

ZHIFA_EXPORT absl::Status ReadJointRequestsCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                               const std::function<void(JointRequest&&)>& on_request,
                                               const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadJointResponsesCsv(std::istream& in, const Registry& registry, const CsvOptions& options,
                                                const std::function<void(JointResponse&&)>& on_response,
                                                const NoteSink& on_note = nullptr);
// The same of a table held as columns (a pandas DataFrame), read as ReadCasesColumns reads cases: as the CSV of the
// same table would be, each distinct text of a column given by codes parsed once. `source` names it in messages.
ZHIFA_EXPORT absl::Status ReadJointRequestsColumns(const ColumnarTable& table, const Registry& registry,
                                                   std::string_view source,
                                                   const std::function<void(JointRequest&&)>& on_request,
                                                   const NoteSink& on_note = nullptr);
ZHIFA_EXPORT absl::Status ReadJointResponsesColumns(const ColumnarTable& table, const Registry& registry,
                                                    std::string_view source,
                                                    const std::function<void(JointResponse&&)>& on_response,
                                                    const NoteSink& on_note = nullptr);

}  // namespace zhifa

#endif  // ZHIFA_JOINT_H_
