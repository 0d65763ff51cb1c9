#include "thermal/cooling_spec.hpp"

namespace rackcalc::thermal {

using namespace rackcalc::core;

std::shared_ptr<const TableSpec> cooling_schema() {
    auto t = std::make_shared<TableSpec>();
    t->name = "cooling";
    t->doc = "The rack's liquid loop (TCS), its CDU and the air side.";
    t->keys = {
        choice("coolant", {"water", "PG25", "PG35"},
               "Coolant in the technology cooling loop (PG25 = 25 wt % propylene glycol)")
            .def("PG25"),
        quantity("supply_temperature", kinds::temperature, "degC",
                 "Coolant supply temperature at the rack inlet")
            .def("40 degC")
            .range(2, 65),
        quantity("flow_per_power", kinds::volume_flow_per_power, "L/min/kW",
                 "Design coolant flow per kW of liquid heat (OCP reference 1.5 L/min/kW)")
            .def("1.5 L/min/kW")
            .range(0.05, 20),
        quantity("max_return_temperature", kinds::temperature, "degC",
                 "Highest allowed coolant return temperature")
            .def("65 degC")
            .range(10, 90),
        quantity("air_inlet_temperature", kinds::temperature, "degC", "Rack air inlet temperature")
            .def("25 degC")
            .range(0, 60),
        choice("air_class", {"A1", "A2", "A3", "A4", "H1"},
               "ASHRAE TC9.9 air class the inlet is checked against")
            .def("A2"),
        quantity("facility_supply_temperature", kinds::temperature, "degC",
                 "Facility water supply to the CDU (ASHRAE W classes)")
            .def("32 degC")
            .range(2, 70),
        quantity("cdu_approach", kinds::temperature_difference, "K",
                 "CDU approach: TCS supply minus facility supply")
            .def("4 K")
            .range(0.5, 30),
        choice("pump_redundancy", {"N", "N+1", "2N"}, "CDU pump redundancy").def("N+1"),
    };
    return t;
}

CoolingSpec parse_cooling(const CheckedTable& t) {
    CoolingSpec s;
    s.coolant = t.string("coolant");
    s.supply_temperature = kelvin(t.quantity("supply_temperature"));
    s.flow_per_power_m3_per_J = t.quantity("flow_per_power");
    s.max_return_temperature = kelvin(t.quantity("max_return_temperature"));
    s.air_inlet_temperature = kelvin(t.quantity("air_inlet_temperature"));
    s.air_class = t.string("air_class");
    s.facility_supply_temperature = kelvin(t.quantity("facility_supply_temperature"));
    s.cdu_approach = kelvin_difference(t.quantity("cdu_approach"));
    s.pump_redundancy = t.string("pump_redundancy");
    return s;
}

} // namespace rackcalc::thermal
