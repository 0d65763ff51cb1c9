#pragma once
// The templates bundled in the source tree, read once per test process: what a case's
// `template = "..."` resolves to in the tests of cases/.

#include "cases/case.hpp"

#include <filesystem>

namespace rackcalc_test {

inline const rackcalc::cases::TemplateLibrary& bundled_templates() {
    static const rackcalc::cases::TemplateLibrary library(
        {std::filesystem::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    return library;
}

} // namespace rackcalc_test
