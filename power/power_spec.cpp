#include "power/power_spec.hpp"

namespace rackcalc::power {

using namespace rackcalc::core;

std::shared_ptr<const TableSpec> power_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "power";
    t->doc = "The power chain from the medium-voltage feed to the chips.";
    t->keys = {
        choice("chain",
               {"native", "ac-ups", "hvdc-240", "hvdc-336", "hvdc-380", "dc-800", "dc-pm400",
                "panama-240", "panama-336", "sst-800"},
               "Power chain; native = the one the rack template names")
            .def("native"),
        choice("native_chain",
               {"ac-ups", "hvdc-240", "hvdc-336", "hvdc-380", "dc-800", "dc-pm400", "panama-240",
                "panama-336", "sst-800"},
               "The chain the rack is designed for (set by its template)")
            .def("ac-ups"),
        choice("redundancy", {"N", "N+1", "2N"}, "Redundancy of the facility power path").def("2N"),
        real("utilisation", "Mean IT load as a share of the rack IT power")
            .def("0.8")
            .range(0.01, 1.0),
    };
    return t;
}

PowerSpec parse_power(const CheckedTable& t) {
    PowerSpec s;
    s.chain = t.string("chain");
    s.native_chain = t.string("native_chain");
    if (s.chain == "native") {
        s.chain = s.native_chain;
    }
    s.redundancy = t.string("redundancy");
    s.utilisation = t.real("utilisation");
    return s;
}

} // namespace rackcalc::power
