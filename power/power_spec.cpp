#include "power/power_spec.hpp"

#include "power/power_error.hpp"
#include "power/quantity_kinds.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace rackcalc::power {

using namespace rackcalc::core;

namespace {

/// "native" (the chain the rack template names) or a chain by its identifier.
std::vector<std::string> chain_choices() {
    std::vector<std::string> out{"native"};
    out.insert(out.end(), chain_ids().begin(), chain_ids().end());
    return out;
}

std::shared_ptr<const TableSpec> bin_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "utilisation bin";
    t->doc = "One part of the year at one IT load; the durations add up to 8760 h.";
    t->keys = {
        quantity("duration", core::kinds::time, "h", "Time spent at this load").above(0).needed(),
        real("utilisation", "IT load as a share of the design IT power").range(0, 1).needed(),
    };
    return t;
}

std::shared_ptr<const TableSpec> point_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "efficiency point";
    t->doc = "One datasheet point of one module: load fraction and efficiency.";
    t->keys = {
        real("load_fraction", "P_out / P_rated of one module, e.g. 0.5").above(0).needed(),
        real("efficiency", "P_out / P_in as a fraction, e.g. 0.96")
            .above(0)
            .range(std::nullopt, 1)
            .needed(),
    };
    return t;
}

std::shared_ptr<const TableSpec> stage_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "stage override";
    t->doc =
        "Changes to one stage of the chosen chain, named by its component id (`rackcalc power "
        "CASE` lists them; e.g. ups_double_conversion, hvdc_rectifier, orv3_ac_shelf, pol_12v). "
        "Unset keys keep the data of power/data/chains.toml; the stages upstream are sized for "
        "the changed losses. Give at most one loss description: efficiency; k0/k1/k2; "
        "no_load_loss + load_loss; peak_efficiency + full_load_efficiency; or points. Busbars "
        "and cables take only length, current_density, temperature, power_factor, location, "
        "medium, footprint and the voltages.";
    t->keys = {
        integer("modules", "Installed modules in total (all racks, both sides of 2N); the "
                           "needed ones must carry the design load")
            .range(1, 1e6),
        quantity("module_rating", core::kinds::power, "kW",
                 "Rated output of one module; without `modules`, modules are added until the "
                 "design load fits")
            .above(0),
        text("redundancy", "N, N+X (X spares), 2N, or BN/M (block redundant: B blocks of "
                           "which M are needed, e.g. 4N/3); per group of modules unless "
                           "`modules` is given, then for the whole stage"),
        boolean("spares_share_load",
                "Spares on line sharing the load (true) or idle, costing only their no-load "
                "loss (false)"),
        real("design_loading", "Design output / rating of the needed modules")
            .above(0)
            .range(std::nullopt, 1),
        real("efficiency", "Constant efficiency P_out / P_in at every load (loss proportional "
                           "to the load: k1 = 1/efficiency - 1)")
            .above(0)
            .range(std::nullopt, 1),
        real("k0", "No-load loss per unit of module rating"),
        real("k1", "Proportional loss per unit of rating per unit load"),
        real("k2", "Square-law loss per unit of rating per unit load squared"),
        real("no_load_loss", "Transformer P0 / S_rated").range(0, 0.5),
        real("load_loss", "Transformer Pk / S_rated at rated load").range(0, 0.5),
        real("peak_efficiency", "Peak efficiency (with full_load_efficiency, k1 = 0)")
            .above(0)
            .range(std::nullopt, 1),
        real("full_load_efficiency", "Efficiency at rated load").above(0).range(std::nullopt, 1),
        table_array("points", point_schema(),
                    "Datasheet points (load fraction, efficiency) fitted to k0, k1, k2"),
        choice("fit", {"nnls", "least_squares"},
               "How points are fitted: non-negative least squares, or plain least squares "
               "(rejected when the loss goes negative)")
            .def("nnls"),
        choice("location", location_words.names(), "Where the stage's loss lands as heat"),
        choice("medium", medium_words.names(), "What carries the stage's heat away"),
        quantity("footprint", core::kinds::area, "m^2", "Floor area of the installed stage")
            .range(0, std::nullopt),
        quantity("input_voltage", core::kinds::voltage, "V",
                 "Input voltage (line-to-line AC or pole-to-pole DC); the bus type stays")
            .above(0),
        quantity("output_voltage", core::kinds::voltage, "V", "Output voltage").above(0),
        quantity("length", core::kinds::length, "m", "Busbar or cable route length, one way")
            .above(0),
        quantity("current_density", kinds::current_density, "A/mm^2",
                 "Design current density for ampacity sizing")
            .above(0),
        quantity("temperature", core::kinds::temperature, "degC", "Conductor temperature")
            .range(-50, 200),
        real("power_factor", "Power factor of an AC run").above(0).range(std::nullopt, 1),
    };
    return t;
}

std::shared_ptr<const TableSpec> layer_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "storage layer";
    t->doc = "One storage layer, fastest first; each takes what varies faster than its time "
             "constant that faster layers left (cascaded first-order high-pass split).";
    t->keys = {
        text("name", "Layer name, e.g. \"rack BBU\"").needed(),
        quantity("time_constant", core::kinds::time, "s",
                 "Split time constant; the last (slowest) layer takes the rest and needs none")
            .def("0 s")
            .range(0, std::nullopt),
        real("round_trip_efficiency", "Energy out / energy in over a cycle")
            .def("0.9")
            .above(0)
            .range(std::nullopt, 1),
    };
    return t;
}

std::shared_ptr<const TableSpec> swing_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "swing";
    t->doc = "The IT load swing (synchronous training: about 30 % <-> 100 %) run through the "
             "chain to the feed, the grid policy and the storage layers that cover the "
             "difference (counted at the feed).";
    t->keys = {
        choice("profile", {"square", "ramp", "csv"},
               "Square wave between low and high, one rise from low to high, or a CSV trace")
            .def("square"),
        real("low_fraction", "Low IT load as a share of the design IT power")
            .def("0.3")
            .range(0, 1),
        real("high_fraction", "High IT load as a share of the design IT power")
            .def("1")
            .above(0)
            .range(std::nullopt, 1),
        quantity("period", core::kinds::time, "s",
                 "Square-wave period (training iterations take 1-10 s, [R24])")
            .def("1 s")
            .above(0),
        real("duty", "Square wave: share of the period at the high load").def("0.5").range(0, 1),
        quantity("ramp_start", core::kinds::time, "s", "Ramp: when the rise starts")
            .def("1 s")
            .range(0, std::nullopt),
        quantity("ramp_time", core::kinds::time, "s", "Ramp: rise time; 0 s is a step")
            .def("0 s")
            .range(0, std::nullopt),
        text("csv", "CSV trace (time [s], IT power [W] of the whole case), relative to the "
                    "file that names it"),
        quantity("duration", core::kinds::time, "s", "Simulated time").def("60 s").above(0),
        quantity("time_step", core::kinds::time, "ms", "Time step").def("1 ms").range(0.01, 1000),
        choice("grid", {"auto", "follow", "hold_mean"},
               "Grid power follows the (averaged) feed power within the ramp limit, or moves to "
               "the mean of the whole profile; auto: hold_mean for a square wave (a steady "
               "swing), follow for a ramp or a trace")
            .def("auto"),
        quantity("averaging_window", core::kinds::time, "s",
                 "follow: the grid aims at the moving average of the feed power over this "
                 "window; 0 s: the power itself")
            .def("10 s")
            .range(0, std::nullopt),
        quantity("ramp_limit", kinds::ramp_rate, "kW/s",
                 "Grid-side ramp limit for the whole case; unset: none")
            .above(0),
        table_array("layers", layer_schema(),
                    "Storage layers, fastest first. Default: PSU hold-up capacitors (20 ms, "
                    "0.98; [R18] 20 ms hold-up), rack BBU / supercapacitor (30 s, 0.95), "
                    "facility battery (0.90, [R15]); time constants and the first two "
                    "efficiencies inferred"),
    };
    return t;
}

void remember(KeyLocations& locations, const CheckedTable& t, std::string_view key) {
    if (t.has(key)) {
        locations.emplace(std::string(key), t.diagnostic(key, "", ""));
    }
}

[[noreturn]] void fail(const CheckedTable& t, std::string_view key, std::string message,
                       std::string fix) {
    throw InputError(t.diagnostic(key, std::move(message), std::move(fix)));
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

/// A stage id the user may have meant: one that contains the word ("ups" for
/// "ups_double_conversion"), else the closest by edit distance.
std::string suggestion(const std::string& word, const std::vector<std::string>& ids) {
    if (word.size() >= 3) {
        for (const auto& id : ids) {
            if (id.find(word) != std::string::npos) {
                return id;
            }
        }
    }
    return closest_match(word, ids);
}

std::optional<LossCurve> read_curve(const std::string& id, const CheckedTable& st,
                                    std::string& source) {
    struct Form {
        const char* keys[3];
        const char* first;
    };
    const Form forms[] = {{{"efficiency", nullptr, nullptr}, "efficiency"},
                          {{"k0", "k1", "k2"}, "k0"},
                          {{"no_load_loss", "load_loss", nullptr}, "no_load_loss"},
                          {{"peak_efficiency", "full_load_efficiency", nullptr}, "peak_efficiency"},
                          {{"points", nullptr, nullptr}, "points"}};
    std::vector<std::string> used; // the first key written of each form used
    for (const Form& f : forms) {
        for (const char* k : f.keys) {
            if (k != nullptr && st.has(k)) {
                used.emplace_back(k);
                break;
            }
        }
    }
    if (used.empty()) {
        if (st.has("fit")) {
            fail(st, "fit", "fit is given but there are no points to fit",
                 "add points = [ { load_fraction = 0.5, efficiency = 0.96 }, ... ] or remove fit");
        }
        return std::nullopt;
    }
    if (used.size() > 1) {
        fail(st, used[1],
             fmt::format("stage \"{}\" has {} loss descriptions ({}); exactly one is allowed", id,
                         used.size(), joined(used)),
             "keep one of: efficiency; k0/k1/k2; no_load_loss + load_loss; peak_efficiency + "
             "full_load_efficiency; points");
    }
    const std::string& key = used.front();
    source = st.provenance(key).source;
    try {
        if (key == "efficiency") {
            return LossCurve{0.0, 1.0 / st.real("efficiency") - 1.0, 0.0};
        }
        if (key == "k0" || key == "k1" || key == "k2") {
            const LossCurve c{st.has("k0") ? st.real("k0") : 0.0,
                              st.has("k1") ? st.real("k1") : 0.0,
                              st.has("k2") ? st.real("k2") : 0.0};
            check_loss_curve(c, id);
            return c;
        }
        if (key == "no_load_loss" || key == "load_loss") {
            if (!st.has("no_load_loss") || !st.has("load_loss")) {
                fail(st, key, "a transformer loss needs both no_load_loss and load_loss",
                     "add the other one (per unit of rated power, e.g. no_load_loss = 0.001, "
                     "load_loss = 0.009)");
            }
            return LossCurve{st.real("no_load_loss"), 0.0, st.real("load_loss")};
        }
        if (key == "peak_efficiency" || key == "full_load_efficiency") {
            if (!st.has("peak_efficiency") || !st.has("full_load_efficiency")) {
                fail(st, key, "this form needs both peak_efficiency and full_load_efficiency",
                     "add the other one, or give points instead");
            }
            return loss_curve_from_peak_and_full_load(st.real("peak_efficiency"),
                                                      st.real("full_load_efficiency"), id);
        }
        std::vector<EfficiencyPoint> points;
        for (const auto& p : st.array("points")) {
            points.push_back({p.real("load_fraction"), p.real("efficiency")});
        }
        FitOptions options;
        options.nonnegative = st.string("fit") == "nnls";
        options.x_max = std::max(
            1.0, std::max_element(points.begin(), points.end(), [](const auto& a, const auto& b) {
                     return a.load_fraction < b.load_fraction;
                 })->load_fraction);
        return fit_loss_curve(points, id, options).curve;
    } catch (const PowerInputError& e) {
        std::string where = e.key().rfind("points", 0) == 0 ? "points" : key;
        for (const char* k : {"k0", "k1", "k2"}) {
            if (where.starts_with('k') && st.has(k) && st.real(k) < 0.0) {
                where = k; // point at the negative coefficient
                break;
            }
        }
        fail(st, where, e.what(),
             "correct the efficiency data: efficiencies are fractions in (0, 1) and the loss "
             "k0 + k1 x + k2 x^2 must not be negative for 0 <= x <= 1");
    }
}

StageOverrideSpec read_stage(const std::string& id, const CheckedTable& st,
                             const CheckedTable& stages, const StageSlot& slot) {
    StageOverrideSpec o;
    o.id = id;
    o.locations.emplace("", stages.diagnostic(id, "", ""));
    for (const auto& key : stage_schema()->key_names()) {
        remember(o.locations, st, key);
    }
    StageOverride& v = o.values;
    v.curve = read_curve(id, st, v.curve_source);
    if (st.has("redundancy")) {
        try {
            v.redundancy = parse_redundancy(st.string("redundancy"), id);
        } catch (const PowerInputError& e) {
            fail(st, "redundancy", e.what(),
                 "write N, N+1 (any N+X), 2N, or BN/M for block redundancy, e.g. 4N/3");
        }
    }
    if (st.has("spares_share_load")) {
        v.spares_share_load = st.boolean("spares_share_load");
    }
    if (st.has("modules")) {
        v.modules = static_cast<int>(st.integer("modules"));
    }
    v.P_module_W = st.optional_quantity("module_rating");
    if (st.has("design_loading")) {
        v.design_loading = st.real("design_loading");
    }
    if (st.has("location")) {
        v.location = location_words.parse(st.string("location"));
    }
    if (st.has("medium")) {
        v.medium = medium_words.parse(st.string("medium"));
    }
    v.footprint_m2 = st.optional_quantity("footprint");
    v.V_in = st.optional_quantity("input_voltage");
    v.V_out = st.optional_quantity("output_voltage");
    v.length = st.optional_quantity("length");
    v.J = st.optional_quantity("current_density");
    v.T = st.optional_quantity("temperature");
    if (st.has("power_factor")) {
        v.PF = st.real("power_factor");
    }
    if (slot.input.type != BusType::ac_3phase && v.PF) {
        fail(st, "power_factor",
             fmt::format("stage \"{}\" runs on {}; a power factor applies to AC only", id,
                         to_string(slot.input)),
             "remove power_factor");
    }
    return o;
}

std::vector<StorageLayer> default_layers() {
    return {{"PSU hold-up capacitors", 0.02, 0.98},
            {"rack BBU / supercapacitor", 30.0, 0.95},
            {"facility battery", 0.0, 0.90}};
}

SwingSpec read_swing(const CheckedTable& t) {
    SwingSpec s;
    for (const auto& key : swing_schema()->key_names()) {
        remember(s.locations, t, key);
    }
    const std::string profile = t.string("profile");
    s.profile = profile == "square" ? SwingProfile::square
                : profile == "ramp" ? SwingProfile::ramp
                                    : SwingProfile::csv;
    s.low_fraction = t.real("low_fraction");
    s.high_fraction = t.real("high_fraction");
    if (s.low_fraction > s.high_fraction) {
        fail(t, "low_fraction",
             fmt::format("low_fraction {} is above high_fraction {}", s.low_fraction,
                         s.high_fraction),
             "swap them, or lower low_fraction");
    }
    s.period_s = t.quantity("period");
    s.duty = t.real("duty");
    s.ramp_start_s = t.quantity("ramp_start");
    s.ramp_time_s = t.quantity("ramp_time");
    s.duration_s = t.quantity("duration");
    s.dt_s = t.quantity("time_step");
    const double samples = s.duration_s / s.dt_s;
    if (samples < 2.0 || samples > 1e8) {
        fail(
            t, t.has("duration") ? "duration" : "time_step",
            fmt::format("duration / time_step gives {:.3g} samples; 2 to 1e8 are allowed", samples),
            "shorten the duration or lengthen the time step");
    }
    if (s.profile == SwingProfile::csv) {
        if (!t.has("csv")) {
            fail(t, "profile", "profile = \"csv\" needs the trace file",
                 "add csv = \"trace.csv\" (time [s], IT power [W]; relative to this file)");
        }
        std::filesystem::path file = t.string("csv");
        const std::string from = t.provenance("csv").where.file;
        if (file.is_relative() && !from.empty()) {
            file = std::filesystem::path(from).parent_path() / file;
        }
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            fail(t, "csv", fmt::format("load trace {} not found", file.string()),
                 "give the path of a CSV file relative to the file that names it");
        }
        s.csv = file;
    } else if (t.has("csv")) {
        fail(t, "csv", fmt::format("csv is given but profile = \"{}\"", profile),
             "set profile = \"csv\" or remove csv");
    }
    const std::string grid = t.string("grid");
    s.grid.mode = grid == "follow"                    ? GridMode::follow
                  : grid == "hold_mean"               ? GridMode::hold_mean
                  : s.profile == SwingProfile::square ? GridMode::hold_mean
                                                      : GridMode::follow;
    s.grid.averaging_window = t.quantity("averaging_window");
    if (auto r = t.optional_quantity("ramp_limit")) {
        s.grid.ramp_limit = *r;
    }
    const auto layers = t.array("layers");
    if (layers.empty()) {
        s.layers = default_layers();
    }
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const CheckedTable& l = layers[i];
        StorageLayer layer{l.string("name"), l.quantity("time_constant"),
                           l.real("round_trip_efficiency")};
        if (i + 1 < layers.size() && !(layer.tau > 0.0)) {
            fail(l, "time_constant",
                 fmt::format("storage layer \"{}\" has no time constant, but only the last "
                             "(slowest) layer may leave it out",
                             layer.name),
                 "give every layer but the last a time_constant, fastest first, e.g. \"20 ms\"");
        }
        if (i > 0 && layer.tau > 0.0 && layer.tau <= s.layers.back().tau) {
            fail(l, "time_constant",
                 fmt::format("storage layer \"{}\" is not slower than \"{}\" before it", layer.name,
                             s.layers.back().name),
                 "order the layers fastest first, with growing time constants");
        }
        s.layers.push_back(std::move(layer));
    }
    return s;
}

} // namespace

RedundancySpec parse_redundancy(std::string_view text, std::string_view stage) {
    RedundancySpec r;
    auto number = [](std::string_view digits, int& out) {
        const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return ec == std::errc() && p == digits.data() + digits.size();
    };
    int a = 0;
    int b = 0;
    if (text == "N") {
        r.scheme = Redundancy::n;
        return r;
    }
    if (text == "2N") {
        r.scheme = Redundancy::two_n;
        return r;
    }
    if (text.starts_with("N+") && number(text.substr(2), a) && a >= 1) {
        r.scheme = Redundancy::n_plus_x;
        r.spare = a;
        return r;
    }
    if (const auto n = text.find("N/"); n != std::string_view::npos && n > 0 &&
                                        number(text.substr(0, n), a) &&
                                        number(text.substr(n + 2), b) && b >= 1 && a > b) {
        r.scheme = Redundancy::block;
        r.blocks = a;
        r.spare = a - b;
        return r;
    }
    throw PowerInputError(std::string(stage), "redundancy",
                          fmt::format("redundancy \"{}\" is not N, N+X (X >= 1), 2N or BN/M "
                                      "(B > M >= 1 blocks)",
                                      text));
}

std::shared_ptr<const TableSpec> power_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "power";
    t->doc = "The power chain from the medium-voltage feed to the chips, sized for the design "
             "IT power of the racks (`rackcalc power CASE`).";
    t->keys = {
        choice("chain", chain_choices(), "Power chain; native = the one the rack template names")
            .def("native"),
        choice("native_chain", chain_ids(),
               "The chain the rack is designed for (set by its template)")
            .def("ac-ups"),
        choice("redundancy", {"N", "N+1", "2N"},
               "Redundancy of the main facility converter (UPS, rectifier, power rack, SST); "
               "N+1 keeps the spares of its data (at least one)")
            .def("2N"),
        choice("curves", curve_set_words.names(),
               "Loss curves of the facility converters: datasheet (named datasheets and "
               "standards, power/data/chains.toml) or seed-table (each converter's curve scaled "
               "so the chain's system efficiency equals the seed report's table 17: UPS 92, "
               "HVDC 93, Panama 97.5, SST 98.5 %)")
            .def("datasheet"),
        choice("ups_mode", ups_mode_words.names(),
               "Operating mode of a double-conversion UPS: double-conversion (VFI, IEC 62040-3) "
               "or eco (the vendor's high-efficiency bypass mode: ESS, eConversion)")
            .def("double-conversion"),
        real("utilisation", "Mean IT load as a share of the design IT power, all year")
            .def("0.8")
            .range(0.01, 1.0),
        table_array("utilisation_profile", bin_schema(),
                    "The year as (duration, utilisation) bins adding up to 8760 h, instead of "
                    "one utilisation"),
        table_map("stages", stage_schema(),
                  "Overrides of the chain's stages by component id ([power.stages.<id>])"),
        table("swing", swing_schema(), "Load swing and storage"),
    };
    return t;
}

PowerSpec parse_power(const CheckedTable& t) {
    PowerSpec s;
    for (const char* key :
         {"chain", "redundancy", "curves", "ups_mode", "utilisation", "utilisation_profile"}) {
        remember(s.locations, t, key);
    }
    // The table itself: its first key if it has one.
    s.locations.emplace("", t.diagnostic("chain", "", ""));
    s.chain = t.string("chain");
    s.native_chain = t.string("native_chain");
    if (s.chain == "native") {
        s.chain = s.native_chain;
    }
    s.redundancy = t.string("redundancy");
    s.seed_table_curves = curve_set_words.parse(t.string("curves")) == CurveSet::seed_table;
    s.ups_eco = ups_mode_words.parse(t.string("ups_mode")) == UpsMode::eco;
    s.utilisation = t.real("utilisation");

    const auto bins = t.array("utilisation_profile");
    if (t.has("utilisation_profile") && t.has("utilisation")) {
        fail(t, "utilisation_profile", "both utilisation and utilisation_profile are given",
             "keep one: a constant utilisation, or the profile of the year");
    }
    if (t.has("utilisation_profile")) {
        if (bins.empty()) {
            fail(t, "utilisation_profile", "utilisation_profile has no bins",
                 "add bins { duration = \"8760 h\", utilisation = 0.8 } adding up to 8760 h");
        }
        double total = 0.0;
        for (const auto& b : bins) {
            s.utilisation_profile.push_back({b.quantity("duration"), b.real("utilisation")});
            total += s.utilisation_profile.back().duration_s;
        }
        if (std::abs(total - seconds_per_year) > 1e-6 * seconds_per_year) {
            fail(t, "utilisation_profile",
                 fmt::format("the bins add up to {:.6g} h, but a year has 8760 h", total / 3600.0),
                 "make the durations add up to 8760 h (a bin at utilisation 0 covers idle time)");
        }
        s.utilisation = mean_load(s.utilisation_profile);
    } else {
        s.utilisation_profile = constant_utilisation(s.utilisation);
    }

    const std::vector<StageSlot> layout = chain_layout(s.chain);
    std::vector<std::string> ids;
    for (const auto& slot : layout) {
        ids.push_back(slot.id);
    }
    const CheckedTable stages = t.table("stages");
    for (const auto& [id, st] : t.tables("stages")) {
        // Captured by name, not as a structured binding (clang 14 rejects that in C++20).
        const auto slot =
            std::find_if(layout.begin(), layout.end(),
                         [&stage_id = id](const StageSlot& x) { return x.id == stage_id; });
        if (slot == layout.end()) {
            const std::string guess = suggestion(id, ids);
            throw InputError(stages.diagnostic(
                id, fmt::format("chain {} has no stage \"{}\"", s.chain, id),
                fmt::format("{}stages of {}: {}",
                            guess.empty() ? "" : fmt::format("did you mean \"{}\"? ", guess),
                            s.chain, joined(ids))));
        }
        if (slot->on_tray) {
            throw InputError(stages.diagnostic(
                id,
                fmt::format("stage \"{}\" sits on the IT trays, inside the rack boundary: its "
                            "loss is part of the tray power the template gives (a chip's TDP "
                            "includes its own regulators), so the case chain ends before it",
                            id),
                "change the tray's other_power or the chip's TDP in the template instead"));
        }
        s.stages.push_back(read_stage(id, st, stages, *slot));
    }
    s.swing = read_swing(t.table("swing"));
    s.swing.locations.emplace("", t.diagnostic("swing", "", ""));
    return s;
}

} // namespace rackcalc::power
