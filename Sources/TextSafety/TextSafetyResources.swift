import BulwarkCore
import Foundation

/// The data files shipped with TextSafety (`Resources/` in the module bundle) and their loaders.
///
/// Layout of a resource directory (the bundled one, or a deployment's own copy):
/// `confusables.tsv`, `lexicon/<category>.tsv`, `rules.json`, `conversation.json`, `eval/*.tsv`.
public enum TextSafetyResources {
    /// The bundled resource directory.
    public static func bundledDirectory() throws(BulwarkError) -> URL {
        // `.copy("Resources")` keeps the folder name inside the bundle.
        guard let directory = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw .notFound(what: "resource directory", id: "\(Bundle.module.bundlePath)/Resources")
        }
        return directory
    }

    /// Reads a UTF-8 file, refusing files over `limit` bytes.
    static func readText(_ url: URL, limit: Int = Lexicon.maximumFileBytes) throws(BulwarkError) -> String {
        let data = try readData(url, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidInput(what: "text file", where: url.path, reason: "not valid UTF-8")
        }
        return text
    }

    /// Reads a file, refusing files over `limit` bytes.
    static func readData(_ url: URL, limit: Int = Lexicon.maximumFileBytes) throws(BulwarkError) -> Data {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        guard data.count <= limit else {
            throw .limitExceeded(what: url.lastPathComponent, limit: "\(limit) bytes", actual: "\(data.count) bytes")
        }
        return data
    }

    /// Loads every `lexicon/*.tsv` file of a resource directory, in file-name order.
    public static func loadLexicon(from directory: URL) throws(BulwarkError) -> Lexicon {
        let folder = directory.appendingPathComponent("lexicon", isDirectory: true)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw .io(path: folder.path, reason: error.localizedDescription)
        }
        var lexicon = Lexicon()
        for name in names.sorted() where name.hasSuffix(".tsv") {
            let category = TextCategory(String(name.dropLast(4)))
            let text = try readText(folder.appendingPathComponent(name))
            lexicon.append(contentsOf: try Lexicon.parse(text, category: category, fileName: "lexicon/\(name)"))
        }
        return lexicon
    }

    /// Loads `rules.json` of a resource directory.
    public static func loadRules(from directory: URL) throws(BulwarkError) -> [TextRule] {
        let url = directory.appendingPathComponent("rules.json")
        return try TextRule.parseRules(try readData(url), fileName: "rules.json")
    }

    /// Loads `confusables.tsv` (hex code point, TAB, one ASCII letter or digit).
    public static func loadConfusables(from directory: URL) throws(BulwarkError) -> [UInt32: UInt8] {
        let text = try readText(directory.appendingPathComponent("confusables.tsv"))
        return try parseConfusables(text, fileName: "confusables.tsv")
    }

    /// Parses confusables TSV text.
    public static func parseConfusables(_ text: String, fileName: String) throws(BulwarkError) -> [UInt32: UInt8] {
        var table: [UInt32: UInt8] = [:]
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let code = UInt32(fields[0], radix: 16), code >= 0x80, code <= 0x10FFFF,
                  fields[1].utf8.count == 1, let byte = fields[1].utf8.first,
                  let target = ScalarFoldTable.asciiAlphanumeric(byte) else {
                throw .invalidInput(what: "confusables entry", where: "\(fileName) line \(lineNumber)",
                                    reason: "expected <hex code point >= 80>\\t<ASCII letter or digit>")
            }
            table[code] = target
        }
        return table
    }
}
