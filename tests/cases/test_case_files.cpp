// Case files and the template library: inheritance, overrides, the totals each template
// states, and the errors a user gets for bad input (file:line:column, key, fix).

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "geometry/assembly.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

/// Writes a case file into a fresh temporary folder and returns its path.
fs::path write_case(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cases";
    fs::create_directories(dir);
    const fs::path file = dir / name;
    std::ofstream(file) << text;
    return file;
}

std::string error_of(const fs::path& file) {
    try {
        const auto spec = cases::load_case(file, rackcalc_test::bundled_templates());
        geometry::build_assembly(spec.layout);
    } catch (const core::InputError& e) {
        return e.format();
    }
    return "no error";
}

geometry::Assembly assemble(const std::string& name) {
    return geometry::build_assembly(
        cases::load_template(name, rackcalc_test::bundled_templates()).layout);
}

} // namespace

TEST_CASE("the library holds the six templates") {
    const auto names = rackcalc_test::bundled_templates().names();
    for (const char* expected : {"gb200-nvl72", "gb300-nvl72", "vr-nvl144", "rubin-ultra-nvl576",
                                 "tpu-v7-ironwood", "cloudmatrix-384"}) {
        CHECK_MESSAGE(std::find(names.begin(), names.end(), expected) != names.end(), expected);
    }
}

// Expected counts come from the sources, not from the templates:
// seed-facts.md "Rack systems" and rack-data.md sections 1-4.
TEST_CASE("GB200 NVL72: 72 GPUs, 36 Grace, 117 cold plates (report 5.2; [N1])") {
    const auto a = assemble("gb200-nvl72");
    CHECK(a.counts.at("accelerators") == 72);
    CHECK(a.counts.at("cpus") == 36);
    CHECK(a.counts.at("cold_plates") == 18 * 6 + 9 * 1);
    CHECK(a.counts.at("compute_trays") == 18);
    CHECK(a.counts.at("switch_trays") == 9);
}

TEST_CASE("GB300 NVL72: 1400 W B300, 450 quick disconnects ([P16]), GB200 rack inherited") {
    const auto spec = cases::load_template("gb300-nvl72", rackcalc_test::bundled_templates());
    CHECK(spec.layout.chips.at("b300").tdp.value() == doctest::Approx(1400.0));
    CHECK(spec.template_chain == std::vector<std::string>{"gb200-nvl72"});
    CHECK(spec.layout.racks.at("nvl72").depth_m == doctest::Approx(1.2));
    const auto a = geometry::build_assembly(spec.layout);
    CHECK(a.counts.at("accelerators") == 72);
    CHECK(a.counts.at("quick_disconnects") == 18 * 24 + 9 * 2);
    CHECK(a.counts.at("switch_trays") == 9);
}

TEST_CASE("Vera Rubin NVL144: 72 packages of 2 dies ([P17])") {
    const auto a = assemble("vr-nvl144");
    CHECK(a.counts.at("accelerators") == 72);
    CHECK(a.counts.at("accelerator_dies") == 144);
}

TEST_CASE("Rubin Ultra NVL576 (Kyber): 576 dies, 144 Vera CPUs, 4 canisters (report 4.2)") {
    const auto a = assemble("rubin-ultra-nvl576");
    CHECK(a.counts.at("accelerator_dies") == 576);
    CHECK(a.counts.at("cpus") == 144);
    CHECK(a.of_kind(geometry::PartKind::canister).size() == 4);
}

TEST_CASE("TPU v7 Ironwood: 16 trays x 4 = 64 chips ([G1],[G2])") {
    CHECK(assemble("tpu-v7-ironwood").counts.at("accelerators") == 64);
}

TEST_CASE("CloudMatrix 384: 384 Ascend 910C, 192 Kunpeng, 16 racks in a row ([H1],[H5])") {
    const auto a = assemble("cloudmatrix-384");
    CHECK(a.counts.at("accelerators") == 384);
    CHECK(a.counts.at("cpus") == 192);
    CHECK(a.counts.at("racks") == 16);
    // Racks stand side by side: no two frames overlap and they run along x.
    const auto racks = a.of_kind(geometry::PartKind::rack);
    for (std::size_t i = 1; i < racks.size(); ++i) {
        CHECK(racks[i]->box.lo[0] >= racks[i - 1]->box.hi[0] - 1e-9);
    }
}

TEST_CASE("every number in every template carries a source") {
    for (const auto& name : rackcalc_test::bundled_templates().names()) {
        const auto missing =
            cases::unsourced_template_numbers(*rackcalc_test::bundled_templates().find(name));
        std::string listed;
        for (const auto& d : missing) {
            listed += d.format();
        }
        CHECK_MESSAGE(missing.empty(), name << ":\n" << listed);
    }
}

TEST_CASE("a case overrides template values; the override's provenance is the case file") {
    const auto file = write_case("override.toml", "template = \"gb300-nvl72\"\n"
                                                  "[cooling]\nsupply_temperature = \"40 degC\"\n"
                                                  "[chips.b300]\ntdp = \"1500 W\"\n");
    const auto spec = cases::load_case(file, rackcalc_test::bundled_templates());
    CHECK(spec.cooling.supply_temperature.value() == doctest::Approx(313.15));
    CHECK(spec.cooling.coolant == "PG25"); // from the template
    const auto base = assemble("gb300-nvl72");
    const auto over = geometry::build_assembly(spec.layout);
    CHECK(over.it_power_W - base.it_power_W == doctest::Approx(72 * 100.0));
}

TEST_CASE("a template beside the case is found first (users add their own)") {
    write_case("my-rack.toml", "inherits = \"gb200-nvl72\"\n[meta]\nname = \"My rack\"\n");
    const auto file = write_case("uses-my-rack.toml", "template = \"my-rack\"\n");
    const auto spec = cases::load_case(file, rackcalc_test::bundled_templates());
    CHECK(spec.meta.name == "My rack");
    CHECK(spec.template_chain == std::vector<std::string>{"my-rack", "gb200-nvl72"});
}

TEST_CASE("bad input: unknown key, with a suggestion") {
    const auto file = write_case("unknown.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                                 "supply_temprature = \"40 degC\"\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":3:1: error: [cooling.supply_temprature] unknown key "
                                 "\"supply_temprature\" in [cooling]") != std::string::npos);
    CHECK(e.find(" 3 | supply_temprature = \"40 degC\"\n   | ^\n") != std::string::npos);
    CHECK(e.find("fix: did you mean \"supply_temperature\"?") != std::string::npos);
}

TEST_CASE("bad input: a power where a temperature belongs") {
    const auto file = write_case("unit.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                              "supply_temperature = \"45 kW\"\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":3:22: error: [cooling.supply_temperature] supply_temperature = "
                                 "\"45 kW\": \"45 kW\" is a power, but a temperature is needed") !=
          std::string::npos);
    CHECK(e.find("fix: write a temperature, e.g. \"45 degC\"") != std::string::npos);
}

TEST_CASE("bad input: a value out of range") {
    const auto file = write_case("range.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                               "supply_temperature = \"145 degC\"\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":3:22: error: [cooling.supply_temperature] supply_temperature = "
                                 "\"145 degC\" is above the maximum 65 degC") != std::string::npos);
    CHECK(e.find("fix: use a value in the allowed range 2 degC to 65 degC") != std::string::npos);
}

TEST_CASE("bad input: a template that does not exist") {
    const auto file = write_case("missing.toml", "template = \"gb400-nvl72\"\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":1:12: error: [template] template \"gb400-nvl72\" not found") !=
          std::string::npos);
    CHECK(e.find("did you mean \"gb200-nvl72\"?") != std::string::npos);
}

TEST_CASE("bad input: broken TOML syntax") {
    const auto file = write_case("syntax.toml", "template = \"gb300-nvl72\"\n[cooling\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":2:9: error: TOML syntax error") != std::string::npos);
    CHECK(e.find(" 2 | [cooling\n") != std::string::npos);
    CHECK(e.find("fix: correct the TOML syntax") != std::string::npos);
}

TEST_CASE("bad input: an override that makes parts overlap is reported at the override") {
    const auto file = write_case("overlap.toml", "template = \"gb300-nvl72\"\n[racks.nvl72]\n"
                                                 "rear_space = \"20 mm\"\n");
    const std::string e = error_of(file);
    CHECK(e.find(file.string() + ":3:14: error: [racks.nvl72.rear_space] manifold "
                                 "\"nvl72-01/manifold-supply\" overlaps") != std::string::npos);
    CHECK(e.find("fix: move or shrink one of them") != std::string::npos);
}

TEST_CASE("bad input: an override that breaks a stated total") {
    const auto file = write_case("totals.toml", "template = \"gb200-nvl72\"\n[trays.compute]\n"
                                                "chips = [{ chip = \"b200\", count = 5 }, "
                                                "{ chip = \"grace\", count = 2 }]\n");
    const std::string e = error_of(file);
    CHECK(e.find("the template states 72 accelerators but the layout places 90") !=
          std::string::npos);
}
