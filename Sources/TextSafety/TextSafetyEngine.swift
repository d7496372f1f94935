import BulwarkCore
import Foundation

/// Checks prompts, captions and training tags against the lexicons and rules.
///
/// Build one engine (it compiles the lexicon into an Aho-Corasick automaton) and share it:
/// it is immutable and `Sendable`, and `check` is cheap enough to call millions of times.
///
///     let engine = try TextSafetyEngine.bundled()
///     let result = try engine.check("a prompt")
///     if result.verdict == .block { ... }
public struct TextSafetyEngine: Sendable {
    public let configuration: TextSafetyConfiguration
    public let lexicon: Lexicon
    public let rules: [TextRule]
    public let normalizer: TextNormalizer

    let automaton: AhoCorasick
    /// Per pattern (flat, so the hot loop copies nothing): length, flags, and where its
    /// required run lengths and lexicon entries start in `patternRuns` / `patternEntries`.
    let patternLength: [Int32]
    let patternFlags: [UInt8]
    let patternSpaces: [Int32]
    let patternRunStart: [Int32]
    let patternRuns: [UInt8]
    let patternEntryStart: [Int32]
    let patternEntries: [Int32]
    /// Per lexicon entry: how the scan treats it (see `EntryKind`) and its number value.
    let entryKind: [UInt8]
    let entryValue: [Int32]
    /// Per rule: group count and window (Int.max for the whole text).
    let ruleGroupCount: [Int]
    let ruleWindow: [Int]

    enum EntryKind {
        static let plain: UInt8 = 0
        static let benign: UInt8 = 1
        static let ageNumber: UInt8 = 2
        static let unitAfter: UInt8 = 3
        static let unitBefore: UInt8 = 4
        static let unitAfterInfant: UInt8 = 5
        static let unitBeforeSelf: UInt8 = 6
    }
    /// `Hit.entry` of an age, and of the writer's own age.
    static let ageHit: Int32 = -1
    static let selfAgeHit: Int32 = -2
    static let flagPrefix: UInt8 = 1
    static let flagRunCheck: UInt8 = 2
    /// For each lexicon entry, the (rule, group) slots it can fill.
    let entrySlots: [[RuleSlot]]
    /// Slots filled by an age under 18, and by the writer's own age under 18.
    let minorAgeSlots: [RuleSlot]
    let selfMinorAgeSlots: [RuleSlot]
    /// The first slot index of each rule in a flat per-scan array.
    let ruleSlotBase: [Int]
    let totalGroups: Int
    let longestBenignPattern: Int32

    struct CompiledPattern: Sendable {
        var length: Int32
        var runs: [UInt8]
        var needsRunCheck: Bool
        var spaceCount: Int32
        var isPrefix: Bool
        var entries: [Int32]
    }

    struct RuleSlot: Sendable, Hashable {
        var rule: Int
        var group: Int
    }

    /// The engine built from the bundled lexicons, rules and confusables data.
    public static func bundled(configuration: TextSafetyConfiguration = .default) throws(BulwarkError) -> TextSafetyEngine {
        try TextSafetyEngine(resourceDirectory: try TextSafetyResources.bundledDirectory(), configuration: configuration)
    }

    /// The engine built from a resource directory laid out like the bundled one.
    public init(resourceDirectory: URL, configuration: TextSafetyConfiguration = .default) throws(BulwarkError) {
        try self.init(lexicon: try TextSafetyResources.loadLexicon(from: resourceDirectory),
                      rules: try TextSafetyResources.loadRules(from: resourceDirectory),
                      confusables: try TextSafetyResources.loadConfusables(from: resourceDirectory),
                      configuration: configuration)
    }

    /// The engine for a lexicon and rules. Throws if a term folds to nothing matchable or a
    /// rule names a category no lexicon entry has.
    public init(lexicon: Lexicon, rules: [TextRule], confusables: [UInt32: UInt8],
                configuration: TextSafetyConfiguration = .default) throws(BulwarkError) {
        self.configuration = configuration
        self.lexicon = lexicon
        self.rules = rules
        let normalizer = TextNormalizer(confusables: confusables)
        self.normalizer = normalizer

        // Patterns: one per distinct (folded text, runs, prefix flag).
        struct Key: Hashable { var chars: [UInt8]; var runs: [UInt8]; var prefix: Bool }
        var patternIndex: [Key: Int] = [:]
        var patterns: [CompiledPattern] = []
        var texts: [[UInt8]] = []
        var longestBenign: Int32 = 0
        for (index, entry) in lexicon.entries.enumerated() {
            let folded = normalizer.normalize(entry.term, joinSplitLetters: false)
            guard !folded.chars.isEmpty, !folded.chars.contains(otherLetter) else {
                throw .invalidInput(what: "lexicon term", where: "\(entry.category).tsv \"\(entry.term)\"",
                                    reason: "folds to no Latin letters or digits")
            }
            let key = Key(chars: folded.chars, runs: folded.runs, prefix: entry.isPrefix)
            if let existing = patternIndex[key] {
                let duplicate = patterns[existing].entries.contains { other in
                    let o = lexicon.entries[Int(other)]
                    return o.category == entry.category && o.strength == entry.strength && o.value == entry.value
                        && o.unitPosition == entry.unitPosition && o.isInfantUnit == entry.isInfantUnit
                        && o.isSelfUnit == entry.isSelfUnit
                }
                if !duplicate { patterns[existing].entries.append(Int32(index)) }
            } else {
                patternIndex[key] = patterns.count
                patterns.append(CompiledPattern(
                    length: Int32(folded.chars.count), runs: folded.runs,
                    needsRunCheck: folded.runs.contains { $0 > 1 },
                    spaceCount: Int32(folded.chars.lazy.filter { $0 == space }.count),
                    isPrefix: entry.isPrefix, entries: [Int32(index)]))
                // A leading separator: patterns only start at a word boundary, and inside words
                // that start no pattern the automaton stays at its root.
                texts.append([space] + folded.chars)
            }
            if entry.category == .benign { longestBenign = max(longestBenign, Int32(folded.chars.count)) }
        }
        self.longestBenignPattern = longestBenign
        automaton = AhoCorasick(patterns: texts)
        var runStart: [Int32] = [], runs: [UInt8] = [], entryStart: [Int32] = [], flatEntries: [Int32] = []
        for pattern in patterns {
            runStart.append(Int32(runs.count))
            runs.append(contentsOf: pattern.runs)
            entryStart.append(Int32(flatEntries.count))
            flatEntries.append(contentsOf: pattern.entries)
        }
        runStart.append(Int32(runs.count))
        entryStart.append(Int32(flatEntries.count))
        patternLength = patterns.map(\.length)
        patternFlags = patterns.map { ($0.isPrefix ? Self.flagPrefix : 0) | ($0.needsRunCheck ? Self.flagRunCheck : 0) }
        patternSpaces = patterns.map(\.spaceCount)
        patternRunStart = runStart
        patternRuns = runs
        patternEntryStart = entryStart
        patternEntries = flatEntries
        entryKind = lexicon.entries.map { entry in
            switch entry.category {
            case .benign: return EntryKind.benign
            case .ageNumber: return EntryKind.ageNumber
            case .ageUnit:
                if entry.unitPosition == .before { return entry.isSelfUnit ? EntryKind.unitBeforeSelf : EntryKind.unitBefore }
                return entry.isInfantUnit ? EntryKind.unitAfterInfant : EntryKind.unitAfter
            default: return EntryKind.plain
            }
        }
        entryValue = lexicon.entries.map { Int32($0.value ?? 0) }
        ruleGroupCount = rules.map(\.all.count)
        ruleWindow = rules.map { $0.window ?? Int.max }

        // Rule slots.
        let known = Set(lexicon.entries.map(\.category)).union([.ageUnder18, .selfAgeUnder18])
        var base: [Int] = []
        var total = 0
        var entrySlots = [[RuleSlot]](repeating: [], count: lexicon.entries.count)
        var minorAgeSlots: [RuleSlot] = []
        var selfMinorAgeSlots: [RuleSlot] = []
        for (r, rule) in rules.enumerated() {
            base.append(total)
            total += rule.all.count
            for (g, group) in rule.all.enumerated() {
                for requirement in group {
                    guard known.contains(requirement.category) else {
                        throw .invalidInput(what: "rule", where: "rules.json rule \(rule.id)",
                                            reason: "category \(requirement.category) has no lexicon entries")
                    }
                    if requirement.category == .ageUnder18 {
                        minorAgeSlots.append(RuleSlot(rule: r, group: g))
                    }
                    if requirement.category == .selfAgeUnder18 {
                        selfMinorAgeSlots.append(RuleSlot(rule: r, group: g))
                    }
                    for (e, entry) in lexicon.entries.enumerated() where requirement.accepts(entry) {
                        if !entrySlots[e].contains(RuleSlot(rule: r, group: g)) {
                            entrySlots[e].append(RuleSlot(rule: r, group: g))
                        }
                    }
                }
            }
        }
        self.entrySlots = entrySlots
        self.minorAgeSlots = minorAgeSlots
        self.selfMinorAgeSlots = selfMinorAgeSlots
        ruleSlotBase = base
        totalGroups = total
    }

    // MARK: - Public checks

    /// Checks a text. Throws `BulwarkError.limitExceeded` above the configured size.
    public func check(_ text: String) throws(BulwarkError) -> TextCheckResult {
        try enforceLimit(text.utf8.count)
        var text = text
        return text.withUTF8 { bytes in makeResult(scan(bytes), bytes) }
    }

    /// Checks raw bytes that should be UTF-8; invalid bytes are dropped and counted.
    public func check(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(BulwarkError) -> TextCheckResult {
        try enforceLimit(bytes.count)
        let scan = scan(bytes)
        return makeResult(scan, bytes)
    }

    /// Checks raw bytes that should be UTF-8.
    public func check(utf8 bytes: [UInt8]) throws(BulwarkError) -> TextCheckResult {
        try enforceLimit(bytes.count)
        return bytes.withUnsafeBufferPointer { buffer in makeResult(scan(buffer), buffer) }
    }

    /// Only the verdict: the cheapest check, for scanners that call it millions of times.
    public func verdict(_ text: String) throws(BulwarkError) -> Verdict {
        try enforceLimit(text.utf8.count)
        var text = text
        return text.withUTF8 { bytes in
            let scan = scan(bytes)
            return scan.fired.indices.reduce(Verdict.allow) { scan.fired[$1] == nil ? $0 : max($0, rules[$1].verdict) }
        }
    }

    /// The normalized form of a text (for diagnostics and tests).
    public func normalize(_ text: String) -> NormalizedText {
        normalizer.normalize(text, joinSplitLetters: configuration.joinSplitLetters)
    }

    /// Hashes of the normalized words of a text, used to link a rewording to an earlier attempt.
    public func fingerprint(_ text: String) -> TextFingerprint {
        TextFingerprint(normalized: normalize(text))
    }

    private func enforceLimit(_ count: Int) throws(BulwarkError) {
        guard count <= configuration.maximumInputBytes else {
            throw .limitExceeded(what: "text", limit: "\(configuration.maximumInputBytes) bytes", actual: "\(count) bytes")
        }
    }

    // MARK: - Scan

    /// A match in normalized positions.
    struct Hit {
        /// Lexicon entry index, or -1 for an age.
        var entry: Int32
        var start: Int32
        var end: Int32
        var startToken: Int32
        var endToken: Int32
        var age: Int32 = -1
    }

    struct Scan {
        var normalized: NormalizedText
        /// Lexicon and age hits after benign phrases are set aside, in order of end position.
        var hits: [Hit]
        /// For each rule, the hits (indices into `hits`) that made it fire, or nil.
        var fired: [[Int]?]
    }

    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        let normalized = normalizer.normalize(utf8: bytes, joinSplitLetters: configuration.joinSplitLetters)
        let candidates = runAutomaton(normalized.chars)
        var (hits, benign, numbers) = verify(candidates, normalized)
        if normalized.hasDigits { numbers += numberTokens(normalized) }
        if !benign.isEmpty { hits = setAsideBenign(hits, benign) }
        if !numbers.isEmpty { hits = addAges(hits, numbers) }
        let fired = evaluateRules(hits)
        return Scan(normalized: normalized, hits: hits, fired: fired)
    }

    /// The automaton alone, in a loop with nothing else live: the positions where some
    /// pattern ends, with the state reached there (packed: position << 32 | state).
    private func runAutomaton(_ chars: [UInt8]) -> [UInt64] {
        var candidates: [UInt64] = []
        chars.withUnsafeBufferPointer { chars in
            automaton.transitions.withUnsafeBufferPointer { delta in
                AhoCorasick.symbolOrSeparator.withUnsafeBufferPointer { symbols in
                    // The text is read as if it started with a separator.
                    var row = Int(delta[Int(symbols[Int(space)])] & AhoCorasick.stateMask)
                    for i in 0..<chars.count {
                        let next = delta[row &+ Int(symbols[Int(chars[i])])]
                        row = Int(next & AhoCorasick.stateMask)
                        if next & AhoCorasick.outputFlag != 0 {
                            candidates.append(UInt64(i) << 32 | UInt64(row / AhoCorasick.alphabetSize))
                        }
                    }
                }
            }
        }
        return candidates
    }

    /// Checks word boundaries and run lengths of every candidate and sorts the hits into
    /// lexicon hits, benign phrases and number words; counts words for token positions.
    private func verify(_ candidates: [UInt64], _ normalized: NormalizedText) -> (hits: [Hit], benign: [Hit], numbers: [Hit]) {
        var hits: [Hit] = []
        var benign: [Hit] = []
        var numbers: [Hit] = []
        guard !candidates.isEmpty else { return (hits, benign, numbers) }
        let n = normalized.chars.count
        normalized.chars.withUnsafeBufferPointer { chars in
        normalized.runs.withUnsafeBufferPointer { runs in
        automaton.outputStart.withUnsafeBufferPointer { outStart in
        automaton.outputs.withUnsafeBufferPointer { outs in
        patternLength.withUnsafeBufferPointer { lengths in
        patternFlags.withUnsafeBufferPointer { flags in
        patternRunStart.withUnsafeBufferPointer { runStart in
        patternRuns.withUnsafeBufferPointer { requiredRuns in
        patternEntryStart.withUnsafeBufferPointer { entryStart in
        patternEntries.withUnsafeBufferPointer { patternEntries in
        patternSpaces.withUnsafeBufferPointer { spaces in
        entryKind.withUnsafeBufferPointer { kinds in
            var token: Int32 = 0
            var counted = 0
            for candidate in candidates {
                let i = Int(candidate >> 32)
                let state = Int(candidate & 0xFFFF_FFFF)
                while counted < i {
                    if chars[counted] == space { token &+= 1 }
                    counted &+= 1
                }
                for k in Int(outStart[state])..<Int(outStart[state &+ 1]) {
                    let p = Int(outs[k])
                    let length = Int(lengths[p])
                    let start = i &- length &+ 1
                    let flag = flags[p]
                    if flag & Self.flagPrefix == 0 && i &+ 1 < n && chars[i &+ 1] != space { continue }
                    if flag & Self.flagRunCheck != 0 {
                        let base = Int(runStart[p])
                        var ok = true
                        for j in 0..<length where runs[start &+ j] < requiredRuns[base &+ j] {
                            ok = false
                            break
                        }
                        if !ok { continue }
                    }
                    let startToken = token &- spaces[p]
                    for e in Int(entryStart[p])..<Int(entryStart[p &+ 1]) {
                        let entry = patternEntries[e]
                        let hit = Hit(entry: entry, start: Int32(start), end: Int32(i), startToken: startToken, endToken: token)
                        switch kinds[Int(entry)] {
                        case EntryKind.benign: benign.append(hit)
                        case EntryKind.ageNumber:
                            var number = hit
                            number.age = entryValue[Int(entry)]
                            numbers.append(number)
                        default: hits.append(hit)
                        }
                    }
                }
            }
        }}}}}}}}}}}}
        return (hits, benign, numbers)
    }

    /// Words made only of one to three digits, with their values ("11" squeezed to one
    /// position with a run of 2 is 11).
    private func numberTokens(_ normalized: NormalizedText) -> [Hit] {
        var numbers: [Hit] = []
        let chars = normalized.chars
        let runs = normalized.runs
        let n = chars.count
        var token: Int32 = 0
        var tokenStart = 0
        var digitsOnly = true
        var digitCount = 0
        var value = 0
        for i in 0...n {
            let c = i < n ? chars[i] : space
            if c == space {
                if digitsOnly && digitCount > 0 && digitCount <= 3 {
                    numbers.append(Hit(entry: Self.ageHit, start: Int32(tokenStart), end: Int32(i &- 1),
                                       startToken: token, endToken: token, age: Int32(value)))
                }
                token &+= 1
                tokenStart = i &+ 1
                digitsOnly = true
                digitCount = 0
                value = 0
            } else if c &- 0x30 < 10 {
                if digitsOnly {
                    let run = Int(runs[i])
                    digitCount &+= run
                    if digitCount <= 3 {
                        for _ in 0..<run { value = value &* 10 &+ Int(c &- 0x30) }
                    }
                }
            } else {
                digitsOnly = false
            }
        }
        return numbers
    }

    /// Drops hits lying inside a benign phrase. Both lists are in order of end position.
    private func setAsideBenign(_ hits: [Hit], _ benign: [Hit]) -> [Hit] {
        var kept: [Hit] = []
        kept.reserveCapacity(hits.count)
        var j = 0
        for hit in hits {
            while j < benign.count && benign[j].end < hit.end { j += 1 }
            var covered = false
            var k = j
            while k < benign.count && benign[k].end <= hit.end + longestBenignPattern {
                if benign[k].start <= hit.start { covered = true; break }
                k += 1
            }
            if !covered { kept.append(hit) }
        }
        return kept
    }

    /// Pairs numbers with age units ("12" + "years old", "age" + "12") and adds the ages as hits.
    private func addAges(_ hits: [Hit], _ numbers: [Hit]) -> [Hit] {
        var unitsAfter: [Int32: Hit] = [:]
        var unitsBefore: [Int32: Hit] = [:]
        var others: [Hit] = []
        others.reserveCapacity(hits.count)
        for hit in hits {
            let kind = hit.entry >= 0 ? entryKind[Int(hit.entry)] : EntryKind.plain
            switch kind {
            case EntryKind.unitAfter, EntryKind.unitAfterInfant:
                if let existing = unitsAfter[hit.startToken], existing.end >= hit.end { continue }
                unitsAfter[hit.startToken] = hit
            case EntryKind.unitBefore, EntryKind.unitBeforeSelf:
                if let existing = unitsBefore[hit.endToken], existing.start <= hit.start { continue }
                unitsBefore[hit.endToken] = hit
            default:
                others.append(hit)
            }
        }
        if unitsAfter.isEmpty && unitsBefore.isEmpty { return others }
        // One number per end token, the longest ("dix-sept" over "sept").
        var numberAt: [Int32: Hit] = [:]
        for number in numbers {
            if let existing = numberAt[number.endToken], existing.start <= number.start { continue }
            numberAt[number.endToken] = number
        }
        var ages: [Hit] = []
        for token in numberAt.keys.sorted() {
            guard var age = numberAt[token] else { continue }
            // Tens before units: "twenty one", "vingt et un", "vinte e um".
            if age.age < 10 {
                if let tens = numberAt[age.startToken &- 1], tens.age >= 20, tens.age % 10 == 0 {
                    age.age += tens.age
                    age.start = tens.start
                    age.startToken = tens.startToken
                } else if let tens = numberAt[age.startToken &- 2], tens.age >= 20, tens.age % 10 == 0,
                          age.start &- tens.end <= 5 {
                    age.age += tens.age
                    age.start = tens.start
                    age.startToken = tens.startToken
                }
            }
            if let unit = unitsAfter[age.endToken &+ 1] {
                age.end = unit.end
                age.endToken = unit.endToken
                if entryKind[Int(unit.entry)] == EntryKind.unitAfterInfant { age.age = 0 }
                age.entry = Self.ageHit
            } else if let unit = unitsBefore[age.startToken &- 1] {
                age.start = unit.start
                age.startToken = unit.startToken
                age.entry = entryKind[Int(unit.entry)] == EntryKind.unitBeforeSelf ? Self.selfAgeHit : Self.ageHit
            } else {
                continue
            }
            ages.append(age)
        }
        if ages.isEmpty { return others }
        var merged = others + ages
        merged.sort { $0.end < $1.end || ($0.end == $1.end && $0.start < $1.start) }
        return merged
    }

    /// Sweeps the hits once; a rule fires when every group's latest hit lies within its window.
    private func evaluateRules(_ hits: [Hit]) -> [[Int]?] {
        var fired = [[Int]?](repeating: nil, count: rules.count)
        guard !rules.isEmpty, !hits.isEmpty else { return fired }
        var latest = [Int](repeating: -1, count: totalGroups)
        var remaining = rules.count
        for (index, hit) in hits.enumerated() {
            let slots: [RuleSlot]
            if hit.entry >= 0 {
                slots = entrySlots[Int(hit.entry)]
            } else if hit.age >= 0 && hit.age < 18 {
                slots = hit.entry == Self.selfAgeHit ? selfMinorAgeSlots : minorAgeSlots
            } else {
                continue
            }
            for slot in slots where fired[slot.rule] == nil {
                let base = ruleSlotBase[slot.rule]
                latest[base &+ slot.group] = index
                let groups = ruleGroupCount[slot.rule]
                let window = ruleWindow[slot.rule]
                var complete = true
                for g in 0..<groups {
                    let w = latest[base &+ g]
                    if w < 0 || Int(hit.endToken) - Int(hits[w].startToken) > window {
                        complete = false
                        break
                    }
                }
                if complete {
                    fired[slot.rule] = (0..<groups).map { latest[base &+ $0] }
                    remaining -= 1
                }
            }
            if remaining == 0 { break }
        }
        return fired
    }

    // MARK: - Results

    private func makeResult(_ scan: Scan, _ bytes: UnsafeBufferPointer<UInt8>) -> TextCheckResult {
        let normalized = scan.normalized
        let entries = lexicon.entries
        func span(_ hit: Hit) -> (Int, Int, String) {
            let start = Int(normalized.starts[Int(hit.start)])
            let end = Int(normalized.ends[Int(hit.end)])
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)]), as: UTF8.self)
            return (start, end, text)
        }
        func match(_ hit: Hit) -> TextMatch {
            let (start, end, text) = span(hit)
            if hit.entry < 0 {
                let category: TextCategory = hit.age >= 18 ? TextCategory("age_adult")
                    : hit.entry == Self.selfAgeHit ? .selfAgeUnder18 : .ageUnder18
                return TextMatch(category: category, term: String(hit.age), language: "*", strength: .strong,
                                 start: start, end: end, text: text)
            }
            let entry = entries[Int(hit.entry)]
            return TextMatch(category: entry.category, term: entry.term, language: entry.language,
                             strength: entry.strength, start: start, end: end, text: text)
        }
        var categories = Set<TextCategory>()
        var languages = Set<String>()
        var matches: [TextMatch] = []
        var ages: [AgeMention] = []
        for hit in scan.hits {
            if hit.entry < 0 {
                let (start, end, text) = span(hit)
                ages.append(AgeMention(years: Int(hit.age), start: start, end: end, text: text,
                                       isWritersOwn: hit.entry == Self.selfAgeHit))
                if hit.age < 18 { categories.insert(hit.entry == Self.selfAgeHit ? .selfAgeUnder18 : .ageUnder18) }
            } else {
                if entryKind[Int(hit.entry)] >= EntryKind.unitAfter { continue }
                let entry = entries[Int(hit.entry)]
                categories.insert(entry.category)
                if entry.language != "*" { languages.insert(entry.language) }
            }
            if matches.count < configuration.maximumReportedMatches { matches.append(match(hit)) }
        }
        var reasons: [Reason] = []
        var firedRules: [FiredRule] = []
        for (r, witnesses) in scan.fired.enumerated() {
            guard let witnesses else { continue }
            let rule = rules[r]
            let spans = witnesses.map { match(scan.hits[$0]) }
            let ruleCategories = Array(Set(spans.map(\.category))).sorted()
            firedRules.append(FiredRule(id: rule.id, name: rule.name, class: rule.class, verdict: rule.verdict,
                                        deterrence: rule.deterrence, categories: ruleCategories, spans: spans))
            var details: [String: String] = [
                "class": rule.class,
                "categories": ruleCategories.map(\.rawValue).joined(separator: ","),
                "spans": spans.map { "\($0.start)-\($0.end)" }.joined(separator: ","),
            ]
            if let window = rule.window { details["window"] = String(window) }
            reasons.append(Reason(code: "text.\(rule.name)", verdict: rule.verdict, message: rule.message,
                                  source: rule.id, details: details))
        }
        let reportable = scan.hits.filter { $0.entry < 0 || entryKind[Int($0.entry)] < EntryKind.unitAfter }.count
        return TextCheckResult(
            decision: Decision(reasons: reasons),
            categories: categories.sorted(),
            ruleIDs: firedRules.map(\.id),
            firedRules: firedRules,
            matches: matches,
            matchesTruncated: reportable > configuration.maximumReportedMatches,
            ages: ages,
            languages: languages.sorted(),
            inputBytes: bytes.count,
            invalidUTF8Bytes: normalized.invalidBytes,
            controlCharacters: normalized.controlCharacters)
    }
}
