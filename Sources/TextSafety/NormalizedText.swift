import BulwarkCore
/// Text folded into the matcher's alphabet, with offsets back into the original UTF-8 bytes.
///
/// Each position is one letter, digit, word separator (`0x20`) or placeholder for a letter of
/// another script (`0x01`). Repeated letters are squeezed into one position whose `runs` entry
/// says how many there were, so "nuuude" and "nude" share a position sequence while "teen" and
/// "ten" stay apart (a lexicon entry demands at least its own run lengths).
public struct NormalizedText: Sendable {
    /// The folded characters.
    public internal(set) var chars: [UInt8] = []
    /// How many times each character was repeated in a row (at most 255).
    public internal(set) var runs: [UInt8] = []
    /// The UTF-8 byte offset in the original text where each position starts.
    public internal(set) var starts: [Int32] = []
    /// The UTF-8 byte offset in the original text just after each position.
    public internal(set) var ends: [Int32] = []
    /// The number of invalid UTF-8 bytes that were dropped.
    public internal(set) var invalidBytes = 0
    /// The number of control characters that were read as separators.
    public internal(set) var controlCharacters = 0
    /// Whether any position is a digit (numbers and ages are only looked for then).
    public internal(set) var hasDigits = false

    /// The normalized text with runs expanded, for tests and diagnostics
    /// (`0x01` is shown as `_`).
    public var expanded: String {
        var out: [UInt8] = []
        for i in chars.indices {
            let c = chars[i] == 0x01 ? UInt8(ascii: "_") : chars[i]
            out.append(contentsOf: repeatElement(c, count: Int(runs[i])))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The normalized text with every run squeezed to one character.
    public var squeezed: String {
        String(decoding: chars.map { $0 == 0x01 ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
    }

    mutating func reserve(_ capacity: Int) {
        chars.reserveCapacity(capacity)
        runs.reserveCapacity(capacity)
        starts.reserveCapacity(capacity)
        ends.reserveCapacity(capacity)
    }
}
