#pragma once
// A case: a rack template, with the user's overrides, read into checked spec structs.
//
//   template = "gb300-nvl72"        # a template from cases/templates or beside the case
//   [cooling]
//   supply_temperature = "40 degC"  # any template value may be overridden
//
// Templates are the same kind of document with `inherits = "<base>"` instead of `template`;
// documents merge base first, table by table, and each value keeps the file and line it
// was written on, so errors point at the template or at the override that caused them.

#include "cases/scenarios.hpp"
#include "cases/sweep.hpp"
#include "core/input_error.hpp"
#include "core/schema.hpp"
#include "geometry/rack_spec.hpp"
#include "power/power_spec.hpp"
#include "thermal/cooling_spec.hpp"
#include "thermal/heat_rejection.hpp"
#include "thermal/loop_spec.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rackcalc::cases {

/// A headline figure a template states, with what it describes and where it comes from.
struct StatedFigure {
    std::string name;
    double value_W = 0.0;
    core::Provenance provenance;
};

struct MetaSpec {
    std::string name;
    std::string vendor;
    std::string summary;
    std::string accelerator; ///< chip id of the accelerator
    std::optional<StatedFigure> it_power;
    std::string it_power_scope; ///< rack or system
    std::optional<double> liquid_fraction;
    core::Provenance liquid_fraction_source;
    std::vector<StatedFigure> figures;
    std::optional<double> compute_pflops; ///< published compute of the template's system
    std::string compute_precision;        ///< e.g. FP8 dense
    core::Provenance compute_source;
};

struct SiteSpec {
    std::string name;
    double electricity_price_USD_per_J = 0.0;
    double price_discount = 0.0; ///< share taken off the price (regional policy)
    double ambient_temperature_K = 0.0;
    double altitude_m = 0.0;
    thermal::RejectionMode heat_rejection = thermal::RejectionMode::automatic;
    double dry_cooler_approach_K = 0.0; ///< facility supply above ambient for free cooling
    double chiller_efficiency = 0.0;    ///< fraction of the Carnot COP
    double condenser_approach_K = 0.0;  ///< condensing above ambient
    double rejection_fan_share = 0.0;   ///< dry-cooler / condenser fan power per W of heat
    /// Hours at each outdoor temperature over a year [(K, s)]; default: all at the design.
    std::vector<std::pair<double, double>> climate;
    std::string climate_site;             ///< named site of thermal/data/climate.toml, or ""
    std::string climate_source;           ///< where the bins come from, for reports
    bool climate_design_day = false;      ///< no climate given: the year at the design dry bulb
    bool facility_water_cdu_limit = true; ///< plant water at the CDU's warmest usable
    double coil_approach_K = 0.0;         ///< air handler: air supply above chilled water
    double air_handler_sfp = 0.0;         ///< room air handler fans [W per m3/s] at sea level
};

struct OutputSpec {
    bool vtk = true;
    bool json = true;
    bool csv = true;
    bool html = true;
    bool picture = true;
    bool summary_page = true; ///< summary.html, the one-page summary
};

struct CaseSpec {
    std::string file;                        ///< the case file as given
    std::vector<std::string> template_chain; ///< e.g. gb300-nvl72, gb200-nvl72 (derived first)
    MetaSpec meta;
    geometry::LayoutSpec layout;
    thermal::LoopSpec loop;
    thermal::CoolingSpec cooling;
    power::PowerSpec power;
    SiteSpec site;
    OutputSpec outputs;
    std::vector<ScenarioSpec> scenarios;    ///< [[scenario]], evaluated after the fused run
    std::vector<SweepSpec> sweeps;          ///< [[sweep]] studies, run after the fused run
    std::vector<core::Diagnostic> warnings; ///< findings that did not stop the reading
};

/// Where templates are found. `template = "name"` (and `inherits`) is searched, in order, in
/// the folder of the file that names it (however its path was spelled on the command line),
/// then in each library folder; a local file that shadows a bundled template is read, with a
/// warning. `template = "./dir/x.toml"` (any value with a '/') is an explicit path to a .toml
/// file, relative to the file that names it. `template` and `inherits` together are an error.
class TemplateLibrary {
public:
    /// The bundled library: $RACKCALC_DATA_DIR/cases/templates, else the source tree's.
    static TemplateLibrary bundled();
    explicit TemplateLibrary(std::vector<std::filesystem::path> folders);

    /// Names of all templates in the library folders, sorted.
    std::vector<std::string> names() const;
    /// The file of a template, searching the folder `near` first; nullopt when there is
    /// none. Files in `exclude` (those already being read) are skipped, so a case named like
    /// its template (examples/gb300-nvl72.toml with template = "gb300-nvl72") finds the
    /// template.
    std::optional<std::filesystem::path>
    find(const std::string& name, const std::filesystem::path& near = {},
         const std::vector<std::filesystem::path>& exclude = {}) const;
    const std::vector<std::filesystem::path>& folders() const { return folders_; }

private:
    std::vector<std::filesystem::path> folders_;
};

/// The schema of a whole case or template document.
const core::TableSpec& document_schema();

/// Reads a case file (or a template file directly) into a checked CaseSpec.
/// Throws core::InputError listing every finding.
CaseSpec load_case(const std::filesystem::path& file, const TemplateLibrary& library);

/// Reads a case from `text` as if it were the file `name` (its templates are found as for a
/// file of that name); warnings are returned in the spec, not printed. For the fuzzer and
/// generated cases.
CaseSpec load_case_text(const std::filesystem::path& name, std::string text,
                        const TemplateLibrary& library);

/// A case file merged with its templates, before parsing: what a sweep copies and varies.
struct CaseDocument {
    std::string file;
    std::vector<std::string> template_chain;
    toml::table merged;
    std::shared_ptr<core::SourceSet> sources; ///< texts of the files, for quoted errors
    std::vector<core::Diagnostic> warnings;   ///< e.g. a local template shadowing a bundled one
};

/// Reads a case file and its templates into one merged document (not yet validated).
CaseDocument read_case_document(const std::filesystem::path& file, const TemplateLibrary& library);

/// Validates and parses `merged` (the document of `document`, possibly with overrides) into
/// a checked CaseSpec. Throws core::InputError listing every finding.
CaseSpec parse_case_document(const CaseDocument& document, const toml::table& merged);

/// An inconsistency a model found while building from `document`'s spec, as an input error:
/// a core::SpecError at its key's value in the case's files (or the nearest enclosing table
/// written there, when the key keeps its default), anything else at the case file.
core::InputError locate(const CaseDocument& document, const std::invalid_argument& error);

/// Reads a template by name.
CaseSpec load_template(const std::string& name, const TemplateLibrary& library);

/// Numbers in a template file (as written, without its bases) that carry no source.
std::vector<core::Diagnostic> unsourced_template_numbers(const std::filesystem::path& file);

} // namespace rackcalc::cases
