#include "thermal/openfoam/airflow_case.hpp"

#include "geometry/polymesh_writer.hpp"
#include "thermal/openfoam/runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

namespace {

std::string num(double v) {
    return geometry::foam_number(v);
}

std::string vec(const std::array<double, 3>& v) {
    return "(" + num(v[0]) + " " + num(v[1]) + " " + num(v[2]) + ")";
}

AirflowFile dictionary(const fs::path& path, const std::string& cls, const std::string& object,
                       const std::string& body) {
    return {path, geometry::foam_file_header(cls, path.parent_path().string(), object) + body};
}

void check_positive(double v, const std::string& what) {
    if (!(std::isfinite(v) && v > 0.0)) {
        throw std::invalid_argument(what + " must be positive and finite, got " + num(v));
    }
}

void check_non_negative(double v, const std::string& what) {
    if (!(std::isfinite(v) && v >= 0.0)) {
        throw std::invalid_argument(what + " must be >= 0 and finite, got " + num(v));
    }
}

const AirflowBoundary* find_boundary(const AirflowCaseSpec& spec, const std::string& patch) {
    for (const auto& b : spec.boundaries) {
        if (b.patch == patch) {
            return &b;
        }
    }
    return nullptr;
}

void check_spec(const AirflowCaseSpec& spec, const geometry::HexMesh& mesh) {
    const auto& f = spec.fluid;
    check_positive(f.rho, "air density");
    check_positive(f.cp, "air specific heat");
    check_positive(f.nu, "air kinematic viscosity");
    check_non_negative(f.beta, "air expansion coefficient");
    check_positive(f.T_ref_K, "reference temperature");
    check_positive(f.Pr, "Prandtl number");
    check_positive(f.Prt, "turbulent Prandtl number");
    check_positive(spec.T_initial_K, "initial temperature");
    for (double gi : spec.g) {
        if (!std::isfinite(gi)) {
            throw std::invalid_argument("gravity must be finite");
        }
    }
    std::set<std::string> seen;
    for (const auto& b : spec.boundaries) {
        if (!seen.insert(b.patch).second) {
            throw std::invalid_argument("patch '" + b.patch + "' has two boundary conditions");
        }
        (void)mesh.patch(b.patch); // throws std::out_of_range naming the patch
        if (b.kind == BoundaryKind::inflow || b.kind == BoundaryKind::outflow) {
            check_positive(b.V_dot_m3_s, "volume flow of patch '" + b.patch + "'");
        }
        if (b.kind == BoundaryKind::inflow && !b.T_K) {
            throw std::invalid_argument("inflow patch '" + b.patch + "' has no temperature");
        }
        if (b.T_K) {
            check_positive(*b.T_K, "temperature of patch '" + b.patch + "'");
        }
    }
    for (const auto& p : mesh.patches) {
        if (!seen.contains(p.spec.name)) {
            throw std::invalid_argument("patch '" + p.spec.name +
                                        "' of the mesh has no boundary condition");
        }
    }
    for (const auto& z : spec.porous) {
        (void)mesh.zone(z.zone);
        for (int a = 0; a < 3; ++a) {
            check_non_negative(z.d[a], "Darcy coefficient of zone '" + z.zone + "'");
            check_non_negative(z.f[a], "Forchheimer coefficient of zone '" + z.zone + "'");
        }
    }
    for (const auto& h : spec.heat) {
        (void)mesh.zone(h.zone);
        if (!std::isfinite(h.Q_W)) {
            throw std::invalid_argument("heat of zone '" + h.zone + "' must be finite");
        }
    }
    for (const auto& fan : spec.fans) {
        (void)mesh.zone(fan.zone);
        if (fan.axis < 0 || fan.axis > 2) {
            throw std::invalid_argument("fan axis of zone '" + fan.zone + "' must be 0, 1 or 2");
        }
        check_positive(fan.length_m, "fan length of zone '" + fan.zone + "'");
        check_non_negative(fan.dp0_Pa, "fan pressure of zone '" + fan.zone + "'");
        check_non_negative(fan.slope_Pa_s_m, "fan curve slope of zone '" + fan.zone + "'");
    }
    if (spec.monitor_interval < 0) {
        throw std::invalid_argument("monitor_interval must be 0 (reports at the end) or more");
    }
    if (spec.max_iterations < 1) {
        throw std::invalid_argument("max_iterations must be at least 1");
    }
    if (const auto& t = spec.transient) {
        check_positive(t->end_time_s, "transient end time");
        check_positive(t->report_interval_s, "transient report interval");
        check_positive(t->max_courant, "transient Courant number");
        check_positive(t->first_step_s, "transient first time step");
        check_non_negative(t->average_from_s, "transient averaging start");
        if (t->report_interval_s > t->end_time_s || t->first_step_s > t->report_interval_s ||
            t->average_from_s >= t->end_time_s) {
            throw std::invalid_argument(
                "transient: the first step, the report interval and the end time must grow in "
                "that order, and averaging start before the end, got " +
                num(t->first_step_s) + ", " + num(t->report_interval_s) + ", " +
                num(t->end_time_s) + " and " + num(t->average_from_s) + " s");
        }
    }
    check_positive(spec.residual_target, "residual target");
}

bool turbulent(const AirflowCaseSpec& spec) {
    return spec.turbulence == Turbulence::k_omega_sst;
}

std::string entry(const std::string& patch, const std::string& body) {
    return "    " + patch + "\n    {\n" + body + "    }\n";
}

std::string field_body(const std::string& dimensions, const std::string& internal,
                       const std::string& boundary) {
    return "dimensions      " + dimensions + ";\n\ninternalField   " + internal +
           ";\n\nboundaryField\n{\n" + boundary + "}\n";
}

std::string line(const std::string& key, const std::string& value) {
    std::string k = "        " + key;
    if (k.size() < 24) {
        k.resize(24, ' ');
    } else {
        k += ' ';
    }
    return k + value + ";\n";
}

/// The boundary entry of one field on one patch.
std::string bc(const std::string& field, const AirflowBoundary& b, const AirflowCaseSpec& spec,
               double k_in, double omega_in) {
    if (b.kind == BoundaryKind::empty) {
        return entry(b.patch, line("type", "empty"));
    }
    if (b.kind == BoundaryKind::slip) {
        if (field == "U") {
            return entry(b.patch, line("type", "slip"));
        }
        if (field == "p_rgh") {
            return entry(b.patch, line("type", "fixedFluxPressure") + line("rho", "rhok") +
                                      line("value", "uniform 0"));
        }
        if (field == "p" || field == "nut" || field == "alphat") {
            return entry(b.patch, line("type", "calculated") + line("value", "uniform 0"));
        }
        return entry(b.patch, line("type", "zeroGradient"));
    }
    const std::string zero_vec = "uniform (0 0 0)";
    if (field == "U") {
        switch (b.kind) {
        case BoundaryKind::wall:
            return entry(b.patch, line("type", "noSlip"));
        case BoundaryKind::inflow:
            return entry(b.patch, line("type", "flowRateInletVelocity") +
                                      line("volumetricFlowRate", num(b.V_dot_m3_s)) +
                                      line("value", zero_vec));
        default:
            return entry(b.patch, line("type", "flowRateOutletVelocity") +
                                      line("volumetricFlowRate", num(b.V_dot_m3_s)) +
                                      line("value", zero_vec));
        }
    }
    if (field == "T") {
        if (b.T_K && b.kind != BoundaryKind::outflow) {
            return entry(b.patch,
                         line("type", "fixedValue") + line("value", "uniform " + num(*b.T_K)));
        }
        return entry(b.patch, line("type", "zeroGradient"));
    }
    if (field == "p_rgh") {
        return entry(b.patch, line("type", "fixedFluxPressure") + line("rho", "rhok") +
                                  line("value", "uniform 0"));
    }
    if (field == "p") {
        return entry(b.patch, line("type", "calculated") + line("value", "uniform 0"));
    }
    const bool wall = b.kind == BoundaryKind::wall;
    if (field == "alphat") {
        if (wall && turbulent(spec)) {
            return entry(b.patch, line("type", "alphatJayatillekeWallFunction") +
                                      line("Prt", num(spec.fluid.Prt)) +
                                      line("value", "uniform 0"));
        }
        return entry(b.patch, line("type", "calculated") + line("value", "uniform 0"));
    }
    if (field == "nut") {
        return entry(b.patch, line("type", wall ? "nutkWallFunction" : "calculated") +
                                  line("value", "uniform 0"));
    }
    const double v = field == "k" ? k_in : omega_in;
    if (wall) {
        return entry(b.patch, line("type", field == "k" ? "kqRWallFunction" : "omegaWallFunction") +
                                  line("value", "uniform " + num(v)));
    }
    if (b.kind == BoundaryKind::inflow) {
        return entry(b.patch, line("type", "fixedValue") + line("value", "uniform " + num(v)));
    }
    return entry(b.patch, line("type", "inletOutlet") + line("inletValue", "uniform " + num(v)) +
                              line("value", "uniform " + num(v)));
}

std::string function_object(const std::string& name, const std::string& type,
                            const std::string& body) {
    return "    " + name + "\n    {\n" + line("type", type) +
           line("libs",
                type == "probes" ? "(\"libsampling.so\")" : "(\"libfieldFunctionObjects.so\")") +
           body + "    }\n";
}

std::string control_dict(const AirflowCaseSpec& spec) {
    std::string s;
    // Reports are evaluated and written at write times (the last iteration, or the converged
    // one), or every monitor_interval iterations when the run is judged on their history, or
    // every report_interval seconds of a transient run.
    std::string control; // "timeStep" or "runTime"; empty: at write times
    std::string interval;
    if (const auto& t = spec.transient) {
        // The step follows the Courant number; the end time is hit exactly
        // (adjustableRunTime), and the fields are written there only.
        s = "application     buoyantBoussinesqPimpleFoam;\n\n"
            "startFrom       latestTime;\nstartTime       0;\n"
            "stopAt          endTime;\nendTime         " +
            num(t->end_time_s) + ";\ndeltaT          " + num(t->first_step_s) +
            ";\nadjustTimeStep  yes;\nmaxCo           " + num(t->max_courant) +
            ";\nmaxDeltaT       " + num(t->report_interval_s) +
            ";\n\nwriteControl    adjustableRunTime;\nwriteInterval   " + num(t->end_time_s) +
            ";\n";
        control = "runTime";
        interval = num(t->report_interval_s);
    } else {
        s = "application     buoyantBoussinesqSimpleFoam;\n\n"
            "startFrom       latestTime;\nstartTime       0;\n"
            "stopAt          endTime;\nendTime         " +
            std::to_string(spec.max_iterations) +
            ";\ndeltaT          1;\n\n"
            "writeControl    timeStep;\nwriteInterval   " +
            std::to_string(spec.max_iterations) + ";\n";
        if (spec.monitor_interval > 0) {
            control = "timeStep";
            interval = std::to_string(spec.monitor_interval);
        }
    }
    s += "purgeWrite      1;\nwriteFormat     ascii;\nwritePrecision  10;\n"
         "writeCompression off;\ntimeFormat      general;\ntimePrecision   8;\n"
         "runTimeModifiable false;\n\nfunctions\n{\n";
    if (!spec.stop_file.empty()) {
        s += stop_file_function_object(spec.stop_file);
    }
    const std::string execute =
        control.empty() ? line("executeControl", "writeTime")
                        : line("executeControl", control) + line("executeInterval", interval);
    const std::string when = execute + (control.empty() ? line("writeControl", "writeTime")
                                                        : line("writeControl", control) +
                                                              line("writeInterval", interval));
    const std::string every = when + line("log", "false") + line("writeFields", "false");
    if (spec.transient) {
        // The heat held in the air: rho cp times this volume integral of T.
        s += function_object("room_energy", "volFieldValue",
                             every + line("regionType", "all") + line("operation", "volIntegrate") +
                                 line("fields", "(T)"));
    }
    for (const auto& b : spec.boundaries) {
        if (b.kind != BoundaryKind::inflow && b.kind != BoundaryKind::outflow) {
            continue;
        }
        s += function_object(b.patch + "_flow", "surfaceFieldValue",
                             every + line("regionType", "patch") + line("name", b.patch) +
                                 line("operation", "sum") + line("fields", "(phi)"));
        s += function_object(b.patch + "_enthalpy", "surfaceFieldValue",
                             every + line("regionType", "patch") + line("name", b.patch) +
                                 line("operation", "weightedSum") + line("weightField", "phi") +
                                 line("fields", "(T)"));
    }
    if (!spec.planes.empty()) {
        // Interpolated as often as the reports read them; written (as fields) at write
        // times only.
        s += function_object("pressureOnFaces", "surfaceInterpolate",
                             execute + line("writeControl", "writeTime") +
                                 line("fields", "((p pFace) (T TFace))"));
    }
    for (const auto& plane : spec.planes) {
        s += function_object(plane.name + "_flow", "surfaceFieldValue",
                             every + line("regionType", "faceZone") + line("name", plane.name) +
                                 line("operation", "sum") + line("fields", "(phi)"));
        s +=
            function_object(plane.name + "_p", "surfaceFieldValue",
                            every + line("regionType", "faceZone") + line("name", plane.name) +
                                line("operation", "areaAverage") + line("fields", "(pFace TFace)"));
    }
    if (spec.average_from > 0) {
        s += function_object("average", "fieldAverage",
                             line("writeControl", "writeTime") +
                                 line("timeStart", std::to_string(spec.average_from)) +
                                 "        fields\n        (\n"
                                 "            T { mean on; prime2Mean off; base iteration; }\n"
                                 "        );\n");
    }
    if (!spec.probes.empty()) {
        std::string points = "        probeLocations\n        (\n";
        for (const auto& p : spec.probes) {
            points += "            " + vec(p.x) + "\n";
        }
        points += "        );\n";
        s += function_object("probes", "probes",
                             line("writeControl", "timeStep") + line("writeInterval", "1") +
                                 line("fields", spec.average_from > 0 ? "(T TMean)" : "(T)") +
                                 points);
    }
    return s + "}\n";
}

/// Upwind convection in the turbulent rooms (linearUpwind did not converge there), second
/// order in the laminar cavities. A steady run uses the bounded form (the continuity error
/// of an unconverged iteration subtracted); a transient one solves continuity every step.
std::string fv_schemes(bool turbulent, bool transient) {
    const std::string form = transient ? "Gauss " : "bounded Gauss ";
    std::string s = std::string("ddtSchemes\n{\n    default         ") +
                    (transient ? "Euler" : "steadyState") +
                    ";\n}\n\n"
                    "gradSchemes\n{\n    default         Gauss linear;\n}\n\n"
                    "divSchemes\n{\n"
                    "    default         none;\n";
    if (turbulent) {
        for (const char* f : {"U", "T", "k", "omega"}) {
            std::string key = std::string("div(phi,") + f + ")";
            key.resize(std::max<std::size_t>(key.size() + 1, 16), ' ');
            s += "    " + key + form + "upwind;\n";
        }
    } else {
        s += "    div(phi,U)      " + form +
             "linearUpwind grad(U);\n"
             "    div(phi,T)      " +
             form + "linearUpwind grad(T);\n";
    }
    s += "    div((nuEff*dev2(T(grad(U))))) Gauss linear;\n}\n\n"
         "laplacianSchemes\n{\n    default         Gauss linear corrected;\n}\n\n"
         "interpolationSchemes\n{\n    default         linear;\n}\n\n"
         "snGradSchemes\n{\n    default         corrected;\n}\n";
    if (turbulent) {
        s += "\nwallDist\n{\n    method          meshWave;\n}\n";
    }
    return s;
}

std::string fv_solution(const AirflowCaseSpec& spec, bool needs_reference) {
    // Measured here (docs/openfoam-airflow.md): the laminar cavities converge fastest with
    // little relaxation (U 0.7, T 0.9); the turbulent rooms need U 0.3, T 0.5, like the
    // hotRoom tutorial.
    const bool turb = turbulent(spec);
    const std::string r = num(spec.residual_target);
    const std::string solvers =
        "solvers\n{\n"
        "    p_rgh\n    {\n        solver          GAMG;\n        smoother        DIC;\n"
        "        tolerance       1e-08;\n        relTol          0.01;\n    }\n\n"
        "    \"(U|T|k|omega)\"\n    {\n        solver          PBiCGStab;\n"
        "        preconditioner  DILU;\n        tolerance       1e-08;\n"
        "        relTol          0.1;\n    }\n";
    if (spec.transient) {
        // PISO-like PIMPLE as the hotRoom tutorial of buoyantBoussinesqPimpleFoam: one outer
        // corrector, two pressure correctors, no relaxation; each step's last solve to the
        // absolute tolerance, so continuity (and with it the heat balance) holds every step.
        std::string s = solvers +
                        "\n    p_rghFinal\n    {\n        $p_rgh;\n        relTol          0;\n"
                        "    }\n\n"
                        "    \"(U|T|k|omega)Final\"\n    {\n        $U;\n"
                        "        relTol          0;\n    }\n}\n\n"
                        "PIMPLE\n{\n    momentumPredictor yes;\n    nOuterCorrectors 1;\n"
                        "    nCorrectors     2;\n    nNonOrthogonalCorrectors 0;\n";
        if (needs_reference) {
            s += "    pRefCell        0;\n    pRefValue       0;\n";
        }
        return s + "}\n\nrelaxationFactors\n{\n    equations\n    {\n        \".*\"            1;\n"
                   "    }\n}\n";
    }
    std::string s = solvers +
                    "}\n\n"
                    "SIMPLE\n{\n    momentumPredictor yes;\n    nNonOrthogonalCorrectors 0;\n";
    if (needs_reference) {
        s += "    pRefCell        0;\n    pRefValue       0;\n";
    }
    s += "    residualControl\n    {\n        p_rgh           " + r +
         ";\n        U               " + r + ";\n        T               " + r + ";\n";
    if (turb) {
        s += "        \"(k|omega)\"       " + num(spec.residual_target * 10) + ";\n";
    }
    s +=
        "    }\n}\n\nrelaxationFactors\n{\n    fields\n    {\n        p_rgh           0.7;\n    }\n"
        "    equations\n    {\n";
    s += turb ? "        U               0.3;\n        T               0.5;\n"
                "        \"(k|omega)\"       0.7;\n"
              : "        U               0.7;\n        T               0.9;\n";
    return s + "    }\n}\n";
}

std::string porosity_entry(const std::string& name, const std::string& zone,
                           const std::array<double, 3>& d, const std::array<double, 3>& f) {
    return name +
           "\n{\n    type            explicitPorositySource;\n\n"
           "    explicitPorositySourceCoeffs\n    {\n"
           "        selectionMode   cellZone;\n        cellZone        " +
           zone +
           ";\n        type            DarcyForchheimer;\n\n"
           "        DarcyForchheimerCoeffs\n        {\n"
           "            d   d [0 -2 0 0 0 0 0] " +
           vec(d) + ";\n            f   f [0 -1 0 0 0 0 0] " + vec(f) +
           ";\n\n            coordinateSystem\n            {\n"
           "                type    cartesian;\n                origin  (0 0 0);\n"
           "                coordinateRotation\n                {\n"
           "                    type    axesRotation;\n                    e1      (1 0 0);\n"
           "                    e2      (0 1 0);\n                }\n            }\n"
           "        }\n    }\n}\n\n";
}

std::string fv_options(const AirflowCaseSpec& spec) {
    const auto& fl = spec.fluid;
    const double mu = fl.rho * fl.nu;
    std::string s;
    for (const auto& z : spec.porous) {
        s += "// Darcy-Forchheimer: dp/L = mu d U + rho f |U| U / 2 per axis\n";
        s += porosity_entry(z.zone + "_porosity", z.zone, z.d, z.f);
    }
    for (const auto& h : spec.heat) {
        s += "// " + num(h.Q_W) + " W as Q / (rho cp) [K m3/s]\n" + h.zone +
             "_heat\n{\n    type            scalarSemiImplicitSource;\n\n"
             "    scalarSemiImplicitSourceCoeffs\n    {\n"
             "        selectionMode   cellZone;\n        cellZone        " +
             h.zone +
             ";\n        volumeMode      absolute;\n        injectionRateSuSp\n        {\n"
             "            T           (" +
             num(h.Q_W / (fl.rho * fl.cp)) + " 0);\n        }\n    }\n}\n\n";
    }
    for (const auto& fan : spec.fans) {
        std::array<double, 3> force{0.0, 0.0, 0.0};
        force[static_cast<std::size_t>(fan.axis)] = fan.dp0_Pa / (fl.rho * fan.length_m);
        s += "// fan: dp = " + num(fan.dp0_Pa) + " Pa - " + num(fan.slope_Pa_s_m) +
             " Pa s/m U over " + num(fan.length_m) + " m: force dp0 / (rho L) [m/s2]\n" + fan.zone +
             "_fan\n{\n    type            vectorSemiImplicitSource;\n\n"
             "    vectorSemiImplicitSourceCoeffs\n    {\n"
             "        selectionMode   cellZone;\n        cellZone        " +
             fan.zone +
             ";\n        volumeMode      specific;\n        injectionRateSuSp\n        {\n"
             "            U           (" +
             vec(force) + " 0);\n        }\n    }\n}\n\n";
        if (fan.slope_Pa_s_m > 0.0) {
            const double d = fan.slope_Pa_s_m / (mu * fan.length_m);
            s += "// the fan curve's slope as a Darcy term slope / (mu L), implicit\n";
            s += porosity_entry(fan.zone + "_fanSlope", fan.zone, {d, d, d}, {0.0, 0.0, 0.0});
        }
    }
    return s;
}

std::string topo_set_dict(const AirflowCaseSpec& spec) {
    std::string s = "actions\n(\n";
    for (const auto& plane : spec.planes) {
        s += "    {\n        name    " + plane.name +
             "_faces;\n        type    faceSet;\n        action  new;\n"
             "        source  boxToFace;\n        sourceInfo\n        {\n            box " +
             vec(plane.box.lo) + " " + vec(plane.box.hi) + ";\n        }\n    }\n";
        s += "    {\n        name    " + plane.name +
             ";\n        type    faceZoneSet;\n        action  new;\n"
             "        source  setToFaceZone;\n        sourceInfo\n        {\n"
             "            faceSet " +
             plane.name + "_faces;\n        }\n    }\n";
    }
    return s + ");\n";
}

} // namespace

std::vector<AirflowFile> airflow_case_files(const AirflowCaseSpec& spec,
                                            const geometry::HexMesh& mesh) {
    check_spec(spec, mesh);
    const auto& fl = spec.fluid;
    const bool turb = turbulent(spec);
    bool needs_reference = true; // no patch fixes the pressure level: all are flux conditions
    std::vector<AirflowFile> files;
    files.push_back(
        dictionary("system/controlDict", "dictionary", "controlDict", control_dict(spec)));
    files.push_back(dictionary("system/fvSchemes", "dictionary", "fvSchemes",
                               fv_schemes(turb, spec.transient.has_value())));
    files.push_back(dictionary("system/fvSolution", "dictionary", "fvSolution",
                               fv_solution(spec, needs_reference)));
    if (!spec.planes.empty()) {
        files.push_back(
            dictionary("system/topoSetDict", "dictionary", "topoSetDict", topo_set_dict(spec)));
    }
    files.push_back(dictionary(
        "constant/transportProperties", "dictionary", "transportProperties",
        "// " + fl.name + "\ntransportModel  Newtonian;\n\nnu              " + num(fl.nu) +
            ";\nbeta            " + num(fl.beta) + ";\nTRef            " + num(fl.T_ref_K) +
            ";\nPr              " + num(fl.Pr) + ";\nPrt             " + num(fl.Prt) + ";\n"));
    files.push_back(
        dictionary("constant/turbulenceProperties", "dictionary", "turbulenceProperties",
                   turb ? "simulationType  RAS;\n\nRAS\n{\n    RASModel        kOmegaSST;\n"
                          "    turbulence      on;\n    printCoeffs     on;\n}\n"
                        : "simulationType  laminar;\n"));
    files.push_back(
        dictionary("constant/g", "uniformDimensionedVectorField", "g",
                   "dimensions      [0 1 -2 0 0 0 0];\nvalue           " + vec(spec.g) + ";\n"));
    files.push_back(dictionary("constant/fvOptions", "dictionary", "fvOptions", fv_options(spec)));

    // k and omega at inflows and as the initial guess: small seeds (k 1e-4 m2/s2, omega
    // 1 1/s, as the hotRoom tutorial's order); the converged steady field does not keep them.
    const double k0 = 1e-4;
    const double omega0 = 1.0;
    std::vector<std::string> fields{"U", "T", "p_rgh", "p", "alphat"};
    if (turb) {
        fields.insert(fields.end(), {"nut", "k", "omega"});
    }
    const std::map<std::string, std::pair<std::string, std::string>> dims{
        {"U", {"[0 1 -1 0 0 0 0]", "uniform (0 0 0)"}},
        {"T", {"[0 0 0 1 0 0 0]", "uniform " + num(spec.T_initial_K)}},
        {"p_rgh", {"[0 2 -2 0 0 0 0]", "uniform 0"}},
        {"p", {"[0 2 -2 0 0 0 0]", "uniform 0"}},
        {"alphat", {"[0 2 -1 0 0 0 0]", "uniform 0"}},
        {"nut", {"[0 2 -1 0 0 0 0]", "uniform 0"}},
        {"k", {"[0 2 -2 0 0 0 0]", "uniform " + num(k0)}},
        {"omega", {"[0 0 -1 0 0 0 0]", "uniform " + num(omega0)}},
    };
    for (const auto& field : fields) {
        std::string boundary;
        for (const auto& p : mesh.patches) {
            boundary += bc(field, *find_boundary(spec, p.spec.name), spec, k0, omega0);
        }
        const auto& [dim, internal] = dims.at(field);
        files.push_back(dictionary("0/" + field, field == "U" ? "volVectorField" : "volScalarField",
                                   field, field_body(dim, internal, boundary)));
    }
    return files;
}

void write_airflow_files(const fs::path& case_dir, const std::vector<AirflowFile>& files) {
    for (const auto& f : files) {
        const fs::path p = case_dir / f.path;
        fs::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << f.text;
        out.close();
        if (!out) {
            throw std::runtime_error("cannot write " + p.string());
        }
    }
}

std::vector<std::vector<double>>
function_object_rows(const fs::path& case_dir, const std::string& name, const std::string& file) {
    const fs::path dir = case_dir / "postProcessing" / name;
    // A restarted run writes a new time folder; the newest holds the last rows.
    fs::path newest;
    double newest_t = -1.0;
    if (fs::is_directory(dir)) {
        for (const auto& e : fs::directory_iterator(dir)) {
            try {
                const double t = std::stod(e.path().filename().string());
                if (t > newest_t && fs::exists(e.path() / file)) {
                    newest_t = t;
                    newest = e.path() / file;
                }
            } catch (const std::exception&) {
            }
        }
    }
    if (newest.empty()) {
        throw std::runtime_error("no output of function object '" + name + "' (" +
                                 (dir / "*" / file).string() + ")");
    }
    std::ifstream in(newest);
    std::string text;
    std::vector<std::vector<double>> rows;
    while (std::getline(in, text)) {
        if (text.empty() || text[0] == '#') {
            continue;
        }
        for (char& c : text) {
            if (c == '(' || c == ')') {
                c = ' ';
            }
        }
        std::istringstream s(text);
        std::vector<double> row;
        double v = 0.0;
        while (s >> v) {
            row.push_back(v);
        }
        if (row.size() >= 2) {
            rows.push_back(std::move(row));
        }
    }
    if (rows.empty()) {
        throw std::runtime_error("function object output " + newest.string() + " has no data");
    }
    return rows;
}

std::vector<double> last_function_object_row(const fs::path& case_dir, const std::string& name,
                                             const std::string& file) {
    return function_object_rows(case_dir, name, file).back();
}

double AirflowReport::Q_out_W() const {
    double Q = 0.0;
    for (const auto& p : patches) {
        Q += p.H_dot_W;
    }
    return Q;
}

double AirflowReport::Q_out_drift_W() const {
    double Q = 0.0;
    for (const auto& p : patches) {
        Q += p.H_dot_drift_W;
    }
    return Q;
}

namespace {

/// Mean of column `col` over the rows at time `from` or later (the last row alone when
/// `from` < 0), and the drift: the later half's mean minus the earlier half's.
struct ColumnMean {
    double mean = 0.0;
    double drift = 0.0;
    double max = 0.0;
    int rows = 0;
};

ColumnMean column_mean(const std::vector<std::vector<double>>& rows, std::size_t col, double from,
                       const std::string& what) {
    std::vector<double> v;
    for (const auto& r : rows) {
        if ((from < 0.0 && &r != &rows.back()) || (from >= 0.0 && r[0] < from)) {
            continue;
        }
        if (col >= r.size()) {
            throw std::runtime_error(what + ": no column " + std::to_string(col));
        }
        v.push_back(r[col]);
    }
    if (v.empty()) {
        throw std::runtime_error(what + ": no row at or after iteration " + std::to_string(from));
    }
    ColumnMean m;
    m.rows = static_cast<int>(v.size());
    m.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    m.max = *std::max_element(v.begin(), v.end());
    if (v.size() >= 2) {
        const std::size_t half = v.size() / 2;
        const double early =
            std::accumulate(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(half), 0.0) /
            static_cast<double>(half);
        const double late =
            std::accumulate(v.end() - static_cast<std::ptrdiff_t>(half), v.end(), 0.0) /
            static_cast<double>(half);
        m.drift = late - early;
    }
    return m;
}

} // namespace

AirflowReport read_airflow_report(const fs::path& case_dir, const AirflowCaseSpec& spec) {
    return read_airflow_report(case_dir, spec, -1.0);
}

AirflowReport read_airflow_report(const fs::path& case_dir, const AirflowCaseSpec& spec,
                                  double from) {
    AirflowReport r;
    const double rho_cp = spec.fluid.rho * spec.fluid.cp;
    auto mean = [&](const std::string& name, std::size_t col) {
        const auto rows = function_object_rows(case_dir, name, "surfaceFieldValue.dat");
        const ColumnMean m = column_mean(rows, col, from, "function object '" + name + "'");
        r.averaged_rows = m.rows;
        return m;
    };
    for (const auto& b : spec.boundaries) {
        if (b.kind != BoundaryKind::inflow && b.kind != BoundaryKind::outflow) {
            continue;
        }
        AirflowReport::PatchFlow p;
        p.patch = b.patch;
        p.V_dot_m3_s = mean(b.patch + "_flow", 1).mean;
        const ColumnMean H = mean(b.patch + "_enthalpy", 1);
        p.H_dot_W = rho_cp * H.mean;
        p.H_dot_drift_W = rho_cp * H.drift;
        r.patches.push_back(p);
    }
    for (const auto& plane : spec.planes) {
        AirflowReport::PlaneFlow p;
        p.name = plane.name;
        const ColumnMean V = mean(plane.name + "_flow", 1);
        p.V_dot_m3_s = V.mean;
        p.V_dot_drift_m3_s = V.drift;
        p.p_Pa = spec.fluid.rho * mean(plane.name + "_p", 1).mean;
        const ColumnMean T = mean(plane.name + "_p", 2);
        p.T_K = T.mean;
        p.T_drift_K = T.drift;
        p.T_max_K = T.max;
        r.planes.push_back(p);
    }
    if (spec.transient) {
        const auto rows = function_object_rows(case_dir, "room_energy", "volFieldValue.dat");
        const std::vector<double>* first = nullptr;
        for (const auto& row : rows) {
            if (row[0] >= from) {
                first = &row;
                break;
            }
        }
        const auto& last = rows.back();
        if (first != nullptr && last[0] > (*first)[0]) {
            r.stored_W = rho_cp * (last[1] - (*first)[1]) / (last[0] - (*first)[0]);
        }
    }
    if (!spec.probes.empty()) {
        const auto T = last_function_object_row(case_dir, "probes", "T");
        r.probe_T_K.assign(T.begin() + 1, T.end());
        if (spec.average_from > 0) {
            const auto Tm = last_function_object_row(case_dir, "probes", "TMean");
            r.probe_T_mean_K.assign(Tm.begin() + 1, Tm.end());
        }
    }
    return r;
}

namespace {

std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

std::vector<double> read_scalar_field(const fs::path& file, std::size_t n_cells) {
    const std::string text = read_text(file);
    const auto at = text.find("internalField");
    if (at == std::string::npos) {
        throw std::runtime_error(file.string() + " has no internalField");
    }
    std::istringstream s(text.substr(at + 13));
    std::string word;
    s >> word;
    if (word == "uniform") {
        double v = 0.0;
        s >> v;
        return std::vector<double>(n_cells, v);
    }
    std::string type;
    std::size_t n = 0;
    char paren = 0;
    s >> type >> n >> paren;
    if (word != "nonuniform" || type != "List<scalar>" || paren != '(' || n != n_cells) {
        throw std::runtime_error(file.string() + ": expected nonuniform List<scalar> of " +
                                 std::to_string(n_cells) + " values");
    }
    std::vector<double> v(n);
    for (auto& x : v) {
        if (!(s >> x)) {
            throw std::runtime_error(file.string() + ": internalField ends early");
        }
    }
    return v;
}

std::optional<double> read_patch_uniform_value(const fs::path& file, const std::string& patch) {
    const std::string text = read_text(file);
    const auto bf = text.find("boundaryField");
    if (bf == std::string::npos) {
        return std::nullopt;
    }
    std::size_t at = bf;
    while ((at = text.find(patch, at + 1)) != std::string::npos) {
        const std::size_t brace = text.find_first_not_of(" \t\n", at + patch.size());
        const bool whole = text[at - 1] == ' ' || text[at - 1] == '\n';
        if (whole && brace != std::string::npos && text[brace] == '{') {
            const std::size_t end = text.find('}', brace);
            const std::string body = text.substr(brace, end - brace);
            const auto v = body.find("value");
            if (v == std::string::npos) {
                return std::nullopt;
            }
            std::istringstream s(body.substr(v + 5));
            std::string word;
            double x = 0.0;
            if (s >> word >> x && word == "uniform") {
                return x;
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<fs::path> latest_time_dir(const fs::path& case_dir) {
    std::optional<fs::path> best;
    double best_t = 0.0;
    for (const auto& e : fs::directory_iterator(case_dir)) {
        if (!e.is_directory()) {
            continue;
        }
        const std::string name = e.path().filename().string();
        char* end = nullptr;
        const double t = std::strtod(name.c_str(), &end);
        if (end != name.c_str() && *end == '\0' && t > best_t) {
            best_t = t;
            best = e.path();
        }
    }
    return best;
}

} // namespace rackcalc::openfoam
