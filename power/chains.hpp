#pragma once
// The reference power chains, MV feed to chip, built from the component data in
// power/data/chains.toml (each number sourced there) and sized for a design IT power.
//
// Calibration (seed-facts "Power delivery", report table 17: UPS 92 %, HVDC 93 %,
// Panama 97.5 %, SST 98.5 %). Those figures are *system* efficiencies and the table does
// not define the boundary; RackCalc reads it as "MV feed to the output bus of the power
// supply system", i.e. the equipment the table compares, without downstream distribution
// or any in-rack conversion:
//   UPS    = MV/LV transformer + double-conversion UPS         (Chain::system = stages 0-1)
//   HVDC   = MV/LV transformer + HVDC rectifier                (stages 0-1)
//   Panama = 10 kV phase-shifting transformer + rectifier      (stages 0-1)
//   SST    = the solid-state transformer, 10 kV AC -> 800 V DC  (stage 0)
// Condition: 100 % of the design IT power, default redundancy (UPS N+1 of 5, HVDC
// rectifier N+1 of 10, Panama rectifier N+1 of 5, SST N+3 of 15; every module on line and
// sharing), MV transformers loaded to 80 % of rating. The UPS, HVDC-rectifier, Panama-
// rectifier and SST curves are the calibrated ones: their shape (no-load / proportional /
// square-law split) comes from the cited loss structure and one scale factor is solved
// (calibrate_stage_scale) so the system figure is met; the other curves are taken as
// published. The end-to-end (MV to chip) efficiency at the same condition is much lower,
// 77 % (UPS) to 83 % (SST), because it includes the rack shelves, 54 -> 12 V and the
// point-of-load regulator (~89 %). The SST chain gives 93 % from MV to the 12 V board
// bus, consistent with the "> 92 % MV -> chip" of [R38b] if that figure stops before the
// point of load (inferred). Conductors are sized by ampacity (1.6 A/mm2 [R35]), so their
// relative loss falls with voltage: 60 m of DC feeder loses 1.6 % at 240 V, 0.5 % at 800 V.

#include "power/component_library.hpp"
#include "power/stage.hpp"

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace rackcalc::power {

/// A case's changes to one stage of a reference chain ([power.stages.<id>] in a case file,
/// power/power_spec.hpp), in SI. Unset members keep the component data. Sizing takes them
/// into account, so the stages upstream are sized for the changed losses.
struct StageOverride {
    std::optional<LossCurve> curve; ///< per module, per unit of module rating
    std::string curve_source;
    /// Scheme with its spares and blocks: per group of modules_needed when `modules` is
    /// unset (the chain adds groups as the load needs), else for the whole stage.
    std::optional<RedundancySpec> redundancy;
    std::optional<bool> spares_share_load;
    /// Installed modules in total (every rack, both sides); the stage is then exactly this
    /// many modules, rated P_module_W or, when that is unset, sized so the needed ones carry
    /// the design load at design_loading.
    std::optional<int> modules;
    std::optional<double> P_module_W;     ///< [W]
    std::optional<double> design_loading; ///< design output / N rating, (0, 1]
    std::optional<Location> location;
    std::optional<Medium> medium;
    std::optional<double> footprint_m2; ///< installed stage in total [m2]
    std::optional<double> V_in;         ///< input voltage [V]; the bus type stays the chain's
    std::optional<double> V_out;        ///< output voltage [V]
    // Conductors only.
    std::optional<double> length; ///< [m]
    std::optional<double> J;      ///< design current density [A/m2]
    std::optional<double> T;      ///< conductor temperature [K]
    std::optional<double> PF;     ///< power factor of an AC run
};

/// Loss curves of the facility converters: the named datasheets and standards, or each
/// curve scaled to the seed report's table 17 (ChainOptions::seed_table_curves).
enum class CurveSet { datasheet, seed_table };
inline constexpr core::Words<CurveSet, 2> curve_set_words{{{
    {CurveSet::datasheet, "datasheet"},
    {CurveSet::seed_table, "seed-table"},
}}};
static_assert(curve_set_words.complete());
/// Operating mode of a double-conversion UPS (ChainOptions::ups_eco).
enum class UpsMode { double_conversion, eco };
inline constexpr core::Words<UpsMode, 2> ups_mode_words{{{
    {UpsMode::double_conversion, "double-conversion"},
    {UpsMode::eco, "eco"},
}}};
static_assert(ups_mode_words.complete());

struct ChainOptions {
    double P_it_design_W = 0.0; ///< chain-end design power [W]; 0: the library's
    int racks = 0;              ///< racks in the block; 0: the library's
    /// Overrides the redundancy of the chain's main facility converter (UPS, HVDC / sidecar /
    /// Panama rectifier, power rack, SST): n drops the spares, n_plus_x keeps the data's X
    /// (at least 1), two_n doubles the modules so each side carries half.
    std::optional<Redundancy> facility_redundancy;
    double V_mv = 10e3;       ///< medium-voltage feed, line-to-line [V] (10 kV, seed 5.1.2)
    double V_lv = 415.0;      ///< low-voltage AC, line-to-line [V]
    double V_hvdc = 380.0;    ///< HVDC bus of chain (b): 240, 336 or 380 V
    double V_panama = 240.0;  ///< DC bus of the Panama chain: 240 or 336 V
    double V_rack_800 = 54.0; ///< 800 V chain: 54 (800 -> 54 V + busbar) or 12 (800 -> 12 V)
    /// Stage overrides by component id (Stage::id); an id the chain does not have is an
    /// error (PowerInputError with a "did you mean").
    std::map<std::string, StageOverride, std::less<>> stage_overrides;
    /// End the chain at the rack boundary's tray side (the output of the rack busbar or of
    /// the in-rack converter that feeds the trays): the stages on the trays (54 -> 12 V,
    /// 800 -> 12 V, point of load) are left out, because a template's tray power already
    /// contains them (docs/power.md, "The rack boundary"). Case chains do this.
    bool end_at_trays = false;
    /// Scale the facility converter's loss curve (shape kept) so the chain's system
    /// efficiency at the design IT power equals the seed report's table 17 figure for its
    /// family (power/seed_table.hpp); chains without a figure are left as they are.
    bool seed_table_curves = false;
    /// Run the double-conversion UPS in its eco / ESS mode (component ups_eco_mode).
    bool ups_eco = false;
};

/// One stage of a chain's topology, before sizing: what chain_layout() returns.
struct StageSlot {
    std::string id;   ///< component id, the key of [power.stages.<id>]
    std::string name; ///< display name
    Bus input;
    Bus output;
    bool facility = false; ///< the main facility converter (Chain::facility_stage)
    bool on_tray = false;  ///< on the IT trays, inside the tray power (end_at_trays drops it)
};

/// The case-file identifiers of the reference chains: ac-ups, hvdc-240, hvdc-336, hvdc-380,
/// dc-800, dc-pm400, panama-240, panama-336, sst-800.
/// The chains' case-file identifiers ("ac-ups", "hvdc-380", ...), in the order they are
/// listed in the input reference.
const std::vector<std::string>& chain_ids();

/// The stages of chain `id` (feed first) without sizing them; no component data needed.
/// Throws PowerInputError for an unknown identifier (with a "did you mean").
std::vector<StageSlot> chain_layout(std::string_view id, const ChainOptions& options = {});

/// (a) MV/LV transformer, double-conversion UPS, LV distribution, PDU, ORv3 AC -> 54 V
/// shelves, 54 V busbar, 54 -> 12 V, point of load.
Chain ac_ups_chain(const ChainOptions& options = {},
                   const ComponentLibrary& library = default_component_library());
/// (b) MV/LV transformer, HVDC rectifier (240/336/380 V), DC distribution, rack DC shelf
/// -> 54 V, busbar, 54 -> 12 V, point of load.
Chain hvdc_chain(const ChainOptions& options = {},
                 const ComponentLibrary& library = default_component_library());
/// (c) MV/LV transformer, LV feeder, sidecar rectifier -> 800 V DC, 800 V busway, in-rack
/// 800 -> 54 V (or 800 -> 12 V), busbar, 54 -> 12 V, point of load.
Chain dc800_sidecar_chain(const ChainOptions& options = {},
                          const ComponentLibrary& library = default_component_library());
/// (d) +/-400 V DC disaggregated power rack (OCP Mt Diablo): MV/LV transformer, LV feeder,
/// power rack AC -> +/-400 V, bipolar busbar, in-rack +/-400 -> 54 V, busbar, 54 -> 12 V,
/// point of load.
Chain bipolar400_chain(const ChainOptions& options = {},
                       const ComponentLibrary& library = default_component_library());
/// (e) Panama: 10 kV phase-shifting transformer + multi-pulse rectifier -> 240/336 V DC,
/// DC distribution, rack DC shelf -> 54 V, busbar, 54 -> 12 V, point of load.
Chain panama_chain(const ChainOptions& options = {},
                   const ComponentLibrary& library = default_component_library());
/// (f) SST 10 kV AC -> 800 V DC, DC distribution, in-rack 800 -> 54 V, busbar,
/// 54 -> 12 V, point of load.
Chain sst_chain(const ChainOptions& options = {},
                const ComponentLibrary& library = default_component_library());

/// A chain by the identifier the case files use ([power] chain in power/power_spec.hpp):
/// ac-ups, hvdc-240, hvdc-336, hvdc-380, dc-800, dc-pm400, panama-240, panama-336, sst-800.
/// The voltage in the name overrides the one in `options`. Throws PowerInputError for an
/// unknown identifier (with a "did you mean").
Chain reference_chain(std::string_view id, const ChainOptions& options = {},
                      const ComponentLibrary& library = default_component_library());

/// The scheme of a redundancy as written in case files (parse_redundancy: "N", "N+X" with
/// X >= 1, "2N", "BN/M"); throws PowerInputError otherwise.
Redundancy redundancy_from_string(std::string_view text);

/// All six, in the order (a)-(f).
std::vector<Chain> reference_chains(const ChainOptions& options = {},
                                    const ComponentLibrary& library = default_component_library());

/// Copper of one conductor stage: the busbar or cable sized by ampacity at the stage rating
/// (Stage::P_module_W) and evaluated at the stage's output power.
struct StageCopper {
    std::size_t stage = 0;   ///< index in Chain::stages
    ConductorResult at_load; ///< cross-section and mass as sized; current, loss at the load
};

/// Every conductor stage of `chain` evaluated at the stage outputs of `result` (a result of
/// evaluate_chain on the same chain). Its I^2 R loss equals the stage loss of the chain.
std::vector<StageCopper> chain_copper(const Chain& chain, const ChainResult& result);

/// Multiplies k0, k1, k2 of stage `index` by one factor s, solved by bisection so that the
/// chain's system efficiency at P_it_W equals `target`; returns s. Used to calibrate a
/// curve's scale to a published system figure while keeping its shape. Throws
/// PowerInputError when the target cannot be reached (the other stages already lose more).
double calibrate_stage_scale(Chain& chain, std::size_t index, double P_it_W, double target);

} // namespace rackcalc::power
