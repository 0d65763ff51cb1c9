// rackcalc run as a user runs it: every output file, summary.json with closures, and nothing
// written for bad input.

#include "cli_runner.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>
#include <vtkCellData.h>
#include <vtkCompositeDataSet.h>
#include <vtkDataArray.h>
#include <vtkInformation.h>
#include <vtkMultiBlockDataSet.h>
#include <vtkNew.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLMultiBlockDataReader.h>

namespace fs = std::filesystem;

namespace {

/// Runs rackcalc with standard error merged into standard output; returns the exit code.
int run(const std::string& args, std::string* out = nullptr) {
    const rackcalc_test::CliRun r = rackcalc_test::run_rackcalc(args, true);
    if (out != nullptr) {
        *out = r.out;
    }
    return r.code;
}

std::string read(const fs::path& file) {
    return rackcalc_test::read_file(file);
}

} // namespace

TEST_CASE("run: the GB300 example writes every result file and closes its balances") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-gb300";
    fs::remove_all(dir);
    std::string out;
    // Exit 3: the example's cdu_failure scenario fails (21 s to the first chip limit against
    // the 60 s it must hold), which the verdict reports as a finding.
    REQUIRE_MESSAGE(run("run cases/examples/gb300-nvl72.toml -o " + dir.string(), &out) == 3, out);
    for (const char* f : {"report.html", "summary.json", "summary.csv", "chips.csv", "trays.csv",
                          "rack.vtm", "loop.vtp"}) {
        CHECK_MESSAGE(fs::exists(dir / f), f);
    }
    const auto j = nlohmann::json::parse(read(dir / "summary.json"));
    CHECK(j["converged"].get<bool>());
    CHECK(j["totals"]["energy_closure_rel"].get<double>() < 1e-9);
    CHECK(j["totals"]["heat_closure_rel"].get<double>() < 1e-9);
    CHECK(j["totals"]["pue"].get<double>() > 1.0);
    CHECK(j["power_chain"]["stages"].size() >= 5);
    CHECK(j["thermal"]["chips"].size() == 234);
    // The Sankey conserves power at every stage node: in = out + loss.
    const auto& links = j["sankey"]["links"];
    for (std::size_t node = 1; node + 2 < j["sankey"]["nodes"].size(); node += 2) {
        double in = 0.0, outflow = 0.0;
        for (const auto& l : links) {
            if (l["target"].get<std::size_t>() == node) {
                in += l["value_W"].get<double>();
            }
            if (l["source"].get<std::size_t>() == node) {
                outflow += l["value_W"].get<double>();
            }
        }
        CHECK(outflow == doctest::Approx(in).epsilon(1e-12));
    }
    // The report has every section, with the charts drawn as inline SVG.
    const std::string html = read(dir / "report.html");
    for (const char* heading : {"Key results", "Findings", "Power flow from the grid to the chips",
                                "Chip temperatures per tray",
                                "Coolant flow per tray and cold plate", "Load swing and storage"}) {
        CHECK_MESSAGE(html.find(heading) != std::string::npos, heading);
    }
    std::size_t svgs = 0;
    for (std::size_t at = html.find("<svg"); at != std::string::npos;
         at = html.find("<svg", at + 1)) {
        ++svgs;
    }
    CHECK(svgs >= 6);
    CHECK(j["swing"]["t_s"].size() == j["swing"]["grid_W"].size());
    const std::string csv = read(dir / "summary.csv");
    CHECK(csv.rfind("quantity,value,unit\n", 0) == 0);
    CHECK(csv.find("\npue,") != std::string::npos);

    // The per-chip and per-tray detail: one row per chip and per tray, and together they
    // carry exactly the heat summary.json puts into the liquid; the hottest chip in the CSV
    // is the worst chip of the summary.
    auto rows = [](const std::string& text) {
        std::vector<std::vector<std::string>> table;
        std::istringstream in(text);
        std::string line;
        std::getline(in, line); // header
        while (std::getline(in, line)) {
            std::vector<std::string> cells;
            std::istringstream cs(line);
            std::string cell;
            while (std::getline(cs, cell, ',')) {
                cells.push_back(cell);
            }
            table.push_back(cells);
        }
        return table;
    };
    const auto chips = rows(read(dir / "chips.csv"));
    const auto trays = rows(read(dir / "trays.csv"));
    REQUIRE(chips.size() == 234);
    REQUIRE(trays.size() == 27); // 18 compute and 9 switch trays
    double chip_heat = 0.0, tray_heat = 0.0, hottest = -273.15;
    for (const auto& c : chips) {
        REQUIRE(c.size() == 11);
        chip_heat += std::stod(c[2]);
        hottest = std::max(hottest, std::stod(c[3]));
    }
    for (const auto& t : trays) {
        REQUIRE(t.size() == 9);
        tray_heat += std::stod(t[2]);
    }
    const double liquid = j["thermal"]["heat_to_liquid_W"].get<double>();
    CHECK(chip_heat == doctest::Approx(liquid).epsilon(1e-6));
    CHECK(tray_heat == doctest::Approx(liquid).epsilon(1e-6));
    const std::string worst = csv.substr(csv.find("\nworst_chip_temperature,") + 24);
    CHECK(hottest == doctest::Approx(std::stod(worst)).epsilon(1e-5));
}

// The CDU-failure transient as a ParaView time series: transient-cdu_failure.pvd lists 21
// frames from 0 to the 60 s horizon (later than the 21 s to the first chip limit), each a
// rack.vtm. In the lumped heat-up every temperature of the loop rises at the scenario's
// dT/dt, so between the first and last frame each chip's junction rises by 60 s x dT/dt and
// its margin falls by as much, and the worst margin crosses zero where the scenario says.
// The sweep's series has one frame per point, whose worst margin is the sweep table's.
TEST_CASE("run: the CDU-failure transient and the sweep are .pvd series of rack.vtm frames") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-gb300-pvd";
    fs::remove_all(dir);
    std::string out;
    REQUIRE_MESSAGE(run("run cases/examples/gb300-nvl72.toml -o " + dir.string(), &out) == 3, out);
    const auto j = nlohmann::json::parse(read(dir / "summary.json"));
    double dT_dt = 0.0, t_limit = 0.0, horizon = 0.0;
    for (const auto& sc : j["scenarios"]) {
        if (sc["kind"] == "cdu_failure") {
            dT_dt = sc["dT_dt_K_per_s"].get<double>();
            t_limit = sc["time_to_chip_limit_s"].get<double>();
            horizon = sc["limit"].get<double>();
        }
    }
    REQUIRE(dT_dt > 0.0);
    REQUIRE(horizon > t_limit);
    // The collection: one DataSet per frame, times rising evenly to the horizon.
    const std::string pvd = read(dir / "transient-cdu_failure.pvd");
    CHECK(pvd.find("<VTKFile type=\"Collection\"") != std::string::npos);
    // (timestep, file) of every DataSet of a collection.
    auto datasets = [](const std::string& text) {
        std::vector<std::pair<double, std::string>> sets;
        for (std::size_t at = text.find("<DataSet"); at != std::string::npos;
             at = text.find("<DataSet", at + 1)) {
            const std::size_t t0 = text.find("timestep=\"", at) + 10;
            const std::size_t f0 = text.find("file=\"", at) + 6;
            sets.emplace_back(std::stod(text.substr(t0, text.find('"', t0) - t0)),
                              text.substr(f0, text.find('"', f0) - f0));
        }
        return sets;
    };
    const auto frames = datasets(pvd);
    REQUIRE(frames.size() == 21);
    for (std::size_t k = 0; k < frames.size(); ++k) {
        CHECK(frames[k].first ==
              doctest::Approx(horizon * static_cast<double>(k) / 20.0).epsilon(1e-9));
        CHECK_MESSAGE(fs::exists(dir / frames[k].second), frames[k].second);
    }
    // Junctions and margins of the accelerators in a frame, in cell order.
    auto chips = [&](const std::string& file) {
        vtkNew<vtkXMLMultiBlockDataReader> reader;
        reader->SetFileName((dir / file).c_str());
        reader->Update();
        auto* blocks = vtkMultiBlockDataSet::SafeDownCast(reader->GetOutput());
        REQUIRE(blocks != nullptr);
        std::vector<std::pair<double, double>> T_margin;
        for (unsigned i = 0; i < blocks->GetNumberOfBlocks(); ++i) {
            if (std::string(blocks->GetMetaData(i)->Get(vtkCompositeDataSet::NAME())) !=
                "accelerators") {
                continue;
            }
            auto* grid = vtkUnstructuredGrid::SafeDownCast(blocks->GetBlock(i));
            REQUIRE(grid != nullptr);
            vtkDataArray* T = grid->GetCellData()->GetArray("T_junction_K");
            vtkDataArray* m = grid->GetCellData()->GetArray("margin_K");
            REQUIRE(T != nullptr);
            REQUIRE(m != nullptr);
            for (vtkIdType c = 0; c < grid->GetNumberOfCells(); ++c) {
                T_margin.emplace_back(T->GetTuple1(c), m->GetTuple1(c));
            }
        }
        return T_margin;
    };
    const auto first = chips(frames.front().second);
    const auto last = chips(frames.back().second);
    REQUIRE(first.size() == 72);
    REQUIRE(last.size() == first.size());
    double worst_first = 1e9, worst_last = 1e9;
    for (std::size_t c = 0; c < first.size(); ++c) {
        CHECK(last[c].first - first[c].first == doctest::Approx(horizon * dT_dt).epsilon(1e-9));
        CHECK(first[c].second - last[c].second == doctest::Approx(horizon * dT_dt).epsilon(1e-9));
        worst_first = std::min(worst_first, first[c].second);
        worst_last = std::min(worst_last, last[c].second);
    }
    // The worst margin reaches zero at the scenario's time to the chip limit.
    CHECK(worst_first / dT_dt == doctest::Approx(t_limit).epsilon(1e-9));
    CHECK(worst_last < 0.0);

    // The sweep as a series too: one frame per point with a result, its time the point's row
    // in sweep-supply-temperature.csv, whose worst-chip margin is the frame's smallest
    // margin_K over every block.
    const auto points = datasets(read(dir / "sweep-supply-temperature.pvd"));
    std::vector<double> csv_margin;
    {
        std::istringstream in(read(dir / "sweep-supply-temperature.csv"));
        std::string line;
        std::getline(in, line); // header: supply, worst_chip_margin_K, ...
        while (std::getline(in, line)) {
            const std::size_t c1 = line.find(',');
            csv_margin.push_back(std::stod(line.substr(c1 + 1, line.find(',', c1 + 1) - c1 - 1)));
        }
    }
    REQUIRE(points.size() == csv_margin.size()); // every point of the example has a result
    for (const auto& [t, file] : points) {
        vtkNew<vtkXMLMultiBlockDataReader> reader;
        reader->SetFileName((dir / file).c_str());
        reader->Update();
        auto* blocks = vtkMultiBlockDataSet::SafeDownCast(reader->GetOutput());
        REQUIRE(blocks != nullptr);
        double worst = 1e9;
        for (unsigned i = 0; i < blocks->GetNumberOfBlocks(); ++i) {
            auto* grid = vtkUnstructuredGrid::SafeDownCast(blocks->GetBlock(i));
            vtkDataArray* m = grid != nullptr ? grid->GetCellData()->GetArray("margin_K") : nullptr;
            for (vtkIdType c = 0; m != nullptr && c < m->GetNumberOfTuples(); ++c) {
                worst = std::min(worst, m->GetTuple1(c));
            }
        }
        CHECK(worst == doctest::Approx(csv_margin.at(static_cast<std::size_t>(t))).epsilon(1e-7));
    }
}

// A hall of identical racks: the racks of a kind have the same results part by part
// (thermal::RackLoop solves one and copies it), so summary.json and the report list the parts of
// the first rack once and say so, while chips.csv and trays.csv have every part of every rack.
TEST_CASE("run: a hall of three identical racks lists one rack's parts; the CSV files every part") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-hall3";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "hall.toml")
        << "template = \"gb300-nvl72\"\n[[system.row]]\nrack = \"nvl72\"\ncount = 3\n";
    std::string out;
    REQUIRE(run("run " + (dir / "hall.toml").string() + " -o " + (dir / "out").string(), &out) ==
            0);
    const auto j = nlohmann::json::parse(read(dir / "out" / "summary.json"));
    const auto& th = j["thermal"];
    REQUIRE(th["rack_kinds"].size() == 1);
    CHECK(th["rack_kinds"][0]["first"] == "nvl72-01");
    CHECK(th["rack_kinds"][0]["racks"] == 3);
    REQUIRE(th["racks"].size() == 3);
    CHECK(th["racks"][2]["name"] == "nvl72-03");
    CHECK(th["racks"][2]["kind"] == "nvl72-01");
    CHECK(th["chips"].size() == 234); // one GB300 rack's liquid-cooled chips
    CHECK(th["trays"].size() == 27);
    // Every tray of every rack by type: 18 compute and 9 switch trays per rack.
    REQUIRE(th["tray_types"].size() == 2);
    CHECK(th["tray_types"][0]["type"] == "compute");
    CHECK(th["tray_types"][0]["count"] == 3 * 18);
    CHECK(th["tray_types"][1]["type"] == "switch");
    CHECK(th["tray_types"][1]["count"] == 3 * 9);
    CHECK(th["tray_types"][0]["flow_max_m3_s"].get<double>() >=
          th["tray_types"][0]["flow_min_m3_s"].get<double>());
    for (const auto& c : th["chips"]) {
        REQUIRE(c["name"].get<std::string>().rfind("nvl72-01/", 0) == 0);
    }
    // Three racks' liquid heat in the coolant, three times one rack's chips in chips.csv.
    const std::string chips = read(dir / "out" / "chips.csv");
    CHECK(std::count(chips.begin(), chips.end(), '\n') == 1 + 3 * 234);
    CHECK(chips.find("\nnvl72-03/compute-18/b300-4,") != std::string::npos);
    const std::string trays = read(dir / "out" / "trays.csv");
    CHECK(std::count(trays.begin(), trays.end(), '\n') == 1 + 3 * 27);
    CHECK(th["heat_to_liquid_W"].get<double>() ==
          doctest::Approx(3.0 * 122760.0).epsilon(1e-9)); // 3 x the GB300 rack's liquid heat
    const std::string report = read(dir / "out" / "report.html");
    CHECK(report.find("listed for the first rack of each kind: nvl72-01 (3 alike)") !=
          std::string::npos);
    // The terminal lists each kind of rack once, with its count, and the first rack's trays.
    REQUIRE(run("thermal " + (dir / "hall.toml").string(), &out) == 0);
    CHECK(out.find("Racks (3 of 1 kind(s); a kind's racks have the same results)") !=
          std::string::npos);
    CHECK(out.find("  nvl72-01                      3     122.8") != std::string::npos);
    CHECK(out.find("Trays (of the first rack of each kind):") != std::string::npos);
    CHECK(out.find("--json has every chip of the first rack of each kind") != std::string::npos);
    CHECK(out.find("nvl72-02/") == std::string::npos);
}

TEST_CASE("run: bad input exits 2 and writes nothing") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-bad";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "bad.toml") << "template = \"gb300-nvl72\"\n[site]\nprice_discount = 2\n";
    std::string out;
    CHECK(run("run " + (dir / "bad.toml").string() + " -o " + (dir / "out").string(), &out) == 2);
    CHECK(out.find("bad.toml:3:18: error: [site.price_discount]") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("compare: CloudMatrix at half price costs half per PFLOP-hour of the full-price case") {
    std::string out;
    REQUIRE(
        run("compare cases/examples/cloudmatrix-384.toml "
            "cases/examples/cloudmatrix-384-full-price.toml cases/examples/tpu-v7-ironwood.toml "
            "--json",
            &out) == 0);
    const auto j = nlohmann::json::parse(out.substr(out.find('[')));
    REQUIRE(j.size() == 3);
    const double half = j[0]["cost_per_pflop_hour_USD"].get<double>();
    const double full = j[1]["cost_per_pflop_hour_USD"].get<double>();
    CHECK(half == doctest::Approx(0.5 * full).epsilon(1e-9));
    // Compute per MW comes from the templates' published figures: 64 x 4.614 PF FP8 on the
    // Ironwood rack's IT power.
    CHECK(j[2]["pflops_per_MW"].get<double>() ==
          doctest::Approx(295.3 / (j[2]["it_power_W"].get<double>() / 1e6)).epsilon(1e-12));
}

TEST_CASE("run: under xvfb-run the report shows the rack picture; without a display it says so") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-picture";
    fs::remove_all(dir);
    std::string out;
    // Without a display: no picture, and the report says why.
    REQUIRE(run("run cases/examples/gb300-nvl72.toml -o " + dir.string(), &out) == 3);
    CHECK_FALSE(fs::exists(dir / "rack.png"));
    CHECK(read(dir / "report.html").find("no X display") != std::string::npos);
#if defined(__SANITIZE_ADDRESS__)
    // Mesa and Xlib keep allocations alive to exit, which LeakSanitizer reports; the picture
    // is checked in the plain build only.
    MESSAGE("picture under xvfb-run skipped in the sanitizer build");
#else
    if (std::system("command -v xvfb-run > /dev/null") != 0) {
        MESSAGE("xvfb-run not installed: picture not checked");
        return;
    }
    fs::remove_all(dir);
    REQUIRE(run("run cases/examples/gb300-nvl72.toml -o " + dir.string(), &out) == 3);
    const std::string cmd = std::string("cd ") + RACKCALC_SOURCE_DIR + " && xvfb-run -a " +
                            RACKCALC_BINARY + " run cases/examples/gb300-nvl72.toml -o " +
                            dir.string() + " > /dev/null 2>&1; test $? -eq 3";
    REQUIRE(std::system(cmd.c_str()) == 0);
    REQUIRE(fs::exists(dir / "rack.png"));
    CHECK(fs::file_size(dir / "rack.png") > 10000);
    CHECK(read(dir / "report.html").find("rack.png") != std::string::npos);
#endif
}

TEST_CASE("compare --price: one chosen price for every case, each keeping its discount") {
    std::string out;
    REQUIRE(run("compare cases/examples/cloudmatrix-384.toml "
                "cases/examples/cloudmatrix-384-full-price.toml --price \"0.10 USD/kWh\" --json",
                &out) == 0);
    const auto j = nlohmann::json::parse(out.substr(out.find('[')));
    CHECK(j[0]["price_USD_per_kWh"].get<double>() == doctest::Approx(0.05)); // half price
    CHECK(j[1]["price_USD_per_kWh"].get<double>() == doctest::Approx(0.10));
    CHECK(run("compare cases/examples/tpu-v7-ironwood.toml --price \"0.1 kW\"", &out) == 2);
    CHECK(out.find("[--price]") != std::string::npos);
}

// The ParaView views script `run` writes beside its VTK files (viz/paraview_views.py), run
// against a stand-in for paraview.simple (tests/app/data/paraview_stub: Debian 12's
// paraview cannot be installed beside libvtk9-dev) that reads every file the script opens
// with VTK and refuses an array no block carries: the three standard views open, each
// coloured by a field the run wrote, over the range the run computed.
TEST_CASE("run: paraview-views.py opens the rack, the loop and the transient with their fields") {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-cli" / "run-gb300-paraview";
    fs::remove_all(dir);
    std::string out;
    REQUIRE_MESSAGE(run("run cases/examples/gb300-nvl72.toml -o " + dir.string(), &out) == 3, out);
    REQUIRE(fs::exists(dir / "paraview-views.py"));
    const fs::path stub = fs::path(RACKCALC_SOURCE_DIR) / "tests/app/data/paraview_stub";
    const std::string cmd = "cd / && PYTHONPATH=" + stub.string() + " /usr/bin/python3 " +
                            (dir / "paraview-views.py").string() + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string views;
    std::array<char, 4096> buffer{};
    for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
        views.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    REQUIRE_MESSAGE(WIFEXITED(status), views);
    REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, views);
    CHECK(views.find("view 0: rack.vtm coloured by CELLS:T_junction_K") != std::string::npos);
    CHECK(views.find("view 1: loop.vtp coloured by POINTS:p_Pa range 0 ") != std::string::npos);
    CHECK(views.find("view 2: transient-cdu_failure.pvd coloured by CELLS:margin_K") !=
          std::string::npos);
    CHECK(views.find("animation: data time steps") != std::string::npos);
    // The junction range is the run's: its hottest chip is the summary's worst.
    const auto j = nlohmann::json::parse(read(dir / "summary.json"));
    const auto at = views.find("T_junction_K range ");
    REQUIRE(at != std::string::npos);
    std::istringstream range(views.substr(at + 19));
    double lo = 0.0, hi = 0.0;
    range >> lo >> hi;
    double T_hottest = 0.0;
    for (const auto& chip : j["thermal"]["chips"]) {
        T_hottest = std::max(T_hottest, chip["T_junction_K"].get<double>());
    }
    CHECK(hi == doctest::Approx(T_hottest).epsilon(1e-5));
    CHECK(lo < hi);

    // A folder without the files is refused with a message, not a traceback into ParaView.
    fs::remove(dir / "loop.vtp");
    pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string missing;
    for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
        missing.append(buffer.data(), n);
    }
    CHECK(WEXITSTATUS(pclose(pipe)) != 0);
    CHECK(missing.find("loop.vtp is missing") != std::string::npos);
}
