import BulwarkCore
import Foundation

/// How one Unicode scalar folds into the matcher's alphabet.
///
/// The matcher's alphabet is `a`-`z`, `0`-`9`, a word separator and a placeholder for letters
/// of other scripts. Folding applies NFKD, drops combining marks (diacritics), case-folds, and
/// maps Latin/Cyrillic/Greek look-alikes to ASCII through Unicode TR39 confusables data.
/// A fold is packed in a `UInt32`: the low byte is the kind, then up to three ASCII bytes.
struct ScalarFold: Sendable, Equatable {
    let packed: UInt32

    /// What a scalar turns into.
    enum Kind: UInt8 {
        /// Not computed in the table; computed from scalar properties instead.
        case unknown = 0
        /// Dropped without a trace (zero-width, format, combining marks, variation selectors).
        case invisible = 1
        /// Ends a word (space, punctuation, controls, symbols).
        case separator = 2
        /// A letter or number of another script: part of a word, never part of a match.
        case otherLetter = 3
        /// A symbol that leetspeak uses for a letter (`@`, `$`, `!`, `|`, `+`): decided by context.
        case leetSymbol = 4
        /// One to three ASCII letters or digits (the count is `rawValue - 4`).
        case ascii1 = 5, ascii2 = 6, ascii3 = 7
    }

    var kind: Kind { Kind(rawValue: UInt8(truncatingIfNeeded: packed)) ?? .unknown }
    /// The number of ASCII bytes for `ascii1...ascii3` and `leetSymbol`.
    var count: Int {
        let k = UInt8(truncatingIfNeeded: packed)
        if k == Kind.leetSymbol.rawValue { return 1 }
        return k >= Kind.ascii1.rawValue ? Int(k - Kind.ascii1.rawValue + 1) : 0
    }
    /// The `index`-th ASCII byte (0...2).
    func byte(_ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: packed >> (8 * UInt32(index + 1))) }

    static let invisible = ScalarFold(packed: UInt32(Kind.invisible.rawValue))
    static let separator = ScalarFold(packed: UInt32(Kind.separator.rawValue))
    static let otherLetter = ScalarFold(packed: UInt32(Kind.otherLetter.rawValue))
    static let unknown = ScalarFold(packed: 0)

    static func leet(_ symbol: UInt8) -> ScalarFold {
        ScalarFold(packed: UInt32(Kind.leetSymbol.rawValue) | UInt32(symbol) << 8)
    }

    /// A fold to the given ASCII bytes; more than three become `otherLetter`.
    static func ascii(_ bytes: [UInt8]) -> ScalarFold {
        guard !bytes.isEmpty, bytes.count <= 3 else { return bytes.isEmpty ? .invisible : .otherLetter }
        var packed = UInt32(Kind.ascii1.rawValue) + UInt32(bytes.count - 1)
        for (i, b) in bytes.enumerated() { packed |= UInt32(b) << (8 * UInt32(i + 1)) }
        return ScalarFold(packed: packed)
    }
}

/// The fold of every scalar: a dense table for the first 0x3000 code points, a dictionary for
/// the few blocks above that matter (ligatures, full-width forms, mathematical alphanumerics,
/// enclosed alphanumerics, confusables), and scalar properties for everything else.
struct ScalarFoldTable: Sendable {
    static let denseLimit: UInt32 = 0x3000
    private let dense: [UInt32]
    private let sparse: [UInt32: UInt32]

    /// Builds the table from the TR39 confusables map (code point -> ASCII letter or digit).
    init(confusables: [UInt32: UInt8]) {
        var dense = [UInt32](repeating: 0, count: Int(Self.denseLimit))
        for code in 0..<Self.denseLimit {
            if let scalar = Unicode.Scalar(code) {
                dense[Int(code)] = Self.computeFold(scalar, confusables: confusables).packed
            } else {
                dense[Int(code)] = ScalarFold.separator.packed
            }
        }
        var sparse: [UInt32: UInt32] = [:]
        let blocks: [ClosedRange<UInt32>] = [
            0xFB00...0xFB4F, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFF00...0xFFEF,
            0x1D400...0x1D7FF, 0x1F100...0x1F1FF, 0xE0000...0xE007F,
        ]
        for block in blocks {
            for code in block {
                if let scalar = Unicode.Scalar(code) {
                    sparse[code] = Self.computeFold(scalar, confusables: confusables).packed
                }
            }
        }
        for code in confusables.keys where code >= Self.denseLimit && sparse[code] == nil {
            if let scalar = Unicode.Scalar(code) {
                sparse[code] = Self.computeFold(scalar, confusables: confusables).packed
            }
        }
        self.dense = dense
        self.sparse = sparse
    }

    /// The fold of one scalar value.
    @inline(__always)
    func fold(_ code: UInt32) -> ScalarFold {
        if code < Self.denseLimit { return ScalarFold(packed: dense[Int(code)]) }
        if let packed = sparse[code] { return ScalarFold(packed: packed) }
        guard let scalar = Unicode.Scalar(code) else { return .separator }
        return Self.foldByProperties(scalar)
    }

    /// Folds a scalar outside the tables from its general category alone.
    static func foldByProperties(_ scalar: Unicode.Scalar) -> ScalarFold {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark, .spacingMark:
            return .invisible
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .letterNumber, .otherNumber:
            return .otherLetter
        case .decimalNumber:
            if let value = properties.numericValue, value >= 0, value <= 9 {
                return .ascii([UInt8(0x30 + Int(value))])
            }
            return .otherLetter
        default:
            return .separator
        }
    }

    /// The full fold: ASCII rules, NFKD without marks, case folding, confusables.
    static func computeFold(_ scalar: Unicode.Scalar, confusables: [UInt32: UInt8]) -> ScalarFold {
        let code = scalar.value
        if code < 0x80 { return asciiFold(UInt8(code)) }
        let category = scalar.properties.generalCategory
        switch category {
        case .format, .nonspacingMark, .enclosingMark, .spacingMark:
            return .invisible
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .separator
        default:
            break
        }
        if let target = confusables[code] { return .ascii([target]) }
        var out: [UInt8] = []
        let decomposed = String(scalar).decomposedStringWithCompatibilityMapping
        for part in decomposed.unicodeScalars {
            let partCategory = part.properties.generalCategory
            if partCategory == .nonspacingMark || partCategory == .enclosingMark || partCategory == .spacingMark {
                continue
            }
            if part.value < 0x80 {
                let fold = asciiFold(UInt8(part.value))
                if fold.kind == .ascii1 { out.append(fold.byte(0)); continue }
                if part.value == 0x20 { continue }
                return fold.kind == .leetSymbol ? fold : (out.isEmpty ? .separator : .otherLetter)
            }
            if let target = confusables[part.value] { out.append(target); continue }
            // Case folding: lower(upper(lower(x))) turns ẞ and ß into "ss", final sigma into sigma, ſ into s.
            let folded = String(part).lowercased().uppercased().lowercased()
            for piece in folded.unicodeScalars {
                if piece.value < 0x80, let byte = asciiAlphanumeric(UInt8(piece.value)) {
                    out.append(byte)
                } else if let target = confusables[piece.value] {
                    out.append(target)
                } else if piece.properties.generalCategory == .nonspacingMark {
                    continue
                } else {
                    return isWordLike(category) ? .otherLetter : .separator
                }
            }
        }
        if out.isEmpty { return isWordLike(category) ? .otherLetter : .separator }
        return .ascii(out)
    }

    private static func isWordLike(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .letterNumber, .otherNumber, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Lowercase ASCII letters and digits, or `nil`.
    @inline(__always)
    static func asciiAlphanumeric(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x61...0x7A, 0x30...0x39: return byte
        case 0x41...0x5A: return byte | 0x20
        default: return nil
        }
    }

    /// The fold of an ASCII byte.
    static func asciiFold(_ byte: UInt8) -> ScalarFold {
        if let b = asciiAlphanumeric(byte) { return .ascii([b]) }
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: "+"):
            return .leet(byte)
        case 0x00...0x1F, 0x7F:
            return .separator
        default:
            return .separator
        }
    }
}
