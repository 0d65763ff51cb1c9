#pragma once
// Whether an OpenFOAM airflow run of a rack room (`rackcalc cfd airflow`) is an answer: its
// heat balance closes and its results no longer move. The gates are below, with why.

#include "thermal/openfoam/airflow_rack.hpp"
#include "thermal/openfoam/airflow_run.hpp"

#include <string>

namespace rackcalc::openfoam {

struct AirflowJudgement {
    bool answer = false;
    std::string how; ///< how the run was judged, for the terminal and airflow.json
    std::string why; ///< what failed, when not an answer
    std::string advice;
};

AirflowJudgement judge_airflow_run(const AirflowRun& run, const RackAirflowResult& r,
                                   const RackAirflowCase& c);

} // namespace rackcalc::openfoam
