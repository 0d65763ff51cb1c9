#include "thermal/openfoam/cht_case.hpp"

#include "geometry/polymesh_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace fs = std::filesystem;

namespace {

std::string num(double v) {
    return geometry::foam_number(v);
}

CaseFile dictionary(const fs::path& path, const std::string& cls, const std::string& object,
                    const std::string& body) {
    const std::string location = path.parent_path().string();
    return {path, geometry::foam_file_header(cls, location, object) + body};
}

const ChtRegion& fluid_region(const ChtCaseSpec& spec) {
    const ChtRegion* fluid = nullptr;
    for (const auto& r : spec.regions) {
        if (r.fluid) {
            if (fluid != nullptr) {
                throw std::invalid_argument("the case has two fluid regions, '" + fluid->name +
                                            "' and '" + r.name + "'; one is supported");
            }
            fluid = &r;
        }
    }
    if (fluid == nullptr) {
        throw std::invalid_argument("the case has no fluid region");
    }
    return *fluid;
}

void check_positive(double v, const std::string& what) {
    if (!(std::isfinite(v) && v > 0.0)) {
        throw std::invalid_argument(what + " must be positive and finite, got " + num(v));
    }
}

void check_spec(const ChtCaseSpec& spec, const geometry::HexMesh& mesh) {
    std::set<std::string> zones;
    for (const auto& z : mesh.zones) {
        zones.insert(z.name);
    }
    for (const auto& r : spec.regions) {
        if (!zones.contains(r.name)) {
            throw std::invalid_argument("region '" + r.name + "' has no cellZone in the mesh");
        }
        if (r.fluid) {
            check_positive(r.fluid_properties.rho, "density of " + r.name);
            check_positive(r.fluid_properties.cp, "specific heat of " + r.name);
            check_positive(r.fluid_properties.mu, "viscosity of " + r.name);
            check_positive(r.fluid_properties.k, "conductivity of " + r.name);
        } else {
            check_positive(r.solid_properties.k, "conductivity of " + r.name);
            check_positive(r.solid_properties.rho, "density of " + r.name);
            check_positive(r.solid_properties.cp, "specific heat of " + r.name);
            if (!std::isfinite(r.Q_W) || r.Q_W < 0.0) {
                throw std::invalid_argument("heat source in " + r.name +
                                            " must be >= 0 and finite, got " + num(r.Q_W));
            }
        }
    }
    for (const auto& z : zones) {
        if (std::none_of(spec.regions.begin(), spec.regions.end(),
                         [&](const ChtRegion& r) { return r.name == z; })) {
            throw std::invalid_argument("cellZone '" + z + "' of the mesh has no region");
        }
    }
    (void)fluid_region(spec);
    check_positive(spec.V_dot_inlet_m3_s, "inlet flow");
    check_positive(spec.T_inlet_K, "inlet temperature");
    check_positive(spec.p_outlet_Pa, "outlet pressure");
    for (const auto& name : {spec.inlet_patch, spec.outlet_patch}) {
        (void)mesh.patch(name); // throws std::out_of_range naming the patch
    }
    if (spec.max_iterations < 1) {
        throw std::invalid_argument("max_iterations must be at least 1");
    }
}

bool is_interface(const std::string& patch, const std::string& region) {
    return patch.rfind(region + "_to_", 0) == 0;
}

/// One boundaryField entry.
std::string entry(const std::string& patch, const std::string& body) {
    return "    " + patch + "\n    {\n" + body + "    }\n";
}

std::string field_file_body(const std::string& dimensions, const std::string& internal,
                            const std::string& boundary) {
    return "dimensions      " + dimensions + ";\n\ninternalField   " + internal +
           ";\n\nboundaryField\n{\n" + boundary + "}\n";
}

std::string symmetry_entry(const geometry::PatchSpec& p) {
    return entry(p.name, "        type            " + p.type + ";\n");
}

bool is_constraint(const geometry::PatchSpec& p) {
    return p.type == "symmetryPlane" || p.type == "symmetry" || p.type == "empty";
}

std::string coupled_T(const std::string& patch, const std::string& kappa_method,
                      const std::string& value) {
    return entry(patch,
                 "        type            compressible::turbulentTemperatureCoupledBaffleMixed;\n"
                 "        Tnbr            T;\n"
                 "        kappaMethod     " +
                     kappa_method + ";\n        value           uniform " + value + ";\n");
}

std::string fluid_thermo(const FluidProperties& f) {
    return "// " + f.name +
           ": constant properties at the mean coolant temperature (RackCalc's fluid tables)\n"
           "thermoType\n{\n"
           "    type            heRhoThermo;\n"
           "    mixture         pureMixture;\n"
           "    transport       const;\n"
           "    thermo          hConst;\n"
           "    equationOfState rhoConst;\n"
           "    specie          specie;\n"
           "    energy          sensibleEnthalpy;\n}\n\n"
           "mixture\n{\n"
           "    specie\n    {\n        molWeight       18;\n    }\n"
           "    equationOfState\n    {\n        rho             " +
           num(f.rho) +
           ";\n    }\n"
           "    thermodynamics\n    {\n        Cp              " +
           num(f.cp) +
           ";\n        Hf              0;\n    }\n"
           "    transport\n    {\n        mu              " +
           num(f.mu) + ";\n        Pr              " + num(f.cp * f.mu / f.k) + ";\n    }\n}\n";
}

std::string solid_thermo(const SolidProperties& s) {
    return "// " + s.name +
           "\nthermoType\n{\n"
           "    type            heSolidThermo;\n"
           "    mixture         pureMixture;\n"
           "    transport       constIso;\n"
           "    thermo          hConst;\n"
           "    equationOfState rhoConst;\n"
           "    specie          specie;\n"
           "    energy          sensibleEnthalpy;\n}\n\n"
           "mixture\n{\n"
           "    specie\n    {\n        molWeight       50;\n    }\n"
           "    transport\n    {\n        kappa           " +
           num(s.k) +
           ";\n    }\n"
           "    thermodynamics\n    {\n        Hf              0;\n        Cp              " +
           num(s.cp) +
           ";\n    }\n"
           "    equationOfState\n    {\n        rho             " +
           num(s.rho) + ";\n    }\n}\n";
}

const char* const fluid_fv_schemes =
    "ddtSchemes\n{\n    default         steadyState;\n}\n\n"
    "gradSchemes\n{\n    default         Gauss linear;\n}\n\n"
    "divSchemes\n{\n"
    "    default         none;\n"
    "    div(phi,U)      bounded Gauss linearUpwind grad(U);\n"
    "    div(phi,h)      bounded Gauss limitedLinear 1;\n"
    "    div(phi,K)      bounded Gauss upwind;\n"
    "    div(((rho*nuEff)*dev2(T(grad(U))))) Gauss linear;\n}\n\n"
    "laplacianSchemes\n{\n    default         Gauss linear uncorrected;\n}\n\n"
    "interpolationSchemes\n{\n    default         linear;\n}\n\n"
    "snGradSchemes\n{\n    default         uncorrected;\n}\n";

const char* const solid_fv_schemes = "ddtSchemes\n{\n    default         steadyState;\n}\n\n"
                                     "gradSchemes\n{\n    default         Gauss linear;\n}\n\n"
                                     "divSchemes\n{\n    default         none;\n}\n\n"
                                     "laplacianSchemes\n{\n    default         none;\n"
                                     "    laplacian(alpha,h) Gauss linear uncorrected;\n}\n\n"
                                     "interpolationSchemes\n{\n    default         linear;\n}\n\n"
                                     "snGradSchemes\n{\n    default         uncorrected;\n}\n";

// openfoam-notes.md: h unrelaxed in both regions, U 0.9 / p_rgh 0.1, p_rgh GAMG with DIC
// at relTol 0.01, fluid U and h PBiCGStab/DILU at relTol 0.1.
const char* const fluid_fv_solution =
    "solvers\n{\n"
    "    \"rho.*\"\n    {\n        solver          PCG;\n        preconditioner  DIC;\n"
    "        tolerance       1e-08;\n        relTol          0;\n    }\n\n"
    "    p_rgh\n    {\n        solver          GAMG;\n        smoother        DIC;\n"
    "        tolerance       1e-07;\n        relTol          0.01;\n    }\n\n"
    "    \"(U|h)\"\n    {\n        solver          PBiCGStab;\n        preconditioner  DILU;\n"
    "        tolerance       1e-09;\n        relTol          0.1;\n    }\n}\n\n"
    "SIMPLE\n{\n    momentumPredictor yes;\n    nNonOrthogonalCorrectors 0;\n}\n\n"
    "relaxationFactors\n{\n"
    "    fields\n    {\n        rho             1;\n        p_rgh           0.1;\n    }\n"
    "    equations\n    {\n        U               0.9;\n        h               1;\n    }\n}\n";

// openfoam-notes.md: solid h GAMG/DIC at relTol 0.1, unrelaxed. maxIter bounds a solve
// when there is no heat at all (the notes saw 1000 iterations per solve then).
const char* const solid_fv_solution =
    "solvers\n{\n"
    "    h\n    {\n        solver          GAMG;\n        smoother        DIC;\n"
    "        tolerance       1e-09;\n        relTol          0.1;\n        maxIter         200;\n"
    "    }\n}\n\n"
    "SIMPLE\n{\n    nNonOrthogonalCorrectors 0;\n}\n\n"
    "relaxationFactors\n{\n    equations\n    {\n        h               1;\n    }\n}\n";

std::string function_objects(const ChtCaseSpec& spec, const std::string& fluid) {
    auto surface = [](const std::string& name, const std::string& region, const std::string& patch,
                      const std::string& operation, const std::string& fields,
                      const std::string& weight) {
        std::string s = "    " + name + "\n    {\n" +
                        "        type            surfaceFieldValue;\n"
                        "        libs            (\"libfieldFunctionObjects.so\");\n"
                        "        region          " +
                        region +
                        ";\n        writeControl    timeStep;\n        writeInterval   1;\n"
                        "        log             false;\n        writeFields     false;\n"
                        "        regionType      patch;\n        name            " +
                        patch + ";\n        operation       " + operation + ";\n";
        if (!weight.empty()) {
            s += "        weightField     " + weight + ";\n";
        }
        return s + "        fields          (" + fields + ");\n    }\n\n";
    };
    auto volume = [](const std::string& name, const std::string& region,
                     const std::string& operation) {
        return "    " + name + "\n    {\n" +
               "        type            volFieldValue;\n"
               "        libs            (\"libfieldFunctionObjects.so\");\n"
               "        region          " +
               region +
               ";\n        writeControl    timeStep;\n        writeInterval   1;\n"
               "        log             false;\n        writeFields     false;\n"
               "        operation       " +
               operation + ";\n        fields          (T);\n    }\n\n";
    };
    std::string s = "functions\n{\n";
    // Enthalpy flux through inlet and outlet (phi is the mass flux in this solver): their
    // sum is the heat the coolant took up.
    s += surface("inletEnthalpyFlux", fluid, spec.inlet_patch, "weightedSum", "h", "phi");
    s += surface("outletEnthalpyFlux", fluid, spec.outlet_patch, "weightedSum", "h", "phi");
    s += surface("inletMean", fluid, spec.inlet_patch, "areaAverage", "p T", "");
    s += surface("outletMean", fluid, spec.outlet_patch, "areaAverage", "p", "");
    s += surface("outletBulk", fluid, spec.outlet_patch, "weightedAverage", "T", "phi");
    for (const auto& r : spec.regions) {
        if (!r.fluid) {
            s += volume("max_" + r.name, r.name, "max");
            s += volume("mean_" + r.name, r.name, "volAverage");
        }
    }
    for (const auto& sf : spec.surfaces) {
        s += surface("max_" + sf.name, sf.region, sf.patch, "max", "T", "");
        s += surface("mean_" + sf.name, sf.region, sf.patch, "areaAverage", "T", "");
    }
    if (!spec.stop_file.empty()) {
        s += "    stopWhenConverged\n    {\n        type            abort;\n"
             "        libs            (\"libutilityFunctionObjects.so\");\n"
             "        file            \"" +
             spec.stop_file.string() + "\";\n        action          writeNow;\n    }\n";
    }
    return s + "}\n";
}

} // namespace

std::map<std::string, std::vector<geometry::PatchSpec>>
region_patches(const geometry::HexMesh& mesh) {
    std::vector<int> zone_of(mesh.n_cells, -1);
    for (std::size_t z = 0; z < mesh.zones.size(); ++z) {
        for (const auto c : mesh.zones[z].cells) {
            zone_of[static_cast<std::size_t>(c)] = static_cast<int>(z);
        }
    }
    std::map<std::string, std::vector<geometry::PatchSpec>> out;
    for (const auto& z : mesh.zones) {
        out[z.name];
    }
    for (const auto& p : mesh.patches) {
        std::set<int> seen;
        for (std::size_t f = p.start_face; f < p.start_face + p.n_faces; ++f) {
            seen.insert(zone_of[static_cast<std::size_t>(mesh.owner[f])]);
        }
        for (const int z : seen) {
            out[mesh.zones[static_cast<std::size_t>(z)].name].push_back(p.spec);
        }
    }
    std::set<std::pair<int, int>> touching;
    for (std::size_t f = 0; f < mesh.n_internal_faces; ++f) {
        const int a = zone_of[static_cast<std::size_t>(mesh.owner[f])];
        const int b = zone_of[static_cast<std::size_t>(mesh.neighbour[f])];
        if (a != b) {
            touching.insert({a, b});
            touching.insert({b, a});
        }
    }
    for (const auto& [a, b] : touching) {
        out[mesh.zones[static_cast<std::size_t>(a)].name].push_back(
            {mesh.zones[static_cast<std::size_t>(a)].name + "_to_" +
                 mesh.zones[static_cast<std::size_t>(b)].name,
             "mappedWall"});
    }
    return out;
}

std::vector<CaseFile> cht_case_files(const ChtCaseSpec& spec, const geometry::HexMesh& mesh) {
    check_spec(spec, mesh);
    const ChtRegion& fluid = fluid_region(spec);
    const auto patches = region_patches(mesh);
    std::vector<CaseFile> files;

    // system/
    files.push_back(dictionary(
        "system/controlDict", "dictionary", "controlDict",
        "application     chtMultiRegionSimpleFoam;\n\nstartFrom       latestTime;\n\n"
        "startTime       0;\n\nstopAt          endTime;\n\nendTime         " +
            std::to_string(spec.max_iterations) +
            ";\n\ndeltaT          1;\n\nwriteControl    timeStep;\n\nwriteInterval   " +
            std::to_string(spec.max_iterations) +
            ";\n\npurgeWrite      1;\n\nwriteFormat     binary;\n\nwritePrecision  10;\n\n"
            "writeCompression off;\n\ntimeFormat      general;\n\ntimePrecision   6;\n\n"
            "runTimeModifiable false;\n\n" +
            function_objects(spec, fluid.name)));
    files.push_back(dictionary("system/fvSchemes", "dictionary", "fvSchemes",
                               "ddtSchemes {}\ngradSchemes {}\ndivSchemes {}\n"
                               "laplacianSchemes {}\ninterpolationSchemes {}\nsnGradSchemes {}\n"));
    files.push_back(dictionary("system/fvSolution", "dictionary", "fvSolution", ""));

    // constant/
    std::string fluids = fluid.name;
    std::string solids;
    for (const auto& r : spec.regions) {
        if (!r.fluid) {
            solids += (solids.empty() ? "" : " ") + r.name;
        }
    }
    files.push_back(dictionary("constant/regionProperties", "dictionary", "regionProperties",
                               "regions\n(\n    fluid       (" + fluids + ")\n    solid       (" +
                                   solids + ")\n);\n"));
    // Forced convection in channels of a few millimetres: buoyancy is left out (g = 0), so
    // p_rgh = p.
    files.push_back(dictionary("constant/g", "uniformDimensionedVectorField", "g",
                               "dimensions      [0 1 -2 0 0 0 0];\nvalue           (0 0 0);\n"));

    const std::string T_in = num(spec.T_inlet_K);
    const std::string p_out = num(spec.p_outlet_Pa);
    for (const auto& r : spec.regions) {
        const fs::path c = fs::path("constant") / r.name;
        const fs::path s = fs::path("system") / r.name;
        const fs::path z = fs::path("0") / r.name;
        const auto& region_patch_list = patches.at(r.name);
        if (r.fluid) {
            files.push_back(dictionary(c / "thermophysicalProperties", "dictionary",
                                       "thermophysicalProperties",
                                       fluid_thermo(r.fluid_properties)));
            files.push_back(dictionary(c / "turbulenceProperties", "dictionary",
                                       "turbulenceProperties", "simulationType  laminar;\n"));
            files.push_back(
                dictionary(s / "fvSchemes", "dictionary", "fvSchemes", fluid_fv_schemes));
            files.push_back(
                dictionary(s / "fvSolution", "dictionary", "fvSolution", fluid_fv_solution));
            std::string U, p, p_rgh, T;
            for (const auto& pt : region_patch_list) {
                if (is_constraint(pt)) {
                    U += symmetry_entry(pt);
                    p += symmetry_entry(pt);
                    p_rgh += symmetry_entry(pt);
                    T += symmetry_entry(pt);
                } else if (pt.name == spec.inlet_patch) {
                    U += entry(pt.name, "        type            flowRateInletVelocity;\n"
                                        "        volumetricFlowRate constant " +
                                            num(spec.V_dot_inlet_m3_s) +
                                            ";\n        value           uniform (0 0 0);\n");
                    p += entry(pt.name, "        type            calculated;\n"
                                        "        value           uniform " +
                                            p_out + ";\n");
                    p_rgh += entry(pt.name, "        type            fixedFluxPressure;\n"
                                            "        value           uniform " +
                                                p_out + ";\n");
                    T += entry(pt.name, "        type            fixedValue;\n"
                                        "        value           uniform " +
                                            T_in + ";\n");
                } else if (pt.name == spec.outlet_patch) {
                    U += entry(pt.name, "        type            pressureInletOutletVelocity;\n"
                                        "        value           uniform (0 0 0);\n");
                    p += entry(pt.name, "        type            calculated;\n"
                                        "        value           uniform " +
                                            p_out + ";\n");
                    p_rgh += entry(pt.name, "        type            fixedValue;\n"
                                            "        value           uniform " +
                                                p_out + ";\n");
                    T += entry(pt.name, "        type            inletOutlet;\n"
                                        "        inletValue      uniform " +
                                            T_in + ";\n        value           uniform " + T_in +
                                            ";\n");
                } else {
                    U += entry(pt.name, "        type            noSlip;\n");
                    p += entry(pt.name, "        type            calculated;\n"
                                        "        value           uniform " +
                                            p_out + ";\n");
                    p_rgh += entry(pt.name, "        type            fixedFluxPressure;\n"
                                            "        value           uniform " +
                                                p_out + ";\n");
                    T += is_interface(pt.name, r.name)
                             ? coupled_T(pt.name, "fluidThermo", T_in)
                             : entry(pt.name, "        type            zeroGradient;\n");
                }
            }
            files.push_back(dictionary(z / "U", "volVectorField", "U",
                                       field_file_body("[0 1 -1 0 0 0 0]", "uniform (0 0 0)", U)));
            files.push_back(
                dictionary(z / "p", "volScalarField", "p",
                           field_file_body("[1 -1 -2 0 0 0 0]", "uniform " + p_out, p)));
            files.push_back(
                dictionary(z / "p_rgh", "volScalarField", "p_rgh",
                           field_file_body("[1 -1 -2 0 0 0 0]", "uniform " + p_out, p_rgh)));
            files.push_back(dictionary(z / "T", "volScalarField", "T",
                                       field_file_body("[0 0 0 1 0 0 0]", "uniform " + T_in, T)));
        } else {
            files.push_back(dictionary(c / "thermophysicalProperties", "dictionary",
                                       "thermophysicalProperties",
                                       solid_thermo(r.solid_properties)));
            files.push_back(
                dictionary(s / "fvSchemes", "dictionary", "fvSchemes", solid_fv_schemes));
            files.push_back(
                dictionary(s / "fvSolution", "dictionary", "fvSolution", solid_fv_solution));
            if (r.Q_W > 0.0) {
                // The chip's heat: an absolute source [W] spread uniformly over the region.
                files.push_back(
                    dictionary(c / "fvOptions", "dictionary", "fvOptions",
                               "heatSource\n{\n    type            scalarSemiImplicitSource;\n"
                               "    active          yes;\n    selectionMode   all;\n"
                               "    volumeMode      absolute;\n    injectionRateSuSp\n    {\n"
                               "        h               (" +
                                   num(r.Q_W) + " 0);\n    }\n}\n"));
            }
            std::string T, p;
            for (const auto& pt : region_patch_list) {
                if (is_constraint(pt)) {
                    T += symmetry_entry(pt);
                    p += symmetry_entry(pt);
                    continue;
                }
                T += is_interface(pt.name, r.name)
                         ? coupled_T(pt.name, "solidThermo", T_in)
                         : entry(pt.name, "        type            zeroGradient;\n");
                p += entry(pt.name, "        type            calculated;\n"
                                    "        value           uniform " +
                                        p_out + ";\n");
            }
            const std::string T0 = r.T_initial_K > 0.0 ? num(r.T_initial_K) : T_in;
            files.push_back(dictionary(z / "T", "volScalarField", "T",
                                       field_file_body("[0 0 0 1 0 0 0]", "uniform " + T0, T)));
            files.push_back(
                dictionary(z / "p", "volScalarField", "p",
                           field_file_body("[1 -1 -2 0 0 0 0]", "uniform " + p_out, p)));
        }
    }
    return files;
}

void write_case_files(const fs::path& case_dir, const std::vector<CaseFile>& files) {
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

std::string text_after_banner(const std::string& text) {
    // The banner is a comment block that ends with a line starting "\*---".
    const auto end = text.find("\n\\*---");
    if (end == std::string::npos) {
        return text;
    }
    const auto next = text.find('\n', end + 1);
    return next == std::string::npos ? std::string() : text.substr(next + 1);
}

} // namespace rackcalc::openfoam
