// summary.html of a run that did not converge: the verdict and the reason, no numbers from a
// state that did not settle. (A converged run in US units is checked through the CLI,
// tests/app/test_units_cli.cpp.)

#include "viz/summary_page.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc;

TEST_CASE("summary page: an unconverged run shows its verdict and why, and no numbers") {
    cases::RunRecord run;
    run.case_facts.name = "Test <rack>";
    run.system.converged = false;
    run.system.reason = "the facility power did not settle in 30 iterations";
    run.verdict.violations.push_back(
        {cases::Violation::Kind::convergence, "fused run", "did not converge"});
    const std::string page = viz::render_summary_page(run, core::Display(core::UnitSystem::us));
    CHECK(page.find("class=\"verdict fail\">FAIL") != std::string::npos);
    CHECK(page.find("<li>fused run: did not converge</li>") != std::string::npos);
    CHECK(page.find("No results: the fused run did not converge (the facility power did not "
                    "settle in 30 iterations)") != std::string::npos);
    CHECK(page.find("<table") == std::string::npos);
    CHECK(page.find("Test &lt;rack&gt;") != std::string::npos); // escaped
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("units: us") != std::string::npos);
}
