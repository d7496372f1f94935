import BulwarkCore
/// Folds text into the matcher's alphabet while keeping offsets into the original bytes.
///
/// Steps, all linear in the input:
/// 1. UTF-8 decoding (invalid bytes are dropped and counted), per-scalar folding: NFKD without
///    combining marks, case folding, TR39 confusables, invisible characters dropped, every
///    other non-word character becomes one separator.
/// 2. Letters split by spaces or symbols (`n.u.d.e`, `s e x`) are joined when three or more
///    single letters follow each other with gaps of one width.
/// 3. Words: leetspeak digits and symbols between letters become letters (`s3x`, `ch!ld`,
///    `$ex`); a number stuck to letters is split from them (`12yo` -> `12 yo`); repeated
///    characters are squeezed into runs.
public struct TextNormalizer: Sendable {
    let table: ScalarFoldTable

    /// A normalizer using the given TR39 confusables (code point -> ASCII letter or digit).
    init(confusables: [UInt32: UInt8]) {
        table = ScalarFoldTable(confusables: confusables)
    }

    /// Normalizes UTF-8 bytes (which may be invalid).
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, joinSplitLetters: Bool = true) -> NormalizedText {
        // One scalar folds to at most 3 characters; a digit/letter split adds at most one separator per character.
        let capacity = bytes.count &* 3 &+ 16
        var raw = Stage(capacity: capacity)
        defer { raw.deallocate() }
        var out = NormalizedText()
        let hints = decodeAndFold(bytes, into: &raw, normalized: &out)
        if joinSplitLetters && hints.hasSplitLetters { markSplitLetters(&raw, bytes) }
        var final = Stage(capacity: raw.count &* 2 &+ 16)
        defer { final.deallocate() }
        if hints.hasDigitsOrSymbols || hints.hasSplitLetters && joinSplitLetters {
            resolveAndSqueeze(raw, into: &final)
        } else {
            squeezeOnly(raw, into: &final)
        }
        out.hasDigits = hints.hasDigits
        out.chars = Array(UnsafeBufferPointer(start: final.chars, count: final.count))
        out.runs = Array(UnsafeBufferPointer(start: final.runs, count: final.count))
        out.starts = Array(UnsafeBufferPointer(start: final.starts, count: final.count))
        out.ends = Array(UnsafeBufferPointer(start: final.ends, count: final.count))
        return out
    }

    /// Normalizes a string.
    public func normalize(_ text: String, joinSplitLetters: Bool = true) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0, joinSplitLetters: joinSplitLetters) }
    }

    // MARK: - Buffers

    /// Characters with their original byte ranges, in manually managed memory (the hot loop
    /// writes each position once, with no growth or uniqueness checks). `count` never exceeds
    /// the capacity given at allocation: callers size it from the input length.
    struct Stage {
        let capacity: Int
        let chars: UnsafeMutablePointer<UInt8>
        let runs: UnsafeMutablePointer<UInt8>
        let starts: UnsafeMutablePointer<Int32>
        let ends: UnsafeMutablePointer<Int32>
        var count = 0
        /// Classes seen (see `charClassTable`), for skipping later steps.
        var classesSeen: UInt8 = 0
        /// Letters in the current word, and one-letter words in a row before it.
        var wordLength = 0
        var singleWords = 0
        /// Three or more one-letter words in a row were seen.
        var sawSplitLetters = false

        init(capacity: Int) {
            self.capacity = capacity
            chars = .allocate(capacity: capacity)
            runs = .allocate(capacity: capacity)
            starts = .allocate(capacity: capacity)
            ends = .allocate(capacity: capacity)
        }

        func deallocate() {
            chars.deallocate()
            runs.deallocate()
            starts.deallocate()
            ends.deallocate()
        }

        @inline(__always)
        mutating func append(_ c: UInt8, _ start: Int32, _ end: Int32) {
            guard count < capacity else { return }
            chars[count] = c
            starts[count] = start
            ends[count] = end
            count &+= 1
        }

        /// Appends a word character and notes its class.
        @inline(__always)
        mutating func appendWordCharacter(_ c: UInt8, _ cls: UInt8, _ start: Int32, _ end: Int32) {
            append(c, start, end)
            classesSeen |= cls
            wordLength &+= 1
        }

        /// Appends a separator unless the stage is empty or already ends with one (then the
        /// separator's span grows, so the width of a gap is known).
        @inline(__always)
        mutating func appendSeparator(_ start: Int32, _ end: Int32) {
            guard count > 0 else { return }
            if chars[count &- 1] != space {
                endWord()
                append(space, start, end)
            } else {
                ends[count &- 1] = end
            }
        }

        /// Counts one-letter words in a row.
        @inline(__always)
        mutating func endWord() {
            if wordLength == 1 {
                singleWords &+= 1
                if singleWords >= 3 { sawSplitLetters = true }
            } else {
                singleWords = 0
            }
            wordLength = 0
        }
    }

    // MARK: - Step 1: decode and fold

    /// What step 1 saw, so later steps can be skipped.
    struct Hints {
        /// Three or more one-letter words in a row.
        var hasSplitLetters = false
        /// Digits or leetspeak symbols.
        var hasDigitsOrSymbols = false
        /// Digits.
        var hasDigits = false
    }

    private func decodeAndFold(_ bytes: UnsafeBufferPointer<UInt8>, into raw: inout Stage,
                               normalized: inout NormalizedText) -> Hints {
        let charClass = charClassTable
        let count = bytes.count
        var i = 0
        var controls = 0
        var invalid = 0
        while i < count {
            let b0 = bytes[i]
            let start = Int32(truncatingIfNeeded: i)
            if b0 < 0x80 {
                let end = start &+ 1
                let cls = charClass[Int(b0)]
                if cls != 0 {
                    raw.appendWordCharacter(b0, cls, start, end)
                } else if b0 >= 0x41 && b0 <= 0x5A {
                    raw.appendWordCharacter(b0 | 0x20, classLetter, start, end)
                } else {
                    if b0 < 0x20 && b0 != 0x09 && b0 != 0x0A && b0 != 0x0D || b0 == 0x7F { controls &+= 1 }
                    raw.appendSeparator(start, end)
                }
                i &+= 1
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
            var valid = length > 0 && i &+ length <= count
            if valid {
                for k in 1..<length {
                    let b = bytes[i &+ k]
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
                invalid &+= 1
                i &+= 1
                continue
            }
            let end = Int32(truncatingIfNeeded: i &+ length)
            if scalar < 0xA0 { controls &+= 1 }
            let fold = table.fold(scalar)
            switch fold.kind {
            case .invisible, .unknown:
                break
            case .separator:
                raw.appendSeparator(start, end)
            case .otherLetter:
                raw.appendWordCharacter(otherLetter, 0, start, end)
            case .leetSymbol:
                raw.appendWordCharacter(fold.byte(0), classLeet, start, end)
            case .ascii1, .ascii2, .ascii3:
                for k in 0..<fold.count {
                    let byte = fold.byte(k)
                    raw.appendWordCharacter(byte, charClass[Int(byte)], start, end)
                }
            }
            i &+= length
        }
        normalized.controlCharacters = controls
        normalized.invalidBytes = invalid
        raw.endWord()
        var hints = Hints()
        hints.hasSplitLetters = raw.sawSplitLetters
        hints.hasDigitsOrSymbols = raw.classesSeen & (classDigit | classLeet) != 0
        hints.hasDigits = raw.classesSeen & classDigit != 0
        return hints
    }

    /// Step 3 for text with nothing to resolve: squeeze repeats only.
    private func squeezeOnly(_ raw: Stage, into out: inout Stage) {
        for k in 0..<raw.count { put(raw.chars[k], raw.starts[k], raw.ends[k], &out) }
        if out.count > 0 && out.chars[out.count &- 1] == space { out.count &-= 1 }
    }

    // MARK: - Step 2: letters split by spaces or symbols

    /// Marks (with `joinMark`) the separators inside runs of three or more one-letter words.
    /// A run also ends where the gap between letters changes ("N U D E   K I D S" and
    /// "n.u.d.e k.i.d" are two words each), so the spacing the writer used keeps words apart.
    private func markSplitLetters(_ raw: inout Stage, _ bytes: UnsafeBufferPointer<UInt8>) {
        let charClass = charClassTable
        let n = raw.count
        let chars = raw.chars
        var i = 0
        var runStart = -1
        var runWords = 0
        var runEnd = -1
        var runGap = -1
        var previousGap = -1
        /// Whether the original bytes of two gaps (separator positions) are the same.
        func sameGap(_ a: Int, _ b: Int) -> Bool {
            let aStart = Int(raw.starts[a]), aEnd = Int(raw.ends[a])
            let bStart = Int(raw.starts[b]), bEnd = Int(raw.ends[b])
            guard aEnd - aStart == bEnd - bStart, aEnd <= bytes.count, bEnd <= bytes.count else { return false }
            for k in 0..<(aEnd - aStart) where bytes[aStart + k] != bytes[bStart + k] { return false }
            return true
        }
        func closeRun() {
            if runWords >= 3 {
                for k in runStart..<runEnd where chars[k] == space { chars[k] = joinMark }
            }
            runWords = 0
            runGap = -1
        }
        while i < n {
            if chars[i] == space {
                previousGap = i
                i &+= 1
                continue
            }
            var end = i
            while end < n && chars[end] != space { end &+= 1 }
            if end &- i == 1 && charClass[Int(chars[i])] & classLetter != 0 {
                if runWords >= 1 {
                    if runGap < 0 { runGap = previousGap } else if !sameGap(previousGap, runGap) { closeRun() }
                }
                if runWords == 0 { runStart = i }
                runWords &+= 1
                runEnd = end
            } else {
                closeRun()
            }
            i = end
        }
        closeRun()
    }

    // MARK: - Step 3: leetspeak, number/letter splits, repeated characters

    /// Emits one character into the final stage, squeezing repeats into runs.
    @inline(__always)
    private func put(_ c: UInt8, _ start: Int32, _ end: Int32, _ out: inout Stage) {
        let n = out.count
        if n > 0 && out.chars[n &- 1] == c {
            if c == space { return }
            if out.runs[n &- 1] < 255 { out.runs[n &- 1] &+= 1 }
            out.ends[n &- 1] = end
            return
        }
        if c == space && n == 0 { return }
        guard n < out.capacity else { return }
        out.chars[n] = c
        out.runs[n] = 1
        out.starts[n] = start
        out.ends[n] = end
        out.count = n &+ 1
    }

    private func resolveAndSqueeze(_ raw: Stage, into out: inout Stage) {
        let charClass = charClassTable
        let chars = raw.chars
        let n = raw.count
        var wordStart = 0
        while wordStart < n {
            if chars[wordStart] == space {
                put(space, raw.starts[wordStart], raw.ends[wordStart], &out)
                wordStart &+= 1
                continue
            }
            var wordEnd = wordStart
            var mixed: UInt8 = 0
            while wordEnd < n && chars[wordEnd] != space {
                mixed |= charClass[Int(chars[wordEnd])]
                wordEnd &+= 1
            }
            if mixed & (classDigit | classLeet) == 0 {
                for k in wordStart..<wordEnd where chars[k] != joinMark {
                    put(chars[k], raw.starts[k], raw.ends[k], &out)
                }
            } else {
                resolveWord(raw, wordStart, wordEnd, into: &out)
            }
            wordStart = wordEnd
        }
        if out.count > 0 && out.chars[out.count &- 1] == space { out.count &-= 1 }
    }

    /// Resolves one word that holds digits or leet symbols: digit runs of up to three between
    /// letters and a single digit ending a word of three or more letters become letters
    /// (`s3x`, `n00d`, `kid5`); `@ $ |` next to a letter and `! +` between letters become
    /// letters; other digits stay digits and are split from letters (`12yo` -> `12 yo`).
    private func resolveWord(_ raw: Stage, _ from: Int, _ to: Int, into out: inout Stage) {
        let charClass = charClassTable
        let chars = raw.chars
        let leetLetters = leetLetterTable
        var letterCount = 0
        for k in from..<to where charClass[Int(chars[k])] & classLetter != 0 { letterCount &+= 1 }
        @inline(__always) func letterLike(_ k: Int) -> Bool {
            k >= from && k < to && charClass[Int(chars[k])] & classLetterLike != 0
        }
        var previous: UInt8 = out.count > 0 ? out.chars[out.count &- 1] : space
        @inline(__always) func emit(_ c: UInt8, _ k: Int) {
            if c == space {
                put(space, raw.starts[k], raw.ends[k], &out)
                previous = space
                return
            }
            let isDigit = charClass[Int(c)] & classDigit != 0
            let wasDigit = charClass[Int(previous)] & classDigit != 0
            if previous != space && isDigit != wasDigit { put(space, raw.starts[k], raw.starts[k], &out) }
            put(c, raw.starts[k], raw.ends[k], &out)
            previous = c
        }
        var k = from
        while k < to {
            let c = chars[k]
            let cls = charClass[Int(c)]
            if cls & classDigit != 0 {
                var runEnd = k
                while runEnd < to && charClass[Int(chars[runEnd])] & classDigit != 0 { runEnd &+= 1 }
                let before = letterLike(k &- 1)
                let after = letterLike(runEnd)
                let runLength = runEnd &- k
                var leet = (before && after && runLength <= 3)
                    || (before && !after && runEnd == to && runLength == 1 && letterCount >= 3)
                if leet { for j in k..<runEnd where leetLetters[Int(chars[j])] == 0 { leet = false } }
                for j in k..<runEnd { emit(leet ? leetLetters[Int(chars[j])] : chars[j], j) }
                k = runEnd
            } else if cls & classLeet != 0 {
                let before = letterLike(k &- 1)
                let after = letterLike(k &+ 1)
                let needsBoth = c == UInt8(ascii: "!") || c == UInt8(ascii: "+")
                let leet = needsBoth ? (before && after) : (before || after)
                emit(leet ? leetLetters[Int(c)] : space, k)
                k &+= 1
            } else {
                if c != joinMark { emit(c, k) }
                k &+= 1
            }
        }
    }
}

/// Character classes of the intermediate alphabet.
let classLetter: UInt8 = 1
let classDigit: UInt8 = 2
let classLeet: UInt8 = 4
/// Letters and the leet symbols that may stand next to them (`@ $ |`).
let classLetterLike: UInt8 = 8

let charClassTable: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 256)
    for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = classLetter | classLetterLike }
    for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = classDigit }
    for c in "@$|".utf8 { table[Int(c)] = classLeet | classLetterLike }
    for c in "!+".utf8 { table[Int(c)] = classLeet }
    return table
}()

/// The letter a leetspeak digit or symbol stands for, or 0.
let leetLetterTable: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 256)
    let pairs: [(Character, Character)] = [
        ("0", "o"), ("1", "i"), ("3", "e"), ("4", "a"), ("5", "s"), ("7", "t"), ("8", "b"), ("9", "g"),
        ("@", "a"), ("$", "s"), ("!", "i"), ("|", "i"), ("+", "t"),
    ]
    for (from, to) in pairs {
        if let f = from.asciiValue, let t = to.asciiValue { table[Int(f)] = t }
    }
    return table
}()

/// The word separator in normalized text.
let space: UInt8 = 0x20
/// The placeholder for a letter of another script.
let otherLetter: UInt8 = 0x01
/// Marks a separator removed when joining split letters.
let joinMark: UInt8 = 0x02
