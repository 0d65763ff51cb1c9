// The repository's bibliography (docs/bibliography.md): every source key cited by a
// template, example, validation case, data file or doc resolves to an entry with a title,
// author/publisher, date and address; nothing cites a document outside the repository.

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path root{RACKCALC_SOURCE_DIR};

std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Entries of docs/bibliography.md: key -> the entry's text (heading to next heading).
std::map<std::string, std::string> bibliography_entries(const std::string& text) {
    std::map<std::string, std::string> entries;
    const std::regex heading(R"(^### \[([A-Z][0-9]+)\][ \t]*$)", std::regex::multiline);
    std::vector<std::pair<std::string, std::size_t>> starts;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), heading);
         it != std::sregex_iterator(); ++it) {
        const std::string key = (*it)[1].str();
        REQUIRE_MESSAGE(entries.count(key) == 0, "docs/bibliography.md: key ["
                                                     << key
                                                     << "] appears twice; keys must be unique");
        entries[key] = "";
        starts.emplace_back(key, static_cast<std::size_t>(it->position()));
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1].second : text.size();
        entries[starts[i].first] = text.substr(starts[i].second, end - starts[i].second);
    }
    return entries;
}

struct Citation {
    std::string where; // file:line
    std::string key;
};

/// Source keys cited in bracket groups: "[N1]", "[P16, low quality]", "[R17, R18]",
/// "[R23b]". Tags without a number ("[C]", "[M]") and TOML table headers are not keys.
std::vector<Citation> citations_in(const std::string& text, const std::string& file) {
    std::vector<Citation> found;
    const std::regex group(R"(\[([^\[\]\n]{1,80})\])");
    const std::regex key(R"(^\s*([A-Z][0-9]{1,3}[a-z]?)\b)");
    std::istringstream lines(text);
    std::string line;
    int line_no = 0;
    while (std::getline(lines, line)) {
        ++line_no;
        for (auto it = std::sregex_iterator(line.begin(), line.end(), group);
             it != std::sregex_iterator(); ++it) {
            std::stringstream parts((*it)[1].str());
            std::string part;
            while (std::getline(parts, part, ',')) {
                std::smatch m;
                if (std::regex_search(part, m, key)) {
                    found.push_back({file + ":" + std::to_string(line_no), m[1].str()});
                }
            }
        }
    }
    return found;
}

/// A key resolves when it has an entry, or (a letter-suffixed key such as R23b) when its
/// base entry lists it.
bool resolves(const std::map<std::string, std::string>& entries, const std::string& key) {
    if (entries.count(key) != 0) {
        return true;
    }
    if (!key.empty() && std::islower(static_cast<unsigned char>(key.back())) != 0) {
        const auto base = entries.find(key.substr(0, key.size() - 1));
        return base != entries.end() && base->second.find(key) != std::string::npos;
    }
    return false;
}

/// The files that cite sources: templates, examples, validation cases, data, docs, README.
std::vector<fs::path> citing_files() {
    std::vector<fs::path> files{root / "README.md"};
    const std::vector<std::pair<fs::path, std::string>> folders{
        {root / "cases" / "templates", ".toml"},
        {root / "cases" / "examples", ".toml"},
        {root / "validation", ".toml"},
        {root / "power" / "data", ".toml"},
        {root / "docs", ".md"}};
    for (const auto& [folder, extension] : folders) {
        for (const auto& entry : fs::directory_iterator(folder)) {
            if (entry.path().extension() == extension &&
                entry.path().filename() != "bibliography.md") {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string repo_path(const fs::path& file) {
    return fs::relative(file, root).string();
}

} // namespace

TEST_CASE("bibliography: every entry has a title, author/publisher, date and address") {
    const auto entries = bibliography_entries(read_text(root / "docs" / "bibliography.md"));
    CHECK(entries.size() > 100);
    for (const auto& [key, text] : entries) {
        for (const char* field : {"- Title: ", "- Author/publisher: ", "- Date: ", "- Address: "}) {
            const auto at = text.find(field);
            const bool filled = at != std::string::npos &&
                                text.find_first_not_of(" \n", at + std::string(field).size()) !=
                                    text.find('\n', at + std::string(field).size());
            CHECK_MESSAGE(filled, "docs/bibliography.md: entry [" << key << "] has no '" << field
                                                                  << "' line");
        }
    }
}

TEST_CASE("bibliography: the key scanner finds keys in lists and skips tags") {
    const auto found = citations_in("a = \"[N1] and [P16, low quality]; [R17, R18] [C] [M]\"\n"
                                    "[meta]\n[[sweep]]\nx = [1, 2]\n# [R23b] [Z99]",
                                    "t.toml");
    std::vector<std::string> keys;
    for (const auto& c : found) {
        keys.push_back(c.key);
    }
    CHECK(keys == std::vector<std::string>{"N1", "P16", "R17", "R18", "R23b", "Z99"});
    CHECK(found.back().where == "t.toml:5");
    const std::map<std::string, std::string> entries{{"R23", "### [R23]\n- Address: x; R23b y"}};
    CHECK(resolves(entries, "R23b"));
    CHECK_FALSE(resolves(entries, "R23c"));
    CHECK_FALSE(resolves(entries, "Z99"));
}

TEST_CASE("bibliography: every cited key resolves") {
    const auto entries = bibliography_entries(read_text(root / "docs" / "bibliography.md"));
    std::size_t cited = 0;
    for (const auto& file : citing_files()) {
        for (const auto& citation : citations_in(read_text(file), repo_path(file))) {
            ++cited;
            CHECK_MESSAGE(resolves(entries, citation.key),
                          citation.where << ": source key [" << citation.key
                                         << "] is not in docs/bibliography.md; add an entry "
                                            "(title, author/publisher, date, address)");
        }
    }
    CHECK(cited > 300);
}

TEST_CASE("bibliography: no file cites a document outside the repository") {
    // The project's research notes lived outside the repository; their content is cited
    // through bibliography keys. Markdown links must stay inside the repository.
    const std::regex outside(
        R"((seed-facts|rack-data\.md|thermal-data\.md|power-data\.md|validation-cases\.md|shared/reference|shared/design|\.\./shared|\bbrief\b|\]\((\.\./|/)))");
    for (const auto& file : citing_files()) {
        std::istringstream lines(read_text(file));
        std::string line;
        int line_no = 0;
        while (std::getline(lines, line)) {
            ++line_no;
            std::smatch m;
            CHECK_MESSAGE(!std::regex_search(line, m, outside),
                          repo_path(file) << ":" << line_no << ": '" << m.str()
                                          << "' points outside the repository; cite a key "
                                             "from docs/bibliography.md instead");
        }
    }
}
