#pragma once
// Escaping text for XML and HTML: element content and quoted attribute values alike.

#include <string>
#include <string_view>

namespace rackcalc::viz {

/// `text` with & < > " ' replaced by the five predefined XML entities, which HTML knows too.
std::string xml_escape(std::string_view text);

} // namespace rackcalc::viz
