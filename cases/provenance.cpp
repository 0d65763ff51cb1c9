#include "cases/provenance.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <memory>
#include <openssl/evp.h>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

namespace rackcalc::cases {

std::string sha256_hex(std::string_view bytes) {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                      &EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
        throw std::runtime_error("SHA-256 failed (OpenSSL libcrypto)");
    }
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += fmt::format("{:02x}", digest[i]);
    }
    return hex;
}

namespace {

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace

Provenance make_provenance(const CaseDocument& document, std::string version) {
    Provenance p;
    p.version = std::move(version);
    p.generated_utc = utc_now();
    if (document.sources) {
        for (const auto& [name, text] : document.sources->texts()) {
            p.inputs.push_back({name, sha256_hex(text), text.size()});
        }
    }
    std::ostringstream merged;
    merged << toml::json_formatter{document.merged};
    p.resolved_case = nlohmann::json::parse(merged.str());
    return p;
}

nlohmann::json provenance_to_json(const Provenance& p) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& f : p.inputs) {
        inputs.push_back({{"file", f.path}, {"sha256", f.sha256}, {"bytes", f.bytes}});
    }
    return {{"rackcalc_version", p.version},
            {"generated_utc", p.generated_utc},
            {"inputs", inputs},
            {"resolved_case", p.resolved_case}};
}

} // namespace rackcalc::cases
