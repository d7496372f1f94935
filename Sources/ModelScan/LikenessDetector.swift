/// Finds adapters trained around one personal name: a capitalised name token that the
/// output name, dataset folder or trigger phrase carries and that most training captions tag.
///
/// It cannot tell a real person from a fictional character, so it asks for review rather
/// than blocking: a reviewer decides whether the name is a real person's.
public enum LikenessDetector {
    /// A likeness signal: the name token and the evidence for it.
    public struct Signal: Sendable, Hashable, Codable {
        /// The name token, as first seen capitalised.
        public var name: String
        /// Share of training images whose tags contain it (0...1), or nil without tag data.
        public var tagShare: Double?
        /// Where it appears: `output name`, `dataset folder`, `trigger phrase`, `tags`.
        public var sources: [String]
    }

    /// Generic words that are capitalised in names of styles and concepts, not of people.
    static let stopWords: Set<String> = [
        "lora", "lycoris", "locon", "loha", "lokr", "dora", "style", "model", "version", "final", "sdxl", "flux", "pony",
        "person", "woman", "man", "girl", "boy", "character", "concept", "photo", "photograph", "realistic", "portrait",
        "face", "body", "anime", "art", "artist", "detailed", "detail", "quality", "best", "masterpiece", "high", "highres",
        "solo", "looking", "viewer", "smile", "hair", "eyes", "black", "brown", "blonde", "long", "short", "white", "red",
        "blue", "green", "shirt", "dress", "background", "simple", "upper", "indoors", "outdoors", "closeup", "lips",
        "nose", "teeth", "trained", "training", "dataset", "images", "image", "train", "epoch", "step", "steps", "last",
        "test", "new", "old", "the", "and", "with", "from", "for", "lighting", "light", "dark", "cinematic", "film",
        "slider", "helper", "tweaker", "enhancer", "xl", "sd", "v1", "v2", "beta", "alpha", "init", "base",
        "sample", "dir", "folder", "tag", "tags", "output", "outputs", "lowres", "upscale",
    ]

    /// The dominant name token, if the metadata centres on one.
    public static func detect(_ training: TrainingMetadata, policy: LikenessPolicy) -> Signal? {
        var capitalised: [String: String] = [:]
        var sources: [String: Set<String>] = [:]
        // Tokens seen in a run of two or three capitalised significant words, as a first and last
        // name are written ("Jane Doe", "JaneDoe_v2"); single words and lowercase phrases are not enough.
        var nameLike = Set<String>()
        func markNameLike(_ text: String) {
            let significant = words(text).filter { $0.count >= 2 && !stopWords.contains($0.lowercased()) }
            guard (2...3).contains(significant.count), significant.allSatisfy({ $0.first?.isUppercase == true }) else { return }
            nameLike.formUnion(significant.map { $0.lowercased() })
        }
        func collect(_ text: String, source: String) {
            markNameLike(text)
            for word in words(text) {
                let key = word.lowercased()
                guard key.count >= 3, !stopWords.contains(key) else { continue }
                if let first = word.first, first.isUppercase, capitalised[key] == nil { capitalised[key] = word }
                sources[key, default: []].insert(source)
            }
        }
        if let output = training.outputName { collect(output, source: "output name") }
        for dir in training.datasetDirectories { collect(stripRepeatPrefix(dir), source: "dataset folder") }
        if let trigger = training.modelSpec["trigger_phrase"] { collect(trigger, source: "trigger phrase") }
        if let title = training.modelSpec["title"] { collect(title, source: "title") }

        let totals = training.tagTotals
        let imageCount = max(training.trainImageCount ?? 0, totals.first?.count ?? 0)
        var shares: [String: Double] = [:]
        if imageCount > 0 {
            for (tag, count) in totals.prefix(5_000) {
                let tagWords = words(tag)
                guard (1...3).contains(tagWords.count) else { continue }
                markNameLike(tag)
                for word in tagWords {
                    let key = word.lowercased()
                    guard key.count >= 3, !stopWords.contains(key) else { continue }
                    if let first = word.first, first.isUppercase, capitalised[key] == nil { capitalised[key] = word }
                    shares[key] = max(shares[key] ?? 0, Double(count) / Double(imageCount))
                }
            }
        }

        var best: Signal?
        for (key, where_) in sources {
            guard let display = capitalised[key], nameLike.contains(key) else { continue }
            let share = shares[key]
            let strongTags = (share ?? 0) >= policy.minimumTagShare
            let namedTwice = where_.count >= 2
            guard strongTags || (share == nil && namedTwice) else { continue }
            var all = where_.sorted()
            if strongTags { all.append("tags") }
            let candidate = Signal(name: display, tagShare: share, sources: all)
            if let current = best, (current.tagShare ?? 0, current.sources.count) >= (candidate.tagShare ?? 0, candidate.sources.count) { continue }
            best = candidate
        }
        return best
    }

    /// kohya folder names start with the repeat count: `10_jane doe` -> `jane doe`.
    static func stripRepeatPrefix(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        guard let underscore = last.firstIndex(of: "_"), last[..<underscore].allSatisfy(\.isNumber) else { return last }
        return String(last[last.index(after: underscore)...])
    }

    /// Letter runs, with camelCase split (`JaneDoe` -> `Jane`, `Doe`).
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text {
            let isLetter: Bool
            if let ascii = ch.asciiValue {
                isLetter = (ascii >= 0x41 && ascii <= 0x5a) || (ascii >= 0x61 && ascii <= 0x7a)
            } else {
                isLetter = ch.isLetter
            }
            if isLetter {
                if ch.isUppercase, let last = current.last, last.isLowercase {
                    out.append(current)
                    current = ""
                }
                current.append(ch)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
