import BulwarkCore
/// Folds text into the matcher's alphabet while keeping offsets into the original bytes.
///
/// Steps, all linear in the input:
/// 1. UTF-8 decoding (invalid bytes are dropped and counted), per-scalar folding: NFKD without
///    combining marks, case folding, TR39 confusables, invisible characters dropped, every
///    other non-word character becomes one separator.
/// 2. Words: leetspeak digits and symbols between letters become letters (`s3x`, `ch!ld`,
///    `$ex`); a number stuck to letters is split from them (`12yo` -> `12 yo`).
/// 3. Letters split by spaces or symbols (`n.u.d.e`, `s e x`) are joined when three or more
///    single letters follow each other.
/// 4. Repeated characters are squeezed into runs.
public struct TextNormalizer: Sendable {
    let table: ScalarFoldTable

    /// A normalizer using the given TR39 confusables (code point -> ASCII letter or digit).
    init(confusables: [UInt32: UInt8]) {
        table = ScalarFoldTable(confusables: confusables)
    }

    /// Normalizes UTF-8 bytes (which may be invalid).
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, joinSplitLetters: Bool = true) -> NormalizedText {
        var raw = RawBuffer(capacity: bytes.count + 16)
        var out = NormalizedText()
        decodeAndFold(bytes, into: &raw, normalized: &out)
        var words = RawBuffer(capacity: raw.chars.count + raw.chars.count / 4 + 16)
        resolveWords(raw, into: &words)
        if joinSplitLetters { markSplitLetters(&words) }
        squeeze(words, into: &out)
        return out
    }

    /// Normalizes a string.
    public func normalize(_ text: String, joinSplitLetters: Bool = true) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0, joinSplitLetters: joinSplitLetters) }
    }

    // MARK: - Step 1: decode and fold

    /// Characters with their original byte ranges, between steps.
    struct RawBuffer {
        var chars: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []

        init(capacity: Int) {
            chars.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }

        @inline(__always)
        mutating func append(_ c: UInt8, _ start: Int32, _ end: Int32) {
            chars.append(c)
            starts.append(start)
            ends.append(end)
        }

        /// Appends a separator unless the buffer is empty or already ends with one.
        @inline(__always)
        mutating func appendSeparator(_ start: Int32, _ end: Int32) {
            guard let last = chars.last else { return }
            if last != space {
                append(space, start, end)
            } else if let index = ends.indices.last {
                ends[index] = end
            }
        }
    }

    static let asciiFolds: [ScalarFold] = (0..<128).map { ScalarFoldTable.asciiFold(UInt8($0)) }

    private func decodeAndFold(_ bytes: UnsafeBufferPointer<UInt8>, into raw: inout RawBuffer,
                               normalized: inout NormalizedText) {
        let count = bytes.count
        var i = 0
        let asciiFolds = Self.asciiFolds
        while i < count {
            let b0 = bytes[i]
            let start = Int32(truncatingIfNeeded: i)
            if b0 < 0x80 {
                let end = start &+ 1
                if b0 >= 0x61 && b0 <= 0x7A || b0 >= 0x30 && b0 <= 0x39 {
                    raw.append(b0, start, end)
                } else if b0 >= 0x41 && b0 <= 0x5A {
                    raw.append(b0 | 0x20, start, end)
                } else {
                    if b0 < 0x20 && b0 != 0x09 && b0 != 0x0A && b0 != 0x0D || b0 == 0x7F {
                        normalized.controlCharacters += 1
                    }
                    emit(asciiFolds[Int(b0)], start, end, &raw)
                }
                i += 1
                continue
            }
            // Multi-byte sequence: validate strictly (no overlongs, no surrogates, <= U+10FFFF).
            var scalar: UInt32 = 0
            var length = 0
            if b0 >= 0xC2 && b0 <= 0xDF {
                length = 2; scalar = UInt32(b0 & 0x1F)
            } else if b0 >= 0xE0 && b0 <= 0xEF {
                length = 3; scalar = UInt32(b0 & 0x0F)
            } else if b0 >= 0xF0 && b0 <= 0xF4 {
                length = 4; scalar = UInt32(b0 & 0x07)
            }
            var valid = length > 0 && i + length <= count
            if valid {
                for k in 1..<length {
                    let b = bytes[i + k]
                    if b & 0xC0 != 0x80 { valid = false; break }
                    scalar = scalar << 6 | UInt32(b & 0x3F)
                }
            }
            if valid {
                switch length {
                case 3: valid = scalar >= 0x800 && !(0xD800...0xDFFF).contains(scalar)
                case 4: valid = scalar >= 0x10000 && scalar <= 0x10FFFF
                default: break
                }
            }
            guard valid else {
                // Dropped like an invisible character, so a stray byte cannot split a word.
                normalized.invalidBytes += 1
                i += 1
                continue
            }
            let end = Int32(truncatingIfNeeded: i + length)
            if scalar >= 0x80 && scalar < 0xA0 { normalized.controlCharacters += 1 }
            emit(table.fold(scalar), start, end, &raw)
            i += length
        }
    }

    @inline(__always)
    private func emit(_ fold: ScalarFold, _ start: Int32, _ end: Int32, _ raw: inout RawBuffer) {
        switch fold.kind {
        case .invisible, .unknown:
            return
        case .separator:
            raw.appendSeparator(start, end)
        case .otherLetter:
            raw.append(otherLetter, start, end)
        case .leetSymbol:
            raw.append(fold.byte(0), start, end)
        case .ascii1, .ascii2, .ascii3:
            for k in 0..<fold.count { raw.append(fold.byte(k), start, end) }
        }
    }

    // MARK: - Step 2: leetspeak and number/letter splits inside words

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isLeetSymbol(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "@") || c == UInt8(ascii: "$") || c == UInt8(ascii: "!") || c == UInt8(ascii: "|")
            || c == UInt8(ascii: "+")
    }

    /// The letter a leetspeak digit or symbol stands for, or 0.
    static let leetLetters: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        let pairs: [(Character, Character)] = [
            ("0", "o"), ("1", "i"), ("3", "e"), ("4", "a"), ("5", "s"), ("7", "t"), ("8", "b"), ("9", "g"),
            ("@", "a"), ("$", "s"), ("!", "i"), ("|", "i"), ("+", "t"),
        ]
        for (from, to) in pairs {
            if let f = from.asciiValue, let t = to.asciiValue { table[Int(f)] = t }
        }
        return table
    }()

    private func resolveWords(_ raw: RawBuffer, into out: inout RawBuffer) {
        let chars = raw.chars
        let n = chars.count
        var wordStart = 0
        while wordStart < n {
            if chars[wordStart] == space {
                out.append(space, raw.starts[wordStart], raw.ends[wordStart])
                wordStart += 1
                continue
            }
            var wordEnd = wordStart
            var plain = true
            while wordEnd < n && chars[wordEnd] != space {
                if !Self.isLetter(chars[wordEnd]) && chars[wordEnd] != otherLetter { plain = false }
                wordEnd += 1
            }
            if plain {
                for k in wordStart..<wordEnd { out.append(chars[k], raw.starts[k], raw.ends[k]) }
            } else {
                resolveWord(raw, wordStart, wordEnd, into: &out)
            }
            wordStart = wordEnd
        }
    }

    /// Resolves one word that holds digits or leet symbols.
    private func resolveWord(_ raw: RawBuffer, _ from: Int, _ to: Int, into out: inout RawBuffer) {
        let chars = raw.chars
        let letters = Self.leetLetters
        var letterCount = 0
        for k in from..<to where Self.isLetter(chars[k]) { letterCount += 1 }
        // Pass over the word, deciding each digit run and symbol.
        var resolved = [UInt8](repeating: 0, count: to - from)
        var k = from
        while k < to {
            let c = chars[k]
            if Self.isDigit(c) {
                var runEnd = k
                while runEnd < to && Self.isDigit(chars[runEnd]) { runEnd += 1 }
                let before = k > from && Self.isLetterLike(chars[k - 1])
                let after = runEnd < to && Self.isLetterLike(chars[runEnd])
                let runLength = runEnd - k
                var leet = (before && after && runLength <= 3)
                    || (before && !after && runEnd == to && runLength == 1 && letterCount >= 3)
                if leet { for j in k..<runEnd where letters[Int(chars[j])] == 0 { leet = false } }
                for j in k..<runEnd { resolved[j - from] = leet ? letters[Int(chars[j])] : chars[j] }
                k = runEnd
                continue
            }
            if Self.isLeetSymbol(c) {
                let before = k > from && Self.isLetterLike(chars[k - 1])
                let after = k + 1 < to && Self.isLetterLike(chars[k + 1])
                let needsBoth = c == UInt8(ascii: "!") || c == UInt8(ascii: "+")
                let leet = needsBoth ? (before && after) : (before || after)
                resolved[k - from] = leet ? letters[Int(c)] : space
                k += 1
                continue
            }
            resolved[k - from] = c
            k += 1
        }
        // Emit, splitting numbers from letters and collapsing separators.
        var previous: UInt8 = out.chars.last ?? space
        for j in from..<to {
            let c = resolved[j - from]
            if c == space {
                if previous != space { out.append(space, raw.starts[j], raw.ends[j]); previous = space }
                continue
            }
            if previous != space && (Self.isDigit(previous) != Self.isDigit(c)) {
                out.append(space, raw.starts[j], raw.starts[j])
            }
            out.append(c, raw.starts[j], raw.ends[j])
            previous = c
        }
    }

    /// Letters and the symbols/digits that may stand for letters.
    @inline(__always) static func isLetterLike(_ c: UInt8) -> Bool {
        isLetter(c) || isLeetSymbol(c) && c != UInt8(ascii: "!") && c != UInt8(ascii: "+")
    }

    // MARK: - Step 3: letters split by spaces or symbols

    /// Marks (with `joinMark`) the separators inside runs of three or more one-letter words.
    /// A run also ends where the gap between letters changes width ("N U D E   K I D S" is two
    /// words), so the spacing the writer used keeps the words apart.
    private func markSplitLetters(_ words: inout RawBuffer) {
        let n = words.chars.count
        var i = 0
        var runStart = -1
        var runWords = 0
        var runEnd = -1
        var runGap: Int32 = -1
        var previousGap: Int32 = -1
        func closeRun() {
            if runWords >= 3 { joinRun(&words, runStart, runEnd) }
            runWords = 0
            runGap = -1
        }
        while i < n {
            if words.chars[i] == space {
                previousGap = words.ends[i] - words.starts[i]
                i += 1
                continue
            }
            var end = i
            while end < n && words.chars[end] != space { end += 1 }
            let single = end - i == 1 && Self.isLetter(words.chars[i])
            if single {
                if runWords >= 1 {
                    if runGap < 0 { runGap = previousGap } else if previousGap != runGap { closeRun() }
                }
                if runWords == 0 { runStart = i }
                runWords += 1
                runEnd = end
            } else {
                closeRun()
            }
            i = end
        }
        closeRun()
    }

    private func joinRun(_ words: inout RawBuffer, _ from: Int, _ to: Int) {
        for k in from..<to where words.chars[k] == space { words.chars[k] = joinMark }
    }

    // MARK: - Step 4: squeeze repeated characters

    private func squeeze(_ words: RawBuffer, into out: inout NormalizedText) {
        out.reserve(words.chars.count)
        var last: UInt8 = 0xFF
        let chars = words.chars
        for k in chars.indices {
            let c = chars[k]
            if c == joinMark { continue }
            if c == last, let index = out.runs.indices.last {
                if out.runs[index] < 255 { out.runs[index] += 1 }
                out.ends[index] = words.ends[k]
                continue
            }
            out.chars.append(c)
            out.runs.append(1)
            out.starts.append(words.starts[k])
            out.ends.append(words.ends[k])
            last = c
        }
        // No trailing separator.
        if out.chars.last == space {
            out.chars.removeLast(); out.runs.removeLast(); out.starts.removeLast(); out.ends.removeLast()
        }
    }
}

/// The word separator in normalized text.
let space: UInt8 = 0x20
/// The placeholder for a letter of another script.
let otherLetter: UInt8 = 0x01
/// Marks a separator removed when joining split letters.
let joinMark: UInt8 = 0x02
