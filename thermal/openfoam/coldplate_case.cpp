#include "thermal/openfoam/coldplate_case.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace rackcalc::openfoam {

namespace {

void positive(double v, const std::string& what) {
    if (!(std::isfinite(v) && v > 0.0)) {
        throw std::invalid_argument("cold-plate CFD: " + what +
                                    " must be positive and finite, got " + std::to_string(v));
    }
}

} // namespace

ColdPlateUnitCell coldplate_unit_cell(const ColdPlateCfdSpec& spec) {
    positive(spec.channel_width_m, "channel width");
    positive(spec.fin_thickness_m, "fin thickness");
    positive(spec.channel_depth_m, "channel depth");
    positive(spec.base_thickness_m, "base thickness");
    positive(spec.length_m, "plate length");
    positive(spec.width_m, "plate width");
    positive(spec.plate.k, "plate conductivity");
    positive(spec.die_length_m, "die length");
    positive(spec.Q_W, "chip heat");
    positive(spec.T_inlet_K, "inlet temperature");
    positive(spec.V_dot_m3_s, "coolant flow");
    if (spec.coolant == nullptr) {
        throw std::invalid_argument("cold-plate CFD: no coolant given");
    }
    if (spec.die_length_m > spec.length_m * (1.0 + 1e-9)) {
        throw std::invalid_argument("cold-plate CFD: the die (" +
                                    std::to_string(spec.die_length_m * 1e3) +
                                    " mm along the flow) is longer than the plate (" +
                                    std::to_string(spec.length_m * 1e3) + " mm)");
    }
    if (spec.stack.empty()) {
        throw std::invalid_argument("cold-plate CFD: the chip stack is empty; the die (first "
                                    "layer) carries the heat source");
    }
    if (spec.cells_half_channel < 2 || spec.cells_half_fin < 1 || spec.cells_channel_depth < 2 ||
        spec.min_cells_layer < 1) {
        throw std::invalid_argument("cold-plate CFD: too few cells asked for");
    }
    std::set<std::string> names{"plate", "coolant"};
    for (const auto& layer : spec.stack) {
        positive(layer.thickness_m, "thickness of layer " + layer.region);
        positive(layer.solid.k, "conductivity of layer " + layer.region);
        if (!names.insert(layer.region).second) {
            throw std::invalid_argument("cold-plate CFD: region name '" + layer.region +
                                        "' is used twice (plate and coolant are taken)");
        }
    }

    ColdPlateUnitCell cell;
    cell.pitch_m = spec.channel_width_m + spec.fin_thickness_m;
    cell.n_channels = static_cast<int>(std::floor(spec.width_m / cell.pitch_m + 1e-9));
    if (cell.n_channels < 1) {
        throw std::invalid_argument("cold-plate CFD: the plate is narrower than one channel "
                                    "pitch");
    }
    cell.share = 1.0 / (2.0 * cell.n_channels);
    cell.V_dot_cell_m3_s = spec.V_dot_m3_s * cell.share;
    cell.Q_cell_W = spec.Q_W * cell.share;

    // Coolant properties at the mean bulk temperature: inlet plus half the caloric rise.
    const thermal::Fluid& f = *spec.coolant;
    double T_props = spec.T_inlet_K;
    for (int i = 0; i < 2; ++i) {
        const double rise = spec.Q_W / (f.rho(T_props) * spec.V_dot_m3_s * f.cp(T_props));
        T_props = spec.T_inlet_K + 0.5 * rise;
    }
    cell.T_properties_K = T_props;
    char label[96];
    std::snprintf(label, sizeof label, "%s at %.2f degC", f.name().c_str(),
                  thermal::to_degC(T_props));
    cell.coolant = {label, f.rho(T_props), f.cp(T_props), f.mu(T_props), f.k(T_props)};
    const double w = spec.channel_width_m;
    const double H = spec.channel_depth_m;
    const double u = spec.V_dot_m3_s / (cell.n_channels * w * H);
    const double D_h = 2.0 * w * H / (w + H);
    cell.Re = cell.coolant.rho * u * D_h / cell.coolant.mu;
    if (cell.Re > 2000.0) {
        throw std::invalid_argument("cold-plate CFD: channel Reynolds number " +
                                    std::to_string(cell.Re) +
                                    " is above 2000; the case is laminar only (lower the flow)");
    }

    // Boxes, from the die up.
    const double x_fin = 0.5 * spec.fin_thickness_m;
    const double x_end = 0.5 * cell.pitch_m;
    const double L = spec.length_m;
    const double y_die0 = 0.5 * (L - spec.die_length_m);
    const double y_die1 = 0.5 * (L + spec.die_length_m);
    geometry::HexMeshSpec& m = cell.mesh;
    double z = 0.0;
    for (const auto& layer : spec.stack) {
        geometry::MeshBox b;
        b.box = {{0.0, layer.footprint ? 0.0 : y_die0, z},
                 {x_end, layer.footprint ? L : y_die1, z + layer.thickness_m}};
        b.zone = layer.region;
        m.boxes.push_back(b);
        z += layer.thickness_m;
    }
    const double z_base = z;
    const double z_fin0 = z_base + spec.base_thickness_m;
    const double z_top = z_fin0 + H;
    geometry::MeshBox base;
    base.box = {{0.0, 0.0, z_base}, {x_end, L, z_fin0}};
    base.zone = "plate";
    geometry::MeshBox fin;
    fin.box = {{0.0, 0.0, z_fin0}, {x_fin, L, z_top}};
    fin.zone = "plate";
    fin.max_cell = {x_fin / spec.cells_half_fin, 0.0, 0.0};
    geometry::MeshBox channel;
    channel.box = {{x_fin, 0.0, z_fin0}, {x_end, L, z_top}};
    channel.zone = "coolant";
    channel.max_cell = {(x_end - x_fin) / spec.cells_half_channel, 0.0,
                        H / spec.cells_channel_depth};
    m.boxes.push_back(base);
    m.boxes.push_back(fin);
    m.boxes.push_back(channel);
    m.domain = {{0.0, 0.0, 0.0}, {x_end, L, z_top}};
    const double dy = spec.cell_length_m > 0.0 ? spec.cell_length_m : L / 150.0;
    const double dz_solid = std::max(H / spec.cells_channel_depth, spec.base_thickness_m / 10.0);
    m.spacing = {geometry::AxisSpacing{x_end, 1}, geometry::AxisSpacing{dy, 1},
                 geometry::AxisSpacing{dz_solid, spec.min_cells_layer}};
    const geometry::PatchSpec adiabatic{"adiabatic", "wall"};
    m.domain_patches = {geometry::PatchSpec{"symmetry_fin", "symmetryPlane"},
                        geometry::PatchSpec{"symmetry_channel", "symmetryPlane"},
                        adiabatic,
                        adiabatic,
                        adiabatic,
                        adiabatic};
    m.background_patch = adiabatic; // beside a die shorter than the plate
    geometry::PatchRegion inlet;
    inlet.patch = {"inlet", "patch"};
    inlet.side = geometry::Side::y_min;
    inlet.rect = {{x_fin, 0.0, z_fin0}, {x_end, 0.0, z_top}};
    geometry::PatchRegion outlet = inlet;
    outlet.patch = {"outlet", "patch"};
    outlet.side = geometry::Side::y_max;
    outlet.rect = {{x_fin, L, z_fin0}, {x_end, L, z_top}};
    m.patch_regions = {inlet, outlet};

    // Regions.
    ChtRegion coolant;
    coolant.name = "coolant";
    coolant.fluid = true;
    coolant.fluid_properties = cell.coolant;
    cell.cht.regions.push_back(coolant);
    ChtRegion plate;
    plate.name = "plate";
    plate.solid_properties = spec.plate;
    cell.cht.regions.push_back(plate);
    for (std::size_t i = 0; i < spec.stack.size(); ++i) {
        ChtRegion r;
        r.name = spec.stack[i].region;
        r.solid_properties = spec.stack[i].solid;
        r.Q_W = i == 0 ? cell.Q_cell_W : 0.0;
        cell.cht.regions.push_back(r);
    }
    cell.die_region = spec.stack.front().region;
    cell.contact_patch = "plate_to_" + spec.stack.back().region;
    cell.cht.V_dot_inlet_m3_s = cell.V_dot_cell_m3_s;
    cell.cht.T_inlet_K = spec.T_inlet_K;
    cell.cht.surfaces = {{"contactFace", "plate", cell.contact_patch}};
    cell.cht.max_iterations = spec.max_iterations;
    return cell;
}

} // namespace rackcalc::openfoam
