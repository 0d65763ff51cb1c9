// Provenance of a run: SHA-256 of the input files and the case resolved after inheritance.

#include "cases/case.hpp"
#include "cases/provenance.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace rackcalc;
namespace fs = std::filesystem;

TEST_CASE("provenance: SHA-256 reproduces the FIPS 180-2 test vectors") {
    // FIPS 180-2, Appendix B.1 and B.2 (one-block and two-block messages), and the empty
    // message (NIST CSRC example values).
    CHECK(cases::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(cases::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(cases::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("provenance: every file of the inheritance chain is hashed; the case is resolved") {
    const fs::path file = fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples" / "gb300-nvl72.toml";
    const auto document = cases::read_case_document(file, cases::TemplateLibrary::bundled());
    const auto p = cases::make_provenance(document, "9.9.9");
    CHECK(p.version == "9.9.9");
    CHECK(p.generated_utc.size() == 20); // 2026-11-29T11:52:03Z
    // The example inherits gb300-nvl72, which inherits gb200-nvl72: three files.
    REQUIRE(p.inputs.size() == 3);
    bool example_found = false;
    for (const auto& in : p.inputs) {
        std::ifstream f(in.path, std::ios::binary);
        std::ostringstream bytes;
        bytes << f.rdbuf();
        CHECK(in.sha256 == cases::sha256_hex(bytes.str()));
        CHECK(in.bytes == bytes.str().size());
        example_found = example_found || fs::equivalent(in.path, file);
    }
    CHECK(example_found);
    // Resolved: keys the example leaves to its templates are present.
    CHECK(p.resolved_case.contains("cooling"));
    CHECK(p.resolved_case.contains("chips"));
}
