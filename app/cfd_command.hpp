#pragma once
// rackcalc cfd coldplate: the cold plate of a case in OpenFOAM at several flows, fitted
// curves of thermal resistance and pressure drop, the fast model beside them before and
// after calibration, and the curves written as a [plates.<id>.performance] table.

#include <filesystem>
#include <string>
#include <vector>

namespace rackcalc::app {

struct CfdColdplateOptions {
    std::filesystem::path case_file;
    std::string plate; ///< plate design id; empty: the plate of the first GPU
    std::filesystem::path out_dir;
    int np = 1;
    std::vector<std::string> flows; ///< e.g. {"0.5 L/min", "1 L/min"}; empty: 0.5, 1, 2 x design
    double time_limit_s = 900.0;    ///< per flow point
};

int cfd_coldplate(const CfdColdplateOptions& options);

} // namespace rackcalc::app
