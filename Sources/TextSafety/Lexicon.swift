import BulwarkCore
/// The lexicon: every entry of every category file.
///
/// File format (UTF-8, one entry a line, `#` starts a comment line):
///
///     lang<TAB>term[<TAB>flag,flag,...]
///
/// Flags: `strong` (default), `weak`, `prefix`, `value=N` (age numbers), `before` / `after`
/// (age units), `months` (an infant unit), `self` (a first-person unit before a number). The category is the file name without `.tsv`.
public struct Lexicon: Sendable {
    /// Entries in file order.
    public private(set) var entries: [LexiconEntry]

    /// The largest file the loader accepts, in bytes.
    public static let maximumFileBytes = 4 << 20
    /// The longest term accepted, in bytes.
    public static let maximumTermBytes = 200

    public init(entries: [LexiconEntry] = []) { self.entries = entries }

    /// Parses one lexicon file's text. Throws with the file name and line number of a bad line.
    public static func parse(_ text: String, category: TextCategory, fileName: String) throws(BulwarkError) -> [LexiconEntry] {
        guard text.utf8.count <= maximumFileBytes else {
            throw .limitExceeded(what: "lexicon file \(fileName)", limit: "\(maximumFileBytes) bytes",
                                 actual: "\(text.utf8.count) bytes")
        }
        var entries: [LexiconEntry] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            let where_ = "\(fileName) line \(lineNumber)"
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 || fields.count == 3 else {
                throw .invalidInput(what: "lexicon entry", where: where_,
                                    reason: "expected 2 or 3 tab-separated fields, found \(fields.count)")
            }
            let language = String(fields[0]).trimmingWhitespace()
            let term = String(fields[1]).trimmingWhitespace()
            guard !language.isEmpty, language.utf8.count <= 8 else {
                throw .invalidInput(what: "lexicon language", where: where_, reason: "\"\(language)\" is not a language code")
            }
            guard !term.isEmpty, term.utf8.count <= maximumTermBytes else {
                throw .invalidInput(what: "lexicon term", where: where_,
                                    reason: term.isEmpty ? "empty term" : "term longer than \(maximumTermBytes) bytes")
            }
            var entry = LexiconEntry(category: category, term: term, language: language)
            if fields.count == 3 {
                for flag in fields[2].split(separator: ",") {
                    let flag = String(flag).trimmingWhitespace()
                    switch flag {
                    case "strong": entry.strength = .strong
                    case "weak": entry.strength = .weak
                    case "prefix": entry.isPrefix = true
                    case "before": entry.unitPosition = .before
                    case "after": entry.unitPosition = .after
                    case "months": entry.isInfantUnit = true
                    case "self": entry.isSelfUnit = true
                    case "": continue
                    default:
                        if flag.hasPrefix("value="), let value = Int(flag.dropFirst(6)), (0...150).contains(value) {
                            entry.value = value
                        } else {
                            throw .invalidInput(what: "lexicon flag", where: where_, reason: "unknown flag \"\(flag)\"")
                        }
                    }
                }
            }
            if category == .ageNumber && entry.value == nil {
                throw .invalidInput(what: "age number", where: where_, reason: "missing value=N")
            }
            if category == .ageUnit && entry.unitPosition == nil {
                throw .invalidInput(what: "age unit", where: where_, reason: "missing before or after")
            }
            entries.append(entry)
        }
        return entries
    }

    /// Adds entries.
    public mutating func append(contentsOf more: [LexiconEntry]) { entries.append(contentsOf: more) }

    /// The categories present, sorted.
    public var categories: [TextCategory] { Array(Set(entries.map(\.category))).sorted() }
    /// The languages present, sorted.
    public var languages: [String] { Array(Set(entries.map(\.language))).sorted() }
}
