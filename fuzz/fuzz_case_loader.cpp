// libFuzzer target: any bytes as a case file, through everything `rackcalc check` does
// (limits, TOML parsing, template resolution, schema validation, spec parsing, assembly).
// The only acceptable outcome besides success is core::InputError: any other exception, a
// crash or a sanitizer report is a finding.

#include "cases/case.hpp"
#include "geometry/assembly.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rackcalc;
    static const cases::TemplateLibrary library = cases::TemplateLibrary::bundled();
    // A folder that does not exist: templates come from the bundled library only.
    static const std::filesystem::path name = "/nonexistent-rackcalc-fuzz/case.toml";
    try {
        const cases::CaseSpec spec = cases::load_case_text(
            name, std::string(reinterpret_cast<const char*>(data), size), library);
        geometry::build_assembly(spec.layout);
    } catch (const core::InputError&) {
        // A rejected input, as intended.
    }
    return 0;
}
