#include "cases/case.hpp"

#include "core/toml_source.hpp"
#include "power/case_power.hpp"
#include "thermal/climate.hpp"
#include "thermal/loop_spec.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>
#include <set>

namespace rackcalc::cases {

using namespace rackcalc::core;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<TableSpec> meta_schema() {
    auto figure = std::make_shared<TableSpec>();
    figure->name = "figure";
    figure->doc = "A published figure, with `describes` saying exactly what it covers.";
    figure->keys = {quantity("value", kinds::power, "kW", "The figure").needed().range(0, 1e9)};
    auto t = std::make_shared<TableSpec>();
    t->name = "meta";
    t->doc = "What the template is and the headline figures it states.";
    t->keys = {
        text("name", "Display name").needed(),
        text("vendor", "Vendor"),
        text("summary", "One-line description"),
        text("accelerator", "Chip id of the accelerator ([chips.<id>])").needed(),
        quantity("it_power", kinds::power, "kW", "Published IT power (see it_power_scope)")
            .range(0, 1e9),
        choice("it_power_scope", {"rack", "system"},
               "Whether it_power is per rack or for the whole system of racks")
            .def("rack"),
        real("liquid_fraction", "Published share of the IT heat carried by liquid").range(0, 1),
        table_map("figures", figure, "Other published figures, each with what it describes"),
        real("compute_pflops", "Published compute of the template's system [PFLOPS], for the "
                               "cost per PFLOP-hour")
            .above(0),
        text("compute_precision", "Precision of compute_pflops, e.g. \"FP8 dense\""),
    };
    return t;
}

std::shared_ptr<TableSpec> climate_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "climate bin";
    t->doc = "Hours of the year at one outdoor dry-bulb temperature.";
    t->keys = {
        quantity("temperature", kinds::temperature, "degC", "Outdoor dry-bulb")
            .needed()
            .range(-60, 60),
        quantity("hours", kinds::time, "h", "Hours at that temperature").needed().range(0, 8784)};
    return t;
}

std::shared_ptr<TableSpec> site_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "site";
    t->doc = "Where the racks run: climate and electricity price.";
    t->keys = {
        text("name", "Site name").def("generic"),
        quantity("electricity_price", kinds::price_per_energy, "USD/kWh",
                 "Electricity price before any discount")
            .def("0.08 USD/kWh")
            .range(0, 10),
        real("price_discount",
             "Share taken off the electricity price, e.g. 0.5 for power at half price")
            .def("0")
            .range(0, 1),
        quantity("ambient_temperature", kinds::temperature, "degC",
                 "Design outdoor dry-bulb temperature for heat rejection")
            .def("35 degC")
            .range(-50, 60),
        quantity("altitude", kinds::length, "m", "Site altitude").def("0 m").range(-500, 6000),
        choice("heat_rejection", thermal::rejection_mode_words.names(),
               "auto: free cooling by dry cooler when the ambient allows, else a chiller")
            .def("auto"),
        quantity("dry_cooler_approach", kinds::temperature_difference, "K",
                 "Facility supply above ambient a dry cooler needs (inferred typical)")
            .def("6 K")
            .range(0.5, 30),
        real("chiller_efficiency", "Chiller COP as a fraction of the Carnot COP between the "
                                   "evaporator and the condenser (inferred typical 0.5)")
            .def("0.5")
            .range(0.05, 1),
        quantity("condenser_approach", kinds::temperature_difference, "K",
                 "Condensing temperature above ambient (inferred typical)")
            .def("10 K")
            .range(1, 40),
        real("rejection_fan_share", "Dry-cooler or condenser fan power per W of heat rejected "
                                    "(inferred typical)")
            .def("0.02")
            .range(0, 0.5),
        table_array("climate", climate_schema(),
                    "Hours at each outdoor temperature over a year (default: 8760 h at "
                    "ambient_temperature)"),
        text("climate_site",
             "A named site of thermal/data/climate.toml whose year of 1 K bins replaces the "
             "climate table, e.g. \"frankfurt\" or \"singapore\""),
        choice("facility_water", {"cdu-limit", "specified"},
               "Facility water the plant makes for the CDUs: cdu-limit = the warmest that still "
               "holds the rack coolant supply (free cooling first), specified = [cooling] "
               "facility_supply_temperature")
            .def("cdu-limit"),
        quantity("coil_approach", kinds::temperature_difference, "K",
                 "Room air handlers: air supply above the chilled water (inferred typical); the "
                 "chilled water is made at the rack air inlet less this")
            .def("6 K")
            .range(1, 20),
        real("air_handler_sfp",
             "Room air handler specific fan power, W per m3/s at sea-level density ([E6] EN "
             "13779 SFP 3 band, 750-1250)")
            .def("1000")
            .range(100, 5000),
    };
    return t;
}

std::shared_ptr<TableSpec> outputs_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "outputs";
    t->doc = "Which result files a run writes.";
    t->provenance = false;
    t->keys = {
        boolean("vtk", "rack.vtm and loop.vtp for ParaView").def("true"),
        boolean("json", "summary.json").def("true"),
        boolean("csv", "summary.csv, chips.csv (one row per chip) and trays.csv (one row per tray)")
            .def("true"),
        boolean("html", "report.html").def("true"),
        boolean("summary_page", "summary.html, the one-page summary for a manager").def("true"),
        boolean("picture", "PNG picture of the rack when a display is available").def("true"),
    };
    return t;
}

TableSpec make_document_schema() {
    TableSpec t;
    t.name = "document";
    t.doc = "A case file, or a template in cases/templates. A case names its template; a "
            "template may inherit from another. Any value of the template may be overridden.";
    t.keys = {
        text("template",
             "Template this case starts from (a case file's first line). A name is searched in "
             "the case's folder, then in the bundled cases/templates (a local file that shadows "
             "a bundled template is read, with a warning); a value with a '/' is an explicit "
             "path to a .toml file relative to the case, e.g. \"./my-rack.toml\""),
        string_list("include",
                    "Files whose values merge under this file's own (after its template), e.g. "
                    "include = [\"cfd/plates.toml\"] for cold-plate curves fitted from CFD; "
                    "relative to this file, .toml, inside its folder (no absolute paths or "
                    "\"..\"); an included file has no template, inherits or include; each value "
                    "keeps its file and line for errors"),
        text("inherits", "Template this template is derived from (searched like `template`; "
                         "a document has one of the two, never both)"),
        table("meta", meta_schema(), "What the rack is, and its published headline figures"),
    };
    for (auto& k : geometry::layout_keys(thermal::layout_extensions())) {
        t.keys.push_back(std::move(k));
    }
    t.keys.push_back(thermal::plates_key());
    t.keys.push_back(table("cooling", thermal::cooling_schema(), "Liquid loop, CDU and air side"));
    t.keys.push_back(table("power", power::power_schema(), "Power chain"));
    t.keys.push_back(table("site", site_schema(), "Site and electricity price"));
    t.keys.push_back(table("outputs", outputs_schema(), "Result files"));
    t.keys.push_back(table_array("scenario", scenario_schema(),
                                 "Failure scenarios evaluated after the fused run"));
    t.keys.push_back(table_array("sweep", sweep_schema(),
                                 "Parameter sweeps: a table of key results over a full-factorial "
                                 "grid of inputs, one CSV per sweep"));
    return t;
}

std::string listing(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

/// The folder a document was read from, independent of how its path was spelled
/// (`case.toml`, `./case.toml` and `/abs/dir/case.toml` give the same folder).
fs::path folder_of(const fs::path& file) {
    std::error_code ec;
    fs::path full = fs::weakly_canonical(fs::absolute(file, ec), ec);
    if (ec || full.empty()) {
        full = fs::absolute(file, ec).lexically_normal();
    }
    return full.parent_path();
}

/// A template written as a path (it contains a '/'), not as a name from the search path.
bool is_explicit_path(const std::string& base) {
    return base.find('/') != std::string::npos || base.find('\\') != std::string::npos;
}

/// A bare template name: letters, digits, '-', '_' and '.', not starting with '.'.
bool is_template_name(const std::string& base) {
    return !base.empty() && base.front() != '.' &&
           std::all_of(base.begin(), base.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
                      c == '.';
           });
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

/// The `template` or `inherits` line of a document; both at once is an error.
const toml::node* base_node(const toml::table& t, const SourceSet& sources) {
    const toml::node* as_template = t.get("template");
    const toml::node* as_inherits = t.get("inherits");
    if (as_template != nullptr && as_inherits != nullptr) {
        throw InputError(diagnostic_at(
            as_inherits, sources, "inherits",
            "a document has both `template` and `inherits`; only one base is read",
            "a case names its base with `template`, a template with `inherits`: remove one"));
    }
    return as_template != nullptr ? as_template : as_inherits;
}

/// Where the base `base` of the document `file` is read from: an explicit path relative to
/// the document, else by name from the document's folder, then the library folders.
fs::path resolve_base(const std::string& base, const toml::node* where, const std::string& key,
                      const fs::path& file, const TemplateLibrary& library,
                      const SourceSet& sources, const std::vector<std::string>& chain,
                      const std::vector<fs::path>& reading, std::vector<Diagnostic>& warnings) {
    const fs::path folder = folder_of(file);
    if (is_explicit_path(base)) {
        const fs::path path = fs::path(base).is_absolute() ? fs::path(base) : folder / base;
        if (path.extension() != ".toml") {
            throw InputError(diagnostic_at(
                where, sources, key, fmt::format("template path \"{}\" is not a .toml file", base),
                "a template written as a path must name a TOML file, e.g. "
                "template = \"./my-rack.toml\""));
        }
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            throw InputError(diagnostic_at(
                where, sources, key,
                fmt::format("template file \"{}\" not found ({})", base, path.string()),
                "paths are relative to the file that names them"));
        }
        if (std::any_of(reading.begin(), reading.end(),
                        [&](const fs::path& x) { return same_file(path, x); })) {
            throw InputError(diagnostic_at(
                where, sources, key,
                fmt::format("templates inherit in a circle: {} -> {}", listing(chain), base),
                "remove one of the inherits lines"));
        }
        return path;
    }
    if (!is_template_name(base)) {
        throw InputError(diagnostic_at(
            where, sources, key, fmt::format("\"{}\" is not a template name", base),
            "write a template name (letters, digits, '-', '_', e.g. \"gb300-nvl72\"), or a path "
            "to a .toml file starting with ./ for a file beside the case"));
    }
    const auto base_file = library.find(base, folder, reading);
    if (!base_file && library.find(base, folder)) {
        throw InputError(diagnostic_at(
            where, sources, key,
            fmt::format("templates inherit in a circle: {} -> {}", listing(chain), base),
            "remove one of the inherits lines"));
    }
    if (!base_file) {
        const auto names = library.names();
        const std::string suggestion = closest_match(base, names);
        std::string folders;
        for (const auto& f : library.folders()) {
            folders += (folders.empty() ? "" : ", ") + f.string();
        }
        throw InputError(diagnostic_at(
            where, sources, key,
            fmt::format("template \"{}\" not found in {} (beside the case) or in {}", base,
                        folder.string(), folders),
            suggestion.empty()
                ? fmt::format("use one of: {}", listing(names))
                : fmt::format("did you mean \"{}\"? Templates: {}", suggestion, listing(names))));
    }
    if (base_file->parent_path() == folder) {
        if (const auto bundled = library.find(base, {}, reading);
            bundled && !same_file(*bundled, *base_file)) {
            warnings.push_back(diagnostic_at(
                where, sources, key,
                fmt::format("\"{}\" is read from {} beside the case; it shadows the bundled "
                            "template {}",
                            base, base_file->string(), bundled->string()),
                fmt::format("rename {} if you meant the bundled template", base_file->string())));
        }
    }
    return *base_file;
}

toml::table load_merged(const fs::path& file, const TemplateLibrary& library, SourceSet& sources,
                        std::vector<std::string>& chain, std::vector<fs::path>& reading,
                        std::vector<Diagnostic>& warnings);

/// Merges the parsed document `doc` of `file` onto all its bases, base first.
/// The files of `include = ["a.toml", ...]` of the document `file`, parsed and merged in
/// order; the key is taken out of `doc`. Paths are relative to the document's folder and stay
/// inside it (no absolute paths, no ".."); an included file has no template, inherits or
/// include of its own.
std::optional<toml::table> read_includes(toml::table& doc, const fs::path& file,
                                         SourceSet& sources) {
    const toml::node* node = doc.get("include");
    if (node == nullptr) {
        return std::nullopt;
    }
    const toml::array* list = node->as_array();
    const auto fail = [&](const toml::node* at, std::string message, std::string fix) {
        throw InputError(diagnostic_at(at, sources, "include", std::move(message), std::move(fix)));
    };
    if (list == nullptr) {
        fail(node, "include must be a list of file names", "write include = [\"plates.toml\"]");
    }
    toml::table merged;
    const fs::path folder = folder_of(file);
    for (const auto& item : *list) {
        if (!item.is_string()) {
            fail(&item, "include lists file names, as strings",
                 "write include = [\"plates.toml\"]");
        }
        const fs::path name = item.as_string()->get();
        const bool escapes = std::any_of(name.begin(), name.end(),
                                         [](const fs::path& part) { return part == ".."; });
        if (name.is_absolute() || escapes || name.extension() != ".toml") {
            fail(&item,
                 fmt::format("include \"{}\" must be a .toml file in the case's folder or below "
                             "it",
                             name.string()),
                 "write a relative path without \"..\", e.g. include = [\"cfd/plates.toml\"]");
        }
        const fs::path path = folder / name;
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            fail(&item,
                 fmt::format("included file \"{}\" not found ({})", name.string(), path.string()),
                 "paths are relative to the file that includes them");
        }
        toml::table part = parse_toml_file(path, sources);
        for (const char* key : {"template", "inherits", "include"}) {
            if (const toml::node* bad = part.get(key)) {
                throw InputError(diagnostic_at(
                    bad, sources, key, fmt::format("an included file cannot have its own {}", key),
                    "name templates and includes in the case file itself"));
            }
        }
        merge_into(merged, std::move(part));
    }
    doc.erase("include");
    return merged;
}

toml::table merge_bases(toml::table doc, const fs::path& file, const TemplateLibrary& library,
                        SourceSet& sources, std::vector<std::string>& chain,
                        std::vector<fs::path>& reading, std::vector<Diagnostic>& warnings) {
    reading.push_back(file);
    // Included values sit between the bases and the document's own values.
    if (auto included = read_includes(doc, file, sources)) {
        merge_into(*included, std::move(doc));
        doc = std::move(*included);
    }
    const toml::node* where = base_node(doc, sources);
    if (where == nullptr) {
        return doc;
    }
    const std::string key = doc.contains("template") ? "template" : "inherits";
    if (!where->is_string()) {
        throw InputError(diagnostic_at(
            where, sources, key, fmt::format("{} must be the name of a template, as a string", key),
            fmt::format("write {} = \"gb300-nvl72\"", key)));
    }
    const std::string base = where->as_string()->get();
    const fs::path base_file =
        resolve_base(base, where, key, file, library, sources, chain, reading, warnings);
    chain.push_back(base);
    toml::table merged = load_merged(base_file, library, sources, chain, reading, warnings);
    merge_into(merged, std::move(doc));
    return merged;
}

/// Reads a document and all its bases, merged base first.
toml::table load_merged(const fs::path& file, const TemplateLibrary& library, SourceSet& sources,
                        std::vector<std::string>& chain, std::vector<fs::path>& reading,
                        std::vector<Diagnostic>& warnings) {
    return merge_bases(parse_toml_file(file, sources), file, library, sources, chain, reading,
                       warnings);
}

MetaSpec parse_meta(const CheckedTable& t) {
    MetaSpec m;
    m.name = t.string("name");
    m.vendor = t.has("vendor") ? t.string("vendor") : std::string();
    m.summary = t.has("summary") ? t.string("summary") : std::string();
    m.accelerator = t.string("accelerator");
    if (t.has("it_power")) {
        m.it_power = StatedFigure{"it_power", t.quantity("it_power"), t.provenance("it_power")};
    }
    m.it_power_scope = t.string("it_power_scope");
    if (t.has("liquid_fraction")) {
        m.liquid_fraction = t.real("liquid_fraction");
        m.liquid_fraction_source = t.provenance("liquid_fraction");
    }
    if (t.has("compute_pflops")) {
        m.compute_pflops = t.real("compute_pflops");
        m.compute_source = t.provenance("compute_pflops");
    }
    m.compute_precision = t.has("compute_precision") ? t.string("compute_precision") : "";
    for (const auto& [name, figure] : t.tables("figures")) {
        m.figures.push_back(
            StatedFigure{name, figure.quantity("value"), figure.provenance("value")});
    }
    return m;
}

SiteSpec parse_site(const CheckedTable& t) {
    SiteSpec s;
    s.name = t.string("name");
    s.electricity_price_USD_per_J = t.quantity("electricity_price");
    s.price_discount = t.real("price_discount");
    s.ambient_temperature_K = t.quantity("ambient_temperature");
    s.altitude_m = t.quantity("altitude");
    s.heat_rejection = thermal::rejection_mode_words.parse(t.string("heat_rejection"));
    s.dry_cooler_approach_K = t.quantity("dry_cooler_approach");
    s.chiller_efficiency = t.real("chiller_efficiency");
    s.condenser_approach_K = t.quantity("condenser_approach");
    s.rejection_fan_share = t.real("rejection_fan_share");
    s.facility_water_cdu_limit = t.string("facility_water") == "cdu-limit";
    s.coil_approach_K = t.quantity("coil_approach");
    s.air_handler_sfp = t.real("air_handler_sfp");
    for (const auto& bin : t.array("climate")) {
        s.climate.emplace_back(bin.quantity("temperature"), bin.quantity("hours"));
    }
    if (!s.climate.empty()) {
        s.climate_source = "[site] climate bins of the case";
    }
    if (t.has("climate_site")) {
        s.climate_site = t.string("climate_site");
        if (!s.climate.empty()) {
            throw InputError(t.diagnostic("climate_site",
                                          "both climate_site and climate bins are given",
                                          "keep one: a named site, or the bins of the year"));
        }
        fs::path root = RACKCALC_DEFAULT_DATA_DIR;
        if (const char* env = std::getenv("RACKCALC_DATA_DIR"); env != nullptr && *env != '\0') {
            root = env;
        }
        static const thermal::ClimateLibrary climates =
            thermal::load_climate_library(root / "thermal" / "data" / "climate.toml");
        const auto it = climates.sites.find(s.climate_site);
        if (it == climates.sites.end()) {
            const std::string guess = core::closest_match(s.climate_site, climates.ids());
            std::string list;
            for (const auto& id : climates.ids()) {
                list += (list.empty() ? "" : ", ") + id;
            }
            throw InputError(t.diagnostic(
                "climate_site", fmt::format("no site \"{}\" in {}", s.climate_site, climates.file),
                guess.empty() ? "use one of " + list : fmt::format("did you mean \"{}\"?", guess)));
        }
        for (const auto& b : thermal::climate_bins(it->second)) {
            s.climate.emplace_back(b.T_K, b.duration_s);
        }
        s.climate_source = fmt::format("{}: {}", it->second.name, it->second.source);
    }
    if (s.climate.empty()) {
        s.climate.emplace_back(s.ambient_temperature_K, 8760.0 * 3600.0);
        s.climate_design_day = true;
        s.climate_source = "design dry bulb all year (no climate given)";
    }
    return s;
}

/// Climate bins are a year: their hours add up to 8760 h (as utilisation_profile's do).
void check_site(const SiteSpec& site, const CheckedTable& t) {
    if (!t.has("climate")) {
        return;
    }
    constexpr double seconds_per_year = 8760.0 * 3600.0;
    double total_s = 0.0;
    for (const auto& [T_K, duration_s] : site.climate) {
        total_s += duration_s;
    }
    if (std::abs(total_s - seconds_per_year) > 1e-6 * seconds_per_year) {
        throw InputError(
            t.diagnostic("climate",
                         fmt::format("the climate bins add up to {:.6g} h, but a year has 8760 h",
                                     total_s / 3600.0),
                         "make the hours of the bins add up to 8760 h"));
    }
}

/// The work a case asks for stays within the limits in force (core::InputLimits): racks in
/// the row and samples of the load-swing trace.
void check_work(const CaseSpec& spec, const CheckedTable& root) {
    const InputLimits& limits = input_limits();
    std::vector<Diagnostic> findings;
    long long racks = 0;
    for (const auto& entry : spec.layout.row) {
        racks += entry.count;
    }
    if (racks > 0 && static_cast<std::size_t>(racks) > limits.max_racks) {
        const Diagnostic at = root.table("system").diagnostic("row", "", "");
        Diagnostic d = over_limit(at.where, at.key, "the number of racks in the row",
                                  static_cast<std::size_t>(racks), limits.max_racks, "--max-racks");
        d.line_text = at.line_text;
        findings.push_back(std::move(d));
    }
    const power::SwingSpec& swing = spec.power.swing;
    const double samples = swing.duration_s / swing.dt_s;
    if (!(samples <= static_cast<double>(limits.max_samples))) {
        const auto& locations = swing.locations;
        const Diagnostic at = locations.contains("dt")         ? locations.at("dt")
                              : locations.contains("duration") ? locations.at("duration")
                              : locations.contains("")         ? locations.at("")
                                                               : Diagnostic{};
        Diagnostic d =
            over_limit(at.where, at.key.empty() ? "power.swing" : at.key,
                       "the number of samples of the load swing (duration / dt)",
                       std::isfinite(samples) ? static_cast<std::size_t>(std::min(samples, 1e18))
                                              : std::numeric_limits<std::size_t>::max(),
                       limits.max_samples, "--max-samples");
        d.line_text = at.line_text;
        findings.push_back(std::move(d));
    }
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    // A CSV load trace is read now, as `run` reads it, so `check` rejects what `run` would.
    if (swing.profile == power::SwingProfile::csv) {
        power::swing_it_profile(swing, 1.0);
    }
}

OutputSpec parse_outputs(const CheckedTable& t) {
    return OutputSpec{t.boolean("vtk"),  t.boolean("json"),    t.boolean("csv"),
                      t.boolean("html"), t.boolean("picture"), t.boolean("summary_page")};
}

/// Validates a merged document and parses it into a checked CaseSpec.
CaseSpec parse_merged(const toml::table& merged, const SourceSet& sources, const std::string& file,
                      std::vector<std::string> chain) {
    CaseSpec spec;
    spec.file = file;
    spec.template_chain = std::move(chain);
    std::vector<Diagnostic> findings;
    if (spec.template_chain.empty() && !merged.contains("meta")) {
        // Neither a template line nor a template's [meta]: most likely a case that forgot
        // its first line, so say that rather than "[meta.name] is missing".
        Diagnostic d;
        d.where = {file, 1, 1};
        d.message = "the case names no template (and is not a template: it has no [meta])";
        d.fix = fmt::format("start the case with template = \"<name>\"; templates: {}",
                            listing(TemplateLibrary::bundled().names()));
        d.line_text = sources.line(file, 1);
        throw InputError(std::move(d));
    }
    validate(merged, document_schema(), "", sources, findings);
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    const CheckedTable root(&merged, document_schema(), "", sources);
    spec.meta = parse_meta(root.table("meta"));
    spec.layout = geometry::parse_layout(root);
    spec.layout.primary_file = file;
    for (const auto& entry : root.table("system").array("row")) {
        if (const std::string rack = entry.string("rack"); !spec.layout.racks.contains(rack)) {
            std::vector<std::string> known;
            for (const auto& [id, r] : spec.layout.racks) {
                known.push_back(id);
            }
            const std::string suggestion = closest_match(rack, known);
            findings.push_back(entry.diagnostic(
                "rack", fmt::format("no rack with id \"{}\"", rack),
                suggestion.empty() ? fmt::format("use one of: {}", listing(known))
                                   : fmt::format("did you mean \"{}\"?", suggestion)));
        }
    }
    if (!findings.empty()) {
        throw InputError(std::move(findings));
    }
    if (!spec.layout.chips.contains(spec.meta.accelerator)) {
        throw InputError(root.table("meta").diagnostic(
            "accelerator",
            fmt::format("accelerator \"{}\" is not a chip of this template", spec.meta.accelerator),
            "name a chip id from [chips.<id>]"));
    }
    spec.loop = thermal::parse_loop(root, spec.layout);
    spec.cooling = thermal::parse_cooling(root.table("cooling"));
    spec.power = power::parse_power(root.table("power"));
    spec.site = parse_site(root.table("site"));
    check_site(spec.site, root.table("site"));
    check_work(spec, root);
    spec.outputs = parse_outputs(root.table("outputs"));
    spec.scenarios = parse_scenarios(root.array("scenario"));
    spec.sweeps = parse_sweeps(root, merged);
    return spec;
}

CaseSpec load_document(const fs::path& file, const TemplateLibrary& library) {
    SourceSet sources;
    std::vector<std::string> chain;
    std::vector<fs::path> reading;
    std::vector<Diagnostic> warnings;
    const toml::table merged = load_merged(file, library, sources, chain, reading, warnings);
    for (const auto& w : warnings) {
        warn(w);
    }
    CaseSpec spec = parse_merged(merged, sources, file.string(), std::move(chain));
    spec.warnings = std::move(warnings);
    return spec;
}

} // namespace

const TableSpec& document_schema() {
    static const TableSpec schema = make_document_schema();
    return schema;
}

TemplateLibrary TemplateLibrary::bundled() {
    fs::path root = RACKCALC_DEFAULT_DATA_DIR;
    if (const char* env = std::getenv("RACKCALC_DATA_DIR"); env != nullptr && *env != '\0') {
        root = env;
    }
    return TemplateLibrary({root / "cases" / "templates"});
}

TemplateLibrary::TemplateLibrary(std::vector<fs::path> folders) : folders_(std::move(folders)) {}

std::vector<std::string> TemplateLibrary::names() const {
    std::set<std::string> names;
    for (const auto& folder : folders_) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            if (entry.path().extension() == ".toml") {
                names.insert(entry.path().stem().string());
            }
        }
    }
    return {names.begin(), names.end()};
}

std::optional<fs::path> TemplateLibrary::find(const std::string& name, const fs::path& near,
                                              const std::vector<fs::path>& exclude) const {
    std::vector<fs::path> search;
    if (!near.empty()) {
        search.push_back(near);
    }
    search.insert(search.end(), folders_.begin(), folders_.end());
    for (const auto& folder : search) {
        const fs::path candidate = folder / (name + ".toml");
        std::error_code ec;
        const bool excluded = std::any_of(exclude.begin(), exclude.end(), [&](const fs::path& x) {
            std::error_code e;
            return fs::equivalent(candidate, x, e);
        });
        if (fs::is_regular_file(candidate, ec) && !excluded) {
            return candidate;
        }
    }
    return std::nullopt;
}

CaseSpec load_case(const fs::path& file, const TemplateLibrary& library) {
    return load_document(file, library);
}

CaseSpec load_case_text(const fs::path& name, std::string text, const TemplateLibrary& library) {
    SourceSet sources;
    std::vector<std::string> chain;
    std::vector<fs::path> reading;
    std::vector<Diagnostic> warnings;
    toml::table doc = parse_toml_text(name.string(), std::move(text), sources);
    const toml::table merged =
        merge_bases(std::move(doc), name, library, sources, chain, reading, warnings);
    CaseSpec spec = parse_merged(merged, sources, name.string(), std::move(chain));
    spec.warnings = std::move(warnings);
    return spec;
}

CaseDocument read_case_document(const fs::path& file, const TemplateLibrary& library) {
    CaseDocument doc;
    doc.file = file.string();
    doc.sources = std::make_shared<SourceSet>();
    std::vector<fs::path> reading;
    doc.merged =
        load_merged(file, library, *doc.sources, doc.template_chain, reading, doc.warnings);
    for (const auto& w : doc.warnings) {
        warn(w);
    }
    return doc;
}

CaseSpec parse_case_document(const CaseDocument& document, const toml::table& merged) {
    CaseSpec spec = parse_merged(merged, *document.sources, document.file, document.template_chain);
    spec.warnings = document.warnings;
    return spec;
}

CaseSpec load_template(const std::string& name, const TemplateLibrary& library) {
    const auto file = library.find(name);
    if (!file) {
        const std::string suggestion = closest_match(name, library.names());
        throw InputError(Diagnostic{{},
                                    "",
                                    fmt::format("template \"{}\" not found", name),
                                    suggestion.empty()
                                        ? fmt::format("use one of: {}", listing(library.names()))
                                        : fmt::format("did you mean \"{}\"?", suggestion),
                                    ""});
    }
    return load_document(*file, library);
}

std::vector<Diagnostic> unsourced_template_numbers(const fs::path& file) {
    SourceSet sources;
    const toml::table doc = parse_toml_file(file, sources);
    return unsourced_numbers(doc, document_schema(), "", sources);
}

} // namespace rackcalc::cases

namespace rackcalc::cases {

core::InputError locate(const CaseDocument& document, const std::invalid_argument& error) {
    const auto* spec_error = dynamic_cast<const core::SpecError*>(&error);
    if (spec_error == nullptr) {
        return core::InputError(core::Diagnostic{{document.file, 0, 0}, "", error.what(), "", ""});
    }
    // The deepest node along the key's path that the files write.
    const toml::node* found = nullptr;
    const toml::table* table = &document.merged;
    std::string_view rest = spec_error->key();
    while (table != nullptr && !rest.empty()) {
        const std::size_t dot = rest.find('.');
        const std::string part(rest.substr(0, dot));
        rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
        const toml::node* node = table->get(part);
        if (node == nullptr) {
            break;
        }
        found = node;
        table = node->as_table();
    }
    core::Diagnostic d = core::diagnostic_at(found, *document.sources, spec_error->key(),
                                             error.what(), spec_error->fix());
    if (found == nullptr) {
        d.where = {document.file, 0, 0};
    }
    return core::InputError(std::move(d));
}

} // namespace rackcalc::cases
