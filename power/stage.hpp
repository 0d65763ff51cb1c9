#pragma once
// A conversion stage of a power chain (transformer, UPS, rectifier, PSU shelf, DC-DC,
// point-of-load regulator, busbar or cable) and a chain of them from the MV feed to the chip.
// Plain SI doubles: power [W], voltage [V], area [m2].

#include "core/words.hpp"
#include "power/conductor.hpp"
#include "power/loss_curve.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::power {

enum class StageKind {
    transformer,                ///< MV/LV line-frequency transformer
    phase_shifting_transformer, ///< multi-winding transformer feeding a multi-pulse rectifier
    switchgear,
    ups_double_conversion, ///< AC-DC-AC online UPS
    pdu,                   ///< power distribution unit / remote power panel
    rectifier,             ///< AC -> DC (HVDC rectifier, sidecar power rack)
    psu_shelf,             ///< rack power shelf (AC -> 54 V or HVDC -> 54 V)
    dc_dc,                 ///< isolated DC-DC (800 -> 54 V, 54 -> 12 V)
    pol_regulator,         ///< point-of-load voltage regulator (12 V -> core)
    conductor,             ///< busbar or cable: I^2 R loss only
    sst,                   ///< solid-state transformer, MV AC -> DC
};
/// The words of a component file's `kind`.
inline constexpr core::Words<StageKind, 11> stage_kind_words{{{
    {StageKind::transformer, "transformer"},
    {StageKind::phase_shifting_transformer, "phase_shifting_transformer"},
    {StageKind::switchgear, "switchgear"},
    {StageKind::ups_double_conversion, "ups_double_conversion"},
    {StageKind::pdu, "pdu"},
    {StageKind::rectifier, "rectifier"},
    {StageKind::psu_shelf, "psu_shelf"},
    {StageKind::dc_dc, "dc_dc"},
    {StageKind::pol_regulator, "pol_regulator"},
    {StageKind::conductor, "conductor"},
    {StageKind::sst, "sst"},
}}};
static_assert(stage_kind_words.complete());
std::string_view to_string(StageKind kind);

enum class BusType {
    ac_3phase,  ///< voltage is the line-to-line RMS value
    dc,         ///< two-wire DC; voltage is the pole-to-pole value
    dc_bipolar, ///< +/-V DC with a mid-point; voltage is pole-to-pole (800 for +/-400 V)
};

struct Bus {
    BusType type = BusType::dc;
    double V = 0.0; ///< [V]

    friend bool operator==(const Bus&, const Bus&) = default;
};
/// "415 V AC 3-phase", "800 V DC", "+/-400 V DC bipolar".
std::string to_string(const Bus& bus);

enum class Redundancy {
    n,        ///< no redundancy: every installed module is needed
    n_plus_x, ///< N needed + X spare modules
    two_n,    ///< two independent sides, each able to carry the load; each carries half
    block,    ///< B blocks of equal modules, S of them spare (e.g. 4-make-3: B = 4, S = 1)
};
std::string_view to_string(Redundancy r);
/// The words of a component file's `redundancy` (a case file writes "N+1", "2N": see
/// parse_redundancy).
inline constexpr core::Words<Redundancy, 4> redundancy_scheme_words{{{
    {Redundancy::n, "n"},
    {Redundancy::n_plus_x, "n_plus_x"},
    {Redundancy::two_n, "two_n"},
    {Redundancy::block, "block"},
}}};
static_assert(redundancy_scheme_words.complete());

struct RedundancySpec {
    Redundancy scheme = Redundancy::n;
    int spare = 0;  ///< X for n_plus_x; spare blocks S for block
    int blocks = 1; ///< B for block
    /// true: every installed module is on line and they share the load equally (hot
    /// standby, the usual case for modular UPS and PSU shelves); false: the spares are idle.
    bool spares_share_load = true;
    /// Idle spares still draw their no-load loss (k0) when true.
    bool idle_spares_energised = true;
};

/// The scheme as a case file writes it, the inverse of parse_redundancy: "N", "N+2", "2N",
/// "4N/3".
std::string to_string(const RedundancySpec& r);

/// Where a stage's loss ends up as heat (power-data.md c4) and in which medium.
enum class Location { utility_yard, grey_space, white_space, in_rack };
enum class Medium { air, liquid };
inline constexpr std::size_t location_count = 4;
inline constexpr std::size_t medium_count = 2;
/// The words of `location` and `medium` in case and component files.
inline constexpr core::Words<Location, location_count> location_words{{{
    {Location::utility_yard, "utility_yard"},
    {Location::grey_space, "grey_space"},
    {Location::white_space, "white_space"},
    {Location::in_rack, "in_rack"},
}}};
static_assert(location_words.complete());
inline constexpr core::Words<Medium, medium_count> medium_words{{{
    {Medium::air, "air"},
    {Medium::liquid, "liquid"},
}}};
static_assert(medium_words.complete());
std::string_view to_string(Location location);
std::string_view to_string(Medium medium);

struct Stage {
    std::string name;
    /// Component id from power/data/chains.toml (e.g. "ups_double_conversion"); the key a
    /// case file uses to override the stage ([power.stages.<id>]). Empty for ad-hoc stages.
    std::string id;
    StageKind kind = StageKind::dc_dc;
    Bus input;
    Bus output;
    double P_module_W = 0.0; ///< rated output power of one module [W]
    int modules = 1;         ///< installed modules (both sides for 2N, all blocks for block)
    RedundancySpec redundancy;
    LossCurve curve; ///< per module, per unit of P_module_W
    Location location = Location::grey_space;
    Medium medium = Medium::air;
    double footprint_m2 = 0.0; ///< floor area of the installed stage [m2]
    std::string curve_source;  ///< provenance of the loss curve (data file or case file)
    /// Busbars and cables: the copper the loss curve was derived from, sized by ampacity at
    /// P_module_W (kind == conductor only).
    std::optional<ConductorSpec> conductor;
};

/// How the installed modules of a stage are used.
struct ModuleCounts {
    int needed = 0; ///< N: modules needed to carry the rated load without redundancy
    int active = 0; ///< modules on line sharing the load
    int idle = 0;   ///< energised spares carrying no load
};
/// Checks the module count against the redundancy scheme; throws PowerInputError naming the
/// stage when they are inconsistent (2N with an odd count, blocks not dividing the count...).
ModuleCounts module_counts(const Stage& stage);

/// The largest output the stage may carry with its redundancy intact: N x P_module [W].
double rated_output(const Stage& stage);

struct StageResult {
    double P_out_W = 0.0;
    double P_in_W = 0.0;
    double P_loss_W = 0.0;
    double efficiency = 0.0;    ///< P_out / P_in; 0 when P_out = 0
    double load_fraction = 0.0; ///< per active module, P_out / (active x P_module)
    int modules_active = 0;
};

/// Checks a stage's data (rating, counts, loss curve); throws PowerInputError naming it.
void check_stage(const Stage& stage);

/// Loss of one stage at output P_out_W. Each active module runs at its true part-load
/// point x = P_out / (active P_module) (power-data.md c3); idle energised spares add k0.
/// Throws PowerInputError naming the stage and the loads if P_out_W exceeds
/// rated_output() or is negative.
StageResult evaluate(const Stage& stage, double P_out_W);

/// Stages in order from the MV feed (first) to the chip (last): the output of stage i feeds
/// the input of stage i + 1.
struct Chain {
    std::string name;
    std::string id; ///< case-file identifier (ac-ups, hvdc-380, ...); empty for ad-hoc chains
    std::vector<Stage> stages;
    /// The main facility converter (UPS, HVDC / sidecar / Panama rectifier, power rack, SST),
    /// whose redundancy [power] redundancy sets.
    std::size_t facility_stage = 0;
    /// Inclusive range of stages whose efficiency a published "system" figure describes
    /// (e.g. MV feed to DC bus); see system_boundary for the words.
    std::size_t system_first = 0;
    std::size_t system_last = 0;
    std::string system_boundary;
};

struct ChainResult {
    double P_it_W = 0.0;     ///< delivered by the last stage
    double P_in_W = 0.0;     ///< drawn by the first stage
    double P_loss_W = 0.0;   ///< sum of stage losses
    double efficiency = 0.0; ///< P_it / P_in (end to end)
    /// P_out(system_last) / P_in(system_first)
    double system_efficiency = 0.0;
    /// Loss [W] by where it lands and the medium that carries it away.
    std::array<std::array<double, medium_count>, location_count> loss_by_location{};
    std::vector<StageResult> stages; ///< same order as Chain::stages
};

/// Throws PowerInputError when the chain is empty, the system range is out of bounds, a
/// stage is invalid, or the output of a stage does not match the input of the next (message
/// names both stages and both voltages).
void check_chain(const Chain& chain);

/// Walks the chain from the load back to the feed. Reuses out.stages, so repeated calls
/// with the same ChainResult do not allocate. Checks voltage matching and ratings.
void evaluate_chain(const Chain& chain, double P_it_W, ChainResult& out);
ChainResult evaluate_chain(const Chain& chain, double P_it_W);

} // namespace rackcalc::power
