// rackcalc schema: the input reference (docs/input-reference.md), generated from the schema
// declared in the code.

#include "app/commands.hpp"
#include "cases/case.hpp"

#include <iostream>

namespace rackcalc::app {

int print_input_reference() {
    std::cout << core::schema_markdown(
        cases::document_schema(), "RackCalc input reference",
        "Generated from the schema in the code by `rackcalc schema`; do not edit by hand "
        "(a test fails when this file is stale: regenerate it with "
        "`build/release/app/rackcalc schema > docs/input-reference.md`).\n\n"
        "A case file names a template (`template = \"gb300-nvl72\"`) and overrides any of its "
        "values; a template may inherit from another (`inherits = \"gb200-nvl72\"`). Quantities "
        "are strings with a unit (`\"45 degC\"`, `\"1.5 L/min\"`, `\"35 psi\"`, `\"600 mm\"`, "
        "`\"1 U\"`); they are converted to SI on input. Temperature differences are written in "
        "K. Units: SI prefixes G M k c m u n on m, g, s, W, J, Wh, Pa, bar, A, V, L, Hz; also "
        "min, h, d, yr, psi, in, ft, U (44.45 mm), OU (48 mm), LPM, gpm, CFM, BTU, TR (ton of "
        "refrigeration), USD, %, degC, degF, and R (a Rankine degree, for differences in degF).");
    return exit_ok;
}

} // namespace rackcalc::app
