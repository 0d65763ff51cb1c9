#pragma once
// Where a result came from: the tool version, when it ran, every input file with its SHA-256,
// and the case as resolved after template inheritance. Recorded in summary.json and the
// report, so a result can be traced to the exact inputs that made it.

#include "cases/case.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::cases {

struct InputFile {
    std::string path;   ///< as read
    std::string sha256; ///< lower-case hex of the file's bytes
    std::size_t bytes = 0;
};

struct Provenance {
    std::string version;           ///< rackcalc version
    std::string generated_utc;     ///< ISO 8601, e.g. 2026-11-29T11:52:03Z
    std::vector<InputFile> inputs; ///< the case file and every template it inherits
    nlohmann::json resolved_case;  ///< the merged document, after inheritance
};

/// SHA-256 of `bytes` as lower-case hex (FIPS 180-4, through OpenSSL's libcrypto).
std::string sha256_hex(std::string_view bytes);

/// The provenance of a run of `document`; `version` is the tool's version string.
Provenance make_provenance(const CaseDocument& document, std::string version);

nlohmann::json provenance_to_json(const Provenance& p);

} // namespace rackcalc::cases
